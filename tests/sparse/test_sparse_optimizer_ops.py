"""nd optimizer operators given a row_sparse gradient: in-place only, lazy rows, sparse adagrad (vs MXNet 1.9.1)."""
import numpy as np
import pytest

from tests.oracle import check

CODES = [
    "nd.sgd_update(w, g, lr=0.1, wd=0.1, out=w)",
    "nd.sgd_update(w, g, lr=0.1, wd=0.1, lazy_update=False, out=w)",
    "nd.sgd_update(w, g, lr=0.1, wd=0.1).asnumpy()",
    "nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.1, out=w)",
    "nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.1, out=w, lazy_update=False)",
    "nd.adam_update(w, g, m, v, lr=0.1, wd=0.1, out=w)",
    "nd.adam_update(w, g, m, v, lr=0.1, wd=0.1, out=w, lazy_update=False)",
    "nd.sparse.adam_update(w, g, m, v, lr=0.1, wd=0.1, clip_gradient=0.5, rescale_grad=2, out=w)",
    "nd.sparse.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.1, out=w)",
    "nd.ftrl_update(w, g, m, v, lr=0.1, wd=0.1, out=w)",
    "nd.sparse.adagrad_update(w, g, m, lr=0.1, out=w)",
    "nd.sparse.adagrad_update(w, g, m, lr=0.1, epsilon=0.5, clip_gradient=0.7, rescale_grad=2, out=w)",
    "nd.sparse.adagrad_update(w, g, m, lr=0.1, wd=0.1, out=w)",
    "nd.sparse.adagrad_update(w, g, m, lr=0.1).asnumpy()",
    "nd.sparse.adagrad_update(w, nd.ones((4, 2)), m, lr=0.1, out=w)",
    "nd.rmsprop_update(w, g, m, lr=0.1, out=w)",
    "nd.mp_sgd_mom_update(w.astype('float16'), g.astype('float16'), m, w, lr=0.1, momentum=0.9, wd=0.1).asnumpy()",
    "nd.mp_sgd_update(w.astype('float16'), g.astype('float16'), w, lr=0.1, wd=0.1).asnumpy()",
]


@pytest.mark.parametrize("code", CODES)
def test_optimizer_op_row_sparse_grad(code):
    def f(mx):
        nd = mx.nd
        w = nd.array(np.arange(8).reshape(4, 2) / 10.)
        g = nd.sparse.row_sparse_array(([[1., 1], [0, 0]], [1, 3]), shape=(4, 2))
        m, v = nd.ones((4, 2)), nd.ones((4, 2)) * 2
        exec(code, {"nd": nd, "w": w, "g": g, "m": m, "v": v})
        return w, m, v
    check(f)
