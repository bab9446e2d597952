"""Index and layout operators: batch_take, gather_nd, scatter_nd, slice_like, split_v2,
depth_to_space, space_to_depth."""
import builtins

import torch

from ..base import MXNetError, dtype_name
from ._deferred_error import failed
from ._args import as_axis, as_bool, as_tuple
from ._bool_inputs import bool_error
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop
from ._unknown_shape import check_tensor
from ._nondiff import no_fgradient_op

__all__ = ["batch_take", "gather_nd", "scatter_nd", "slice_like", "split_v2", "depth_to_space",
           "space_to_depth"]


@mxop("batch_take")
@no_fgradient_op("batch_take")
def batch_take(a, indices):
    """`a[i, indices[i]]` for each row i of a 2-d array (indices clipped to the row; int indices only)."""
    t, idx = tensor_of(a), tensor_of(indices)
    if idx.dtype is not torch.int32:  # MXNet's batch_take takes int32 indices only
        raise MXNetError(f"batch_take: Type inconsistent, Provided = {dtype_name(idx.dtype)}, inferred type = int32")
    if t.dim() != 2 or idx.shape[0] != t.shape[0]:
        raise MXNetError(f"batch_take: expects a 2-d array and one index per row, got {tuple(t.shape)} "
                         f"and {tuple(idx.shape)}")
    col = idx.long().clamp(0, t.shape[1] - 1)
    return wrap(t.gather(1, col.reshape(-1, 1)).reshape(-1))


def _nd_index(t, idx, opname):
    """The M index tensors (negative values wrap) of an (M, ...) index array into `t`'s leading axes."""
    ix = idx.long()
    m = ix.shape[0]
    if m > t.dim():
        raise MXNetError(f"{opname}: indices have {m} rows but data has only {t.dim()} dimensions")
    out = []
    for k in builtins.range(m):
        n = t.shape[k]
        row = ix[k]
        if bool(((row >= n) | (row < -n)).any()):
            bad = int(row[(row >= n) | (row < -n)][0])
            raise IndexError(f"index {bad} is out of bounds for axis {k} with size {n}")
        out.append(torch.remainder(row, n))
    return out


@mxop("gather_nd")
def gather_nd(data, indices):
    """`out[y_0..y_K] = data[indices[0, y], ..., indices[M-1, y], ...]` (negative indices wrap)."""
    t, idx = tensor_of(data), tensor_of(indices)
    if idx.dim() < 2:
        raise MXNetError(f"Check failed: ishape.ndim() > 1 ({idx.dim()} vs. 1) : gather_nd requires index tensor "
                         "to have at least 2 dimensions")
    try:
        return wrap(t[tuple(_nd_index(t, idx, "gather_nd"))])
    except IndexError as e:  # MXNet's kernel checks the indices: the error comes when the result is read
        if idx.shape[0] > t.dim():
            raise
        return wrap(failed(e, tuple(idx.shape[1:]) + tuple(t.shape[idx.shape[0]:]), t.dtype, t.device))


def _scatter(data, indices, shape, accumulate, opname):
    t, idx = tensor_of(data), tensor_of(indices)
    shp = as_tuple(shape)
    out = torch.zeros(shp, dtype=t.dtype, device=t.device)
    if idx.dim() < 1 or tuple(t.shape) != tuple(idx.shape[1:]) + shp[idx.shape[0]:]:
        raise MXNetError(f"{opname}: data shape {tuple(t.shape)} does not match indices {tuple(idx.shape)} "
                         f"and shape {shp}")
    probe = torch.empty(shp, device="meta")
    ix = _nd_index(probe, idx, opname)
    return wrap(out.index_put(tuple(ix), t, accumulate=accumulate))


@mxop("scatter_nd")
def scatter_nd(data, indices, shape):
    """Zeros of `shape` with `data` written at `indices` (the inverse of gather_nd; last write wins)."""
    return _scatter(data, indices, shape, False, "scatter_nd")


@mxop("_backward_gather_nd")
def _backward_gather_nd(data, indices, shape):
    """Zeros of `shape` with `data` added at `indices` (gather_nd's gradient; repeated indices accumulate)."""
    return _scatter(data, indices, shape, True, "_backward_gather_nd")


@mxop("slice_like")
def slice_like(data, shape_like, axes=()):
    """Slice `data` from the start to the shape of `shape_like` on `axes` (all axes when empty; none for None,
    which MXNet reads as an unknown shape)."""
    t, ref = tensor_of(data), tensor_of(shape_like)
    if axes is None:
        return wrap(t.clone())
    axes = as_tuple(axes) or ()
    if not axes:
        if t.dim() != ref.dim():
            raise MXNetError(f"slice_like: By default slice_axis performs slice on all axes, but ndim "
                             f"mismatch for inputs: {t.dim()} vs. {ref.dim()}")
        axes = tuple(builtins.range(t.dim()))
    key = [builtins.slice(None)] * t.dim()
    for a in axes:
        ax = as_axis(a, t.dim(), "slice_like")
        rax = ax  # MXNet counts a negative axis from the end of `data` for both inputs
        if not 0 <= rax < ref.dim():
            raise MXNetError(f"slice_like: Check failed: from_shape.ndim() > axis ({ref.dim()} vs. {rax}) : "
                             f"Slice axis: {rax} exceeds second input: {ref.dim()}")
        if ref.shape[rax] > t.shape[ax]:
            raise MXNetError(f"slice_like: cannot slice axis {ax} of size {t.shape[ax]} to {ref.shape[rax]}")
        key[ax] = builtins.slice(0, ref.shape[rax])
    return wrap(t[tuple(key)].clone())


def split_v2(ary, indices_or_sections, axis=0, squeeze_axis=False):
    """Split into equal `sections` (an int) or at the given `indices` (a tuple) along `axis`."""
    t = tensor_of(ary)
    n = tuple(t.shape)[axis]  # MXNet's front-end reads ary.shape[axis] (IndexError, TypeError)
    if squeeze_axis is None:  # handed to the operator as the string 'None'
        raise MXNetError("Invalid Parameter format for squeeze_axis expect boolean but value='None', "
                         'in operator _split_v2(name="", squeeze_axis="None")')
    ax = as_axis(axis, t.dim(), "split_v2")
    if isinstance(indices_or_sections, int):
        k = indices_or_sections
        if n % k:  # MXNet's front-end: ValueError (ZeroDivisionError for 0 sections)
            raise ValueError("array split does not result in an equal division")
        if k < 0:
            raise MXNetError(f"split_v2: axis of size {n} cannot be split into {k} equal sections")
        bounds = [i * (n // k) for i in builtins.range(k)] + [n]
    elif isinstance(indices_or_sections, tuple):
        bounds = [0] + [int(i) for i in indices_or_sections] + [n]  # a leading 0 is an empty first section
        for i, (b, e) in enumerate(zip(bounds[:-1], bounds[1:])):
            if b > e:
                raise MXNetError(f"split_v2: Check failed: start <= end: start {b} is not less than end {e}"
                                 f"for subarray {i}")
        if bounds[-2] > n:
            raise MXNetError(f"split_v2: Check failed: end <= ishape[real_axis]: end {bounds[-2]} is no less "
                             f"than the size of the axis {n}")
    else:
        raise ValueError("indices_or_sections must either int or tuple of ints")
    if t.numel() < 2 and type(ary) is NDArray:
        check_tensor("_split_v2", t)  # legacy shape mode: a 0-d / zero-size input is an unknown shape
    if t.dtype is torch.bool:  # MXNet's _split_v2 has no bool kernel
        raise bool_error("_split_v2")
    parts = []
    for b, e in zip(bounds[:-1], bounds[1:]):
        p = t.narrow(ax, b, builtins.max(e - b, 0))
        if as_bool(squeeze_axis):
            if p.shape[ax] != 1:
                raise MXNetError("split_v2: squeeze_axis needs sections of size 1")
            p = p.squeeze(ax)
        parts.append(wrap(p.clone()))
    return parts[0] if len(parts) == 1 else parts


@mxop("depth_to_space")
def depth_to_space(data, block_size):
    """Move depth blocks to space: (N, C*b*b, H, W) -> (N, C, H*b, W*b) (MXNet's DCR order)."""
    t = tensor_of(data)
    b = int(block_size)
    if t.dim() != 4 or b <= 0 or t.shape[1] % (b * b) or 0 in t.shape:  # MXNet needs non-empty axes
        raise MXNetError(f"depth_to_space: needs a 4-d input whose channels divide block_size^2, got "
                         f"{tuple(t.shape)} and block_size={block_size}")
    n, c, h, w = t.shape
    x = t.reshape(n, b, b, c // (b * b), h, w).permute(0, 3, 4, 1, 5, 2)
    return wrap(x.reshape(n, c // (b * b), h * b, w * b))


@mxop("space_to_depth")
def space_to_depth(data, block_size):
    """Move spatial blocks to depth: (N, C, H*b, W*b) -> (N, C*b*b, H, W) (inverse of depth_to_space)."""
    t = tensor_of(data)
    b = int(block_size)
    if t.dim() != 4 or b <= 0 or t.shape[2] % b or t.shape[3] % b or 0 in t.shape:  # non-empty axes
        raise MXNetError(f"space_to_depth: needs a 4-d input whose height and width divide block_size, got "
                         f"{tuple(t.shape)} and block_size={block_size}")
    n, c, h, w = t.shape
    x = t.reshape(n, c, h // b, b, w // b, b).permute(0, 3, 5, 1, 2, 4)
    return wrap(x.reshape(n, c * b * b, h // b, w // b))




def _attach_methods():
    """NDArray methods that forward to operators (`x.op(*args)` is `nd.op(x, *args)`), as in MXNet."""
    from .ndarray import NDArray
    from .register import OPS

    def method(opname):
        def m(self, *args, **kwargs):
            return OPS[opname](self, *args, **kwargs)
        m.__name__ = opname
        m.__doc__ = f"`nd.{opname}` with this array as the first input."
        return m

    for opname in ("depth_to_space", "space_to_depth", "slice_like", "diag", "shape_array", "size_array",
                   "slice", "softmin", "pad"):
        if opname in OPS and not hasattr(NDArray, opname):
            setattr(NDArray, opname, method(opname))
    if not hasattr(NDArray, "split_v2"):
        NDArray.split_v2 = lambda self, *args, **kwargs: split_v2(self, *args, **kwargs)
        NDArray.split_v2.__doc__ = "`nd.split_v2` with this array as the first input."
