"""nd.arcsinh's higher-order gradients follow MXNet 1.9.1 (whose second-order sign is the opposite of the true one)."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("order", [1, 2, 3])
def test_arcsinh_nth_order_gradient(order):
    xv = np.array([-1.5, -0.3, 0.0, 0.7, 2.0], dtype=np.float32)

    def fn(mx):
        x = mx.nd.array(xv)
        x.attach_grad()
        heads = [mx.nd.array([0.5, -1.0, 2.0, 1.5, -0.25]), mx.nd.array([1.0, 0.5, -2.0, 0.75, 1.25]),
                 mx.nd.array([-0.5, 1.0, 1.0, 2.0, 0.5])]
        with mx.autograd.record():
            y = mx.nd.arcsinh(x)
            for k in range(order):
                y = mx.autograd.grad(y, x, head_grads=heads[k], create_graph=True, retain_graph=True)[0]
        return y
    check(fn)


def test_arcsinh_first_order_backward_and_values():
    def fn(mx):
        x = mx.nd.array([-2.0, 0.5, 3.0])
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.arcsinh(x) * 2
        y.backward()
        return y, x.grad
    check(fn)
