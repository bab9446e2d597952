"""nd.BatchNorm(output_mean_var=True) recorded in predict mode: MXNet differentiates it as without the flag
(training-mode input gradient with the running statistics), and returns the running mean and 1/sqrt(var+eps)."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("train_backward", [True, False])
def test_output_mean_var_predict_mode_gradient(train_backward):
    x_np = np.arange(15, dtype="float32").reshape(5, 3) / 10 - 0.4

    def run(mx):
        x = mx.nd.array(x_np)
        g, b = mx.nd.array([1.5, 0.5, 2.0]), mx.nd.array([0.1, 0.0, -0.2])
        mm, mv = mx.nd.array([0.1, 0.2, 0.3]), mx.nd.array([1.5, 0.7, 2.0])
        for a in (x, g, b):
            a.attach_grad()
        with mx.autograd.record(train_mode=False):
            out = mx.nd.BatchNorm(x, g, b, mm, mv, output_mean_var=True, fix_gamma=False)
            loss = out[0] * mx.nd.array(x_np[::-1].copy())
        loss.backward(train_mode=train_backward)
        return out, x.grad, g.grad, b.grad
    check(run)
