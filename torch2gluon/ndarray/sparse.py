"""`mx.nd.sparse`: CSRNDArray / RowSparseNDArray creation and the operators MXNet lists for sparse storage.

Design and storage rules: docs/sparse.md. Operators keep MXNet's output storage types (see `_sparse_ops`);
the others of MXNet's list run on the dense values and return a dense array, as MXNet's storage fallback.
"""
import numbers
import sys

import numpy as np
import torch

from ..base import MXNetError
from ..context import tag_for
from .ndarray import NDArray
from ._dtypes import py_dtype
from ._sparse_base import BaseSparseNDArray, CSRNDArray, RowSparseNDArray, make_sparse
from . import _sparse_ops as _ops
from .register import OPS as _OPS

__all__ = ["csr_matrix", "row_sparse_array", "BaseSparseNDArray", "CSRNDArray", "RowSparseNDArray",
           "add", "subtract", "multiply", "divide", "zeros", "empty", "array", "adagrad_update"]

add, subtract, multiply, divide = _ops.add, _ops.subtract, _ops.multiply, _ops.divide


def _ctx(ctx):
    from .creation import _device
    return _device(ctx)


def _check_shape(s1, s2):
    if s1 and s2 and tuple(s1) != tuple(s2):
        raise ValueError(f"Shape mismatch detected. {tuple(s1)} v.s. {tuple(s2)}")


def _is_scipy(x):
    """True for a `scipy.sparse.csr_matrix` (the only scipy type MXNet converts; scipy is never imported here)."""
    spsp = sys.modules.get("scipy.sparse")
    return spsp is not None and isinstance(x, spsp.csr_matrix)


def _default_dtype(src, dtype):
    if dtype is not None:
        return dtype
    if isinstance(src, (NDArray, np.ndarray)) or _is_scipy(src):
        return src.dtype
    return np.float32


def _tensor(src, dtype, device, what):
    """A fresh tensor of numpy/torch dtype `dtype` from an NDArray or array-like `src`."""
    td = py_dtype(dtype)
    if isinstance(src, BaseSparseNDArray):
        raise ValueError(f"{what} must be a dense array")
    if isinstance(src, NDArray):
        return src._t.detach().to(device=device, dtype=td, copy=True)
    try:
        arr = np.array(src, dtype=np.dtype(dtype) if not isinstance(dtype, torch.dtype) else None)
    except (TypeError, ValueError):
        raise TypeError("values must be array like object") from None
    return torch.as_tensor(arr, device=device).to(td)


def _finish(parts, stype, shape, ctx):
    return make_sparse(stype, parts, shape, tag_for(ctx))


# ---------------------------------------------------------------- csr_matrix
def _csr_from_definition(data, indices, indptr, shape, ctx, dtype):
    ctx = _ctx(ctx)
    dtype = _default_dtype(data, dtype)
    dev = ctx.torch_device
    d = _tensor(data, dtype, dev, "data")
    ptr = _tensor(indptr, np.int64, dev, "indptr")
    ind = _tensor(indices, np.int64, dev, "indices")
    if shape is None:
        if ind.numel() == 0:
            raise ValueError("invalid shape")
        shape = (ptr.numel() - 1, int(ind.max()) + 1)
    if d.dim() != 1 or ptr.dim() != 1 or ind.dim() != 1 or ptr.numel() == 0 or len(shape) != 2:
        raise ValueError("invalid shape")
    return _finish((d, ptr, ind), "csr", tuple(int(s) for s in shape), ctx)


def _coo_to_csr(data, row, col, shape, ctx, dtype):
    """CSR of COO triplets (duplicates summed, columns sorted), as scipy's coo_matrix(...).tocsr()."""
    dtype = _default_dtype(data, dtype)
    vals = np.asarray(data.asnumpy() if isinstance(data, NDArray) else data)
    r = np.asarray(row.asnumpy() if isinstance(row, NDArray) else row).astype(np.int64).reshape(-1)
    c = np.asarray(col.asnumpy() if isinstance(col, NDArray) else col).astype(np.int64).reshape(-1)
    vals = vals.reshape(-1)
    if not r.size == c.size == vals.size:
        raise ValueError("row, column, and data array must all be the same length")
    if shape is None:
        if r.size == 0:
            raise ValueError("cannot infer dimensions from zero sized index arrays")
        shape = (int(r.max()) + 1, int(c.max()) + 1)
    m, n = (int(s) for s in shape)
    if r.size and (r.min() < 0 or c.min() < 0 or r.max() >= m or c.max() >= n):
        raise ValueError("row or column index exceeds matrix dimensions")
    key = r * n + c
    uniq, inv = np.unique(key, return_inverse=True)
    summed = np.zeros(uniq.size, dtype=np.result_type(vals.dtype, np.float32) if vals.dtype.kind != "f"
                      else vals.dtype)
    np.add.at(summed, inv, vals)
    rows, cols = uniq // n, uniq % n
    indptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=m), out=indptr[1:])
    return _csr_from_definition(summed.astype(np.dtype(dtype)), cols, indptr, (m, n), ctx, dtype)


def csr_matrix(arg1, shape=None, ctx=None, dtype=None):
    """A CSRNDArray from (data, indices, indptr), (data, (row, col)), a shape (M, N), a dense array,
    a CSRNDArray or a scipy sparse matrix."""
    if isinstance(arg1, tuple):
        if len(arg1) == 2:
            if isinstance(arg1[1], tuple) and len(arg1[1]) == 2:
                data, (row, col) = arg1
                return _coo_to_csr(data, row, col, shape, ctx, dtype)
            _check_shape(arg1, shape)
            return empty("csr", arg1, ctx=ctx, dtype=dtype)
        if len(arg1) == 3:
            return _csr_from_definition(arg1[0], arg1[1], arg1[2], shape, ctx, dtype)
        raise ValueError(f"Unexpected length of input tuple: {len(arg1)}")
    if isinstance(arg1, CSRNDArray) or _is_scipy(arg1):
        _check_shape(arg1.shape, shape)
        return array(arg1, ctx=ctx, dtype=dtype)
    if isinstance(arg1, RowSparseNDArray):
        raise ValueError("Unexpected input type: RowSparseNDArray")
    return _from_dense(arg1, shape, ctx, dtype, "csr")


def _from_dense(arg1, shape, ctx, dtype, stype):
    from .creation import array as _array
    dtype = _default_dtype(arg1, dtype)
    dns = _array(arg1, dtype=dtype)
    if ctx is not None and dns.context != ctx:
        dns = dns.as_in_context(ctx)
    _check_shape(dns.shape, shape)
    return dns.tostype(stype)


# ---------------------------------------------------------------- row_sparse_array
def _rsp_from_definition(data, indices, shape, ctx, dtype):
    ctx = _ctx(ctx)
    dtype = _default_dtype(data, dtype)
    dev = ctx.torch_device
    d = _tensor(data, dtype, dev, "data")
    ind = _tensor(indices, np.int64, dev, "indices")
    if shape is None:
        if ind.numel() == 0:
            raise ValueError("invalid shape")
        shape = (int(ind.reshape(-1)[-1]) + 1,) + tuple(d.shape[1:])
    shape = tuple(int(s) for s in shape)
    if d.dim() != len(shape) or ind.dim() != 1 or int(np.prod(shape[1:])) == 0:
        raise ValueError("invalid shape")
    if tuple(d.shape[1:]) != shape[1:] or d.shape[0] != ind.numel():
        raise MXNetError(f"row_sparse_array: data of shape {tuple(d.shape)} and {ind.numel()} indices do not "
                         f"fit an array of shape {shape}")
    return _finish((d, ind), "row_sparse", shape, ctx)


def row_sparse_array(arg1, shape=None, ctx=None, dtype=None):
    """A RowSparseNDArray from (data, indices), a shape, a dense array or a RowSparseNDArray."""
    if isinstance(arg1, tuple):
        n = len(arg1)
        if n < 2:
            raise ValueError(f"Unexpected length of input tuple: {n}")
        if n > 2 or (isinstance(arg1[0], numbers.Integral) and isinstance(arg1[1], numbers.Integral)):
            _check_shape(arg1, shape)
            return empty("row_sparse", arg1, ctx=ctx, dtype=dtype)
        return _rsp_from_definition(arg1[0], arg1[1], shape, ctx, dtype)
    if isinstance(arg1, RowSparseNDArray):
        _check_shape(arg1.shape, shape)
        return array(arg1, ctx=ctx, dtype=dtype)
    if isinstance(arg1, CSRNDArray):
        raise ValueError("Unexpected input type: CSRNDArray")
    return _from_dense(arg1, shape, ctx, dtype, "row_sparse")


# ---------------------------------------------------------------- zeros / empty / array
def zeros(stype, shape, ctx=None, dtype=None, **kwargs):
    """An all-zero array of storage type `stype` ('default', 'csr' or 'row_sparse')."""
    if stype == "default":
        from .creation import zeros as _zeros
        return _zeros(shape, ctx=ctx, dtype=dtype, **kwargs)
    if kwargs:
        raise NotImplementedError(f"nd.sparse.zeros: arguments {sorted(kwargs)} are not supported")
    if stype not in ("row_sparse", "csr"):
        raise ValueError("unknown storage type" + str(stype))
    ctx = _ctx(ctx)
    if isinstance(shape, numbers.Integral):
        shape = (int(shape),)
    shape = tuple(int(s) for s in shape)
    if stype == "csr" and len(shape) != 2:
        raise MXNetError(f"nd.sparse.zeros: a csr array must be 2-D, got shape {shape}")
    td = py_dtype(np.float32 if dtype is None else dtype)
    out = _ops.zeros_sparse(stype, shape, td, ctx.torch_device)
    out._ctx = tag_for(ctx)
    return out


def empty(stype, shape, ctx=None, dtype=None):
    """An empty (all-zero) sparse array of storage type `stype`."""
    if isinstance(shape, numbers.Integral):
        shape = (int(shape),)
    assert stype is not None
    if stype in ("csr", "row_sparse"):
        return zeros(stype, shape, ctx=ctx, dtype=dtype)
    raise Exception(f"unknown stype : {stype}")  # pylint: disable=broad-exception-raised


def array(source_array, ctx=None, dtype=None):
    """A sparse array copied from a sparse NDArray or a scipy.sparse csr matrix."""
    ctx = _ctx(ctx)
    if isinstance(source_array, NDArray):
        assert source_array.stype != "default", \
            "Please use `tostype` to create RowSparseNDArray or CSRNDArray from an NDArray"
        dtype = _default_dtype(source_array, dtype)
        arr = empty(source_array.stype, source_array.shape, dtype=dtype, ctx=ctx)
        source_array.copyto(arr)
        return arr
    if _is_scipy(source_array):
        csr = source_array.sorted_indices()
        csr.sum_duplicates()
        dtype = _default_dtype(source_array, dtype)
        return csr_matrix((csr.data, csr.indices, csr.indptr), shape=csr.shape, dtype=dtype, ctx=ctx)
    if isinstance(source_array, (np.ndarray, np.generic)):
        raise ValueError("Please use mx.nd.array to create an NDArray with source_array of type ",
                         type(source_array))
    raise ValueError("Unexpected source_array type: ", type(source_array))


def _ndarray_cls(handle, writable=True, stype=-1):
    raise NotImplementedError("nd.sparse._ndarray_cls: torch2gluon arrays have no C handle")


# ---------------------------------------------------------------- operators
def _write(res, out):
    if out is None:
        return res
    if not isinstance(out, NDArray):
        raise TypeError(f"out= must be an NDArray, got {type(out).__name__}")
    if tuple(out.shape) != tuple(res.shape):
        raise MXNetError(f"out= has shape {out.shape} but the result has shape {res.shape}")
    if isinstance(res, BaseSparseNDArray):
        if out.stype == res.stype:
            out._set_parts(tuple(p.to(out.device_t) for p in res._parts()))
        else:
            out._assign(res._t)
    else:
        out._assign(res._t)
    return out


def _any_sparse(args, kwargs, n):
    for a in args[:n]:
        if isinstance(a, BaseSparseNDArray):
            return True
    if kwargs:
        for k in ("data", "lhs", "rhs"):
            if isinstance(kwargs.get(k), BaseSparseNDArray):
                return True
    return False


def _dispatching(name, dense, sparse_fn, nin):
    """`dense` for dense inputs; `sparse_fn(*args, **kwargs)` (then `out=`) when an input is sparse."""
    def op(*args, **kwargs):
        # the dense fast path: positional data inputs that are plain NDArrays, no array passed by keyword
        if (args and type(args[0]) is NDArray and (nin == 1 or len(args) == 1 or type(args[1]) is NDArray)
                and (nin == 1 or not kwargs or not _any_sparse((), kwargs, 0))):
            return dense(*args, **kwargs)
        if _any_sparse(args, kwargs, nin):
            out = kwargs.pop("out", None)
            kwargs.pop("name", None)
            if name in _LAZY_STATES:   # these update `out` (the weight) themselves
                token = _LAZY_OUT.set(out)
                try:
                    return sparse_fn(*args, **kwargs)
                finally:
                    _LAZY_OUT.reset(token)
            return _write(sparse_fn(*args, **kwargs), out)
        return dense(*args, **kwargs)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = dense.__doc__
    op.__wrapped__ = dense
    if hasattr(dense, "__mxop__"):
        op.__mxop__ = dense.__mxop__
    return op


_DENSE = {}   # name -> the dense operator, for the operators whose registry entry is replaced by DISPATCH


def _dense_of(name):
    """The dense implementation of operator `name` (never the sparse dispatcher)."""
    return _DENSE.get(name) or _OPS[name]


def _unary_fn(name):
    def fn(data, **kw):
        if not isinstance(data, BaseSparseNDArray):
            return _dense_of(name)(data, **kw)
        return _ops.unary(name, data, **kw)
    return fn


def _clip_fn(data, a_min, a_max):
    return _ops.clip(data, a_min, a_max) if isinstance(data, BaseSparseNDArray) else _dense_of("clip")(data, a_min, a_max)


def _zeros_like_fn(data):
    return _ops.zeros_like(data)


def _elem(kind):
    return lambda lhs, rhs: _ops.elemwise(kind, lhs, rhs)


def _bcast(kind):
    return lambda lhs, rhs: _ops.broadcast(kind, lhs, rhs)


def _slice_fn(data, begin, end, step=None):
    return _ops.slice_op(data, begin, end, step)


_LAZY_STATES = {"sgd_update": (), "sgd_mom_update": ("mom",), "adam_update": ("mean", "var"),
                "ftrl_update": ("z", "n")}   # ftrl: lazy for a row_sparse weight only (MXNet's sparse kernel)
# (mp_sgd_update / mp_sgd_mom_update have no sparse kernel in MXNet: a row_sparse grad is read densely)


def _lazy_op(name):
    """An optimizer operator given a row_sparse `grad`: MXNet updates `weight` in place (out=weight is
    required); with lazy_update (the default) only the stored rows of weight and states change."""
    import inspect
    sig = []  # the dense operator's signature, computed at the first call (not per call)

    def fn(*args, **kwargs):
        dense = _dense_of(name)
        if not sig:
            sig.append(inspect.signature(dense))
        bound = sig[0].bind(*args, **kwargs)
        bound.apply_defaults()
        a = bound.arguments
        weight, grad = a["weight"], a["grad"]
        out = _LAZY_OUT.get()
        sparse_weight = isinstance(weight, BaseSparseNDArray)
        if name == "ftrl_update" and not sparse_weight:  # MXNet: a dense weight takes the dense update
            a["grad"] = grad.tostype("default")
            return _write(dense(**a), out)
        if out is not weight:
            raise MXNetError(f"Check failed: req == kWriteInplace : kWriteInplace is expected for sparse {name} "
                             "(pass out=weight)")
        if not isinstance(grad, RowSparseNDArray) or isinstance(weight, CSRNDArray):
            if isinstance(weight, CSRNDArray):
                raise NotImplementedError(f"nd.{name}: a csr weight is not supported")
            raise MXNetError(f"{name}: a csr gradient is not supported")
        from ..base import _Null
        lazy = a.get("lazy_update", True)
        lazy = lazy.lower() in ("true", "1") if isinstance(lazy, str) else bool(lazy)
        if sparse_weight and not lazy:
            raise NotImplementedError(f"nd.{name}: lazy_update=False with a row_sparse weight is not supported")
        if not lazy:
            a["grad"] = grad.tostype("default")
            return dense(**a, out=weight)
        from ..optimizer._lazy import _gather, _scatter
        from .ndarray import wrap
        data, rows = grad._parts()
        sub = dict(a)
        sub["weight"] = _gather(weight, rows)
        sub["grad"] = wrap(data)
        states = {k: _gather(a[k], rows) for k in _LAZY_STATES[name]}
        sub.update(states)
        res = dense(**{k: v for k, v in sub.items() if v is not _Null})
        _scatter(weight, res, rows)
        for k, st in states.items():
            _scatter(a[k], st, rows)
        return weight
    return fn


def adagrad_update(weight, grad, history, lr, epsilon=1e-7, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                   out=None, name=None):
    """MXNet's sparse AdaGrad: for the stored rows of row_sparse `grad` only, `history += g^2` and
    `weight -= lr * g / sqrt(history + epsilon)`, in place (out=weight); wd must be 0."""
    if float(wd) != 0:
        raise MXNetError("Check failed: param.wd == 0.0f : sparse adagrad_update does not support wd.")
    if out is not weight:
        raise MXNetError("Check failed: req == kWriteInplace : kWriteInplace is expected for sparse adagrad_update "
                         "(pass out=weight)")
    if isinstance(weight, BaseSparseNDArray) or isinstance(history, BaseSparseNDArray):
        raise NotImplementedError("nd.sparse.adagrad_update: a sparse weight or history is not supported")
    if not isinstance(grad, RowSparseNDArray):
        raise MXNetError("Check failed: infer_stype_success: Operator not implemented: operator = "
                         f"_sparse_adagrad_update (grad storage type {grad.stype}; row_sparse is required)")
    data, rows = grad._parts()
    g = data * float(rescale_grad)
    if float(clip_gradient) >= 0:
        g = g.clamp(-float(clip_gradient), float(clip_gradient))
    w, h = weight._t, history._t
    with torch.no_grad():
        hr = h.index_select(0, rows) + g * g
        h.index_copy_(0, rows, hr)
        w.index_copy_(0, rows, w.index_select(0, rows) - float(lr) * g / (hr + float(epsilon)).sqrt())
    return weight


_SPARSE_FNS = {"clip": (_clip_fn, 1), "zeros_like": (_zeros_like_fn, 1),
               "elemwise_add": (_elem("add"), 2), "elemwise_sub": (_elem("sub"), 2),
               "elemwise_mul": (_elem("mul"), 2),
               "_maximum": (lambda lhs, rhs: _ops.zero_keeping_binary("_maximum", lhs, rhs), 2),
               "_minimum": (lambda lhs, rhs: _ops.zero_keeping_binary("_minimum", lhs, rhs), 2),
               "_hypot": (lambda lhs, rhs: _ops.zero_keeping_binary("_hypot", lhs, rhs), 2),
               "_contrib_quadratic": (_ops.quadratic, 1),
               "broadcast_mul": (_bcast("mul"), 2), "broadcast_div": (_bcast("div"), 2),
               "add_n": (_ops.add_n, 1 << 30), "ElementWiseSum": (_ops.add_n, 1 << 30),
               "dot": (_ops.dot, 2), "slice": (_slice_fn, 1), "take": (_ops.take_csr, 1)}
_SPARSE_FNS.update({n: (_unary_fn(n), 1) for n in _ops.KEEP_UNARY})
_SPARSE_FNS.update({n: (_lazy_op(n), 2) for n in _LAZY_STATES})

# MXNet's sparse namespace: these names, plus the operators above
_FALLBACK = ("Embedding", "FullyConnected", "LinearRegressionOutput", "LogisticRegressionOutput",
             "MAERegressionOutput", "adagrad_update", "adam_update", "arccos", "arccosh", "broadcast_add",
             "broadcast_minus", "broadcast_plus", "broadcast_sub", "cast_storage", "concat", "cos", "cosh",
             "elemwise_div", "exp", "ftrl_update", "gamma", "gammaln", "log", "log10", "log2", "mean", "norm",
             "rsqrt", "sgd_mom_update", "sgd_update", "sigmoid", "sum", "where")

import contextvars  # noqa: E402
_LAZY_OUT = contextvars.ContextVar("torch2gluon_lazy_out", default=None)

DISPATCH = {}   # name -> dispatching function (installed into mx.nd too)


def _build():
    g = globals()
    for name, (fn, nin) in _SPARSE_FNS.items():
        dense = _OPS.get(name)
        if dense is None:
            continue
        slow = getattr(dense, "__slow__", None)
        if slow is not None:  # a one-input fast front (nd.relu...): dense NDArrays keep its path, no extra frame
            slow[0] = _dispatching(name, slow[0], fn, nin)
            DISPATCH[name] = dense
        else:
            DISPATCH[name] = _dispatching(name, dense, fn, nin)
            # the registry too (symbol executors and nd.op resolve operators there), as MXNet's operators
            # take sparse inputs whatever the front end; the dense operator stays reachable in _DENSE
            _DENSE[name] = dense
            _OPS[name] = DISPATCH[name]
            if name.startswith("_"):  # MXNet's internal operators: the registry only, not mx.nd.sparse
                del DISPATCH[name]
    for name in _FALLBACK:
        if name in _OPS:
            g[name] = _OPS[name]
    g.update(DISPATCH)
    g["retain"] = _ops.retain
    g["broadcast_plus"] = g.get("broadcast_add")
    for name in ("broadcast_minus",):
        if name in _OPS:
            g[name] = _OPS[name]
    for name in list(DISPATCH) + ["retain"] + [n for n in _FALLBACK if n in _OPS]:
        if name not in __all__:
            __all__.append(name)
    # methods of sparse arrays that are operators keeping the storage type
    for name in _ops.KEEP_UNARY + ("clip", "zeros_like"):
        if name in DISPATCH and hasattr(NDArray, name):
            setattr(BaseSparseNDArray, name, DISPATCH[name])


_build()


def install(namespace):
    """Put the storage-aware operators into the `mx.nd` namespace `namespace` (a module's globals)."""
    for name, fn in DISPATCH.items():
        if name in namespace:
            namespace[name] = fn
    namespace["retain"] = _ops.retain
