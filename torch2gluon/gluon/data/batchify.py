"""`gluon.data.batchify`: batchify functions for `DataLoader(batchify_fn=...)`.

MXNet 1.9.1 has no `gluon.data.batchify` (it arrived in MXNet 2.x; 1.x users took it from GluonNLP).
This module follows MXNet 2.x's classes (Stack, Pad, Append, Group, AsList) and their behaviour in
legacy (non-numpy) mode; `Pad` also takes GluonNLP's keyword arguments `axis`, `pad_val` and
`ret_length` (pad one axis only, return the original lengths as an int32 NDArray).
"""
import math
import warnings

import numpy as np

from ... import ndarray as nd
from ...ndarray.ndarray import NDArray
from .dataloader import _SHARED, _to_ctx

__all__ = ["Stack", "Pad", "Append", "Group", "AsList"]


def _shared(x, use_shared_mem):
    return _to_ctx(x, _SHARED) if use_shared_mem else x


class Stack:
    """Stack same-shaped samples into one batch (list/tuple samples: one batch per field, as a list)."""

    def __init__(self, use_shared_mem=False):
        self._use_shared_mem = use_shared_mem

    def __call__(self, data):
        """Batchify a list of samples."""
        first = data[0]
        if isinstance(first, NDArray):
            return _shared(nd.stack(*data), self._use_shared_mem)
        if isinstance(first, (tuple, list)):
            return [self(list(field)) for field in zip(*data)]
        arr = np.asarray(data)
        return _shared(nd.array(arr, dtype=arr.dtype), self._use_shared_mem)


def _as_numpy(arrs, dtype):
    """(numpy arrays, output dtype) for NDArray / numpy / list samples, as MXNet 2.x's Pad picks them."""
    if isinstance(arrs[0], NDArray):
        return [a.asnumpy() for a in arrs], (arrs[0].dtype if dtype is None else dtype)
    if not isinstance(arrs[0], np.ndarray):
        arrs = [np.asarray(a) for a in arrs]
        return arrs, (arrs[0][0].dtype if dtype is None else dtype)
    return arrs, (arrs[0].dtype if dtype is None else dtype)


def _padded_shape(arrs, axes, round_to):
    shape = list(arrs[0].shape)
    for ax in axes:
        size = max(a.shape[ax] for a in arrs)
        if round_to is not None:
            size = round_to * math.ceil(size / round_to)
        shape[ax] = size
    return (len(arrs),) + tuple(shape)


class Pad:
    """Pad samples with `val` to the largest size on every axis (or only `axis`) and stack them."""

    def __init__(self, val=None, dtype=None, round_to=None, use_shared_mem=False, *, axis=None, pad_val=None,
                 ret_length=False):
        if val is not None and pad_val is not None:
            raise ValueError("Pad: give the padding value as `val` or as `pad_val`, not both")
        if axis is not None and not isinstance(axis, int):
            raise TypeError(f"axis must be an integer! Received axis={axis}, type={type(axis)}.")
        value = val if val is not None else pad_val
        self._pad_val = 0 if value is None else value
        self._dtype = dtype
        self._round_to = round_to
        self._use_shared_mem = use_shared_mem
        self._axis = axis
        self._ret_length = ret_length
        self._warned = False

    def __call__(self, data):
        """Pad and stack a list of samples (NDArrays, numpy arrays or lists of numbers)."""
        if isinstance(data[0], NDArray) and not self._warned:
            self._warned = True
            warnings.warn("Using Pad with NDArrays is discouraged for speed reasons. Instead you should pad "
                          "your data while it is still a list and before converting to an NDArray. "
                          "Alternatively you can consider inputting a numpy.ndarray.")
        if not isinstance(data[0], (NDArray, np.ndarray, list)):
            raise NotImplementedError("Pad() does not support multiple items, use Group(Pad(), Pad(), ...) instead")
        arrs, dtype = _as_numpy(data, self._dtype)
        ndim = arrs[0].ndim
        axis = None if self._axis is None else self._axis % max(ndim, 1)
        axes = range(ndim) if axis is None else (axis,)
        shape = _padded_shape(arrs, axes, self._round_to)
        ret = np.full(shape, self._pad_val, dtype=dtype)
        for i, a in enumerate(arrs):
            if a.shape == shape[1:]:
                ret[i] = a
                continue
            if a.ndim != ndim:
                raise ValueError(f"Pad: sample {i} has {a.ndim} dimensions, sample 0 has {ndim}")
            if axis is None:
                if 0 in a.shape:
                    raise AssertionError(f"Pad: sample {i} of shape {a.shape} is empty along an axis")
                ret[(i,) + tuple(slice(0, n) for n in a.shape)] = a
                continue
            if any(n != m for k, (n, m) in enumerate(zip(a.shape, shape[1:])) if k != axis):
                raise ValueError(f"Pad: sample {i} has shape {a.shape}, but only axis {axis} may differ "
                                 f"from {shape[1:]}")
            ret[(i,) + tuple(slice(0, n) if k == axis else slice(None) for k, n in enumerate(a.shape))] = a
        out = _shared(nd.array(ret, dtype=dtype), self._use_shared_mem)
        if not self._ret_length:
            return out
        lengths = [a.shape[axis if axis is not None else 0] for a in arrs]
        return out, _shared(nd.array(lengths, dtype=np.int32), self._use_shared_mem)


class Append:
    """Keep samples separate: a list of NDArrays, each with a batch axis of 1 added when `expand`."""

    def __init__(self, expand=True, batch_axis=0, use_shared_mem=False):
        self._expand = expand
        self._batch_axis = batch_axis
        self._use_shared_mem = use_shared_mem

    def __call__(self, data):
        """Batchify a list of samples into a list of NDArrays."""
        if isinstance(data[0], NDArray):
            out = list(data)
        else:
            out = [nd.array(x) for x in data]
        if self._expand:
            out = [x.expand_dims(axis=self._batch_axis) for x in out]
        return _to_ctx(out, _SHARED) if self._use_shared_mem else out


class Group:
    """Apply the i-th batchify function to the i-th field of every sample; returns a tuple."""

    def __init__(self, fn, *args):
        if isinstance(fn, (list, tuple)):
            if args:
                raise ValueError("Input pattern not understood. The input of Group can be Group(A, B, C) or "
                                 f"Group([A, B, C]) or Group((A, B, C)). Received fn={fn}, args={args}")
            self._fn = fn
        else:
            self._fn = (fn,) + args
        for i, f in enumerate(self._fn):
            if not callable(f):
                raise TypeError(f"Batchify functions must be callable! type(fn[{i}]) = {type(f)}")

    def __call__(self, data):
        """Batchify each field of the samples with its function."""
        if len(data[0]) != len(self._fn):
            raise AssertionError(f"The number of attributes in each data sample should contains "
                                 f"{len(self._fn)} elements")
        return tuple(f([sample[i] for sample in data]) for i, f in enumerate(self._fn))


class AsList:
    """Return the samples as a plain list (e.g. strings next to a Stack in a Group)."""

    def __call__(self, data):
        """The samples, as a list."""
        return list(data)
