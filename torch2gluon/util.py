"""`mx.util`: environment helpers and the numpy-mode flags (`set_np`, `np_shape`, `use_np`...)."""
import os
import threading

import torch


class _NpFlags(threading.local):
    """Per-thread numpy-mode flags (MXNet keeps both per thread): shape semantics and array semantics."""

    def __init__(self):
        self.shape = False
        self.array = False


_NP = _NpFlags()


def get_gpu_count():
    """Number of visible CUDA devices."""
    return torch.cuda.device_count()


def get_gpu_memory(gpu_dev_id):
    """(free, total) bytes on CUDA device `gpu_dev_id`."""
    from .context import gpu_memory_info
    return gpu_memory_info(gpu_dev_id)


def is_np_shape():
    """Whether numpy shape semantics are on in this thread (`()` is a scalar's shape, 0 a zero-size dim)."""
    return _NP.shape


def is_np_array():
    """Whether numpy array semantics are on in this thread (Gluon creates `mx.np.ndarray`s)."""
    return _NP.array


def set_np_shape(active):
    """Turn numpy shape semantics on or off for this thread; returns the previous state."""
    if not active and _NP.array:
        raise ValueError("Deactivating NumPy shape semantics while NumPy array semantics is still active is "
                         "not allowed. Please consider calling `npx.reset_np()` to deactivate both of them.")
    prev = _NP.shape
    _NP.shape = bool(active)
    return prev


def _set_np_array(active):
    prev = _NP.array
    _NP.array = bool(active)
    return prev


def set_np(shape=True, array=True):
    """Turn numpy shape and array semantics on or off together (array semantics need shape semantics)."""
    if not shape and array:
        raise ValueError("NumPy Shape semantics is required in using NumPy array semantics.")
    _set_np_array(array)
    set_np_shape(shape)


def reset_np():
    """Back to legacy semantics (both numpy flags off)."""
    set_np(shape=False, array=False)


class _FlagScope:
    def __init__(self, active, setter):
        self._active, self._setter, self._prev = active, setter, None

    def __enter__(self):
        if self._active is not None:
            self._prev = self._setter(self._active)
        return self

    def __exit__(self, *exc):
        if self._active is not None and self._prev != self._active:
            self._setter(self._prev)
        return False


def _set_shape_raw(active):
    prev = _NP.shape
    _NP.shape = bool(active)
    return prev


def np_shape(active=True):
    """Scope turning numpy shape semantics on (or off) for this thread."""
    return _FlagScope(active, _set_shape_raw)


def np_array(active=True):
    """Scope turning numpy array semantics on (or off) for this thread."""
    return _FlagScope(active, _set_np_array)


def _decorate(func, scopes, api):
    """`func` (a function or class) running inside the given scopes; a class gets every method wrapped."""
    import functools
    import inspect
    if inspect.isclass(func):
        for name, method in list(vars(func).items()):
            if callable(method) and not inspect.isclass(method):
                setattr(func, name, _decorate(method, scopes, api))
        return func
    if not callable(func):
        raise TypeError(f"{api} can only decorate classes and callable objects, while received a {type(func)}")

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        import contextlib
        with contextlib.ExitStack() as stack:
            for make in scopes:
                stack.enter_context(make(True))
            return func(*args, **kwargs)
    return wrapper


def use_np_shape(func):
    """Decorator: `func` (or every method of a class) runs with numpy shape semantics."""
    return _decorate(func, (np_shape,), "use_np_shape")


def use_np_array(func):
    """Decorator: `func` (or every method of a class) runs with numpy array semantics."""
    return _decorate(func, (np_array,), "use_np_array")


def use_np(func):
    """Decorator: numpy shape and array semantics (`use_np_shape(use_np_array(func))`)."""
    return _decorate(func, (np_shape, np_array), "use_np")


def get_cuda_compute_capability(ctx):
    """Compute capability of `ctx`'s GPU as an int (e.g. 90 for 9.0)."""
    if ctx.device_type != "gpu":
        raise ValueError(f"Expecting a gpu context to get cuda arch, while got {ctx}")
    major, minor = torch.cuda.get_device_capability(ctx.device_id)
    return major * 10 + minor


def getenv(name):
    """The value of environment variable `name` (None when unset)."""
    return os.environ.get(name)


def setenv(name, value):
    """Set (or with None, unset) environment variable `name`."""
    if value is None:
        os.environ.pop(name, None)
    elif not isinstance(value, str):
        raise TypeError(f"setenv: value for {name} must be a string or None, got {type(value).__name__}")
    else:
        os.environ[name] = value
