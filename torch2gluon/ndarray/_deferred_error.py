"""Errors MXNet's engine reports late: an operator whose kernel fails (a sampler's invalid parameter, `take` with
mode='raise' out of range, ...) returns its output at once, and the error is raised where the data is first
read (`asnumpy`, `asscalar`, `wait_to_read` of that array or of anything computed from it, `repr`, `bool`) or
by the next `nd.waitall()`. Raised once: afterwards those arrays read as they are (NaN for floats here).

The output is a `FailedTensor`, a torch.Tensor subclass whose `__torch_function__` carries the error to every
result computed from it (sharing one `_Failure`, as MXNet's engine shares one exception among the variables it
reaches) and raises it on value reads. Ordinary tensors never enter this code.
"""
import threading

import torch

_LOCK = threading.Lock()
_PENDING = []   # failures not raised yet, in order: nd.waitall() raises the first and clears them all


class _Failure:
    """One operator's failure: the exception and whether it was raised already."""
    __slots__ = ("exc", "raised")

    def __init__(self, exc):
        self.exc = exc
        self.raised = False

    def throw(self):
        """Raise the error unless it was raised already."""
        if not self.raised:
            self.raised = True
            raise self.exc


def _value_reads():
    names = ("numpy", "item", "tolist", "__bool__", "__float__", "__int__", "__index__", "__complex__",
             "__array__", "__repr__", "__format__", "__dlpack__", "data_ptr")
    return {getattr(torch.Tensor, n) for n in names if hasattr(torch.Tensor, n)}


_READS = _value_reads()


def _failure_in(obj):
    if isinstance(obj, FailedTensor):
        return obj.__dict__.get("_t2g_failure")
    if isinstance(obj, (list, tuple)):
        for o in obj:
            f = _failure_in(o)
            if f is not None:
                return f
    return None


def _mark(obj, failure):
    """Results computed from a failed tensor carry its failure."""
    if isinstance(obj, torch.Tensor):
        if type(obj) is not FailedTensor:
            obj = obj.as_subclass(FailedTensor)
        obj.__dict__["_t2g_failure"] = failure
        return obj
    if isinstance(obj, (list, tuple)) and any(isinstance(o, torch.Tensor) for o in obj):
        return type(obj)(_mark(o, failure) for o in obj) if isinstance(obj, list) else \
            tuple(_mark(o, failure) for o in obj)
    return obj


class FailedTensor(torch.Tensor):
    """The output of an operator whose kernel failed (see the module docstring)."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        failure = _failure_in(args) or _failure_in(tuple(kwargs.values()))
        if failure is not None and func in _READS:
            failure.throw()
        with torch._C.DisableTorchFunctionSubclass():
            out = func(*args, **kwargs)
        if failure is None:
            return out
        # a write into an ordinary tensor (x[:] = failed, copy_, out=): the destination fails too
        dest = kwargs.get("out")
        if dest is None and args and isinstance(args[0], torch.Tensor) and type(args[0]) is not FailedTensor \
                and getattr(func, "__name__", "").endswith("_") and not func.__name__.endswith("__"):
            dest = args[0]
        if func is torch.Tensor.__setitem__:
            dest = args[0]
        if isinstance(dest, torch.Tensor):
            poison(dest, failure)
        return _mark(out, failure)


def poison(t, failure):
    """Make tensor `t` (in place: same object, same storage) carry `failure`."""
    if type(t) is not FailedTensor:
        t.__class__ = FailedTensor
    t.__dict__["_t2g_failure"] = failure


def failed(exc, shape, dtype, device=None):
    """The output of a failed operator: a tensor of `shape`/`dtype` (NaN, or 0 for integers) carrying `exc`."""
    t = torch.empty(tuple(shape), dtype=dtype, device=device)
    t.fill_(float("nan") if t.is_floating_point() else 0)
    return failed_into(exc, t)


def failed_into(exc, t):
    """A failed operator that wrote into the existing tensor `t` (an `out=` array): `t` carries `exc`."""
    failure = _Failure(exc)
    with _LOCK:
        _PENDING.append(failure)
    poison(t, failure)
    return t


def check(t):
    """Raise the failure `t` carries, if any and not raised yet (`wait_to_read`)."""
    if type(t) is FailedTensor:
        failure = t.__dict__.get("_t2g_failure")
        if failure is not None:
            failure.throw()


def raise_pending():
    """`nd.waitall()`: raise the first failure not raised yet; every pending failure counts as raised."""
    if not _PENDING:
        return
    with _LOCK:
        pending = _PENDING[:]
        _PENDING.clear()
    first = None
    for failure in pending:
        if not failure.raised:
            failure.raised = True
            first = first or failure
    if first is not None:
        raise first.exc


def inherit(dest, src):
    """A write of tensor `src` into tensor `dest` (NDArray assignment): a failed source makes `dest` fail too."""
    if type(src) is FailedTensor:
        failure = src.__dict__.get("_t2g_failure")
        if failure is not None:
            poison(dest, failure)
