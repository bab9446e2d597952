"""mx.nd.array of a sparse NDArray or a scipy csr_matrix gives a sparse copy, as MXNet 1.9.1 (h92)."""
import numpy as np
import pytest

from tests.oracle import check

DN = np.array([[1., 0, 2], [0, 0, 0], [0, -3, 0.5], [4, 0, 0]], dtype=np.float32)


def sp(x):
    """A (possibly sparse) array as plain data: class name, stype, dtype, stored components, dense values."""
    if x.stype == "csr":
        return ("cls " + type(x).__name__, "csr", x.shape, x.dtype, x.data, x.indices, x.indptr, x.asnumpy())
    if x.stype == "row_sparse":
        return ("cls " + type(x).__name__, "row_sparse", x.shape, x.dtype, x.data, x.indices, x.asnumpy())
    return ("cls " + type(x).__name__, "default", x.shape, x.dtype, x.asnumpy())


@pytest.mark.parametrize("stype", ["csr", "row_sparse"])
@pytest.mark.parametrize("dtype", [None, "float64", "int32"])
def test_nd_array_keeps_sparse_storage(stype, dtype):
    check(lambda mx: sp(mx.nd.array(mx.nd.array(DN).tostype(stype), dtype=dtype)))


@pytest.mark.parametrize("stype", ["csr", "row_sparse"])
def test_nd_array_of_sparse_is_a_copy(stype):
    def run(mx):
        a = mx.nd.array(DN).tostype(stype)
        b = mx.nd.array(a)
        a *= 2
        return sp(b), sp(a)
    check(run)


def test_nd_array_of_empty_sparse():
    check(lambda mx: sp(mx.nd.array(mx.nd.sparse.zeros("csr", (3, 5), dtype="float16"))))
    check(lambda mx: sp(mx.nd.array(mx.nd.sparse.zeros("row_sparse", (2, 4, 3)))))


def test_nd_array_dense_stays_dense():
    check(lambda mx: sp(mx.nd.array(mx.nd.array(DN), dtype="float64")))


@pytest.mark.parametrize("dtype", [None, "float32", "int64"])
def test_nd_array_scipy_csr_matrix(dtype):
    spsp = pytest.importorskip("scipy.sparse")
    m = spsp.csr_matrix((np.array([1., 2, 3, 4, 5, 6, 1]), np.array([0, 2, 2, 0, 1, 2, 1]),
                         np.array([0, 2, 3, 7])), shape=(3, 3))   # duplicates, unsorted: summed and sorted
    check(lambda mx: sp(mx.nd.array(m, dtype=dtype)))
    check(lambda mx: sp(mx.nd.sparse.array(m, dtype=dtype)))


@pytest.mark.parametrize("kind", ["coo_matrix", "csc_matrix", "csr_array"])
def test_other_scipy_formats_are_refused(kind):
    spsp = pytest.importorskip("scipy.sparse")
    if not hasattr(spsp, kind):
        pytest.skip(f"scipy without {kind}")
    m = getattr(spsp, kind)(np.eye(3))
    check(lambda mx: mx.nd.sparse.array(m))        # ValueError: Unexpected source_array type
    check(lambda mx: mx.nd.array(m))               # TypeError: not array like
    check(lambda mx: mx.nd.sparse.csr_matrix(m))   # TypeError (dense path)
