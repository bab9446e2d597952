"""`mxnet.numpy.utils`: the dtype names and constants of `mx.np` (as MXNet's module of that name)."""
from ._consts import (float16, float32, float64, uint8, int32, int8, int64, bool, bool_, pi, inf, nan,  # noqa: F401,A004
                      PZERO, NZERO, newaxis, finfo, e, NINF, PINF, NAN, NaN, _STR_2_DTYPE_)

__all__ = ["float16", "float32", "float64", "uint8", "int32", "int8", "int64", "bool", "bool_", "pi", "inf", "nan",
           "PZERO", "NZERO", "newaxis", "finfo", "e", "NINF", "PINF", "NAN", "NaN", "_STR_2_DTYPE_"]
