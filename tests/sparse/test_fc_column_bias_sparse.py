"""FullyConnected with a (num_hidden, 1) bias: computed when an input is sparse (MXNet's storage-fallback kernel),
refused for dense inputs (MXNet's MKLDNN kernel) and in backward, as MXNet 1.9.1 (h92)."""
import numpy as np
import pytest

from tests.oracle import check

X = np.arange(6, dtype=np.float32).reshape(2, 3) - 2
W = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)
B = np.array([[1.], [2.], [3.], [4.]], dtype=np.float32)


@pytest.mark.parametrize("where", ["data", "weight", "bias"])
@pytest.mark.parametrize("stype", ["csr", "row_sparse"])
def test_column_bias_with_a_sparse_input(where, stype):
    if stype == "csr" and where == "bias":
        pytest.skip("a (n, 1) csr bias: not a storage MXNet's FullyConnected documents")
    def run(mx):
        a = {"data": mx.nd.array(X), "weight": mx.nd.array(W), "bias": mx.nd.array(B)}
        a[where] = a[where].tostype(stype)
        return mx.nd.FullyConnected(a["data"], a["weight"], a["bias"], num_hidden=4)
    check(run)


def test_sparse_namespace_column_bias():
    check(lambda mx: mx.nd.sparse.FullyConnected(mx.nd.array(X), mx.nd.array(W).tostype("row_sparse"),
                                                 mx.nd.array(B), num_hidden=4))


@pytest.mark.parametrize("shape", [(4, 1), (1, 4), (2, 2), (4, 1, 1), (3,)])
def test_dense_bad_bias_shapes_raise(shape):
    check(lambda mx: mx.nd.FullyConnected(mx.nd.array(X), mx.nd.array(W), mx.nd.ones(shape), num_hidden=4))


@pytest.mark.parametrize("shape", [(1, 4), (4, 2)])
def test_sparse_other_bias_shapes_raise(shape):
    check(lambda mx: mx.nd.FullyConnected(mx.nd.array(X).tostype("csr"), mx.nd.array(W), mx.nd.ones(shape),
                                          num_hidden=4))


def test_column_bias_backward_raises():
    def run(mx):
        x, w, b = mx.nd.array(X), mx.nd.array(W).tostype("row_sparse"), mx.nd.array(B)
        b.attach_grad()
        with mx.autograd.record():
            y = mx.nd.FullyConnected(x, w, b, num_hidden=4)
        y.backward()
        return b.grad
    check(run)
