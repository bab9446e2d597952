"""Sparse records of MXNet's binary NDArray format (`nd.save` / `nd.load`), byte-compatible with MXNet 1.9.1.

After the V2 magic: i32 stype (1 row_sparse, 2 csr), the storage shape (u32 ndim + i64 dims: the data's
shape), the shape, i32 dev_type, i32 dev_id, i32 dtype flag, then per aux array (i32 dtype flag, u32 ndim +
i64 dims), then the data, then each aux array's data. row_sparse: one aux, int64 row indices; csr: two,
int64 indptr then int64 column indices. On reading, nnz is taken from the aux shapes (MXNet may write a
stale storage shape).
"""
import struct

import numpy as np
import torch

from ..base import MXNetError, DTYPE_FLAG
from ._params_format import V2_MAGIC, FLAG_TO_DTYPE, _shape

_STYPE_ID = {"row_sparse": 1, "csr": 2}


def _dims(shape):
    return struct.pack("<I", len(shape)) + struct.pack(f"<{len(shape)}q", *shape)


def sparse_record(a):
    """(header bytes, [numpy arrays to write after it]) for sparse array `a`."""
    parts = [p.detach().cpu().numpy() for p in a._parts()]
    data, aux = parts[0], parts[1:]
    flag = DTYPE_FLAG.get(data.dtype.type)
    if flag is None:
        raise MXNetError(f"nd.save: arrays of dtype {data.dtype} cannot be saved in MXNet's format")
    ctx = a.context
    head = struct.pack("<Ii", V2_MAGIC, _STYPE_ID[a.stype]) + _dims(data.shape) + _dims(a.shape)
    head += struct.pack("<iii", ctx.device_typeid, ctx.device_id, flag)
    for x in aux:
        head += struct.pack("<i", DTYPE_FLAG[x.dtype.type]) + _dims(x.shape)
    return head, [data] + aux


def read_sparse_body(r, idx, stype, sndim):
    """The rest of a sparse record (after magic, stype and the storage ndim): a sparse NDArray on cpu."""
    from ._sparse_base import make_sparse
    _shape(r, sndim, "q", idx)   # storage shape: not trusted (see the module docstring)
    (ndim,) = r.take("<I", "the ndim of record {idx}", idx)
    shape = _shape(r, ndim, "q", idx)
    _dev_type, _dev_id, flag = r.take("<iii", "the context and dtype of record {idx}", idx)
    dtype = FLAG_TO_DTYPE.get(flag)
    if dtype is None:
        raise r.fail(f"record {idx} has unknown dtype flag {flag}", r.pos - 4)
    naux = 1 if stype == 1 else 2
    auxes = []
    for _ in range(naux):
        (aflag,) = r.take("<i", "an aux dtype of record {idx}", idx)
        (andim,) = r.take("<I", "an aux ndim of record {idx}", idx)
        adt = FLAG_TO_DTYPE.get(aflag)
        if adt is None:
            raise r.fail(f"record {idx} has unknown aux dtype flag {aflag}", r.pos - 8)
        auxes.append((adt, _shape(r, andim, "q", idx)))
    nnz = auxes[-1][1][0] if auxes[-1][1] else 0
    if stype == 1:
        if len(shape) < 1:
            raise r.fail(f"record {idx}: a row_sparse array needs at least one dim", r.pos)
        dshape = (nnz,) + tuple(shape[1:])
    else:
        if len(shape) != 2:
            raise r.fail(f"record {idx}: a csr array must be 2-D, got shape {shape}", r.pos)
        dshape = (nnz,)
    count = int(np.prod(dshape))
    data = r.array(count, dtype, "the data of record {idx}", idx).reshape(dshape)
    tensors = [torch.from_numpy(data)]
    for adt, ashape in auxes:
        tensors.append(torch.from_numpy(r.array(int(np.prod(ashape)), adt, "the aux data of record {idx}", idx)
                                        .reshape(ashape)).to(torch.int64))
    return make_sparse("row_sparse" if stype == 1 else "csr", tensors, shape)
