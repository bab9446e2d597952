"""Arithmetic and comparison operators: scalars, broadcasting, int dtype rules, errors, in-place and views."""
import numpy as np
import pytest

from tests.oracle import check_code

F = "mx.nd.array([[1.5, -2.0, 3.0], [4.0, 0.5, -6.0]])"
I = "mx.nd.array([[-7, 7, 5], [3, -4, 9]], dtype='int32')"

SCALAR_OPS = ["+", "-", "*", "/", "%", "**", ">", ">=", "<", "<=", "==", "!="]
SCALARS = ["2", "2.7", "-3", "np.float64(1.5)", "np.int32(2)"]


@pytest.mark.parametrize("op", SCALAR_OPS)
@pytest.mark.parametrize("arr", [F, I], ids=["f32", "i32"])
@pytest.mark.parametrize("s", SCALARS)
def test_array_op_scalar_both_orders(op, arr, s):
    check_code(f"x = {arr}; out = (x {op} {s}, {s} {op} x)" if op not in ("%", "/", "**") or arr == F
               else f"x = {arr}; out = x {op} {s}")


ARITH = [
    # int scalar truncation / wrap
    "mx.nd.array([1, 2, 3], dtype='int32') * 2.7", "mx.nd.array([1, 2, 3], dtype='int32') ** 2.9",
    "mx.nd.array([1, 2, 3], dtype='uint8') + 300", "mx.nd.array([250, 2], dtype='uint8') + 10",
    "mx.nd.array([100, 2], dtype='int8') + mx.nd.array([100, 2], dtype='int8')",
    "mx.nd.array([1, 2], dtype='uint8') - 2",
    "mx.nd.array([1.0, 2.0]) + np.float64(1.5)",
    # integer division truncates, mod floors
    "mx.nd.array([-7, 7], dtype='int32') / mx.nd.array([2, -2], dtype='int32')",
    "mx.nd.array([-7, 7, 9], dtype='int32') / 2", "1 / mx.nd.array([1, 2, 3], dtype='int32')",
    "7 / mx.nd.array([2, -3, 4], dtype='int32')",
    "mx.nd.array([-7, 7, -7], dtype='int32') % mx.nd.array([3, -3, -3], dtype='int32')",
    "mx.nd.array([-7.0, 7.0, 5.5]) % 3", "mx.nd.array([-7.0, 7.0]) % -3", "mx.nd.array([-7, 7], dtype='int32') % 3",
    "5 % mx.nd.array([3, -3, 4], dtype='int32')", "5.5 % mx.nd.array([3.0, -2.0])",
    "mx.nd.array([1.0, -1.0, 0.0]) / 0", "2 ** mx.nd.array([1.0, 3.0])", "2 ** mx.nd.array([1, 3], dtype='int32')",
    "mx.nd.array([2.0, 3.0]) ** mx.nd.array([2.0, 0.5])",
    "mx.nd.array([2, -1, 1, 0, 3], dtype='int32') ** -1", "(-2) ** mx.nd.array([2, -1, 1, 0, 3], dtype='int32')",
    "mx.nd.array([-1, 2], dtype='int32') ** mx.nd.array([-1, -3], dtype='int32')",
    "-mx.nd.array([1, -2], dtype='int32')", "abs(mx.nd.array([-1.5, 2.0]))", "+mx.nd.array([1.0])",
    # comparisons keep the input dtype
    "mx.nd.array([1, 5], dtype='int32') > 2", "mx.nd.array([1.0, 5.0]) == mx.nd.array([1.0, 4.0])",
    "mx.nd.array([1, 5], dtype='uint8') <= mx.nd.array([2, 2], dtype='uint8')",
    "mx.nd.array([1.0, 2.0]) == None", "mx.nd.array([1.0, 2.0]) != None",
    # broadcasting
    "mx.nd.ones((3, 4)) + mx.nd.arange(4)", "mx.nd.ones((2, 3, 4)) * mx.nd.ones((3, 4))",
    "mx.nd.ones((3, 1)) - mx.nd.arange(4)", "mx.nd.ones((3, 4)) + mx.nd.ones(3)",
    "mx.nd.ones((2, 1, 4)) > mx.nd.ones((3, 1))",
    "mx.nd.broadcast_add(mx.nd.ones((3, 1)), mx.nd.ones((1, 2)))",
    "mx.nd.elemwise_add(mx.nd.ones((3, 1)), mx.nd.ones((1, 2)))", "mx.nd.elemwise_mul(mx.nd.ones(3), mx.nd.ones(3))",
    "mx.nd.broadcast_to(mx.nd.ones((1, 4)), shape=(3, 4))", "mx.nd.broadcast_to(mx.nd.ones((1, 4)), shape=(3, 0))",
    "mx.nd.maximum(mx.nd.array([1.0, 5.0]), 3)", "mx.nd.minimum(mx.nd.array([1.0, 5.0]), mx.nd.array([2.0, 2.0]))",
    "mx.nd.add(mx.nd.ones(2), 3)", "mx.nd.subtract(3, mx.nd.ones(2))", "mx.nd.divide(mx.nd.ones(2), 4)",
    # errors
    "mx.nd.ones(2) + mx.nd.ones(2, dtype='int32')", "mx.nd.ones(2) * mx.nd.ones(2, dtype='float16')",
    "mx.nd.ones(2, dtype='int32') - mx.nd.ones(2, dtype='int64')", "mx.nd.ones(2) + np.ones(2)",
    "np.ones(2) + mx.nd.ones(2)", "mx.nd.ones(2) * np.ones(2)", "mx.nd.ones(2) // 2",
    "mx.nd.ones((2, 2)) @ mx.nd.ones((2, 2))", "mx.nd.ones(2) + 'a'", "mx.nd.ones(2) + [1, 2]",
]


@pytest.mark.parametrize("code", ARITH)
def test_arithmetic(code):
    check_code(code)


INPLACE = [
    "x = mx.nd.arange(6).reshape((3, 2)); v = x[1:3]; v += 100; out = x",
    "x = mx.nd.arange(6).reshape((3, 2)); v = x[1]; v *= 0; out = x",
    "x = mx.nd.arange(6).reshape((3, 2)); v = x.reshape((6,)); v[2] = -1; out = x",
    "x = mx.nd.arange(6).reshape((3, 2)); v = x[:, 1]; v += 100; out = (x, v)",
    "x = mx.nd.arange(6).reshape((3, 2)); v = x[::2]; v += 100; out = (x, v)",
    "x = mx.nd.arange(6).reshape((3, 2)); v = x[[0, 1]]; v += 100; out = (x, v)",
    "x = mx.nd.arange(6).reshape((3, 2)); v = x.T; v += 100; out = x",
    "x = mx.nd.arange(6).reshape((3, 2)); v = x.flatten(); v += 100; out = x",
    "x = mx.nd.arange(6).reshape((3, 2)); v = x.expand_dims(0); v += 100; out = x",
    "x = mx.nd.arange(6).reshape((2, 3)); v = x[1, 2]; v += 100; out = (x, v)",
    "x = mx.nd.ones(3); y = x; y += 1; out = (y is x, x)",
    "x = mx.nd.ones((3, 4)); x += mx.nd.arange(4); out = x",
    "x = mx.nd.ones((3, 1)); x += mx.nd.ones((3, 4)); out = x",
    "x = mx.nd.ones(3); x += mx.nd.ones(3, dtype='int32'); out = x",
    "x = mx.nd.ones(3, dtype='int32'); x *= 2.7; out = x",
    "x = mx.nd.array([7, -7], dtype='int32'); x /= 2; out = x",
    "x = mx.nd.array([7.0, -7.0]); x %= 3; out = x",
    "x = mx.nd.array([7.0, -7.0]); x -= 1; x /= 2; out = x",
]


@pytest.mark.parametrize("code", INPLACE)
def test_inplace_and_views(code):
    check_code(code)


@pytest.mark.parametrize("fn", ["log", "exp", "sqrt", "sin", "log1p", "sigmoid", "tanh", "reciprocal", "cbrt",
                                "log2", "expm1", "erf", "gammaln", "rsqrt", "arctan", "degrees"])
@pytest.mark.parametrize("dtype", ["int32", "int64", "uint8"])
def test_float_math_on_integers_keeps_dtype(fn, dtype):
    # MXNet computes and truncates back to the integer dtype (log of int32 [1, 2, 3] is [0, 0, 1])
    check_code(f"out = mx.nd.{fn}(mx.nd.array([1, 2, 3, 7, 50], dtype='{dtype}'))")
