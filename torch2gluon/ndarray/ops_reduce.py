"""Reductions: sum, mean, prod, max, min, norm, argmax, argmin; sort, argsort, topk (MXNet shapes and dtypes)."""
import os

import numpy as np
import torch

from ..base import MXNetError
from ..base import torch_dtype
from ._args import as_axes, as_axis, as_bool, as_tuple
from .ndarray import tensor_of, wrap
from .register import mxop
from ._state import STATE
from . import _tie_grad
from ._nondiff import zero_grad_op
from ._topk_fast import stable_topk
from ._stl_sort import mx_tie_order


def _finish(out, keepdims):
    """MXNet returns shape (1,) for a full reduction without keepdims."""
    if out.dim() == 0:
        out = out.reshape(1)
    return wrap(out)


_FLOATING = (torch.float32, torch.float64, torch.float16, torch.bfloat16)  # t.is_floating_point()


def _reduce(name, fn, float_axis=None):
    """The operator `name` over `fn(t, axes, keepdims)`; `float_axis(t, axis, keepdims)`, if given, is a cheaper
    equivalent of `fn` for one int axis of a floating-point array (the hot path)."""
    def op(data, axis=None, keepdims=False, exclude=False):
        t = data._t  # tensor_of, inlined
        if t.requires_grad and not STATE.recording:
            t = t.detach()
        if type(axis) is int and exclude is False and (keepdims is False or keepdims is True):
            nd_ = t.dim()
            if -nd_ <= axis < nd_:  # fast path: one int axis (out of range falls through to the error)
                if float_axis is not None and t.dtype in _FLOATING:
                    out = float_axis(t, axis, keepdims)
                    return wrap(out if keepdims or nd_ > 1 else out.reshape(1))  # _finish without out.dim()
                return _finish(fn(t, (axis % nd_,), keepdims), keepdims)
        elif type(axis) is int and exclude is True and (keepdims is False or keepdims is True):
            nd_ = t.dim()
            if -nd_ <= axis < nd_ and nd_ > 1:  # every axis but one (a loss's per-sample mean)
                a = axis % nd_
                return _finish(fn(t, tuple(i for i in range(nd_) if i != a), keepdims), keepdims)
        if axis is not None and not isinstance(axis, int):
            axis = as_tuple(axis)  # a string, a numpy integer, a list
            if len(axis) == 0:
                axis = None  # MXNet: an empty axis tuple reduces everything, even with exclude
        if axis is None:
            exclude = False  # MXNet: no axis reduces everything, even with exclude
        axes = as_axes(axis, t.dim(), as_bool(exclude), name)
        keep = as_bool(keepdims)
        if not axes:
            return wrap(t.clone())
        return _finish(fn(t, axes, keep), keep)
    op.__name__ = name
    op.__doc__ = f"`{name}` over `axis` (all axes by default; `exclude=True` reduces the others)."
    return op


def _sum(t, axes, keep):
    if t.is_floating_point():
        return torch.sum(t, axes, keep)
    return torch.sum(t, dim=axes, keepdim=keep, dtype=t.dtype)  # MXNet keeps int32/uint8 sums in dtype


def _mean(t, axes, keep):
    if t.is_floating_point():
        return torch.mean(t, dim=axes, keepdim=keep)
    if t.dtype is torch.bool:  # MXNet divides the bool sum by the count cast to bool (True): the sum itself
        return _sum(t, axes, keep)
    n = 1
    for a in axes:
        n *= t.shape[a]
    return torch.div(torch.sum(t, dim=axes, keepdim=keep, dtype=t.dtype), n, rounding_mode="trunc")


def _prod(t, axes, keep):
    out = t
    for a in sorted(axes, reverse=True):
        out = torch.prod(out, dim=a, keepdim=keep, dtype=t.dtype)
    return out


def _amax(t, axes, keep):
    return _tie_grad.amax(t, axes, keep)


def _amin(t, axes, keep):
    return _tie_grad.amin(t, axes, keep)


def _nansum(t, axes, keep):
    if not t.is_floating_point():  # no NaN in integers or bool: MXNet's sum (in the input's dtype)
        return _sum(t, axes, keep)
    return torch.nansum(t, dim=axes, keepdim=keep)


def _nanprod(t, axes, keep):
    return _prod(torch.where(torch.isnan(t), torch.ones_like(t), t), axes, keep)


sum = mxop("sum", "sum_axis")(_reduce("sum", _sum, torch.Tensor.sum))  # noqa: A001
mean = mxop("mean")(_reduce("mean", _mean, torch.Tensor.mean))
prod = mxop("prod")(_reduce("prod", _prod))
max = mxop("max", "max_axis")(_reduce("max", _amax))  # noqa: A001
min = mxop("min", "min_axis")(_reduce("min", _amin))  # noqa: A001
nansum = mxop("nansum")(_reduce("nansum", _nansum))
nanprod = mxop("nanprod")(_reduce("nanprod", _nanprod))
sum_axis, max_axis, min_axis = sum, max, min


def _argreduce(name, fn):
    def op(data, axis=None, keepdims=False):
        t = tensor_of(data)
        keep = as_bool(keepdims)
        if axis is None:
            idx = fn(t.reshape(-1), dim=0)
            return wrap(idx.to(t.dtype).reshape((1,) * t.dim() if keep else (1,)))
        ax = as_axes(axis, t.dim(), False, name)
        if len(ax) != 1:
            raise MXNetError(f"{name}: axis must be a single integer")
        idx = fn(t, dim=ax[0], keepdim=keep)
        return _finish(idx.to(t.dtype), keep)
    op.__name__ = name
    op.__doc__ = f"Indices of the {name[3:]} along `axis`, in the input's dtype (as MXNet returns them)."
    return op


argmax = mxop("argmax")(zero_grad_op(_argreduce("argmax", torch.argmax)))
argmin = mxop("argmin")(zero_grad_op(_argreduce("argmin", torch.argmin)))


@mxop("argmax_channel")
def argmax_channel(data):
    """argmax over axis 1 (the channels of an NCHW batch), in the input's dtype."""
    t = tensor_of(data)
    if t.dim() < 2:
        raise MXNetError(f"argmax_channel: axis 1 exceeds the input dimension of {t.dim()}")
    return argmax(data, axis=1)


_NORM_OUT_DTYPES = ("float16", "float32", "float64", "int32", "int64", "int8")


@mxop("norm")
def norm(data, ord=2, axis=None, out_dtype=None, keepdims=False):
    """The L1 or L2 norm over `axis` (all elements by default)."""
    if ord not in (1, 2):
        raise MXNetError(f"norm: ord must be 1 or 2, got {ord}")
    if out_dtype is not None and str(out_dtype) == "None":
        out_dtype = None
    if out_dtype is not None and str(out_dtype) not in _NORM_OUT_DTYPES:  # MXNet's enum parameter (strings only)
        raise MXNetError(f"Invalid Input: '{out_dtype}', valid values are: {{None, 'float16', 'float32', "
                         f"'float64', 'int32', 'int64', 'int8'}}, in operator norm(out_dtype=\"{out_dtype}\")")
    t = tensor_of(data)
    cast = None
    if out_dtype is not None and torch_dtype(str(out_dtype)) is not t.dtype:
        if not _safe_accumulation():
            raise MXNetError(f"norm: TBlob.get_with_shape: data type do not match specified type (an out_dtype "
                             f"other than the input's {t.dtype} needs MXNET_SAFE_ACCUMULATION=1)")
        cast = torch_dtype(str(out_dtype))
        if t.is_floating_point() and cast.is_floating_point and cast.itemsize > t.dtype.itemsize:
            t = t.to(cast)  # accumulated in the wider output type
        elif t.dtype is torch.float16:  # safe accumulation sums float16 in float32
            t = t.float()
    keep = as_bool(keepdims)
    axes = as_axes(axis, t.dim(), False, "norm")
    if t.dtype is torch.bool:  # MXNet's bool norm stays bool: True where any element is
        out = _sum(t, axes, keep)
    elif ord == 1:
        out = torch.sum(torch.abs(t), dim=axes, keepdim=keep, dtype=t.dtype)
    elif t.is_floating_point():
        out = torch.linalg.vector_norm(t, 2, dim=axes, keepdim=keep)
    else:
        out = _int_nrm2(t, axes, keep)
    if cast is not None:
        out = out.to(cast)
    return _finish(out, keep)


def _safe_accumulation():
    """MXNet's MXNET_SAFE_ACCUMULATION switch (read at each call, as MXNet does)."""
    return os.environ.get("MXNET_SAFE_ACCUMULATION", "0").strip().lower() in ("1", "true")


def _int_nrm2(t, axes, keep):
    """MXNet's integer L2 norm: its scaled reducer run element by element in the integer dtype.

    Each step keeps `scale` (largest |x| so far) and `ssq`, with integer division, so the result is
    truncated, e.g. norm([3, 4]) == 4; the end value is trunc(scale * sqrtf(ssq))."""
    red = sorted(set(a % t.dim() for a in axes)) if t.dim() else []
    rest = [d for d in range(t.dim()) if d not in red]
    v = t.permute(rest + red).reshape([t.shape[d] for d in rest] + [-1])
    scale = torch.zeros(v.shape[:-1], dtype=t.dtype, device=t.device)
    ssq = torch.zeros_like(scale)
    one = torch.ones((), dtype=t.dtype, device=t.device)
    for i in range(v.shape[-1]):
        a = v[..., i].abs()
        nz = a != 0
        grow = nz & (scale < a)
        r1 = torch.div(scale, torch.where(nz, a, one), rounding_mode="trunc")
        r2 = torch.div(a, torch.where(scale != 0, scale, one), rounding_mode="trunc")
        ssq = torch.where(grow, 1 + ssq * r1 * r1, torch.where(nz, ssq + r2 * r2, ssq))
        scale = torch.where(grow, a, scale)
    out = (scale.double() * torch.sqrt(ssq.float()).double()).trunc().to(t.dtype)
    if keep:
        out = out.reshape([1 if d in red else t.shape[d] for d in range(t.dim())])
    return out


def _no_half_on_cpu(t):
    if t.dtype is torch.float16 and t.device.type == "cpu":  # MXNet's CPU sort/argsort kernels (topk has one)
        raise MXNetError("This operation does not support float16")
    return t


def _sort_axis(t, axis):
    if axis is None:
        return t.reshape(-1), 0
    return t, as_axis(axis, t.dim(), "sort")


@mxop("sort")
def sort(data, axis=-1, is_ascend=True):
    """Sorted values along `axis` (the flattened array when `axis=None`)."""
    t, ax = _sort_axis(_no_half_on_cpu(tensor_of(data)), axis)
    desc = not as_bool(is_ascend)
    vals, idx = torch.sort(t, dim=ax, descending=desc, stable=True)
    fixed = mx_tie_order(t.detach(), ax, t.shape[ax] if t.dim() else 0, desc, idx) if t.dim() else idx
    return wrap(vals if fixed is idx else torch.gather(t, ax, fixed))


@mxop("argsort")
@zero_grad_op
def argsort(data, axis=-1, is_ascend=True, dtype="float32"):
    """Indices that sort along `axis`, as `dtype` (float32 by default, as in MXNet)."""
    out_dtype = _index_dtype(dtype, "argsort")
    t, ax = _sort_axis(_no_half_on_cpu(tensor_of(data)), axis)
    desc = not as_bool(is_ascend)
    idx = torch.sort(t, dim=ax, descending=desc, stable=True).indices
    if t.dim():  # tied keys: MXNet's std::sort order, not the stable one
        idx = mx_tie_order(t.detach(), ax, t.shape[ax], desc, idx)
    return wrap(idx.to(out_dtype))


_INDEX_DTYPES = ("float16", "float32", "float64", "int32", "int64", "uint8")


def _index_dtype(dtype, opname):
    """The torch dtype of argsort's/topk's indices: MXNet's enum parameter takes these six dtypes only."""
    name = dtype if type(dtype) is str and dtype in _INDEX_DTYPES else np.dtype(dtype).name
    if name not in _INDEX_DTYPES:
        raise MXNetError(f"Invalid Input: '{name}', valid values are: {{'float16', 'float32', 'float64', 'int32', "
                         f"'int64', 'uint8'}}, in operator {opname}(name=\"\", dtype=\"{name}\")")
    return torch_dtype(name)


@mxop("topk")
@zero_grad_op
def topk(data, axis=-1, k=1, ret_typ="indices", is_ascend=False, dtype="float32"):
    """The k largest (smallest with `is_ascend`) along `axis`: 'indices', 'value', 'both' or a 0/1 'mask'."""
    if ret_typ not in ("indices", "value", "both", "mask"):
        raise MXNetError(f"topk: invalid ret_typ {ret_typ!r}; valid values are 'both', 'indices', 'mask', 'value'")
    out_dtype = _index_dtype(dtype, "topk")
    t, ax = _sort_axis(tensor_of(data), axis)
    n = t.shape[ax]
    k = int(k)
    if k < 1:
        k = n
    if k > n:
        raise MXNetError(f"topk: k ({k}) must be at most the size of the axis ({n})")
    desc = not as_bool(is_ascend)
    fast = stable_topk(t, ax, k, desc)
    if fast is not None:
        vals, idx = fast
    else:
        vals, idx = torch.sort(t, dim=ax, descending=desc, stable=True)
        vals, idx = vals.narrow(ax, 0, k), idx.narrow(ax, 0, k)
    fixed = mx_tie_order(t.detach(), ax, k, desc, idx)  # tied keys: std::sort/partial_sort order
    if fixed is not idx:
        vals, idx = torch.gather(t, ax, fixed), fixed
    if ret_typ == "mask":  # same shape as the input, also with axis=None
        return wrap(torch.zeros_like(t).scatter(ax, idx, 1).reshape(tensor_of(data).shape))
    iout = wrap(idx.to(out_dtype))
    if ret_typ == "value":
        return wrap(vals)
    if ret_typ == "both":
        return [wrap(vals), iout]
    return iout
