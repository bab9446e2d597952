"""Behaviours found by running MXNet 1.9.1's own test_operator.py (tests m..z) against torch2gluon."""
import numpy as np
import pytest

from tests.oracle import check, check_grad


@pytest.mark.parametrize("dshape,gshape", [
    ((3, 4, 4, 5), (3, 4)), ((3, 4, 4, 5), (3,)), ((3, 4, 4, 5), (4,)), ((3, 4), (3, 4)), ((3, 4), (4,)),
    ((2, 3, 4, 4), (3,)), ((2, 3, 4, 4), (1,)), ((3, 4, 2, 5), (1, 4)),
    ((2, 3, 4, 4), (3, 4)), ((2, 3, 4, 4), (4,)),  # do not broadcast: MXNetError
])
def test_prelu_gamma_broadcast(dshape, gshape):
    """1-D gamma as long as axis 1 is per channel; other gammas line up with the leading axes."""
    rng = np.random.RandomState(0)
    x, g = rng.uniform(-1, 1, dshape), rng.uniform(0, 1, gshape)
    check(lambda mx: mx.nd.LeakyReLU(mx.nd.array(x), gamma=mx.nd.array(g), act_type="prelu"))


def test_prelu_leading_axis_gamma_gradient():
    rng = np.random.RandomState(1)
    check_grad(lambda mx, x, g: mx.nd.LeakyReLU(x, gamma=g, act_type="prelu"),
               rng.uniform(-1, 1, (3, 4, 2, 2)), rng.uniform(0, 1, (3, 4)))


def test_check_symbolic_backward_extra_head_grads_and_dict():
    """Head gradients beyond the outputs are ignored (as the executor does); a dict is by output name."""
    def run(mx):
        from importlib import import_module
        tu = import_module(mx.__name__ + ".test_utils")
        x = mx.sym.var("x")
        y = mx.sym.LeakyReLU(x * 2, act_type="leaky", slope=0.5, name="lr")
        data = np.array([[-1., 2.], [3., -4.]])
        g1 = tu.check_symbolic_backward(y, [data], [np.ones((2, 2)), np.ones((7,))],
                                        [np.array([[1., 2.], [2., 1.]])])
        g2 = tu.check_symbolic_backward(y, [data], {"lr_output": np.full((2, 2), 3.)},
                                        [np.array([[3., 6.], [6., 3.]])])
        return g1["x"], g2["x"]
    check(run)
