"""Saving and loading in numpy mode: `npx.save` / `npx.load` (MXNet's binary container with V3, np-shape
records) and `mx.np.genfromtxt`.

`npx.save(file, arr)` takes an `mx.np.ndarray`, a list of them or a dict str -> ndarray and needs numpy
semantics on (`npx.set_np()`), as MXNet; its records are V3 (magic 0xF993FACA: 0-d arrays and zero-size
shapes are real shapes), byte-identical to MXNet's. `npx.load(file)` gives `mx.np.ndarray`s (a list, or a
dict when names were saved); V2 files (legacy `nd.save`) refuse to load in np shape semantics, as in MXNet.
`nd.save` refuses `mx.np.ndarray`s and writes V3 records when np shape semantics are on; `nd.load` reads V3
records (as legacy NDArrays) only in np shape semantics.
"""
import numpy as onp

from ..ndarray.utils import read_file, write_file
from ..util import is_np_array, is_np_shape
from ._wrap import np_class, wrap_np

__all__ = ["save", "load", "genfromtxt"]


def save(file, arr):
    """Save an `mx.np.ndarray`, a list of them or a dict str -> ndarray to `file` (numpy semantics required)."""
    if not (is_np_shape() and is_np_array()):
        raise ValueError("Cannot save `mxnet.numpy.ndarray` in legacy mode. Please activate numpy semantics by "
                         "calling `npx.set_np()` in the global scope before calling this function.")
    cls = np_class()
    if isinstance(arr, cls):
        arr = [arr]
    if isinstance(arr, dict):
        names, arrays = list(arr.keys()), list(arr.values())
        if any(not isinstance(k, str) for k in names) or any(not isinstance(v, cls) for v in arrays):
            raise TypeError("Only accepts dict str->ndarray or list of ndarrays")
    elif isinstance(arr, list):
        names, arrays = [], arr
        if any(not isinstance(v, cls) for v in arrays):
            raise TypeError("Only accepts dict str->ndarray or list of ndarrays")
    else:
        raise ValueError("data needs to either be a ndarray, dict of (str, ndarray) pairs or a list of ndarrays.")
    write_file(file, arrays, names)


def load(file):
    """Load `mx.np.ndarray`s saved by `npx.save` (here or by MXNet): a list, or a dict if names were saved."""
    if not (is_np_shape() and is_np_array()):
        raise ValueError("Cannot load `mxnet.numpy.ndarray` in legacy mode. Please activate numpy semantics by "
                         "calling `npx.set_np()` in the global scope before calling this function.")
    if not isinstance(file, str):
        raise TypeError("file required to be a string")
    tensors, names = read_file(file)
    for t in tensors:
        if not hasattr(t, "dim"):
            raise NotImplementedError(f"npx.load: {file!r} holds a sparse array; mx.np arrays are dense only")
    arrays = [wrap_np(t) for t in tensors]
    if names:
        return dict(zip(names, arrays))
    return arrays


def genfromtxt(*args, **kwargs):
    """`numpy.genfromtxt` as an `mx.np.ndarray` (same dtype) on `ctx` (a keyword; default: current context)."""
    from ..context import current_context
    from ..ndarray.creation import _device
    from ..context import tag_for
    import torch
    ctx = kwargs.pop("ctx", None)
    c = _device(ctx if ctx is not None else current_context())
    ret = onp.genfromtxt(*args, **kwargs)
    return wrap_np(torch.from_numpy(onp.ascontiguousarray(ret).copy()).to(c.torch_device), tag_for(c))
