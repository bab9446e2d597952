"""`mx.np` diagonals and index-based rearrangement: diagonal, trace, tril, diff, ediff1d, insert, delete, resize,
pad, unravel_index, diag_indices_from, shares_memory, may_share_memory (MXNet 1.9.1's checks and dtypes)."""
import numbers

import numpy as _onp
import torch

from ..base import MXNetError
from ..ndarray.ndarray import NDArray
from ._wrap import refuse_legacy
from ._op_common import (need_array, result, tin, is_int, no_extra, _bad_param, refuse_grad, no_fgradient, no_bool,
                         zero_grad_from)

__all__ = ["diagonal", "trace", "tril", "diff", "ediff1d", "insert", "delete", "resize", "pad", "unravel_index",
           "diag_indices_from", "shares_memory", "may_share_memory"]


def _two_axes(t, axis1, axis2, opname):
    no_bool(t)
    nd = t.dim()
    if nd < 2:
        raise MXNetError(f"{opname}: Check failed: ishape.ndim() >= 2 ({nd} vs. 2) : the input must be at least 2-d")
    for name, v in (("axis1", axis1), ("axis2", axis2)):
        if not is_int(v):
            raise _bad_param(name, "int", v, opname)
        if not -nd <= v < nd:
            raise MXNetError(f"{opname}: {name} {v} is out of bounds for array of dimension {nd}")
    a1, a2 = int(axis1) % nd, int(axis2) % nd
    if a1 == a2:
        raise MXNetError(f"{opname}: axis1 and axis2 cannot refer to the same axis ({a1})")
    return a1, a2


def diagonal(a, offset=0, axis1=0, axis2=1, **kwargs):
    """The `offset` diagonal of the 2-d sub-arrays spanned by `axis1` and `axis2` (appended as the last axis)."""
    no_extra(kwargs, "_np_diagonal")
    need_array(a)
    t = tin(a)
    if not is_int(offset):
        raise _bad_param("offset", "int", offset, "_np_diagonal")
    a1, a2 = _two_axes(t, axis1, axis2, "_np_diagonal")
    return result(torch.diagonal(t, int(offset), a1, a2).clone(), a)


def trace(a, offset=0, axis1=0, axis2=1, out=None, **kwargs):
    """The sum along the `offset` diagonal of the sub-arrays spanned by `axis1`/`axis2` (dtype kept)."""
    no_extra(kwargs, "_np_trace")
    need_array(a)
    t = tin(a)
    if not is_int(offset):
        raise _bad_param("offset", "int", offset, "_np_trace")
    a1, a2 = _two_axes(t, axis1, axis2, "_np_trace")
    d = torch.diagonal(t, int(offset), a1, a2)
    return result(torch.sum(d, dim=-1, dtype=t.dtype), a, out, "_np_trace")


def tril(m, k=0):
    """The lower triangle of `m` (below the `k`-th diagonal; the last two axes; a 1-d array is a row repeated)."""
    need_array(m, "m")
    t = tin(m)
    if not is_int(k):
        raise _bad_param("k", "int", k, "_npi_tril")
    if t.dim() == 0:
        raise MXNetError("_npi_tril: index = 1 must be in range [0, 0) (a 0-d array has no triangle)")
    no_bool(t)
    if t.dim() == 1:
        t = t.unsqueeze(0).expand(t.shape[0], t.shape[0])
    return result(torch.tril(t, int(k)), m)


def diff(a, n=1, axis=-1, prepend=None, append=None):
    """The `n`-th discrete difference along `axis` (prepend/append are not supported by MXNet 1.9.1)."""
    if prepend or append:
        raise NotImplementedError('prepend and append options are not supported yet')
    need_array(a)
    t = tin(a)
    if not is_int(n):
        raise _bad_param("n", "int", n, "_npi_diff")
    if n < 0:
        raise MXNetError(f"_npi_diff: order must be non-negative but got {n}")
    if not is_int(axis) or not -t.dim() <= axis < t.dim():
        raise MXNetError(f"_npi_diff: axis {axis} is out of bounds for array of dimension {t.dim()}")
    ax = int(axis) % t.dim()
    no_bool(t, t.numel() > 0 and t.shape[ax] > n)  # the kernel runs only for a non-empty result
    if t.shape[ax] <= n:  # nothing left: an empty result of the input's dtype
        return result(t.narrow(ax, 0, 0).clone(), a)
    out = t
    for _ in range(int(n)):
        out = out.narrow(ax, 1, out.shape[ax] - 1) - out.narrow(ax, 0, out.shape[ax] - 1)
    return result(out.clone() if out is t else out, a)


def _edge_part(v, t, name):
    if v is None:
        return None
    if isinstance(v, NDArray):
        return tin(v).reshape(-1).to(t.dtype)
    if isinstance(v, (numbers.Number, _onp.number)):
        return torch.tensor([v], device=t.device).to(t.dtype)
    raise _bad_param(name, "float or None", v, "_npi_ediff1d")


def ediff1d(ary, to_end=None, to_begin=None):
    """Differences between consecutive elements of the flattened `ary`, with `to_begin`/`to_end` around."""
    need_array(ary, "ary")
    t = no_bool(tin(ary)).reshape(-1)
    d = t[1:] - t[:-1]
    parts = [p for p in (_edge_part(to_begin, t, "to_begin_scalar"), d, _edge_part(to_end, t, "to_end_scalar"))
             if p is not None]
    return result(torch.cat(parts) if len(parts) > 1 else d, ary)


def _axis_for(arr_t, axis, opname):
    if axis is None:
        return arr_t.reshape(-1), 0
    if not is_int(axis) or not -arr_t.dim() <= axis < arr_t.dim():
        raise MXNetError(f"{opname}: axis {axis} is out of bounds for array of dimension {arr_t.dim()}")
    return arr_t, int(axis) % arr_t.dim()


def _align_values(vt, ndim):
    """`values` with MXNet's insert alignment to `ndim` dims: extra leading axes must be 1, missing ones are 1."""
    extra = vt.dim() - ndim
    for i in range(max(extra, 0)):
        if vt.shape[i] != 1:
            raise MXNetError(f"Check failed: valshape[i] == 1 ({vt.shape[i]} vs. 1) : index exceed limits.")
    if extra > 0:
        return vt.reshape(tuple(vt.shape[extra:]))
    return vt.reshape((1,) * -extra + tuple(vt.shape))


def insert(arr, obj, values, axis=None):
    """`arr` with `values` inserted before index/indices `obj` along `axis` (the flattened array when None);
    values are cast to `arr`'s dtype."""
    scalar_values = isinstance(values, (numbers.Number, _onp.number)) and not isinstance(values, NDArray)
    if not scalar_values:
        if not isinstance(arr, NDArray):
            raise TypeError(f"'arr' can not support type {type(arr)}")
        if not isinstance(values, NDArray):
            raise TypeError(f"'values' can not support type {type(values)}")
    if not isinstance(obj, (slice, NDArray)) and not is_int(obj):
        if scalar_values:
            raise TypeError(f"'values' can not support type {type(values)}")
        raise TypeError(f"'obj' can not support type {type(obj)}")
    need_array(arr, "arr")
    t, ax = _axis_for(no_bool(tin(arr)), axis, "_npi_insert")
    n = t.shape[ax]
    if scalar_values and (not is_int(obj) or isinstance(obj, NDArray)):
        raise MXNetError("TBlob.get_with_shape: data type do not match specified type (MXNet 1.9.1 cannot insert "
                         "a python scalar at a slice or an index array)")
    if scalar_values and axis is not None and tin(arr).dim() > 1:
        raise MXNetError(f"Check failed: dim == ndim() ({tin(arr).dim()} vs. 1) : dimension do not match target "
                         f"dimension (MXNet 1.9.1 cannot insert a python scalar along an axis)")
    if scalar_values:
        vt = torch.tensor(values, device=t.device).to(t.dtype)
    else:
        vt = tin(values).to(t.dtype)
    if isinstance(obj, NDArray) and tin(obj).dim() == 0 and not tin(obj).dtype.is_floating_point:
        obj = int(tin(obj).item())  # a 0-d index array: numpy's single-index insertion
    if is_int(obj) and not isinstance(obj, NDArray):
        idx = int(obj)
        if not -n <= idx <= n:
            raise MXNetError(f"_npi_insert_scalar: index {idx} is out of bounds for axis {ax} with size {n}")
        idx = idx + n if idx < 0 else idx
        # numpy: values become an array with arr's ndim, its first axis moved to `axis`
        v = vt.reshape((1,) * (t.dim() - vt.dim()) + tuple(vt.shape)) if vt.dim() < t.dim() else vt
        v = torch.movedim(v, 0, ax) if v.dim() else v
        shape = list(t.shape)
        shape[ax] = v.shape[ax] if v.dim() else 1
        try:
            v = v.expand(shape) if v.dim() else v.expand(shape)
        except RuntimeError:
            raise MXNetError(f"_npi_insert_scalar: values of shape {tuple(vt.shape)} cannot be broadcast to "
                             f"{tuple(shape)}") from None
        res = torch.cat([t.narrow(ax, 0, idx), v, t.narrow(ax, idx, n - idx)], dim=ax)
        return result(refuse_grad(res, [t, vt], no_fgradient("_npi_insert_scalar")), arr)
    if isinstance(obj, slice):
        pos = list(range(*obj.indices(n)))
    else:
        if not isinstance(obj, NDArray) or tin(obj).dtype.is_floating_point:
            raise MXNetError("_npi_insert_tensor: the indices must be an integer array")
        if tin(obj).dim() > 1:
            raise MXNetError(f"Check failed: objShape.ndim() <= 1 ({tin(obj).dim()} vs. 1) : index array argument "
                             "obj to insert must be one dimensional or scale.")
        pos = [int(v) for v in tin(obj).detach().reshape(-1).tolist()]
        for p in pos:
            if not -n <= p <= n:
                raise MXNetError(f"_npi_insert_tensor: index {p} is out of bounds for axis {ax} with size {n}")
        pos = [p + n if p < 0 else p for p in pos]
    k = len(pos)
    v = _align_values(vt, t.dim())
    shape = list(t.shape)
    shape[ax] = v.shape[ax] if k == 1 else k  # one index: all of `values` along `axis` goes there
    try:
        v = v.expand(shape)
    except RuntimeError:
        raise MXNetError(f"_npi_insert: values of shape {tuple(vt.shape)} cannot be broadcast to "
                         f"{tuple(shape)}") from None
    if k == 1:
        res = torch.cat([t.narrow(ax, 0, pos[0]), v, t.narrow(ax, pos[0], n - pos[0])], dim=ax)
        opname = "_npi_insert_slice" if isinstance(obj, slice) else "_npi_insert_tensor"
        return result(refuse_grad(res, [t, vt], no_fgradient(opname)), arr)
    order = sorted(range(k), key=lambda i: pos[i])
    new_pos = [0] * k
    for rank, i in enumerate(order):
        new_pos[i] = pos[i] + rank
    taken = set(new_pos)
    perm = [0] * (n + k)
    for i, p in enumerate(new_pos):
        perm[p] = n + i
    old = iter(range(n))
    for j in range(n + k):
        if j not in taken:
            perm[j] = next(old)
    cat = torch.cat([t, v], dim=ax)
    res = torch.index_select(cat, ax, torch.tensor(perm, device=t.device))
    opname = "_npi_insert_slice" if isinstance(obj, slice) else "_npi_insert_tensor"
    return result(refuse_grad(res, [t, vt], no_fgradient(opname)), arr)


def delete(arr, obj, axis=None):
    """`arr` without the sub-arrays at index/indices `obj` along `axis` (the flattened array when None)."""
    if not isinstance(arr, NDArray):
        raise TypeError(f"'arr' can not support type {type(arr)}")
    if not isinstance(obj, (slice, NDArray)) and not is_int(obj):
        raise TypeError(f"'obj' can not support type {type(obj)}")
    t, ax = _axis_for(tin(arr), axis, "_npi_delete")
    n = t.shape[ax]
    if isinstance(obj, slice):
        drop = set(range(*obj.indices(n)))
        if not drop:  # an empty slice: MXNet copies the input without running its kernel (any dtype)
            return result(refuse_grad(t.clone(), [t], no_fgradient("_npi_delete")), arr)
    elif isinstance(obj, NDArray):
        drop = set()  # MXNet ignores an index array's negative and out-of-range entries (no wrap-around)
        for v in tin(obj).detach().reshape(-1).tolist():
            if v >= 0 and int(v) < n:
                drop.add(int(v))
    else:
        v = int(obj)
        if not -n <= v < n:
            raise MXNetError(f"_npi_delete: index {v} is out of bounds for axis {ax} with size {n}")
        drop = {v % n}
    no_bool(t)
    keep = [i for i in range(n) if i not in drop]
    res = torch.index_select(t, ax, torch.tensor(keep, dtype=torch.int64, device=t.device))
    return result(refuse_grad(res, [t], no_fgradient("_npi_delete")), arr)


def resize(a, new_shape):
    """A new array of shape `new_shape` filled with `a`'s flattened elements, repeated as needed."""
    need_array(a)
    t = tin(a)
    shape = (int(new_shape),) if is_int(new_shape) else tuple(int(s) for s in new_shape)
    if any(s < 0 for s in shape):
        raise MXNetError(f"_npi_resize_fallback: negative dimension in new_shape {shape}")
    size = 1
    for s in shape:
        size *= s
    flat = t.reshape(-1)
    if flat.numel() == 0:
        return result(torch.zeros(shape, dtype=t.dtype, device=t.device), a)
    reps = -(-size // flat.numel())
    res = flat.repeat(reps)[:size].reshape(shape)
    # MXNet 1.9.1's resize is a numpy fallback whose backward fails
    return result(refuse_grad(res, [t], "Check failed: (dim) == (ndim()) dimension do not match target dimension "
                                        "(the backward of MXNet 1.9.1's resize fallback fails)"), a)


_PAD_ALLOWED = {'constant': ['constant_values'], 'edge': [], 'linear_ramp': ['end_values'],
                'maximum': ['stat_length'], 'mean': ['stat_length'], 'median': ['stat_length'],
                'minimum': ['stat_length'], 'reflect': ['reflect_type'], 'symmetric': ['reflect_type'],
                'wrap': []}


def _pad_index(n, before, after, mode):
    """Source index along one axis for each position of the padded axis (edge/reflect/symmetric)."""
    pos = torch.arange(-before, n + after)
    if mode == 'edge' or n == 1:
        return pos.clamp(0, n - 1)
    if mode == 'reflect':
        period = 2 * (n - 1)
        j = torch.remainder(pos, period)
        return torch.where(j >= n, period - j, j)
    period = 2 * n  # symmetric
    j = torch.remainder(pos, period)
    return torch.where(j >= n, period - 1 - j, j)


def pad(x, pad_width=None, mode='constant', **kwargs):
    """`x` padded by `pad_width` ((before, after) per axis) in mode constant, edge, reflect, symmetric, maximum
    or minimum (the modes MXNet 1.9.1 supports, with its argument checks). As in MXNet 1.9.1, 'constant' pads
    with 0 whatever `constant_values` says, and only 'constant' has a gradient."""
    if not _onp.asarray(pad_width).dtype.kind == 'i':
        raise TypeError('`pad_width` must be of integral type.')
    if not isinstance(pad_width, tuple):
        raise TypeError("`pad_width` must be tuple.")
    for bad in ("linear_ramp", "wrap", "median", "mean", "empty"):
        if mode == bad:
            raise ValueError(f"mode {{'{bad}'}} is not supported.")
    if callable(mode):
        raise ValueError("mode {'<function>'} is not supported.")
    if mode not in _PAD_ALLOWED:
        raise KeyError(mode)
    for key in kwargs:
        if key not in _PAD_ALLOWED[mode]:
            raise ValueError(f"{key} keyword not in allowed keywords {_PAD_ALLOWED[mode]}")
    if mode == 'constant' and isinstance(kwargs.get("constant_values", 0), tuple):
        raise TypeError("unsupported constant_values type: {'tuple'}.")
    if mode in ('reflect', 'symmetric'):
        rt = kwargs.get("reflect_type", "even")
        if rt != "even" and rt is not None:
            raise ValueError(f"unsupported reflect_type '{rt}'")
    if mode in ('maximum', 'minimum') and kwargs.get("stat_length") is not None:
        raise ValueError(f"unsupported stat_length '{kwargs['stat_length']}'")
    need_array(x, "x")
    t = tin(x)
    if t.dim() < 2:
        raise MXNetError(f"_npi_pad: Check failed: i >= 0 && i < ndim(): index = 1 must be in range [0, {t.dim()})"
                         " (MXNet 1.9.1 pads arrays of 2 or more dimensions)")
    widths = [tuple(int(v) for v in w) for w in pad_width] if all(isinstance(w, (tuple, list)) for w in pad_width) \
        else None
    if widths is None or len(widths) != t.dim() or any(len(w) != 2 for w in widths):
        raise MXNetError(f"_npi_pad: pad_width {pad_width} must give (before, after) for each of the {t.dim()} "
                         "axes")
    if any(v < 0 for w in widths for v in w):
        raise MXNetError(f"_npi_pad: negative pad width in {pad_width}")
    out = t
    for ax, (before, after) in enumerate(widths):
        if before == 0 and after == 0:
            continue
        n = out.shape[ax]
        if mode == 'constant':
            value = 0  # MXNet 1.9.1 checks constant_values but always pads with 0
            shp_b, shp_a = list(out.shape), list(out.shape)
            shp_b[ax], shp_a[ax] = before, after
            fill_b = torch.full(shp_b, value, device=out.device).to(out.dtype)
            fill_a = torch.full(shp_a, value, device=out.device).to(out.dtype)
            out = torch.cat([fill_b, out, fill_a], dim=ax)
        elif mode in ('maximum', 'minimum'):
            if n == 0:
                raise MXNetError(f"_npi_pad: cannot pad an empty axis in mode '{mode}'")
            stat = out.amax(dim=ax, keepdim=True) if mode == 'maximum' else out.amin(dim=ax, keepdim=True)
            shp_b, shp_a = list(out.shape), list(out.shape)
            shp_b[ax], shp_a[ax] = before, after
            out = torch.cat([stat.expand(shp_b), out, stat.expand(shp_a)], dim=ax)
        else:
            if n == 0:
                raise MXNetError(f"_npi_pad: cannot pad an empty axis in mode '{mode}'")
            idx = _pad_index(n, before, after, mode).to(out.device)
            out = torch.index_select(out, ax, idx)
    out = out.clone() if out is t else out
    if mode != 'constant':
        out = refuse_grad(out, [t], "Other modes are not supported.")
    return result(out, x)


def unravel_index(indices, shape, order='C'):
    """Flat indices `indices` as a tuple of coordinate arrays for an array of `shape` (C order only)."""
    if order != 'C':
        raise NotImplementedError('Do not support column-major (Fortran-style) order at this moment')
    if isinstance(indices, (numbers.Number, _onp.number)):
        return _onp.unravel_index(indices, shape)
    need_array(indices, "indices")
    t = tin(indices).detach()
    if t.is_floating_point():
        raise MXNetError("unravel_index: only int indices permitted")
    dims = (int(shape),) if isinstance(shape, (numbers.Integral, _onp.integer)) else tuple(int(s) for s in shape)
    size = 1
    for s in dims:
        size *= s
    if t.numel() and (bool((t < 0).any()) or bool((t >= size).any())):
        raise MXNetError(f"unravel_index: index out of bounds for array with size {size}")
    rest = t.to(torch.int64)
    coords = []
    for s in reversed(dims):
        coords.append(torch.remainder(rest, s))
        rest = torch.div(rest, s, rounding_mode="floor")
    return tuple(result(c.to(t.dtype), indices) for c in reversed(coords))


def diag_indices_from(arr):
    """The indices of the main diagonal of square `arr` (a tuple of int64 arrays, one per axis)."""
    need_array(arr, "arr")
    t = tin(arr)
    if t.dim() < 2:
        raise ValueError("input array must be at least 2-d")
    n = t.shape[0]
    for s in t.shape[1:]:
        if s != n:
            raise ValueError(f"All dimensions of input must be of equal length ({s} vs. {n})")
    outs = zero_grad_from([torch.arange(n, dtype=torch.int64, device=t.device) for _ in range(t.dim())], t)
    return tuple(result(o, arr) for o in outs)  # recorded with a zero gradient, as MXNet


def _byte_range(t):
    if t.numel() == 0:
        return None
    start = t.data_ptr()
    span = sum((s - 1) * st for s, st in zip(t.shape, t.stride())) + 1
    return start, start + span * t.element_size()


def shares_memory(a, b, max_work=None):
    """Whether arrays `a` and `b` use overlapping memory (a python bool; slices of an array share it)."""
    del max_work  # a dummy argument in MXNet 1.9.1 too (its docstring says so)
    for name, v in (("a", a), ("b", b)):
        if not isinstance(v, NDArray):  # MXNet's operator call asserts its arguments' type
            raise AssertionError(f"Argument {name} must have NDArray type, but got {v}")
        refuse_legacy(v, "_npi_share_memory")
    ra, rb = _byte_range(a._t), _byte_range(b._t)
    if ra is None or rb is None:
        return False
    return ra[0] < rb[1] and rb[0] < ra[1]


def may_share_memory(a, b, max_work=None):
    """Whether `a` and `b` might share memory (the same overlap test as `shares_memory`)."""
    return shares_memory(a, b, max_work)
