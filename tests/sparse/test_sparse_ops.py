"""Operators on sparse arrays: values and MXNet 1.9.1's output storage types (and stored rows / entries)."""
import numpy as np
import pytest

from tests.oracle import check
from tests.sparse.test_sparse_ndarray import sp

DN = np.array([[1., 0, 2], [0, 0, 0], [0, -3, 0.5], [4, 0, 0]], dtype=np.float32)
ENV = "r = mx.nd.sparse.row_sparse_array(([[1., 2, 0], [0, 0, 0], [3, 0, -1]], [0, 2, 3]), shape=(4, 3)); " \
      "b = mx.nd.sparse.row_sparse_array(([[1., 1, 1], [-3, 0, 2]], [1, 3]), shape=(4, 3)); " \
      "c = mx.nd.sparse.csr_matrix(DN); d = mx.nd.array(np.arange(12).reshape(4, 3)); " \
      "c2 = mx.nd.sparse.csr_matrix(([5., -1], [1, 2], [0, 0, 1, 1, 2]), shape=(4, 3))"

UNARY = ["abs", "sign", "round", "rint", "ceil", "floor", "trunc", "fix", "square", "sqrt", "cbrt", "expm1",
         "log1p", "sin", "tan", "arcsin", "arctan", "sinh", "tanh", "arcsinh", "degrees", "radians", "relu",
         "negative", "zeros_like", "exp", "cos", "sigmoid", "log", "rsqrt", "arccos"]


def _run(mx, code):
    g = {"mx": mx, "np": np, "DN": DN}
    exec(ENV, g)
    out = eval(code, g)
    if isinstance(out, tuple):
        return tuple(sp(o) for o in out)
    return sp(out)


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("x", ["r", "c"])
def test_unary(name, x):
    check(lambda mx: _run(mx, f"(mx.nd.{name}({x}), mx.nd.sparse.{name}({x}))"), atol=1e-4)


@pytest.mark.parametrize("name", ["abs", "square", "sqrt", "sign", "relu", "zeros_like", "clip(-1, 1)"])
def test_unary_methods(name):
    call = name if "(" in name else name + "()"
    check(lambda mx: _run(mx, f"(r.{call}, c.{call})"))


BINARY = [
    "r + b", "r - b", "r * b", "r / b", "r * d", "r + d", "c + c2", "c - c2", "c * 2", "2 * c", "c / 2",
    "r * 2", "r / 4", "r + 0", "r - 0", "r + 1", "c - 1", "1 + r", "-r", "-c", "r * 0",
    "mx.nd.elemwise_add(r, b)", "mx.nd.elemwise_sub(r, b)", "mx.nd.elemwise_mul(r, b)", "mx.nd.elemwise_mul(r, d)",
    "mx.nd.elemwise_mul(d, r)", "mx.nd.elemwise_mul(c, d)", "mx.nd.elemwise_mul(d, c)",
    "mx.nd.elemwise_div(r, d + 1)", "mx.nd.elemwise_add(r, d)", "mx.nd.elemwise_add(c, d)",
    "mx.nd.broadcast_mul(c, mx.nd.array([[1.], [2], [3], [4]]))", "mx.nd.broadcast_div(c, mx.nd.array([[1., 2, 4]]))",
    "mx.nd.broadcast_add(c, mx.nd.array([[1., 2, 4]]))",
    "mx.nd.sparse.add(r, b)", "mx.nd.sparse.subtract(r, 3)", "mx.nd.sparse.multiply(d, r)",
    "mx.nd.sparse.multiply(c, mx.nd.array([[1.], [2], [3], [4]]))", "mx.nd.sparse.divide(r, 2)",
    "mx.nd.sparse.multiply(3, r)", "mx.nd.sparse.add(0, r)", "mx.nd.sparse.divide(4, r + 1)",
    "mx.nd.add_n(r, b, r)", "mx.nd.add_n(r, d)", "mx.nd.ElementWiseSum(r, b)", "mx.nd.sparse.add_n(c, c2)",
    "mx.nd.clip(r, -1, 1)", "d * r", "d + c",
]


@pytest.mark.parametrize("code", BINARY)
def test_binary(code):
    def f(mx):
        out = _run(mx, code)
        if out[0] == "csr":   # MXNet 1.9.1's csr (+,-,*) csr kernels store entries in an unspecified order
            return out[0], out[1], out[2], out[-1]
        return out
    check(f)


REDUCE = ["mx.nd.sparse.sum(r)", "mx.nd.sparse.sum(r, axis=0)", "mx.nd.sparse.sum(c, axis=1)",
          "mx.nd.sparse.mean(c, axis=0, keepdims=True)", "mx.nd.sum(c)", "mx.nd.norm(r)", "mx.nd.norm(c)",
          "r.sum(axis=1)", "c.mean()"]


@pytest.mark.parametrize("code", REDUCE)
def test_reduce(code):
    check(lambda mx: _run(mx, code))


DOT = ["mx.nd.sparse.dot(c, d.T)", "mx.nd.sparse.dot(c, d.T[:, :2])", "mx.nd.dot(c, mx.nd.ones((3, 5)))",
       "mx.nd.sparse.dot(c, d, transpose_a=True)", "mx.nd.sparse.dot(c2, d, transpose_a=True)",
       "mx.nd.sparse.dot(c, mx.nd.sparse.row_sparse_array(d.T.asnumpy()))",
       "mx.nd.sparse.dot(c2, r, transpose_a=True)", "mx.nd.sparse.dot(d.T, c)",
       "mx.nd.sparse.dot(d, r, transpose_b=True)", "mx.nd.sparse.dot(r, d.T)",
       "mx.nd.sparse.dot(c, d, transpose_a='True')"]


@pytest.mark.parametrize("code", DOT)
def test_dot(code):
    check(lambda mx: _run(mx, code), atol=1e-4)


@pytest.mark.parametrize("code", ["mx.nd.sparse.dot(c, d)", "mx.nd.sparse.dot(c, mx.nd.ones((3,)))",
                                  "mx.nd.clip(r, 0.5, 1)", "mx.nd.elemwise_add(r, mx.nd.sparse.zeros('row_sparse', (5, 3)))"])
def test_op_errors(code):
    check(lambda mx: _run(mx, code).__repr__() and mx.nd.waitall())


def test_out_argument():
    def f(mx):
        g = {"mx": mx, "np": np, "DN": DN}
        exec(ENV, g)
        out = mx.nd.sparse.zeros('row_sparse', (4, 3))
        mx.nd.square(g["r"], out=out)
        out2 = mx.nd.zeros((4, 3))
        mx.nd.elemwise_add(g["r"], g["b"], out=out2)
        return sp(out), out2
    check(f)
