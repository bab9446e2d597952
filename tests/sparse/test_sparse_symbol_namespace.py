"""mx.sym.sparse: MXNet's sparse operator names as symbol constructors (node names, JSON, dense evaluation)."""
import json

import numpy as np
import pytest

from tests.oracle import check

X = np.array([[1., 0, 2], [0, 0, 0], [0, 3, 0]], dtype=np.float32)


def _nodes(sym):
    return [(n["op"], n["name"], n.get("attrs", {})) for n in json.loads(sym.tojson())["nodes"]]


@pytest.mark.parametrize("code", ["sp.negative(b)", "sp.elemwise_add(c, c)", "sp.dot(b, c)",
                                  "sp.dot(b, c, transpose_a=True)", "sp.retain(c, mx.sym.var('i'))",
                                  "sp.broadcast_plus(a, c)", "sp.zeros_like(c)", "sp.sum(b, axis=1)",
                                  "sp.cast_storage(a, stype='csr')", "sp.sqrt(c)", "sp.clip(b, 0, 1)"])
def test_sym_sparse_graph_json(code):
    def f(mx):
        a, b, c = mx.sym.var('a'), mx.sym.var('b', stype='csr'), mx.sym.var('c', stype='row_sparse')
        s = eval(code, {"mx": mx, "sp": mx.sym.sparse, "a": a, "b": b, "c": c})
        return repr(s), _nodes(s), s.list_arguments()
    check(f)


def test_sym_sparse_names():
    def f(mx):
        import mxnet.symbol.sparse as ss  # noqa: F401  (importable as a module, as in MXNet)
        names = ["dot", "retain", "elemwise_add", "negative", "adam_update", "FullyConnected", "where", "take",
                 "add_n", "broadcast_minus", "stop_gradient", "log1p", "Embedding", "make_loss"]
        return [hasattr(mx.sym.sparse, n) for n in names]
    check(f)


@pytest.mark.parametrize("code", ["mx.sym.sparse.dot(x, w)", "mx.sym.sparse.dot(x, w, transpose_a=True)",
                                  "mx.sym.broadcast_add(mx.sym.sparse.dot(x, w), mx.sym.sparse.negative(w))",
                                  "mx.sym.sparse.retain(w, mx.sym.var('i'))"])
def test_sym_sparse_evaluates_dense(code):
    def f(mx):
        x, w = mx.sym.var('x'), mx.sym.var('w')
        s = eval(code, {"mx": mx, "x": x, "w": w})
        args = {'x': mx.nd.array(X), 'w': mx.nd.array(X * 2 + 1), 'i': mx.nd.array([0, 2])}
        args = {k: v for k, v in args.items() if k in s.list_arguments()}
        if 'retain' in code:
            return [s.list_arguments(), s.list_outputs()]  # _sparse_retain needs row_sparse data to run
        return s.eval(ctx=mx.cpu(), **args)[0].asnumpy()
    check(f)
