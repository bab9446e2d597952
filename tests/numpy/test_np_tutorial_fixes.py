"""Fixes found by running MXNet 1.9.1's numpy crash-course tutorials unchanged; each compared with real MXNet."""
import contextlib
import io

import numpy as onp
import pytest

import mxnet
import torch2gluon


@pytest.fixture(params=[False, True], ids=["legacy", "np"])
def np_mode(request):
    """Run the test once in legacy mode and once after `npx.set_np()`, resetting both libraries after."""
    if request.param:
        for mx in (mxnet, torch2gluon):
            mx.npx.set_np()
    yield request.param
    for mx in (mxnet, torch2gluon):
        mx.npx.reset_np()


def _summary(mx, np_mode, in_units):
    net = mx.gluon.nn.HybridSequential(prefix="tut_")
    with net.name_scope():
        net.add(mx.gluon.nn.Conv2D(3, 2, activation="relu", in_channels=in_units and 2),
                mx.gluon.nn.Flatten(),
                mx.gluon.nn.Dense(4, activation="tanh", in_units=in_units and 48),
                mx.gluon.nn.Dense(2, activation="sigmoid"), mx.gluon.nn.Dense(2))
    net.initialize(mx.init.Constant(0.01))
    data = onp.arange(2 * 2 * 5 * 5, dtype="float32").reshape(2, 2, 5, 5) / 50
    x = mx.np.array(data) if np_mode else mx.nd.array(data)
    texts = []
    for _ in range(2):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            net.summary(x)
        texts.append(buf.getvalue())
    return texts


@pytest.mark.parametrize("in_units", [0, 1], ids=["deferred", "known"])
def test_summary_deferred_activation_rows_like_mxnet(np_mode, in_units):
    """A layer with deferred-init parameters gets one more Activation row (MXNet's symbolic shape pass) on the
    first summary only, printed as `<Symbol ...>` (or `<_Symbol ...>` in numpy mode)."""
    want = _summary(mxnet, np_mode, in_units)
    got = _summary(torch2gluon, np_mode, in_units)
    assert got == want
    assert ("Symbol tut_conv0_relu_fwd>" in got[0]) == (not in_units)
    assert "Symbol tut_dense1_sigmoid_fwd>" in got[0]
    assert "Symbol" not in got[1]


def _custom_function(mx, np_inputs, container):
    class Scale(mx.autograd.Function):
        def forward(self, x, y):
            seen.append(type(x).__name__)
            outs = [2 * x, x * y]
            return outs[0] if container is None else container(outs)

        def backward(self, *grads):
            seen.append(type(grads[0]).__name__)
            return (grads[0] * 2, grads[0] * 0) if len(grads) == 1 else (grads[0] * 2 + grads[1], grads[1] * 3)

    seen = []
    make = mx.np.array if np_inputs else mx.nd.array
    x, y = make([[0.5, -0.25]]), make([[0.25, 0.5]])
    x.attach_grad()
    y.attach_grad()
    with mx.autograd.record():
        res = Scale()(x, y)
        outs = [res] if container is None else list(res)
        total = outs[0] if len(outs) == 1 else outs[0] + outs[1]
    total.backward()
    kinds = type(res).__name__ if container is not None else None
    return seen, kinds, [type(o).__name__ for o in outs], x.grad.asnumpy(), y.grad.asnumpy()


@pytest.mark.parametrize("container", [None, tuple, list], ids=["single", "tuple", "list"])
@pytest.mark.parametrize("np_inputs", [False, True], ids=["nd", "np"])
def test_autograd_function_keeps_np_classes_like_mxnet(np_mode, np_inputs, container):
    """autograd.Function.forward sees the caller's arrays (mx.np stays mx.np), its outputs come back in the
    classes and container it returned, and backward gets legacy NDArrays, as in MXNet."""
    if np_inputs and not np_mode:
        pytest.skip("mx.np arrays are used in numpy mode")
    want = _custom_function(mxnet, np_inputs, container)
    got = _custom_function(torch2gluon, np_inputs, container)
    assert got[:3] == want[:3]
    onp.testing.assert_allclose(got[3], want[3])
    onp.testing.assert_allclose(got[4], want[4])
