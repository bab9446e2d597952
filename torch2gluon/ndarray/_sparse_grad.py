"""Sparse gradient buffers: `attach_grad(stype=...)`, and writing a backward's gradient into one.

A row_sparse buffer receives MXNet's result: from `Embedding(sparse_grad=True)` (a torch sparse COO
gradient) the rows looked up, each once and sorted, explicitly zero ones included; from any dense gradient
the rows holding a non-zero value (MXNet casts the dense gradient to row_sparse). grad_req 'add' adds row
sets (their union).
"""
import weakref

import torch

from ..base import MXNetError
from ._sparse_base import BaseSparseNDArray, dense_to_rsp, dense_to_csr


def attach_sparse_grad(arr, grad_req, stype):
    """`arr.attach_grad(grad_req, stype)` for stype 'row_sparse' or 'csr'."""
    from ..autograd import _mark_variable
    from ._sparse_ops import zeros_sparse
    if stype not in ("row_sparse", "csr"):
        raise MXNetError(f"attach_grad: invalid stype {stype!r}; valid values are 'default', 'row_sparse', 'csr'")
    t = arr._t.detach()
    if stype == "csr" and t.dim() != 2:
        raise MXNetError(f"attach_grad: a csr gradient needs a 2-D array, got shape {tuple(t.shape)}")
    if not t.is_floating_point() and grad_req != "null":
        raise NotImplementedError("NDArray.attach_grad: gradients of integer arrays are not supported")
    buf = zeros_sparse(stype, tuple(t.shape), t.dtype, t.device, arr._ctx)
    _mark_variable(arr, buf, grad_req)


def _rsp_parts(g):
    if g.is_sparse:
        g = g.coalesce()
        return g.values().clone(), g.indices()[0].clone()
    return dense_to_rsp(g)


def write_grad(buf, g, add, dense_ok=False):
    """Store gradient tensor `g` (dense or sparse COO) into gradient buffer `buf` (overwrite or add)."""
    if not isinstance(buf, BaseSparseNDArray):
        if g.is_sparse and not dense_ok:
            raise MXNetError("Cannot use sparse_grad = 1, while stype of gradients w.r.t embedding weight is "
                             "default (attach the gradient with stype='row_sparse')")
        t = buf._t
        if g.is_sparse:
            g = g.to_dense()
        if add:
            t.add_(g)
        else:
            t.copy_(g)
        return
    if g.is_sparse and add and not dense_ok:
        raise MXNetError("SparseEmbedding layer doesn't support weight gradient calculation with req != write")
    g = g.to(buf.dtype_t)
    if buf.stype == "row_sparse":
        data, idx = _rsp_parts(g)
        if add:
            from ._sparse_ops import _binary_rsp_rsp
            from ._sparse_base import make_sparse
            new = make_sparse("row_sparse", (data, idx), buf.shape)
            merged = _binary_rsp_rsp(torch.add, buf, new)
            data, idx = merged._parts()
        buf._set_parts((data, idx))
        return
    dense = g.to_dense() if g.is_sparse else g
    if add:
        dense = dense + buf._t.detach()
    buf._set_parts(dense_to_csr(dense))


_EMBEDDING_LEAVES = {}   # id() -> weak reference of the weight leaves an Embedding(sparse_grad=True) used


def note_sparse_embedding(w):
    """Remember that leaf `w` gets an Embedding sparse gradient (MXNet's dense-buffer / 'add' checks)."""
    if w.requires_grad and w.is_leaf:
        key = id(w)
        _EMBEDDING_LEAVES[key] = weakref.ref(w, lambda _r, k=key: _EMBEDDING_LEAVES.pop(k, None))


def is_sparse_embedding_leaf(leaf):
    """Whether `leaf` itself (not a later tensor that reuses its id) got an Embedding sparse gradient."""
    r = _EMBEDDING_LEAVES.get(id(leaf))
    return r is not None and r() is leaf
