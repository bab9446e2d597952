"""`mx.np` constants and dtype names (pi, e, inf, nan, newaxis, float32 ...) and `set_printoptions`."""
import builtins

import numpy as _onp

__all__ = ["float16", "float32", "float64", "uint8", "int32", "int8", "int64", "bool", "bool_", "pi", "inf",
           "nan", "PZERO", "NZERO", "newaxis", "finfo", "e", "NINF", "PINF", "NAN", "NaN", "_STR_2_DTYPE_",
           "set_printoptions"]

float16 = _onp.float16
float32 = _onp.float32
float64 = _onp.float64
uint8 = _onp.uint8
int32 = _onp.int32
int8 = _onp.int8
int64 = _onp.int64
bool_ = _onp.bool_
bool = builtins.bool  # noqa: A001 - MXNet's `np.bool` is python's bool (numpy's deprecated alias)

pi = _onp.pi
e = _onp.e
inf = float("inf")
nan = float("nan")
PINF = inf
NINF = -inf
PZERO = 0.0
NZERO = -0.0
NAN = nan
NaN = nan

newaxis = None
finfo = _onp.finfo

_STR_2_DTYPE_ = {"float16": float16, "float32": float32, "float64": float64, "float": float64,
                 "uint8": uint8, "int8": int8, "int32": int32, "int64": int64, "int": int64,
                 "bool": bool, "bool_": bool_, "None": None}


def set_printoptions(precision=None, threshold=None, **kwarg):
    """Set how arrays print (only `precision` and `threshold`, as MXNet; numpy's options underneath)."""
    if kwarg:
        raise NotImplementedError("mxnet.numpy.set_printoptions only supports parameters precision and "
                                  "threshold for now.")
    _onp.set_printoptions(precision=precision, threshold=threshold)
