"""MXNet 1.9.1's errors for indexing that selects no element (checked only when a result or region is empty).

MXNet's NDArray indexing is not numpy's here, and its rules come from how it computes the result:

- `x[a:b]` (one slice, step None/1) is `NDArray._slice`: after clamping, begin > end is an error (`x[5:2]`).
- Other basic keys take a flat slice and reshape it with the legacy codes, where a 0 copies the input's dim:
  an empty axis after the first (`x[1:3, 2:2]`) or a new axis before the empty one (`x[None, 2:2]`) fails.
- Advanced keys turn every slice into `arange(start, stop, step)`, which refuses an empty range
  (`x[[1, 2], 2:2]`); in legacy shape mode an empty index array is an unknown shape (`x[[]]`).
- Basic assignment sizes each slice with an assertion: a non-empty (start, stop) pair running against the
  step (`x[5:2] = 1`) is an AssertionError.
"""
import numbers

import numpy as np

from ..base import MXNetError


def _slice_len(slc, n):
    return len(range(*slc.indices(n)))


def check_first_axis_slice(slc, n):
    """`x[a:b]` of a first axis of length `n`: MXNet's NDArray._slice refuses begin > end after clamping."""
    start, stop = slc.start, slc.stop
    start = 0 if start is None else (max(start + n, 0) if start < 0 else min(start, n))
    stop = n if stop is None else (max(stop + n, 0) if stop < 0 else min(stop, n))
    if start > stop:
        raise MXNetError(f"Check failed: begin <= end ({start} vs. {stop}) : Invalid slicing range [{start}, {stop})")


def _is_int(k):
    return isinstance(k, (numbers.Integral, np.integer)) and not isinstance(k, (bool, np.bool_))


def _expand(key, ndim):
    """The key as a list with Ellipsis replaced by full slices (None entries kept)."""
    keys = list(key) if isinstance(key, tuple) else [key]
    used = sum(1 for k in keys if k is not None and k is not Ellipsis)
    out, expanded = [], False
    for k in keys:
        if k is Ellipsis and not expanded:
            out.extend([slice(None)] * max(ndim - used, 0))
            expanded = True
        else:
            out.append(k)
    axes = sum(1 for k in out if k is not None)
    return out + [slice(None)] * max(ndim - axes, 0)


def _is_basic(keys):
    return all(k is None or _is_int(k) or isinstance(k, slice) for k in keys)


def _legacy_reshape_ok(src, dst):
    """Whether MXNet's legacy reshape (a 0 copies the input's dim at the same position) takes `src` to `dst`."""
    out = []
    for j, d in enumerate(dst):
        if d == 0:
            if j >= len(src):
                return False
            d = src[j]
        out.append(d)
    return int(np.prod(out)) == int(np.prod(src))


def _index_size(k):
    if isinstance(k, (list, tuple)):
        return np.asarray(k).size
    size = getattr(k, "size", None)
    return size if isinstance(size, numbers.Integral) else 1


def check_empty_getitem(key, shape, np_shape):
    """Raise MXNet's error for legacy `NDArray.__getitem__(key)` on `shape` when the result has no element."""
    if isinstance(key, slice) and key.step in (None, 1):
        if key.start is not None or key.stop is not None:
            check_first_axis_slice(key, shape[0])
        return
    keys = _expand(key, len(shape))
    axes = [k for k in keys if k is not None]
    if len(axes) > len(shape):
        return  # too many indices: the caller's own error
    if not _is_basic(keys):
        for k, n in zip(axes, shape):
            if isinstance(k, slice) and _slice_len(k, n) == 0:
                start, stop, step = k.indices(n)
                raise MXNetError(f"Check failed: param.start < param.stop.value(): Invalid range "
                                 f"(start, stop, step) = ({start},{stop},{step})")
            if not np_shape and not isinstance(k, slice) and not _is_int(k) and _index_size(k) == 0:
                raise MXNetError("Check failed: dim_size_is_known(*it): Shape dim size cannot be a negative value -1")
        return
    sliced = tuple(1 if _is_int(k) else _slice_len(k, n) for k, n in zip(axes, shape))
    final, ax = [], 0  # in key order: a slice keeps its length, an int drops its axis, None adds a 1
    for k in keys:
        if k is None:
            final.append(1)
            continue
        if isinstance(k, slice):
            final.append(sliced[ax])
        ax += 1
    if not _legacy_reshape_ok((0,), sliced) or not _legacy_reshape_ok(sliced, final or [1]):
        raise MXNetError(f"NDArray.Reshape: Check failed: cannot reshape the empty selection {sliced} to "
                         f"{tuple(final or [1])} (a 0 in a legacy shape copies the input's dim)")


def check_setitem_ranges(key, shape, np_shape):
    """Raise MXNet's error for `x[key] = v` on a non-empty `shape` whose key selects a range MXNet refuses."""
    keys = _expand(key, len(shape))
    axes = [k for k in keys if k is not None]
    if len(axes) > len(shape):
        return
    if not _is_basic(keys):
        check_empty_getitem(tuple(keys), shape, np_shape)
        return
    for k, n in zip(axes, shape):
        if isinstance(k, slice):
            start, stop, step = k.indices(n)
            if start != stop and (start > stop if step > 0 else stop > start):
                raise AssertionError()


def check_empty_np_getitem(key, shape):
    """Raise MXNet's error for `mx.np.ndarray.__getitem__(key)` on `shape` when the result has no element."""
    if isinstance(key, slice) and key.step in (None, 1):
        if key.start is not None or key.stop is not None:
            check_first_axis_slice(key, shape[0])
        return
    keys = _expand(key, len(shape))
    axes = [k for k in keys if k is not None]
    if len(axes) <= len(shape) and not _is_basic(keys):
        check_empty_getitem(tuple(keys), shape, True)


def setitem_needs_check(key):
    """Whether `x[key] = v` may select a range MXNet refuses (cheap test for the common keys)."""
    tk = type(key)
    if tk is slice:
        return key.step is not None or (key.start is not None and key.stop is not None)
    return tk is not int
