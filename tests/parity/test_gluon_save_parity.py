"""Block.save / Block.load parity with MXNet 1.9.1 (from MXNet's test_gluon_save.py sweep)."""
import json

import numpy as np
import pytest

from tests.oracle import MODULES, MODULE_IDS, check

X = np.arange(10, dtype=np.float32).reshape(1, 10) / 10


def _net(mx):
    """MXNet's test model: a plain Block whose children are keyed '<child name><position>'."""
    class MyBlock(mx.gluon.nn.Block):
        def add(self, block):
            self._children[block.name + str(len(self._children))] = block

        def forward(self, x, *args):
            out = (x,) + args
            for block in self._children.values():
                out = block(*out)
            return out

    inside = MyBlock()
    inside.add(mx.gluon.nn.Dense(10))
    net = MyBlock()
    net.add(inside)
    net.add(mx.gluon.nn.Dense(4, activation="relu"))
    return net


def _saved(mx, prefix, hybridize=True):
    net = _net(mx)
    net.initialize(mx.init.Uniform(0.5))
    if hybridize:
        net.hybridize()
    out = net(mx.nd.array(X)).asnumpy()
    net.save(prefix)
    return out


def _structure(d):
    """The JSON without graph text: names, children maps, formats and the traced graphs' op/name lists."""
    out = {}
    for k, v in d.items():
        if k in ("inputs", "symbol"):
            graphs = v if k == "inputs" else [v]
            out[k] = [[(n["op"], n["name"]) for n in json.loads(g)["nodes"]] for g in graphs]
        elif isinstance(v, dict):
            out[k] = _structure(v)
        else:
            out[k] = v
    return out


@pytest.mark.parametrize("hybridize", [True, False])
def test_model_json_matches_mxnet(tmp_path, hybridize):
    """The -model.json structure (names, children, formats, graphs) equals MXNet's."""
    docs = []
    for mx in MODULES:
        prefix = str(tmp_path / mx.__name__)
        _saved(mx, prefix, hybridize)
        docs.append(_structure(json.load(open(prefix + "-model.json"))))
    assert docs[0] == docs[1]


@pytest.mark.parametrize("writer,reader", [(0, 1), (1, 0), (1, 1)],
                         ids=["mxnet->torch2gluon", "torch2gluon->mxnet", "torch2gluon->torch2gluon"])
def test_save_then_load_into_a_fresh_model(tmp_path, writer, reader):
    """A model saved by one side loads into a freshly built, uninitialized model on the other side."""
    wmx, rmx = MODULES[writer], MODULES[reader]
    prefix = str(tmp_path / "MyModel")
    out1 = _saved(wmx, prefix)
    net2 = _net(rmx)
    net2.load(prefix)
    np.testing.assert_allclose(net2(rmx.nd.array(X)).asnumpy(), out1, rtol=1e-5, atol=1e-6)
    for i, mx in enumerate(MODULES):  # keep both modules' block-name counters in step for later tests
        for _ in range(2 - (writer == i) - (reader == i)):
            _net(mx)


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_load_restores_names_and_children_keys(mx, tmp_path):
    """load renames blocks, parameter keys and children back to the saved names; hybridized blocks are active."""
    prefix = str(tmp_path / "m")
    _saved(mx, prefix)
    net2 = _net(mx)
    net2.load(prefix)
    inside, dense = list(net2._children.values())
    return_names = (net2.name, list(net2._children), inside.name, list(inside._children), dense.name,
                    sorted(dense.params.keys()), dense._active)
    ref = _net(mx)  # the names the first model got in this process, reconstructed from the JSON
    saved = json.load(open(prefix + "-model.json"))
    top = next(iter(saved.values()))
    assert return_names[0] == top["orig_name"]
    assert return_names[1] == list(top["children"].values())
    assert return_names[4] + "_weight" in return_names[5]
    assert return_names[6] is True
    del ref


@pytest.mark.parametrize("in_units", [0, 4])
def test_export_needs_a_graph(tmp_path, in_units):
    """export works without hybridize() once deferred shapes were inferred (MXNet caches a graph then),
    raises RuntimeError when no graph exists, and returns None."""
    def snippet(mx):
        net = mx.gluon.nn.Dense(3, in_units=in_units)
        net.initialize()
        net(mx.nd.ones((2, 4)))
        out = net.export(str(tmp_path / mx.__name__))
        return out, sorted(p.name[len(mx.__name__):] for p in tmp_path.iterdir() if p.name.startswith(mx.__name__))
    check(snippet, raises=RuntimeError if in_units else None)


def test_save_of_an_untraceable_block_warns_and_still_roundtrips(tmp_path):
    """torch2gluon only: a hybridized block that cannot run on symbols is saved unhybridized, with a warning."""
    import torch2gluon as mx

    class NoSymbols(mx.gluon.HybridBlock):
        def __init__(self):
            super().__init__()
            with self.name_scope():
                self.d = mx.gluon.nn.Dense(3)

        def hybrid_forward(self, F, x):
            if not isinstance(x, mx.nd.NDArray):
                raise NotImplementedError("arrays only")
            return self.d(x)

    net = NoSymbols()
    net.initialize()
    net.hybridize()
    y = net(mx.nd.ones((1, 2)))
    with pytest.warns(UserWarning, match="saved as not hybridized"):
        net.save(str(tmp_path / "m"))
    assert json.load(open(str(tmp_path / "m-model.json")))["nosymbols0"]["hybridized"] is False
    net2 = NoSymbols()
    net2.load(str(tmp_path / "m"))
    np.testing.assert_array_equal(net2(mx.nd.ones((1, 2))).asnumpy(), y.asnumpy())
