"""MXNet's python binary functions (nd.add, nd.equal, nd.logical_and, ...): which call a pair of operands
takes (array-array, array-scalar, scalar-array, scalar-scalar), and the error a non-NDArray operand gets."""
import operator

import numpy as np

from ..base import MXNetError
from .ndarray import NDArray

NUMERIC = (float, int, np.generic)  # MXNet's numeric_types: a python bool is one, a numpy array is not

# scalar op scalar: python's own result (MXNet's comparisons and logical functions give int 1 / 0)
SCALAR = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
    "mod": operator.mod, "power": operator.pow,
    "maximum": lambda x, y: x if x > y else y, "minimum": lambda x, y: x if x < y else y,
    "equal": lambda x, y: 1 if x == y else 0, "not_equal": lambda x, y: 1 if x != y else 0,
    "greater": lambda x, y: 1 if x > y else 0, "greater_equal": lambda x, y: 1 if x >= y else 0,
    "lesser": lambda x, y: 1 if x < y else 0, "lesser_equal": lambda x, y: 1 if x <= y else 0,
    "logical_and": lambda x, y: 1 if x and y else 0, "logical_or": lambda x, y: 1 if x or y else 0,
    "logical_xor": lambda x, y: 1 if bool(x) ^ bool(y) else 0,
}


def _not_an_array(x, argname, opname, n_inputs):
    """The error MXNet's generated operator front-end gives a non-NDArray input."""
    if x is None:  # dropped from the inputs: the operator counts one input too few
        return MXNetError(f"Check failed: num_inputs == infered_num_inputs ({n_inputs - 1} vs. {n_inputs}) : "
                          f"Operator {opname} expects {n_inputs} inputs, but got {n_inputs - 1} instead.")
    return AssertionError(f"Argument {argname} must have NDArray type, but got {x}")


def dispatch(name, lhs, rhs, arrays, lscalar, rscalar):
    """MXNet's `_ufunc_helper`: `arrays(lhs, rhs)` for two NDArrays, `lscalar(array, scalar)` for an array and a
    right scalar, `rscalar(array, scalar)` for a left scalar, python's result for two scalars."""
    if isinstance(lhs, NUMERIC):
        if isinstance(rhs, NUMERIC):
            return SCALAR[name](lhs, rhs)
        if not isinstance(rhs, NDArray):
            raise _not_an_array(rhs, "data", f"_{name}_scalar", 1)
        return rscalar(rhs, lhs)
    if isinstance(rhs, NUMERIC):
        if not isinstance(lhs, NDArray):
            raise _not_an_array(lhs, "data", f"_{name}_scalar", 1)
        return lscalar(lhs, rhs)
    if isinstance(rhs, NDArray):
        if not isinstance(lhs, NDArray):
            raise _not_an_array(lhs, "lhs", f"broadcast_{name}", 2)
        return arrays(lhs, rhs)
    raise TypeError(f"type {type(rhs)} not supported")
