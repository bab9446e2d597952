"""Ftrl with row_sparse weight and gradient against MXNet 1.9.1: the sparse ftrl_update changes only the
rows the gradient stores (weight and z/n states); a dense weight takes the dense update."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("wstype", ["row_sparse", "default"])
@pytest.mark.parametrize("kw", [{}, {"lamda1": 0.5, "wd": 0.05}, {"clip_gradient": 0.2, "rescale_grad": 0.5}])
def test_ftrl_sparse_rows(wstype, kw):
    w0 = (np.arange(12).reshape(4, 3) * 0.1 + 0.5).astype(np.float32)
    gdata = np.array([[0.3, -0.2, 0.1], [0.4, 0.5, -0.6]], dtype=np.float32)

    def run(mx):
        opt = mx.optimizer.create("Ftrl", learning_rate=0.1, **kw)
        w = mx.nd.array(w0).tostype(wstype)
        g = mx.nd.sparse.row_sparse_array((gdata, [0, 2]), shape=(4, 3), dtype="float32")
        st = opt.create_state_multi_precision(0, w)
        for _ in range(2):
            opt.update_multi_precision(0, w, g, st)
        return w.stype, w.tostype("default"), [s.tostype("default") for s in st]
    check(run)
