"""nd.contrib DGL graph operators (edge_id, dgl_adjacency, dgl_subgraph) against MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check

_DATA = np.arange(1, 21, dtype=np.int64)
_INDICES = np.array([1, 2, 3, 4, 0, 2, 3, 4, 0, 1, 3, 4, 0, 1, 2, 4, 0, 1, 2, 3], dtype=np.int64)
_INDPTR = np.array([0, 4, 8, 12, 16, 20], dtype=np.int64)


def _graph(mx, dtype=np.int64):
    return mx.nd.sparse.csr_matrix((_DATA.astype(dtype), _INDICES, _INDPTR), shape=(5, 5))


def _parts(x):
    return (type(x).__name__, x.stype, x.shape, x.data, x.indices, x.indptr)


def _random_graph(mx, n=30, seed=3):
    rs = np.random.RandomState(seed)
    dense = (rs.rand(n, n) < 0.2) * np.arange(1, n * n + 1).reshape(n, n)
    return mx.nd.array(dense, dtype='int64').tostype('csr')


@pytest.mark.parametrize("dtype", [np.int64, np.float32])
def test_edge_id_values_and_missing_edges(dtype):
    check(lambda mx: mx.nd.contrib.edge_id(_graph(mx, dtype), mx.nd.array([0, 1, 2, 0, 4]),
                                           mx.nd.array([1, 1, 0, 4, 3])))


def test_edge_id_random_graph():
    u, v = np.random.RandomState(0).randint(0, 30, (2, 40))
    check(lambda mx: mx.nd.contrib.edge_id(_random_graph(mx), mx.nd.array(u), mx.nd.array(v)))


def test_edge_id_needs_1d_indices():
    check(lambda mx: mx.nd.contrib.edge_id(_graph(mx), mx.nd.array([[0, 1]]), mx.nd.array([[1, 1]])))


def test_dgl_adjacency():
    check(lambda mx: _parts(mx.nd.contrib.dgl_adjacency(_graph(mx))))
    check(lambda mx: _parts(mx.nd.contrib.dgl_adjacency(_random_graph(mx))))


def test_dgl_subgraph_several_lists_with_mapping():
    def run(mx):
        g = _graph(mx)
        outs = mx.nd.contrib.dgl_subgraph(g, mx.nd.array([0, 2, 4], dtype='int64'),
                                          mx.nd.array([1, 3], dtype='int64'), return_mapping=True)
        return [_parts(o) for o in outs]
    check(run)


@pytest.mark.parametrize("rm", [False, True])
def test_dgl_subgraph_single_list(rm):
    def run(mx):
        out = mx.nd.contrib.dgl_subgraph(_random_graph(mx), mx.nd.array([1, 4, 5, 9, 17, 20, 28], dtype='int64'),
                                         return_mapping=rm)
        return [_parts(o) for o in out] if isinstance(out, list) else _parts(out)
    check(run)


def test_dgl_subgraph_requires_return_mapping():
    check(lambda mx: mx.nd.contrib.dgl_subgraph(_graph(mx), mx.nd.array([0, 2], dtype='int64')))
