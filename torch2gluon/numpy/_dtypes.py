"""`mx.np` dtypes: MXNet 1.9.1's numpy-mode type promotion and `dtype=` arguments, as torch dtypes.

MXNet's promotion is not numpy's (checked against real MXNet 1.9.1):
- array with array (`np.add`, `np.multiply`, `np.power`): equal dtypes stay; bool < int8, uint8 < int32 < int64
  < float16 < float32 < float64, the higher one wins, so int32 + float16 is float16 (numpy: float64) and
  int64 + float32 is float32; int8 with uint8 is refused (numpy: int16, a dtype MXNet lacks).
- array with a python/numpy scalar: the array's dtype (int32 + 1.5 is int32, the scalar cast to int first),
  except a bool array, which gives int64; `true_divide` of an integer or bool array gives float32.
- scalars only: numpy's own result (`np.add(1, 2)` is numpy's int64 3).
Other operators restrict this (`subtract`/`mod` refuse mixed integer types, `maximum`/comparisons/`arctan2`
need equal dtypes); `_op_math` holds those rules.
"""
import numbers

import numpy as onp
import torch

from ..base import MXNetError, torch_dtype as _torch_dtype

__all__ = ["BOOL", "INTS", "FLOATS", "promote", "result_type", "to_torch", "to_numpy", "dtype_arg",
           "is_scalar"]

BOOL = torch.bool
INTS = frozenset({torch.int8, torch.uint8, torch.int32, torch.int64})
FLOATS = frozenset({torch.float16, torch.float32, torch.float64})

# The order MXNet promotes along; int8 and uint8 share a rank (mixing them is refused).
_RANK = {torch.bool: 0, torch.int8: 1, torch.uint8: 1, torch.int32: 2, torch.int64: 3,
         torch.float16: 4, torch.float32: 5, torch.float64: 6}
_NAME = {torch.bool: "bool", torch.int8: "int8", torch.uint8: "uint8", torch.int32: "int32",
         torch.int64: "int64", torch.float16: "float16", torch.float32: "float32", torch.float64: "float64"}
_TO_NUMPY = {t: onp.dtype(n) for t, n in _NAME.items()}


def name(tdtype):
    """MXNet's name of torch dtype `tdtype` ('float32', ...)."""
    return _NAME[tdtype]


def to_numpy(tdtype):
    """The `numpy.dtype` an `mx.np.ndarray` of torch dtype `tdtype` reports (`dtype('float32')`)."""
    return _TO_NUMPY[tdtype]


def promote(a, b):
    """MXNet's result dtype of `np.add` on two arrays of torch dtypes `a` and `b`; MXNetError for int8/uint8."""
    if a is b:
        return a
    ra, rb = _RANK[a], _RANK[b]
    if ra > rb:
        return a
    if rb > ra:
        return b
    raise MXNetError(f"Operator does not support combination of {_NAME[a]} with {_NAME[b]} yet...")


def is_scalar(x):
    """Whether `x` is a python or numpy scalar (a number MXNet passes to a scalar operator)."""
    return isinstance(x, (numbers.Number, onp.generic)) and not isinstance(x, onp.ndarray)


def _array_dtype(x):
    t = getattr(x, "_t", None)
    if t is not None:
        return t.dtype
    if isinstance(x, torch.Tensor):
        return x.dtype
    if isinstance(x, torch.dtype):
        return to_torch(x)
    return None


def result_type(*operands):
    """The dtype (a `numpy.dtype`) MXNet's `np.add` gives for `operands`: ndarrays, dtypes, scalars.

    Arrays and dtypes promote with `promote`; scalars take the arrays' dtype (a bool array with a scalar gives
    int64); with no array at all, numpy's own rule on the scalar values applies.
    """
    arr, has_scalar = None, False
    for x in operands:
        d = _array_dtype(x)
        if d is None:
            if is_scalar(x):
                has_scalar = True
                continue
            try:
                d = dtype_arg(x)
            except TypeError:
                raise TypeError(f"type {type(x)} not supported") from None
        arr = d if arr is None else promote(arr, d)
    if arr is None:
        if not operands:
            raise ValueError("at least one array or dtype is required")
        return onp.result_type(*operands)
    if has_scalar and arr is torch.bool:
        arr = torch.int64
    return _TO_NUMPY[arr]


def to_torch(dtype):
    """torch dtype of a dtype spec ('float32', numpy type, `numpy.dtype`, torch dtype); TypeError if MXNet lacks it."""
    return _torch_dtype(dtype, "mxnet.numpy")


def dtype_arg(dtype, default=None):
    """A function's `dtype=` argument as a torch dtype: None gives `default` (itself a spec or None)."""
    if dtype is None:
        return None if default is None else to_torch(default)
    return to_torch(dtype)
