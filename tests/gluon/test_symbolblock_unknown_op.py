"""A SymbolBlock whose graph holds an operator torch2gluon does not run says so by name, even when the
operator's parameters have no declared shape (gluon-cv's int8 models hold oneDNN subgraph operators)."""
import json

import numpy as np
import pytest

import torch2gluon as mx
from torch2gluon.base import MXNetError


def _graph_with_op(op, subgraph=False):
    """Convolution JSON (weight without a shape) with its operator renamed to `op`."""
    data = mx.sym.var("data")
    js = json.loads(mx.sym.Convolution(data, kernel=(3, 3), num_filter=4, no_bias=True, name="c0").tojson())
    for node in js["nodes"]:
        if node["op"] == "Convolution":
            node["op"] = op
            if subgraph:
                node["subgraphs"] = [json.loads(mx.sym.relu(mx.sym.var("x")).tojson())]
    return mx.sym.load_json(json.dumps(js))


@pytest.mark.parametrize("subgraph", [False, True])
def test_unknown_operator_is_named_before_its_parameters_are_sized(subgraph):
    net = mx.gluon.SymbolBlock(_graph_with_op("_made_up_conv", subgraph), mx.sym.var("data"))
    net.initialize()
    with pytest.raises(MXNetError, match="_made_up_conv"):
        net(mx.nd.array(np.ones((1, 2, 5, 5), "float32")))


def test_known_operator_still_sizes_its_parameters():
    net = mx.gluon.SymbolBlock(_graph_with_op("Convolution"), mx.sym.var("data"))
    net.initialize()
    assert net(mx.nd.ones((1, 2, 5, 5))).shape == (1, 4, 3, 3)
    assert net.collect_params()["c0_weight"].shape == (4, 2, 3, 3)
