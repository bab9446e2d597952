"""FullyConnected, Activation, softmax/log_softmax, pick, one_hot, dot/batch_dot, where against the oracle."""
import numpy as np
import pytest

from tests.oracle import check_code, check_grad

R = np.random.RandomState(0)
X4 = R.randn(2, 3, 2).astype(np.float32)
W6 = R.randn(4, 6).astype(np.float32)
W2 = R.randn(4, 2).astype(np.float32)
B4 = R.randn(4).astype(np.float32)
M = R.randn(3, 5).astype(np.float32)

FC = [
    "mx.nd.FullyConnected(mx.nd.array(X4), mx.nd.array(W6), mx.nd.array(B4), num_hidden=4)",
    "mx.nd.FullyConnected(mx.nd.array(X4), mx.nd.array(W6), num_hidden=4, no_bias=True)",
    "mx.nd.FullyConnected(mx.nd.array(X4), mx.nd.array(W2), mx.nd.array(B4), num_hidden=4, flatten=False)",
    "mx.nd.FullyConnected(mx.nd.array(X4), mx.nd.array(W2), mx.nd.array(B4), num_hidden=4)",
    "mx.nd.FullyConnected(mx.nd.array(X4), mx.nd.array(W6), mx.nd.array(B4), num_hidden=5)",
    "mx.nd.FullyConnected(mx.nd.array(X4), mx.nd.array(W6), num_hidden=4)",
    "mx.nd.FullyConnected(mx.nd.array(X4), mx.nd.array(W6), mx.nd.array(B4))",
    "mx.nd.FullyConnected(mx.nd.array(X4), mx.nd.array(W6), mx.nd.array(B4), num_hidden=4, foo=1)",
    "mx.nd.FullyConnected(data=mx.nd.array(X4), weight=mx.nd.array(W6), bias=mx.nd.array(B4), num_hidden=4)",
    "mx.nd.FullyConnected(mx.nd.array(X4[0]), mx.nd.array(W2), mx.nd.array(B4), num_hidden=4)",
]


@pytest.mark.parametrize("code", FC)
def test_fully_connected(code):
    check_code(code, X4=X4, W6=W6, W2=W2, B4=B4)


def test_fully_connected_grad():
    check_grad(lambda mx, x, w, b: mx.nd.FullyConnected(x, w, b, num_hidden=4), X4, W6, B4)
    check_grad(lambda mx, x, w, b: mx.nd.FullyConnected(x, w, b, num_hidden=4, flatten=False), X4, W2, B4)


NN = [
    "mx.nd.Activation(x, act_type='relu')", "mx.nd.Activation(x, act_type='sigmoid')",
    "mx.nd.Activation(x, act_type='tanh')", "mx.nd.Activation(x, act_type='softrelu')",
    "mx.nd.Activation(x, act_type='softsign')", "mx.nd.Activation(x, act_type='gelu')",
    "mx.nd.softmax(x)", "mx.nd.softmax(x, axis=0)", "mx.nd.softmax(x, temperature=2.0)", "x.softmax()",
    "mx.nd.log_softmax(x)", "mx.nd.log_softmax(x, axis=0)", "mx.nd.softmax(x, axis=2)",
    "mx.nd.log_softmax(x, 0)", "mx.nd.log_softmax(x, 0, 2.0)", "mx.nd.softmin(x)", "mx.nd.softmin(x, 0, 0.5)",
    "mx.nd.log_softmax(x, use_length=True)", "mx.nd.log_softmax(x, length=mx.nd.array([1, 2, 3]))",
    "mx.nd.softmax(x, length=mx.nd.array([2, 5, 1], dtype='int32'), use_length=True)",
    "mx.nd.pick(x, mx.nd.array([0, 4, 2]))", "mx.nd.pick(x, mx.nd.array([0, 4, 2]), keepdims=True)",
    "mx.nd.pick(x, mx.nd.array([-1, 9, 2]))", "mx.nd.pick(x, mx.nd.array([-1, 9, 2]), mode='wrap')",
    "mx.nd.pick(x, mx.nd.array([1, 0, 2, 1, 0]), axis=0)", "x.pick(mx.nd.array([1, 1, 1]), axis=1)",
    "mx.nd.one_hot(mx.nd.array([0, 2, 1]), 4)", "mx.nd.one_hot(mx.nd.array([0, 2, 7], dtype='int32'), 3)",
    "mx.nd.one_hot(mx.nd.array([[0, 2], [1, -1]]), 3, on_value=5, off_value=-1, dtype='int32')",
    "mx.nd.dot(x, x.T)", "mx.nd.dot(x, x, transpose_b=True)", "mx.nd.dot(x, x, transpose_a=True)",
    "mx.nd.dot(x, x)", "mx.nd.dot(mx.nd.arange(3), mx.nd.arange(3))",
    "mx.nd.dot(mx.nd.ones((2, 3, 4)), mx.nd.ones((4, 5, 6)))", "mx.nd.dot(mx.nd.ones(3), mx.nd.ones((3, 2)))",
    "mx.nd.batch_dot(mx.nd.ones((2, 3, 4)), mx.nd.arange(40).reshape((2, 4, 5)))",
    "mx.nd.batch_dot(mx.nd.ones((2, 3, 4)), mx.nd.ones((2, 5, 4)), transpose_b=True)",
    "mx.nd.batch_dot(mx.nd.ones((2, 4, 3)), mx.nd.ones((2, 4, 5)), transpose_a=True)",
    "mx.nd.batch_dot(mx.nd.ones((2, 3, 4)), mx.nd.ones((2, 3, 4)))",
    "mx.nd.where(x > 0, x, -x)", "mx.nd.where(mx.nd.array([1, 0, 1]), x, x * 0)",
    "mx.nd.relu(x)", "mx.nd.sigmoid(x)", "mx.nd.round(mx.nd.array([0.5, 1.5, 2.5, -0.5, -1.5]))",
    "mx.nd.rint(mx.nd.array([0.5, 1.5, 2.5, -0.5, -1.5]))", "mx.nd.clip(x, -0.5, 0.5)",
]


@pytest.mark.parametrize("code", NN)
def test_nn_ops(code):
    check_code(f"x = mx.nd.array(M); out = {code}", M=M)


@pytest.mark.parametrize("expr", ["mx.nd.softmax(x)", "mx.nd.log_softmax(x, axis=0)",
                                  "mx.nd.pick(x, mx.nd.array([0, 4, 2]))", "mx.nd.dot(x, x.T)",
                                  "mx.nd.Activation(x, act_type='softrelu')",
                                  "mx.nd.batch_dot(x.reshape((1, 3, 5)), x.reshape((1, 5, 3)))"])
def test_nn_grads(expr):
    check_grad(lambda mx, x: eval(expr), M, atol=1e-5)
