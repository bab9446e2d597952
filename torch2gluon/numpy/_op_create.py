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
from ._wrap import wrap_np, np_class

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
    """torch dtype for a `dtype` argument (None gives `default`)."""
    if dtype is None:
        return default
    if isinstance(dtype, torch.dtype):
        return dtype
    return py_dtype(np.dtype(dtype))


def _place(t, ctx):
    """Tensor `t` as an `mx.np.ndarray` on Context `ctx`."""
    dev = ctx.torch_device
    if t.device != dev:
        t = t.to(dev)
    return wrap_np(t, tag_for(ctx))


def _shape(shape):
    if isinstance(shape, (numbers.Integral, np.integer)):
        shape = (int(shape),)
    try:
        shape = tuple(int(s) for s in shape)
    except TypeError:
        raise TypeError(f"shape must be an int or a sequence of ints, got {shape!r}") from None
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
        return _place(_src(object).to(td, copy=True), ctx)
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
    return _place(torch.empty(_shape(shape), dtype=_td(dtype), device=ctx.torch_device), ctx)


def zeros(shape, dtype=None, order="C", ctx=None):
    """An array of zeros (float32 by default)."""
    if order != "C":
        raise NotImplementedError
    ctx = _ctx(ctx)
    return _place(torch.zeros(_shape(shape), dtype=_td(dtype), device=ctx.torch_device), ctx)


def ones(shape, dtype=np.float32, order="C", ctx=None):
    """An array of ones (float32 by default)."""
    if order != "C":
        raise NotImplementedError
    ctx = _ctx(ctx)
    return _place(torch.ones(_shape(shape), dtype=_td(dtype), device=ctx.torch_device), ctx)


def _fill_value(value, td):
    """`value` cast to dtype `td` as numpy would (3.7 -> 3 for integers)."""
    return np.array(value).astype(np_dtype(td)).item()


def full(shape, fill_value, dtype=None, order="C", ctx=None, out=None):
    """An array filled with `fill_value` (float32 by default; bool for a bool value; an array broadcasts)."""
    if order != "C":
        raise NotImplementedError
    ctx = _ctx(ctx)
    if isinstance(fill_value, NDArray):
        # MXNet broadcasts the array (its context and dtype unless `dtype`), without ctx and out
        t = _src(fill_value).broadcast_to(_shape(shape)).contiguous()
        if dtype is not None:
            t = t.to(_td(dtype))
        return wrap_np(t.clone() if t.data_ptr() == fill_value._t.data_ptr() else t, fill_value._ctx)
    if isinstance(fill_value, (bool, np.bool_)):
        fill_value = int(fill_value)
        if dtype is None:
            dtype = np.bool_
    td = _td(dtype)
    res = torch.full(_shape(shape), _fill_value(fill_value, td), dtype=td, device=ctx.torch_device)
    if out is not None:
        return _out(res, out)
    return _place(res, ctx)


def _like_check(a, fname):
    if not isinstance(a, NDArray):
        raise TypeError(f"{fname}: a must be an mxnet.numpy.ndarray, got {type(a).__name__}")


def full_like(a, fill_value, dtype=None, order="C", ctx=None, out=None):
    """An array of `a`'s shape (and dtype unless `dtype`) filled with `fill_value`.

    As MXNet 1.9.1, the result is on `a`'s context: MXNet's operator places it there whatever `ctx` says.
    """
    if order != "C":
        raise NotImplementedError
    _like_check(a, "full_like")
    _ctx(ctx)  # validated as MXNet does, then unused by its operator
    if isinstance(fill_value, (bool, np.bool_)):
        fill_value = int(fill_value)
    td = a._t.dtype if dtype is None else _td(dtype)
    res = torch.full(tuple(a.shape), _fill_value(fill_value, td), dtype=td, device=a._t.device)
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
    _like_check(prototype, "empty_like")
    td = prototype._t.dtype if dtype is None else _td(dtype)
    return wrap_np(torch.empty(tuple(prototype.shape), dtype=td, device=prototype._t.device), prototype._ctx)


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
        raise MXNetError("arange: bool dtype is not supported")
    n = max(0, int(math.ceil((stop - start) / step)))
    vals = _arange_values(n, start, step, np.dtype(np_dtype(td)))
    return _place(torch.from_numpy(np.array(vals, order="C")), ctx)


def _check_ends(start, stop, fname, kinds):
    if isinstance(start, kinds) or isinstance(stop, kinds):
        raise NotImplementedError(f"start and stop only support {fname}")


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, ctx=None):
    """`num` evenly spaced values from `start` to `stop` (and the step when `retstep`)."""
    _check_ends(start, stop, "int", (list, np.ndarray, NDArray))
    if axis != 0:
        raise NotImplementedError("the function only support axis 0")
    ctx = _ctx(ctx)
    num = int(num)
    if num < 0:
        raise MXNetError(f"Number of sequence should be non-negative, got {num}")
    td = _td(dtype)
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
    vals = np.eye(int(N), None if M is None else int(M), int(k), dtype=np_dtype(_td(dtype)))
    return _place(torch.from_numpy(vals), ctx)


def identity(n, dtype=None, ctx=None):
    """The n x n identity matrix (float32 by default)."""
    if not isinstance(n, int):
        raise TypeError("Input 'n' should be an integer")
    if n < 0:
        raise ValueError("Input 'n' cannot be negative")
    return eye(n, dtype=dtype, ctx=ctx)


def indices(dimensions, dtype=np.int32, ctx=None):
    """An array of grid indices of shape (len(dimensions), *dimensions) (int32 by default)."""
    if not isinstance(dimensions, (tuple, list)):
        raise ValueError("The dimensions must be sequence of ints")
    ctx = _ctx(ctx)
    vals = np.indices(tuple(int(d) for d in dimensions), dtype=np_dtype(_td(dtype)))
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
    ts = [x._t.reshape(-1) for x in xi]
    if STATE.recording is False:
        ts = [t.detach() for t in ts]
    grids = list(torch.meshgrid(*ts, indexing=indexing)) if ts else []
    return [x._like(wrap_np(g.contiguous().clone())) for x, g in zip(xi, grids)]


def copy(a, out=None):  # pylint: disable=redefined-builtin
    """A copy of array `a` (written into `out` when given)."""
    if not isinstance(a, NDArray):
        raise TypeError(f"copy: a must be an mxnet.numpy.ndarray, got {type(a).__name__}")
    t = a._t if STATE.recording else _src(a)
    if out is not None:
        return _out(t.detach(), out)
    return a._like(wrap_np(t.clone()))


def diag(array, k=0):  # pylint: disable=redefined-outer-name
    """The k-th diagonal of a 2-D array, or a 2-D array with 1-D `array` on its k-th diagonal."""
    t = array._t if STATE.recording else _src(array)
    if t.dim() not in (1, 2):
        raise MXNetError("Check failed: Input must be 1- or 2-d")
    return array._like(wrap_np(torch.diag(t, int(k)).contiguous()))


def diagflat(array, k=0):  # pylint: disable=redefined-outer-name
    """A 2-D array with the flattened `array` on its k-th diagonal."""
    t = array._t if STATE.recording else _src(array)
    return array._like(wrap_np(torch.diagflat(t, int(k))))


def _window(M, dtype, ctx, terms):
    """A cosine-sum window sum_j c_j cos(2 pi j n / (M - 1)) with alternating signs, in float32 as MXNet."""
    ctx = _ctx(ctx)
    M = int(M)
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
