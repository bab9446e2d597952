"""hybridize() through torch.compile: same numbers as eager and as MXNet, one graph per signature, loud fallback."""
import warnings

import numpy as np
import pytest
import torch

import torch2gluon
from tests.oracle import check

RNG = np.random.RandomState(7)
X = RNG.uniform(-1, 1, (4, 6)).astype(np.float32)


class _Counter:
    """A torch.compile backend that counts the graphs it is given and runs them as they are."""

    def __init__(self):
        self.graphs = 0

    def __call__(self, gm, example_inputs):
        self.graphs += 1
        return gm.forward


def _mlp(mx, dropout=0.0):
    net = mx.gluon.nn.HybridSequential(prefix="mlp_")
    with net.name_scope():
        net.add(mx.gluon.nn.Dense(8, activation="relu"))
        if dropout:
            net.add(mx.gluon.nn.Dropout(dropout))
        net.add(mx.gluon.nn.BatchNorm(), mx.gluon.nn.Dense(3))
    net.initialize(mx.init.Xavier())
    net(mx.nd.array(X))  # finish deferred init; then the same weights on both sides
    for i, p in enumerate(net.collect_params().values()):
        p.set_data(mx.nd.array(np.random.RandomState(i).uniform(0.2, 0.8, p.shape)))
    return net


def _train_steps(mx, net, steps=3):
    """Forward, backward and SGD steps; returns outputs, grads and BatchNorm running stats."""
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    loss_fn = mx.gluon.loss.L2Loss()
    outs = []
    for i in range(steps):
        x = mx.nd.array(X * (i + 1))
        with mx.autograd.record():
            y = net(x)
            loss = loss_fn(y, mx.nd.ones((4, 3)))
        loss.backward()
        trainer.step(4)
        outs.append(y)
    outs.append(net(mx.nd.array(X)))  # predict mode
    outs.extend(p.data() for p in net.collect_params().values())
    return outs


def _hybridize(mx, net, backend):
    if mx is torch2gluon:
        net.hybridize(backend=backend)
    else:
        net.hybridize()


@pytest.mark.parametrize("backend", ["eager"])
def test_compiled_training_equals_mxnet_hybridized(backend):
    """Outputs, updated weights and BatchNorm running stats of 3 SGD steps equal MXNet's hybridized run."""
    def snippet(mx):
        net = _mlp(mx)
        _hybridize(mx, net, backend)
        return _train_steps(mx, net)
    check(snippet, atol=1e-5, rtol=1e-5)


def test_compiled_dropout_matches_eager_bit_for_bit():
    """Random operators draw from the same generator: with one seed, compiled and eager give equal numbers."""
    results = []
    for backend in (None, "aot_eager"):
        net = _mlp(torch2gluon, dropout=0.5)
        if backend:
            net.hybridize(backend=backend)
        torch2gluon.random.seed(3)
        results.append([o.asnumpy() for o in _train_steps(torch2gluon, net)])
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_one_graph_per_signature_and_first_call_eager():
    counter = _Counter()
    net = _mlp(torch2gluon)
    net.hybridize(backend=counter)
    x = torch2gluon.nd.array(X)
    net(x)
    assert counter.graphs == 0  # the first hybridized call runs eagerly (deferred init happens there)
    for _ in range(3):
        net(x)
    assert counter.graphs == 1  # compiled once, then replayed
    with torch2gluon.autograd.record():
        net(x)
    assert counter.graphs == 2  # training mode + recording is another signature
    net(x)
    assert counter.graphs == 2


def test_compiled_forward_sees_new_weights():
    """set_data / Trainer updates reach the compiled graph (parameters are graph inputs, not constants)."""
    net = _mlp(torch2gluon)
    net.hybridize(backend="aot_eager")
    x = torch2gluon.nd.array(X)
    for _ in range(3):
        net(x)
    w = net[0].weight
    w.set_data(w.data() * 2)
    got = net(x).asnumpy()
    net.hybridize(False)
    np.testing.assert_allclose(got, net(x).asnumpy(), rtol=1e-6)


def test_graph_break_warns_and_still_computes():
    class Breaks(torch2gluon.gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            return x * x.max().asscalar()  # a Python number: dynamo has to split the graph here

    blk = Breaks()
    blk.hybridize(backend="eager")
    x = torch2gluon.nd.array(X)
    blk(x)
    with pytest.warns(UserWarning, match="does not compile to one graph"):
        y = blk(x)
    np.testing.assert_allclose(y.asnumpy(), X * X.max(), rtol=1e-6)


def test_backend_failure_falls_back_loudly():
    def broken(gm, example_inputs):
        raise RuntimeError("backend exploded")

    net = _mlp(torch2gluon)
    net.hybridize(backend=broken)
    x = torch2gluon.nd.array(X)
    want = net(x).asnumpy()
    got = net(x)  # a first failure runs the call eagerly and tries again next time
    with pytest.warns(UserWarning, match="could not be compiled.*backend exploded.*runs eagerly"):
        got2 = net(x)  # the second failure in a row ends compilation, loudly
    np.testing.assert_array_equal(got.asnumpy(), want)
    np.testing.assert_array_equal(got2.asnumpy(), want)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once, then quietly eager
        net(x)


def test_replaced_child_with_deferred_init_compiles_after_one_eager_call():
    """MXNet's test_hybrid_stale_cache pattern: a child swapped in after hybridize() still defers its
    shapes; that call runs eagerly (initialising it), later calls compile again, without warnings."""
    nn = torch2gluon.gluon.nn
    net = nn.HybridSequential()
    with net.name_scope():
        net.fc1 = nn.Dense(10, weight_initializer="zeros", bias_initializer="ones", flatten=False)
        net.fc2 = nn.Dense(10, weight_initializer="zeros", bias_initializer="ones", flatten=False)
    net.hybridize(backend="eager")
    net.initialize()
    x = torch2gluon.nd.ones((2, 3, 5))
    net(x)
    net(x)
    net.fc2 = nn.Dense(10, weight_initializer="zeros", bias_initializer="ones", flatten=True)
    net.initialize()
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        assert net(x).shape == (2, 10)
        assert net(x).shape == (2, 10)
    assert not net._compiler.disabled and net._compiler.failures == 0


def test_user_errors_are_not_swallowed_by_compilation():
    """A shape error inside a compiled forward is the operator's MXNetError, not a compile fallback."""
    net = _mlp(torch2gluon)
    net.hybridize(backend="eager")
    x = torch2gluon.nd.array(X)
    net(x)
    net(x)
    with pytest.raises(torch2gluon.base.MXNetError):
        net(torch2gluon.nd.ones((4, 5)))


def test_auto_policy_runs_eagerly_on_cpu(monkeypatch):
    monkeypatch.delenv("TORCH2GLUON_HYBRIDIZE", raising=False)
    net = _mlp(torch2gluon)
    net.hybridize()
    x = torch2gluon.nd.array(X)
    for _ in range(3):
        net(x)
    assert net._compiler.fn is None and net._compiler.disabled


def test_env_forces_a_backend(monkeypatch):
    counter = _Counter()
    monkeypatch.setenv("TORCH2GLUON_HYBRIDIZE", "eager")
    net = _mlp(torch2gluon)
    net.hybridize()
    x = torch2gluon.nd.array(X)
    for _ in range(3):
        net(x)
    assert net._compiler.fn is not None
    monkeypatch.setenv("TORCH2GLUON_HYBRIDIZE", "nonsense")
    net2 = _mlp(torch2gluon)
    net2.hybridize()
    net2(x)
    with pytest.raises(ValueError, match="TORCH2GLUON_HYBRIDIZE"):
        net2(x)
    del counter


def test_backend_names_checked():
    net = _mlp(torch2gluon)
    with pytest.raises(NotImplementedError, match="MKLDNN"):
        net.hybridize(backend="MKLDNN")
    with pytest.raises(ValueError, match="unknown backend"):
        net.hybridize(backend="no_such_backend")


def test_backend_options_go_to_torch_compile():
    counter = _Counter()
    net = _mlp(torch2gluon)
    net.hybridize(backend=counter, dynamic=False, fullgraph=True)
    x = torch2gluon.nd.array(X)
    net(x)
    net(x)
    net(torch2gluon.nd.array(np.concatenate([X, X])))  # static shapes: another graph for batch 8
    assert counter.graphs == 2


def test_hybridize_signature_is_mxnets(mx):
    """Positional arguments line up with MXNet 1.9.1: (active, backend, clear, static_alloc, static_shape...)."""
    import inspect
    ours = list(inspect.signature(torch2gluon.gluon.HybridBlock.hybridize).parameters)
    import mxnet
    theirs = list(inspect.signature(mxnet.gluon.HybridBlock.hybridize).parameters)
    assert ours == theirs


def test_hybridize_with_hooks_warns_like_mxnet():
    def snippet(mx):
        net = mx.gluon.nn.Dense(2)
        net.register_forward_hook(lambda b, i, o: None)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            net.hybridize()
        return [str(x.message).replace(str(net), "NET") for x in w]
    check(snippet)


def test_nested_hybridized_children_compile_with_the_parent():
    counter = _Counter()
    outer = torch2gluon.gluon.nn.HybridSequential()
    inner = _mlp(torch2gluon)
    outer.add(inner, torch2gluon.gluon.nn.Dense(2))
    outer.initialize()
    outer.hybridize(backend=counter)  # children are hybridized too (without the backend, like MXNet)
    x = torch2gluon.nd.array(X)
    want = outer(x).asnumpy()
    got = outer(x).asnumpy()
    assert counter.graphs == 1  # one graph for the whole network
    np.testing.assert_allclose(got, want, rtol=1e-6)


@pytest.mark.parametrize("static,device,mode,cudagraphs", [
    (True, "cuda", None, True), (False, "cuda", None, False), (True, "cpu", None, False),
    (False, "cpu", "max-autotune", True)])
def test_inductor_settings_per_device(static, device, mode, cudagraphs):
    """CUDA graphs for static_alloc+static_shape on CUDA; a mode is spelled out as options (torch.compile
    refuses both); eager-identical random numbers everywhere; torch.compile accepts the result."""
    from torch2gluon.gluon._compile import Compiler
    opts = {"mode": mode} if mode else {}
    comp = Compiler(torch2gluon.gluon.nn.Dense(2), "inductor", opts, static, static)
    backend, kwargs = comp._choose(torch.device(device))
    assert backend == "inductor" and "mode" not in kwargs
    assert kwargs["options"]["fallback_random"] is True
    assert bool(kwargs["options"].get("triton.cudagraphs")) == cudagraphs
    assert kwargs.get("dynamic") is (False if static else None)
    torch.compile(lambda t: t + 1, backend=backend, **kwargs)  # validates the keywords


def test_auto_on_cuda_chooses_inductor(monkeypatch):
    from torch2gluon.gluon._compile import Compiler
    monkeypatch.delenv("TORCH2GLUON_HYBRIDIZE", raising=False)
    comp = Compiler(torch2gluon.gluon.nn.Dense(2), None, None, True, True)
    backend, kwargs = comp._choose(torch.device("cuda"))
    assert backend == "inductor" and kwargs["options"]["triton.cudagraphs"] is True
    assert comp._choose(torch.device("cpu")) is None


def test_inductor_compiles_and_matches_eager():
    """The real compiler (C++ kernels on CPU): predictions equal eager's within float rounding."""
    net = _mlp(torch2gluon)
    x = torch2gluon.nd.array(X)
    want = net(x).asnumpy()
    net.hybridize(backend="inductor", static_alloc=True, static_shape=True)
    net(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # no fallback
        got = net(x).asnumpy()
    assert net._compiler.fn is not None and not net._compiler.disabled
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_rnn_layers_compile_to_one_graph():
    """Fused LSTM inside a hybridized block: no graph break, no fallback, same outputs."""
    class Net(torch2gluon.gluon.HybridBlock):
        def __init__(self):
            super().__init__()
            with self.name_scope():
                self.rnn = torch2gluon.gluon.rnn.LSTM(4, layout="NTC", num_layers=2)

        def hybrid_forward(self, F, x):
            return self.rnn(x)

    net = Net()
    net.initialize()
    x = torch2gluon.nd.random.uniform(shape=(2, 6, 3))
    want = net(x).asnumpy()
    net.hybridize(backend="eager")
    net(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        got = net(x).asnumpy()
    assert net._compiler.fn is not None and not net._compiler.disabled
    np.testing.assert_allclose(got, want, rtol=1e-6)


@pytest.mark.parametrize("hybrid", [False, True])
def test_shape_mismatch_names_the_layer_when_hybridized(hybrid):
    """Hybridized, MXNet reports 'Error in operator dense1_fwd: Shape inconsistent, ...'; eager, no name."""
    def snippet(mx):
        with mx.name.NameManager():
            net = mx.gluon.nn.HybridSequential()
            net.add(mx.gluon.nn.Dense(3, in_units=5))
            net.initialize()
            if hybrid:
                net.hybridize()
            try:
                net(mx.nd.ones((2, 4)))
            except mx.base.MXNetError as e:
                msg = str(e).replace("MXNetError: ", "")
                return [msg.startswith("Error in operator dense0_fwd:"), "Shape inconsistent" in msg,
                        "Error in operator" in msg]
    check(snippet)


@pytest.mark.parametrize("cell", ["RNNCell", "LSTMCell", "GRUCell"])
@pytest.mark.parametrize("hybrid", [False, True])
def test_output_containers_like_mxnet(cell, hybrid):
    """A hybridized block's outputs come back as (nested) lists, as MXNet regroups them; eager keeps tuples."""
    def snippet(mx):
        c = getattr(mx.gluon.rnn, cell)(4)
        c.initialize()
        if hybrid:
            c.hybridize()
        st = c.begin_state(2)
        outs = [c(mx.nd.ones((2, 3)), st) for _ in range(2)]
        return [(type(o).__name__, type(o[1]).__name__) for o in outs]
    check(snippet)


def test_options_a_backend_would_ignore_are_refused():
    """Only inductor reads torch.compile `options`; elsewhere an option is refused by name, not dropped."""
    net = _mlp(torch2gluon)
    with pytest.raises(NotImplementedError, match="bogus"):
        net.hybridize(backend="eager", bogus=1)
    net.hybridize(backend="eager", dynamic=False)  # torch.compile's own keywords apply to every backend
    net.hybridize()
    net.hybridize(static_alloc=True, bogus=1)  # without a backend MXNet keeps them unused too
