"""Dtype arguments with MXNet's error kinds: KeyError from python-level functions, MXNetError from operators.

MXNet's python functions (`nd.array`, `astype`, `nd.full`, `nd.empty`) look the numpy type up in a dict, so an
unsupported numpy dtype (int16, uint32, complex64, str...) raises `KeyError(<class 'numpy.int16'>)`.
Operators (`nd.zeros`, `nd.ones`, `nd.arange`, `nd.eye`, `nd.cast`, the samplers) validate their `dtype`
parameter against a per-operator list and raise MXNetError "Invalid Input: 'int16', valid values are: {...}".
"""
import numpy as np
import torch

from ..base import MXNetError, torch_dtype, np_dtype

ALL = ("bfloat16", "bool", "float16", "float32", "float64", "int32", "int64", "int8", "uint8")
NO_BOOL = tuple(n for n in ALL if n != "bool")
EYE = ("float16", "float32", "float64", "int32", "int64", "int8", "uint8")
FLOAT_SAMPLER = ("None", "float16", "float32", "float64")
INT_SAMPLER = ("None", "int32", "int64")
MULTINOMIAL = ("float16", "float32", "float64", "int32", "uint8")

_CACHE = {}


def py_dtype(dtype):
    """torch dtype for a python-level function's `dtype` (None means float32); KeyError if unsupported."""
    if dtype is None:
        return torch.float32
    try:
        return torch_dtype(dtype)
    except TypeError:
        if isinstance(dtype, torch.dtype):
            raise
        key = np.dtype(dtype).type  # not a dtype at all: numpy's own TypeError, as in MXNet
        raise KeyError(key) from None


def op_dtype(dtype, opname, valid=ALL):
    """torch dtype for an operator's `dtype` parameter; MXNetError 'Invalid Input' outside `valid`."""
    if torch.compiler.is_compiling():  # dynamo cannot hash these keys (hybridize); it folds the result anyway
        return _resolve(dtype, opname, valid)
    try:
        return _CACHE[(dtype, opname, valid)]
    except (KeyError, TypeError):
        pass
    out = _resolve(dtype, opname, valid)
    try:
        _CACHE[(dtype, opname, valid)] = out
    except TypeError:
        pass
    return out


def _resolve(dtype, opname, valid):
    if isinstance(dtype, torch.dtype):
        name = np.dtype(np_dtype(dtype)).name if dtype in (torch.float32, torch.float64, torch.float16,
                                                           torch.uint8, torch.int8, torch.int32,
                                                           torch.int64, torch.bool) else str(dtype)
    else:
        name = np.dtype(dtype).name  # np.dtype(None) is float64, as MXNet's operator wrappers compute it
    if name not in valid:
        names = ", ".join(repr(v) for v in valid)
        raise MXNetError(f"Invalid Input: '{name}', valid values are: {{{names}}}, in operator {opname}")
    return torch_dtype(name)
