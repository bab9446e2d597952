"""`mx.np` sorting, searching and selection: sort, argsort, unique, nonzero, where, clip, take."""
import numbers

import numpy as _onp
import torch

from ..base import MXNetError
from ..ndarray._nondiff import link
from ..ndarray.ndarray import NDArray
from ._op_common import need_array, result, tin, is_int, _bad_param, no_bool, known_shape, zero_grad_from
from ..ndarray._int_grad import ShadowFunction
from ..ndarray._stl_sort import mx_tie_order

__all__ = ["sort", "argsort", "unique", "nonzero", "where", "clip", "take"]


def _sort_axis(t, axis, opname):
    no_bool(t)
    if t.dtype == torch.float16:
        raise MXNetError("This operation does not support float16")
    if axis is None:
        return t.reshape(-1), 0
    if not is_int(axis):
        raise _bad_param("axis", "int or None", axis, opname)
    nd = t.dim()
    if not -nd <= axis < nd:
        raise MXNetError(f"{opname}: axis {axis} is out of bounds for array of dimension {nd}")
    return t, int(axis) % nd


def sort(a, axis=-1, kind=None, order=None):
    """A sorted copy of `a` along `axis` (the flattened array when None); `kind` is not used (MXNet)."""
    if order is not None:
        raise NotImplementedError("order not supported here")
    need_array(a)
    t, ax = _sort_axis(tin(a), axis, "_npi_sort")
    vals, idx = torch.sort(t, dim=ax, stable=True)
    if t.dim():  # NaN and signed zeros: placed as MXNet's std::sort places them
        fixed = mx_tie_order(t.detach(), ax, t.shape[ax], False, idx)
        if fixed is not idx:
            vals = torch.gather(t, ax, fixed)
    return result(vals, a)


def argsort(a, axis=-1, kind=None, order=None):
    """The int64 indices that sort `a` along `axis` (the flattened array when None); tied keys in MXNet's CPU
    order (std::sort), whatever `kind` says, as MXNet ignores it."""
    if order is not None:
        raise NotImplementedError("order not supported here")
    need_array(a)
    t, ax = _sort_axis(tin(a), axis, "_npi_argsort")
    idx = torch.argsort(t.detach(), dim=ax, stable=True)
    if t.dim():
        idx = mx_tie_order(t.detach(), ax, t.shape[ax], False, idx)
    return result(idx, a)


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None):
    """The sorted unique elements of `ar` (or unique slices along `axis`), with the optional first indices,
    inverse indices and counts (int64), as a tuple when any is asked for."""
    need_array(ar, "ar", known=False)  # MXNet's unique reads a 0-d array even outside numpy shape mode
    t = tin(ar).detach()
    no_bool(t, t.numel() > 0)
    if axis is None:
        flat = t.reshape(-1)
        vals, inv, counts = torch.unique(flat, sorted=True, return_inverse=True, return_counts=True)
    else:
        if not is_int(axis) or not -max(t.dim(), 1) <= axis < max(t.dim(), 1):
            raise MXNetError(f"_npi_unique: axis {axis} is out of bounds for array of dimension {t.dim()}")
        ax = int(axis) % t.dim()
        vals, inv, counts = torch.unique(t, sorted=True, return_inverse=True, return_counts=True, dim=ax)
    outs = [result(link(vals, [tin(ar)]), ar)]  # MXNet 1.9.1: unique's values have a zero gradient
    if return_index:
        n = inv.shape[0]
        first = torch.full((counts.shape[0],), n, dtype=torch.int64, device=t.device)
        first.scatter_reduce_(0, inv, torch.arange(n, device=t.device), reduce="amin")
        outs.append(result(first, ar))
    if return_inverse:
        outs.append(result(inv.to(torch.int64), ar))
    if return_counts:
        outs.append(result(counts.to(torch.int64), ar))
    for o in outs[1:]:  # the integer outputs are recorded too (zero gradient)
        zero_grad_from([o._t], tin(ar))
    return outs[0] if len(outs) == 1 else tuple(outs)


def nonzero(a):
    """A tuple of int64 index arrays, one per axis, of the non-zero elements (a 0-d array counts as 1-d)."""
    need_array(a, known=False)
    t = tin(a).detach()
    if t.dim() == 0:
        t = t.reshape(1)
    idx = torch.nonzero(t)
    if idx.shape[0] == 0 or t.numel() == 0:  # an empty result has a shape MXNet cannot know outside np mode
        known_shape(a if t.numel() == 0 else result(idx, a))
    cols = zero_grad_from([idx[:, i].clone() for i in range(t.dim())], tin(a))  # recorded: zero gradient
    return tuple(result(c, a) for c in cols)


def where(condition, x=None, y=None):
    """Elements of `x` where `condition` is true, else of `y` (broadcast); `nonzero(condition)` without them."""
    if x is None and y is None:
        return nonzero(condition)
    if isinstance(condition, numbers.Number):
        return x if condition != 0 else y
    need_array(condition, "condition")
    c = tin(condition)
    c = c if c.dtype == torch.bool else c != 0
    x_arr, y_arr = isinstance(x, NDArray), isinstance(y, NDArray)
    if not x_arr and not y_arr:
        if not isinstance(x, numbers.Number) or not isinstance(y, numbers.Number):
            raise TypeError(f"float() argument must be a string or a real number, not "
                            f"'{type(y if isinstance(x, numbers.Number) else x).__name__}'")
        out = torch.where(c, torch.tensor(float(x), dtype=torch.float32, device=c.device),
                          torch.tensor(float(y), dtype=torch.float32, device=c.device))
        return result(out, condition)
    if x_arr and y_arr:
        tx, ty = tin(x), tin(y)
        if tx.dtype != ty.dtype:
            raise MXNetError(f"_npi_where: x and y must have the same dtype, got "
                             f"{_onp.dtype(x.dtype).name} and {_onp.dtype(y.dtype).name}")
    elif x_arr:
        tx = tin(x)
        ty = torch.tensor(float(y), device=tx.device).to(tx.dtype)
    else:
        ty = tin(y)
        tx = torch.tensor(float(x), device=ty.device).to(ty.dtype)
    try:
        torch.broadcast_shapes(c.shape, tx.shape, ty.shape)
    except RuntimeError:
        raise MXNetError(f"_npi_where: shapes {tuple(c.shape)}, {tuple(tx.shape)} and {tuple(ty.shape)} "
                         "cannot be broadcast together") from None
    if x_arr != y_arr:
        arr = tx if x_arr else ty
        if arr.requires_grad and tuple(arr.shape) == tuple(torch.broadcast_shapes(c.shape, arr.shape)):
            return result(_WhereScalarGrad.apply(c, tx.detach(), ty.detach(), arr, x_arr), x if x_arr else y)
    return result(torch.where(c, tx, ty), x if x_arr else y)


class _WhereScalarGrad(ShadowFunction):  # pylint: disable=abstract-method
    """where(c, array, scalar) / where(c, scalar, array) with MXNet 1.9.1's gradient: the array's gradient is
    taken where the SCALAR was selected (MXNet's _npi_where_rscalar/_lscalar backward inverts the mask when the
    array is not broadcast; a broadcast array gets the ordinary gradient, as in MXNet)."""

    @staticmethod
    def forward(ctx, c, tx, ty, arr, x_is_array):  # pylint: disable=arguments-differ
        ctx.save_for_backward(c)
        ctx.x_is_array = x_is_array
        return torch.where(c, tx, ty)

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        (c,) = ctx.saved_tensors
        mask = ~c if ctx.x_is_array else c
        return None, None, None, g * mask.to(g.dtype), None


def _bound(v, name):
    """A clip bound as a float: MXNet passes it as a float parameter, so a number or any 0-d array will do."""
    if v is None:
        return None
    if isinstance(v, (numbers.Real, _onp.number)) and not isinstance(v, NDArray):
        return float(v)
    if isinstance(v, (NDArray, _onp.ndarray)) and v.ndim == 0:
        return float(v.item())
    raise _bad_param(name, "float", v, "clip")


def _bound_value(v, t):
    """The bound written into `t`'s dtype (an integer dtype truncates, and wraps like a C cast)."""
    if t.is_floating_point():
        return torch.tensor(v, dtype=t.dtype, device=t.device)
    return torch.tensor(int(v), dtype=torch.int64, device=t.device).to(t.dtype)


def clip(a, a_min, a_max, out=None):
    """`a` with values above `a_max` set to `a_max`, then those below `a_min` set to `a_min` (MXNet's order when
    a_min > a_max); bounds are cast to `a`'s dtype. A python/numpy scalar `a` is clipped by NumPy (MXNet's
    fallback: a NumPy scalar is returned)."""
    if isinstance(a, numbers.Number):
        return _onp.clip(a, a_min, a_max, out=None)
    if a_min is None and a_max is None:
        raise ValueError("array_clip: must set either max or min")
    need_array(a)
    t = tin(a)
    no_bool(t)
    lo, hi = _bound(a_min, "a_min"), _bound(a_max, "a_max")
    # MXNet compares in floating point against the float bounds and writes the bound in the array's dtype
    cmp = t if t.is_floating_point() else t.to(torch.float64)
    res = t
    if lo is not None and _onp.isfinite(lo):
        res = torch.where(cmp < lo, _bound_value(lo, t), res)
    if hi is not None and _onp.isfinite(hi):  # an element above a_max is a_max even when it is below a_min
        res = torch.where(cmp > hi, _bound_value(hi, t), res)
    if res is t:
        res = t.clone()
    return result(res, a, out, "clip")


def take(a, indices, axis=None, mode='raise', out=None):
    """Elements of `a` at `indices` along `axis` (the flattened array when None); `mode` 'raise' (an error for
    out-of-range indices), 'clip' or 'wrap'. Float indices are truncated."""
    if mode not in ('wrap', 'clip', 'raise'):
        raise NotImplementedError(f"function take does not support mode '{mode}'")
    need_array(a)
    need_array(indices, "indices")
    t = tin(a)
    if axis is None:
        t, ax = t.reshape(-1), 0
    else:
        if not is_int(axis):
            raise _bad_param("axis", "int", axis, "_npi_take")
        if not -t.dim() <= axis < t.dim():
            raise MXNetError(f"_npi_take: axis {axis} is out of bounds for array of dimension {t.dim()}")
        ax = int(axis) % t.dim()
    raw = tin(indices).detach()
    idx = raw.to(torch.int64) if raw.dtype != torch.int64 else raw
    n = t.shape[ax]
    if n == 0 and idx.numel():  # MXNet 1.9.1 dies of a modulo by zero for 'wrap'
        raise MXNetError(f"_npi_take: cannot take indices from an empty axis (axis {ax} has length 0)")
    if mode == 'raise':  # MXNet checks the indices before truncating floats: -0.3 and n - 0.5 are out of bound
        chk = raw if raw.is_floating_point() else idx
        if idx.numel() and (bool((chk < 0).any()) or bool((chk > n - 1).any())):
            raise MXNetError("take operator contains indices out of bound")
    elif mode == 'clip':
        idx = idx.clamp(0, n - 1)
    else:
        idx = torch.remainder(idx, n)
    flat = torch.index_select(t, ax, idx.reshape(-1))
    shape = tuple(t.shape[:ax]) + tuple(idx.shape) + tuple(t.shape[ax + 1:])
    return result(flat.reshape(shape), a, out, "_npi_take")

