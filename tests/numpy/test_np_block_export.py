"""Gluon in numpy mode with `F.np` / `F.npx` user code: export() writes MXNet's numpy graph (loadable by MXNet
1.9.1), SymbolBlock.imports runs either library's export, deferred parameter shapes are inferred through symbols."""
import json
import os

import numpy as onp
import pytest

import mxnet
import torch2gluon

from tests.oracle import MODULES

_X = onp.random.RandomState(1).rand(2, 3).astype("float32")
_W = {"dense0_weight": onp.random.RandomState(2).rand(4, 3).astype("float32") - 0.5,
      "dense0_bias": onp.array([0.1, -0.2, 0.3, 0.0], "float32"),
      "w": onp.array([1.0, 2.0, -1.0, 0.5], "float32")}


def _net(mx):
    class Net(mx.gluon.HybridBlock):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.dense = mx.gluon.nn.Dense(4)
                self.w = self.params.get("w", shape=(4,))

        def hybrid_forward(self, F, x, w):
            y = self.dense(x)
            z = F.np.sum(F.npx.relu(y) * w, axis=1) + F.np.tanh(y).mean(axis=1) - 1
            return F.np.concatenate([z, (y[:, 1:3] ** 2).reshape(-1)], axis=0)
    return Net(prefix="net_")


def _set(net, mx):
    for k, v in _W.items():
        net.collect_params()["net_" + k].set_data(mx.np.array(v))


@pytest.fixture
def np_both():
    for m in MODULES:
        m.npx.set_np()
    yield
    for m in MODULES:
        m.npx.reset_np()


def _export(mx, path):
    net = _net(mx)
    net.initialize()
    net.hybridize()
    net(mx.np.array(_X))
    _set(net, mx)
    out = net(mx.np.array(_X))
    net.export(path)
    return out.asnumpy()


def _import(mx, path):
    sb = mx.gluon.SymbolBlock.imports(path + "-symbol.json", ["data"], path + "-0000.params")
    out = sb(mx.np.array(_X))
    assert isinstance(out, mx.np.ndarray)
    return out.asnumpy()


def test_export_loads_both_ways(np_both, tmp_path):
    ours, theirs = str(tmp_path / "ours"), str(tmp_path / "theirs")
    o_out, m_out = _export(torch2gluon, ours), _export(mxnet, theirs)
    onp.testing.assert_allclose(o_out, m_out, rtol=1e-5, atol=1e-6)
    nodes = [(n["op"], n["name"]) for n in json.load(open(ours + "-symbol.json"))["nodes"]]
    assert nodes == [(n["op"], n["name"]) for n in json.load(open(theirs + "-symbol.json"))["nodes"]]
    assert os.path.exists(ours + "-0000.params")
    onp.testing.assert_allclose(_import(mxnet, ours), m_out, rtol=1e-5, atol=1e-6)
    onp.testing.assert_allclose(_import(torch2gluon, theirs), m_out, rtol=1e-5, atol=1e-6)
    onp.testing.assert_allclose(_import(torch2gluon, ours), m_out, rtol=1e-5, atol=1e-6)


def _deferred(mx):
    class Proj(mx.gluon.HybridBlock):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.weight = self.params.get("weight", shape=(5, 0), allow_deferred_init=True)

        def hybrid_forward(self, F, x, weight):
            out = F.npx.fully_connected(x, weight, num_hidden=5, no_bias=True)
            return F.np.maximum(out, 0).sum(axis=-1)
    net = Proj(prefix="proj_")
    net.initialize()
    x = mx.np.array(_X)
    net(x)
    w = net.collect_params()["proj_weight"]
    shape = w.shape
    w.set_data(mx.np.array(onp.arange(15, dtype="float32").reshape(5, 3) / 10 - 0.7))
    return shape, net(x).asnumpy()


def test_deferred_shape_through_np_symbols(np_both):
    (s1, o1), (s2, o2) = _deferred(torch2gluon), _deferred(mxnet)
    assert s1 == s2 == (5, 3)
    onp.testing.assert_allclose(o1, o2, rtol=1e-6)


def test_symbol_block_composes_np_symbols(np_both, tmp_path):
    path = str(tmp_path / "ours")
    _export(torch2gluon, path)
    sb = torch2gluon.gluon.SymbolBlock.imports(path + "-symbol.json", ["data"], path + "-0000.params")
    out = sb(torch2gluon.sym.var("data"))
    assert isinstance(out, torch2gluon.sym.np._Symbol)


def _sliced(mx, path):
    class Sliced(mx.gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            parts = F.np.split(x[:, ::-1], 2, axis=0)
            return F.np.concatenate([parts[1], parts[0][0:1, 1]], axis=None) * 2

    net = Sliced(prefix="sl_")
    net.hybridize()
    x = mx.np.array(onp.arange(24.0).reshape(4, 6))
    out = net(x).asnumpy()
    net.export(path)   # no parameters: the params file holds no arrays
    return out


def test_export_without_params_slicing(np_both, tmp_path):
    ours, theirs = str(tmp_path / "ours"), str(tmp_path / "theirs")
    o_out, m_out = _sliced(torch2gluon, ours), _sliced(mxnet, theirs)
    onp.testing.assert_allclose(o_out, m_out)
    for mod, path in ((mxnet, ours), (torch2gluon, theirs), (torch2gluon, ours)):
        sb = mod.gluon.SymbolBlock.imports(path + "-symbol.json", "data", path + "-0000.params")
        onp.testing.assert_allclose(sb(mod.np.array(onp.arange(24.0).reshape(4, 6))).asnumpy(), m_out)


def _dot_deferred(mx):
    class DotBlock(mx.gluon.HybridBlock):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.w = self.params.get("w", shape=(0, 4), allow_deferred_init=True)

        def hybrid_forward(self, F, x, w):
            return F.np.dot(x, w) * 2

    net = DotBlock(prefix="dot_")
    net.initialize(mx.init.Constant(0.5))
    out = net(mx.np.array(_X))
    return net.w.shape, out.asnumpy()


def test_deferred_shape_backwards_through_np_dot(np_both):
    (s1, o1), (s2, o2) = _dot_deferred(torch2gluon), _dot_deferred(mxnet)
    assert s1 == s2 == (3, 4)
    onp.testing.assert_allclose(o1, o2, rtol=1e-6)


def test_model_zoo_resnet_export_both_ways(np_both, tmp_path):
    x0 = onp.random.RandomState(0).rand(1, 3, 32, 32).astype("float32")
    outs, nodes = {}, {}
    for mod in (mxnet, torch2gluon):
        net = mod.gluon.model_zoo.vision.resnet18_v1(classes=7)
        net.initialize(mod.init.Xavier())
        net.hybridize()
        net(mod.np.array(x0))
        if mod is torch2gluon:  # the same weights
            net.collect_params().load(str(tmp_path / "mxnet-0000.params"))
        outs[mod.__name__] = net(mod.np.array(x0)).asnumpy()
        net.export(str(tmp_path / mod.__name__))
        nodes[mod.__name__] = [(n["op"], n["name"])
                               for n in json.load(open(tmp_path / f"{mod.__name__}-symbol.json"))["nodes"]]
    assert nodes["torch2gluon"] == nodes["mxnet"]
    onp.testing.assert_allclose(outs["torch2gluon"], outs["mxnet"], rtol=1e-4, atol=1e-6)
    for mod in (mxnet, torch2gluon):
        for src in ("mxnet", "torch2gluon"):
            sb = mod.gluon.SymbolBlock.imports(str(tmp_path / f"{src}-symbol.json"), ["data"],
                                               str(tmp_path / f"{src}-0000.params"))
            onp.testing.assert_allclose(sb(mod.np.array(x0)).asnumpy(), outs["mxnet"], rtol=1e-4, atol=1e-6)
