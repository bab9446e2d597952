"""Parameters set to None are node attributes ("None") in MXNet's JSON; inputs left out are not nodes."""
import json

import mxnet
import numpy as np
import pytest

import torch2gluon
from tests.oracle import check


def _nodes(sym):
    return [(n["op"], n.get("attrs"), len(n["inputs"])) for n in json.loads(sym.tojson())["nodes"] if n["op"] != "null"]


@pytest.mark.parametrize("build", [
    lambda mx, d: mx.sym.slice_axis(d, axis=1, begin=0, end=None),
    lambda mx, d: mx.sym.FullyConnected(d, num_hidden=3, no_bias=True, bias=None),
    lambda mx, d: mx.sym.softmax(d, length=None),
    lambda mx, d: mx.sym.topk(d, k=2, axis=None),
    lambda mx, d: mx.sym.sum(d, axis=None),
    lambda mx, d: mx.sym.norm(d, axis=None),
    lambda mx, d: mx.sym.contrib.box_nms(d, topk=-1, id_index=-1, background_id=-1),
])
def test_none_parameters_in_json_like_mxnet(build):
    check(lambda mx: _nodes(build(mx, mx.sym.var("data"))))


def test_export_with_none_parameter_loads_in_mxnet(tmp_path):
    """A block exported here with slice_axis(end=None) loads and runs in real MXNet (gluon-cv yolo3 pattern)."""
    class Head(torch2gluon.gluon.HybridBlock):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.fc = torch2gluon.gluon.nn.Dense(6, in_units=4)

        def hybrid_forward(self, F, x):
            return F.slice_axis(self.fc(x), axis=1, begin=2, end=None)

    net = Head(prefix="head_")
    net.initialize()
    net.hybridize()
    x = np.random.RandomState(0).rand(2, 4).astype(np.float32)
    want = net(torch2gluon.nd.array(x)).asnumpy()
    net.export(str(tmp_path / "head"))
    theirs = mxnet.gluon.SymbolBlock.imports(str(tmp_path / "head-symbol.json"), ["data"],
                                             str(tmp_path / "head-0000.params"))
    np.testing.assert_allclose(theirs(mxnet.nd.array(x)).asnumpy(), want, rtol=1e-6)
