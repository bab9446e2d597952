"""`nd.contrib` DGL graph operators on CSR adjacency matrices: edge_id, dgl_adjacency, dgl_subgraph
(MXNet 1.9.1's CPU kernels, observed on the real library). The samplers and dgl_graph_compact stay refused
(refused.py)."""
import numpy as np
import torch

from ..base import MXNetError
from ._args import as_bool
from ._sparse_base import CSRNDArray, make_sparse
from .ndarray import NDArray, wrap
from .register import mxop


def _csr(x, op, int64=False):
    if not isinstance(x, CSRNDArray):
        raise MXNetError(f"{op}: the graph must be a CSRNDArray (storage type "
                         f"{getattr(x, 'stype', type(x).__name__)})")
    if int64 and x._parts()[0].dtype is not torch.int64:
        raise MXNetError(f"{op}: the graph's data must be int64 edge ids (got {x.dtype.__name__})")
    return [p.detach().cpu().numpy() for p in x._parts()]  # data, indptr, indices


def _ints(x, op, what):
    if not isinstance(x, NDArray):
        raise MXNetError(f"{op}: {what} must be an NDArray (got {type(x).__name__})")
    return x.asnumpy().astype(np.int64).reshape(-1)


def _check_num_args(num_args, n, op):
    if num_args is not None and int(num_args) != n:
        raise MXNetError(f"{op}: num_args={num_args} but {n} inputs were given")


@mxop("_contrib_edge_id")
def edge_id(data, u, v):
    """data[u[i], v[i]] of the CSR matrix `data` for each pair, -1 where there is no such edge."""
    op = "edge_id"
    vals, indptr, indices = _csr(data, op)
    if not isinstance(u, NDArray) or not isinstance(v, NDArray) or u.ndim != 1 or u.shape != v.shape:
        raise MXNetError(f"{op}: u and v must be 1-D arrays of the same shape")
    uu, vv = _ints(u, op, "u"), _ints(v, op, "v")
    n_rows, n_cols = data.shape
    if uu.size and (uu.min() < 0 or uu.max() >= n_rows or vv.min() < 0 or vv.max() >= n_cols):
        raise MXNetError(f"{op}: a vertex id is out of range for a {n_rows}x{n_cols} graph")
    out = np.full(uu.shape, -1, dtype=vals.dtype)
    for i, (r, c) in enumerate(zip(uu, vv)):
        row = indices[indptr[r]:indptr[r + 1]]
        hit = np.nonzero(row == c)[0]
        if hit.size:
            out[i] = vals[indptr[r] + hit[0]]
    return wrap(torch.from_numpy(out.reshape(u.shape)).to(data._parts()[0].device))


@mxop("_contrib_dgl_adjacency")
def dgl_adjacency(data):
    """The adjacency matrix of the CSR graph `data`: its sparsity pattern with float32 ones as values."""
    vals, indptr, indices = data._parts() if isinstance(data, CSRNDArray) else _csr(data, "dgl_adjacency")
    ones = torch.ones(vals.shape[0], dtype=torch.float32, device=vals.device)
    return make_sparse("csr", (ones, indptr.clone(), indices.clone()), data.shape, data._ctx)


@mxop("_contrib_dgl_subgraph")
def dgl_subgraph(graph, *data, return_mapping, num_args=None):
    """The subgraph induced by each sorted vertex list in `data`: a CSR whose values are new edge ids
    0..nnz-1; with `return_mapping` also a CSR of the same pattern holding the original edge ids."""
    op = "dgl_subgraph"
    rm = as_bool(return_mapping)
    _check_num_args(num_args, 1 + len(data), op)
    if not data:
        raise MXNetError(f"{op}: at least one vertex list is required")
    vals, indptr, indices = _csr(graph, op, int64=True)
    dev, ctx = graph._parts()[0].device, graph._ctx
    subs, maps = [], []
    for d in data:
        vids = _ints(d, op, "a vertex list")
        if np.any(vids[1:] < vids[:-1]):
            raise MXNetError(f"{op}: Check failed: std::is_sorted(vid_data, vid_data + len): The input vertex "
                             "list has to be sorted")
        if vids.size and (vids.min() < 0 or vids.max() >= graph.shape[0]):
            raise MXNetError(f"{op}: a vertex id is out of range for a graph of {graph.shape[0]} vertices")
        pos = {int(x): i for i, x in enumerate(vids)}
        new_ptr, new_ind, old_ids = [0], [], []
        for x in vids:
            lo, hi = indptr[x], indptr[x + 1]
            for j in range(lo, hi):
                k = pos.get(int(indices[j]))
                if k is not None:
                    new_ind.append(k)
                    old_ids.append(vals[j])
            new_ptr.append(len(new_ind))
        n = vids.size
        ptr_t = torch.tensor(new_ptr, dtype=torch.int64, device=dev)
        ind_t = torch.tensor(new_ind, dtype=torch.int64, device=dev)
        subs.append(make_sparse("csr", (torch.arange(len(new_ind), dtype=torch.int64, device=dev), ptr_t, ind_t),
                                (n, n), ctx))
        if rm:
            maps.append(make_sparse("csr", (torch.tensor(old_ids, dtype=torch.int64, device=dev), ptr_t.clone(),
                                            ind_t.clone()), (n, n), ctx))
    outs = subs + maps
    return outs[0] if len(outs) == 1 else outs
