"""MXNet 1.9.1's refusal of the wrong array kind by Gluon blocks (legacy `mx.nd` arrays in numpy mode, and
`mx.np` arrays reaching a deferred layer in legacy mode).

In numpy mode (`npx.set_np()`) MXNet's built-in layers call `F.npx.X` / `F.np.X`, which take only `mx.np.ndarray`s:
a legacy NDArray handed to a layer is that operator's TypeError ("Operator `_npx_fully_connected` registered in
backend is known as `fully_connected` in Python. This is a numpy operator ..."); when the layer is not hybridized
and its parameters wait for their shapes, the failure comes from the shape inference and MXNet wraps it in
ValueError("Deferred initialization failed because shape cannot be inferred. ..."). Blocks written with legacy
operators (user code, ReflectionPad2D, most losses) run and then fail Block.__call__'s output check.

torch2gluon's layers run legacy operators on legacy views in numpy mode, so they cannot tell a user's legacy array
from their own views by the operator calls: a block refuses legacy inputs only when called from user code, i.e.
while no built-in layer's legacy forward is running (`DEPTH.n == 0`; a built-in layer with children or several
inputs counts itself in, a childless one-input layer, the hot path, never needs to). Each built-in layer class
names the operator MXNet's numpy branch calls first (`_npx_first`: a name, an (eager, hybridized) pair, a
function of the block, or None for "run, then the output check"); `_legacy_first` names the legacy operator that
refuses an `mx.np` input in legacy mode, for the deferred-shape ValueError.
"""
import threading

from ..ndarray.ndarray import NDArray
from ..ndarray._np_inputs import legacy_error, np_class, is_np  # noqa: F401 - is_np for block.py
from .parameter import DeferredInitializationError

_DEFERRED_FAILED = "Deferred initialization failed because shape cannot be inferred."


class _Depth(threading.local):
    n = 0   # built-in layers' legacy forwards running (numpy mode) in this thread


DEPTH = _Depth()


def any_legacy(x, args):
    """Whether `x` or a (nested list/tuple) element of `args` is a legacy NDArray (no `mx.np.ndarray`); the
    common call (`mx.np.ndarray`s only) costs one type test per input."""
    npcls = np_class()
    if x is not None and type(x) is not npcls and _legacy_in(x, npcls):
        return True
    for v in args:
        if type(v) is not npcls and _legacy_in(v, npcls):
            return True
    return False


def _legacy_in(v, npcls):
    stack = [v]
    while stack:
        v = stack.pop()
        if isinstance(v, NDArray):
            if not isinstance(v, npcls):
                return True
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
    return False


def _first_op(block, attr):
    op = getattr(type(block), attr, None)
    if callable(op):
        op = op(block)
    if isinstance(op, tuple):
        op = op[1 if block._active else 0]
    return op


def _kind_error(op):
    """The TypeError of operator `op` given the wrong kind: a numpy operator (`_np*` names) given a legacy
    NDArray, a legacy operator given an `mx.np.ndarray`."""
    if op.startswith("_np"):
        from ..numpy._wrap import legacy_operand_error  # pylint: disable=import-outside-toplevel
        return legacy_operand_error(op)
    return legacy_error(op)


def _deferred(block, x):
    """Whether fetching the block's parameters (as MXNet's eager forward does first) meets a deferred one;
    an uninitialized parameter raises its RuntimeError, as in MXNet."""
    ctx = x.context if isinstance(x, NDArray) else None
    try:
        for p in block._reg_params.values():
            p.data(ctx)
    except DeferredInitializationError:
        return True
    return False


def refuse_np_mode_legacy(block, x):
    """Numpy mode, user code gave built-in `block` a legacy NDArray: raise MXNet's error if the block's numpy
    branch starts with a known operator; return False when the block should run and face the output check."""
    op = _first_op(block, "_npx_first")
    if op is None:
        return False
    err = _kind_error(op)
    if not block._active and block._reg_params and _deferred(block, x):
        raise ValueError(f"{_DEFERRED_FAILED} {err}")
    raise err


def refuse_legacy_mode_np(block):
    """Legacy mode, a deferred built-in `block` was given an `mx.np.ndarray`: MXNet's shape inference meets the
    refusing legacy operator first (ValueError around its TypeError; the TypeError itself when hybridized)."""
    op = _first_op(block, "_legacy_first")
    if op is not None:
        if block._active:   # hybridized: building the graph fails first
            raise legacy_error(op)
        raise ValueError(f"{_DEFERRED_FAILED} {legacy_error(op)}")
