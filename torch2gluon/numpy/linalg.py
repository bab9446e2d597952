"""`mx.np.linalg`: MXNet 1.9.1's numpy-style linear algebra over `torch.linalg`.

Behaviour follows MXNet 1.9.1 (not official numpy) where they differ:
- `norm`: MXNet's front end and `_npi_norm` rules (string 'inf'/'-inf' mean max/min of |x|; with no axis a
  matrix norm of an N-d input is taken over its last two axes; a matrix 'ord' other than 1/-1/2/-2/'fro'/'nuc'
  is the max (ord > 0) or min (ord <= 0) absolute row sum; SVD-based norms need rows <= columns);
- integer inputs give integer norms computed MXNet's way (scale by max|x|, integer-divide: norm([3, 4]) = 4);
- `svd(a)` returns (ut, l, v) with a = ut @ diag(l) @ v and needs a.shape[-2] <= a.shape[-1];
- `slogdet` returns a list; eig/eigvals raise on complex eigenvalues;
- dtypes: float32/float64 only (MXNetError with MXNet's messages otherwise), except that integer inputs give
  float64 from eig/eigh/eigvals/eigvalsh/solve/tensorsolve; `det` of a 0x0 matrix is 1 (MXNet: garbage);
- gradients flow through norm, svd, cholesky, inv, det, slogdet, solve, tensorinv and tensorsolve; eig, eigh,
  eigvals, eigvalsh and pinv give zero gradients, and solve with a vector right-hand side fails in backward
  (MXNetError), as in MXNet 1.9.1;
- cond, lstsq, matrix_power, matrix_rank, multi_dot and qr are MXNet's NumPy fallbacks (see `fallback`).
Eigenvector/singular-vector signs and eig's eigenvalue order are LAPACK's choice and may differ from MXNet's.
"""
import numbers

import numpy as onp
import torch

from ..base import MXNetError
from ._wrap import wrap_np, tensor_in, np_class, np_operand

__all__ = ["norm", "svd", "cholesky", "inv", "det", "slogdet", "solve", "tensorinv", "tensorsolve", "eigvals",
           "eigvalsh", "eig", "eigh", "pinv", "cond", "lstsq", "matrix_power", "matrix_rank", "multi_dot", "qr"]

_FP = (torch.float32, torch.float64)
_FP_ONLY = "This operation only supports 32-bit and 64-bit floating point"


def _t(a, opname):
    return np_operand(a, opname, "A")


def _out(t, a):
    return wrap_np(t, a._ctx)


def _need_fp(t, f16_ok=False):
    if t.dtype in _FP or (f16_ok and t.dtype == torch.float16):
        return
    raise MXNetError(f"Check failed: dtype == kFloat32 || dtype == kFloat64: {_FP_ONLY}")


def _no_f16(t):
    if t.dtype == torch.float16:
        raise MXNetError("Check failed: a_type != mshadow::kFloat16: array type float16 is unsupported in linalg")


def _square(t, name="A"):
    if t.dim() < 2:
        raise MXNetError(f"Check failed: ndim >= 2 ({t.dim()} vs. 2) : Input {name}'s dimension must be >= 2")
    if t.shape[-1] != t.shape[-2]:
        raise MXNetError(f"Check failed: in[ndim-2] == in[ndim-1] ({t.shape[-2]} vs. {t.shape[-1]}) : Input "
                         f"{name}'s last two dimension must be equal")


def _legacy_scalar(r):
    """Outside np shape semantics MXNet's det/slogdet of one matrix give shape (1,), not ()."""
    from ..util import is_np_shape
    return r.reshape(1) if r.dim() == 0 and not is_np_shape() else r


def _zero_grad(res, t):
    """`res` connected to `t` with zero gradient (MXNet's linalg ops whose backward gives zeros)."""
    res = res.detach()
    if t.requires_grad:
        res = res + (t.sum() * 0).to(res.dtype)
    return res


class _FailingBackward(torch.autograd.Function):
    """Identity whose backward raises MXNetError(msg), where MXNet's backward fails."""

    @staticmethod
    def forward(ctx, x, msg):
        ctx.msg = msg
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        raise MXNetError(ctx.msg)


def _real_eigs(w, opname):
    if w.is_complex():
        if bool((w.imag.abs() > 1e-15).any()):
            raise MXNetError(f"Check failed: fabs(wi_ptr[i]) <= 1e-15 : Complex eigvals is unsupported in linalg "
                             f"temporary ({opname}).")
        w = w.real
    return w


# ---------------------------------------------------------------- norm


def _in_range(ax, nd):
    if not isinstance(ax, numbers.Integral) or not -nd <= ax < nd:
        raise MXNetError(f"Check failed: axis {ax} exceeds the input dimension of {nd}")
    return ax


def _axes(t, axis):
    nd = t.dim()
    out = []
    for ax in axis:
        if not isinstance(ax, (numbers.Integral,)) or not -nd <= ax < nd:
            raise MXNetError(f"Check failed: i >= 0 && i < ndim(): index = {ax} must be in range [0, {nd})")
        out.append(ax % nd)
    if len(set(out)) != len(out):
        raise MXNetError(f"Check failed: i >= 0 && i < ndim(): repeated axis in {tuple(axis)}")
    return tuple(out)


def _keep(r, axes, nd, keepdims):
    if keepdims:
        for ax in sorted(axes):
            r = r.unsqueeze(ax)
    return r


def _cdt(t):
    return torch.float64 if t.dtype == torch.float64 else torch.float32


def _vector_norm(x, ord_, ax):
    a = x.abs()
    if ord_ == 0:
        cnt = (x != 0).sum(dim=ax).to(x.dtype)
        return cnt + (x.sum(dim=ax) * 0) if x.requires_grad else cnt
    if ord_ == 1:
        return a.sum(dim=ax)
    if ord_ == 2:
        return torch.sqrt((x * x).sum(dim=ax))
    if ord_ < 0:
        return _NegPNorm.apply(x, ord_, ax)
    return (a ** ord_).sum(dim=ax) ** (1.0 / ord_)


class _NegPNorm(torch.autograd.Function):
    """A negative-order vector norm as MXNet reduces it: zero elements are skipped ((sum over x != 0 of
    |x|**p)**(1/p); 0 when all are zero); gradient sign(x) * |x|**(p-1) * norm**(1-p) (nan at zeros, as MXNet's)."""

    @staticmethod
    def forward(ctx, x, p, ax):
        a = x.abs()
        nz = x != 0
        s = torch.where(nz, torch.where(nz, a, torch.ones_like(a)) ** p, torch.zeros_like(a)).sum(dim=ax,
                                                                                              keepdim=True)
        r = torch.where(s == 0, torch.zeros_like(s), s ** (1.0 / p))
        ctx.save_for_backward(x, r)
        ctx.p = p
        ctx.ax = ax
        return r.squeeze(ax) if isinstance(ax, int) else r.reshape([n for i, n in enumerate(r.shape)
                                                                    if i not in ax])

    @staticmethod
    def backward(ctx, g):
        x, r = ctx.saved_tensors
        p, ax = ctx.p, ctx.ax
        g = g.reshape(r.shape)
        return g * torch.sign(x) * x.abs() ** (p - 1) * r ** (1 - p), None, None


def _svdvals(m, row, col, opname="norm"):
    if m.shape[row] > m.shape[col]:
        raise MXNetError(f"Check failed: V.size(0) <= V.size(1) ({m.shape[row]} vs. {m.shape[col]}) : The second "
                         "to last dimension of A must be less or equal to the last dimension")
    return torch.linalg.svdvals(m.movedim((row, col), (-2, -1)))


def _matrix_norm(x, ord_, flag, row, col):
    if flag == 1:
        return torch.sqrt((x * x).sum(dim=(row, col)))
    if flag == 2:
        return _svdvals(x, row, col).sum(-1)
    if ord_ in (2, -2):
        s = _svdvals(x, row, col)
        return s.amax(-1) if ord_ == 2 else s.amin(-1)
    a = x.abs()
    if ord_ in (1, -1):
        s = a.sum(dim=row, keepdim=True)
        r = s.amax(dim=col, keepdim=True) if ord_ == 1 else s.amin(dim=col, keepdim=True)
    else:
        s = a.sum(dim=col, keepdim=True)
        r = s.amax(dim=row, keepdim=True) if ord_ > 0 else s.amin(dim=row, keepdim=True)
    return r.squeeze(max(row, col)).squeeze(min(row, col))


def _npi_norm(t, ord_, axis, keepdims, flag):
    """MXNet's `_npi_norm` backend: flag -2 all-element 2-norm, 1 Frobenius, 2 nuclear, 0 spectral, -1 by ord."""
    try:
        ord_ = float(ord_)
    except (TypeError, ValueError):
        raise MXNetError(f"Invalid Parameter format for ord expect double but value='{ord_}', in operator "
                         "_npi_norm") from None
    nd = t.dim()
    is_int = not (t.is_floating_point() or t.is_complex())
    x = t.to(torch.float64 if is_int else _cdt(t)) if t.dtype not in _FP else t
    if flag == -2:
        r = _int_pnorm(x, 2.0, tuple(range(nd))) if is_int else torch.sqrt((x * x).sum())
        if keepdims:
            r = r.reshape((1,) * nd)
        return r.to(t.dtype)
    if axis is None:
        axes = tuple(range(nd)) if nd < 2 else (nd - 2, nd - 1)
    else:
        if len(axis) > 2:
            raise MXNetError("Improper number of dimensions to norm.")
        axes = _axes(t, axis)
    if len(axes) == 2:
        if is_int and (flag in (0, 2) or (flag == -1 and ord_ in (2, -2))):
            raise MXNetError(f"Check failed: dtype == kFloat32 || dtype == kFloat64: {_FP_ONLY}")
        r = _int_pnorm(x, 2.0, axes) if is_int and flag == 1 else _matrix_norm(x, ord_, flag, axes[0], axes[1])
    else:
        if flag == 2:
            raise MXNetError("Invalid norm order for inputs.")
        if flag == -1 and ord_ in (float("inf"), float("-inf")):
            raise MXNetError(f"{'-' if ord_ < 0 else ''}inf norm handled in front-end.")
        p = 2.0 if flag == 1 else ord_
        r = _int_pnorm(x, p, axes) if is_int and p != 0 else _vector_norm(x, p, axes)
    return _keep(r, axes, nd, keepdims).to(t.dtype)


def _int_pnorm(x, p, dims):
    """MXNet's p-norm of integer data: scale = max|x|, then scale * (sum (|x| // scale)^p)^(1/p), truncated (its
    integer division makes e.g. norm([3, 4]) = 4; MXNet warns that integer norms differ from NumPy's)."""
    a = x.abs()
    if a.numel() == 0:
        return a.sum(dim=dims)
    scale = a.amax(dim=dims, keepdim=True)
    q = torch.floor(a / torch.where(scale > 0, scale, torch.ones_like(scale)))
    return scale.squeeze(dims) * (q ** p).sum(dim=dims) ** (1.0 / p)


def _reduce_abs(t, fn, axis, keepdims):
    a = t.abs()
    if axis is None:
        r = fn(a.reshape(-1), 0)
        return r.reshape((1,) * t.dim()) if keepdims else r
    axes = _axes(t, axis if isinstance(axis, tuple) else (axis,))
    return fn(a, axes, keepdim=keepdims) if len(axes) else a


def _amax(a, dim, keepdim=False):
    return a.amax(dim=dim, keepdim=keepdim)


def _amin(a, dim, keepdim=False):
    return a.amin(dim=dim, keepdim=keepdim)


def _front_matrix(t, ord_, axis, keepdims):
    """MXNet's front-end ('inf'/'-inf' strings and ord 1/-1 over two axes), kept with its axis arithmetic."""
    row, col = axis
    a = t.abs()
    if ord_ in ("inf", "-inf"):
        if not keepdims and row > col:
            row -= 1
        s = a.sum(dim=_in_range(col, a.dim()), keepdim=keepdims)
        row = _in_range(row, s.dim())
        return s.amax(dim=row, keepdim=keepdims) if ord_ == "inf" else s.amin(dim=row, keepdim=keepdims)
    if not keepdims and row < col:
        col -= 1
    s = a.sum(dim=_in_range(row, a.dim()), keepdim=keepdims)
    col = _in_range(col, s.dim())
    return s.amax(dim=col, keepdim=keepdims) if ord_ == 1 else s.amin(dim=col, keepdim=keepdims)


def norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002 - MXNet's argument name
    """Matrix or vector norm with MXNet 1.9.1's `ord`/`axis` rules (see the module docstring)."""
    t = np_operand(x, "norm")
    if t.dtype == torch.bool and t.numel() == 0:  # MXNet's zero fill of an empty input has no bool case
        raise MXNetError("Unknown type enum 7")
    if isinstance(ord, bool):
        raise MXNetError(f"Invalid Parameter format for ord expect double but value='{ord}', in operator _npi_norm")
    if axis is None and ord is None:
        return _out(_npi_norm(t, 2, None, keepdims, -2), x)
    if axis is not None and not isinstance(axis, (int, tuple)):
        raise TypeError("'axis' must be None, an integer or a tuple of integers.")
    if isinstance(axis, int):
        axis = (axis,)
    if axis is not None and len(axis) == 2:
        if ord in ("inf", "-inf") or (not isinstance(ord, str) and ord in (1, -1)):
            return _out(_front_matrix(t, ord, axis, keepdims), x)
        if not isinstance(ord, str) and ord in (2, -2):
            return _out(_npi_norm(t, ord, axis, keepdims, 0), x)
        if ord is None:
            return _out(_npi_norm(t, 2, axis, keepdims, 1), x)
    if isinstance(ord, str) and ord in ("inf", "-inf"):
        fn = _amax if ord == "inf" else _amin
        return _out(_reduce_abs(t, fn, axis, keepdims), x)
    if ord is None:
        return _out(_npi_norm(t, 2, axis, keepdims, 1), x)
    if isinstance(ord, str) and ord == "nuc":
        return _out(_npi_norm(t, 2, axis, keepdims, 2), x)
    if isinstance(ord, str) and ord in ("fro", "f"):
        return _out(_npi_norm(t, 2, axis, keepdims, 1), x)
    return _out(_npi_norm(t, ord, axis, keepdims, -1), x)


# ---------------------------------------------------------------- decompositions


def svd(a):
    """(ut, l, v) with a = ut @ diag(l) @ v, singular values descending; needs a.shape[-2] <= a.shape[-1]."""
    t = _t(a, "svd")
    if t.dim() < 2:
        raise MXNetError(f"Check failed: a_ndim >= 2 ({t.dim()} vs. 2) : Input A's dimension must be >= 2")
    if t.shape[-2] > t.shape[-1]:
        raise MXNetError(f"Check failed: in_a[ndim - 2] <= in_a[ndim - 1] ({t.shape[-2]} vs. {t.shape[-1]}) : "
                         "Input A shape wrong: The second to last dimension must be less than orequal to the last "
                         "dimension")
    if t.numel() == 0:  # no kernel runs on an empty input: any dtype gives empty results of that dtype
        return tuple(_out(r.to(t.dtype), a) for r in torch.linalg.svd(t.to(torch.float64), full_matrices=False))
    _need_fp(t)
    u, s, vh = torch.linalg.svd(t, full_matrices=False)
    # MXNet's sign convention (GesvdVecSign): the first largest-magnitude entry of each row of v is made
    # positive, the matching column of ut flipped with it
    with torch.no_grad():
        big = torch.gather(vh, -1, vh.abs().argmax(dim=-1, keepdim=True))
        sign = torch.where(big < 0, -torch.ones_like(big), torch.ones_like(big))
    return tuple(_out(r, a) for r in (u * sign.transpose(-1, -2), s, vh * sign))


def cholesky(a):
    """Lower Cholesky factor L (a = L L^T) from a's lower triangle; MXNetError when a is not positive definite."""
    t = _t(a, "cholesky")
    _need_fp(t)
    if t.numel() == 0 and t.dim() >= 2:  # MXNet returns an empty input as it is (square or not)
        return _out(t.clone(), a)
    _square(t)
    L, info = torch.linalg.cholesky_ex(t)
    if bool((info != 0).any()):
        raise MXNetError("Check failed: ret == 0 : dpotrf failed in lapack on cpu. This may happen when the input "
                         "matrix is either not symmetric or not positive definite.")
    return _out(L, a)


def inv(a):
    """Inverse of (a batch of) square matrices; MXNetError for singular ones."""
    t = _t(a, "inv")
    _need_fp(t)
    _square(t)
    r, info = torch.linalg.inv_ex(t)
    if bool((info != 0).any()):
        raise MXNetError("Check failed: ret == 0 (1 vs. 0) : the input matrix is non-convertible")
    return _out(r, a)


def det(a):
    """Determinant of (a batch of) square matrices (1 for 0x0 ones, where MXNet returns uninitialised memory)."""
    t = _t(a, "det")
    _need_fp(t)
    _square(t)
    return _out(_legacy_scalar(torch.linalg.det(t)), a)


def slogdet(a):
    """[sign, log|det|] (a list, as MXNet); a singular matrix gives [0, -inf]."""
    t = _t(a, "slogdet")
    _need_fp(t)
    _square(t)
    sign, logabs = torch.linalg.slogdet(t)
    return [_out(_legacy_scalar(sign), a), _out(_legacy_scalar(logabs), a)]


def solve(a, b):
    """x with a @ x = b; b is (..., M) (one vector per matrix) or (..., M, K); no broadcasting, as MXNet."""
    ta, tb = _t(a, "solve"), _t(b, "solve")
    for t in (ta, tb):
        _no_f16(t)
    _square(ta)
    vector = tb.dim() == ta.dim() - 1
    if vector:
        if tb.shape[-1] != ta.shape[-1]:
            raise MXNetError(f"Check failed: in_a_shape[in_a_ndim - 1] == in_b_shape[in_b_ndim - 1] "
                             f"({ta.shape[-1]} vs. {tb.shape[-1]}) : Input A's and B's last dimension must be equal")
        batch_ok = tb.shape[:-1] == ta.shape[:-2]
    elif tb.dim() == ta.dim():
        if tb.shape[-2] != ta.shape[-1]:
            raise MXNetError(f"Check failed: in_a_shape[in_a_ndim - 1] == in_b_shape[in_b_ndim - 2] "
                             f"({ta.shape[-1]} vs. {tb.shape[-2]}) : Input A's and B's dimensions do not match")
        batch_ok = tb.shape[:-2] == ta.shape[:-2]
    else:
        raise MXNetError(f"Check failed: in_a_ndim == in_b_ndim || in_a_ndim == in_b_ndim + 1 "
                         f"({ta.dim()} vs. {tb.dim()}) : Input A and B's dimensions do not match")
    if not batch_ok:
        raise MXNetError(f"Check failed: Input A's and B's batch shapes must be equal ({list(ta.shape)} vs. "
                         f"{list(tb.shape)})")
    nrhs = 1 if vector else tb.shape[-1]
    if torch.bool in (ta.dtype, tb.dtype) and ta.shape[-1] and nrhs:  # MXNet returns early for N or NRHS 0
        raise MXNetError("Unknown type enum 7")
    dt = torch.float64 if torch.float64 in (ta.dtype, tb.dtype) or not (ta.is_floating_point()
                                                                      and tb.is_floating_point()) \
        else torch.float32
    x, info = torch.linalg.solve_ex(ta.to(dt), tb.to(dt).unsqueeze(-1) if vector else tb.to(dt))
    if tb.numel() and bool((info != 0).any()):  # no right-hand side: MXNet runs no factorization
        raise MXNetError("Check failed: res <= 0 : U(i, i) is exactly zero. The factorization has been completed, "
                         "but the factor U is exactly singular, so the solution could not be computed.")
    if vector:
        x = x.squeeze(-1)
        if x.requires_grad:  # MXNet 1.9.1's backward of solve fails for a vector right-hand side
            x = _FailingBackward.apply(x, "Check failed: (tA ? A.size(1) : A.size(0)) == C.size(0) : Non "
                                          "compatible matrix dimensions between inputs A and C for gemm")
    return _out(x, a)


def _prod(shape):
    p = 1
    for s in shape:
        p *= s
    return p


def tensorinv(a, ind=2):
    """Inverse of a with respect to tensordot over its first `ind` axes; shape a.shape[ind:] + a.shape[:ind]."""
    t = _t(a, "tensorinv")
    if not isinstance(ind, numbers.Integral) or ind <= 0:
        raise MXNetError(f"Check failed: ind > 0 ({ind} vs. 0) : Invalid ind argument.")
    front, back = tuple(t.shape[:ind]), tuple(t.shape[ind:])
    if _prod(front) != _prod(back):
        raise MXNetError(f"Check failed: prod_front == prod_back ({_prod(front)} vs. {_prod(back)}) : a shape must "
                         "be square, i. e., prod(a.shape[:ind]) == prod(a.shape[ind:]).")
    if t.dtype not in _FP:
        raise MXNetError("Check failed: inv_a_tblob.type_flag_ == a_tblob.type_flag_ : Binary function only "
                         "support input/output with the same type.")
    m = t.reshape(_prod(front), _prod(back))
    r, info = torch.linalg.inv_ex(m)
    if bool((info != 0).any()):
        raise MXNetError("Check failed: ret == 0 (1 vs. 0) : the input matrix is non-convertible")
    return _out(r.reshape(back + front), a)


def tensorsolve(a, b, axes=None):
    """x with tensordot(a, x, x.ndim) = b; `axes` are a's axes moved to the end first."""
    ta, tb = _t(a, "tensorsolve"), _t(b, "tensorsolve")
    for t in (ta, tb):
        _no_f16(t)
    if axes is not None:
        axes = (axes,) if isinstance(axes, numbers.Integral) else tuple(axes)
        ax = _axes(ta, axes)
        rest = [i for i in range(ta.dim()) if i not in ax]
        ta = ta.permute(rest + list(ax))
    k = ta.dim() - tb.dim()  # x's shape is numpy's a.shape[-(a.ndim - b.ndim):] (all of it when equal)
    back = tuple(ta.shape[-k:])
    front = tuple(ta.shape[:ta.dim() - len(back)])
    if _prod(front) != _prod(back):
        raise MXNetError(f"Check failed: prod_front == prod_back ({_prod(front)} vs. {_prod(back)}) : a shape "
                         "must be square.")
    if _prod(back) != tb.numel():
        raise MXNetError(f"Check failed: prod_back == b_shape.Size() ({_prod(back)} vs. {tb.numel()}) : a's and "
                         "b's dimensions don't match")
    if torch.bool in (ta.dtype, tb.dtype) and _prod(back):  # no kernel runs for an empty system
        raise MXNetError("Unknown type enum 7")
    dt = torch.float64 if torch.float64 in (ta.dtype, tb.dtype) or not ta.is_floating_point() else torch.float32
    m = ta.reshape(_prod(front), _prod(back)).to(dt)
    x, info = torch.linalg.solve_ex(m, tb.reshape(-1, 1).to(dt))
    if bool((info != 0).any()):
        raise MXNetError("Check failed: res <= 0 : the matrix is exactly singular, so the solution could not be "
                         "computed.")
    return _out(x.reshape(back), a)


def _eig_in(t, empty_bool_ok=False):
    _no_f16(t)
    _square(t)
    if t.dtype == torch.bool and not (empty_bool_ok and t.numel() == 0):  # MXNet's kernels have no bool case
        raise MXNetError("Unknown type enum 7")
    return t if t.dtype in _FP else t.to(torch.float64)


def eigvals(a):
    """Eigenvalues of general square matrices (real only: MXNetError on complex ones). Zero gradient."""
    t = _t(a, "eigvals")
    x = _eig_in(t)
    w = _real_eigs(torch.linalg.eigvals(x.detach()), "eigvals").to(x.dtype)
    return _out(_zero_grad(w, t), a)


def eig(a):
    """(w, v) eigenvalues and unit eigenvectors (columns) of general square matrices (real only). Zero gradient."""
    t = _t(a, "eig")
    x = _eig_in(t)
    w, v = torch.linalg.eig(x.detach())
    w = _real_eigs(w, "eig").to(x.dtype)
    v = v.real.to(x.dtype)
    return (_out(_zero_grad(w, t), a), _out(_zero_grad(v, t), a))


def _uplo(UPLO):
    return "U" if UPLO == "U" else "L"


def eigh(a, UPLO="L"):
    """(w ascending, v) of symmetric matrices from the lower ('L') or upper ('U') triangle. Zero gradient."""
    t = _t(a, "eigh")
    x = _eig_in(t, empty_bool_ok=True)
    w, v = torch.linalg.eigh(x.detach(), UPLO=_uplo(UPLO))
    if v.numel():  # MXNet flips each eigenvector so that its (first) largest-magnitude entry is positive
        big = torch.gather(v, -2, v.abs().argmax(dim=-2, keepdim=True))
        v = torch.where(big < 0, -v, v)
    return (_out(_zero_grad(w, t), a), _out(_zero_grad(v, t), a))


def eigvalsh(a, UPLO="L"):
    """Ascending eigenvalues of symmetric matrices from the 'L' or 'U' triangle. Zero gradient."""
    t = _t(a, "eigvalsh")
    x = _eig_in(t, empty_bool_ok=True)
    w = torch.linalg.eigvalsh(x.detach(), UPLO=_uplo(UPLO))
    return _out(_zero_grad(w, t), a)


def _pinv_rcond_shape(rshape, sshape):
    """MXNet's pinv compares the singular values (shape `sshape`) in place with rcond[..., None] * max: the
    cutoff must broadcast to exactly `sshape`."""
    cut = rshape + (1,)

    def fmt(shape):
        return "[" + ",".join(str(n) for n in shape) + "]"
    smax = sshape[:-1] + (1,)  # the largest singular value of each matrix, kept as a last axis of 1
    try:
        b = tuple(torch.broadcast_shapes(torch.broadcast_shapes(cut, smax), sshape))
    except RuntimeError:
        raise MXNetError(f"Check failed: l == 1 || r == 1: operands could not be broadcast together with shapes "
                         f"{fmt(cut)} {fmt(smax)}") from None
    if b != sshape:
        raise MXNetError(f"Error: non-broadcastable output operand with shape {fmt(sshape)} doesn't match the "
                         f"broadcast shape {fmt(b)}")


def pinv(a, rcond=1e-15, hermitian=False):
    """Moore-Penrose pseudo-inverse, singular values <= rcond * max dropped (`rcond` may be an array over the
    batch). `hermitian=True` is refused as by MXNet 1.9.1. Zero gradient."""
    if hermitian is True:
        raise NotImplementedError("hermitian is not supported yet...")
    t = _t(a, "pinv_scalar_rcond" if not isinstance(rcond, np_class()) else "pinv")
    if t.dtype == torch.float16:
        raise MXNetError("Check failed: a_type != mshadow::kFloat16: array type float16 is unsupported in linalg.")
    if t.numel() == 0 and t.dtype not in _FP:  # no kernel runs: an empty integer/bool input gives float64
        t = t.to(torch.float64)
    _need_fp(t)
    if t.dim() < 2:
        raise MXNetError(f"Check failed: a_ndim >= 2 ({t.dim()} vs. 2) : Input A's dimension must be >= 2")
    if isinstance(rcond, np_class()):
        rc = tensor_in(rcond).detach().to(t.dtype)
        _pinv_rcond_shape(tuple(rc.shape), tuple(t.shape[:-2]) + (min(t.shape[-2:]),))
    elif isinstance(rcond, (numbers.Real, onp.generic)):
        rc = float(rcond)
    else:
        raise MXNetError(f"Invalid Parameter format for rcond expect double but value='{rcond}', in operator "
                         "_npi_pinv_scalar_rcond")
    r = torch.linalg.pinv(t.detach(), rtol=rc)
    return _out(_zero_grad(r, t), a)


from . import fallback_linalg  # noqa: E402
from .fallback_linalg import cond, lstsq, matrix_power, matrix_rank, multi_dot, qr  # noqa: E402,F401
