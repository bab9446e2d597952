"""The shared plumbing of `mx.np`: wrapping torch tensors as `mx.np.ndarray` and reading inputs as tensors.

Every `mx.np` / `mx.npx` function, every `mx.np.ndarray` method and Gluon's numpy mode build on these:
- `wrap_np(t)`: a torch tensor as an `mx.np.ndarray` (no copy; recorded outputs are tracked like `wrap`'s);
- `as_np(a)`: an `mx.nd.NDArray` (or an `mx.np.ndarray`) viewed as an `mx.np.ndarray`, sharing the tensor, the
  gradient buffer and the context tag (MXNet's `as_np_ndarray`);
- `as_nd(a)`: the reverse view (MXNet's `as_nd_ndarray`);
- `tensor_in(x)`: an operand as a torch tensor for an operator (autograd-detached outside `record()`).
"""
import sys

import torch

from ..ndarray.ndarray import NDArray, tensor_of, _new
from ..ndarray._state import track

_CLASS = []  # [mx.np.ndarray], filled by multiarray at import (avoids an import cycle)


def np_class():
    """The `mx.np.ndarray` class."""
    return _CLASS[0]


def wrap_np(t, ctx=None):
    """Wrap torch tensor `t` as an `mx.np.ndarray` (no copy); `ctx` tags cpu(k)/cpu_shared contexts."""
    a = _new(_CLASS[0])
    a._t = t
    a._grad = None
    a._grad_req = "null"
    a._ctx = ctx
    a._fresh_grad = False
    if t.requires_grad and not t.is_leaf:  # a recorded operator's output
        track(a)
    return a


def _view(a, cls):
    out = _new(cls)
    out._t = t = a._t
    out._grad = a._grad
    out._grad_req = a._grad_req
    out._ctx = a._ctx
    out._fresh_grad = a._fresh_grad
    if t.requires_grad and not t.is_leaf:
        track(out)
    return out


def as_np(a):
    """`a` (an NDArray) as an `mx.np.ndarray` sharing its data and gradient; an ndarray is returned as is."""
    if type(a) is _CLASS[0]:
        return a
    return _view(a, _CLASS[0])


def as_nd(a):
    """`a` (an `mx.np.ndarray`) as a legacy `mx.nd.NDArray` sharing its data and gradient."""
    if type(a) is NDArray:
        return a
    return _view(a, NDArray)


def as_np_out(res):
    """The result(s) of a legacy operator (NDArray, or a list/tuple of them) as `mx.np.ndarray`s."""
    if type(res) is NDArray:
        return _view(res, _CLASS[0])
    if isinstance(res, NDArray):
        return as_np(res)
    if isinstance(res, (list, tuple)):
        return type(res)(as_np_out(r) for r in res)
    return res


def tensor_in(x):
    """The tensor behind operand `x` (an `mx.np.ndarray`), detached from autograd outside `record()`; a legacy
    NDArray is MXNet's TypeError (numpy operators take only `mx.np.ndarray`s)."""
    if isinstance(x, NDArray):
        if type(x) is not _CLASS[0]:
            refuse_legacy(x)
        return tensor_of(x)
    if isinstance(x, torch.Tensor):
        return x
    raise TypeError(f"expected an mxnet ndarray, got {type(x).__name__}")


def _known_as(op):
    """The Python name MXNet gives backend operator `op` in its messages (`_npx_fully_connected`: fully_connected)."""
    for prefix in ("_npi_", "_npx_", "_np_"):
        if op.startswith(prefix):
            return op[len(prefix):]
    return op


def _caller_backend(frame):
    """The backend operator of the outermost `mx.np` function running below user code at `frame` (None: unknown),
    for the refusal message (read on the error path only)."""
    from ._backend_names import BACKEND  # pylint: disable=import-outside-toplevel
    op = None
    while frame is not None and frame.f_globals.get("__name__", "").startswith("torch2gluon.numpy"):
        op = BACKEND.get(frame.f_code.co_name, op)   # the outermost named one (np.ravel over np.reshape)
        frame = frame.f_back
    return op


def legacy_operand_error(op=None, frame=None):
    """MXNet's TypeError of a numpy operator (`op`: its backend name; None: the calling `mx.np` function's, found
    from the stack or `frame`) given a legacy NDArray."""
    if op is None:
        op = _caller_backend(frame or sys._getframe(1))
    head = (f"Operator `{op}` registered in backend is known as `{_known_as(op)}` in Python. This is a numpy "
            "operator" if op else "This is a numpy operator")
    return TypeError(f"{head} which can only accept MXNet numpy ndarrays, while received a legacy ndarray. Please "
                     "ensure that you have activated numpy semantics by calling `npx.set_np()` in your code. If "
                     "you still see this error with numpy semantics activated, please call `as_np_ndarray()` upon "
                     "the legacy ndarray to convert it to an MXNet numpy ndarray, and then feed the converted "
                     "array to this operator.")


def refuse_legacy(x, op=None):
    """Raise MXNet's TypeError when `x` is an NDArray but no `mx.np.ndarray` (a legacy or sparse NDArray)."""
    if isinstance(x, NDArray) and not isinstance(x, _CLASS[0]):
        raise legacy_operand_error(op)


def np_operand(x, op, arg="data"):
    """The tensor of `mx.np` operator `op`'s array argument `x`, refusing what MXNet 1.9.1 refuses: a legacy
    NDArray (TypeError) and a non-array (AssertionError)."""
    if isinstance(x, _CLASS[0]):
        return tensor_of(x)
    if isinstance(x, NDArray):
        raise TypeError(f"Operator `_npi_{op}` registered in backend is known as `{op}` in Python. This is a numpy "
                        "operator which can only accept MXNet numpy ndarrays, while received a legacy ndarray. "
                        "Please ensure that you have activated numpy semantics by calling `npx.set_np()` in your "
                        "code. If you still see this error with numpy semantics activated, please call "
                        "`as_np_ndarray()` upon the legacy ndarray to convert it to an MXNet numpy ndarray, and "
                        "then feed the converted array to this operator.")
    raise AssertionError(f"Argument {arg} must have NDArray type, but got {x}")
