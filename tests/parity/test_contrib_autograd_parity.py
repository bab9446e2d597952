"""mx.contrib.autograd parity with MXNet 1.9.1 (from MXNet's test_contrib_autograd.py sweep)."""
import importlib

import numpy as np
import pytest

from tests.oracle import check


def _ca(mx):
    return importlib.import_module(mx.__name__ + ".contrib.autograd")


def test_grad_and_loss_fully_connected():
    """grad_and_loss marks the arguments, records func and returns (grads, output)."""
    a, b = np.random.rand(4, 5), np.random.rand(4, 5)
    w, bias = np.random.rand(3, 5), np.random.rand(3)

    def snippet(mx):
        f = lambda a, b, w, c: mx.nd.FullyConnected(a * b, w, c, num_hidden=3)
        args = [mx.nd.array(v) for v in (a, b, w, bias)]
        grads, out = _ca(mx).grad_and_loss(f)(*args)
        only = _ca(mx).grad(f, argnum=[1, 2])(*[mx.nd.array(v) for v in (a, b, w, bias)])
        return grads, out, only
    check(snippet)


def test_sections_backward_with_head_grads():
    """train_section records, test_section does not; backward takes a list with None head grads."""
    def snippet(mx):
        ca = _ca(mx)
        x = mx.nd.ones((3, 5))
        dx = mx.nd.zeros_like(x)
        ca.mark_variables([x], [dx])
        with ca.train_section():
            a, b, c = mx.nd.split(x, axis=0, num_outputs=3, squeeze_axis=True)
            with ca.test_section():
                flags = (mx.autograd.is_recording(), mx.autograd.is_training())
                same = mx.nd.Dropout(x, p=0.5)
            ca.backward([a, b, c], [None, mx.nd.array([1, 2, 3, 4, 5]), mx.nd.array([5, 4, 3, 2, 1])])
        return dx, flags, same
    check(snippet)


def test_set_is_training_returns_previous_recording_flag():
    """set_is_training sets both flags and reports the recording flag it replaced."""
    def snippet(mx):
        ca, ag = _ca(mx), mx.autograd
        out = [ca.set_is_training(True), ag.is_training(), ag.is_recording()]
        ag.set_recording(False)
        out += [ca.set_is_training(False), ag.is_training(), ag.is_recording()]
        ag.set_recording(True)
        out.append(ca.set_is_training(False))
        ag.set_recording(False)
        return out
    check(snippet)


@pytest.mark.parametrize("twice", [False, True])
def test_backward_twice_without_retain_graph_raises(twice):
    """retain_graph keeps the graph; a freed graph cannot be differentiated again."""
    def snippet(mx):
        ca = _ca(mx)
        x = mx.nd.ones((2, 2))
        dx = mx.nd.zeros((2, 2))
        ca.mark_variables([x], [dx], grad_reqs="add")
        with ca.train_section():
            y = x + 1
            ca.backward([y], retain_graph=True)
            ca.compute_gradient([y])
        res = dx.copy()
        if not twice:
            return res
        with ca.train_section():
            y = x + 1
            ca.backward([y])
            ca.backward([y])
        return res
    check(snippet)


def test_backward_needs_a_list(mx):
    """outputs must be a list or tuple (AssertionError, as MXNet)."""
    with pytest.raises(AssertionError):
        _ca(mx).backward(mx.nd.ones(2))


def test_contrib_operator_namespaces(mx):
    """mx.contrib.nd / mx.contrib.sym expose the contrib operators only."""
    out = mx.contrib.nd.MultiBoxPrior(mx.nd.ones((1, 1, 2, 2)), sizes=[0.5])
    assert out.shape == (1, 4, 4)
    assert mx.contrib.sym.MultiBoxPrior(mx.sym.var("x"), sizes=[0.5]).list_arguments() == ["x"]
    assert not hasattr(mx.contrib.nd, "foreach")
    with pytest.raises(AttributeError):
        mx.contrib.nd.no_such_op  # noqa: B018
