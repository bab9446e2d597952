"""MXNet's underscore operators that user code reaches through `mx.nd._internal` (scalar and element-wise
arithmetic such as `_plus_scalar`/`_mul`, and the functional slice assignment `_slice_assign`/`_crop_assign`)."""
import ast
import builtins

import numpy as np
import torch

from ..base import MXNetError
from ._args import as_bool
from .ndarray import NDArray, tensor_of, wrap, _binary_tensor, _check_binary, _scalar_for
from .register import mxop

_SCALAR = {"plus": "add", "minus": "sub", "mul": "mul", "div": "div", "mod": "mod", "power": "power",
           "maximum": "maximum", "minimum": "minimum", "equal": "equal", "not_equal": "not_equal",
           "greater": "greater", "greater_equal": "greater_equal", "lesser": "lesser",
           "lesser_equal": "lesser_equal"}
_REVERSED = {"rminus": "__rsub__", "rdiv": "__rtruediv__", "rmod": "__rmod__", "rpower": "__rpow__"}


def _scalar_op(mxname, binop):
    def op(data, scalar=1.0, is_int=True):  # pylint: disable=unused-argument
        # `is_int` only picks the output dtype in MXNet's numpy mode; legacy arrays keep their dtype.
        as_bool(is_int)
        if not isinstance(data, NDArray):
            raise MXNetError(f"{mxname}: data must be an NDArray, got {type(data).__name__}")
        return data._bin(float(scalar), binop)
    op.__name__ = mxname
    op.__doc__ = f"`data {binop} scalar` (the scalar cast to data's dtype first)."
    return mxop(mxname)(op)


def _rscalar_op(mxname, method):
    def op(data, scalar=1.0, is_int=True):  # pylint: disable=unused-argument
        as_bool(is_int)
        if not isinstance(data, NDArray):
            raise MXNetError(f"{mxname}: data must be an NDArray, got {type(data).__name__}")
        return getattr(data, method)(float(scalar))
    op.__name__ = mxname
    op.__doc__ = "`scalar op data` (the scalar cast to data's dtype first)."
    return mxop(mxname)(op)


def _elemwise_op(mxname, binop):
    def op(lhs, rhs):
        a, b = tensor_of(lhs), tensor_of(rhs)
        if a.shape != b.shape:
            raise MXNetError(f"{mxname}: shapes must be equal, got {tuple(a.shape)} and {tuple(b.shape)}")
        _check_binary(a, b, mxname)
        return wrap(_binary_tensor(binop, a, b))
    op.__name__ = mxname
    op.__doc__ = f"Element-wise `{binop}` of two arrays of the same shape."
    return mxop(mxname)(op)


for _n, _b in _SCALAR.items():
    globals()[f"_{_n}_scalar"] = _scalar_op(f"_{_n}_scalar", _b)
    globals()[f"_{_n}"] = _elemwise_op(f"_{_n}", _b)
for _n, _m in _REVERSED.items():
    globals()[f"_{_n}_scalar"] = _rscalar_op(f"_{_n}_scalar", _m)
_sub, _add = globals()["_minus"], globals()["_plus"]  # MXNet's aliases of `_minus` / `_plus`
for _alias, _target in (("_sub", "_minus"), ("_add", "_plus"), ("_Plus", "_plus"), ("_Minus", "_minus"),
                        ("_Mul", "_mul"), ("_Div", "_div"), ("_Mod", "_mod"), ("_Power", "_power"),
                        ("_Maximum", "_maximum"), ("_Minimum", "_minimum")):
    mxop(_alias)(globals()[_target])


_LOGICAL = {"and": torch.logical_and, "or": torch.logical_or, "xor": torch.logical_xor}


def _logical_scalar_op(mxname, fn):
    def op(data, scalar=1.0, is_int=True):  # pylint: disable=unused-argument
        as_bool(is_int)
        if not isinstance(data, NDArray):
            raise MXNetError(f"{mxname}: data must be an NDArray, got {type(data).__name__}")
        t = tensor_of(data)
        if t.dtype is torch.bool:  # MXNet's scalar operators compute bool arrays in int64
            t = t.long()
        s = _scalar_for(t, float(scalar))  # the scalar cast to the array's dtype first (0.5 -> 0 for ints)
        return wrap(fn(t, torch.tensor(s != 0, device=t.device)).to(t.dtype))
    op.__name__ = mxname
    op.__doc__ = "1 where `data` and `scalar` (both read as truth values) satisfy the logical operator, else 0."
    return mxop(mxname)(op)


def _logical_elemwise_op(mxname, fn):
    def op(lhs, rhs):
        a, b = tensor_of(lhs), tensor_of(rhs)
        if a.dtype is torch.bool:
            raise MXNetError(f"Operator {mxname} does not support boolean type")
        if a.shape != b.shape:
            raise MXNetError(f"{mxname}: Incompatible attr in node at 1-th input: expected {list(a.shape)}, "
                             f"got {list(b.shape)}")
        _check_binary(a, b, mxname)
        return wrap(fn(a, b).to(a.dtype))
    op.__name__ = mxname
    op.__doc__ = "1 where both arrays (read as truth values) satisfy the logical operator, else 0."
    return mxop(mxname)(op)


for _n, _f in _LOGICAL.items():
    globals()[f"_logical_{_n}_scalar"] = _logical_scalar_op(f"_logical_{_n}_scalar", _f)
    globals()[f"_logical_{_n}"] = _logical_elemwise_op(f"_logical_{_n}", _f)


@mxop("_hypot")
def _hypot(lhs, rhs):
    """Element-wise `sqrt(lhs**2 + rhs**2)` of two arrays of the same shape."""
    a, b = tensor_of(lhs), tensor_of(rhs)
    if a.shape != b.shape:
        raise MXNetError(f"_hypot: shapes must be equal, got {tuple(a.shape)} and {tuple(b.shape)}")
    from .ops_math import broadcast_hypot
    return broadcast_hypot(lhs, rhs)


@mxop("_hypot_scalar")
def _hypot_scalar(data, scalar=1.0, is_int=True):
    """`sqrt(data**2 + scalar**2)` (the scalar cast to data's dtype first)."""
    as_bool(is_int)
    if not isinstance(data, NDArray):
        raise MXNetError(f"_hypot_scalar: data must be an NDArray, got {type(data).__name__}")
    t = tensor_of(data)
    s = _scalar_for(t, float(scalar))
    return wrap(torch.hypot(t, torch.full_like(t, s)) if t.is_floating_point()
                else torch.sqrt((t * t + s * s).double()).to(t.dtype))


def _region(t, begin, end, step, opname):
    begin, end = as_tuple_none(begin), as_tuple_none(end)
    step = as_tuple_none(step) if step not in (None, ()) else (None,) * len(begin)
    if len(begin) != len(end) or len(step) != len(begin) or len(begin) > t.dim():
        raise MXNetError(f"{opname}: begin, end and step must have the same length, at most the array's ndim")
    return tuple(builtins.slice(b, e, s) for b, e, s in zip(begin, end, step))


def as_tuple_none(v):
    """A begin/end/step tuple that may hold None entries (or the string form MXNet accepts)."""
    if isinstance(v, str):
        v = ast.literal_eval(v)
    if isinstance(v, (int, np.integer)):
        v = (v,)
    return tuple(None if x is None else int(x) for x in v)


@mxop("_slice_assign", "_crop_assign")
def _slice_assign(lhs, rhs, begin, end, step=()):
    """A copy of `lhs` whose region `begin:end:step` holds `rhs`."""
    t = tensor_of(lhs).clone()
    key = _region(t, begin, end, step, "_slice_assign")
    v = tensor_of(rhs)
    if tuple(t[key].shape) != tuple(v.shape):
        raise MXNetError(f"_slice_assign: rhs shape {tuple(v.shape)} does not match the region "
                         f"{tuple(t[key].shape)}")
    t[key] = v.to(t.dtype)
    return wrap(t)


@mxop("_slice_assign_scalar", "_crop_assign_scalar")
def _slice_assign_scalar(data, scalar=0.0, begin=(), end=(), step=()):
    """A copy of `data` whose region `begin:end:step` is filled with `scalar`."""
    t = tensor_of(data).clone()
    key = _region(t, begin, end, step, "_slice_assign_scalar")
    t[key] = _scalar_for(t, scalar)
    return wrap(t)


@mxop("_split_v2")
def _split_v2(data, indices=(), axis=0, squeeze_axis=False, sections=0):
    """MXNet's `_split_v2` operator (behind `sym.split_v2`): `sections` equal parts when > 0, else parts
    starting at `indices` (whose first entry is 0)."""
    from .ops_index import split_v2
    sections = int(sections)
    if sections > 0:
        parts = split_v2(data, sections, axis=axis, squeeze_axis=squeeze_axis)
    else:
        starts = tuple(int(i) for i in (indices if isinstance(indices, (list, tuple)) else [indices]))
        if not starts:
            raise MXNetError("_split_v2: needs sections > 0 or a non-empty indices")
        parts = split_v2(data, starts[1:], axis=axis, squeeze_axis=squeeze_axis)
    return parts if isinstance(parts, list) else [parts]
