"""`mx.np` creation functions (array, zeros, ones, full, arange, linspace, eye, *_like ...), MXNet 1.9.1 defaults.

MXNet's numpy module differs from numpy here: float32 is the default dtype (also for python lists of ints or
bools given to `array`), numpy arrays keep their dtype, results live on `ctx` (default: the current context)
and zero-size or 0-d shapes are valid.
"""
import math
import numbers

import numpy as np
import torch

from ..base import MXNetError, np_dtype
from ..context import Context, current_context, tag_for
from ..ndarray.ndarray import NDArray
from ..ndarray._state import STATE
from ..ndarray._dtypes import py_dtype
from ..ndarray.creation import _arange_values
from ..ndarray._nondiff import link, link_through
from ._wrap import wrap_np, np_class, refuse_legacy
from ._op_common import no_bool

__all__ = ["array", "empty", "empty_like", "zeros", "zeros_like", "ones", "ones_like", "full",
           "full_like", "arange", "linspace", "logspace", "eye", "identity", "indices", "meshgrid", "copy",
           "diag", "diagflat", "hanning", "hamming", "blackman", "shape"]


def _ctx(ctx):
    if ctx is None:
        return current_context()
    if isinstance(ctx, Context):
        return ctx
    if isinstance(ctx, str):
        name, _, rest = ctx.partition("(")
        return Context(name, int(rest.rstrip(")") or 0))
    raise TypeError(f"ctx must be a Context, got {type(ctx).__name__}")


def _td(dtype, default=torch.float32):
    """torch dtype for a `dtype` argument (None gives `default`); MXNetError for types MXNet lacks."""
    if dtype is None:
        return default
    if isinstance(dtype, torch.dtype):
        return dtype
    npd = np.dtype(dtype)
    try:
        return py_dtype(npd)
    except (KeyError, TypeError):
        raise MXNetError(f"unknown type {npd.name}") from None


def _arr(x, op_arg="a", what="Argument", legacy=False):
    """`x` must be an array (MXNet's AssertionError for lists, numpy arrays, numbers); a legacy NDArray is
    MXNet's TypeError unless `legacy`."""
    if not isinstance(x, NDArray):
        raise AssertionError(f"{what} {op_arg} must have NDArray type, but got {x}")
    if not legacy:
        refuse_legacy(x)
    return x


def _place(t, ctx):
    """Tensor `t` as an `mx.np.ndarray` on Context `ctx`."""
    dev = ctx.torch_device
    if t.device != dev:
        t = t.to(dev)
    return wrap_np(t, tag_for(ctx))


def _bad_param(op, name, value, expect):
    return MXNetError(f"Invalid Parameter format for {name} expect {expect} but value='{value}', in operator {op}")


def _int_param(value, op, name, expect="int"):
    """An integer operator parameter (python or numpy int, not bool); MXNetError otherwise, as MXNet's parser."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise _bad_param(op, name, value, expect)
    return int(value)


def _shape(shape, op="_npi_zeros"):
    if isinstance(shape, (numbers.Integral, np.integer)) and not isinstance(shape, (bool, np.bool_)):
        shape = (int(shape),)
    if not isinstance(shape, (tuple, list)):
        raise MXNetError(f"Check failed: type_code_ == kObjectHandle: expected ObjectCell but get "
                         f"{type(shape).__name__}")
    shape = tuple(_int_param(s, op, "shape", "Shape(tuple)") for s in shape)
    if any(s < 0 for s in shape):
        raise MXNetError(f"Check failed: shape {shape} has a negative dimension size")
    return shape


def _order(order, fname):
    if order != "C":
        raise NotImplementedError(f"`{fname}` only supports order equal to `C`, while received {order}")


def _src(a):
    t = a._t
    if t.requires_grad and not STATE.recording:
        t = t.detach()
    return t


def _out(res, out):
    """Write result tensor `res` into `out` (an `mx.np.ndarray`) and return it."""
    if not isinstance(out, np_class()):
        raise TypeError(f"out must be an mxnet.numpy.ndarray, got {type(out).__name__}")
    if tuple(out.shape) != tuple(res.shape):
        raise MXNetError(f"Check failed: shape of out {out.shape} does not match the result {tuple(res.shape)}")
    with torch.no_grad():
        out._t.copy_(res)
    return out


def array(object, dtype=None, ctx=None):  # noqa: A002 - MXNet's parameter name
    """A new array copied from `object` (lists give float32 unless `dtype`; arrays keep their dtype)."""
    ctx = _ctx(ctx)
    if isinstance(object, np_class()):
        td = object._t.dtype if dtype is None else _td(dtype)
        src = object._t if STATE.recording else _src(object)  # a recorded copy, as MXNet's
        return _place(src.to(td, copy=True), ctx)
    if isinstance(object, NDArray):
        raise ValueError("If you're trying to create a mxnet.numpy.ndarray from mx.nd.NDArray, please use the "
                         "zero-copy as_np_ndarray function.")
    if isinstance(object, np.ndarray):
        dt = object.dtype if dtype is None else np.dtype(dtype)
        arr = object.astype(dt)
    else:
        if dtype is None:
            dtype = object.dtype if hasattr(object, "dtype") else np.float32
        try:
            arr = np.array(object, dtype=dtype)
        except Exception as e:  # noqa: BLE001 - numpy's message, as MXNet reports it
            raise TypeError(str(e)) from None
    td = py_dtype(arr.dtype)
    return _place(torch.from_numpy(np.array(arr, dtype=np_dtype(td), order="C", copy=True)), ctx)


def empty(shape, dtype=np.float32, order="C", ctx=None):
    """An uninitialised array (float32 by default)."""
    _order(order, "empty")
    ctx = _ctx(ctx)
    if dtype is None:
        dtype = np.float32
    if isinstance(shape, (numbers.Integral, np.integer)):
        shape = (shape,)
    if isinstance(shape, (tuple, list)) and any(isinstance(d, (numbers.Integral, np.integer)) and d < 0
                                                for d in shape):
        raise OverflowError("can't convert negative value to unsigned int")
    return _place(torch.empty(_shape(shape), dtype=_td(dtype), device=ctx.torch_device), ctx)


def zeros(shape, dtype=None, order="C", ctx=None):
    """An array of zeros (float32 by default)."""
    if order != "C":
        raise NotImplementedError(f"mx.np.zeros: order={order!r} is not supported (C order only, as MXNet)")
    ctx = _ctx(ctx)
    return _place(torch.zeros(_shape(shape), dtype=_td(dtype), device=ctx.torch_device), ctx)


def ones(shape, dtype=np.float32, order="C", ctx=None):
    """An array of ones (float32 by default)."""
    if order != "C":
        raise NotImplementedError(f"mx.np.ones: order={order!r} is not supported (C order only, as MXNet)")
    ctx = _ctx(ctx)
    return _place(torch.ones(_shape(shape), dtype=_td(dtype), device=ctx.torch_device), ctx)


def _scalar_param(value, op):
    """A python or numpy number (not a numpy bool, array or string): MXNet's double parameter."""
    if isinstance(value, np.bool_) or not isinstance(value, (numbers.Number, np.integer, np.floating)):
        raise _bad_param(op, "value", value, "double")


def _fill_value(value, td):
    """`value` cast to dtype `td` as numpy would (3.7 -> 3 for integers)."""
    return np.array(value).astype(np_dtype(td)).item()


def full(shape, fill_value, dtype=None, order="C", ctx=None, out=None):
    """An array filled with `fill_value` (float32 by default; bool for a bool value; an array broadcasts)."""
    if order != "C":
        raise NotImplementedError(f"mx.np.full: order={order!r} is not supported (C order only, as MXNet)")
    ctx = _ctx(ctx)
    if isinstance(fill_value, NDArray):
        # MXNet broadcasts the array (its context and dtype unless `dtype`), without ctx and out
        src, shp = fill_value._t if STATE.recording else _src(fill_value), _shape(shape, "_full")
        if not _broadcastable(tuple(src.shape), shp):
            raise MXNetError(f"Check failed: shape {tuple(src.shape)} is not broadcastable to {shp}")
        t = src.broadcast_to(shp).contiguous()
        if dtype is not None:
            t = t.to(_td(dtype))
        return wrap_np(t.clone() if t.data_ptr() == fill_value._t.data_ptr() else t, fill_value._ctx)
    if isinstance(fill_value, bool):
        fill_value = int(fill_value)
        if dtype is None:
            dtype = np.bool_
    _scalar_param(fill_value, "_full")
    td = _td(dtype)
    res = torch.full(_shape(shape, "_full"), _fill_value(fill_value, td), dtype=td, device=ctx.torch_device)
    if out is not None:
        return _out(res, out)
    return _place(res, ctx)


def _broadcastable(src, dst):
    if len(src) > len(dst):
        return False
    return all(s in (1, d) for s, d in zip(reversed(src), reversed(dst)))


def full_like(a, fill_value, dtype=None, order="C", ctx=None, out=None):
    """An array of `a`'s shape (and dtype unless `dtype`) filled with `fill_value`.

    As MXNet 1.9.1, the result is on `a`'s context: MXNet's operator places it there whatever `ctx` says.
    """
    if order != "C":
        raise NotImplementedError(f"mx.np.full_like: order={order!r} is not supported (C order only, as MXNet)")
    _arr(a)
    _ctx(ctx)  # validated as MXNet does, then unused by its operator
    if isinstance(fill_value, bool):
        fill_value = int(fill_value)
    if isinstance(fill_value, NDArray) and fill_value.size == 1:
        fill_value = fill_value.item()  # MXNet reads a one-element array as its value
    _scalar_param(fill_value, "_npi_full_like")
    td = a._t.dtype if dtype is None else _td(dtype)
    res = torch.full(tuple(a.shape), _fill_value(fill_value, td), dtype=td, device=a._t.device)
    if STATE.recording:
        res = link(res, [a._t])  # recorded with a zero gradient w.r.t. `a`, as MXNet's operator
    if out is not None:
        return _out(res, out)
    return wrap_np(res, a._ctx)


def zeros_like(a, dtype=None, order="C", ctx=None, out=None):
    """Zeros of `a`'s shape and dtype (unless `dtype`).

    As MXNet 1.9.1, `out` is not written (MXNet passes `ctx` where `out` belongs): a new array is returned.
    """
    if out is not None and ctx is not None:
        raise TypeError("zeros_like: MXNet 1.9.1 passes ctx as the output array; give either ctx or out")
    return full_like(a, 0, dtype=dtype, order=order, ctx=ctx, out=None)


def ones_like(a, dtype=None, order="C", ctx=None, out=None):
    """Ones of `a`'s shape and dtype (unless `dtype`)."""
    return full_like(a, 1, dtype=dtype, order=order, ctx=ctx, out=out)


def empty_like(prototype, dtype=None, order="C", subok=False, shape=None):
    """An uninitialised array of `prototype`'s shape, dtype (unless `dtype`) and context."""
    if order != "C":
        raise NotImplementedError("Only support C-order at this moment")
    if subok:
        raise NotImplementedError("Creating array by using sub-class is not supported at this moment")
    if shape is not None:
        raise NotImplementedError("Assigning new shape is not supported at this moment")
    _arr(prototype, "arguments", "Positional")
    td = prototype._t.dtype if dtype is None else _td(dtype)
    res = torch.empty(tuple(prototype.shape), dtype=td, device=prototype._t.device)
    if STATE.recording and prototype._t.requires_grad:
        # MXNet 1.9.1's empty_like is a numpy fallback operator: a backward pass through it fails
        from ._op_common import refuse_grad
        msg = "Operator empty_like does not support gradient computation (MXNet 1.9.1's numpy fallback)"
        if res.is_floating_point():
            res = refuse_grad(res, [prototype._t], msg)
        else:
            link_through(res, refuse_grad(torch.zeros(res.shape, device=res.device), [prototype._t], msg))
    return wrap_np(res, prototype._ctx)


def arange(start, stop=None, step=1, dtype=None, ctx=None):
    """Evenly spaced values in [start, stop) (float32 by default)."""
    ctx = _ctx(ctx)
    if stop is None:
        stop, start = start, 0
    if step is None:
        step = 1
    if start is None and stop is None:
        raise ValueError("start and stop cannot be both None")
    if step == 0:
        raise ZeroDivisionError("step cannot be 0")
    td = _td(dtype)
    if td is torch.bool:
        raise _bad_dtype("_npi_arange", dtype)
    # MXNet's operator gives an empty array for a missing stop (arange(None))
    n = 0 if stop is None else max(0, int(math.ceil((stop - start) / step)))
    vals = _arange_values(n, start, step, np.dtype(np_dtype(td)))
    return _place(torch.from_numpy(np.array(vals, order="C")), ctx)


_NUMERIC = (torch.float16, torch.float32, torch.float64, torch.int32, torch.int64, torch.int8, torch.uint8)


def _bad_dtype(op, dtype):
    return MXNetError(f"Invalid Input: '{np.dtype(dtype).name}', valid values are: {{'bfloat16', 'float16', "
                      f"'float32', 'float64', 'int32', 'int64', 'int8', 'uint8'}}, in operator {op}")


def _numeric_td(dtype, op):
    """torch dtype of an operator's dtype parameter that MXNet restricts to numeric (non-bool) types."""
    td = _td(dtype)
    if td not in _NUMERIC:
        raise _bad_dtype(op, dtype)
    return td


def _check_ends(start, stop, fname, kinds):
    if isinstance(start, kinds) or isinstance(stop, kinds):
        raise NotImplementedError(f"start and stop only support {fname}")


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, ctx=None):
    """`num` evenly spaced values from `start` to `stop` (and the step when `retstep`)."""
    _check_ends(start, stop, "int", (list, np.ndarray, NDArray))
    if axis != 0:
        raise NotImplementedError("the function only support axis 0")
    ctx = _ctx(ctx)
    num = _int_param(num, "_linspace", "num")
    if num < 0:
        raise MXNetError(f"Number of sequence should be non-negative, got {num}")
    td = _numeric_td(dtype, "_linspace")
    vals = np.linspace(start, stop, num, endpoint=bool(endpoint), dtype=np.float64)
    res = _place(torch.from_numpy(_cast(vals, td)), ctx)
    if retstep:
        return res, (stop - start) / (num - 1)
    return res


def _cast(vals, td):
    """float64 values cast to torch dtype `td` as MXNet's kernels do (truncation toward zero for integers)."""
    dt = np.dtype(np_dtype(td))
    if dt.kind in "iub":
        vals = np.trunc(vals)
    return np.array(vals, dtype=dt, order="C")


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0, ctx=None):
    """`num` values spaced evenly on a log scale, base**start to base**stop."""
    _check_ends(start, stop, "int and float", (list, tuple, np.ndarray, NDArray))
    if axis != 0:
        raise NotImplementedError("the function only support axis 0")
    if int(num) < 0:
        raise MXNetError(f"_npi_logspace: Check failed: param.num >= 0 ({int(num)} vs. 0) : Number of sequence "
                         f"should be non-negative, received {int(num)}")
    ctx = _ctx(ctx)
    vals = np.power(float(base), np.linspace(start, stop, int(num), endpoint=bool(endpoint), dtype=np.float64))
    return _place(torch.from_numpy(_cast(vals, _td(dtype))), ctx)


def eye(N, M=None, k=0, dtype=np.float32, **kwargs):
    """A 2-D array with ones on the k-th diagonal (float32 by default)."""
    if "order" in kwargs:
        raise NotImplementedError("eye: argument 'order' is not supported")
    ctx = kwargs.pop("ctx", None)
    if kwargs:
        raise TypeError(f"eye() got an unexpected keyword argument '{next(iter(kwargs))}'")
    ctx = _ctx(ctx)
    N = _int_param(N, "_npi_eye", "N", "long")
    M = None if M is None else _int_param(M, "_npi_eye", "M", "long")
    k = _int_param(k, "_npi_eye", "k", "long")
    for v in (N, M):
        if v is not None and v < 0:
            raise MXNetError(f"Check failed: negative dimensions are not allowed. N is {v}")
    vals = np.eye(N, M, k, dtype=np_dtype(_numeric_td(dtype, "_npi_eye")))
    return _place(torch.from_numpy(vals), ctx)


def identity(n, dtype=None, ctx=None):
    """The n x n identity matrix (float32 by default)."""
    if not isinstance(n, int):
        raise TypeError("Input 'n' should be an integer")
    if n < 0:
        raise ValueError("Input 'n' cannot be negative")
    if isinstance(n, bool):
        raise _bad_param("_npi_identity", "shape", (n, n), "Shape(tuple)")
    ctx = _ctx(ctx)
    return _place(torch.eye(n, dtype=_td(dtype), device=ctx.torch_device), ctx)


def indices(dimensions, dtype=np.int32, ctx=None):
    """An array of grid indices of shape (len(dimensions), *dimensions) (int32 by default)."""
    if not isinstance(dimensions, (tuple, list)):
        raise ValueError("The dimensions must be sequence of ints")
    ctx = _ctx(ctx)
    dims = tuple(_int_param(d, "_npi_indices", "dimensions", "Shape(tuple)") for d in dimensions)
    if any(d < 0 for d in dims):
        raise MXNetError("Operator _npi_indices inferring shapes failed: negative dimension")
    vals = np.indices(dims, dtype=np_dtype(_numeric_td(dtype, "_npi_indices")))
    return _place(torch.from_numpy(np.array(vals, order="C")), ctx)


def meshgrid(*xi, **kwargs):
    """Coordinate matrices from coordinate vectors ('xy' or 'ij' indexing; copies only)."""
    if not kwargs.pop("copy", True):
        raise NotImplementedError("copy=False is not implemented")
    if kwargs.pop("sparse", False):
        raise NotImplementedError("sparse=False is not implemented")
    indexing = kwargs.pop("indexing", "xy")
    if kwargs:
        raise TypeError(f"meshgrid() got an unexpected keyword argument '{list(kwargs)[0]}'")
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    if len(xi) > 1:  # MXNet broadcasts the reshaped vectors with its numpy operator (a legacy one is refused)
        for x in xi:
            if isinstance(x, NDArray):
                refuse_legacy(x, "_npi_broadcast_to")
    elif xi and type(_arr(xi[0], "array", legacy=True)) is NDArray:  # one legacy vector: MXNet's reshape(-1) of it
        return [xi[0].reshape(-1)]
    ts = [_arr(x, "array")._t.reshape(-1) for x in xi]
    if STATE.recording is False:
        ts = [t.detach() for t in ts]
    grids = list(torch.meshgrid(*ts, indexing=indexing)) if ts else []
    return [x._like(wrap_np(g.contiguous().clone())) for x, g in zip(xi, grids)]


def copy(a, out=None, **kwargs):  # pylint: disable=redefined-builtin
    """A copy of array `a` (written into `out` when given); numpy's `order`/`subok` keywords (which official
    `numpy.copy` passes on through `__array_function__`) are accepted: mx.np arrays have one layout and no
    subclasses, so every order gives the same array (MXNet 1.9.1 accepts them too)."""
    for k, v in kwargs.items():
        if k == "order" and v in ("C", "F", "A", "K"):
            continue
        if k == "subok" and isinstance(v, bool):
            continue
        raise TypeError(f"copy() got an unexpected keyword argument {k}={v!r}")
    t = _arr(a)._t if STATE.recording else _src(_arr(a))
    if out is not None:
        return _out(t.detach(), out)
    return a._like(wrap_np(t.clone()))


def diag(array, k=0):  # pylint: disable=redefined-outer-name
    """The k-th diagonal of a 2-D array, or a 2-D array with 1-D `array` on its k-th diagonal."""
    t = _arr(array, "data")._t if STATE.recording else _src(_arr(array, "data"))
    k = _int_param(k, "_np_diag", "k")
    if t.dim() not in (1, 2):
        raise MXNetError("Check failed: Input must be 1- or 2-d")
    no_bool(t)  # MXNet's kernel has no bool instantiation (empty arrays too)
    return array._like(wrap_np(torch.diag(t, int(k)).contiguous()))


def diagflat(array, k=0):  # pylint: disable=redefined-outer-name
    """A 2-D array with the flattened `array` on its k-th diagonal."""
    t = _arr(array, "data")._t if STATE.recording else _src(_arr(array, "data"))
    k = _int_param(k, "_np_diagflat", "k")
    if t.dim() == 0:
        raise MXNetError("Diagonal does not exist.")
    no_bool(t)  # MXNet's kernel has no bool instantiation (empty arrays too)
    return array._like(wrap_np(torch.diagflat(t, k)))


def _window(M, dtype, ctx, terms):
    """A cosine-sum window sum_j c_j cos(2 pi j n / (M - 1)) with alternating signs, in float32 as MXNet."""
    ctx = _ctx(ctx)
    if isinstance(M, NDArray) and M.ndim == 0 and M.dtype.kind in "iu":
        M = int(M.item())  # MXNet passes M as its text: a 0-d integer array reads as its value
    M = _int_param(M, "_npi_window", "M", "")
    if M < 1:
        vals = np.zeros(0, dtype=np.float32)
    elif M == 1:
        vals = np.ones(1, dtype=np.float32)
    else:
        n = np.arange(M, dtype=np.float32)
        m1 = np.float32(M - 1)
        vals = np.full(M, np.float32(terms[0]), dtype=np.float32)
        for j, c in enumerate(terms[1:], 1):
            vals = vals + np.float32((-1) ** j * c) * np.cos(np.float32(2 * j * np.pi) * n / m1)
    return _place(torch.from_numpy(_cast(vals.astype(np.float64), _td(dtype))), ctx)


def hanning(M, dtype=np.float32, ctx=None):
    """The Hanning window of `M` points (float32 by default)."""
    return _window(M, dtype, ctx, (0.5, 0.5))


def hamming(M, dtype=np.float32, ctx=None):
    """The Hamming window of `M` points (float32 by default)."""
    return _window(M, dtype, ctx, (0.54, 0.46))


def blackman(M, dtype=np.float32, ctx=None):
    """The Blackman window of `M` points (float32 by default)."""
    return _window(M, dtype, ctx, (0.42, 0.5, 0.08))


def shape(a):
    """The shape of array `a` (a tuple)."""
    return a.shape
