"""Sparse array classes live (for type() and pickling by reference) where MXNet defines them: ndarray.sparse."""
import pickle

import numpy as np

from tests.oracle import check


def test_sparse_class_module_path():
    def f(mx):
        x = mx.nd.array(np.eye(3, dtype=np.float32))
        out = []
        for s in ("csr", "row_sparse"):
            cls = type(x.tostype(s))
            out.append((cls.__module__.split(".", 1)[1], cls.__name__, pickle.loads(pickle.dumps(cls)) is cls))
        base = mx.nd.sparse.BaseSparseNDArray
        return out, base.__module__.split(".", 1)[1], str(type(x.tostype("csr"))).split(".", 1)[1]
    check(f)
