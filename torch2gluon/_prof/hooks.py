"""Operator recording for `mx.profiler`, switched in only while operators are profiled.

Every registered operator wrapper (ndarray/register.py) calls its implementation through a name it looks up
at call time (the generated wrapper's `_mx_fn` global, the generic wrapper's `fn` cell); `install()` points
those at a recording version and `uninstall()` restores them, so the per-call path is untouched otherwise.
NDArray's arithmetic, copies and a few `nd` functions that do not go through the registry are swapped on the
class/module the same way. A recording call opens a torch `record_function` range carrying MXNet's
operator name (its registered name, aliases resolved: `concat` -> `Concat`); calls made inside an operator
are not recorded again (MXNet reports the operator, not its parts), except inside a Custom operator's
python code, whose operators MXNet reports as '<op_type>::<op>' under 'Custom Operator' (the Custom
operator itself is reported as '<op_type>::pure_python', its backward as '_backward_<op_type>::...').
With profile_imperative=False only operators run by an Executor (graph operators) are recorded.
With profile_api on, each operator call also records MXNet's C API call `MXImperativeInvokeEx` (and
waitall / wait_to_read / asnumpy / backward their C API calls) under 'MXNET_C_API', with its counters.
"""
import functools
import threading
import time
import weakref

from torch.autograd.profiler import record_function

from .._op_canonical import CANONICAL
from . import state
from .hashing import thread_tid
from .torch_events import PREFIX

_TLS = threading.local()
_SAVED = []                       # (restore function) of everything swapped in by install()
_CUSTOM_TYPES = weakref.WeakKeyDictionary()   # CustomOp instance -> op_type (for its backward)
_API = {"calls": 0}
_INSTALLED = [False]


def _now_us():
    return time.time_ns() / 1000.0


def _api_records(name, t0, t1):
    tid = thread_tid()
    cat = "MXNET_C_API"
    with state.LOCK:
        _API["calls"] += 1
        state.add(("counter", cat, "MXNet C API Calls", t0, _API["calls"], None, tid))
        state.add(("counter", cat, "MXNet C API Concurrency", t0, 1, None, tid))
        state.add(("task", cat, name, t0, t1, None, tid))
        state.add(("counter", cat, "MXNet C API Concurrency", t1, 0, None, tid))


def _device(args, kwargs):
    """MXNet's device index (trace pid) of an operator call: gpu k -> cpu count + k, else 0."""
    for a in list(args[:3]) + list(kwargs.values()):
        t = getattr(a, "_t", None)
        if t is not None and getattr(t, "is_cuda", False):
            from .trace import cpu_count
            return cpu_count() + (t.device.index or 0)
        if getattr(a, "device_type", None) == "gpu":
            from .trace import cpu_count
            return cpu_count() + a.device_id
    return 0


def _call(name, fn, args, kwargs, api="MXImperativeInvokeEx"):
    """Run one operator call, recorded as `name` unless it runs inside another recorded operator."""
    custom = getattr(_TLS, "custom", None)
    if getattr(_TLS, "depth", 0) and not (custom and _TLS.depth == custom[1]):
        return fn(*args, **kwargs)
    cat = "operator"
    if custom:
        cat, name = "Custom Operator", f"{custom[0]}::{name}"
    record = state.mode("imperative") or getattr(_TLS, "graph", False)
    if name == "Custom" and not custom:  # MXNet reports a Custom operator by its python code (_custom_run_user)
        _TLS.op_type = kwargs.get("op_type")
        record = False
    api_on = api and state.mode("api")
    a0 = _now_us() if api_on else 0.0
    _TLS.depth = getattr(_TLS, "depth", 0) + 1
    rf = record_function(f"{PREFIX}{cat}\x1f{name}\x1f{_device(args, kwargs)}") if record else None
    if rf is not None:
        rf.__enter__()
    try:
        return fn(*args, **kwargs)
    finally:
        if rf is not None:
            rf.__exit__(None, None, None)
        _TLS.depth -= 1
        if api_on:
            _api_records(api, a0, _now_us())


def recording(name, fn):
    """`fn` recorded as MXNet operator `name` (or `name(args, kwargs)` when it depends on the arguments)."""
    pick = name if callable(name) else None

    @functools.wraps(fn)
    def rec(*args, **kwargs):
        return _call(pick(args, kwargs) if pick else name, fn, args, kwargs)
    return rec


def _api_only(api, fn):
    @functools.wraps(fn)
    def rec(*args, **kwargs):
        if not state.mode("api"):
            return fn(*args, **kwargs)
        t0 = _now_us()
        try:
            return fn(*args, **kwargs)
        finally:
            _api_records(api, t0, _now_us())
    return rec


def _swap_registered(wrapper, make, seen):
    """Point a registry wrapper's implementation at `make(impl)`; returns the restore functions.

    An @mxop wrapper calls its implementation through the generated fast wrapper's `_mx_fn` global and the
    generic wrapper's `fn` cell. A function registered around such a wrapper (a sparse-aware front, a fast
    front that calls the implementation `op`/`impl` itself) is followed through its closure."""
    if id(wrapper) in seen:
        return []
    seen.add(id(wrapper))
    generic, fast_ns = wrapper, None
    slow = wrapper.__globals__.get("_mx_slow")
    if slow is not None and "_mx_fn" in wrapper.__globals__:  # a generated fast wrapper
        fast_ns = wrapper.__globals__
        generic = slow.__closure__[slow.__code__.co_freevars.index("generic")].cell_contents
    names = getattr(getattr(generic, "__code__", None), "co_freevars", ())
    for inner_name in ("core", "unchecked"):   # the mx.np input check sits in front of the generic wrapper
        if "fn" not in names and inner_name in names:
            generic = generic.__closure__[names.index(inner_name)].cell_contents
            names = generic.__code__.co_freevars
    if "fn" not in names:
        out = []
        for var, cell in zip(names, generic.__closure__ or ()):
            obj = cell.cell_contents
            inner = obj if isinstance(obj, (list, tuple)) else [obj]
            for f in inner:
                if callable(f) and hasattr(f, "__mxop__"):
                    out += _swap_registered(f, make, seen)
            if var in ("op", "impl") and callable(obj) and not hasattr(obj, "__mxop__"):
                out.append(_swap_cell(cell, make))
        return out
    cell = generic.__closure__[names.index("fn")]
    impl = cell.cell_contents
    new = make(impl)
    cell.cell_contents = new
    if fast_ns is not None:
        fast_ns["_mx_fn"] = new

    def restore():
        cell.cell_contents = impl
        if fast_ns is not None:
            fast_ns["_mx_fn"] = impl
    return [restore]


def _swap_cell(cell, make):
    impl = cell.cell_contents
    cell.cell_contents = make(impl)

    def restore():
        cell.cell_contents = impl
    return restore


def _swap_attr(owner, attr, new):
    old = owner.__dict__[attr] if isinstance(owner, type) else getattr(owner, attr)
    setattr(owner, attr, new(old))
    return lambda: setattr(owner, attr, old)


def _by_operand(array_op, scalar_op):
    from ..ndarray.ndarray import NDArray
    return lambda args, kwargs: array_op if isinstance(args[1], NDArray) else scalar_op


_BINARY = {  # NDArray method: (operator for an NDArray operand, operator for a scalar)
    "__add__": ("broadcast_add", "_plus_scalar"), "__iadd__": ("broadcast_add", "_plus_scalar"),
    "__sub__": ("broadcast_sub", "_minus_scalar"), "__isub__": ("broadcast_sub", "_minus_scalar"),
    "__mul__": ("broadcast_mul", "_mul_scalar"), "__imul__": ("broadcast_mul", "_mul_scalar"),
    "__truediv__": ("broadcast_div", "_div_scalar"), "__itruediv__": ("broadcast_div", "_div_scalar"),
    "__div__": ("broadcast_div", "_div_scalar"), "__idiv__": ("broadcast_div", "_div_scalar"),
    "__mod__": ("broadcast_mod", "_mod_scalar"), "__imod__": ("broadcast_mod", "_mod_scalar"),
    "__pow__": ("broadcast_power", "_power_scalar"),
    "__eq__": ("broadcast_equal", "_equal_scalar"), "__ne__": ("broadcast_not_equal", "_not_equal_scalar"),
    "__gt__": ("broadcast_greater", "_greater_scalar"),
    "__ge__": ("broadcast_greater_equal", "_greater_equal_scalar"),
    "__lt__": ("broadcast_lesser", "_lesser_scalar"), "__le__": ("broadcast_lesser_equal", "_lesser_equal_scalar"),
}
_REFLECTED = {"__radd__": "_plus_scalar", "__rsub__": "_rminus_scalar", "__rmul__": "_mul_scalar",
              "__rtruediv__": "_rdiv_scalar", "__rdiv__": "_rdiv_scalar", "__rmod__": "_rmod_scalar",
              "__rpow__": "_rpower_scalar", "__neg__": "_mul_scalar", "__abs__": "abs"}


def _copy_name(args, kwargs):
    """CopyCPU2CPU / CopyCPU2GPU / ... from the source and target devices (copy, copyto, astype)."""
    def kind(x):
        t = getattr(x, "_t", None)
        if t is not None:
            return "GPU" if t.is_cuda else "CPU"
        return "GPU" if getattr(x, "device_type", "cpu") == "gpu" else "CPU"
    src = kind(args[0])
    target = args[1] if len(args) > 1 and (hasattr(args[1], "_t") or hasattr(args[1], "device_type")) else None
    return f"Copy{src}2{kind(target) if target is not None else src}"


def _setitem_name(args, kwargs):
    from ..ndarray.ndarray import NDArray
    key, value = args[1], args[2]
    whole = isinstance(key, slice) and key == slice(None)
    if isinstance(value, NDArray):
        return _copy_name((value, args[0]), {}) if whole else "_slice_assign"
    return "_full" if whole else "_slice_assign_scalar"


def _graph(fn):
    """Executor.forward/backward: the operators they run are graph (symbolic) operators, which MXNet records
    whatever profile_imperative says."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        prev = getattr(_TLS, "graph", False)
        _TLS.graph = True
        try:
            return fn(*args, **kwargs)
        finally:
            _TLS.graph = prev
    return run


def _custom_run_user(orig):
    """operator._run_user recorded as MXNet does: '<op_type>::pure_python' (and its backward) under
    'Custom Operator', the operators it calls as '<op_type>::<op>'."""
    def run(fn, what, **kwargs):
        op = getattr(fn, "__self__", None)
        if what == "forward":
            prefix = getattr(_TLS, "op_type", None) or "Custom"
            if op is not None:
                _CUSTOM_TYPES[op] = prefix
        else:
            prefix = "_backward_" + (_CUSTOM_TYPES.get(op, "Custom") if op is not None else "Custom")
        name = f"{prefix}::pure_python"
        prev = getattr(_TLS, "custom", None)
        depth = getattr(_TLS, "depth", 0)
        _TLS.custom = (prefix, depth)
        t0 = _now_us()
        try:
            return orig(fn, what, **kwargs)
        finally:
            _TLS.custom = prev
            if state.ops_on():
                state.add(("task", "Custom Operator", name, t0, _now_us(), None, thread_tid()))
    return run


def install():
    """Switch operator recording in (idempotent)."""
    if _INSTALLED[0]:
        return
    from .. import ndarray as nd_mod
    from .. import operator as op_mod
    from ..ndarray import ndarray as nd_impl
    from ..ndarray.ndarray import NDArray
    from ..ndarray.register import OPS
    from ..executor import Executor
    seen = set()
    for wrapper in OPS.values():
        name = getattr(wrapper, "__mxop__", None) or wrapper.__name__
        _SAVED.extend(_swap_registered(wrapper, functools.partial(recording, CANONICAL.get(name, name)), seen))
    for attr, (arr, sca) in _BINARY.items():
        if attr in NDArray.__dict__:
            _SAVED.append(_swap_attr(NDArray, attr, functools.partial(recording, _by_operand(arr, sca))))
    for attr, name in _REFLECTED.items():
        if attr in NDArray.__dict__:
            _SAVED.append(_swap_attr(NDArray, attr, functools.partial(recording, name)))
    for attr in ("copy", "copyto", "astype"):
        _SAVED.append(_swap_attr(NDArray, attr, functools.partial(recording, _copy_name)))
    _SAVED.append(_swap_attr(NDArray, "__setitem__", functools.partial(recording, _setitem_name)))
    for attr, name in (("zeros", "_zeros"), ("ones", "_ones"), ("full", "_full"), ("arange", "_arange")):
        _SAVED.append(_swap_attr(nd_mod, attr, functools.partial(recording, name)))
    for owner in (nd_mod, nd_impl):
        _SAVED.append(_swap_attr(owner, "waitall", functools.partial(_api_only, "MXNDArrayWaitAll")))
    _SAVED.append(_swap_attr(NDArray, "wait_to_read", functools.partial(_api_only, "MXNDArrayWaitToRead")))
    _SAVED.append(_swap_attr(NDArray, "asnumpy", functools.partial(_api_only, "MXNDArraySyncCopyToCPU")))
    _SAVED.append(_swap_attr(NDArray, "backward", functools.partial(_api_only, "MXAutogradBackwardEx")))
    _SAVED.append(_swap_attr(op_mod, "_run_user", _custom_run_user))
    for attr in ("forward", "backward"):
        _SAVED.append(_swap_attr(Executor, attr, _graph))
    _INSTALLED[0] = True


def uninstall():
    """Restore the plain (unrecorded) operator calls."""
    while _SAVED:
        _SAVED.pop()()
    _INSTALLED[0] = False
