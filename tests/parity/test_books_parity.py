"""Gaps found by running the MXNet 1.x teaching books (The Straight Dope, d2lzh) unchanged, in miniature."""
import numpy as np
import pytest
import torch

import torch2gluon
from tests.oracle import check

NO_CUDA = not torch.cuda.is_available()


@pytest.mark.skipif(not NO_CUDA, reason="compares against the oracle's CPU-only build")
@pytest.mark.parametrize("make", [lambda mx: mx.nd.array([0], ctx=mx.gpu()),
                                  lambda mx: mx.nd.zeros((2, 3), ctx=mx.gpu(1)),
                                  lambda mx: mx.nd.ones(2).as_in_context(mx.gpu()),
                                  lambda mx: mx.nd.ones(2).copyto(mx.gpu()),
                                  lambda mx: mx.gluon.nn.Dense(2, in_units=2).initialize(ctx=mx.gpu())])
def test_data_on_missing_gpu_is_mxnet_error(make):
    """d2lzh's try_gpu()/try_all_gpus() probe with nd.array(ctx=mx.gpu(i)) and catch MXNetError."""
    check(make)


def test_try_gpu_pattern_falls_back():
    def try_all_gpus(mx):
        ctxes = []
        try:
            for i in range(16):
                mx.nd.array([0], ctx=mx.gpu(i))
                ctxes.append(mx.gpu(i))
        except mx.base.MXNetError:
            pass
        return ctxes or [mx.cpu()]
    if NO_CUDA:
        check(lambda mx: [str(c) for c in try_all_gpus(mx)])
    else:
        assert len(try_all_gpus(torch2gluon)) == torch.cuda.device_count()


def test_gpu_context_objects_need_no_device():
    check(lambda mx: (str(mx.gpu(3)), mx.gpu() == mx.gpu(0), mx.gpu(1).device_type, mx.gpu(2).device_id))


def _rnn_scratch(mx, consecutive_batches=3):
    """d2lzh's train_and_predict_rnn with consecutive sampling: the state of one batch feeds the next after
    `for s in state: s.detach()` (a no-op in MXNet: detach returns a new array). The previous graph was freed
    by backward, so the carried state is a constant: truncated BPTT."""
    nd, autograd = mx.nd, mx.autograd
    W_xh = nd.array(np.linspace(-0.5, 0.5, 12).reshape(4, 3))
    W_hh = nd.array(np.linspace(-0.3, 0.4, 9).reshape(3, 3))
    params = [W_xh, W_hh]
    for p in params:
        p.attach_grad()
    state = (nd.zeros((2, 3)),)
    xs = nd.array(np.linspace(-1, 1, consecutive_batches * 2 * 2 * 4).reshape(consecutive_batches, 2, 2, 4))
    out = []
    for b in range(consecutive_batches):
        for s in state:
            s.detach()
        with autograd.record():
            H, = state
            for X in xs[b]:
                H = nd.tanh(nd.dot(X, W_xh) + nd.dot(H, W_hh))
            state = (H,)
            loss = (H ** 2).sum()
        loss.backward()
        out += [loss, W_xh.grad.copy(), W_hh.grad.copy()]
        for p in params:
            p[:] = p - 0.1 * p.grad
    return out


def test_state_carried_across_batches_is_a_constant():
    check(_rnn_scratch)


@pytest.mark.parametrize("mode", ["rnn_tanh", "lstm", "gru"])
def test_gluon_rnn_layer_state_carried_across_batches(mode):
    def fn(mx):
        layer = {"rnn_tanh": mx.gluon.rnn.RNN, "lstm": mx.gluon.rnn.LSTM, "gru": mx.gluon.rnn.GRU}[mode](3)
        layer.initialize(mx.init.Constant(0.1))
        trainer = mx.gluon.Trainer(layer.collect_params(), "sgd", {"learning_rate": 0.5})
        state = layer.begin_state(batch_size=2)
        out = []
        for b in range(3):
            x = mx.nd.array(np.linspace(-1, 1, 4 * 2 * 5).reshape(4, 2, 5) * (b + 1))
            for s in state:
                s.detach()
            with mx.autograd.record():
                y, state = layer(x, state)
                loss = (y * y).mean()
            loss.backward()
            trainer.step(1)
            out += [loss, [s.copy() for s in state]]
        return out, {k: p.data() for k, p in layer.collect_params().items()}
    check(fn, atol=1e-5, rtol=1e-4)


def test_split_sibling_output_is_constant_after_backward():
    def fn(mx):
        x = mx.nd.array(np.arange(8.0).reshape(2, 4))
        w = mx.nd.array([0.5, -1.0])
        x.attach_grad()
        w.attach_grad()
        with mx.autograd.record():
            a, b = mx.nd.split(x * 2, num_outputs=2, axis=1)
            a.sum().backward()
        g1 = x.grad.copy()
        with mx.autograd.record():
            c = (b * w.reshape((1, 2))).sum()
        c.backward()
        return g1, x.grad, w.grad
    check(fn)


def test_backward_twice_through_freed_graph_still_errors():
    def fn(mx):
        x = mx.nd.array([1.0, 2.0])
        x.attach_grad()
        with mx.autograd.record():
            y = x * 3
            l1, l2 = (y * y).sum(), (y + 1).sum()
        l1.backward()
        l2.backward()
    check(fn)


def _saved_dense(mx, path):
    net = mx.gluon.nn.Dense(2, in_units=3, prefix="d_")
    net.initialize(mx.init.Constant(0.5))
    net.save_parameters(path)


@pytest.mark.parametrize("case", ["init_other_ctx", "deferred_other_ctx", "deferred_no_ctx", "fresh_no_ctx_in_scope",
                                  "init_same_ctx_set", "init_no_ctx"])
def test_load_parameters_contexts(tmp_path, case):
    """The Straight Dope's serialization chapter: load_params/load_parameters onto initialized parameters."""
    path = str(tmp_path / "d.params")

    def fn(mx):
        _saved_dense(mx, path)
        net = mx.gluon.nn.Dense(2, in_units=None if case.startswith("deferred") else 3, prefix="d_")
        if case.startswith("init"):
            net.initialize(ctx=[mx.cpu(1), mx.cpu(0)] if case == "init_same_ctx_set" else mx.cpu(1))
        elif case.startswith("deferred"):
            net.initialize(ctx=mx.cpu(1))
        ctx = {"init_other_ctx": [mx.cpu(0), mx.cpu(1)], "deferred_other_ctx": mx.cpu(0),
               "init_same_ctx_set": [mx.cpu(0), mx.cpu(1)]}.get(case)
        if case == "fresh_no_ctx_in_scope":
            with mx.cpu(1):
                net.load_parameters(path)
        else:
            net.load_parameters(path, ctx=ctx)
        return net.weight.list_ctx(), net.weight.data(net.weight.list_ctx()[0]), net.bias.list_ctx()
    check(fn)


@pytest.mark.parametrize("build", [
    lambda mx: mx.sym.var("a"),
    lambda mx: mx.sym.concat(*[mx.sym.var("v%d" % i) for i in range(12)], dim=0),
    lambda mx: mx.sym.Group([mx.sym.var("v%d" % i) for i in range(11)]),
    lambda mx: mx.sym.var("b", shape=(2, 3), lr_mult=2.0, dtype="float16"),
    lambda mx: mx.sym.FullyConnected(mx.sym.Activation(mx.sym.var("x"), act_type="relu", name="r"), num_hidden=3,
                                     name="fc"),
    lambda mx: mx.sym.var('w\u00e9"q\tx\\y'),
])
def test_tojson_text_layout(build):
    """The Straight Dope prints `net(sym.var('data')).tojson()`: MXNet's exact text, not only the same JSON."""
    check(lambda mx: build(mx).tojson())


def test_hybridized_mlp_tojson_and_saved_file(tmp_path):
    def fn(mx):
        net = mx.gluon.nn.HybridSequential(prefix="mlp_")
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(4, activation="relu", in_units=3), mx.gluon.nn.Dense(2, in_units=4))
        net.initialize()
        net.hybridize()
        y = net(mx.sym.var("data"))
        path = str(tmp_path / ("%s.json" % mx.__name__))
        y.save(path)
        return y.tojson(), open(path).read()
    check(fn)


@pytest.mark.parametrize("mode", ["lstm", "gru"])
def test_rnn_model_with_dense_head_state_carried(mode):
    """d2lzh's RNNModel (one_hot -> fused rnn -> reshape -> Dense) trained by train_and_predict_rnn_gluon."""
    def fn(mx):
        class RNNModel(mx.gluon.nn.Block):
            def __init__(self, layer, vocab, **kw):
                super().__init__(**kw)
                self.rnn, self.vocab, self.dense = layer, vocab, mx.gluon.nn.Dense(vocab)

            def forward(self, inputs, state):
                y, state = self.rnn(mx.nd.one_hot(inputs.T, self.vocab), state)
                return self.dense(y.reshape((-1, y.shape[-1]))), state
        layer = mx.gluon.rnn.LSTM(4) if mode == "lstm" else mx.gluon.rnn.GRU(4)
        model = RNNModel(layer, 6)
        model.initialize(mx.init.Constant(0.2))
        trainer = mx.gluon.Trainer(model.collect_params(), "sgd", {"learning_rate": 1.0})
        loss = mx.gluon.loss.SoftmaxCrossEntropyLoss()
        corpus = mx.nd.array(np.arange(2 * 13) % 6).reshape((2, 13))
        state = layer.begin_state(batch_size=2)
        out = []
        for i in range(0, 12, 4):
            X, Y = corpus[:, i:i + 4], corpus[:, i + 1:i + 5]
            for s in state:
                s.detach()
            with mx.autograd.record():
                output, state = model(X, state)
                l = loss(output, Y.T.reshape((-1,))).mean()
            l.backward()
            trainer.step(1)
            out.append(l)
        return out, [s for s in state]
    check(fn, atol=1e-5, rtol=1e-4)
