"""Array creation: `array`, `ones`, `zeros`, `full`, `empty`, `arange`, `ones_like`, `zeros_like`, `eye`."""
import math
import numbers
import sys

import numpy as np
import torch

from ..base import MXNetError, torch_dtype
from ..context import Context, current_context, tag_for
from ..util import is_np_shape
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop
from ._nondiff import zero_grad_op
from ._dtypes import ALL, EYE, NO_BOOL, op_dtype, py_dtype

__all__ = ["array", "ones", "zeros", "full", "empty", "arange", "ones_like", "zeros_like", "eye",
           "linspace"]


def _device(ctx):
    if ctx is None:
        ctx = current_context()
    elif isinstance(ctx, str):
        name, _, rest = ctx.partition("(")
        ctx = Context(name, int(rest.rstrip(")") or 0))
    elif not isinstance(ctx, Context):
        raise TypeError(f"ctx must be a Context, got {type(ctx).__name__}")
    return ctx


def _place(t, ctx):
    """Move a fresh tensor to ctx and wrap it, remembering special CPU contexts."""
    dev = ctx.torch_device
    if t.device != dev:
        t = t.to(dev)
    out = wrap(t)
    out._ctx = tag_for(ctx)
    return out


def _shape(shape, fname):
    if isinstance(shape, (numbers.Integral, np.integer)):
        shape = (int(shape),)
    shape = tuple(int(s) for s in shape)
    if (len(shape) == 0 or 0 in shape) and not is_np_shape():
        raise MXNetError(f"Operator _{fname} inferring shapes failed: shape {shape} is unknown; in MXNet's "
                         "legacy shape mode a 0 (or an empty shape) means 'unknown' and cannot be allocated "
                         "(numpy shape semantics, mx.util.set_np_shape(True), allow 0-d and zero-size arrays)")
    if any(s < 0 for s in shape):
        raise MXNetError(f"{fname}: negative dimension in shape {shape}")
    return shape


def array(source_array, ctx=None, dtype=None):
    """An NDArray copied from `source_array` (float32 unless `dtype` is given or the source is an NDArray);
    a sparse NDArray or a scipy csr_matrix gives a sparse copy of the same storage type."""
    if (source_array.stype != "default" if isinstance(source_array, NDArray)
            else _is_scipy_csr(source_array)):
        from .sparse import array as _sparse_array
        return _sparse_array(source_array, ctx=ctx, dtype=dtype)
    ctx = _device(ctx)
    if isinstance(source_array, NDArray):
        if type(source_array) is not NDArray:  # an mx.np array: MXNet's `arr[:] = source` refuses it
            from ._np_inputs import is_np  # pylint: disable=import-outside-toplevel
            if is_np(source_array):
                raise TypeError(f"{NDArray} does not support assignment with non-array-like object "
                                f"{source_array} of type {type(source_array)}")
        td = py_dtype(dtype) if dtype is not None else source_array._t.dtype
        return _place(tensor_of(source_array).detach().to(td, copy=True), ctx)
    try:
        td = py_dtype(dtype)
    except TypeError:  # not a dtype at all
        raise TypeError("source_array must be array like object") from None
    if isinstance(source_array, torch.Tensor):
        src = source_array.detach().cpu().numpy()
    else:
        src = source_array
    try:
        arr = np.array(src, dtype=np.dtype(_np_for(td)))
    except (TypeError, ValueError) as e:
        if isinstance(src, np.ndarray):
            raise  # MXNet copies numpy arrays in with np.asarray: numpy's own error (ragged, strings)
        raise TypeError(f"source_array must be array like object, got {type(source_array).__name__}: {e}") \
            from None
    return _place(torch.from_numpy(arr), ctx)


def _is_scipy_csr(x):
    spsp = sys.modules.get("scipy.sparse")  # a csr_matrix exists only once its module is imported
    return spsp is not None and isinstance(x, spsp.csr_matrix)


def _np_for(td):
    from ..base import np_dtype
    return np_dtype(td)


@mxop("ones", "_ones")
def _ones(shape, ctx=None, dtype=None):
    """An array of ones (float32 by default)."""
    ctx = _device(ctx)
    td = torch.float32 if dtype is None else op_dtype(dtype, "_ones", ALL)
    return _place(torch.ones(_shape(shape, "ones"), dtype=td,
                             device=ctx.torch_device), ctx)


@mxop("zeros", "_zeros")
def _zeros(shape, ctx=None, dtype=None, stype=None):
    """An array of zeros (float32 by default)."""
    if stype not in (None, "default"):
        from .sparse import zeros as _sparse_zeros
        return _sparse_zeros(stype, shape, ctx=ctx, dtype=dtype)
    ctx = _device(ctx)
    td = torch.float32 if dtype is None else op_dtype(dtype, "_zeros", ALL)
    return _place(torch.zeros(_shape(shape, "zeros"), dtype=td,
                              device=ctx.torch_device), ctx)


@mxop("empty")
def _empty(shape, ctx=None, dtype=None, stype=None):
    """An uninitialised array (float32 by default); an empty sparse array for stype 'csr'/'row_sparse'."""
    if stype not in (None, "default"):
        from .sparse import empty as _sparse_empty
        return _sparse_empty(stype, shape, ctx=ctx, dtype=dtype)
    ctx = _device(ctx)
    return _place(torch.empty(_shape(shape, "empty"), dtype=py_dtype(dtype),
                              device=ctx.torch_device), ctx)


@mxop("full", "_full")
def _full(shape, val, ctx=None, dtype=np.float32):
    """An array filled with `val`, cast to `dtype` first (3.7 -> 3 for int32)."""
    ctx = _device(ctx)
    td = py_dtype(dtype)
    fill = np.array(val).astype(_np_for(td)).item()
    return _place(torch.full(_shape(shape, "full"), fill, dtype=td, device=ctx.torch_device), ctx)


@mxop("arange", "_arange")
def _arange(start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype=np.float32):
    """Evenly spaced values in [start, stop), each repeated `repeat` times."""
    if infer_range:
        raise NotImplementedError("nd.arange: argument 'infer_range' is not supported (deprecated in MXNet)")
    if stop is None:
        start, stop = 0.0, start
    if step == 0:
        raise MXNetError("arange: step cannot be 0")
    n = int(math.ceil((stop - start) / step))
    if n <= 0:
        raise MXNetError(f"arange: empty range start={start}, stop={stop}, step={step}")
    ctx = _device(ctx)
    td = op_dtype(dtype, "_arange", NO_BOOL)
    t = torch.from_numpy(_arange_values(n, start, step, np.dtype(_np_for(td))))
    if repeat != 1:
        t = t.repeat_interleave(int(repeat))
    return _place(t, ctx)


def _arange_values(n, start, step, dt):
    """MXNet's kernel: start and step are first cast to the dtype, then start + i * step in that dtype."""
    if dt == np.float16:
        # MXNet 1.9.1's float16 kernel truncates start and step to integers (arange(0.5, 3, 0.5) is all 0)
        start, step = np.trunc(start), np.trunc(step)
    if dt.kind == "f":
        return np.asarray(start).astype(dt) + np.arange(n).astype(dt) * np.asarray(step).astype(dt)
    # float -> integer casts truncate toward zero, out-of-range values wrap; integer arithmetic wraps
    s, st = (np.asarray(np.trunc(v)).astype(np.int64) for v in (start, step))
    return (s + np.arange(n, dtype=np.int64) * st).astype(dt)


@mxop("linspace", "_linspace")
def _linspace(start, stop, num, endpoint=True, ctx=None, dtype=np.float32):
    """`num` evenly spaced values from start to stop."""
    ctx = _device(ctx)
    td = op_dtype(dtype, "_linspace", NO_BOOL)
    vals = np.linspace(start, stop, int(num), endpoint=bool(endpoint), dtype=np.float64)
    return _place(torch.from_numpy(vals.astype(_np_for(td))), ctx)


@mxop("eye", "_eye")
def _eye(N, M=0, k=0, ctx=None, dtype=np.float32):
    """A 2-D array with ones on the k-th diagonal."""
    ctx = _device(ctx)
    vals = np.eye(int(N), int(M) or None, int(k), dtype=_np_for(op_dtype(dtype, "_eye", EYE)))
    return _place(torch.from_numpy(vals), ctx)


@mxop("ones_like")
@zero_grad_op
def ones_like(data):
    """Ones with the shape, dtype and context of `data`."""
    return wrap(torch.ones_like(data._t, requires_grad=False))


@mxop("zeros_like")
@zero_grad_op
def zeros_like(data):
    """Zeros with the shape, dtype and context of `data`."""
    return wrap(torch.zeros_like(data._t, requires_grad=False))


# ------------------------------------------------------------------ MXNet's python-level creation functions
# `mx.nd.ones` & co. are python functions in MXNet, not operators: a missing argument is a TypeError, and
# an unknown keyword is a TypeError where MXNet's signature has no **kwargs (full, empty, arange,
# linspace, array) but the operator's MXNetError where it forwards **kwargs to the operator (ones, zeros,
# eye). The registered operators above (`_ones`, `_full`, ... and the symbol layer) keep operator errors.


def ones(shape, ctx=None, dtype=None, **kwargs):
    """An array of ones (float32 by default)."""
    return _ones(shape, ctx=ctx, dtype=dtype, **kwargs)


def zeros(shape, ctx=None, dtype=None, stype=None, **kwargs):
    """An array of zeros (float32 by default)."""
    return _zeros(shape, ctx=ctx, dtype=dtype, stype=stype, **kwargs)


def _alloc_shape(shape):
    """The shape MXNet's python-level allocation (`nd.empty`, `nd.full`) takes: an int or a sequence of
    integers (TypeError for a float entry, OverflowError for a negative one, as its C array conversion)."""
    if isinstance(shape, (numbers.Integral, np.integer)):
        shape = (shape,)
    out = []
    for s in shape:
        if not isinstance(s, (numbers.Integral, np.integer)):
            raise TypeError(f"'{type(s).__name__}' object cannot be interpreted as an integer")
        if s < 0:
            raise OverflowError("can't convert negative value to unsigned int")
        out.append(int(s))
    return tuple(out)


def empty(shape, ctx=None, dtype=None, stype=None):
    """An uninitialised array (float32 by default)."""
    if stype not in (None, "default"):
        from .sparse import empty as _sparse_empty
        return _sparse_empty(stype, shape, ctx=ctx, dtype=dtype)
    # MXNet allocates directly, without shape inference: 0-d and zero-size arrays even in legacy shape mode
    shape = _alloc_shape(shape)
    ctx = _device(ctx)
    return _place(torch.empty(shape, dtype=py_dtype(dtype), device=ctx.torch_device), ctx)


def full(shape, val, ctx=None, dtype=np.float32, out=None):
    """An array filled with `val`, cast to `dtype` first (3.7 -> 3 for int32)."""
    if out is not None:
        return _full(shape, val, ctx=ctx, dtype=dtype, out=out)
    # MXNet's python full: nd.empty, then assigns val (which legacy shape mode refuses for a 0-d array)
    shape = _alloc_shape(shape)
    if not shape and not is_np_shape():
        raise MXNetError("Operator _full inferring shapes failed: a 0-d array needs numpy shape semantics "
                         "(mx.util.set_np_shape(True))")
    ctx = _device(ctx)
    td = py_dtype(dtype)
    if isinstance(val, NDArray) or (not isinstance(val, (numbers.Number, np.generic)) and np.ndim(val)):
        # an array value is assigned (broadcast) as MXNet's `out[:] = val`
        res = _place(torch.empty(shape, dtype=td, device=ctx.torch_device), ctx)
        res[:] = val
        return res
    fill = np.array(val).astype(_np_for(td)).item()
    return _place(torch.full(shape, fill, dtype=td, device=ctx.torch_device), ctx)


def arange(start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype=np.float32):
    """Evenly spaced values in [start, stop), each repeated `repeat` times."""
    return _arange(start, stop, step, repeat, infer_range, ctx, dtype)


def linspace(start, stop, num, endpoint=True, ctx=None, dtype=np.float32):
    """`num` evenly spaced values from start to stop."""
    return _linspace(start, stop, num, endpoint, ctx, dtype)


def eye(N, M=0, k=0, ctx=None, dtype=None, **kwargs):
    """A 2-D array with ones on the k-th diagonal."""
    return _eye(N, M, k, ctx=ctx, dtype=np.float32 if dtype is None else dtype, **kwargs)
