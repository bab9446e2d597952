"""`mx.util`: environment helpers and the numpy-mode flags (`set_np`, `np_shape`, `use_np`...)."""
import os
import threading

import torch


class _CurrentScope(threading.local):
    """The current `_NumpyArrayScope` of each thread (`value`); setting it also updates the fast flag `_NP.array`,
    whoever sets it (set_np, the scopes, or code that assigns `_NumpyArrayScope._current.value` as MXNet's tests do)."""

    @property
    def value(self):
        """The current scope object of this thread (None before any)."""
        return self.__dict__.get("_value")

    @value.setter
    def value(self, scope):
        self.__dict__["_value"] = scope
        _NP._array = scope._is_np_array if scope is not None else False


class _NumpyArrayScope:
    """The numpy-array flag as MXNet keeps it: the current scope object per thread (`_current.value`)."""

    _current = _CurrentScope()

    def __init__(self, is_np_array):
        self._is_np_array = is_np_array
        self._outer = None  # the scope that was current when this one was entered

    def __enter__(self):
        holder = _NumpyArrayScope._current
        self._outer = getattr(holder, "value", None) or _NumpyArrayScope(False)
        holder.value = self
        return self

    def __exit__(self, *exc):
        assert self._outer is not None, "np_array scope exited without being entered"
        _NumpyArrayScope._current.value = self._outer
        return False


_NP_SHAPE_GLOBAL = [False]  # set_np_shape(2): MXNet's GlobalOn, seen by every thread until turned off


class _NpFlags(threading.local):
    """Fast reads of the numpy-mode flags of this thread: `shape` (thread flag or the global one) and `array`."""

    def __init__(self):
        self._shape = False
        self._array = False  # mirrors the current `_NumpyArrayScope`'s value (set where that changes)

    @property
    def shape(self):
        """Numpy shape semantics on in this thread."""
        return self._shape or _NP_SHAPE_GLOBAL[0]

    @property
    def array(self):
        """Numpy array semantics on in this thread (the current `_NumpyArrayScope`'s value)."""
        return self._array

    @array.setter
    def array(self, active):
        _NumpyArrayScope._current.value = _NumpyArrayScope(active)


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
    """Turn numpy shape semantics on (this thread; 2: every thread) or off; returns the previous state."""
    if not active and _NP.array:
        raise ValueError("Deactivating NumPy shape semantics while NumPy array semantics is still active is "
                         "not allowed. Please consider calling `npx.reset_np()` to deactivate both of them.")
    prev = is_np_shape()
    mode = int(active)
    if mode == 0:
        _NP._shape = False
        _NP_SHAPE_GLOBAL[0] = False
    else:
        _NP._shape = True
        if mode == 2:
            _NP_SHAPE_GLOBAL[0] = True
    return bool(prev)


def _set_np_array(active):
    """Turn numpy array semantics on or off for this thread; returns the previous state."""
    prev = _NP.array
    _NumpyArrayScope._current.value = _NumpyArrayScope(active)
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


class _ShapeScope:
    """`with np_shape(active):` sets the shape flag (None: leaves it) and restores it on exit if it changed."""

    def __init__(self, active):
        self._active, self._prev = active, None

    def __enter__(self):
        if self._active is not None:
            self._prev = set_np_shape(self._active)
        return None

    def __exit__(self, *exc):
        if self._active is not None and self._prev != self._active:
            set_np_shape(self._prev)
        return False


def np_shape(active=True):
    """Scope turning numpy shape semantics on (or off) for this thread."""
    return _ShapeScope(active)


def np_array(active=True):
    """Scope turning numpy array semantics on (or off) for this thread."""
    return _NumpyArrayScope(active)


def _scoped(func, scopes):
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if len(scopes) == 1:
            with scopes[0](True):
                return func(*args, **kwargs)
        with scopes[0](True), scopes[1](True):
            return func(*args, **kwargs)
    return wrapper


def _decorate(func, scopes, api):
    """`func` (a function or class) running inside the given scopes.

    A class gets every function, method and property it has, inherited ones included, replaced on the class
    by a scoped one (as MXNet's decorators do); static and class methods stay static and class methods.
    """
    import inspect
    if inspect.isclass(func):
        members = inspect.getmembers(
            func, lambda f: inspect.isfunction(f) or inspect.ismethod(f) or isinstance(f, property))
        for name, member in members:
            raw = inspect.getattr_static(func, name)
            if isinstance(raw, staticmethod):
                setattr(func, name, staticmethod(_scoped(raw.__func__, scopes)))
            elif isinstance(raw, classmethod):
                setattr(func, name, classmethod(_scoped(raw.__func__, scopes)))
            elif isinstance(member, property):
                getter = None if member.fget is None else _scoped(member.fget, scopes)
                setattr(func, name, property(getter, member.fset, member.fdel, member.__doc__))
            else:
                setattr(func, name, _scoped(member, scopes))
        return func
    if not callable(func):
        raise TypeError(f"{api} can only decorate classes and callable objects, while received a {type(func)}")
    return _scoped(func, scopes)


def use_np_shape(func):
    """Decorator: `func` (or every method and property of a class) runs with numpy shape semantics."""
    return _decorate(func, (np_shape,), "use_np_shape")


def use_np_array(func):
    """Decorator: `func` (or every method and property of a class) runs with numpy array semantics."""
    return _decorate(func, (np_array,), "use_np_array")


def use_np(func):
    """Decorator: numpy shape and array semantics (`use_np_shape(use_np_array(func))`)."""
    return _decorate(func, (np_shape, np_array), "use_np")


_np_ufunc_default_kwargs = {"where": True, "casting": "same_kind", "order": "K", "dtype": None, "subok": True}


def np_ufunc_legal_option(key, value):
    """Whether `key=value` is a ufunc keyword with an allowed value (even if MXNet does not implement it)."""
    import numpy as _onp
    if key == "where":
        return True
    if key == "casting":
        return value in ("no", "equiv", "safe", "same_kind", "unsafe")
    if key == "order":
        return isinstance(value, str)
    if key == "dtype":
        legal = (_onp.int8, _onp.uint8, _onp.int32, _onp.int64, _onp.float16, _onp.float32, _onp.float64,
                 "int8", "uint8", "int32", "int64", "float16", "float32", "float64")
        return any(value is v or (type(value) is type(v) and value == v) for v in legal)
    if key == "subok":
        return isinstance(value, bool)
    return False


def _check_ufunc_kwargs(kwargs, name, binary):
    for key, value in kwargs.items():
        if key not in _np_ufunc_default_kwargs:
            raise TypeError(f"{key} is an invalid keyword to function '{name}'")
        if value != _np_ufunc_default_kwargs[key]:
            if np_ufunc_legal_option(key, value):
                raise NotImplementedError(f"{key}={value} is not implemented yet" +
                                          ("" if binary else f" for operator {name}"))
            raise TypeError(f"{key} {value} not understood" if binary else
                            f"{key}={value} not understood for operator {name}")


def wrap_np_unary_func(func):
    """Decorator: a unary ufunc `func(x, out=None)` refusing ufunc keywords other than their defaults."""
    import functools

    @functools.wraps(func)
    def _wrap_np_unary_func(x, out=None, **kwargs):
        _check_ufunc_kwargs(kwargs, func.__name__, False)
        return func(x, out=out)
    return _wrap_np_unary_func


def wrap_np_binary_func(func):
    """Decorator: a binary ufunc `func(x1, x2, out=None)` refusing ufunc keywords other than their defaults."""
    import functools

    @functools.wraps(func)
    def _wrap_np_binary_func(x1, x2, out=None, **kwargs):
        _check_ufunc_kwargs(kwargs, func.__name__, True)
        return func(x1, x2, out=out)
    return _wrap_np_binary_func


def set_module(module):
    """Decorator setting `__module__` of a function or class (unless `module` is None)."""
    def decorator(func):
        if module is not None:
            func.__module__ = module
        return func
    return decorator


def _sanity_check_params(func_name, unsupported_params, param_dict):
    """NotImplementedError when `param_dict` holds one of `unsupported_params`."""
    for name in unsupported_params:
        if name in param_dict:
            raise NotImplementedError(f"function {func_name} does not support parameter {name}")


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
