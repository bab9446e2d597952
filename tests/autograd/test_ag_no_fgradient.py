"""Operators without a gradient in MXNet 1.9.1 (no FGradient: batch_take, fill_element_0index, khatri_rao)
refuse a backward pass with MXNet's error; zero-gradient operators (shape_array, size_array, *_like samplers,
arange_like, ravel_multi_index) give zeros, also through a cast back to float. Against the oracle."""
import numpy as np
import pytest

from tests.oracle import check

X = np.random.RandomState(0).rand(4, 3).astype(np.float32)

OPS = {
    "batch_take": lambda mx, x: mx.nd.batch_take(x, mx.nd.array([0, 1, 2, 1], dtype="int32")),
    "fill_element_0index": lambda mx, x: mx.nd.fill_element_0index(x, mx.nd.ones(4), mx.nd.array([0, 1, 2, 0])),
    "khatri_rao": lambda mx, x: mx.nd.khatri_rao(x, x),
    "stopped_batch_take": lambda mx, x: mx.nd.stop_gradient(mx.nd.batch_take(
        x, mx.nd.array([0, 1, 2, 1], dtype="int32"))) + x[:, 0],
    "shape_array": lambda mx, x: mx.nd.shape_array(x),
    "size_array": lambda mx, x: mx.nd.size_array(x),
    "shape_array_float": lambda mx, x: mx.nd.shape_array(x).astype("float32") * 2,
    "size_plus_sum": lambda mx, x: mx.nd.sum(x) + mx.nd.size_array(x).astype("float32"),
    "cast_round_trip": lambda mx, x: (x * 3).astype("int32").astype("float32") * 2,
    "normal_like": lambda mx, x: mx.nd.random.normal_like(x),
    "uniform_like": lambda mx, x: mx.nd.random.uniform_like(x) + x,
    "arange_like": lambda mx, x: mx.nd.contrib.arange_like(x),
    "ravel_multi_index": lambda mx, x: mx.nd.ravel_multi_index(x.T[:2] * 2, shape=(5, 5)),
}


@pytest.mark.parametrize("key", sorted(OPS))
def test_backward(key):
    def run(mx):
        x = mx.nd.array(X)
        x.attach_grad()
        with mx.autograd.record():
            y = OPS[key](mx, x)
        y.backward()
        return x.grad
    check(run)


@pytest.mark.parametrize("key", ["batch_take", "khatri_rao"])
def test_forward_unaffected(key):
    check(lambda mx: OPS[key](mx, mx.nd.array(X)))
