"""MXNet's lazy updates for row_sparse gradients: only the stored rows of weight and states change.

SGD and Adam (with `lazy_update=True`, their default), and Ftrl on a row_sparse weight (MXNet's sparse
ftrl_update), update exactly the rows a row_sparse gradient stores:
those rows get the optimizer's ordinary rule (weight decay, momentum, moments), the other rows keep weight
and state untouched. Implemented once for both: gather the rows of weight and states, run the optimizer's
dense update on them, scatter them back. Every other optimizer (and `lazy_update=False`) reads a row_sparse
gradient as its dense values, which is MXNet's standard update. AdaGrad refuses weight decay with a
row_sparse gradient, as MXNet's sparse adagrad_update does.
"""
import numpy as np
import torch

from ..base import MXNetError
from ..ndarray.ndarray import NDArray, wrap


def _is_rsp(g):
    return type(g).__name__ == "RowSparseNDArray"


def is_lazy(opt, grad, weight=None, index=None):
    """Whether `opt` applies a lazy (stored-rows-only) update for gradient `grad` of `weight` (parameter
    `index`: its effective weight decay, wd times wd_mult, decides AdaGrad's refusal)."""
    if not _is_rsp(grad):
        return False
    from .sgd import SGD
    from .adaptive import Adam
    wd = opt._get_wd(index) if index is not None and not isinstance(index, (list, tuple)) else opt.wd
    if type(opt).__name__ == "AdaGrad" and wd != 0:
        raise MXNetError("AdaGrad: a row_sparse gradient needs wd = 0 (MXNet's sparse adagrad_update has no "
                         "weight decay)")
    if (isinstance(opt, SGD) and opt.multi_precision and weight is not None
            and weight.dtype == np.float16):
        return False   # MXNet's mp_sgd kernels have no sparse form: a dense update
    if type(opt).__name__ == "Ftrl":  # ftrl_update's sparse kernel: row_sparse weight (and states) and gradient
        return weight is not None and _is_rsp(weight)
    return isinstance(opt, (SGD, Adam)) and bool(getattr(opt, "lazy_update", False))


def _gather(st, rows):
    if isinstance(st, NDArray):
        out = wrap(st._t.detach().index_select(0, rows))
        out._ctx = st._ctx
        return out
    if isinstance(st, (tuple, list)):
        return type(st)(_gather(s, rows) for s in st)
    return st


def _scatter(st, sub, rows):
    if isinstance(st, NDArray):
        with torch.no_grad():
            st._t.index_copy_(0, rows, sub._t.detach())
    elif isinstance(st, (tuple, list)):
        for s, u in zip(st, sub):
            _scatter(s, u, rows)


def lazy_update(opt, index, weight, grad, state, method=None):
    """One lazy update of `weight` (and `state`) from row_sparse `grad` through the optimizer's (unwrapped)
    `method` (update_multi_precision by default)."""
    if method is None:
        method = getattr(type(opt).update_multi_precision, "__wrapped__", type(opt).update_multi_precision)
    if _is_rsp(weight) and weight._parts()[1].numel() != weight.shape[0]:
        raise MXNetError(f"Check failed: arr.storage_shape()[0] == arr.shape()[0]: {type(opt).__name__} update "
                         "for RowSparse weights is only implemented for RowSparse weights with all rows "
                         "containing non-zeros")
    data, rows = grad._parts()
    rows = rows.to(weight._t.device)
    w_sub = _gather(weight, rows)
    st_sub = _gather(state, rows)
    g_sub = wrap(data.to(weight._t.device))
    g_sub._ctx = weight._ctx
    method(opt, index, w_sub, g_sub, st_sub)
    _scatter(weight, w_sub, rows)
    _scatter(state, st_sub, rows)
    if _is_rsp(weight):  # a row_sparse weight keeps storing every row, rows that became zero (Ftrl) included
        every = torch.arange(weight.shape[0], device=weight._t.device)
        weight._set_parts((weight._t.detach().clone(), every))


def _lazy_method(fn):
    def method(self, index, weight, grad, state):
        if isinstance(index, (list, tuple)):
            if not any(is_lazy(self, g, w, i) for i, g, w in zip(index, grad, weight)):
                return fn(self, index, weight, grad, state)
            for i, w, g, st in zip(index, weight, grad, state):
                if is_lazy(self, g, w, i):
                    lazy_update(self, i, w, g, st, fn)
                else:
                    fn(self, i, w, g, st)
            return None
        if is_lazy(self, grad, weight, index):
            return lazy_update(self, index, weight, grad, state, fn)
        return fn(self, index, weight, grad, state)
    method.__name__ = fn.__name__
    method.__doc__ = fn.__doc__
    method.__wrapped__ = fn
    return method


def install(*classes):
    """Make `update` / `update_multi_precision` of `classes` apply lazy updates to row_sparse gradients."""
    for cls in classes:
        for name in ("update", "update_multi_precision"):
            fn = getattr(cls, name)
            if not hasattr(fn, "__wrapped__"):
                setattr(cls, name, _lazy_method(fn))
