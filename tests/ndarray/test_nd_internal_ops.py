"""`mx.nd._internal` operators, moveaxis with axis lists, and the `inplace` flag of flatten/squeeze/expand_dims
(behaviours MXNet 1.x's test_ndarray.py relies on), against the oracle."""
import numpy as np
import pytest

from tests.oracle import check, check_code

X = np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 7.5

INTERNAL = [
    "mx.nd._internal._plus_scalar(mx.nd.array([1, 2, 3], dtype='int32'), scalar=2.7)",
    "mx.nd._internal._minus_scalar(mx.nd.array(x), scalar=1.5)",
    "mx.nd._internal._rminus_scalar(mx.nd.array(x), scalar=1)",
    "mx.nd._internal._mul_scalar(mx.nd.array(x), scalar=-2)",
    "mx.nd._internal._div_scalar(mx.nd.array(x), scalar=4)",
    "mx.nd._internal._rdiv_scalar(mx.nd.array(x), scalar=4)",
    "mx.nd._internal._power_scalar(mx.nd.array(x), scalar=2)",
    "mx.nd._internal._rpower_scalar(mx.nd.array(x) / 10, scalar=2)",
    "mx.nd._internal._mod_scalar(mx.nd.array(x), scalar=3)",
    "mx.nd._internal._rmod_scalar(mx.nd.array(x) + 8, scalar=3)",
    "mx.nd._internal._maximum_scalar(mx.nd.array(x), scalar=0)",
    "mx.nd._internal._minimum_scalar(mx.nd.array(x), scalar=0)",
    "mx.nd._internal._greater_scalar(mx.nd.array(x), scalar=1)",
    "mx.nd._internal._lesser_equal_scalar(mx.nd.array(x), scalar=1)",
    "mx.nd._internal._equal_scalar(mx.nd.array([1, 2, 1], dtype='int32'), scalar=1)",
    "mx.nd._internal._plus(mx.nd.array(x), mx.nd.array(x))",
    "mx.nd._internal._minus(mx.nd.array(x), mx.nd.ones((2, 3, 4)))",
    "mx.nd._internal._mul(mx.nd.array(x), mx.nd.array(x))",
    "mx.nd._internal._div(mx.nd.array(x), mx.nd.ones((2, 3, 4)) * 2)",
    "mx.nd._internal._maximum(mx.nd.array(x), mx.nd.zeros((2, 3, 4)))",
    "mx.nd._internal._greater(mx.nd.array(x), mx.nd.zeros((2, 3, 4)))",
    "mx.nd._internal._plus(mx.nd.ones((2, 3)), mx.nd.ones((3,)))",
    "mx.nd._internal._mul(mx.nd.ones((2, 3)), mx.nd.ones((2, 3), dtype='int32'))",
    "[hasattr(mx.nd._internal, n) for n in ('_Plus', '_add', '_sub', '_Mul', '_zeros', '_ones', '_arange')]",
    "mx.nd._internal._zeros(shape=(2, 3))",
    "mx.nd._internal._slice_assign(mx.nd.array(x), mx.nd.zeros((2, 1, 3)), begin=(0, 0, 0), end=(2, 1, 3))",
    "mx.nd._internal._crop_assign(mx.nd.array(x), mx.nd.zeros((1, 3, 2)), begin=(1, None, 0), end=(2, None, 4), step=(1, 1, 2))",
    "mx.nd._internal._crop_assign_scalar(mx.nd.array(x), scalar=5, begin=(0, 0, 0), end=(2, 1, 3))",
    "mx.nd._internal._slice_assign_scalar(mx.nd.array(x, dtype='int32'), scalar=2.9, begin=(1,), end=(2,))",
    "x_ = mx.nd.array(x); mx.nd._internal._crop_assign_scalar(x_, scalar=5, begin=(0, 0, 0), end=(2, 1, 3), out=x_); out = x_",
    "mx.nd._internal._slice_assign(mx.nd.array(x), mx.nd.zeros((2, 2, 3)), begin=(0, 0, 0), end=(2, 1, 3))",
]


@pytest.mark.parametrize("code", INTERNAL)
def test_internal_ops(code):
    check_code(code, x=X)


MOVEAXIS = [
    "mx.nd.moveaxis(mx.nd.array(x), 0, 2)", "mx.nd.moveaxis(mx.nd.array(x), -1, 0)",
    "mx.nd.moveaxis(mx.nd.zeros((4, 1, 2, 3)), [0, 1], [2, 3]).shape",
    "mx.nd.moveaxis(mx.nd.zeros((4, 1, 2, 3)), [3, 0], [1, 0]).shape",
    "mx.nd.moveaxis(mx.nd.zeros((4, 1, 2, 3)), [0, 1, 2], [2, 3, 0]).shape",
    "mx.nd.moveaxis(mx.nd.zeros((4, 1, 2, 3)), range(4), range(4)).shape",
    "mx.nd.moveaxis(mx.nd.array(x), [0, 2], [2, 0])",
    "mx.nd.moveaxis(mx.nd.array(x), 3, 0)", "mx.nd.moveaxis(mx.nd.array(x), -4, 0)",
    "mx.nd.moveaxis(mx.nd.array(x), 0, 5)", "mx.nd.moveaxis(mx.nd.array(x), [0, 0], [0, 1])",
    "mx.nd.moveaxis(mx.nd.array(x), [0, 1], [1, 1])", "mx.nd.moveaxis(mx.nd.array(x), 0, [0, 1])",
    "mx.nd.moveaxis(mx.nd.array(x), [0, 1], [0])",
]


@pytest.mark.parametrize("code", MOVEAXIS)
def test_moveaxis(code):
    check_code(code, x=X)


INPLACE = [
    "d = mx.nd.array(x); c = d.flatten(); r = d.flatten(inplace=True); d[0] = -1; out = (c, r)",
    "d = mx.nd.array(x); c = d.expand_dims(axis=1); r = d.expand_dims(axis=-1, inplace=True); d[0] = -1; out = (c, r)",
    "d = mx.nd.ones((1, 5, 1, 3, 1)); c = d.squeeze(axis=(0, 4)); r = d.squeeze(axis=(0, 4), inplace=True); d[0] = -1; out = (c, r)",
    "d = mx.nd.ones((1, 1, 1)); c = d.squeeze(); r = d.squeeze(inplace=True); d[0] = 5; out = (c, r)",
    "d = mx.nd.ones((1, 5, 1)); c = mx.nd.squeeze(d); d[0] = 3; out = c",
]


@pytest.mark.parametrize("code", INPLACE)
def test_inplace_method_flag(code):
    check_code(code, x=X)
