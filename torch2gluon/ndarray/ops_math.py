"""More math operators: logical binaries, hypot, hard_sigmoid, smooth_l1, cumsum, moments, diag,
khatri_rao, histogram, AMP casts, finiteness checks and small array utilities (moveaxis, concatenate)."""
import builtins
import numbers
import warnings

import numpy as np
import torch

from ..base import MXNetError, _Null, torch_dtype
from ._args import as_axes, as_axis, as_bool, as_tuple
from .ndarray import NDArray, tensor_of, wrap, _check_binary, _scalar_for
from .register import mxop
from ._nondiff import link, no_fgradient_op, zero_grad_op
from ._state import STATE
from ._checks import float_only, F32, F32_F64
from ._ufunc import dispatch
from ._num_args import check_num_args

__all__ = ["broadcast_hypot", "broadcast_logical_and", "broadcast_logical_or", "broadcast_logical_xor",
           "logical_and", "logical_or", "logical_xor", "hard_sigmoid", "smooth_l1", "cumsum", "moments",
           "diag", "khatri_rao", "histogram", "amp_cast", "amp_multicast", "all_finite",
           "multi_all_finite", "multi_sum_sq", "reset_arrays", "moveaxis", "concatenate", "from_numpy",
           "onehot_encode", "choose_element_0index", "fill_element_0index", "ravel_multi_index",
           "unravel_index"]

_LOGIC = {"logical_and": torch.logical_and, "logical_or": torch.logical_or,
          "logical_xor": torch.logical_xor}


def _logic_tensor(name, a, b):
    out = _LOGIC[name](a != 0, b != 0 if isinstance(b, torch.Tensor) else bool(b)).to(a.dtype)
    return link(out, (a, b)) if STATE.recording else out


def _bcast_logic(name):
    def op(lhs, rhs):
        a, b = tensor_of(lhs), tensor_of(rhs)
        _check_binary(a, b, name)
        return wrap(_logic_tensor(name, a, b))
    op.__name__ = f"broadcast_{name}"
    op.__doc__ = f"Broadcasting element-wise `{name}` (1 where true, 0 elsewhere, in the input dtype)."
    return mxop(f"broadcast_{name}")(op)


broadcast_logical_and = _bcast_logic("logical_and")
broadcast_logical_or = _bcast_logic("logical_or")
broadcast_logical_xor = _bcast_logic("logical_xor")


def _logic_fn(name):
    def op(lhs, rhs):
        if isinstance(lhs, NDArray) and isinstance(rhs, NDArray):
            return globals()[f"broadcast_{name}"](lhs, rhs)
        return dispatch(name, lhs, rhs, globals()[f"broadcast_{name}"], with_scalar, with_scalar)

    def with_scalar(arr, s):
        t = tensor_of(arr)
        return wrap(_logic_tensor(name, t, torch.tensor(_scalar_for(t, s), device=t.device)))
    op.__name__ = op.__qualname__ = name  # python's TypeErrors read "logical_and() missing ...", as MXNet's
    op.__doc__ = f"Element-wise `{name}` of arrays and/or scalars, with broadcasting."
    return mxop(name, python=True, plain=True)(op)  # MXNet's python function: a missing argument is TypeError


logical_and = _logic_fn("logical_and")
logical_or = _logic_fn("logical_or")
logical_xor = _logic_fn("logical_xor")


@mxop("broadcast_hypot")
def broadcast_hypot(lhs, rhs):
    """Broadcasting `sqrt(lhs**2 + rhs**2)`."""
    a, b = tensor_of(lhs), tensor_of(rhs)
    _check_binary(a, b, "hypot")
    if not a.is_floating_point():
        return wrap(torch.sqrt((a * a + b * b).double()).to(a.dtype))
    return wrap(torch.hypot(a, b))


@mxop("hard_sigmoid")
def hard_sigmoid(data, alpha=0.2, beta=0.5):
    """`clip(alpha * x + beta, 0, 1)`."""
    t = float_only(tensor_of(data), "hard_sigmoid")
    return wrap(torch.clamp(t * float(alpha) + float(beta), 0, 1))


@mxop("smooth_l1")
def smooth_l1(data, scalar=1.0):
    """Smooth L1: `0.5 (s x)^2` where `|x| < 1/s^2`, else `|x| - 0.5/s^2` (s = `scalar`)."""
    t = tensor_of(data)
    if not t.is_floating_point():
        return wrap(_smooth_l1_int(t, scalar))
    return wrap(_SmoothL1.apply(t, float(scalar) ** 2))


def _smooth_l1_int(t, scalar):
    """MXNet's integer kernel: the scalar cast to the dtype and squared there (0.5 -> 0, uint8 wraps), the
    threshold 1/s^2 (inf for 0) and the branches in float32, the result truncated back to the dtype."""
    s = torch.tensor(_scalar_for(t, scalar), dtype=t.dtype, device=t.device)
    sq = (s * s).to(torch.float32)
    inv = 1.0 / sq
    a = t.to(torch.float32)
    res = torch.where(a > inv, a - 0.5 * inv, torch.where(a < -inv, -a - 0.5 * inv, 0.5 * a * a * sq))
    return res.to(t.dtype)


class _SmoothL1(torch.autograd.Function):
    """smooth_l1 with MXNet's gradient: 1 above 1/s^2, -1 below -1/s^2, s^2 x between (nan at nan; the
    where-of-branches form gives nan at +-inf, where the unused square overflows)."""

    @staticmethod
    def forward(ctx, x, s2):  # pylint: disable=arguments-differ
        ctx.save_for_backward(x)
        ctx.s2 = s2
        ax = torch.abs(x)
        return torch.where(ax < 1.0 / s2, 0.5 * s2 * x * x, ax - 0.5 / s2)

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        x, = ctx.saved_tensors
        c = 1.0 / ctx.s2
        one = torch.ones((), dtype=x.dtype, device=x.device)
        return g * torch.where(x > c, one, torch.where(x < -c, -one, ctx.s2 * x)), None


@mxop("cumsum", "_np_cumsum")
def cumsum(a, axis=None, dtype=None):
    """Cumulative sum along `axis` (of the flattened array when `axis` is None)."""
    t = tensor_of(a)
    if axis is None:
        t, ax = t.reshape(-1), 0
    else:
        ax = int(axis)
        if not 0 <= ax < t.dim():  # MXNet 1.9.1 rejects negative axes here
            raise MXNetError(f"cumsum: axis {ax} must be in range [0, {t.dim()})")
    if dtype is not None:
        td = torch_dtype(dtype)
    else:  # numpy's accumulator: bool counts in int64
        td = torch.int64 if t.dtype is torch.bool else t.dtype
    return wrap(torch.cumsum(t, dim=ax, dtype=td))


@mxop("moments")
def moments(data, axes=None, keepdims=False):
    """[mean, variance] (population variance) over `axes`."""
    t = tensor_of(data)
    if axes is None or len(as_tuple(axes)) == 0:
        raise MXNetError("Empty axes is not supported, if you would like to do global moments, please "
                         "pass all axes to axes argument")
    ax = as_axes(axes, t.dim(), False, "moments")
    keep = as_bool(keepdims)
    dt = t.dtype
    t = t if t.is_floating_point() else t.double()
    mean = torch.mean(t, dim=ax, keepdim=True)
    var = torch.mean((t - mean) ** 2, dim=ax, keepdim=keep)
    if not keep:
        mean = mean.squeeze(ax) if ax else mean
    if mean.dim() == 0:  # a full reduction gives shape (1,) in MXNet's legacy shape mode
        mean, var = mean.reshape(1), var.reshape(1)
    return [wrap(mean.to(dt)), wrap(var.to(dt))]


@mxop("diag")
def diag(data, k=0, axis1=0, axis2=1):
    """A diagonal (input of >= 2 dims) or a diagonal matrix built from a vector."""
    t = tensor_of(data)
    k = int(k)
    if t.dim() == 1:
        return wrap(torch.diag(t, k))
    if t.dim() == 0:
        raise MXNetError("diag: input must be at least 1-d")
    a1, a2 = as_axis(axis1, t.dim(), "diag"), as_axis(axis2, t.dim(), "diag")
    if a1 == a2:
        raise MXNetError("diag: axis1 and axis2 cannot refer to the same axis")
    n1, n2 = t.shape[a1], t.shape[a2]
    if k > n2 or -k > n1:  # an empty diagonal (k == n2 or k == -n1) is allowed, as in MXNet
        raise MXNetError(f"diag: Diagonal does not exist (k={k} for axes of sizes {n1} and {n2})")
    return wrap(torch.diagonal(t, k, a1, a2).clone())


@mxop("khatri_rao")
@no_fgradient_op("khatri_rao")
def khatri_rao(*args, num_args=_Null):
    """Column-wise Kronecker product of matrices with the same number of columns (`num_args`: their number)."""
    check_num_args("khatri_rao", num_args, len(args))
    ts = [float_only(tensor_of(a), "khatri_rao", F32_F64) for a in args]
    out = ts[0]
    for b in ts[1:]:
        if b.dim() != 2 or out.shape[1] != b.shape[1]:
            raise MXNetError("khatri_rao: inputs must be matrices with the same number of columns")
        out = (out[:, None, :] * b[None, :, :]).reshape(-1, out.shape[1])
    return wrap(out if len(ts) > 1 else out.clone())


@mxop("histogram")
def histogram(a, bins=10, range=None):  # noqa: A002
    """(counts, bin_edges): a float32 tuple (numpy's bins) for an int `bins` without `range`, else a list
    of int64 counts and edges in the data dtype."""
    t = tensor_of(a).detach()
    if not isinstance(bins, NDArray) and range is not None:
        lo, hi = (float(r) for r in range)
        bins = wrap(torch.linspace(lo, hi, int(bins) + 1, dtype=torch.float64, device=t.device))
    if isinstance(bins, NDArray):
        edges = tensor_of(bins).detach().to(t.dtype)
        flat = t.reshape(-1)
        idx = torch.searchsorted(edges, flat, right=True) - 1
        last = flat == edges[-1]
        idx = torch.where(last, torch.full_like(idx, edges.numel() - 2), idx)
        ok = (idx >= 0) & (idx < edges.numel() - 1)
        counts = torch.bincount(idx[ok], minlength=edges.numel() - 1).to(torch.int64)
        return [wrap(counts), wrap(edges.clone())]
    cnt, edges = np.histogram(t.cpu().numpy(), bins=int(bins))
    return (wrap(torch.as_tensor(cnt, device=t.device).float()),
            wrap(torch.as_tensor(edges, device=t.device).float()))


_NARROW = (torch.float16,)


@mxop("amp_cast")
def amp_cast(data, dtype):
    """Cast between float32 and float16 (AMP); other dtypes pass through unchanged."""
    t = tensor_of(data)
    td = torch_dtype(dtype)
    if t.dtype in (torch.float32, torch.float16) and td in (torch.float32, torch.float16):
        return wrap(t.to(td) if td is not t.dtype else t.clone())
    return wrap(t.clone())


@mxop("amp_multicast")
def amp_multicast(*data, num_outputs, cast_narrow=False):
    """Cast all float inputs to the widest (or, with `cast_narrow`, narrowest) float dtype among them."""
    if len(data) != int(num_outputs):
        raise MXNetError(f"amp_multicast: num_outputs={num_outputs} but {len(data)} inputs were given")
    ts = [tensor_of(d) for d in data]
    floats = [t.dtype for t in ts if t.dtype in (torch.float16, torch.float32, torch.float64)]
    if not floats:
        return [wrap(t.clone()) for t in ts]
    order = {torch.float16: 0, torch.float32: 1, torch.float64: 2}
    pick = builtins.min if as_bool(cast_narrow) else builtins.max
    target = pick(floats, key=order.get)
    return [wrap(t.to(target) if t.dtype in order and t.dtype is not target else t.clone()) for t in ts]


def _finite(ts):
    return builtins.all(bool(torch.isfinite(t).all()) for t in ts)


@mxop("all_finite")
def all_finite(data, init_output=True):
    """A float32 array [1.] if every element is finite, else [0.]."""
    ok = _finite([float_only(tensor_of(data), "all_finite").detach()])
    return wrap(torch.tensor([1.0 if ok else 0.0], device=data._t.device))


@mxop("multi_all_finite")
def multi_all_finite(*arrays, num_arrays=1, init_output=True):
    """A float32 array [1.] if every element of every input is finite, else [0.]."""
    if len(arrays) != int(num_arrays):
        raise MXNetError(f"multi_all_finite: num_arrays={num_arrays} but {len(arrays)} inputs were given")
    ok = _finite([tensor_of(a).detach() for a in arrays])
    return wrap(torch.tensor([1.0 if ok else 0.0], device=arrays[0]._t.device))


@mxop("multi_sum_sq")
def multi_sum_sq(*arrays, num_arrays):
    """A float32 vector of the sums of squares of each input."""
    if len(arrays) != int(num_arrays):
        raise MXNetError(f"multi_sum_sq: num_arrays={num_arrays} but {len(arrays)} inputs were given")
    vals = [torch.sum(tensor_of(a).detach().float() ** 2) for a in arrays]
    return wrap(torch.stack(vals))


@mxop("reset_arrays")
def reset_arrays(*data, num_arrays):
    """Set every input array to zero in place (returns nothing)."""
    if len(data) != int(num_arrays):
        raise MXNetError(f"reset_arrays: num_arrays={num_arrays} but {len(data)} inputs were given")
    for d in data:
        d._assign(torch.zeros_like(d._t))


def _moveaxis_axes(axes, ndim, what):
    """`axes` (an int or a sequence) as non-negative ints; ValueError like numpy's normalize_axis_tuple."""
    if isinstance(axes, (numbers.Integral, np.integer)):
        axes = [axes]
    out = []
    for a in axes:
        a = int(a)
        if not -ndim <= a < ndim:
            raise ValueError(f"{what}: axis {a} is out of bounds for array of dimension {ndim}")
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in `{what}` argument")
    return out


def moveaxis(tensor, source, destination):
    """Move axes `source` (an int or a sequence) to positions `destination`, keeping the others in order."""
    t = tensor_of(tensor)
    src = _moveaxis_axes(source, t.dim(), "source")
    dst = _moveaxis_axes(destination, t.dim(), "destination")
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number of elements")
    order = [n for n in range(t.dim()) if n not in src]
    for d, s_ in sorted(zip(dst, src)):
        order.insert(d, s_)
    return wrap(t.permute(order).clone())


def concatenate(arrays, axis=0, always_copy=True):
    """Concatenate a list of NDArrays along `axis` (a copy even for one array unless `always_copy=False`)."""
    if not arrays:
        raise ValueError("concatenate: arrays must be a non-empty list")
    if len(arrays) == 1 and not always_copy:
        return arrays[0]
    ts = [tensor_of(a) for a in arrays]
    ax = as_axis(axis, ts[0].dim(), "concatenate")
    for t in ts[1:]:
        if t.dim() != ts[0].dim() or any(x != y for i, (x, y) in enumerate(zip(t.shape, ts[0].shape))
                                         if i != ax):
            raise ValueError("concatenate: all arrays must have the same shape except on the concat axis")
        if t.dtype is not ts[0].dtype:
            raise ValueError("concatenate: all arrays must have the same dtype")
    return wrap(torch.cat(ts, dim=ax))


def from_numpy(ndarray, zero_copy=True):
    """An NDArray from a numpy array (sharing memory when `zero_copy` and the array is C-contiguous)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"from_numpy expects a numpy.ndarray, got {type(ndarray).__name__}")
    torch_dtype(ndarray.dtype)
    if zero_copy:
        if not ndarray.flags["C_CONTIGUOUS"]:
            raise ValueError("Only c-contiguous arrays are supported for zero-copy")
        with warnings.catch_warnings():  # a read-only array (e.g. already handed over once) is shared as is
            warnings.simplefilter("ignore", UserWarning)
            out = wrap(torch.from_numpy(ndarray))
        ndarray.flags.writeable = False  # as MXNet: the NDArray now owns the memory
        return out
    return wrap(torch.from_numpy(np.array(ndarray, copy=True)))


_NO_OUT = object()


@mxop("onehot_encode", "_onehot_encode")
def onehot_encode(indices, out=_NO_OUT):
    """Deprecated one-hot encoding of 1-d float32 `indices` into the (n, depth) float32 `out` (returned);
    a row whose index is outside [0, depth) stays zero, as in MXNet."""
    if out is _NO_OUT:
        raise TypeError("onehot_encode() missing 1 required positional argument: 'out'")
    if out is None:
        raise MXNetError("Operator _onehot_encode expects 2 inputs, but got 1 instead.")
    if not isinstance(out, NDArray):
        raise AssertionError(f"Argument rhs must have NDArray type, but got {out}")
    it, ot = tensor_of(indices), out._t
    if it.dim() != 1 or ot.dim() != 2:
        raise MXNetError("Check failed: index.ndim() == 1 && proptype.ndim() == 2: OneHotEncode only support 1d index.")
    if it.shape[0] != ot.shape[0]:
        raise MXNetError(f"Check failed: index[0] == proptype[0] ({it.shape[0]} vs. {ot.shape[0]}) : "
                         f"OneHotEncode shape inconsistent")
    if it.dtype is not torch.float32 or ot.dtype is not torch.float32:
        raise MXNetError("one_hot_encode only support float32 as input/output")
    idx = it.detach().long()  # truncation toward zero, as the kernel's int cast
    t = torch.zeros(ot.shape, dtype=ot.dtype, device=ot.device)
    ok = (idx >= 0) & (idx < ot.shape[1])
    t[torch.arange(t.shape[0], device=t.device)[ok], idx[ok]] = 1
    out._assign(t)
    return out


@mxop("choose_element_0index")
def choose_element_0index(data, index):
    """`data[i, index[i]]` for every row i (the old name of `pick` on axis 1)."""
    t = tensor_of(data)
    idx = tensor_of(index).long().clamp(0, t.shape[1] - 1)
    return wrap(t.gather(1, idx.reshape(-1, 1)).reshape(-1))


@mxop("fill_element_0index")
@no_fgradient_op("fill_element_0index")
def fill_element_0index(lhs, mhs, rhs):
    """A copy of `lhs` with `lhs[i, rhs[i]] = mhs[i]` for every row i whose index is in range (float32 only)."""
    t, m, r = (float_only(tensor_of(x), "fill_element_0index", F32) for x in (lhs, mhs, rhs))
    if t.dim() != 2 or m.dim() != 1 or r.dim() != 1:
        raise MXNetError("fill_element_0index: Check failed: lshape.ndim() == 2 && mshape.ndim() == 1 && "
                         "rshape.ndim() == 1: fill_row_element only support 2D Matrix, 1D value and 1D index")
    if not t.shape[0] == m.shape[0] == r.shape[0]:
        raise MXNetError("fill_element_0index: Check failed: (lshape[0] == mshape[0]) && (mshape[0] == rshape[0]): "
                         "choose_row_element index vector, value vector and matrix shape mismatch")
    t = t.clone()
    idx = r.long()
    ok = (idx >= 0) & (idx < t.shape[1])  # MXNet leaves a row with an out-of-range index unchanged
    rows = torch.arange(t.shape[0], device=t.device)[ok]
    t[rows, idx[ok]] = m[ok]
    return wrap(t)


@mxop("ravel_multi_index", "_ravel_multi_index")
@zero_grad_op
def ravel_multi_index(data, shape):
    """Flat indices (in the input dtype) of the index columns of `data` (shape (ndim, N)) into `shape`
    (zero gradient, as MXNet's)."""
    t = tensor_of(data).detach()
    dims = as_tuple(shape)
    if t.shape[0] != len(dims):
        raise MXNetError(f"ravel_multi_index: data has {t.shape[0]} rows but shape has {len(dims)} dims")
    strides = np.cumprod((1,) + dims[::-1][:-1])[::-1].tolist()
    flat = builtins.sum(t[i].double() * strides[i] for i in builtins.range(len(dims)))
    return wrap(flat.to(t.dtype))


@mxop("unravel_index", "_unravel_index")
def unravel_index(data, shape):
    """Index columns (shape (ndim, N), in the input dtype) of the flat indices `data` into `shape`."""
    t = tensor_of(data)
    dims = as_tuple(shape)
    rem = t.double()
    rows = []
    for d in reversed(dims[1:]):
        rows.append(torch.remainder(rem, d))
        rem = torch.div(rem, d, rounding_mode="floor")
    rows.append(rem)  # like MXNet, the leading coordinate is not wrapped (shape (-1, ...) leaves it open)
    return wrap(torch.stack(rows[::-1]).to(t.dtype))
