"""Higher-order autograd parity with MXNet 1.9.1 (from MXNet's test_higher_order_grad.py sweep)."""
import numpy as np
import pytest

from tests.oracle import check

X = np.array([[0.3, -0.7, 1.2], [0.5, 0.9, -0.2]], dtype=np.float32)
POS = np.abs(X) + 0.5


def _second_order(op, data, head=None, head2=None):
    """Gradient of the gradient of `op` at `data` (with optional head gradients), plus the first gradient."""
    def snippet(mx):
        x = mx.nd.array(data)
        x.attach_grad()
        with mx.autograd.record():
            y = op(mx, x)
            hg = None if head is None else mx.nd.array(head)
            g = mx.autograd.grad(y, x, head_grads=hg, create_graph=True, retain_graph=True)[0]
        g.backward(None if head2 is None else mx.nd.array(head2))
        return g, x.grad
    return snippet


SMOOTH = {
    "sin": (lambda mx, x: mx.nd.sin(x), X), "cos": (lambda mx, x: mx.nd.cos(x), X),
    "tan": (lambda mx, x: mx.nd.tan(x), X), "tanh": (lambda mx, x: mx.nd.tanh(x), X),
    "sinh": (lambda mx, x: mx.nd.sinh(x), X), "cosh": (lambda mx, x: mx.nd.cosh(x), X),
    "arcsin": (lambda mx, x: mx.nd.arcsin(x), X / 2), "arctan": (lambda mx, x: mx.nd.arctan(x), X),
    "log": (lambda mx, x: mx.nd.log(x), POS), "log2": (lambda mx, x: mx.nd.log2(x), POS),
    "log10": (lambda mx, x: mx.nd.log10(x), POS), "log1p": (lambda mx, x: mx.nd.log1p(x), POS),
    "expm1": (lambda mx, x: mx.nd.expm1(x), X), "square": (lambda mx, x: mx.nd.square(x), X),
    "reciprocal": (lambda mx, x: mx.nd.reciprocal(x), POS), "sigmoid": (lambda mx, x: mx.nd.sigmoid(x), X),
    "sqrt": (lambda mx, x: mx.nd.sqrt(x), POS), "rsqrt": (lambda mx, x: mx.nd.rsqrt(x), POS),
    "cbrt": (lambda mx, x: mx.nd.cbrt(x), POS), "rcbrt": (lambda mx, x: mx.nd.rcbrt(x), POS),
    "relu": (lambda mx, x: mx.nd.relu(x), X), "abs": (lambda mx, x: mx.nd.abs(x), X),
}


@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_second_order_unary(name):
    """d2/dx2 of unary operators matches MXNet's registered second-order gradients."""
    op, data = SMOOTH[name]
    check(_second_order(op, data), atol=1e-4, rtol=1e-4)


def test_second_order_with_head_grads():
    """Head gradients of both backward passes multiply the second derivative."""
    h1 = np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.0]], dtype=np.float32)
    check(_second_order(lambda mx, x: mx.nd.log(x), POS, head=h1, head2=h1[::-1].copy()), atol=1e-4, rtol=1e-4)


CONSTANT_GRAD = {
    "radians": lambda mx, x: mx.nd.radians(x),
    "clip": lambda mx, x: mx.nd.clip(x, -0.5, 0.5),
    "dropout_p0": lambda mx, x: mx.nd.Dropout(x, p=0.0),
}
# Known difference: where MXNet's backward operator does not read x (x * 3, x + 1, degrees, negative),
# MXNet raises "no inputs in computation graph" on the second backward; torch2gluon writes zeros.


@pytest.mark.parametrize("name", sorted(CONSTANT_GRAD))
def test_second_order_of_a_constant_gradient_is_zero(name):
    """A gradient that does not depend on x stays in the graph: its backward writes zeros into x.grad."""
    check(_second_order(CONSTANT_GRAD[name], X))


def test_third_order():
    """grad of grad of sin, then backward: the third derivative -cos(x)."""
    def snippet(mx):
        x = mx.nd.array(X)
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.sin(x)
            g1 = mx.autograd.grad(y, x, create_graph=True, retain_graph=True)[0]
            g2 = mx.autograd.grad(g1, x, create_graph=True, retain_graph=True)[0]
        g2.backward()
        return g1, g2, x.grad
    check(snippet, atol=1e-5, rtol=1e-5)


def test_dense_weight_gradient_backward_to_input():
    """Differentiating a Dense layer's weight gradient w.r.t. the input (MXNet's dense_backward test)."""
    xs = np.random.RandomState(0).rand(4, 3, 2).astype(np.float32)
    og = np.random.RandomState(1).rand(4, 5).astype(np.float32)
    ogw = np.random.RandomState(2).rand(5, 6).astype(np.float32)

    def snippet(mx):
        net = mx.gluon.nn.Dense(5, use_bias=False, flatten=True, in_units=6)
        net.initialize(mx.init.Constant(0.1))
        w = net.weight.data()
        x = mx.nd.array(xs)
        x.attach_grad()
        w.attach_grad()
        with mx.autograd.record():
            y = net(x)
            wg = mx.autograd.grad(y, w, head_grads=mx.nd.array(og), create_graph=True, retain_graph=True)[0]
        wg.backward(mx.nd.array(ogw))
        return wg, x.grad
    check(snippet, atol=1e-5, rtol=1e-5)


def test_clip_gradient_passes_at_the_bounds():
    """clip's gradient is 1 on [a_min, a_max] with the bounds included (torch's clamp gives 0 there)."""
    def snippet(mx):
        x = mx.nd.array([-0.5, 0.5, 0.2, 0.7, -0.9])
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.clip(x, -0.5, 0.5) * 2
        y.backward()
        return y, x.grad
    check(snippet)
