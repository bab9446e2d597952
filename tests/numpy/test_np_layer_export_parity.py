"""Gluon built-in layers hybridized under npx.set_np() export MXNet 1.9.1's graph (its layers' numpy branches:
npx.leaky_relu / npx.layer_norm / npx.sigmoid / npx.rnn nodes), and each side's export loads in the other."""
import json

import numpy as onp
import pytest

import mxnet
import torch2gluon

from tests.oracle import MODULES


def _vec(mx):
    return mx.np.array(onp.random.RandomState(0).rand(2, 3, 4).astype("float32") - 0.5)


def _img(mx):
    return mx.np.array(onp.random.RandomState(0).rand(2, 3, 6, 6).astype("float32") - 0.3)


def _seq(mx):
    return mx.np.array(onp.random.RandomState(0).rand(5, 2, 4).astype("float32"))


LAYERS = {   # name: (layer maker, input maker)
    "dense": (lambda nn: nn.Dense(3), _vec),
    "dense_noflat_relu": (lambda nn: nn.Dense(3, flatten=False, activation="relu"), _vec),
    "leaky": (lambda nn: nn.LeakyReLU(0.1), _vec),
    "prelu": (lambda nn: nn.PReLU(), _vec),
    "elu": (lambda nn: nn.ELU(0.5), _vec),
    "selu": (lambda nn: nn.SELU(), _vec),
    "gelu": (lambda nn: nn.GELU(), _vec),
    "swish": (lambda nn: nn.Swish(1.5), _vec),
    "layernorm": (lambda nn: nn.LayerNorm(), _vec),
    "dropout0": (lambda nn: nn.Dropout(0), _vec),
    "batchnorm_relu": (lambda nn: nn.BatchNormReLU(), _img),   # MXNet's numpy branch: plain batch_norm
    "dropout_axes": (lambda nn: nn.Dropout(0.3, axes=(1,)), _vec),
    "batchnorm": (lambda nn: nn.BatchNorm(), _img),
    "embedding": (lambda nn: nn.Embedding(10, 4),
                  lambda mx: mx.np.array(onp.array([[1, 2], [3, 9]], "float32"))),
    "conv2d_relu": (lambda nn: nn.Conv2D(2, 3, activation="relu"), _img),
    "conv2d_transpose": (lambda nn: nn.Conv2DTranspose(2, 3), _img),
    "maxpool": (lambda nn: nn.MaxPool2D(), _img),
    "global_avgpool": (lambda nn: nn.GlobalAvgPool2D(), _img),
}

RNNS = {
    "rnn": lambda rnn: rnn.RNN(3, input_size=4),
    "lstm2": lambda rnn: rnn.LSTM(3, num_layers=2, input_size=4),
    "gru_bi": lambda rnn: rnn.GRU(3, bidirectional=True, input_size=4),
    "lstm_proj": lambda rnn: rnn.LSTM(3, projection_size=2, input_size=4),
}


def _set_values(mx, net):
    for i, (k, p) in enumerate(sorted(net.collect_params().items())):
        v = onp.random.RandomState(i).uniform(-0.5, 0.5, p.shape).astype("float32")
        p.set_data(mx.np.array(abs(v) + 0.5 if k.endswith("var") else v))


def _export(mx, net, x, path, np_mode=True):
    if np_mode:
        mx.npx.set_np()
    try:
        net.initialize()
        net.hybridize()
        net(x)
        _set_values(mx, net)
        out = net(x)
        net.export(path)
        return out.asnumpy(), json.load(open(path + "-symbol.json"))
    finally:
        mx.npx.reset_np()


def _graph(js):
    return ([(n["op"], n["name"], n.get("attrs", {}), n["inputs"]) for n in js["nodes"]],
            js["arg_nodes"], js["heads"])


def _imported(mx, path, inputs, x):
    mx.npx.set_np()
    try:
        blk = mx.gluon.SymbolBlock.imports(path + "-symbol.json", inputs, path + "-0000.params")
        return blk(*x).asnumpy()
    finally:
        mx.npx.reset_np()


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_np_layer_exports_mxnet_graph(name, tmp_path):
    make, inp = LAYERS[name]
    res = {}
    for mx in MODULES:
        mx.npx.set_np()
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(make(mx.gluon.nn))
        mx.npx.reset_np()
        res[mx] = _export(mx, net, inp(mx), str(tmp_path / mx.__name__))
    (m_out, m_js), (t_out, t_js) = res[mxnet], res[torch2gluon]
    onp.testing.assert_allclose(t_out, m_out, rtol=1e-5, atol=1e-6)
    assert _graph(t_js) == _graph(m_js)
    x = inp(mxnet).asnumpy()
    for loader, src in ((mxnet, torch2gluon), (torch2gluon, mxnet)):
        got = _imported(loader, str(tmp_path / src.__name__), ["data"], [loader.np.array(x)])
        onp.testing.assert_allclose(got, m_out, rtol=1e-5, atol=1e-6)


def _rnn_export(mx, make, path, np_mode):
    with mx.name.Prefix("net_"):
        net = make(mx.gluon.rnn)
    x = _seq(mx) if np_mode else _seq(mx).as_nd_ndarray()
    if not np_mode:
        net.initialize()
        net.hybridize()
        net(x)
        for i, (k, p) in enumerate(sorted(net.collect_params().items())):
            p.set_data(mx.nd.array(onp.random.RandomState(i).uniform(-0.5, 0.5, p.shape)))
        out = net(x)
        net.export(path)
        return out.asnumpy(), json.load(open(path + "-symbol.json"))
    return _export(mx, net, x, path)


@pytest.mark.parametrize("np_mode", [True, False])
@pytest.mark.parametrize("name", sorted(RNNS))
def test_rnn_layer_exports_mxnet_graph(name, np_mode, tmp_path):
    """Called without states, the layer exports only its output (the states it made are inputs data1...)."""
    res = {mx: _rnn_export(mx, RNNS[name], str(tmp_path / mx.__name__), np_mode) for mx in MODULES}
    (m_out, m_js), (t_out, t_js) = res[mxnet], res[torch2gluon]
    onp.testing.assert_allclose(t_out, m_out, rtol=1e-5, atol=1e-6)
    assert len(m_js["heads"]) == 1
    assert _graph(t_js) == _graph(m_js)
    if not np_mode:
        return
    n_in = len([n for n in m_js["nodes"] if n["name"].startswith("data")])
    names = [f"data{i}" for i in range(n_in)]
    x = _seq(mxnet).asnumpy()
    for loader, src in ((mxnet, torch2gluon), (torch2gluon, mxnet)):
        states = [loader.np.zeros(s) for s in ((1, 2, 3),) * (n_in - 1)] if name == "rnn" else None
        if states is None:
            continue
        got = _imported(loader, str(tmp_path / src.__name__), names, [loader.np.array(x)] + states)
        onp.testing.assert_allclose(got, m_out, rtol=1e-5, atol=1e-6)


def test_batchnorm_relu_legacy_exports_fused_node(tmp_path):
    """Legacy mode: prefix 'batchnormrelu0_' and one `_contrib_BatchNormWithReLU` node, as MXNet 1.9.1."""
    res = {}
    for mx in MODULES:
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.BatchNormReLU())
        net.initialize()
        net.hybridize()
        x = mx.nd.array(onp.random.RandomState(0).rand(2, 3, 4, 4) - 0.5)
        with mx.autograd.record():
            train = net(x)
        out = net(x)
        path = str(tmp_path / mx.__name__)
        net.export(path)
        blk = mx.gluon.SymbolBlock.imports(path + "-symbol.json", ["data"], path + "-0000.params")
        res[mx] = (train.asnumpy(), out.asnumpy(), blk(x).asnumpy(), _graph(json.load(open(path + "-symbol.json"))))
    m, t = res[mxnet], res[torch2gluon]
    for a, b in zip(t[:3], m[:3]):
        onp.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert t[3] == m[3]
    assert [n[:2] for n in m[3][0] if n[0] != "null"] == [("_contrib_BatchNormWithReLU", "net_batchnormrelu0_fwd")]


def test_batchnorm_relu_numpy_mode_imperative_is_plain_batch_norm(np_mode):
    """Under npx.set_np() MXNet 1.9.1's BatchNormReLU runs npx.batch_norm only (no ReLU), also imperatively."""
    outs = []
    for mx in MODULES:
        blk = mx.gluon.nn.BatchNormReLU()
        blk.initialize()
        x = mx.np.array(onp.array([-1.0, 2.0, 3.0, -4.0], "float32").reshape(2, 2, 1, 1))
        outs.append(blk(x).asnumpy())
    onp.testing.assert_allclose(outs[1], outs[0], rtol=1e-6)
    assert (outs[0] < 0).any()
