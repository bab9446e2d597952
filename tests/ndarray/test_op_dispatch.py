"""Operator dispatch (`mxop`'s generated wrappers) and the hot-path fast paths (`x + 1`, `nd.relu`, `x.sum(axis=k)`,
`nd.dot` 2-D, basic slices) behave exactly as the general paths: oracle checks and hand checks."""
import numpy as np
import pytest

import torch2gluon
from tests.oracle import check, check_code, check_grad

A = np.arange(-6, 9, dtype=np.float64).reshape(5, 3) / 4

# ------------------------------------------------------------------ argument binding and errors


@pytest.mark.parametrize("code", [
    "mx.nd.relu(mx.nd.array(a), data=mx.nd.array(a))",           # TypeError: multiple values (MXNet's too)
    "mx.nd.sum(mx.nd.array(a), 0, axis=0)",
    "mx.nd.sum(mx.nd.array(a), axis=1, bogus=True)",
    "mx.nd.relu(data=mx.nd.array(a))",
    "mx.nd.relu(mx.nd.array(a), name='r')",
    "mx.nd.sum(mx.nd.array(a), axis=1, name='s')",
    "mx.nd.dot(lhs=mx.nd.array(a), rhs=mx.nd.array(a).T)",
    "mx.nd.dot(mx.nd.array(a), rhs=mx.nd.array(a), transpose_a=True)",
    "x = mx.nd.zeros((5,)); r = mx.nd.sum(mx.nd.array(a), axis=1, out=x); out = (r is x, x)",
    "x = mx.nd.zeros((5, 3)); r = mx.nd.relu(mx.nd.array(a), out=x); out = (r is x, x)",
    "mx.nd.relu(mx.nd.array(a), out=mx.nd.zeros((3,)))",
    "mx.nd.FullyConnected(mx.nd.array(a), mx.nd.ones((4, 3)), mx.nd.ones(4), num_hidden=4, name='fwd')",
    "mx.nd.Activation(data=mx.nd.array(a), act_type='relu', name='act')",
])
def test_binding(code):
    check_code(code, a=A)


def test_missing_input_is_mxnet_error():
    check(lambda mx: mx.nd.dot(mx.nd.ones((2, 2))))
    check(lambda mx: mx.nd.sum(axis=1))


@pytest.mark.parametrize("code", [
    "mx.nd.relu(data=mx.nd.array(a, ctx=mx.cpu(1)))",              # data given by keyword keeps its context
    "mx.nd.relu(mx.nd.array(a, ctx=mx.cpu(1)))",
    "mx.nd.array(a, ctx=mx.cpu(1)).sum(axis=1)",
    "mx.nd.dot(mx.nd.array(a, ctx=mx.cpu(1)), mx.nd.ones((3, 2), ctx=mx.cpu(1)))",
    "mx.nd.array(a, ctx=mx.cpu(1)) + 1",
    "mx.nd.array(a, ctx=mx.cpu(1))[1:3]",
])
def test_context_carried(code):
    check_code(code, a=A)


def test_wrapper_keeps_metadata():
    nd = torch2gluon.nd
    assert nd.relu.__name__ == "relu" and nd.relu.__qualname__ == "relu"
    assert "data" in __import__("inspect").signature(nd.sum).parameters
    assert nd.sum.__mxop__ == "sum" and nd.sum_axis is nd.sum

# ------------------------------------------------------------------ fast paths == general paths


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32", "int64", "int8", "uint8"])
@pytest.mark.parametrize("op", ["relu", "abs", "negative", "sign", "square", "ceil", "floor", "trunc"])
def test_dtype_keeping_unary(op, dtype):
    check(lambda mx: getattr(mx.nd, op)(mx.nd.array(A * 3, dtype=dtype)), atol=1e-2)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32", "uint8"])
@pytest.mark.parametrize("axis,keepdims", [(0, False), (1, False), (-1, False), (1, True), (-2, True)])
@pytest.mark.parametrize("op", ["sum", "mean"])
def test_one_axis_reduction(op, dtype, axis, keepdims):
    check(lambda mx: getattr(mx.nd.array(A * 4, dtype=dtype), op)(axis=axis, keepdims=keepdims), atol=1e-2)


@pytest.mark.parametrize("code", [
    "mx.nd.array([1.5, 2, -3]).sum(axis=0)",                       # 1-D: shape (1,)
    "mx.nd.array([1.5, 2, -3]).sum(axis=0, keepdims=True)",
    "mx.nd.array([1.5, 2, -3]).mean(axis=-1)",
    "mx.nd.array(a).sum(axis=2)",                                   # out of range: MXNetError
    "mx.nd.array(a).sum(axis=-3)",
    "mx.nd.array(a).sum(axis=1, keepdims=1)",
    "mx.nd.array(a).sum(axis=1, exclude=True)",
])
def test_reduction_edges(code):
    check_code(code, a=A)


@pytest.mark.parametrize("code", [
    "mx.nd.dot(mx.nd.array(a), mx.nd.array(a).T)",
    "mx.nd.dot(mx.nd.array(a), mx.nd.array(a))",                    # shape mismatch: MXNetError
    "mx.nd.dot(mx.nd.array(a, dtype='float64'), mx.nd.array(a.T, dtype='float64'))",
    "mx.nd.dot(mx.nd.array(a), mx.nd.array(a), transpose_b=True)",
    "mx.nd.dot(mx.nd.array(a[0]), mx.nd.array(a[1]))",
    "mx.nd.dot(mx.nd.array(a).reshape((5, 3, 1)), mx.nd.ones((1, 2)))",
])
def test_dot(code):
    check_code(code, a=A)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32", "uint8"])
@pytest.mark.parametrize("expr", ["x + 1", "x - 2.5", "x * 3", "x / 2", "x % 2", "x ** 2", "x == 1", "x != 1",
                                  "x > 0.5", "x >= 1", "x < 1", "x <= 0", "x + True", "x * np.float32(2.5)"])
def test_scalar_arithmetic(expr, dtype):
    check_code(f"x = mx.nd.array(a * 4, dtype='{dtype}'); out = {expr}", a=np.abs(A), atol=1e-2)


@pytest.mark.parametrize("key", ["1:3", ":2", "3:", "-2:", "1:1", "0:5:2"])
def test_basic_slice(key):
    check_code(f"mx.nd.array(a)[{key}]", a=A)


def test_grads_through_fast_paths():
    check_grad(lambda mx, x: (x + 1) * 2, A)
    check_grad(lambda mx, x: mx.nd.relu(x) * x, A)
    check_grad(lambda mx, x: x.sum(axis=1) * 3, A)
    check_grad(lambda mx, x: mx.nd.dot(x, x.T), A)
    check_grad(lambda mx, x: x[1:3] * 2, A)


def test_no_graph_outside_record():
    nd = torch2gluon.nd
    x = nd.array(A)
    x.attach_grad()
    for y in (x + 1, nd.relu(x), x.sum(axis=1), nd.dot(x, x.T), x[1:3], x.relu(), x * 2.0):
        assert not y.to_torch().requires_grad
    with torch2gluon.autograd.record():
        for y in (x + 1, nd.relu(x), x.sum(axis=1), nd.dot(x, x.T), x[1:3]):
            assert y.to_torch().requires_grad


def test_fast_paths_set_every_slot():
    """Hot paths build NDArrays inline (not through `wrap`): every slot must be set, as `wrap` sets it."""
    nd = torch2gluon.nd
    ref = torch2gluon.ndarray.ndarray.wrap(nd.ones((2,)).to_torch())
    slots = [s for s in torch2gluon.nd.NDArray.__slots__ if s != "__weakref__"]
    x = nd.array(A)
    for y in (x + 1, x * 2.0, x == 1, x[1:3], nd.relu(x), x.abs(), x.sum(axis=1), x.mean(axis=0), nd.dot(x, x.T),
              nd.Activation(x, act_type="relu")):
        got = {s: getattr(y, s) for s in slots}  # AttributeError if a slot was left unset
        assert {s: v for s, v in got.items() if s != "_t"} == {s: getattr(ref, s) for s in slots if s != "_t"}
