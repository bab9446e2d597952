"""sym.zeros/ones/full/arange/linspace/eye write MXNet 1.9.1's node attributes; MXNet JSON with them loads."""
import json

import pytest

from tests.oracle import check


def _nodes(sym):
    return [(n["op"], n.get("attrs")) for n in json.loads(sym.tojson())["nodes"]]


@pytest.mark.parametrize("build", [
    lambda mx: mx.sym.zeros((2, 3)),
    lambda mx: mx.sym.zeros((2,), dtype='int32', name='z'),
    lambda mx: mx.sym.ones((2, 2), dtype='float16'),
    lambda mx: mx.sym.full((2,), 3),
    lambda mx: mx.sym.full((3,), 2.5, dtype='int32'),
    lambda mx: mx.sym.arange(3),
    lambda mx: mx.sym.arange(1, 7, 2, repeat=2, dtype='int32'),
    lambda mx: mx.sym.linspace(0, 1, 5),
    lambda mx: mx.sym.linspace(0, 1, 4, endpoint=False, dtype='float64'),
    lambda mx: mx.sym.eye(3),
    lambda mx: mx.sym.eye(2, 4, 1, dtype='int32'),
    lambda mx: mx.sym.zeros(shape=(0, 4), __layout__='NC', name='s0'),
])
def test_creation_nodes_and_values(build):
    def run(mx):
        s = build(mx)
        out = [_nodes(s), s.infer_type()[1]]
        if 0 not in s.infer_shape_partial()[1][0]:
            out.append(s.eval()[0])
        return out
    check(run)


def test_mxnet_json_with_creation_ops_loads(tmp_path):
    import mxnet
    sym = (mxnet.sym.full((2,), 3) + mxnet.sym.zeros((2,)) + mxnet.sym.ones((2,)) + mxnet.sym.arange(2)
           + mxnet.sym.linspace(0, 1, 2))
    js = sym.tojson()
    check(lambda mx: mx.sym.load_json(js).eval()[0])
    check(lambda mx: _nodes(mx.sym.load_json(js)))
