"""row_sparse weights of `gluon.Parameter(stype='row_sparse')`: initialisation, `row_sparse_data`, saving.

As in MXNet, such a parameter's arrays are RowSparseNDArrays that hold the rows last pulled from the
Trainer's kvstore (`row_sparse_data(row_id)` pulls rows `row_id` into the array itself, which stays the
autograd variable); `data()`/`list_data()` raise; the Trainer updates the weight kept in its kvstore.
"""
from ..ndarray.ndarray import NDArray


def all_rows(data):
    """A row_sparse array storing every row of `data` (MXNet's initializers fill every row of the weight)."""
    import torch
    from ..ndarray._sparse_base import make_sparse
    t = data._t.detach() if data.stype == "default" else data.tostype("default")._t
    return make_sparse("row_sparse", (t.clone(), torch.arange(t.shape[0], device=t.device)), tuple(t.shape),
                       data._ctx)


def init_sparse(param, data, ctx_list):
    """Give `param` one row_sparse copy of `data` per context, each marked for autograd."""
    from .parameter import _mark
    param._ctx_list = list(ctx_list)
    param._data = []
    for c in param._ctx_list:
        arr = data.copyto(c)
        param._data.append(arr)
        _mark(arr, param._grad_req, param._grad_stype)


def get_row_sparse(param, arr_list, ctx, row_id):
    """Pull rows `row_id` of `param` from its Trainer into its array(s) on `ctx` (a list for ctx=list)."""
    if not isinstance(row_id, NDArray):
        raise TypeError(f"row_id must have NDArray type, but {type(row_id)} is given")
    if not param._trainer:
        raise RuntimeError(f"Cannot get row_sparse data for Parameter '{param.name}' when no Trainer is created "
                           "with it.")
    results = param._check_and_get(arr_list, ctx)
    param._trainer._row_sparse_pull(param, results, row_id)
    return results


def reduce_sparse(param):
    """All rows of a row_sparse parameter, on cpu (what save_parameters writes)."""
    from .. import ndarray as nd
    from ..context import cpu
    if not param._trainer:
        raise RuntimeError(f"Cannot save row_sparse Parameter '{param.name}' when no Trainer is created with it "
                           "(its values live in the Trainer's kvstore)")
    out = nd.sparse.zeros("row_sparse", param.shape, ctx=cpu(), dtype=param.dtype)
    param._trainer._row_sparse_pull(param, out, nd.arange(0, param.shape[0], dtype="int64", ctx=cpu()),
                                    full_idx=True)
    return out
