"""Gaps found by running MXNet 1.x's official tutorials unchanged, reproduced in miniature against the oracle."""
import numpy as np
import pytest

from tests.oracle import check

X = (np.arange(10, dtype=np.float32).reshape(5, 2) - 4) / 3


def _scaled_fc(mx, hybridize, init_w="ones"):
    """A user HybridBlock whose weight has a deferred dim (0) that only the graph (FullyConnected) fixes."""
    class ScaledFC(mx.gluon.HybridBlock):
        def __init__(self, hidden, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.weights = self.params.get("weights", shape=(hidden, 0), allow_deferred_init=True)
                self.scales = self.params.get("scales", shape=(1,), init=mx.init.Constant(mx.nd.array([2])),
                                              differentiable=False)

        def hybrid_forward(self, F, x, weights, scales):
            y = F.broadcast_div(F.broadcast_sub(x, F.min(x)), F.broadcast_sub(F.max(x), F.min(x)))
            return F.broadcast_mul(scales, F.FullyConnected(y, weights, num_hidden=self.weights.shape[0],
                                                            no_bias=True))

    net = mx.gluon.nn.HybridSequential(prefix="net_")
    with net.name_scope():
        net.add(mx.gluon.nn.Dense(3, in_units=2, weight_initializer=init_w), ScaledFC(4),
                mx.gluon.nn.Dense(1, in_units=4))
    net.initialize(mx.init.One())
    if hybridize:
        net.hybridize()
    return net


@pytest.mark.parametrize("hybridize", [False, True])
def test_custom_layer_deferred_param_shape_inferred_from_graph(hybridize):
    def fn(mx):
        net = _scaled_fc(mx, hybridize, init_w=mx.init.Constant(mx.nd.array(np.linspace(-1, 1, 6).reshape(3, 2))))
        out = net(mx.nd.array(X))
        p = net.collect_params()
        return out, p["net_scaledfc0_weights"].shape, p["net_scaledfc0_weights"].data()
    check(fn)


def test_custom_layer_deferred_param_trains():
    def fn(mx):
        net = _scaled_fc(mx, True)
        tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9})
        x, y = mx.nd.array(X), mx.nd.array(np.linspace(-1, 1, 5).reshape(5, 1))
        for _ in range(2):
            with mx.autograd.record():
                loss = mx.gluon.loss.L2Loss()(net(x), y)
            loss.backward()
            tr.step(5)
        return {k: v.data() for k, v in net.collect_params().items()}
    check(fn)


def test_custom_layer_undeterminable_shape_is_mxnet_error():
    def fn(mx):
        class Bad(mx.gluon.HybridBlock):
            def __init__(self, **kw):
                super().__init__(**kw)
                self.w = self.params.get("w", shape=(0,), allow_deferred_init=True)

            def hybrid_forward(self, F, x, w):
                return x + F.sum(w)
        b = Bad()
        b.initialize()
        return b(mx.nd.ones((2, 3)))
    check(fn)


def _tie_grads(mx, f):
    x = mx.nd.array([[1, 3, 3], [2, 3, 0]])
    x.attach_grad()
    with mx.autograd.record():
        y = f(mx, x)
    y.backward()
    return x.grad


@pytest.mark.parametrize("f", [
    lambda mx, x: mx.nd.max(x),
    lambda mx, x: mx.nd.min(x, axis=1),
    lambda mx, x: x.max(axis=0, keepdims=True) * 2,
    lambda mx, x: mx.nd.max(x, axis=(0, 1), exclude=True),
    lambda mx, x: mx.nd.max_axis(x, axis=1) + mx.nd.min(x),
], ids=["max_all", "min_axis1", "method_keepdims", "exclude", "max_axis_plus_min"])
def test_reduce_max_min_gradient_goes_to_every_tie(f):
    """min-max normalisation layers (custom-layer tutorial) train differently if ties split the gradient."""
    check(lambda mx: _tie_grads(mx, f))


@pytest.mark.parametrize("f", [
    lambda mx, a, b: mx.nd.maximum(a, b),
    lambda mx, a, b: mx.nd.minimum(a, b),
    lambda mx, a, b: mx.nd.broadcast_maximum(a, b.reshape((1, 3))),
    lambda mx, a, b: mx.nd.broadcast_minimum(a.reshape((3, 1)), b.reshape((1, 3))),
    lambda mx, a, b: mx.nd.maximum(a, 2) + mx.nd.minimum(2, b),
], ids=["maximum", "minimum", "broadcast_maximum", "broadcast_minimum_2d", "scalar"])
def test_elementwise_maximum_minimum_tie_gradient_goes_to_lhs(f):
    def fn(mx):
        a, b = mx.nd.array([1, 3, 2]), mx.nd.array([1, 2, 2])
        a.attach_grad()
        b.attach_grad()
        with mx.autograd.record():
            y = f(mx, a, b)
        y.backward()
        return y, a.grad, b.grad
    check(fn)


def _two_models(mx, tmp_path):
    def model(prefix, init):
        net = mx.gluon.nn.HybridSequential(prefix=prefix)
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(3, in_units=2), mx.gluon.nn.Dense(2, in_units=3))
        net.initialize(init)
        return net
    a, b = model("model0_", mx.init.One()), model("model1_", mx.init.Zero())
    path = str(tmp_path / f"{mx.__name__}.params")
    a.collect_params().save(path)
    return a, b, path


def _error_text(fn):
    try:
        fn()
    except AssertionError as e:
        return str(e).replace("torch2gluon.params", "X").replace("mxnet.params", "X")
    return None


def test_parameterdict_load_mismatched_prefix_message(tmp_path):
    """naming tutorial prints this message when loading model0's file into model1."""
    def fn(mx):
        a, b, path = _two_models(mx, tmp_path)
        return (_error_text(lambda: b.collect_params().load(path, mx.cpu())),
                _error_text(lambda: b.collect_params().load(path, mx.cpu(), allow_missing=True)),
                _error_text(lambda: b.collect_params().load(path, mx.cpu(), restore_prefix="model")))
    check(fn)


def test_parameterdict_load_dict(tmp_path):
    def fn(mx):
        a, b, path = _two_models(mx, tmp_path)
        d = {"arg:" + k.replace("model0_", "model1_"): v.data() for k, v in a.collect_params().items()}
        b.collect_params().load_dict(d, mx.cpu())
        missing = _error_text(lambda: b.collect_params().load_dict({}, mx.cpu()))
        return [v.data() for v in b.collect_params().values()], missing
    check(fn)


def test_dataloader_more_workers_than_cpus_is_silent():
    """Tutorials use num_workers=4/5 whatever the machine; MXNet prints nothing, torch would warn."""
    import os
    import warnings
    import torch2gluon as mx
    ds = mx.gluon.data.SimpleDataset([np.full((2,), i, np.float32) for i in range(6)]).transform(lambda x: x * 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loader = mx.gluon.data.DataLoader(ds, batch_size=4, num_workers=(os.cpu_count() or 1) + 2)
        batches = [b.asnumpy() for b in loader]
        assert len([b for b in loader]) == 2   # second epoch (persistent workers) is silent too
    assert [b.shape for b in batches] == [(4, 2), (2, 2)]
    assert batches[1][:, 0].tolist() == [8.0, 10.0]


@pytest.mark.parametrize("alpha", [0.05, 0.0])
def test_leakyrelu_block_gradient_at_zero_and_graph(alpha):
    """activations tutorial: LeakyReLU's gradient at x == 0 is the slope (one LeakyReLU op, as MXNet)."""
    def fn(mx):
        blk = mx.gluon.nn.LeakyReLU(alpha)
        x = mx.nd.array([-1.0, 0.0, 2.0])
        x.attach_grad()
        with mx.autograd.record():
            y = blk(x)
        y.backward()
        sym = blk(mx.sym.var("data"))
        return y, x.grad, sym.list_outputs(), sym.get_internals().list_outputs()
    check(fn)


def test_launcher_reports_a_script_syntax_error_like_python(tmp_path):
    """A notebook cell's late `from __future__` import is a SyntaxError: same report as `python script.py`."""
    import subprocess
    import sys
    script = tmp_path / "bad.py"
    script.write_text("import mxnet\nx = 1\nfrom __future__ import print_function\n")
    ref = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    ours = subprocess.run([sys.executable, "-m", "torch2gluon", str(script)], capture_output=True, text=True)
    assert ours.returncode == ref.returncode == 1
    assert ours.stderr == ref.stderr
    assert "Traceback" not in ours.stderr
