"""`mx.np` products (MXNet 1.9.1): dot, vdot, inner, outer, matmul, tensordot, einsum.

As in MXNet on CPU, the BLAS-backed products (all but einsum) need two arrays of one float dtype, float32 or
float64 (float16 only on a GPU); einsum takes any one dtype. Bad shapes are MXNetErrors.
"""
import torch

from ..base import MXNetError
from ..ndarray.ndarray import NDArray
from ._ufunc import tensor, result, write_out, check_kwargs, NUMERIC
from ._wrap import refuse_legacy
from ._dtypes import name as dname

__all__ = ["dot", "vdot", "inner", "outer", "matmul", "tensordot", "einsum"]


def _need(x, argname, legacy=False):
    """The tensor of array operand `x` (MXNet's AssertionError for a non-array; TypeError for a legacy NDArray
    unless `legacy`)."""
    if not isinstance(x, NDArray):
        raise AssertionError(f"Argument {argname} must have NDArray type, but got {x}")
    if not legacy:
        refuse_legacy(x)
    return tensor(x)


def _flat(x):
    """`x.flatten()` as MXNet's outer/vdot call it (a list has no flatten: AttributeError)."""
    if not isinstance(x, NDArray):
        if not hasattr(x, "flatten"):
            raise AttributeError(f"'{type(x).__name__}' object has no attribute 'flatten'")
        raise AssertionError(f"Argument a must have NDArray type, but got {x}")
    return tensor(x).reshape(-1)


def _blas_dtypes(a, b, opname):
    if a.dtype is not b.dtype:
        raise MXNetError(f"{opname}: Type inconsistent, Provided = {dname(b.dtype)}, "
                         f"inferred type = {dname(a.dtype)}")
    d = a.dtype
    if d is torch.float32 or d is torch.float64 or (d is torch.float16 and a.device.type == "cuda"):
        return
    raise MXNetError(f"{opname} only supports float32/float64 for CPU, and float16/float32/float64 for GPU "
                     f"(got {dname(d)})")


def _run(opname, fn, *args):
    try:
        return fn(*args)
    except RuntimeError as e:
        raise MXNetError(f"{opname}: Shape inconsistent: {e}") from None


def _finish(r, like, out, inputs):
    return result(r, like) if out is None else write_out(r, out, inputs)


def dot(a, b, out=None):
    """Dot product: inner product of vectors, matrix product, or a sum product over the last axis of `a` and the
    second-to-last of `b`; a 0-d operand multiplies (mx.np.dot)."""
    ta, tb = _need(a, "a"), _need(b, "b")
    _blas_dtypes(ta, tb, "dot")
    if ta.dim() == 0 or tb.dim() == 0:
        r = _run("dot", torch.mul, ta, tb)
    elif tb.dim() == 1:
        if ta.shape[-1] != tb.shape[0]:
            raise MXNetError(f"dot: Shape inconsistent, Provided = {list(tb.shape)}, "
                             f"inferred shape=[{ta.shape[-1]}]")
        r = _run("dot", torch.matmul, ta, tb)
    else:
        if ta.shape[-1] != tb.shape[-2]:
            raise MXNetError(f"dot: Shape inconsistent: the last axis of a ({ta.shape[-1]}) must match the "
                             f"second-to-last axis of b ({tb.shape[-2]})")
        if tb.dim() == 2:  # the same sum product; torch.tensordot costs ~30 us more
            r = _run("dot", torch.matmul, ta, tb)
        else:
            r = _run("dot", torch.tensordot, ta, tb, ([ta.dim() - 1], [tb.dim() - 2]))
    return _finish(r, a, out, (a, b))


def matmul(a, b, out=None, **kwargs):
    """Matrix product with numpy's broadcasting and 1-d promotion rules; 0-d operands are refused (mx.np.matmul)."""
    if kwargs:
        check_kwargs(kwargs, "matmul", False)
    ta, tb = _need(a, "a"), _need(b, "b")
    _blas_dtypes(ta, tb, "matmul")
    if ta.dim() == 0 or tb.dim() == 0:
        raise MXNetError("matmul: Multiplication by scalars is not allowed.")
    r = _run("matmul", torch.matmul, ta, tb)
    return _finish(r, a, out, (a, b))


def _axes_list(ax, ndim):
    ax = [ax] if isinstance(ax, int) else list(ax)
    out = []
    for v in ax:
        v = int(v)
        if not -ndim <= v < ndim:
            raise MXNetError(f"tensordot: axis {v} is out of bounds for array of dimension {ndim}")
        out.append(v % ndim)
    return out


def _tensordot_t(ta, tb, axes, opname="tensordot"):
    _blas_dtypes(ta, tb, opname)
    if isinstance(axes, int) or (isinstance(axes, NUMERIC) and not isinstance(axes, float)):
        n = max(int(axes), 0)  # MXNet 1.9.1 contracts nothing (an outer product) for a negative count
        if n > ta.dim() or n > tb.dim():
            raise MXNetError(f"{opname}: axes={n} is out of range for arrays of dimensions {ta.dim()} and "
                             f"{tb.dim()}")
        da, db = list(range(ta.dim() - n, ta.dim())), list(range(n))
    else:
        try:
            xa, xb = axes
        except (TypeError, ValueError):
            raise ValueError(f"{opname}: axes must be an int or a pair of axis lists, got {axes!r}") from None
        da, db = _axes_list(xa, ta.dim()), _axes_list(xb, tb.dim())
        if len(da) != len(db):
            raise MXNetError(f"{opname}: the axes lists must have the same length, got {axes!r}")
    for i, j in zip(da, db):
        if ta.shape[i] != tb.shape[j]:
            raise MXNetError(f"{opname}: shape-mismatch for sum: a.shape[{i}]={ta.shape[i]} vs "
                             f"b.shape[{j}]={tb.shape[j]}")
    return _run(opname, torch.tensordot, ta, tb, (da, db))


def tensordot(a, b, axes=2):
    """Sum of products over `axes` (an int: the last N of `a` with the first N of `b`; or two axis lists)."""
    ta, tb = _need(a, "a", True), _need(b, "b", True)  # MXNet 1.9.1's tensordot takes legacy arrays too
    return result(_tensordot_t(ta, tb, axes), a)


def inner(a, b):
    """Inner product over the last axes of `a` and `b` (mx.np.inner)."""
    ta, tb = _need(a, "a"), _need(b, "b")
    if ta.dim() == 0 or tb.dim() == 0:
        raise MXNetError("inner: 0-d operands are not supported (axis -1 out of range)")
    return result(_tensordot_t(ta, tb, ([-1], [-1]), "inner"), a)


def outer(a, b):
    """Outer product of the flattened `a` and `b` (mx.np.outer)."""
    fa, fb = _flat(a), _flat(b)
    _blas_dtypes(fa, fb, "outer")
    return result(torch.outer(fa, fb), a)


def vdot(a, b):
    """Dot product of the flattened `a` and `b` (a 0-d array) (mx.np.vdot)."""
    fa, fb = _flat(a), _flat(b)
    _blas_dtypes(fa, fb, "vdot")
    if fa.shape[0] != fb.shape[0]:
        raise MXNetError(f"vdot: shape-mismatch for sum: {fa.shape[0]} vs {fb.shape[0]} elements")
    return result(torch.dot(fa, fb), a)


def einsum(*operands, **kwargs):
    """Einstein summation `einsum(subscripts, *arrays, out=None, optimize=False)` (mx.np.einsum).

    Like MXNet, other keywords are accepted and have no effect, and `optimize` only picks a contraction order
    (torch chooses its own; the values are the same)."""
    optimize = int(kwargs.pop("optimize", False))  # MXNet passes int(optimize): 'greedy'/'optimal' ValueErrors
    out = kwargs.pop("out", None)
    if not operands:
        raise TypeError("einsum() missing the subscripts argument")
    subscripts, arrays = operands[0], operands[1:]
    for x in arrays:  # MXNet checks the operands first (numpy's sublist form fails here)
        if not isinstance(x, NDArray):
            raise AssertionError(f"Positional arguments must have NDArray type, but got {x}")
    if not isinstance(subscripts, str):
        raise MXNetError(f"einsum: the subscripts must be a string, got {type(subscripts).__name__}")
    ts = [tensor(x) for x in arrays]
    if not ts:
        raise MXNetError("einsum: at least one operand is required")
    d = ts[0].dtype
    for t in ts[1:]:
        if t.dtype is not d:
            raise MXNetError(f"einsum: Type inconsistent, Provided = {dname(t.dtype)}, inferred type = {dname(d)}")
    if d is torch.bool and optimize:  # MXNet's optimized path (tensordot kernels) has no bool case
        raise MXNetError("Unknown type enum 7")
    if not d.is_floating_point:  # bool: products are ANDs, sums ORs; integers: computed in int64 (torch's
        ts = [t.to(torch.int64) for t in ts]  # int32 paths fail; the cast back wraps as MXNet's own dtype sums do)
    try:
        r = torch.einsum(subscripts, *ts)
    except RuntimeError as e:
        raise MXNetError(f"einsum: {e}") from None
    if r.dtype is not d:  # torch sums integer operands into int64; bool: nonzero
        r = (r != 0) if d is torch.bool else r.to(d)
    return _finish(r, arrays[0], out, arrays)
