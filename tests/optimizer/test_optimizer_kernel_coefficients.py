"""MXNet's optimizer kernels compute `1 - beta` (and `1 - beta ** t`) from float32 parameters in the arrays'
dtype: in float32, `1 - 0.9` is 0.100000024. Matching that makes float32 updates bit-exact (fine-tuning
scripts such as gluon-nlp's BERTAdam over `contrib.adamw_update` compare equal step after step)."""
import numpy as np
import pytest

from tests.oracle import check

W0 = np.linspace(-1, 1, 12)
G0 = np.cos(np.arange(12))


def _update(mx, op, dtype="float32"):
    w, g = mx.nd.array(W0, dtype=dtype), mx.nd.array(G0, dtype=dtype)
    m, v = mx.nd.array(W0 * 0.3, dtype=dtype), mx.nd.array(np.abs(W0) * 0.2 + 0.01, dtype=dtype)
    if op == "adam":
        out = mx.nd.adam_update(w, g, m, v, lr=0.01, wd=0.001, beta1=0.8, beta2=0.99)
    elif op == "adamw":
        out = mx.nd.contrib.adamw_update(w, g, m, v, rescale_grad=mx.nd.array([1.0]), lr=0.01, eta=0.5, wd=0.001)
    elif op == "rmsprop":
        out = mx.nd.rmsprop_update(w, g, v, lr=0.01, gamma1=0.95)
    elif op == "rmspropalex":
        out = mx.nd.rmspropalex_update(w, g, v, m, mx.nd.array(W0 * 0.01, dtype=dtype), lr=0.01, gamma1=0.95,
                                       gamma2=0.9)
    elif op == "ftml":
        out = mx.nd.ftml_update(w, g, v, m, mx.nd.array(W0 * 0.1, dtype=dtype), lr=0.01, t=3)
    else:
        out = mx.nd.lamb_update_phase1(w, g, m, v, t=3, wd=0.01)
    return out, m, v


@pytest.mark.parametrize("op", ["adam", "adamw", "rmsprop", "rmspropalex"])
def test_float32_updates_are_bit_exact(op):
    check(lambda mx: _update(mx, op), atol=0, rtol=0)


@pytest.mark.parametrize("op", ["ftml", "lamb_phase1"])
def test_float32_updates_with_bias_correction_powers(op):
    # `1 - 0.999 ** 3` computed in float32 loses digits (relative 1e-5 against the exact value)
    check(lambda mx: _update(mx, op), atol=0, rtol=2e-7)


def test_float16_ftml_coefficients_in_half_precision():
    check(lambda mx: _update(mx, "ftml", "float16"), atol=0, rtol=0)


def test_registered_optimizer_over_adamw_update_bit_exact():
    # gluon-nlp's BERTAdam: a registered Optimizer whose update calls nd.contrib.adamw_update(lr=1, eta=lr)
    def f(mx):
        @mx.optimizer.register
        class AdamWOverOp(mx.optimizer.Optimizer):
            def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-6, **kwargs):
                super(AdamWOverOp, self).__init__(learning_rate=learning_rate, **kwargs)
                self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon

            def create_state(self, index, weight):
                return (mx.nd.zeros(weight.shape, weight.context, dtype=weight.dtype),
                        mx.nd.zeros(weight.shape, weight.context, dtype=weight.dtype))

            def update(self, index, weight, grad, state):
                self._update_count(index)
                mean, var = state
                mx.nd.contrib.adamw_update(weight, grad, mean, var, out=weight, lr=1, wd=self._get_wd(index),
                                           eta=self._get_lr(index), beta1=self.beta1, beta2=self.beta2,
                                           epsilon=self.epsilon, rescale_grad=self.rescale_grad)
        net = mx.gluon.nn.Dense(3, in_units=4, prefix="d_")
        net.initialize(mx.init.Constant(0.1))
        tr = mx.gluon.Trainer(net.collect_params(), "adamwoverop", {"learning_rate": 0.01, "wd": 0.01},
                              update_on_kvstore=False)
        x = mx.nd.array(np.sin(np.arange(8.0)).reshape(2, 4))
        for _ in range(3):
            with mx.autograd.record():
                y = (net(x) * mx.nd.array([[1., -2., 3.], [0.5, 1., -1.]])).sum()  # exact gradients
            y.backward()
            tr.step(2)
        return net.weight.data(), net.bias.data()
    check(f, atol=0, rtol=1e-6)   # MXNet's gradient GEMM may round differently (FMA); the update itself is exact
