"""Argument checks shared by `mx.np`'s reduction and shape families: array inputs, axes, dtypes, `out=`."""
import numbers

import numpy as _onp
import torch

from ..base import MXNetError, np_dtype, torch_dtype
from ..ndarray.ndarray import NDArray
from ..ndarray._args import as_bool
from ..ndarray._state import STATE
from ..util import is_np_shape
from ._wrap import wrap_np, tensor_in, refuse_legacy, _CLASS as _NPCLS


def known_shape(x):
    """Outside numpy shape mode (`npx.set_np()`), MXNet reads a 0-d or zero-size shape as unknown and its
    operators refuse such inputs."""
    t = x._t
    if (t.dim() == 0 or t.numel() == 0) and not is_np_shape():
        raise MXNetError("Check failed: ndim_is_known(this->ndim()): Shape is unknown (a 0-d or zero-size "
                         f"input of shape {tuple(t.shape)} outside numpy shape mode: call npx.set_np())")


def need_array(x, name="a", known=True, legacy=False):
    """`x` must be an mxnet array: MXNet's np functions assert it (`AssertionError`) before anything else;
    `known`: also refuse a shape MXNet cannot know outside numpy shape mode; a legacy NDArray is MXNet's
    TypeError unless `legacy` (the caller refuses it later, where MXNet's operator call does)."""
    if not isinstance(x, NDArray):
        raise AssertionError(f"Argument {name} must have NDArray type, but got {x}")
    if type(x) is not _NPCLS[0] and not legacy:
        refuse_legacy(x)
    if known:
        known_shape(x)
    return x


def need_arrays(seq, legacy=False):
    """Every item of sequence `seq` must be an mxnet array (MXNet's message for positional inputs); a legacy
    NDArray is MXNet's TypeError unless `legacy`."""
    for x in seq:
        if not isinstance(x, NDArray):
            raise AssertionError(f"Positional arguments must have NDArray type, but got {x}")
        if not legacy:
            refuse_legacy(x)
        known_shape(x)
    return list(seq)


def is_int(v):
    """A python/numpy integer (not a bool)."""
    if type(v) is int:
        return True
    return isinstance(v, (numbers.Integral, _onp.integer)) and not isinstance(v, (bool, _onp.bool_))


def _bad_param(name, what, v, opname):
    return MXNetError(f"Invalid Parameter format for {name} expect {what} but value='{v}', in operator {opname}")


def axes_of(axis, ndim, opname, scalar_ok=True):
    """`axis` (None, int, tuple/list of ints) as a sorted tuple of non-negative axes, MXNet's checks.

    A 0-d array accepts axis 0/-1 when `scalar_ok` (MXNet's sum/mean/prod: the reduction is the identity)."""
    if axis is None:
        return tuple(range(ndim))
    if type(axis) is int and -ndim <= axis < ndim:  # the common case
        return (axis % ndim,)
    if is_int(axis):
        raw = (int(axis),)
    elif isinstance(axis, (tuple, list)) and all(is_int(a) for a in axis):
        raw = tuple(int(a) for a in axis)
    else:
        raise _bad_param("axis", "Shape or None", axis, opname)
    span = max(ndim, 1) if scalar_ok else ndim
    out = []
    for a in raw:
        if not -span <= a < span:
            raise MXNetError(f"{opname}: axis {a} is out of bounds for array of dimension {ndim}")
        out.append(a % span)
    if ndim == 0:
        return ()
    if len(set(out)) != len(out):
        raise MXNetError(f"{opname}: duplicate value in 'axis' {axis}")
    return tuple(sorted(out))


def axis_of(axis, ndim, opname):
    """One axis (an int) as a non-negative int."""
    if not is_int(axis):
        raise _bad_param("axis", "int", axis, opname)
    a = int(axis)
    if not -ndim <= a < ndim:
        raise MXNetError(f"{opname}: axis {a} is out of bounds for array of dimension {ndim}")
    return a % ndim


def keep_of(keepdims, opname):
    """`keepdims` as a bool (MXNet's boolean parameter: bools, 0/1, 'True'/'False'/'1'/'0')."""
    if keepdims is True or keepdims is False:
        return keepdims
    if keepdims is None:
        raise _bad_param("keepdims", "boolean", keepdims, opname)
    try:
        return as_bool(keepdims)
    except MXNetError:
        raise _bad_param("keepdims", "boolean", keepdims, opname) from None


_REDUCE_DTYPES = ("bool", "float16", "float32", "float64", "int32", "int64", "int8")


def dtype_arg(dtype, opname, allowed=_REDUCE_DTYPES):
    """A `dtype=` argument of a reduction as a torch dtype (None stays None); MXNet's list of valid values."""
    if dtype is None:
        return None
    try:
        name = _onp.dtype(dtype).name
    except TypeError:
        name = str(dtype)
    if name not in allowed:
        valid = ", ".join(["None"] + [f"'{d}'" for d in allowed])
        raise MXNetError(f"Invalid Input: '{name}', valid values are: {{{valid}}}, in operator {opname}")
    return torch_dtype(name)


def result(t, like, out=None, opname="op"):
    """Tensor `t` as an `mx.np.ndarray` on `like`'s context, or written into `out` (MXNet's shape/type checks)."""
    if out is None:
        return wrap_np(t, like._ctx if isinstance(like, NDArray) else None)
    if not isinstance(out, NDArray):
        raise TypeError(f"{opname}: out= must be an mxnet.numpy.ndarray, got {type(out).__name__}")
    if tuple(out.shape) != tuple(t.shape):
        raise MXNetError(f"Shape inconsistent, Provided = {list(out.shape)}, inferred shape={list(t.shape)}")
    if out._t.dtype != t.dtype:
        raise MXNetError(f"Type inconsistent, Provided = {_onp.dtype(np_dtype(out._t.dtype)).name}, "
                         f"inferred type = {_onp.dtype(np_dtype(t.dtype)).name}")
    out._assign(t)
    return out


def tin(x):
    """The tensor behind array `x` (detached outside `autograd.record()`)."""
    return tensor_in(x)


def same_dtype(ts, opname):
    """MXNet's np joining operators need one dtype across their inputs (no promotion)."""
    d = ts[0].dtype
    for t in ts[1:]:
        if t.dtype != d:
            raise MXNetError(f"{opname}: Type inconsistent, Provided = {_onp.dtype(np_dtype(t.dtype)).name}, "
                             f"inferred type = {_onp.dtype(np_dtype(d)).name}")
    return d


def bool_to_int(t):
    """torch keeps bool sums as int64; used where MXNet promotes bool to int64."""
    return t.to(torch.int64) if t.dtype == torch.bool else t


def legacy_only(name):
    """A method of legacy NDArray that `mx.np.ndarray` overrides to refuse (MXNet's AttributeError on call)."""
    def method(self, *args, **kwargs):
        raise AttributeError(f"mxnet.numpy.ndarray object has no attribute {name}")
    method.__name__ = name
    method.__doc__ = f"Not available on `mx.np.ndarray` (MXNet raises AttributeError); use `mx.np`/`mx.npx`."
    return method


def attach(cls, methods, refused=()):
    """Set `methods` (name -> function) and the refusing `refused` names on class `cls`."""
    for name, fn in methods.items():
        setattr(cls, name, fn)
    for name in refused:
        setattr(cls, name, legacy_only(name))


def no_extra(kwargs, opname):
    """MXNet's generated np operators pass unknown keywords to the backend, which rejects them (MXNetError)."""
    for k in kwargs:
        raise MXNetError(f"Cannot find argument '{k}', in operator {opname}")


class _GradRefused(torch.autograd.Function):  # pylint: disable=abstract-method
    """Identity on a result whose operator MXNet cannot differentiate: backward raises MXNet's error."""

    @staticmethod
    def forward(ctx, out, msg, *ins):  # pylint: disable=arguments-differ
        ctx.msg = msg
        return out.view_as(out)

    @staticmethod
    def backward(ctx, *_):  # pylint: disable=arguments-differ
        raise MXNetError(ctx.msg)


def refuse_grad(out, ins, msg):
    """`out` (computed without a graph) linked to the inputs `ins` that require grad, so that a backward pass
    through it raises MXNetError(`msg`) as MXNet does for its non-differentiable operators."""
    ins = [t for t in ins if isinstance(t, torch.Tensor) and t.requires_grad]
    if not ins:
        return out
    if not out.is_floating_point():  # an integer variable's result: its float shadow refuses instead
        from ..ndarray._int_mixed import refuse_shadow  # pylint: disable=import-outside-toplevel
        return refuse_shadow(out, msg)
    return _GradRefused.apply(out.detach(), msg, *ins)


def zero_grad_from(outs, src):
    """Under `record()`, link the outputs `outs` (tensors computed without a graph) to input tensor `src` with
    a zero gradient: MXNet records such operators (nonzero, unique's counts, ...), so a backward pass from
    them gives zero gradients instead of an error. A bool/integer `src` recorded from a float array (a
    comparison) passes on its own zero-gradient stand-in."""
    if not STATE.recording:
        return outs
    from ..ndarray._nondiff import link, int_head
    ins = [src] if src.requires_grad else [h for h in (int_head(src),) if h is not None]
    if not ins:
        return outs
    return [link(o, ins) for o in outs]


def no_fgradient(opname):
    """MXNet's message for an operator without a registered gradient."""
    return f"Operator {opname} is non-differentiable because it didn't register FGradient attribute."


def no_bool(t, runs=True):
    """Many of MXNet 1.9.1's np kernels have no bool instantiation: they fail with 'Unknown type enum 7'
    (for some operators only when the kernel runs: `runs` False skips the check)."""
    if t.dtype == torch.bool and runs:
        raise MXNetError("Unknown type enum 7")
    return t
