"""Fused RNN/LSTM/GRU layers on Symbols: MXNet 1.9.1's graph (one `RNN` node, `_rnn_param_concat` of the
reshaped parameters, `_zeros` begin states with an unknown batch size), export / SymbolBlock.imports both ways."""
import json

import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import check

RNG = np.random.RandomState(3)

LAYERS = {
    "lstm": lambda mx: mx.gluon.rnn.LSTM(4, prefix="lstm_"),
    "gru2_bi": lambda mx: mx.gluon.rnn.GRU(3, num_layers=2, bidirectional=True, prefix="gru_"),
    "rnn_tanh_ntc": lambda mx: mx.gluon.rnn.RNN(5, activation="tanh", layout="NTC", prefix="rnn_"),
    "lstm_proj": lambda mx: mx.gluon.rnn.LSTM(6, projection_size=3, input_size=2, prefix="lp_"),
}


def _nodes(sym, drop=("lstm_state_clip_min", "lstm_state_clip_max", "projection_size")):
    # MXNet writes explicit None attributes as 'None'; torch2gluon leaves them out (both load the same).
    # `__shape__` of exported parameters: MXNet keeps the shapes known when the graph was first traced.
    g = json.loads(sym.tojson())
    return [(n["op"], n["name"], n["inputs"], {k: v for k, v in n.get("attrs", {}).items()
                                               if not (k in drop and v == "None") and k != "__shape__"})
            for n in g["nodes"]], g["heads"]


@pytest.mark.parametrize("key", sorted(LAYERS))
def test_layer_on_symbol_graph_and_shapes(key):
    shape = (2, 5, 2) if key == "rnn_tanh_ntc" else (5, 2, 2)

    def snippet(mx):
        layer = LAYERS[key](mx)
        out = layer(mx.sym.var("data"))
        out2, states = layer(mx.sym.var("data"), layer.begin_state(func=mx.sym.zeros))
        g = mx.sym.Group([out2] + states)
        return (_nodes(out), out.list_arguments(), out.list_outputs(), out.infer_shape(data=shape),
                g.list_outputs(), g.infer_shape(data=shape), len(states))
    check(snippet)


@pytest.mark.parametrize("key", sorted(LAYERS))
def test_layer_symbol_eval_matches_ndarray_forward(key):
    shape = (2, 5, 2) if key == "rnn_tanh_ntc" else (5, 2, 2)
    x = RNG.uniform(-1, 1, shape).astype(np.float32)

    def snippet(mx):
        layer = LAYERS[key](mx)
        layer.initialize()
        layer(mx.nd.array(x))
        for p in layer.collect_params().values():  # the same weights on both sides
            p.set_data(mx.nd.array(np.random.RandomState(len(p.name)).uniform(-.5, .5, p.shape)))
        ref = layer(mx.nd.array(x))
        params = {p.name: p.data() for p in layer.collect_params().values()}
        sym = layer(mx.sym.var("data"))
        got = sym.eval(data=mx.nd.array(x), **params)[0]
        return ref, got
    check(snippet, atol=1e-5, rtol=1e-5)


def _net(mx, kind):
    class Net(mx.gluon.HybridBlock):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                if kind == "lstm":
                    self.rnn = mx.gluon.rnn.LSTM(4, num_layers=2, layout="NTC", bidirectional=True)
                else:
                    self.rnn = mx.gluon.rnn.GRU(4, layout="NTC")
                self.out = mx.gluon.nn.Dense(3, flatten=False)

        def hybrid_forward(self, F, x):
            return self.out(self.rnn(x))

    net = Net(prefix="net_")
    net.initialize(mx.init.Uniform(0.3))
    return net


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_hybridized_export_and_imports_round_trip(tmp_path, kind):
    x = RNG.uniform(-1, 1, (2, 6, 3)).astype(np.float32)
    x2 = RNG.uniform(-1, 1, (4, 2, 3)).astype(np.float32)  # another batch size and length
    res, prefixes = {}, {}
    for mx in (mxnet, torch2gluon):
        mx.random.seed(0)
        net = _net(mx, kind)
        for p in net.collect_params().values():  # same weights on both sides
            if p.shape is not None and 0 not in p.shape:
                p.set_data(mx.nd.array(np.random.RandomState(len(p.name)).uniform(-.3, .3, p.shape)))
        net.hybridize()
        ref = net(mx.nd.array(x))
        for p in net.collect_params().values():
            p.set_data(mx.nd.array(np.random.RandomState(len(p.name)).uniform(-.3, .3, p.shape)))
        ref = net(mx.nd.array(x))
        prefix = str(tmp_path / mx.__name__)
        net.export(prefix)
        prefixes[mx.__name__] = prefix
        res[mx.__name__] = (ref.asnumpy(), net(mx.nd.array(x2)).asnumpy())
    np.testing.assert_allclose(res["mxnet"][0], res["torch2gluon"][0], rtol=1e-5, atol=1e-5)
    with open(prefixes["mxnet"] + "-symbol.json") as f:
        a = _nodes(mxnet.sym.load_json(f.read()))
    with open(prefixes["torch2gluon"] + "-symbol.json") as f:
        b = _nodes(mxnet.sym.load_json(f.read()))
    assert a == b
    for mx in (mxnet, torch2gluon):  # each side imports both files
        for src in prefixes.values():
            blk = mx.gluon.SymbolBlock.imports(src + "-symbol.json", ["data"], src + "-0000.params")
            np.testing.assert_allclose(blk(mx.nd.array(x)).asnumpy(), res["mxnet"][0], rtol=1e-5, atol=1e-5)
            np.testing.assert_allclose(blk(mx.nd.array(x2)).asnumpy(), res["mxnet"][1], rtol=1e-5, atol=1e-5)


def test_symbol_states_given_and_bad_state_shape():
    def snippet(mx):
        layer = mx.gluon.rnn.GRU(3, prefix="g_")
        layer.initialize(mx.init.One())
        out, st = layer(mx.sym.var("data"), [mx.sym.var("h")])
        g = mx.sym.Group([out] + st)
        good = g.infer_shape(data=(4, 2, 5), h=(1, 2, 3))
        vals = g.eval(data=mx.nd.ones((4, 2, 5)), h=mx.nd.ones((1, 2, 3)) * 0.1,
                      **{p.name: p.data() for p in layer.collect_params().values()})
        return good, vals
    check(snippet, atol=1e-6)
    check(lambda mx: mx.gluon.rnn.GRU(3, prefix="g_")(mx.sym.var("data"), [mx.sym.var("h")]).eval(
        data=mx.nd.ones((4, 2, 5)), h=mx.nd.ones((1, 3, 3)), g_l0_i2h_weight=mx.nd.ones((9, 5)),
        g_l0_h2h_weight=mx.nd.ones((9, 3)), g_l0_i2h_bias=mx.nd.ones((9,)), g_l0_h2h_bias=mx.nd.ones((9,))))
