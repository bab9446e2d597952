"""Activation(act_type='relu') on NaN as MXNet 1.9.1's CPU (oneDNN) build: float32 arrays of 1-5 dims
give 0 and gradient 0 at NaN; other dtypes/ranks keep NaN. Found by gluon-cv's SSD with exploding features."""
import numpy as np
import pytest

from tests.oracle import check

_VALS = np.array([np.nan, -1.0, 2.0, 0.0, np.inf, -np.inf])


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("ndim", [1, 2, 4, 5, 6])
def test_activation_relu_nan_forward(dtype, ndim):
    shape = (1,) * (ndim - 1) + (6,)

    def fn(mx):
        return mx.nd.Activation(mx.nd.array(_VALS.reshape(shape), dtype=dtype), act_type="relu")
    check(fn)


def test_activation_relu_nan_gradient_onednn():
    def fn(mx):
        a = mx.nd.array(_VALS.reshape(2, 3))
        a.attach_grad()
        with mx.autograd.record():
            y = mx.nd.Activation(a, act_type="relu")
        y.backward(mx.nd.ones_like(y) * 3)
        return y, a.grad
    check(fn)


@pytest.mark.parametrize("hybridize", [False, True])
def test_gluon_relu_layer_maps_nan_to_zero(hybridize):
    def fn(mx):
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Activation("relu"))
        if hybridize:
            net.hybridize()
        return net(mx.nd.array([[np.nan, -2.0, 1.5]]))
    check(fn)


def test_symbol_relu_maps_nan_to_zero():
    def fn(mx):
        s = mx.sym.Activation(mx.sym.var("x"), act_type="relu")
        return s.eval(x=mx.nd.array([np.nan, 1.0, -1.0]))[0]
    check(fn)
