"""Executor.backward: the head gradient of a zero-gradient output (shape_array, size_array, argmax) is never
read, so MXNet 1.9.1 accepts one of any shape; other outputs check it (found by MXNet's test_shape_array)."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("op", ["shape_array", "size_array", "argmax", "sin"])
def test_backward_head_grad_of_wrong_shape(op):
    xa = np.random.RandomState(0).rand(2, 3)

    def run(mx):
        x = mx.sym.var("x")
        y = getattr(mx.sym, op)(x)
        xg = mx.nd.ones((2, 3))
        exe = y.bind(mx.cpu(), args={"x": mx.nd.array(xa)}, args_grad={"x": xg})
        exe.forward(is_train=True)
        exe.backward([mx.nd.ones((7,))])
        return exe.outputs[0], xg
    check(run)


def test_zero_grad_output_next_to_a_real_one():
    xa = np.random.RandomState(1).rand(4)

    def run(mx):
        x = mx.sym.var("x")
        y = mx.sym.Group([mx.sym.shape_array(x), 2 * x])
        xg = mx.nd.zeros(4)
        exe = y.bind(mx.cpu(), args={"x": mx.nd.array(xa)}, args_grad={"x": xg})
        exe.forward(is_train=True)
        exe.backward([mx.nd.ones((9,)), mx.nd.ones(4)])
        return xg
    check(run)
