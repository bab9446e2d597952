"""nn.Flatten under npx.set_np(): MXNet's numpy branch (npx.batch_flatten) names the exported node
'<prefix>_batch_flatten0' (found running d2l-en's numpy-era LeNet/export code unchanged)."""
import json

import numpy as onp
import pytest

import mxnet
import torch2gluon

from tests.oracle import MODULES


@pytest.fixture
def np_both():
    for m in MODULES:
        m.npx.set_np()
    yield
    for m in MODULES:
        m.npx.reset_np()


def _lenet_tail(mx, path):
    net = mx.gluon.nn.HybridSequential(prefix="net_")
    with net.name_scope():
        net.add(mx.gluon.nn.Conv2D(2, kernel_size=3), mx.gluon.nn.MaxPool2D(2, 2), mx.gluon.nn.Flatten(),
                mx.gluon.nn.Dense(3))
    net.initialize(mx.init.Constant(0.1))
    net.hybridize()
    x = mx.np.array(onp.arange(2 * 1 * 6 * 6, dtype="float32").reshape(2, 1, 6, 6) / 50)
    out = net(x)
    assert isinstance(out, mx.np.ndarray)
    net.export(path)
    nodes = [(n["op"], n["name"], n["inputs"]) for n in json.load(open(path + "-symbol.json"))["nodes"]]
    return out.asnumpy(), nodes


def test_np_flatten_exports_batch_flatten_node(np_both, tmp_path):
    o_out, o_nodes = _lenet_tail(torch2gluon, str(tmp_path / "ours"))
    m_out, m_nodes = _lenet_tail(mxnet, str(tmp_path / "theirs"))
    onp.testing.assert_allclose(o_out, m_out, rtol=1e-5)
    assert ("Flatten", "net_flatten0_batch_flatten0") in [(op, name) for op, name, _ in m_nodes]
    assert o_nodes == m_nodes
    sb = torch2gluon.gluon.SymbolBlock.imports(str(tmp_path / "ours-symbol.json"), ["data"],
                                               str(tmp_path / "ours-0000.params"))
    x = torch2gluon.np.array(onp.arange(72, dtype="float32").reshape(2, 1, 6, 6) / 50)
    onp.testing.assert_allclose(sb(x).asnumpy(), m_out, rtol=1e-5)


@pytest.mark.parametrize("np_mode", [False, True])
def test_flatten_imperative_and_legacy_node_name(np_mode, tmp_path):
    names = []
    for mx in MODULES:
        if np_mode:
            mx.npx.set_np()
        try:
            blk = mx.gluon.nn.Flatten(prefix="f_")
            blk.hybridize()
            arr = mx.np.ones((2, 3, 4)) if np_mode else mx.nd.ones((2, 3, 4))
            assert blk(arr).shape == (2, 12)
            blk.export(str(tmp_path / mx.__name__))
            names.append([n["name"] for n in json.load(open(tmp_path / f"{mx.__name__}-symbol.json"))["nodes"]])
        finally:
            mx.npx.reset_np()
    assert names[0] == names[1]
