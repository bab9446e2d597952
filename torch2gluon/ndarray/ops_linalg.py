"""`nd.linalg` (and the `nd.linalg_*` aliases): batched BLAS/LAPACK operators over the trailing two axes."""
import functools

import torch

from ..base import MXNetError
from ._args import as_axis, as_bool
from ._deferred_error import failed
from .ndarray import tensor_of, wrap
from .register import mxop
from ._checks import float_only, F32_F64

__all__ = ["gemm", "gemm2", "potrf", "potri", "trsm", "trmm", "syrk", "gelqf", "sumlogdiag", "extractdiag",
           "makediag", "extracttrian", "maketrian", "inverse", "det", "slogdet", "syevd"]


def _mat(A, opname, square=False):
    t = float_only(tensor_of(A), f"linalg.{opname}", F32_F64)
    if t.dim() < 2:
        raise MXNetError(f"linalg.{opname}: input must have at least 2 dimensions, got shape {tuple(t.shape)}")
    if square and t.shape[-1] != t.shape[-2]:
        raise MXNetError(f"linalg.{opname}: input must be square matrices, got shape {tuple(t.shape)}")
    return t


def _swap(t, axis, opname):
    ax = as_axis(axis, t.dim(), opname)
    return t if ax == t.dim() - 2 else t.transpose(ax, t.dim() - 2)


def _op(t, trans):
    return t.transpose(-1, -2) if trans else t


@mxop("linalg_gemm", "_linalg_gemm")
def gemm(A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0, axis=-2):
    """`alpha * op(A) op(B) + beta * C`; `axis` is the row axis of the matrices."""
    a, b, c = (_swap(_mat(x, "gemm"), axis, "gemm") for x in (A, B, C))
    _same_batch("gemm", a, b, c)
    r = float(alpha) * torch.matmul(_op(a, as_bool(transpose_a)), _op(b, as_bool(transpose_b)))
    if r.shape != c.shape:
        raise MXNetError(f"linalg.gemm: shape of C {tuple(c.shape)} does not match op(A) op(B) {tuple(r.shape)}")
    return wrap(_swap(r + float(beta) * c, axis, "gemm").contiguous())


@mxop("linalg_gemm2", "_linalg_gemm2")
def gemm2(A, B, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2):
    """`alpha * op(A) op(B)`; `axis` is the row axis of the matrices."""
    a, b = (_swap(_mat(x, "gemm2"), axis, "gemm2") for x in (A, B))
    oa, ob = _op(a, as_bool(transpose_a)), _op(b, as_bool(transpose_b))
    if oa.shape[:-2] != ob.shape[:-2] or oa.shape[-1] != ob.shape[-2]:
        raise MXNetError(f"linalg.gemm2: incompatible shapes {tuple(a.shape)} and {tuple(b.shape)}")
    return wrap(_swap(float(alpha) * torch.matmul(oa, ob), axis, "gemm2").contiguous())


@mxop("linalg_potrf", "_linalg_potrf")
def potrf(A, lower=True):
    """Cholesky factor of symmetric positive-definite A: lower L (A = L L^T), or upper U (A = U^T U)."""
    t = _mat(A, "potrf", square=True)
    L, info = torch.linalg.cholesky_ex(t, upper=not as_bool(lower))
    if bool((info != 0).any()):  # MXNet's LAPACK check: reported when the result is read
        return wrap(failed(MXNetError(
            f"Check failed: ret == 0 : {'d' if t.dtype is torch.float64 else 's'}potrf failed in lapack on cpu. "
            "This may happen when the input matrix is either not symmetric or not positive definite."),
            t.shape, t.dtype, t.device))
    return wrap(L)


@mxop("linalg_potri", "_linalg_potri")
def potri(A, lower=True):
    """`(L L^T)^-1` from a lower Cholesky factor L (as returned by potrf), or `(U^T U)^-1` from an upper U."""
    low = as_bool(lower)
    L = _tri(_mat(A, "potri", square=True), low)
    inv = functools.partial(torch.cholesky_inverse, upper=not low)
    return wrap(inv(L) if L.dim() == 2 else _batched(inv, L))


def _batched(fn, t):
    flat = t.reshape(-1, *t.shape[-2:])
    return torch.stack([fn(m) for m in flat]).reshape(*t.shape[:-2], *fn(flat[0]).shape)


def _same_batch(opname, *ts):
    """MXNet's linalg operators broadcast nothing: every input has the same leading (batch) axes."""
    if len({tuple(t.shape[:-2]) for t in ts}) > 1:
        raise MXNetError(f"Operator _linalg_{opname} inferring shapes failed: batch shapes differ in "
                         f"{', '.join(str(tuple(t.shape)) for t in ts)}")


def _tri(a, lower):
    return a.tril() if lower else a.triu()


@mxop("linalg_trsm", "_linalg_trsm")
def trsm(A, B, transpose=False, rightside=False, lower=True, alpha=1.0):
    """Solve `op(A) X = alpha B` (or `X op(A) = alpha B` with `rightside`) for triangular A."""
    a = _tri(_mat(A, "trsm", square=True), as_bool(lower))
    b = _mat(B, "trsm")
    _same_batch("trsm", a, b)
    upper = not as_bool(lower)
    if as_bool(transpose):
        a, upper = a.transpose(-1, -2), not upper
    x = torch.linalg.solve_triangular(a, float(alpha) * b, upper=upper, left=not as_bool(rightside))
    return wrap(x)


@mxop("linalg_trmm", "_linalg_trmm")
def trmm(A, B, transpose=False, rightside=False, lower=True, alpha=1.0):
    """`alpha op(A) B` (or `alpha B op(A)` with `rightside`) for triangular A."""
    a = _op(_tri(_mat(A, "trmm", square=True), as_bool(lower)), as_bool(transpose))
    b = _mat(B, "trmm")
    _same_batch("trmm", a, b)
    r = torch.matmul(b, a) if as_bool(rightside) else torch.matmul(a, b)
    return wrap(float(alpha) * r)


@mxop("linalg_syrk", "_linalg_syrk")
def syrk(A, transpose=False, alpha=1.0):
    """`alpha A A^T` (or `alpha A^T A` with `transpose`)."""
    a = _mat(A, "syrk")
    at = a.transpose(-1, -2)
    return wrap(float(alpha) * (torch.matmul(at, a) if as_bool(transpose) else torch.matmul(a, at)))


@mxop("linalg_gelqf", "_linalg_gelqf")
def gelqf(A):
    """LQ factorisation `A = L Q` of an m x n matrix (m <= n): returns [Q, L] (LAPACK sign convention)."""
    a = _mat(A, "gelqf")
    if a.shape[-2] > a.shape[-1]:
        raise MXNetError("linalg.gelqf: the matrix must not have more rows than columns")
    q, r = torch.linalg.qr(a.transpose(-1, -2), mode="reduced")
    return [wrap(q.transpose(-1, -2).contiguous()), wrap(r.transpose(-1, -2).contiguous())]


@mxop("linalg_sumlogdiag", "_linalg_sumlogdiag")
def sumlogdiag(A):
    """Sum of the logs of the diagonal of each square matrix."""
    a = _mat(A, "sumlogdiag", square=True)
    return wrap(_scalar_shape(torch.log(torch.diagonal(a, 0, -2, -1)).sum(-1)))


def _scalar_shape(r):
    return r.reshape(1) if r.dim() == 0 else r


@mxop("linalg_extractdiag", "_linalg_extractdiag")
def extractdiag(A, offset=0):
    """The `offset` diagonal of each matrix."""
    a = _mat(A, "extractdiag", square=True)
    _check_offset(a, offset)
    return wrap(torch.diagonal(a, int(offset), -2, -1).contiguous())


def _check_offset(a, offset):
    if a.shape[-1] - abs(int(offset)) <= 0:
        raise MXNetError(f"Illegal offset {int(offset)} for diag/trian extraction of matrix with dimension "
                         f"{a.shape[-1]}")


@mxop("linalg_makediag", "_linalg_makediag")
def makediag(A, offset=0):
    """Square matrices with the trailing axis of A on the `offset` diagonal."""
    t = float_only(tensor_of(A), "linalg.makediag", F32_F64)
    if t.dim() < 1:
        raise MXNetError("linalg.makediag: input must have at least 1 dimension")
    return wrap(torch.diag_embed(t, int(offset), -2, -1))


def _trian_index(n, offset, lower, device):
    """(row, col) of a triangle: lower ones row-major, upper ones column-major (MXNet's order)."""
    if offset > 0 or (offset == 0 and not lower):
        j, i = torch.tril_indices(n, n, -offset, device=device)
        return i, j
    return torch.tril_indices(n, n, offset, device=device)


@mxop("linalg_extracttrian", "_linalg_extracttrian")
def extracttrian(A, offset=0, lower=True):
    """The lower (upper for `offset > 0` or `lower=False`) triangle of each matrix, row-major, as a vector."""
    a = _mat(A, "extracttrian", square=True)
    _check_offset(a, offset)
    i, j = _trian_index(a.shape[-1], int(offset), as_bool(lower), a.device)
    return wrap(a[..., i, j])


@mxop("linalg_maketrian", "_linalg_maketrian")
def maketrian(A, offset=0, lower=True):
    """Triangular matrices filled row-major from the trailing axis of A (inverse of extracttrian)."""
    t = float_only(tensor_of(A), "linalg.maketrian", F32_F64)
    m, off = t.shape[-1], int(offset)
    k = abs(off)
    n = int(round(((8 * m + 1) ** 0.5 - 1) / 2)) + k
    if (n - k) * (n - k + 1) // 2 != m:
        raise MXNetError(f"linalg.maketrian: trailing dimension {m} is not a triangular number")
    i, j = _trian_index(n, off, as_bool(lower), t.device)
    out = torch.zeros(*t.shape[:-1], n, n, dtype=t.dtype, device=t.device)
    out[..., i, j] = t
    return wrap(out)


@mxop("linalg_inverse", "_linalg_inverse")
def inverse(A):
    """Inverse of each square matrix."""
    t = _mat(A, "inverse", square=True)
    inv, info = torch.linalg.inv_ex(t)
    if bool((info != 0).any()):  # a singular matrix: MXNet's check, reported when the result is read
        return wrap(failed(MXNetError("Check failed: ret == 0 : the input matrix is non-convertible"),
                           t.shape, t.dtype, t.device))
    return wrap(inv)


@mxop("linalg_det", "_linalg_det")
def det(A):
    """Determinant of each square matrix (shape (1,) for a single matrix)."""
    return wrap(_scalar_shape(torch.linalg.det(_mat(A, "det", square=True))))


@mxop("linalg_slogdet", "_linalg_slogdet")
def slogdet(A):
    """[sign, log|det|] of each square matrix."""
    s, l = torch.linalg.slogdet(_mat(A, "slogdet", square=True))
    return [wrap(_scalar_shape(s)), wrap(_scalar_shape(l))]


@mxop("linalg_syevd", "_linalg_syevd")
def syevd(A):
    """[U, lam]: eigenvectors as rows of U and ascending eigenvalues of symmetric A (A = U^T diag(lam) U)."""
    a = _mat(A, "syevd", square=True)
    lam, v = torch.linalg.eigh(a)
    u = v.transpose(-1, -2)
    idx = torch.argmax(torch.abs(u), dim=-1, keepdim=True)
    sign = torch.sign(torch.gather(u, -1, idx))
    sign = torch.where(sign == 0, torch.ones_like(sign), sign)
    return [wrap((u * sign).contiguous()), wrap(lam)]
