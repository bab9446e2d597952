"""Operators on sparse arrays with MXNet 1.9.1's output storage types (observed on the real library).

An operator without a sparse rule here reads the inputs' dense tensors (`_t`) and returns a dense array,
which is what MXNet's storage fallback returns too. The rules kept here:
- zero-preserving unary ops (square, sqrt, abs, sin, relu, ...): same storage, computed on the stored values;
- `x * s`, `x / s`, `x + 0`, `x - 0` keep the storage; other scalar ops give a dense array;
- same-shape add/sub/mul: rsp.rsp -> rsp (union of the stored rows), csr.csr -> csr, rsp*dns and dns*rsp
  -> rsp (the rsp's rows), csr*dns and dns*csr -> csr (the csr's entries); division is dense;
- broadcast_mul/div(csr, dense) -> csr; add_n of row_sparse arrays -> row_sparse;
- dot: csr.dns and csr.rsp -> dense, csr^T.dns and csr^T.rsp -> row_sparse, dns.csr -> csr;
- slice of a csr (rows, optionally a column range) -> csr, keeping explicitly stored zeros; retain.
"""
import numbers

import numpy as np
import torch

from ..base import MXNetError
from .register import mxop
from .ndarray import NDArray, wrap, _scalar_for
from ._sparse_base import (BaseSparseNDArray, CSRNDArray, RowSparseNDArray, make_sparse, dense_to_csr,
                           csr_rows, _DENSE_SLOT)

# unary operators whose output keeps the input's storage type (both csr and row_sparse)
KEEP_UNARY = ("BlockGrad", "_contrib_round_ste", "_contrib_sign_ste", "abs", "arcsin", "arcsinh", "arctan", "arctanh",
              "cbrt", "ceil", "degrees", "expm1", "fix", "floor", "log1p", "make_loss", "negative", "radians",
              "relu", "rint", "round", "sign", "sin", "sinh", "sqrt", "square", "stop_gradient", "tan", "tanh",
              "trunc")


def _dense_op(name):
    """The dense operator `name`, unchecked: it runs on stored parts, which may be empty (nothing stored), where
    MXNet's sparse kernel runs without a dense shape inference (_unknown_shape.py)."""
    from .sparse import _dense_of
    from .register import unchecked
    return unchecked(_dense_of(name))


def _like_parts(x, data):
    """A sparse array with `x`'s structure (copied) and new values `data`."""
    parts = x._parts()
    return make_sparse(x.stype, (data,) + tuple(p.clone() for p in parts[1:]), x.shape, x._ctx)


def unary(name, x, **kwargs):
    """Apply the zero-preserving unary operator `name` to the stored values of sparse `x`."""
    if _graded(x):   # a sparse autograd variable: computed on its dense values (graph kept)
        return _dense_op(name)(_dense(x), **kwargs)
    data = x._parts()[0]
    out = _dense_op(name)(wrap(data), **kwargs)
    return _like_parts(x, out._t.detach())


def clip(x, a_min, a_max):
    """clip on a sparse array: same storage when 0 lies in [a_min, a_max], else MXNetError (as MXNet)."""
    if not float(a_min) <= 0 <= float(a_max):
        raise MXNetError(f"clip: a sparse input needs a_min <= 0 <= a_max to keep its storage type "
                         f"(got a_min={a_min}, a_max={a_max})")
    return unary("clip", x, a_min=a_min, a_max=a_max)


def zeros_like(x):
    """An empty (all-zero) sparse array of `x`'s storage type, shape, dtype and context."""
    return zeros_sparse(x.stype, x.shape, x.dtype_t, x.device_t, x._ctx)


def zeros_sparse(stype, shape, dtype, device, ctx=None):
    """An all-zero sparse array (nothing stored)."""
    if stype == "csr":
        parts = (torch.zeros(0, dtype=dtype, device=device), torch.zeros(shape[0] + 1, dtype=torch.int64,
                 device=device), torch.zeros(0, dtype=torch.int64, device=device))
    else:
        parts = (torch.zeros((0,) + tuple(shape[1:]), dtype=dtype, device=device),
                 torch.zeros(0, dtype=torch.int64, device=device))
    return make_sparse(stype, parts, shape, ctx)


# ---------------------------------------------------------------- row helpers
def rsp_rows(x, rows):
    """The values of row_sparse `x` at `rows` (zeros where no row is stored)."""
    data, idx = x._parts()
    out = torch.zeros((rows.numel(),) + tuple(data.shape[1:]), dtype=data.dtype, device=data.device)
    if idx.numel() and rows.numel():
        pos = torch.searchsorted(idx, rows).clamp_(max=idx.numel() - 1)
        hit = idx[pos] == rows
        out[hit] = data[pos[hit]]
    return out


def _rsp_union(arrays):
    return torch.unique(torch.cat([a._parts()[1] for a in arrays]), sorted=True)


def _binary_rsp_rsp(fn, a, b):
    rows = _rsp_union((a, b))
    return make_sparse("row_sparse", (fn(rsp_rows(a, rows), rsp_rows(b, rows)), rows), a.shape, a._ctx)


def _csr_pattern(x):
    data, indptr, indices = x._parts()
    mask = torch.zeros(x.shape, dtype=torch.bool, device=data.device)
    if data.numel():
        mask[csr_rows(indptr), indices] = True
    return mask


def _csr_with_mask(dense, mask, ctx):
    nz = torch.nonzero(mask, as_tuple=False)
    rows, cols = nz[:, 0], nz[:, 1]
    indptr = torch.zeros(dense.shape[0] + 1, dtype=torch.int64, device=dense.device)
    torch.cumsum(torch.bincount(rows, minlength=dense.shape[0]), 0, out=indptr[1:])
    return make_sparse("csr", (dense[rows, cols].clone(), indptr, cols.clone()), tuple(dense.shape), ctx)


def _csr_values_at(x, dense):
    """`dense` (broadcast to x's shape) read at the stored entries of csr `x`."""
    data, indptr, indices = x._parts()
    full = dense.expand(x.shape)
    return full[csr_rows(indptr), indices]


_ELEM = {"add": torch.add, "sub": torch.sub, "mul": torch.mul}


def _graded(*xs):
    """Whether an operand takes part in autograd now (then an op runs on dense values, keeping the graph);
    a sparse operand does when it is a marked variable (a row_sparse Parameter's array)."""
    from ._state import STATE
    if not STATE.recording:
        return False
    for x in xs:
        if isinstance(x, BaseSparseNDArray):
            d = _DENSE_SLOT.__get__(x)
            if d is not None and d.requires_grad:
                return True
        elif isinstance(x, NDArray) and x._t.requires_grad:
            return True
    return False


def _check_same(a, b, opname):
    if a.shape != b.shape:
        raise MXNetError(f"{opname}: Incompatible shapes {a.shape} and {b.shape}")
    if a.dtype is not b.dtype:
        raise MXNetError(f"{opname}: Incompatible attr: expected {np.dtype(a.dtype).name}, got "
                         f"{np.dtype(b.dtype).name}")


def elemwise(kind, a, b, opname=None):
    """elemwise_add/sub/mul with MXNet's output storage types (division is always dense)."""
    opname = opname or f"elemwise_{kind}"
    _check_same(a, b, opname)
    sa, sb = a.stype, b.stype
    fn = _ELEM.get(kind)
    if fn is not None and not _graded(a, b):
        if sa == sb == "row_sparse":
            return _binary_rsp_rsp(fn, a, b)
        if sa == sb == "csr":
            mask = _csr_pattern(a) & _csr_pattern(b) if kind == "mul" else _csr_pattern(a) | _csr_pattern(b)
            return _csr_with_mask(fn(a._t, b._t), mask, a._ctx)
        if kind == "mul" and {sa, sb} == {"row_sparse", "default"}:
            s, d = (a, b) if sa == "row_sparse" else (b, a)
            data, idx = s._parts()
            other = d._t.detach().index_select(0, idx)
            return make_sparse("row_sparse", (data * other if s is a else other * data, idx.clone()), a.shape,
                               a._ctx)
        if kind == "mul" and {sa, sb} == {"csr", "default"}:
            s, d = (a, b) if sa == "csr" else (b, a)
            return _like_parts(s, s._parts()[0] * _csr_values_at(s, d._t.detach()))
    return _dense_op(f"elemwise_{kind}")(_dense(a), _dense(b))


_ZERO_KEEPING = {"_maximum": torch.maximum, "_minimum": torch.minimum, "_hypot": torch.hypot}


def zero_keeping_binary(name, a, b):
    """_maximum / _minimum / _hypot (f(0, 0) = 0): rsp.rsp -> rsp (union of the stored rows), csr.csr ->
    csr (union of the entries), as MXNet; any other pairing is dense."""
    if a.shape == b.shape and a.stype == b.stype and not _graded(a, b):
        _check_same(a, b, name)
        fn = _ZERO_KEEPING[name]
        if a.stype == "row_sparse":
            return _binary_rsp_rsp(fn, a, b)
        if a.stype == "csr":
            return _csr_with_mask(fn(a._t, b._t), _csr_pattern(a) | _csr_pattern(b), a._ctx)
    return _dense_op(name)(_dense(a), _dense(b))


def _dense(x):
    if isinstance(x, BaseSparseNDArray):
        out = wrap(x._t)
        out._ctx = x._ctx
        return out
    return x


def broadcast(kind, a, b):
    """broadcast_mul/div: csr op dense keeps the csr's entries; anything else is dense."""
    if (isinstance(a, CSRNDArray) and not isinstance(b, BaseSparseNDArray) and isinstance(b, NDArray)
            and not _graded(b)):
        try:
            torch.broadcast_shapes(tuple(b.shape), a.shape)
        except RuntimeError:
            raise MXNetError(f"broadcast_{kind}: shapes {a.shape} and {b.shape} do not broadcast") from None
        vals = _csr_values_at(a, b._t.detach())
        data = a._parts()[0]
        return _like_parts(a, data * vals if kind == "mul" else _div_vals(data, vals))
    return _dense_op(f"broadcast_{kind}")(_dense(a), _dense(b))


def _div_vals(a, b):
    from .ndarray import _div
    return _div(a, b)


def _scalar_keep(x, s, kind):
    if _graded(x):
        return getattr(_dense(x), f"__{_PY[kind]}__")(s)
    data = x._parts()[0]
    v = _scalar_for(data, s)
    from .ndarray import _div
    out = data * v if kind == "mul" else _div(data, v) if kind == "div" else data + v if kind == "add" \
        else data - v
    return _like_parts(x, out)


def _arith(kind, lhs, rhs, reverse_dense):
    """MXNet's sparse.add/subtract/multiply/divide (operators of sparse arrays)."""
    if isinstance(lhs, NDArray) and isinstance(rhs, NDArray):
        if lhs.shape == rhs.shape:
            if kind == "div":
                return _dense_op("elemwise_div")(_dense(lhs), _dense(rhs))
            return elemwise(kind, lhs, rhs)
        if kind in ("mul", "div"):
            return broadcast(kind, lhs, rhs)
        return _dense_op(f"broadcast_{'plus' if kind == 'add' else 'minus'}")(_dense(lhs), _dense(rhs))
    if isinstance(lhs, NDArray) and isinstance(rhs, (numbers.Number, np.generic)):
        if isinstance(lhs, BaseSparseNDArray) and (kind in ("mul", "div") or rhs == 0):
            return _scalar_keep(lhs, rhs, kind)
        return getattr(_dense(lhs), f"__{_PY[kind]}__")(rhs)
    if isinstance(rhs, NDArray) and isinstance(lhs, (numbers.Number, np.generic)):
        if kind == "div":   # MXNet 1.9.1's sparse.divide(scalar, x) computes x / scalar (it has no reverse op)
            return _arith("div", rhs, lhs, reverse_dense)
        if isinstance(rhs, BaseSparseNDArray) and (kind == "mul" or (kind == "add" and lhs == 0)):
            return _scalar_keep(rhs, lhs, kind)
        return getattr(_dense(rhs), f"__r{_PY[kind]}__")(lhs)
    raise TypeError(f"type {type(rhs)} not supported")


_PY = {"add": "add", "sub": "sub", "mul": "mul", "div": "truediv"}


def add(lhs, rhs):
    """Element-wise sum with MXNet's output storage rules."""
    return _arith("add", lhs, rhs, False)


def subtract(lhs, rhs):
    """Element-wise difference with MXNet's output storage rules."""
    return _arith("sub", lhs, rhs, False)


def multiply(lhs, rhs):
    """Element-wise product with MXNet's output storage rules."""
    return _arith("mul", lhs, rhs, False)


def divide(lhs, rhs):
    """Element-wise division with MXNet's output storage rules."""
    return _arith("div", lhs, rhs, False)


def add_n(*args, **kwargs):
    """Sum of arrays: row_sparse when every input is row_sparse, else dense (`num_args` checked as MXNet)."""
    if "num_args" in kwargs:
        from ._num_args import check_num_args
        check_num_args("add_n", kwargs.pop("num_args"), len(args))
    if kwargs:
        raise TypeError(f"add_n() got an unexpected keyword argument {next(iter(kwargs))!r}")
    if args and all(isinstance(a, RowSparseNDArray) for a in args) and not _graded(*args):
        for a in args[1:]:
            _check_same(args[0], a, "add_n")
        rows = _rsp_union(args)
        total = rsp_rows(args[0], rows)
        for a in args[1:]:
            total = total + rsp_rows(a, rows)
        return make_sparse("row_sparse", (total, rows), args[0].shape, args[0]._ctx)
    return _dense_op("add_n")(*[_dense(a) for a in args])


# ---------------------------------------------------------------- slicing, retain
def _norm_range(begin, end, n):
    b = 0 if begin is None else int(begin)
    e = n if end is None else int(end)
    b = b + n if b < 0 else b
    e = e + n if e < 0 else e
    if not 0 <= b < e <= n:
        raise MXNetError(f"slice: invalid range [{begin}, {end}) for an axis of size {n}")
    return b, e


def slice_csr(x, begin, end, col_begin=None, col_end=None):
    """Rows [begin, end) (and optionally columns [col_begin, col_end)) of csr `x`, as a csr array."""
    data, indptr, indices = x._parts()
    b, e = _norm_range(begin, end, x.shape[0])
    lo, hi = int(indptr[b]), int(indptr[e])
    d, ind, ptr = data[lo:hi], indices[lo:hi], indptr[b:e + 1] - lo
    ncols = x.shape[1]
    if col_begin is not None or col_end is not None:
        cb, ce = _norm_range(col_begin, col_end, x.shape[1])
        keep = (ind >= cb) & (ind < ce)
        rows = torch.repeat_interleave(torch.arange(e - b, device=ptr.device), ptr[1:] - ptr[:-1])
        counts = torch.bincount(rows[keep], minlength=e - b)
        ptr = torch.zeros(e - b + 1, dtype=torch.int64, device=ptr.device)
        torch.cumsum(counts, 0, out=ptr[1:])
        d, ind = d[keep], ind[keep] - cb
        ncols = ce - cb
    return make_sparse("csr", (d.clone(), ptr.clone(), ind.clone()), (e - b, ncols), x._ctx)


def slice_op(data, begin, end, step=None):
    """nd.slice on a csr array (rows, or rows and columns, step 1): a csr array; dense otherwise."""
    if isinstance(data, CSRNDArray) and (step in (None, (), []) or all(s in (None, 1) for s in step)):
        begin, end = tuple(begin), tuple(end)
        if len(begin) == 1:
            return slice_csr(data, begin[0], end[0])
        return slice_csr(data, begin[0], end[0], begin[1], end[1])
    kw = {} if step is None else {"step": step}
    return _dense_op("slice")(_dense(data), begin=begin, end=end, **kw)


def retain(data, indices=None, **kwargs):
    """The rows of row_sparse `data` at `indices` (in the given order), zeros where `data` stores none."""
    kwargs.pop("name", None)
    out = kwargs.pop("out", None)
    if kwargs:
        raise MXNetError(f"Cannot find argument '{next(iter(kwargs))}', Possible Arguments:\n----------------\n"
                         ", in operator _sparse_retain(name=\"\")")
    if out is not None:
        from .sparse import _write
        return _write(retain(data, indices), out)
    if indices is None:
        raise MXNetError("Required parameter or input is not presented (indices), in operator _sparse_retain")
    if not isinstance(data, RowSparseNDArray):
        raise MXNetError("retain: the data input must be a row_sparse array (storage type "
                         f"{getattr(data, 'stype', type(data).__name__)})")
    if isinstance(indices, NDArray):
        rows = indices._t.detach().to(torch.int64)
    else:
        rows = torch.as_tensor(np.asarray(indices), dtype=torch.int64)
    rows = rows.reshape(-1).to(data.device_t)
    if _graded(data):  # recorded: the dense values of the kept rows (graph kept; gradient: those rows only)
        d = data._t
        keep = torch.zeros(d.shape[0], dtype=d.dtype, device=d.device)
        keep[rows] = 1
        return _wrap_ctx(d * keep.reshape((-1,) + (1,) * (d.dim() - 1)), data)
    return make_sparse("row_sparse", (rsp_rows(data, rows), rows.clone()), data.shape, data._ctx)


@mxop("_square_sum")
def square_sum(data, axis=None, keepdims=False, exclude=False):
    """`sum(data ** 2, axis)` of a 2-D row_sparse array (MXNet's sparse-only operator): axis=1 with keepdims
    keeps row_sparse storage (the stored rows), other forms are dense."""
    from ._args import as_bool
    if as_bool(exclude):
        raise NotImplementedError("_square_sum: argument 'exclude' is not supported by torch2gluon")
    if not isinstance(data, RowSparseNDArray) or data.ndim != 2:
        raise MXNetError("_square_sum: only a 2-D row_sparse input is supported (storage type "
                         f"{getattr(data, 'stype', type(data).__name__)}, shape {getattr(data, 'shape', None)})")
    ax = axis[0] if isinstance(axis, (tuple, list)) and len(axis) == 1 else axis
    if isinstance(ax, str):
        ax = int(ax.strip("(), ") or -99)
    if ax not in (0, 1):
        raise MXNetError(f"_square_sum: axis must be 0 or 1 for a row_sparse input (got {axis!r})")
    kd = as_bool(keepdims)
    if _graded(data):  # recorded: dense values (graph kept)
        return _wrap_ctx((data._t * data._t).sum(dim=ax, keepdim=kd), data)
    vals, rows = data._parts()
    if ax == 1 and kd:
        return make_sparse("row_sparse", ((vals * vals).sum(dim=1, keepdim=True), rows.clone()),
                           (data.shape[0], 1), data._ctx)
    return _wrap_ctx((data._t.detach() ** 2).sum(dim=ax, keepdim=kd), data)


def quadratic(data, a=0.0, b=0.0, c=0.0):
    """contrib.quadratic: a csr input with c == 0 keeps csr storage (computed on the stored values)."""
    if isinstance(data, CSRNDArray) and float(c) == 0 and not _graded(data):
        out = _dense_op("_contrib_quadratic")(wrap(data._parts()[0]), a=a, b=b, c=c)
        return _like_parts(data, out._t.detach())
    return _dense_op("_contrib_quadratic")(_dense(data), a=a, b=b, c=c)


# ---------------------------------------------------------------- dot
def _csr_torch(x, transpose=False):
    data, indptr, indices = x._parts()
    m = torch.sparse_csr_tensor(indptr, indices, data, size=x.shape)
    return m


def _mm(x, dense, transpose):
    """csr `x` (or its transpose) times a dense 2-D tensor."""
    data = x._parts()[0]
    if data.dtype in (torch.float32, torch.float64) and not transpose:
        try:
            return _csr_torch(x) @ dense
        except (RuntimeError, NotImplementedError):
            pass
    d = x._t.detach()
    return (d.t() if transpose else d) @ dense


def dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None):
    """nd.dot / nd.sparse.dot with MXNet's output storage types for csr and row_sparse operands."""
    ta, tb = _bool(transpose_a), _bool(transpose_b)
    if forward_stype is not None:  # MXNet's output always has the requested storage type
        return as_forward_stype(dot(lhs, rhs, transpose_a, transpose_b), forward_stype)
    if isinstance(lhs, CSRNDArray) and not isinstance(rhs, CSRNDArray) and not tb and not _graded(lhs):
        if rhs.ndim != 2:
            raise MXNetError("sparse dot only supports 2 dimensional rhs")
        k = lhs.shape[0] if ta else lhs.shape[1]
        if rhs.shape[0] != k:
            raise MXNetError(f"dot: shape mismatch {lhs.shape}{'^T' if ta else ''} . {rhs.shape}")
        if lhs.dtype_t is not (rhs.dtype_t if isinstance(rhs, BaseSparseNDArray) else rhs._t.dtype):
            raise MXNetError("dot: lhs and rhs must have the same dtype")
        if _graded(rhs):   # gradient w.r.t. the dense rhs: row_sparse-shaped, as MXNet's
            return _wrap_ctx(_CsrMM.apply(rhs._t, lhs, ta), lhs)
        out = _mm(lhs, rhs._t.detach(), ta)
        if not ta:
            return _wrap_ctx(out, lhs)
        _, indptr, cols = lhs._parts()
        if isinstance(rhs, RowSparseNDArray):   # only entries meeting a stored row of rhs reach the output
            keep = torch.isin(csr_rows(indptr), rhs._parts()[1])
            cols = cols[keep]
        rows = torch.unique(cols, sorted=True)   # the output rows a stored column reaches
        return make_sparse("row_sparse", (out.index_select(0, rows), rows), tuple(out.shape), lhs._ctx)
    if (isinstance(rhs, CSRNDArray) and not isinstance(lhs, BaseSparseNDArray) and not ta
            and lhs.ndim == 2 and not _graded(lhs, rhs)):
        d = rhs._t.detach()
        out = lhs._t.detach() @ (d.t() if tb else d)
        return make_sparse("csr", dense_to_csr(out), tuple(out.shape), lhs._ctx)
    return _dense_op("dot")(_dense(lhs), _dense(rhs), transpose_a=transpose_a, transpose_b=transpose_b)


def as_forward_stype(out, stype):
    """dot's result `out` in storage type `stype` (its `forward_stype`), as MXNet's output (a recorded
    result stays dense, keeping the graph, like every sparse operator under autograd)."""
    if stype not in ("default", "csr", "row_sparse"):
        raise MXNetError(f"Invalid Input: '{stype}', valid values are: {{None, 'csr', 'default', 'row_sparse'}}, "
                         "in operator dot(forward_stype)")
    if out.stype == stype or _graded(out):
        return out
    if isinstance(out, BaseSparseNDArray):
        out = out.tostype("default")
    return out.tostype(stype) if stype != "default" else out


class _CsrMM(torch.autograd.Function):  # pylint: disable=abstract-method
    """csr (or its transpose) times a dense tensor that needs a gradient.

    The gradient is a sparse COO tensor holding exactly the rows the csr reaches (the stored columns, or
    rows for a transposed csr), zero-valued ones included: MXNet's row_sparse gradient of dot. A dense
    gradient buffer receives it densified (see _sparse_grad.write_grad)."""

    @staticmethod
    def forward(ctx, w, x, transpose):  # pylint: disable=arguments-differ
        ctx.x, ctx.transpose = x, transpose
        ctx.leaf = w.is_leaf  # a computed rhs (reshape, ...) passes a dense gradient back (MXNet's fallback)
        return _mm(x, w.detach(), transpose)

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        x, transpose = ctx.x, ctx.transpose
        data, indptr, cols = x._parts()
        gw = _mm(x, g, not transpose)
        if not ctx.leaf:
            return gw, None, None
        rows = torch.unique(csr_rows(indptr) if transpose else cols, sorted=True)
        vals = gw.index_select(0, rows)
        coo = torch.sparse_coo_tensor(rows.reshape(1, -1), vals, tuple(gw.shape)).coalesce()
        return coo, None, None


def _bool(v):
    if isinstance(v, str):
        return v.lower() in ("true", "1")
    return bool(v)


def _wrap_ctx(t, like):
    out = wrap(t)
    out._ctx = like._ctx
    return out


def compare_scalar(x, s, name):
    """`x op s` for sparse `x`: same storage, computed on the stored values, when `0 op s` is false
    (MXNet's rule); otherwise the dense result."""
    import operator
    fn = getattr(operator, name.strip("_"))
    if not fn(0.0, _scalar_for(x._parts()[0], s)):
        data = x._parts()[0]
        return _like_parts(x, getattr(wrap(data), name)(s)._t.detach())
    return getattr(_dense(x), name)(s)


def take_csr(a, indices, axis=0, mode="clip"):
    """nd.take of csr rows: a csr array of the rows at `indices` (mode 'clip' or 'wrap')."""
    if not isinstance(a, CSRNDArray) or int(axis) != 0 or mode not in ("clip", "wrap"):
        return _dense_op("take")(_dense(a), indices, axis=axis, mode=mode)   # MXNet's dense fallback
    n = a.shape[0]
    idx = indices._t.detach() if isinstance(indices, NDArray) else torch.as_tensor(np.asarray(indices))
    idx = idx.reshape(-1)
    if idx.is_floating_point():
        idx = torch.trunc(idx)
    idx = idx.to(torch.int64)
    if mode == "wrap":
        idx = torch.remainder(idx, n)
    elif mode == "clip":
        idx = idx.clamp(0, n - 1)
    data, indptr, cols = a._parts()
    starts, ends = indptr[idx], indptr[idx + 1]
    counts = ends - starts
    ptr = torch.zeros(idx.numel() + 1, dtype=torch.int64, device=indptr.device)
    torch.cumsum(counts, 0, out=ptr[1:])
    pos = torch.repeat_interleave(starts - ptr[:-1], counts) + torch.arange(int(ptr[-1]), device=ptr.device)
    return make_sparse("csr", (data[pos].clone(), ptr, cols[pos].clone()), (idx.numel(), a.shape[1]), a._ctx)


@mxop("_contrib_getnnz")
def getnnz(data, axis=None):
    """contrib.getnnz: the number of stored values of csr `data` (axis None), or per row (axis 1)."""
    if not isinstance(data, CSRNDArray):
        raise MXNetError("getnnz: the input must be a csr array")
    _, indptr, _ = data._parts()
    if axis is None:
        out = torch.tensor([int(indptr[-1])], dtype=torch.int64)
    elif int(axis) in (1, -1):
        out = (indptr[1:] - indptr[:-1]).to(torch.int64)
    else:
        raise MXNetError(f"getnnz: axis={axis} is not supported (None or 1)")
    return _wrap_ctx(out, data)


@mxop("_contrib_SparseEmbedding")
def sparse_embedding(data, weight, input_dim, output_dim, dtype="float32", deterministic=False):
    """contrib.SparseEmbedding: Embedding whose weight gradient is row_sparse (the rows looked up)."""
    from .ops_norm import Embedding
    from ._args import as_bool
    as_bool(deterministic)   # MXNet's choice of a deterministic kernel: the values are the same either way
    return Embedding(data, weight, input_dim=input_dim, output_dim=output_dim, dtype=dtype, sparse_grad=True)
