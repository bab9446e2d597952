"""numpy-style indexing of `mx.np.ndarray` (`x[key]`, `x[key] = value`) over torch indexing, as MXNet 1.9.1.

MXNet's rules kept here:
- an integer drops its axis (a 0-d array, not a size-1 one); python `True`/`False` is a 0-d boolean index;
- a list (or numpy array) is an index array, a boolean one a mask; an `mx.np.ndarray` index array may be
  float (its values are truncated) or bool (a mask); `mx.nd.NDArray` index arrays are accepted too;
- a basic index (integers, slices, None, Ellipsis) gives a view that shares memory when the selected region
  is contiguous, else a copy (MXNet copies strided regions); advanced indexing always copies;
- a 0-d array accepts only `()`.
"""
import numbers

import numpy as np
import torch

from ..base import MXNetError
from ..ndarray.ndarray import NDArray, _ensure_inplace_ok, _INPLACE_MSG
from ..ndarray._nondiff import link_copy
from ..ndarray._state import STATE, track
from ..ndarray._empty_index import check_empty_np_getitem, check_setitem_ranges, setitem_needs_check

_INT = (numbers.Integral, np.integer)


def _bad_key(k):
    return ValueError(f"NDArray does not support slicing with key {k} of type {type(k)}.")


def _array_key(k, device):
    """An index array (list, numpy array, NDArray) as a torch long or bool tensor."""
    if isinstance(k, NDArray):
        t = k._t.detach()
        if t.device != device:
            t = t.to(device)
        if t.dtype is torch.bool:
            return t
        return t.to(torch.long)
    try:
        arr = np.array(k)
    except Exception as e:  # noqa: BLE001 - numpy's reason, as MXNet reports it
        raise TypeError(str(e)) from None
    if arr.dtype == np.bool_:
        return torch.as_tensor(arr, device=device)
    if arr.dtype.kind == "O":  # ragged lists, slices inside lists: MXNet's array conversion fails
        raise TypeError("source_array must be array like object")
    if arr.dtype.kind not in "iuf" or arr.size == 0 and arr.dtype.kind == "f" and not isinstance(k, np.ndarray):
        if arr.size == 0:
            return torch.zeros(arr.shape, dtype=torch.long, device=device)
        raise _bad_key(k)
    return torch.as_tensor(arr.astype(np.int64), device=device)


def _normalize(key, t):
    """`key` as a tuple of torch index items with Ellipsis expanded, plus whether it is a basic index.

    Integers are bounds-checked (IndexError as MXNet); negative-step slices are left for `_flip`.
    """
    if isinstance(key, tuple):
        items = list(key)
    else:
        items = [key]
    out, basic = [], True
    used = 0
    for k in items:
        if k is None or k is Ellipsis:
            continue
        if isinstance(k, (bool, np.bool_)):
            continue
        if isinstance(k, torch.Tensor) and k.dtype is torch.bool:
            used += k.dim()
        elif isinstance(k, NDArray) and k._t.dtype is torch.bool:
            used += k._t.dim()
        else:
            used += 1
    if used > t.dim():
        raise IndexError(f"too many indices ({used}) for array with {t.dim()} dimensions")
    dim = 0
    seen_ellipsis = False
    for k in items:
        if k is None:
            out.append(None)
        elif k is Ellipsis:
            if seen_ellipsis:
                raise IndexError("an index can only have a single ellipsis ('...')")
            seen_ellipsis = True
            for _ in range(t.dim() - used):
                out.append(slice(None))
                dim += 1
        elif isinstance(k, (bool, np.bool_)):
            out.append(torch.tensor(bool(k), device=t.device))  # a new axis (True) or an empty one (False)
        elif isinstance(k, _INT):
            n = t.shape[dim]
            i = int(k)
            if not -n <= i < n:
                raise IndexError(f"index {i} is out of bounds for axis {dim} with size {n}")
            out.append(i)
            dim += 1
        elif isinstance(k, slice):
            if k.step == 0:
                raise ValueError("slice step cannot be zero")
            for v in (k.start, k.stop, k.step):
                if v is not None and not isinstance(v, _INT):
                    raise TypeError("slice indices must be integers or None or have an __index__ method")
            out.append(k)
            dim += 1
        elif isinstance(k, (float, np.floating, str, bytes)):
            raise _bad_key(k)
        elif isinstance(k, (list, tuple, np.ndarray, NDArray, range)):  # a tuple inside the key: an index array
            a = _array_key(list(k) if isinstance(k, (range, tuple)) else k, t.device)
            out.append(a)
            dim += a.dim() if a.dtype is torch.bool else 1
            basic = False
        else:
            raise _bad_key(k)
    return out, basic


def _flip(items, t):
    """Replace negative-step slices: returns (items', dims) with `t.flip(dims)[items']` == numpy's `t[items]`."""
    dims, out, dim = [], [], 0
    for k in items:
        if isinstance(k, slice) and k.step is not None and k.step < 0:
            n = t.shape[dim]
            r = range(*k.indices(n))
            k = slice(0, 0) if len(r) == 0 else slice(n - 1 - r[0], n - r[-1], -k.step)
            dims.append(dim)
        if k is not None:
            dim += k.dim() if isinstance(k, torch.Tensor) and k.dtype is torch.bool else 1
        out.append(k)
    return out, dims


def _is_mask_key(key):
    return (isinstance(key, NDArray) and key._t.dtype is torch.bool) or \
        (isinstance(key, np.ndarray) and key.dtype == np.bool_)


def _list_key(key):
    """MXNet reads a list key as one index array (a mask when it is boolean)."""
    try:
        arr = np.array(key)
    except Exception as e:  # noqa: BLE001
        raise TypeError(str(e)) from None
    return arr


def _check_tuple_masks(key, shape):
    """IndexError, worded and counted as MXNet's check, when a boolean array inside tuple `key` does not match
    the axes it is laid on (MXNet counts each non-Ellipsis entry, None included, as one axis)."""
    for k in key:
        if isinstance(k, NDArray):
            break
    else:
        return  # the common key: no array inside
    axis = 0
    for k in key:
        if k is Ellipsis or isinstance(k, (bool, np.bool_)):
            continue
        if not isinstance(k, NDArray):  # (MXNet reads a numpy/list boolean array here as 0/1 indices)
            axis += 1
            continue
        kshape, kbool = tuple(k._t.shape), k._t.dtype is torch.bool
        if kbool and kshape:
            for i, n in enumerate(kshape):
                if axis + i >= len(shape):
                    raise IndexError("tuple index out of range")
                if shape[axis + i] != n:
                    raise IndexError(f"boolean index did not match indexed array along axis {axis + i}; size is "
                                     f"{shape[axis + i]} but corresponding boolean size is {n}")
            axis += len(kshape)
        elif not (kbool and not kshape):
            axis += 1


def getitem(a, key, wrap_np):
    """`a[key]` with MXNet numpy semantics (see module docstring)."""
    t = a._t
    if t.requires_grad and not STATE.recording:
        t = t.detach()
    if isinstance(key, list):
        key = _list_key(key)
    if _is_mask_key(key):
        mask = _array_key(key, t.device)
        if mask.dim() > t.dim():
            raise IndexError(f"too many indices, whose ndim = {mask.dim()}, for array with ndim = {t.dim()}")
        for i in range(mask.dim()):
            if mask.shape[i] != t.shape[i]:
                raise IndexError(f"boolean index did not match indexed array along dimension {i}; dimension is "
                                 f"{t.shape[i]} but corresponding boolean dimension is {mask.shape[i]}")
        return a._like(wrap_np(t[mask]))
    if t.dim() == 0:
        if isinstance(key, tuple) and len(key) == 0:
            return a
        raise IndexError("scalar tensor can only accept `()` as index")
    if isinstance(key, tuple) and len(key) == 0:
        return a
    if isinstance(key, tuple):
        _check_tuple_masks(key, t.shape)
    items, basic = _normalize(key, t)
    items, dims = _flip(items, t)
    try:
        out = t.flip(dims)[tuple(items)] if dims else t[tuple(items)]
    except IndexError as e:
        if "shape mismatch" in str(e):  # index arrays that do not broadcast together
            raise ValueError(f"index arrays are not broadcastable together: {e}") from None
        raise
    if not out.numel():  # MXNet refuses some empty selections
        check_empty_np_getitem(key, tuple(t.shape))
    if not dims and basic and not out.is_contiguous():
        out = out.clone()
    return a._like(wrap_np(out))


def _value_tensor(a, value, np_cls):
    """The value of `a[key] = value` as a tensor (or python scalar) of `a`'s dtype on its device."""
    t = a._t
    if isinstance(value, NDArray):
        if not isinstance(value, np_cls):
            raise TypeError("Cannot assign mx.nd.NDArray to mxnet.numpy.ndarray")
        v = value._t
        if v.requires_grad and not STATE.recording:
            v = v.detach()
        if v.device != t.device:
            v = v.to(t.device)
        elif v.untyped_storage().data_ptr() == t.untyped_storage().data_ptr():
            v = v.clone()  # a view of the array itself (x[1:] = x[:-1]): numpy reads the old values
        return v.to(t.dtype) if v.dtype is not t.dtype else v
    if isinstance(value, (numbers.Number, np.generic)):
        from ..base import np_dtype
        if isinstance(value, (bool, np.bool_)):
            value = int(value)
        with np.errstate(all="ignore"):  # out-of-range values wrap as MXNet's casts do (300 -> 44 in uint8)
            return np.array(value).astype(np_dtype(t.dtype)).item()
    try:
        from ..base import np_dtype
        arr = np.array(value, dtype=np_dtype(t.dtype))
    except Exception:  # noqa: BLE001 - MXNet's message for anything numpy cannot read
        raise TypeError(f"mxnet.np.ndarray does not support assignment with non-array-like object {value} "
                        f"of type {type(value)}") from None
    return torch.as_tensor(arr, device=t.device)


def _fit(v, shape):
    """Trim leading size-1 axes of value tensor `v` beyond the target's rank; an empty value takes the shape."""
    if not isinstance(v, torch.Tensor):
        return v
    while v.dim() > len(shape) and v.shape[0] == 1:
        v = v[0]
    if v.numel() == 0 and tuple(v.shape) != tuple(shape):
        v = v.reshape(shape)
    return v


def _write(t, idx, v):
    try:
        with torch.no_grad():
            if isinstance(v, torch.Tensor):
                region = t[idx]
                v = _fit(v, region.shape)
                if v.dim() > region.dim() or not _broadcastable(tuple(v.shape), tuple(region.shape)):
                    raise MXNetError(f"Check failed: value of shape {tuple(v.shape)} cannot be broadcast to "
                                     f"the indexed region of shape {tuple(region.shape)}")
            t[idx] = v
    except (RuntimeError, ValueError) as e:
        if isinstance(e, MXNetError):
            raise
        raise MXNetError(str(e)) from None


def _broadcastable(src, dst):
    for s, d in zip(reversed(src), reversed(dst)):
        if s != 1 and s != d:
            return False
    return True


def setitem(a, key, value, np_cls):
    """`a[key] = value` with MXNet numpy semantics: scalars, arrays and array-likes broadcast to the region."""
    t = a._t
    v = _value_tensor(a, value, np_cls)
    recorded = STATE.recording and isinstance(value, NDArray) and value._t.requires_grad
    if isinstance(key, (bool, np.bool_)):
        key = np.array(bool(key))
    elif isinstance(key, list):
        key = _list_key(key)
    if _is_mask_key(key):
        if not isinstance(value, (numbers.Number, np.generic, np_cls)):
            raise NotImplementedError(f"type {type(value)} is not supported.")
        _ensure_inplace_ok(t)
        _store(a, _array_key(key, t.device), [], v, recorded, False)
        return
    if t.dim() == 0:
        if not isinstance(key, tuple) or len(key) != 0:
            raise IndexError("scalar tensor can only accept `()` as index")
        if isinstance(v, torch.Tensor) and (v.numel() != 1 or not isinstance(value, (NDArray, np.ndarray))):
            raise ValueError("setting an array element with a sequence.")
        _ensure_inplace_ok(t)
        _store(a, (), [], v.reshape(()) if isinstance(v, torch.Tensor) else v, recorded, True)
        if recorded:
            link_copy(a._t, value._t)
        return
    _ensure_inplace_ok(t)
    if setitem_needs_check(key):
        check_setitem_ranges(key, tuple(t.shape), True)  # MXNet refuses ranges like x[5:2] = v
    items, basic = _normalize(key, t)
    items, dims = _flip(items, t)
    if any(isinstance(k, torch.Tensor) and k.dtype is torch.bool and k.dim() == 0 and not bool(k)
           for k in items):
        return  # a False 0-d index selects nothing
    whole = basic and not dims and _covers_all(items, t)
    _store(a, tuple(items), dims, v, recorded, whole)
    if recorded and whole:
        link_copy(a._t, value._t)


def _covers_all(items, t):
    """Whether a basic key is a plain copy over the whole array (full unit-step slices and new axes only)."""
    dim = 0
    for k in items:
        if k is None:
            continue
        if not isinstance(k, slice) or k.indices(t.shape[dim]) != (0, t.shape[dim], 1):
            return False
        dim += 1
    return True


def _store(a, idx, dims, v, recorded, whole):
    """Write `v` into `a[idx]` (`idx` taken on `a` flipped along `dims`).

    Under `autograd.record()` a recorded value may only be copied over the whole array (`x[:] = y`; MXNet
    refuses any other write as an in-place operation); `a` then holds a new tensor connected to the value.
    """
    t = a._t
    if recorded and not whole:
        raise MXNetError(_INPLACE_MSG)
    if dims:
        flipped = t.detach().flip(dims)
        _write(flipped, idx, v)
        with torch.no_grad():
            t.copy_(flipped.flip(dims))
    else:
        _write(t, idx, v)
    if recorded and t.is_floating_point() and v.requires_grad:
        base = t.detach().flip(dims) if dims else t.detach().clone()
        base[idx] = _fit(v, base[idx].shape)
        a._t = base.flip(dims) if dims else base
        track(a)
