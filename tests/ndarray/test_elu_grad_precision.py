"""ELU's gradient for very negative inputs: MXNet computes slope * exp(x) from the input, so the small
gradients keep their relative precision (a gradient taken from expm1's result + 1 cancels them away)."""
import numpy as np
import pytest

from tests.oracle import check


def _grads(fn, x, dtype, atol, rtol):
    """Compare the output loosely (MXNet's float32 MKLDNN forward is exp(x) - 1) and the gradient tightly."""
    def snippet(mx):
        a = mx.nd.array(x, dtype=dtype)
        a.attach_grad()
        with mx.autograd.record():
            y = fn(mx, a)
        y.backward()
        return y
    check(snippet, atol=1e-7 if dtype == "float32" else 1e-15, rtol=1e-6 if dtype == "float32" else 1e-15)

    def grad(mx):
        a = mx.nd.array(x, dtype=dtype)
        a.attach_grad()
        with mx.autograd.record():
            y = fn(mx, a)
        y.backward()
        return a.grad
    check(grad, atol=atol, rtol=rtol)


@pytest.mark.parametrize("slope", [1.0, 0.3, 2.5])
def test_elu_gradient_of_very_negative_inputs(slope):
    x = np.concatenate([np.linspace(-30, -5, 26), [-1.0, -1e-3, 0.0, 1e-3, 2.0]])
    _grads(lambda mx, a: mx.nd.LeakyReLU(a, act_type="elu", slope=slope), x, "float32", 1e-30, 2e-6)


def test_gluon_elu_gradient_float64():
    x = np.linspace(-40, 3, 44)
    # (torch's float64 expm1 rounds -1 + 8.5e-17 to -1.0 where MXNet keeps 1 ulp: atol of 2 ulp at 1)
    _grads(lambda mx, a: mx.gluon.nn.ELU(alpha=0.7)(a), x, "float64", 2.3e-16, 1e-12)


def test_elu_slope_is_a_float32_param_for_float64_data():
    x = np.array([-3.0, -1.0, -0.1, 0.5])
    _grads(lambda mx, a: mx.nd.LeakyReLU(a, act_type="elu", slope=0.7), x, "float64", 1e-300, 1e-15)


def test_leaky_gradient_is_the_float32_slope_for_float64_data():
    def grad(mx):
        a = mx.nd.array([-3.0, -1.0, -0.1, 0.5], dtype="float64")
        a.attach_grad()
        with mx.autograd.record():
            y = mx.nd.LeakyReLU(a, act_type="leaky", slope=0.7)
        y.backward()
        return a.grad
    check(grad, atol=1e-300, rtol=1e-15)


def test_elu_second_order_gradient_of_x_times_elu():
    # the gradient of sum(elu(x)) is recorded too: its own gradient (create_graph) is still exp(x)'s
    import torch2gluon as mx
    x = mx.nd.array([-3.0, -0.5, 0.0, 1.5])
    x.attach_grad()
    with mx.autograd.record():
        y = mx.nd.LeakyReLU(x, act_type="elu", slope=1.0)
        g = mx.autograd.grad(y, [x], create_graph=True, retain_graph=True)[0]
    g.backward()
    e = np.exp([-3.0, -0.5, 0.0])
    np.testing.assert_allclose(g.asnumpy(), [e[0], e[1], e[2], 1.0], rtol=1e-6)
    np.testing.assert_allclose(x.grad.asnumpy(), [e[0], e[1], e[2], 0.0], rtol=1e-6)
