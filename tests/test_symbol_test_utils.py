"""test_utils.check_symbolic_forward/backward, check_numeric_gradient and simple_forward on Symbols (as
MXNet's own operator tests call them), against MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check

RS = np.random.RandomState(3)
A, B = RS.uniform(0.5, 1.5, (3, 4)), RS.uniform(0.5, 1.5, (3, 4))


def _sym(mx):
    x, y = mx.sym.var("x"), mx.sym.var("y")
    return mx.sym.Group([mx.sym.sin(x) * y, mx.sym.broadcast_div(x, y).sum(axis=1)])


@pytest.mark.parametrize("as_dict", [False, True])
def test_check_symbolic_forward_backward_on_symbols(as_dict):
    def snippet(mx):
        tu = mx.test_utils
        s = _sym(mx)
        loc = {"x": A, "y": B} if as_dict else [A, B]
        fwd = tu.check_symbolic_forward(s, loc, [np.sin(A) * B, (A / B).sum(axis=1)], rtol=1e-5, atol=1e-6)
        og = [np.ones((3, 4)), np.full((3,), 2.0)]
        exp = [np.cos(A) * B + 2 / B, np.sin(A) - 2 * A / B ** 2]
        bwd = tu.check_symbolic_backward(s, loc, og, {"x": exp[0], "y": exp[1]} if as_dict else exp,
                                         rtol=1e-4, atol=1e-5)
        return fwd, sorted(bwd), [bwd[k] for k in sorted(bwd)], tu.simple_forward(mx.sym.sin(mx.sym.var("x")), x=A)
    check(snippet, rtol=1e-5, atol=1e-6)


def test_check_numeric_gradient_on_symbol_and_failure():
    def snippet(mx):
        x = mx.sym.var("x")
        mx.test_utils.check_numeric_gradient(mx.sym.tanh(x) * x, [A], numeric_eps=1e-3, rtol=1e-2, atol=1e-3)
        return True
    check(snippet)

    def wrong(mx):
        x = mx.sym.var("x")
        mx.test_utils.check_symbolic_forward(mx.sym.exp(x), [A], [np.exp(A) + 1])
    check(wrong)  # both raise AssertionError


def test_symbols_with_auxiliary_states():
    x = RS.uniform(-1, 1, (2, 3, 4))
    mean, var = RS.uniform(-.5, .5, 3), RS.uniform(.5, 1.5, 3)
    gamma, beta = RS.uniform(.5, 1.5, 3), RS.uniform(-.5, .5, 3)
    expected = (x - mean[None, :, None]) / np.sqrt(var[None, :, None] + 1e-3) * gamma[None, :, None] \
        + beta[None, :, None]

    def snippet(mx):
        bn = mx.sym.BatchNorm(mx.sym.var("x"), fix_gamma=False, name="bn")
        out = mx.test_utils.check_symbolic_forward(bn, [x, gamma, beta], [expected], aux_states=[mean, var],
                                                   rtol=1e-4, atol=1e-5)
        out2 = mx.test_utils.check_symbolic_forward(bn, {"x": x, "bn_gamma": gamma, "bn_beta": beta}, [expected],
                                                    aux_states={"bn_moving_mean": mean, "bn_moving_var": var},
                                                    rtol=1e-4, atol=1e-5)
        return out, out2
    check(snippet, rtol=1e-5, atol=1e-6)
