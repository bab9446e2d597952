"""Graph nodes of MXNet's storage-aware internal binaries and SparseEmbedding's weight shape, against MXNet."""
import numpy as np
import pytest

from tests.oracle import check

A = np.array([[0, 1.5, 0], [0, 0, 0], [-2, 0, 3]], dtype=np.float32)
B = np.array([[1, 0, 0], [0, 0, 0], [0, 0.5, -4]], dtype=np.float32)


@pytest.mark.parametrize("op", ["_maximum", "_minimum", "_hypot", "_Maximum", "_Minimum"])
@pytest.mark.parametrize("stype", ["csr", "row_sparse", "default"])
def test_internal_binary_nodes_keep_storage(op, stype):
    def fn(mx):
        x, y = mx.sym.var("x", stype=stype), mx.sym.var("y", stype=stype)
        s = getattr(mx.sym._internal, op)(x, y)
        a, b = mx.nd.array(A).tostype(stype), mx.nd.array(B).tostype(stype)
        ex = s.bind(mx.cpu(), {"x": a, "y": b})
        out = ex.forward()[0]
        return out.stype, out.tostype("default")
    check(fn)


def test_sparse_embedding_weight_shape_inferred():
    def fn(mx):
        d = mx.sym.var("data")
        s = mx.sym.contrib.SparseEmbedding(d, input_dim=7, output_dim=3, name="emb")
        args, outs, _ = s.infer_shape(data=(2, 4))
        return dict(zip(s.list_arguments(), args)), outs
    check(fn)
