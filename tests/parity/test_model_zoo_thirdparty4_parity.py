"""Behaviours third-party Gluon code relies on (fourth batch), each reproduced in miniature.

Found by running sockeye 2.x (MXNet 1.x transformer layers: interleaved-matmul attention, positional
embeddings, SSRU with contrib.foreach, length-ratio head) and gluon-ts (MXNet backend: distribution outputs,
scalers, feature embedders, DeepAR-style lag/sequence ops) code unchanged on MXNet 1.9.1 and on torch2gluon.
Every test is our own snippet against the oracle; no third-party code lives here.
"""
import json

import numpy as np
import pytest

from tests.oracle import check

RNG = np.random.RandomState(5)
X = RNG.randn(3, 5, 8).astype("float32")


def _pos_block(mx):
    class AddPositions(mx.gluon.HybridBlock):
        # sockeye's PositionalEmbeddings: forward(data, steps) with steps=None slices the table like the data
        def __init__(self):
            super(AddPositions, self).__init__(prefix="pe_")
            with self.name_scope():
                self.weight = self.params.get("weight", shape=(10, 8), init=mx.init.Constant(0.5))

        def hybrid_forward(self, F, data, steps, weight):
            if steps is None:
                pos = F.slice_like(F.expand_dims(weight, axis=0), data, axes=(1,))
            else:
                pos = F.Embedding(steps, weight, 10, 8)
            return F.broadcast_add(data, pos)
    blk = AddPositions()
    blk.initialize()
    blk.hybridize()
    return blk


def test_export_with_a_none_argument_names_the_single_array_input_data(tmp_path):
    # MXNet names graph inputs after the array arguments only: (data, None) exports one input called 'data'
    def f(mx):
        blk = _pos_block(mx)
        y = blk(mx.nd.array(X), None)
        prefix = str(tmp_path / mx.__name__)
        blk.export(prefix)
        with open(prefix + "-symbol.json") as fp:
            graph = json.load(fp)
        names = [n["name"] for n in graph["nodes"] if n["op"] == "null"]
        sb = mx.gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data"], prefix + "-0000.params")
        return y, names, sb(mx.nd.array(X))
    check(f)


def test_export_with_a_none_argument_between_arrays(tmp_path):
    def f(mx):
        class Blk(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, a, b, c):
                return a * 2 + (c if b is None else b)
        blk = Blk(prefix="b_")
        blk.hybridize()
        y = blk(mx.nd.ones((2, 3)), None, mx.nd.ones((2, 3)) * 3)
        prefix = str(tmp_path / mx.__name__)
        blk.export(prefix)
        with open(prefix + "-symbol.json") as fp:
            names = [n["name"] for n in json.load(fp)["nodes"] if n["op"] == "null"]
        sb = mx.gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data0", "data1"])
        return y, names, sb(mx.nd.ones((2, 3)), mx.nd.ones((2, 3)) * 5)
    check(f)


def test_save_load_model_of_a_block_called_with_none(tmp_path):
    # HybridBlock.save records the graph (inputs without the None argument); load restores it
    def f(mx):
        blk = _pos_block(mx)
        y = blk(mx.nd.array(X), None)
        prefix = str(tmp_path / ("s_" + mx.__name__))
        blk.save(prefix)
        with open(prefix + "-model.json") as fp:
            model = json.load(fp)
        top = list(model.values())[0]
        blk2 = _pos_block(mx)
        blk2.load(prefix)
        return y, top["in_format"], len(top["inputs"]), blk2(mx.nd.array(X), None)
    check(f)


@pytest.mark.parametrize("shape,axes", [((4,), (1,)), ((4,), (-2,)), ((2, 3), (2,)), ((2, 3), (5, -7)),
                                        ((2, 3), (1, 0)), ((2, 3, 2), (4,))])
def test_index_array_takes_each_axis_modulo_ndim(shape, axes):
    # MXNet never range-checks index_array's axes (its kernel wraps them); sockeye's AutoRegressiveBias asks
    # for axes=(1,) of a 1-D array
    check(lambda mx: mx.nd.contrib.index_array(mx.nd.zeros(shape), axes=axes))
    check(lambda mx: mx.sym.contrib.index_array(mx.sym.var("x"), axes=axes).eval(x=mx.nd.zeros(shape))[0])


@pytest.mark.parametrize("hybridize", [False, True])
def test_autoregressive_bias_from_a_squeezed_slice(hybridize):
    def f(mx):
        class Bias(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, x):
                x = F.squeeze(F.slice(x, begin=(0, None, 0), end=(1, None, 1)))
                pos = F.cast(F.contrib.index_array(x, axes=(1,)), dtype="float32")
                bias = F.broadcast_greater(F.reshape(pos, shape=(1, -1)), pos) * -1e8
                return F.BlockGrad(F.expand_dims(bias, axis=0))
        blk = Bias()
        if hybridize:
            blk.hybridize()
        return blk(mx.nd.array(X))
    check(f)


def _attention_block(mx):
    class SelfAttention(mx.gluon.HybridBlock):
        # sockeye 2.x MultiHeadSelfAttention + DotAttentionCell: interleaved projections, length-masked softmax
        def __init__(self, depth=8, heads=2):
            super(SelfAttention, self).__init__(prefix="att_")
            self.heads = heads
            with self.name_scope():
                self.ff_in = mx.gluon.nn.Dense(depth * 3, flatten=False, use_bias=False, in_units=depth, prefix="i2h_")
                self.ff_out = mx.gluon.nn.Dense(depth, flatten=False, use_bias=False, in_units=depth, prefix="h2o_")

        def hybrid_forward(self, F, inputs, lengths):
            q, k, v = F.split(self.ff_in(inputs), num_outputs=3, axis=2)
            kv = F.concat(k, v, dim=2)
            logits = F.contrib.interleaved_matmul_encdec_qk(q, kv, heads=self.heads)
            lens = F.repeat(lengths, repeats=self.heads, axis=0)
            lens = F.broadcast_like(F.expand_dims(lens, axis=1), F.swapaxes(inputs, 0, 1), lhs_axes=(1,), rhs_axes=(1,))
            probs = F.softmax(logits, axis=-1, length=F.cast(lens, "int32"), use_length=True)
            ctx = F.contrib.interleaved_matmul_encdec_valatt(kv, probs, heads=self.heads)
            return self.ff_out(ctx), kv
    return SelfAttention()


@pytest.mark.parametrize("hybridize", [False, True])
def test_interleaved_attention_with_length_softmax_trains_and_exports(hybridize, tmp_path):
    x0 = RNG.randn(5, 3, 8).astype("float32")   # (length, batch, depth)
    w0 = RNG.uniform(-0.3, 0.3, (24, 8)).astype("float32")

    def f(mx):
        blk = _attention_block(mx)
        blk.initialize(mx.init.Constant(0.1))
        blk.ff_in.weight.set_data(mx.nd.array(w0))
        if hybridize:
            blk.hybridize()
        tr = mx.gluon.Trainer(blk.collect_params(), "adam", {"learning_rate": 0.01})
        x, lengths = mx.nd.array(x0), mx.nd.array([5, 3, 2])
        with mx.autograd.record():
            out, kv = blk(x, lengths)
            loss = (out * out).sum() + (kv * kv).sum()
        loss.backward()
        grads = [blk.ff_in.weight.grad().copy(), blk.ff_out.weight.grad().copy()]
        tr.step(3)
        res = [out, kv] + grads + [blk.ff_in.weight.data()]
        if hybridize:
            prefix = str(tmp_path / mx.__name__)
            blk.export(prefix)
            sb = mx.gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data0", "data1"], prefix + "-0000.params")
            res.append(sb(x, lengths))
        return res
    check(f, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("hybridize", [False, True])
def test_ssru_foreach_cell_state_with_squeezed_initial_state(hybridize):
    # sockeye's SSRU training path: contrib.foreach over (inputs, forget rates) from a squeezed (1, B, H) state
    x0, s0 = RNG.randn(4, 2, 3).astype("float32"), RNG.randn(1, 2, 3).astype("float32")

    def f(mx):
        class SSRU(mx.gluon.HybridBlock):
            def __init__(self):
                super(SSRU, self).__init__(prefix="ssru_")
                with self.name_scope():
                    self.forget = mx.gluon.nn.Dense(3, activation="sigmoid", flatten=False, in_units=3)
                    self.linear = mx.gluon.nn.Dense(3, use_bias=False, flatten=False, in_units=3)

            def hybrid_forward(self, F, inputs, prev):
                rates = self.forget(inputs)
                weighted = (1 - rates) * self.linear(inputs)

                def step(data, state):
                    inp, rate = data
                    cur = rate * state + inp
                    return cur, cur
                cells, last = F.contrib.foreach(step, [weighted, rates], F.squeeze(prev, axis=0))
                return F.relu(cells), F.expand_dims(last, axis=0)
        blk = SSRU()
        blk.initialize(mx.init.Constant(0.2))
        if hybridize:
            blk.hybridize()
        x = mx.nd.array(x0)
        x.attach_grad()
        with mx.autograd.record():
            out, last = blk(x, mx.nd.array(s0))
            loss = out.sum() + (last * 2).sum()
        loss.backward()
        return out, last, x.grad, blk.forget.weight.grad()
    check(f, rtol=1e-5, atol=1e-6)


def _student_t_nll(F, mu, sigma, nu, x):
    # gluon-ts StudentT.log_prob after StudentTOutput.domain_map (softplus via Activation('softrelu'))
    sigma = F.maximum(F.Activation(sigma, act_type="softrelu"), 1e-6)
    nu = 2.0 + F.Activation(nu, act_type="softrelu")
    half = (nu + 1.0) / 2.0
    z = F.gammaln(half) - F.gammaln(nu / 2.0) - 0.5 * F.log(np.pi * nu) - F.log(sigma)
    return -(z - half * F.log1p(1.0 / nu * F.square((x - mu) / sigma)))


def _neg_binomial_nll(F, mu, alpha, x):
    mu = F.Activation(mu, act_type="softrelu")
    alpha = F.Activation(alpha, act_type="softrelu")
    inv, am = 1.0 / alpha, alpha * mu
    return -(x * F.log(am / (1.0 + am)) - inv * F.log1p(am) + F.gammaln(x + inv) - F.gammaln(x + 1.0)
             - F.gammaln(inv))


@pytest.mark.parametrize("nll", [_student_t_nll, _neg_binomial_nll], ids=["student_t", "neg_binomial"])
def test_distribution_negative_log_likelihood_gradients(nll):
    args = [RNG.randn(3, 4).astype("float32") for _ in range(nll.__code__.co_argcount - 2)]
    target = np.abs(RNG.randn(3, 4)).round().astype("float32")

    def f(mx):
        xs = [mx.nd.array(a) for a in args]
        for x in xs:
            x.attach_grad()
        with mx.autograd.record():
            loss = nll(mx.nd, *xs, mx.nd.array(target)).mean()
        loss.backward()
        sym = nll(mx.sym, *[mx.sym.var("a%d" % i) for i in range(len(args))], mx.sym.var("t"))
        ev = sym.eval(t=mx.nd.array(target), **{"a%d" % i: mx.nd.array(a) for i, a in enumerate(args)})[0]
        return [loss, ev] + [x.grad for x in xs]
    check(f, rtol=1e-4, atol=1e-6)


def _mean_scaler(F, data, observed):
    num = F.sum(observed, axis=1)
    total = (data.abs() * observed).sum(axis=1)
    default = total.sum(axis=0) / F.maximum(num.sum(axis=0), 1.0)
    scale = total / F.maximum(num, 1.0)
    scale = F.where(F.broadcast_greater(total, F.zeros_like(total)), scale,
                    F.broadcast_mul(default, F.ones_like(num)))
    scale = F.maximum(scale, 1e-10)
    return F.broadcast_div(data, scale.expand_dims(axis=1)), scale


def test_mean_scaler_with_an_unobserved_series_in_both_apis():
    d0 = RNG.randn(3, 7, 2).astype("float32")
    o0 = (RNG.rand(3, 7, 2) > 0.4).astype("float32")
    o0[1] = 0

    def f(mx):
        nd_out = _mean_scaler(mx.nd, mx.nd.array(d0), mx.nd.array(o0))
        sym = mx.sym.Group(list(_mean_scaler(mx.sym, mx.sym.var("d"), mx.sym.var("o"))))
        return nd_out, sym.eval(d=mx.nd.array(d0), o=mx.nd.array(o0))
    check(f)


def _deepar_block(mx):
    class DeepAR(mx.gluon.HybridBlock):
        # gluon-ts DeepAR training network in miniature: lagged subsequences by slice_axis + stack, stacked
        # LSTM/GRU cells wrapped in Residual/Zoneout cells unrolled with begin_state(func=F.zeros)
        def __init__(self):
            super(DeepAR, self).__init__(prefix="deepar_")
            with self.name_scope():
                self.rnn = mx.gluon.rnn.HybridSequentialRNNCell()
                self.rnn.add(mx.gluon.rnn.ZoneoutCell(mx.gluon.rnn.LSTMCell(4, input_size=3), zoneout_states=0.0))
                self.rnn.add(mx.gluon.rnn.ResidualCell(mx.gluon.rnn.GRUCell(4, input_size=4)))
                self.proj = mx.gluon.nn.Dense(2, flatten=False, in_units=4)

        def hybrid_forward(self, F, past, future):
            seq = F.concat(past, future, dim=1)
            lags = F.stack(*[F.slice_axis(seq, axis=1, begin=-lag - 6, end=-lag if lag else None)
                             for lag in (0, 1, 3)], axis=-1)
            begin = self.rnn.begin_state(func=F.zeros, dtype="float32",
                                         batch_size=past.shape[0] if isinstance(past, mx.nd.NDArray) else 0)
            out, state = self.rnn.unroll(6, lags, begin_state=begin, layout="NTC", merge_outputs=True)
            mu, sigma = F.split(self.proj(out), num_outputs=2, axis=-1)
            sigma = F.Activation(sigma, act_type="softrelu")
            target = F.slice_axis(seq, axis=1, begin=-6, end=None)
            nll = F.log(sigma.squeeze(axis=-1)) + 0.5 * F.square((target - mu.squeeze(axis=-1)) / sigma.squeeze(axis=-1))
            return nll.mean(axis=1), state[0]
    return DeepAR()


@pytest.mark.parametrize("hybridize", [False, True])
def test_deepar_style_unroll_trains_and_exports(hybridize, tmp_path):
    p0, f0 = RNG.randn(2, 8).astype("float32"), RNG.randn(2, 2).astype("float32")

    def f(mx):
        net = _deepar_block(mx)
        net.initialize(mx.init.Constant(0.15))
        if hybridize:
            net.hybridize()
        tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        with mx.autograd.record():
            loss, h = net(mx.nd.array(p0), mx.nd.array(f0))
        loss.backward()
        tr.step(2)
        res = [loss, h] + [p.data() for _, p in sorted(net.collect_params().items())]
        if hybridize:
            prefix = str(tmp_path / mx.__name__)
            net.export(prefix)
            sb = mx.gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data0", "data1"], prefix + "-0000.params")
            res.append(sb(mx.nd.array(p0), mx.nd.array(f0)))
        return res
    check(f, rtol=1e-4, atol=1e-6)


def _two_heads(mx, post, flags):
    class TwoHeads(mx.gluon.HybridBlock):
        def __init__(self):
            super(TwoHeads, self).__init__(prefix="two_")
            with self.name_scope():
                self.a = mx.gluon.nn.Dense(2, in_units=3)
                self.b = mx.gluon.nn.Dense(2, in_units=3)

        def hybrid_forward(self, F, x, z):
            return self.a(x), post(F, self.b(z))
    net = TwoHeads()
    net.initialize(mx.init.One())
    net.hybridize(**flags)
    for p in net.collect_params().values():
        p.grad()[:] = 7
    tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    x, z = mx.nd.ones((1, 3)), mx.nd.ones((1, 3)) * 2
    z.attach_grad()
    z.grad[:] = 5
    with mx.autograd.record():
        y1, _ = net(x, z)
    y1.backward()
    grads = [net.b.weight.grad().copy(), net.b.bias.grad().copy(), z.grad.copy()]
    try:
        tr.step(1)
        stepped = "stepped"
    except UserWarning:
        stepped = "stale"
    return grads, stepped, net.a.weight.data()


@pytest.mark.parametrize("post,flags", [
    (lambda F, y: F.relu(y), {}),                        # 3 operators: one CachedOp node
    (lambda F, y: y * 2, {"inline_limit": 0}),
    (lambda F, y: y, {}),                                # 2 operators: inlined, recorded one by one
    (lambda F, y: y, {"static_alloc": True}),            # static_alloc is never inlined
    (lambda F, y: y, {"inline_limit": 1}),
], ids=["relu", "scale_inline0", "inlined", "static_alloc", "inline1"])
def test_hybridized_block_backward_from_one_output_reaches_every_graph_input(post, flags):
    # MXNet's CachedOp node computes the gradients of all its inputs: the parameters (and inputs with attached
    # gradients) of an output the loss does not use get zero gradients and are fresh for Trainer.step
    check(lambda mx: _two_heads(mx, post, flags))


def test_hybridized_block_returning_its_input_and_a_repeated_output():
    def f(mx):
        class Passthrough(mx.gluon.HybridBlock):
            def __init__(self):
                super(Passthrough, self).__init__(prefix="pt_")
                with self.name_scope():
                    self.d = mx.gluon.nn.Dense(2, in_units=3)

            def hybrid_forward(self, F, x):
                y = F.relu(self.d(x)) * 2
                return x, y, y
        net = Passthrough()
        net.initialize(mx.init.One())
        net.hybridize()
        w = mx.nd.ones((1, 3))
        w.attach_grad()
        with mx.autograd.record():
            x = w * 3
            a, b, c = net(x)
            loss = (a * 2).sum()
        loss.backward()
        return a, b, c, w.grad, net.d.weight.grad()
    check(f)
