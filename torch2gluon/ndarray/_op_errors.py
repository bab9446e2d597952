"""Operator errors of MXNet's kind: what bad input provokes inside an implementation becomes MXNetError.

MXNet's operators run in its C++ backend, so bad input (mismatched shapes, an axis out of range, an
unparsable parameter, an index out of bounds) reaches Python as MXNetError. An implementation over torch
meets the same input as torch's RuntimeError/IndexError/ValueError/TypeError, or as a failing builtin
(`int('x')`, `ast.literal_eval('(2,')`, `shape[5]`). `backend_error` tells those apart from the deliberate
errors an implementation raises (a `raise`/`assert` statement in torch2gluon, which mirrors MXNet's own
kind, e.g. TypeError from MXNet's Python front-end) and from errors of user code the operator calls back.
It runs only once an exception is raised: the operator's call path pays nothing for it.
"""
import inspect
import linecache
import os
import re
import sysconfig

import numpy as np
import torch

from ..base import MXNetError

# What an operator's wrapper intercepts (MXNetError and NotImplementedError pass through unchanged).
FOREIGN = (TypeError, ValueError, RuntimeError, IndexError, KeyError, AttributeError, ArithmeticError,
           SyntaxError, AssertionError)

_PKG = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_REGISTER = os.path.join(_PKG, "ndarray", "register.py")
_TORCH_DIR = os.path.dirname(os.path.abspath(torch.__file__))
# the libraries implementations compute with (torchvision and scipy by location: not imported here)
_LIBS = tuple(d + os.sep for d in (_TORCH_DIR, os.path.dirname(os.path.abspath(np.__file__)),
                                   os.path.join(os.path.dirname(_TORCH_DIR), "torchvision"),
                                   os.path.join(os.path.dirname(_TORCH_DIR), "scipy")))
_STDLIB = os.path.abspath(sysconfig.get_paths()["stdlib"]) + os.sep
# An NDArray converted to a parameter's type (MXNet's front-end would print it into the parameter string,
# which the backend fails to parse): the deliberate errors of these NDArray methods are parameter errors here.
_CONVERSIONS = frozenset(("__bool__", "__int__", "__float__", "__index__", "__len__", "__iter__"))
_CONTAINERS = frozenset(("list", "tuple", "dict", "str", "int", "float", "bool", "NoneType", "numpy.ndarray",
                         "ndarray"))
_TORCH_NO_BOOL = "not implemented for 'Bool'"  # torch's kernels without bool: MXNet has none either
_TORCH_NO_KERNEL = re.compile(r"not implemented for '(\w+)'")
_DTYPE_ERROR = re.compile(r"data type .* not understood|as a data type")


def _origin_is_backend(exc):
    """True where `exc` comes from the implementation's machinery (torch, numpy, the standard library, a
    builtin called by torch2gluon), not from a deliberate raise or from user code."""
    if exc.__traceback__ is None:
        return False
    tb = _innermost(exc)
    path = tb.tb_frame.f_code.co_filename
    if path.startswith(_PKG):
        if path == _REGISTER:  # the wrapper's own call: argument binding, handled by the wrapper
            return False
        if tb.tb_frame.f_code.co_name in _CONVERSIONS:  # e.g. int(NDArray) for an int parameter
            return True
        line = linecache.getline(path, tb.tb_lineno).lstrip()
        return not line.startswith(("raise", "assert"))
    if path.startswith(_LIBS):
        return True
    return path.startswith(_STDLIB) and "-packages" not in path


def _describe(v):
    shape = None if isinstance(v, type) else getattr(v, "shape", None)
    if isinstance(shape, tuple) and hasattr(v, "dtype"):
        dt = getattr(v.dtype, "__name__", v.dtype)
        return f"{type(v).__name__}{tuple(shape)} {dt}"
    if isinstance(v, (list, tuple)) and any(hasattr(x, "shape") for x in v):
        return "[" + ", ".join(_describe(x) for x in v) + "]"
    r = repr(v)
    return r if len(r) <= 60 else r[:57] + "..."


def _var_positional(fn):
    try:
        return {p.name for p in inspect.signature(fn).parameters.values() if p.kind is p.VAR_POSITIONAL}
    except (TypeError, ValueError):
        return set()


def _bound(fn, args, kwargs):
    try:
        return dict(inspect.signature(fn).bind_partial(*args, **kwargs).arguments)
    except (TypeError, ValueError):
        return {**{f"arg{i}": a for i, a in enumerate(args)}, **kwargs}


def _arguments(fn, args, kwargs):
    return ", ".join(f"{k}={_describe(v)}" for k, v in _bound(fn, args, kwargs).items())


def _innermost(exc):
    tb = exc.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb


def _not_an_ndarray(exc, fn, args, kwargs):
    """MXNet's AssertionError for a non-NDArray input (its front-end checks each input's type), where `exc` is
    the implementation reading an NDArray attribute of a python list, tuple, numpy array... passed as an input
    (`tensor_of(x)`: "'list' object has no attribute '_t'"), else None."""
    if not (isinstance(exc, AttributeError) and "object has no attribute" in str(exc)):
        return None
    kind = str(exc).split("'")[1]
    if kind not in _CONTAINERS:
        return None
    bound = _bound(fn, args, kwargs)
    for k, v in bound.items():
        items = v if k in _var_positional(fn) else (v,)
        for x in items:
            if kind in (type(x).__name__, f"{type(x).__module__}.{type(x).__name__}"):  # numpy.ndarray
                what = "Positional arguments" if k in _var_positional(fn) else f"Argument {k}"
                return AssertionError(f"{what} must have NDArray type, but got {x}")
    return None


def backend_error(exc, fn, opname, args, kwargs):
    """MXNetError for `exc` raised inside operator `opname`'s implementation by bad input, else None."""
    if isinstance(exc, NotImplementedError) and _origin_is_backend(exc):
        if _TORCH_NO_BOOL in str(exc):
            return MXNetError(f"{opname}: Unknown type enum 7 (the operator does not take bool arrays)")
        kernel = _TORCH_NO_KERNEL.search(str(exc))
        if kernel:  # a dtype torch has no kernel for (avg pooling of uint8, ...): MXNet's kernels lack it too
            return MXNetError(f"{opname}: This operation does not support {kernel.group(1)} inputs "
                              f"(only floating point types)")
    if isinstance(exc, (MXNetError, NotImplementedError)) or not _origin_is_backend(exc):
        return None
    if isinstance(exc, TypeError) and _DTYPE_ERROR.search(str(exc)):
        return None  # numpy could not read a dtype: MXNet's front-end calls np.dtype too (TypeError)
    err = _not_an_ndarray(exc, fn, args, kwargs)
    if err is not None:
        return err
    msg = str(exc).strip().splitlines()
    detail = f"{type(exc).__name__}: {msg[0] if msg else ''}"
    return MXNetError(f"Error in operator {opname}: {detail}; arguments: {_arguments(fn, args, kwargs)}")
