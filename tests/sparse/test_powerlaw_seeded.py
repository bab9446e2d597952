"""test_utils.rand_sparse_ndarray(distribution='powerlaw'): the same entries as MXNet 1.9.1 for the same numpy seed."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("shape,density", [((5, 8), 0.3), ((10, 4), 0.9), ((3, 100), 0.2), ((6, 6), 1.0),
                                           ((20, 30), 0.5), ((8, 2), 1.0), ((3, 100), 0.9), ((4, 3), 0.1)])
def test_powerlaw_csr_same_draws(shape, density):
    def f(mx):
        np.random.seed(3)
        return mx.test_utils.rand_sparse_ndarray(shape, "csr", density=density, distribution="powerlaw")[0].asnumpy()
    check(f, atol=0, rtol=0)
