"""KVStore with row_sparse values (local store) against MXNet 1.9.1: init, push sums, pulls, updates."""
import pytest

from tests.oracle import check
from tests.sparse.test_sparse_ndarray import sp

CODES = {
    "row_sparse_pull": "o = mx.nd.sparse.zeros('row_sparse', (4, 2)); "
                       "kv.row_sparse_pull('w', out=o, row_ids=mx.nd.array([2, 1, 2])); out = sp(o)",
    "row_sparse_pull_list": "o = [mx.nd.sparse.zeros('row_sparse', (4, 2)) for _ in range(2)]; "
                            "kv.row_sparse_pull('w', out=o, row_ids=[mx.nd.array([3]), mx.nd.array([0, 2])]); "
                            "out = [sp(x) for x in o]",
    "pull_ignores_sparse": "o = mx.nd.sparse.zeros('row_sparse', (4, 2)); kv.pull('w', out=o); out = sp(o)",
    "pull_sparse": "o = mx.nd.sparse.zeros('row_sparse', (4, 2)); kv.pull('w', out=o, ignore_sparse=False); "
                   "out = sp(o)",
    "pull_dense": "o = mx.nd.zeros((4, 2)); kv.pull('w', out=o); out = sp(o)",
    "push_sum": "g = mx.nd.sparse.row_sparse_array(([[1., 1]], [3]), shape=(4, 2)); kv.push('w', [g, g]); "
                "o = mx.nd.sparse.zeros('row_sparse', (4, 2)); "
                "kv.row_sparse_pull('w', out=o, row_ids=mx.nd.arange(4)); out = sp(o)",
    "push_update_partial_rsp_weight": "kv.set_optimizer(mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)); "
                                      "g = mx.nd.sparse.row_sparse_array(([[1., 1]], [2]), shape=(4, 2)); "
                                      "kv.push('w', g); out = 1",
    "push_update_full_rsp_weight": "kv.init('f', mx.nd.ones((4, 2)).tostype('row_sparse')); "
                                   "kv.set_optimizer(mx.optimizer.SGD(learning_rate=0.1, momentum=0.9, wd=0.1)); "
                                   "g = mx.nd.sparse.row_sparse_array(([[1., 1]], [2]), shape=(4, 2)); "
                                   "kv.push('f', g); kv.push('f', g); o = mx.nd.sparse.zeros('row_sparse', (4, 2)); "
                                   "kv.row_sparse_pull('f', out=o, row_ids=mx.nd.arange(4)); out = sp(o)",
    "dense_weight_sparse_grad": "kv.init('d', mx.nd.ones((4, 2))); "
                                "kv.set_optimizer(mx.optimizer.SGD(learning_rate=0.1, momentum=0.9, wd=0.1)); "
                                "g = mx.nd.sparse.row_sparse_array(([[1., 1]], [2]), shape=(4, 2)); "
                                "kv.push('d', g); kv.push('d', g); o = mx.nd.zeros((4, 2)); kv.pull('d', out=o); "
                                "out = sp(o)",
}


@pytest.mark.parametrize("name", list(CODES))
def test_kvstore_row_sparse(name):
    def f(mx):
        kv = mx.kv.create("local")
        kv.init("w", mx.nd.sparse.row_sparse_array(([[1., 2], [3, 4]], [0, 2]), shape=(4, 2)))
        g = {"mx": mx, "kv": kv, "sp": sp}
        exec(CODES[name], g)
        mx.nd.waitall()
        return g["out"]
    check(f)
