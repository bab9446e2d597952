"""Sparse: scalar comparisons' storage types, take/getnnz on csr, nd.empty/zeros(stype=), test_utils generators."""
import numpy as np
import pytest

from tests.oracle import check
from tests.sparse.test_sparse_ndarray import sp

ONES = np.array([[1., 0, 2], [0, 0, 0], [0, 3, 0]], dtype=np.float32)


@pytest.mark.parametrize("stype", ["csr", "row_sparse"])
@pytest.mark.parametrize("code", ["y == 1", "y == 0", "0 == y", "y != 0", "y != 1", "y > 0", "y > 1", "0 > y",
                                  "y >= 0", "y >= 1", "y < 0", "y < 1", "0 < y", "y <= 0", "1 <= y", "y == y",
                                  "y > mx.nd.ones((3, 3))"])
def test_scalar_compare(stype, code):
    def f(mx):
        y = mx.nd.array(ONES).tostype(stype)
        out = eval(code, {"mx": mx, "y": y})
        return out.stype, out.asnumpy()
    check(f)


@pytest.mark.parametrize("mode", ["clip", "wrap"])
def test_take_csr(mode):
    check(lambda mx: sp(mx.nd.take(mx.nd.array(ONES).tostype("csr"), mx.nd.array([2, -1, 7, 0]), mode=mode)))


def test_take_fallbacks():
    check(lambda mx: (sp(mx.nd.take(mx.nd.array(ONES).tostype("csr"), mx.nd.array([1]), axis=1)),
                      sp(mx.nd.take(mx.nd.array(ONES).tostype("row_sparse"), mx.nd.array([1, 0])))))


@pytest.mark.parametrize("axis", [None, 1])
def test_getnnz(axis):
    check(lambda mx: mx.nd.contrib.getnnz(mx.nd.array(ONES).tostype("csr"), axis=axis))


def test_getnnz_errors():
    check(lambda mx: mx.nd.contrib.getnnz(mx.nd.array(ONES).tostype("csr"), axis=0).asnumpy())


@pytest.mark.parametrize("code", ["mx.nd.empty((2, 3), stype='csr')", "mx.nd.empty((2, 3), stype='row_sparse')",
                                  "mx.nd.zeros((2, 3), stype='row_sparse', dtype='float64')",
                                  "mx.nd.zeros(shape=(2, 3), stype='csr', ctx=mx.cpu(1))"])
def test_creation_stype(code):
    check(lambda mx: sp(eval(code, {"mx": mx})))


def test_retain_errors():
    check(lambda mx: mx.nd.sparse.retain(mx.nd.ones((2, 2)), invalid_arg="x"))
    check(lambda mx: mx.nd.sparse.retain(mx.nd.ones((2, 2)), mx.nd.array([0])).asnumpy())


def test_slice_step_falls_back_to_dense():
    check(lambda mx: sp(mx.nd.sparse.slice(mx.nd.array(ONES).tostype("csr"), begin=(0,), end=(3,), step=(2,))))


def test_unsupported_methods():
    for code in ["x._slice(0, 1)", "x._at(0)", "x.reshape((4,))"]:
        check(lambda mx: eval(code, {"x": mx.nd.zeros((2, 2), stype="row_sparse")}))


@pytest.mark.parametrize("stype,kw", [("csr", {"density": 0.3}), ("csr", {"density": 0.5, "distribution": "powerlaw"}),
                                      ("row_sparse", {"density": 0.5}), ("row_sparse", {"density": 0}),
                                      ("csr", {"density": 1, "dtype": "float64"})])
def test_rand_sparse_ndarray(mx, stype, kw):
    arr, parts = mx.test_utils.rand_sparse_ndarray((6, 8), stype, **kw)
    assert arr.stype == stype and arr.shape == (6, 8)
    arr.check_format()
    dense = arr.asnumpy()
    if kw.get("density") == 0:
        assert not dense.any()
    if kw.get("density") == 1:
        assert dense.all() and arr.dtype == np.float64
    if kw.get("distribution") == "powerlaw":
        ptr = arr.indptr.asnumpy()
        assert ptr[2] - ptr[1] == 2 * (ptr[1] - ptr[0])


def test_rand_ndarray_shuffled_csr_values(mx):
    import torch2gluon
    if mx is not torch2gluon:
        pytest.skip("MXNet needs scipy for shuffle_csr_indices")
    a = mx.test_utils.rand_ndarray((5, 6), "csr", density=0.6, shuffle_csr_indices=True)
    b = mx.nd.sparse.csr_matrix((a.data, a.indices, a.indptr), shape=a.shape)
    np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
