"""Second-order gradients through Dense/FullyConnected with separate `autograd.grad` calls (MXNet 1.9.1's
test_higher_order_grad dense tests): a `grad(create_graph=False)` through a graph made by
`grad(create_graph=True)` frees that graph only; the forward output stays differentiable, while an
MXNet-visible intermediate it walked through is freed as in MXNet."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("flatten,shape", [(True, (2, 3, 4)), (False, (2, 3, 4)), (True, (3, 5))])
def test_dense_grad_of_grad_then_grad(flatten, shape):
    def fn(mx):
        net = mx.gluon.nn.Dense(3, flatten=flatten)
        net.initialize(mx.init.Constant(0.5))
        x = mx.nd.arange(int(np.prod(shape))).reshape(shape)
        x.attach_grad()
        with mx.autograd.record():
            y = net(x)
            o_y = mx.nd.arange(y.size).reshape(y.shape)
            w = net.weight.data()
            x_grad = mx.autograd.grad(y, x, head_grads=o_y, create_graph=True, retain_graph=True)[0]
            w_gg = mx.autograd.grad(x_grad, w, head_grads=mx.nd.ones_like(x_grad), create_graph=False)[0]
            w_grad = mx.autograd.grad(y, w, head_grads=o_y, create_graph=True, retain_graph=True)[0]
            x_gg = mx.autograd.grad(w_grad, x, head_grads=mx.nd.ones_like(w_grad), create_graph=False)[0]
        return x_grad, w_gg, w_grad, x_gg
    check(fn)


def test_freed_visible_intermediate_still_raises():
    def fn(mx):
        x = mx.nd.array(np.arange(6.0).reshape(2, 3))
        w = mx.nd.ones((4, 3))
        x.attach_grad()
        w.attach_grad()
        with mx.autograd.record():
            w2 = w * 2
            y = mx.nd.FullyConnected(x, w2, no_bias=True, num_hidden=4)
            x_grad = mx.autograd.grad(y, x, create_graph=True, retain_graph=True)[0]
            mx.autograd.grad(x_grad, w, create_graph=False)
            return mx.autograd.grad(w2 * 3, w)[0]
    check(fn)
