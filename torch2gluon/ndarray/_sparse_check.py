"""`check_format` of sparse arrays: MXNet's validity rules for csr and row_sparse components."""
import torch

from ..base import MXNetError


def _fail(msg):
    raise MXNetError(f"Check failed: {msg}")


def _check_csr(x, full):
    data, indptr, indices = x._parts()
    rows, cols = x.shape
    if indptr.dim() != 1 or indptr.numel() != rows + 1:
        _fail(f"csr indptr must have shape ({rows + 1},), got {tuple(indptr.shape)}")
    if indices.numel() != data.numel():
        _fail(f"csr indices ({indices.numel()}) and data ({data.numel()}) must have the same length")
    if not full:
        return
    if int(indptr[0]) != 0 or int(indptr[-1]) != indices.numel():
        _fail("csr indptr must start at 0 and end at nnz")
    if (indptr[1:] < indptr[:-1]).any():
        _fail("csr indptr must be non-decreasing")
    if indices.numel():
        if (indices < 0).any() or (indices >= cols).any():
            _fail(f"csr indices must lie in [0, {cols})")
        row = torch.repeat_interleave(torch.arange(rows), indptr[1:] - indptr[:-1])
        same_row = row[1:] == row[:-1]
        if (same_row & (indices[1:] <= indices[:-1])).any():
            _fail("csr indices of a row must be sorted in ascending order without duplicates")


def _check_rsp(x, full):
    data, indices = x._parts()
    if indices.dim() != 1 or data.shape[0] != indices.numel():
        _fail(f"row_sparse indices ({tuple(indices.shape)}) must hold one index per data row "
              f"({data.shape[0]})")
    if not full or not indices.numel():
        return
    if (indices < 0).any() or (indices >= x.shape[0]).any():
        _fail(f"row_sparse indices must lie in [0, {x.shape[0]})")
    if (indices[1:] <= indices[:-1]).any():
        _fail("row_sparse indices must be sorted in ascending order without duplicates")


def check_format(x, full_check=True):
    """Raise MXNetError when sparse array `x` is malformed (O(1) checks only unless `full_check`)."""
    (_check_csr if x.stype == "csr" else _check_rsp)(x, bool(full_check))
