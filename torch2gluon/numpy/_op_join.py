"""`mx.np` joining and splitting: concatenate, append, stack, vstack/row_stack, hstack, dstack, column_stack,
split, array_split, hsplit, vsplit, dsplit (MXNet 1.9.1: no dtype promotion across inputs)."""
import torch

from ..base import MXNetError
from ..ndarray.ndarray import NDArray
from ._op_common import need_array, need_arrays, result, tin, is_int, same_dtype, _bad_param, no_bool, known_shape

__all__ = ["concatenate", "append", "stack", "vstack", "row_stack", "hstack", "dstack", "column_stack",
           "split", "array_split", "hsplit", "vsplit", "dsplit"]


def _seq(seq, opname):
    """The input arrays of a joining operator (an ndarray is split along its first axis, as numpy)."""
    if isinstance(seq, NDArray):
        seq = [seq[i] for i in range(seq.shape[0])] if seq.ndim else [seq]
    seq = need_arrays(seq)
    if not seq:
        raise MXNetError(f"value 0 for Parameter num_args should be greater equal to 1, in operator {opname}")
    return seq


def _cat(ts, axis, opname):
    """torch.cat with MXNet's checks: one dtype, equal ndim, equal sizes off `axis`."""
    same_dtype(ts, opname)
    nd = ts[0].dim()
    if nd == 0:
        raise MXNetError(f"{opname}: zero-dimensional arrays cannot be concatenated")
    if not is_int(axis):
        raise _bad_param("axis", "int", axis, opname)
    if not -nd <= axis < nd:
        raise MXNetError(f"{opname}: axis {axis} is out of bounds for array of dimension {nd}")
    ax = int(axis) % nd
    for t in ts[1:]:
        if t.dim() != nd or any(t.shape[i] != ts[0].shape[i] for i in range(nd) if i != ax):
            raise MXNetError(f"{opname}: all the input array dimensions except for the concatenation axis must "
                             f"match exactly, got shapes {tuple(ts[0].shape)} and {tuple(t.shape)}")
    return torch.cat(ts, dim=ax)


def concatenate(seq, axis=0, out=None):
    """The arrays of `seq` joined along an existing `axis` (flattened first when `axis` is None)."""
    seq = _seq(seq, "_npi_concatenate")
    ts = [tin(x) for x in seq]
    if axis is None:
        ts = [t.reshape(-1) for t in ts]
        axis = 0
    return result(_cat(ts, axis, "_npi_concatenate"), seq[0], out, "_npi_concatenate")


def append(arr, values, axis=None):
    """`values` appended to the end of `arr` (both flattened when `axis` is None)."""
    need_array(arr, "arr")
    need_array(values, "values")
    return concatenate([arr, values], axis=axis)


def stack(arrays, axis=0, out=None):
    """The arrays joined along a new `axis`; all must have the same shape."""
    seq = _seq(arrays, "_npi_stack")
    ts = [tin(x) for x in seq]
    same_dtype(ts, "_npi_stack")
    shape = ts[0].shape
    for i, t in enumerate(ts[1:]):  # MXNet 1.9.1 checks sizes only and reads each input in the first's shape
        if t.numel() != ts[0].numel():
            raise MXNetError(f"_npi_stack: all input arrays must have the same shape, got {tuple(shape)} and "
                             f"{tuple(t.shape)}")
        ts[i + 1] = t.reshape(shape)
    nd = len(shape) + 1
    if not is_int(axis):
        raise _bad_param("axis", "int", axis, "_npi_stack")
    if not -nd <= axis < nd:
        raise MXNetError(f"_npi_stack: axis {axis} is out of bounds for array of dimension {nd}")
    return result(torch.stack(ts, dim=int(axis) % nd), seq[0], out, "_npi_stack")


def _at_least(t, n):
    s = tuple(t.shape)
    if len(s) >= n:
        return t
    if n == 2:
        return t.reshape((1,) * (2 - len(s)) + s)
    return t.reshape((1, 1, 1) if not s else ((1,) + s + (1,) if len(s) == 1 else s + (1,)))


def vstack(arrays, out=None):
    """The arrays stacked row-wise (1-d arrays become rows)."""
    seq = _seq(arrays, "_npi_vstack")
    ts = [_at_least(no_bool(tin(x)), 2) for x in seq]
    return result(_cat(ts, 0, "_npi_vstack"), seq[0], out, "_npi_vstack")


def row_stack(arrays):
    """The arrays stacked row-wise (same as `vstack`)."""
    return vstack(arrays)


def hstack(arrays):
    """The arrays stacked column-wise (1-d arrays are joined end to end)."""
    seq = _seq(arrays, "_npi_hstack")
    ts = [no_bool(tin(x)) for x in seq]
    ts = [t.reshape(1) if t.dim() == 0 else t for t in ts]
    return result(_cat(ts, 0 if ts[0].dim() == 1 else 1, "_npi_hstack"), seq[0])


def dstack(arrays):
    """The arrays stacked depth-wise (along a third axis)."""
    seq = _seq(arrays, "_npi_dstack")
    ts = [_at_least(no_bool(tin(x)), 3) for x in seq]
    return result(_cat(ts, 2, "_npi_dstack"), seq[0])


def column_stack(tup):
    """1-d arrays as the columns of a 2-d array (2-d arrays are joined as they are)."""
    seq = _seq(tup, "_npi_column_stack")
    ts = []
    for x in seq:
        t = no_bool(tin(x))
        if t.dim() < 2:
            t = t.reshape(-1, 1)
        ts.append(t)
    return result(_cat(ts, 1, "_npi_column_stack"), seq[0])


def _split_points(n, ios, opname, equal):
    """Start offsets of the pieces of an axis of length `n`."""
    if is_int(ios):
        k = int(ios)
        if k == 0 and equal:
            raise ZeroDivisionError("integer modulo by zero")
        if k <= 0:
            raise MXNetError(f"{opname}: the number of sections must be positive, got {k}")
        if equal:
            if n % k:
                raise ValueError("array split does not result in an equal division")
            return [i * (n // k) for i in range(k)], n
        q, r = divmod(n, k)
        starts, pos = [], 0
        for i in range(k):
            starts.append(pos)
            pos += q + (1 if i < r else 0)
        return starts, n
    if isinstance(ios, (tuple, list)) and all(is_int(i) for i in ios):
        pts = [0] + [int(i) for i in ios]
        if n == 0:  # MXNet checks no index against an empty axis: every piece is empty
            return [0] * len(pts), 0
        for lo, hi in zip(pts, pts[1:] + [n]):
            if hi > n or lo > n:
                raise MXNetError(f"{opname}: split index {max(lo, hi)} exceeds the axis length {n}")
            if lo > hi:
                raise MXNetError(f"{opname}: split indices must be increasing, got {lo} then {hi}")
        return pts, n
    if isinstance(ios, (tuple, list)):
        raise _bad_param("indices", "Shape(tuple)", [0] + list(ios), opname)
    raise ValueError("indices_or_sections must be either int, or tuple / list / set of ints")


def _split(ary, ios, axis, opname, equal):
    need_array(ary, "ary", known=False, legacy=True)
    if not (is_int(ios) or isinstance(ios, (tuple, list))):  # MXNet reads the sections before its operator call
        raise ValueError("indices_or_sections must be either int, or tuple / list / set of ints")
    t = tin(ary)
    nd = t.dim()
    if not is_int(axis) or not -nd <= axis < nd:
        if equal:  # MXNet's split reads ary.shape[axis] in Python first
            raise IndexError("tuple index out of range")
        known_shape(ary)
        raise MXNetError(f"{opname}: axis {axis} is out of bounds for array of dimension {nd}")
    known_shape(ary)
    no_bool(t)
    ax = int(axis) % nd
    starts, n = _split_points(t.shape[ax], ios, opname, equal)
    ends = starts[1:] + [n]
    return [result(t.narrow(ax, s, e - s).clone(), ary) for s, e in zip(starts, ends)]


def split(ary, indices_or_sections, axis=0):
    """`ary` split into equal sections (an int) or at the given indices along `axis` (a list of arrays)."""
    return _split(ary, indices_or_sections, axis, "_npi_split", True)


def array_split(ary, indices_or_sections, axis=0):
    """Like `split`, but an int number of sections need not divide the axis evenly."""
    return _split(ary, indices_or_sections, axis, "_npi_array_split", False)


def hsplit(ary, indices_or_sections):
    """Split horizontally (axis 1; axis 0 for 1-d arrays)."""
    need_array(ary, "ary", known=False, legacy=True)  # split refuses a legacy array (after its checks)
    if ary.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(ary, indices_or_sections, 1 if ary.ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    """Split vertically (axis 0; arrays of 2 or more dimensions)."""
    need_array(ary, "ary", known=False, legacy=True)  # split refuses a legacy array (after its checks)
    if ary.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(ary, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    """Split depth-wise (axis 2; arrays of 3 or more dimensions)."""
    need_array(ary, "ary", known=False, legacy=True)  # split refuses a legacy array (after its checks)
    if ary.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(ary, indices_or_sections, 2)
