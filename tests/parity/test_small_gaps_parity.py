"""Oracle tests for small gaps found by MXNet 1.9.1's own unit tests (grad contexts, Symbol methods, ...)."""
import numpy as np

from tests.oracle import check


def _grad_on_cpu1(mx):
    x = mx.nd.array(np.arange(6.0).reshape(2, 3), ctx=mx.cpu(1))
    x.attach_grad()
    fresh = x.grad
    with mx.autograd.record():
        y = (x * x).sum()
    y.backward()
    return fresh, x.grad


def test_attach_grad_keeps_context():
    check(_grad_on_cpu1)


def test_autograd_grad_result_context():
    def fn(mx):
        x = mx.nd.array([1.0, 2.0, 3.0], ctx=mx.cpu(2))
        x.attach_grad()
        with mx.autograd.record():
            y = (x * x * x).sum()
        return mx.autograd.grad(y, [x])
    check(fn)


def test_parameter_grads_on_cpu1():
    def fn(mx):
        net = mx.gluon.nn.Dense(2, in_units=3)
        net.initialize(mx.init.One(), ctx=mx.cpu(1))
        x = mx.nd.array(np.arange(6.0).reshape(2, 3), ctx=mx.cpu(1))
        with mx.autograd.record():
            loss = net(x).sum()
        loss.backward()
        return net.weight.grad(mx.cpu(1)), net.bias.list_grad()
    check(fn)
