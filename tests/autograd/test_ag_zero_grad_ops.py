"""Heads reached through zero-gradient operators (BlockGrad, zeros_like, argmax, comparisons...) against MXNet.

MXNet records these operators under `record()`: backward writes zero gradients ('write'), adds zero ('add'),
and a second backward without retain_graph fails; `detach()` is not recorded and leaves the graph.
"""
import numpy as np
import pytest

from tests.oracle import check, check_grad

X = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], dtype=np.float32)

ZERO_GRAD_OPS = {
    "BlockGrad": lambda mx, x: mx.nd.BlockGrad(x) * 2,
    "stop_gradient": lambda mx, x: mx.nd.stop_gradient(x) + 1,
    "zeros_like": lambda mx, x: mx.nd.zeros_like(x),
    "ones_like": lambda mx, x: mx.nd.ones_like(x),
    "greater_scalar": lambda mx, x: x > 1,
    "lesser_equal_scalar": lambda mx, x: x <= 0.5,
    "equal_arrays": lambda mx, x: x == x,
    "broadcast_greater": lambda mx, x: mx.nd.broadcast_greater(x, x[0:1]),
    "nd_not_equal": lambda mx, x: mx.nd.not_equal(x, 2),
    "logical_not": lambda mx, x: mx.nd.logical_not(x),
    "logical_and": lambda mx, x: mx.nd.logical_and(x, x),
    "argmax": lambda mx, x: mx.nd.argmax(x, axis=1),
    "argmin": lambda mx, x: mx.nd.argmin(x, axis=0),
    "argsort": lambda mx, x: mx.nd.argsort(x),
    "topk_indices": lambda mx, x: mx.nd.topk(x, k=2),
    "topk_mask": lambda mx, x: mx.nd.topk(x, k=2, ret_typ="mask"),
    "one_hot": lambda mx, x: mx.nd.one_hot(x, 3),
    "isnan": lambda mx, x: mx.nd.contrib.isnan(x),
    "isfinite": lambda mx, x: mx.nd.contrib.isfinite(x),
    "sign": lambda mx, x: mx.nd.sign(x),
}


@pytest.mark.parametrize("name", sorted(ZERO_GRAD_OPS))
@pytest.mark.parametrize("grad_req", ["write", "add"])
def test_head_through_zero_grad_op(name, grad_req):
    fn = ZERO_GRAD_OPS[name]

    def snippet(mx):
        x = mx.nd.array(X)
        x.attach_grad(grad_req)
        x.grad[:] = 5  # stale gradient: 'write' must overwrite it with zeros, 'add' must keep it
        with mx.autograd.record():
            y = fn(mx, x)
        y.backward()
        return {"out": y, "grad": x.grad}

    check(snippet)


def test_zero_grad_op_mixed_with_differentiable_path():
    check_grad(lambda mx, x, z: mx.nd.BlockGrad(x) * z + (x > 0) * z, X, X + 1)


def test_zero_grad_op_topk_both_keeps_value_gradient():
    check_grad(lambda mx, x: mx.nd.topk(x, k=2, ret_typ="both")[0] * 3, X)


def test_zero_grad_op_autograd_grad_returns_zeros():
    def snippet(mx):
        x = mx.nd.array(X)
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.BlockGrad(x) * 2
        return mx.autograd.grad(y, [x])

    check(snippet)


def test_zero_grad_op_second_backward_fails():
    def snippet(mx):
        x = mx.nd.array(X)
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.zeros_like(x)
        y.backward()
        y.backward()

    check(snippet)


def test_zero_grad_op_without_variables_fails():
    def snippet(mx):
        x = mx.nd.array(X)
        with mx.autograd.record():
            y = mx.nd.BlockGrad(x) * 2
        y.backward()

    check(snippet)


def test_detach_is_not_recorded():
    def snippet(mx):
        x = mx.nd.array(X)
        x.attach_grad()
        with mx.autograd.record():
            y = x.detach() * 2
        y.backward()

    check(snippet)


def test_zero_grad_ops_outside_record_hold_no_graph(mx):
    x = mx.nd.array(X)
    x.attach_grad()
    y = mx.nd.BlockGrad(x) * 2 + (x > 0)
    assert y.asnumpy().shape == (2, 3)
    with pytest.raises(mx.base.MXNetError):
        y.backward()
