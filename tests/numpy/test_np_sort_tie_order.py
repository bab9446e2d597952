"""Oracle tests: mx.np.argsort/sort order tied and NaN keys as MXNet's CPU std::sort does."""
import numpy as np
import pytest

from tests.oracle import check

R = np.random.RandomState(5)


@pytest.mark.parametrize("n", [7, 17, 63, 700])
@pytest.mark.parametrize("nan", [False, True])
def test_np_argsort_sort_ties(np_mode, n, nan):
    k = R.choice([0., 2., 3., np.nan] if nan else [0., 2., 3.], n).astype("float32")
    k2 = k.reshape(1, -1).repeat(2, 0)
    check(lambda mx: [mx.np.argsort(mx.np.array(k)), mx.np.argsort(mx.np.array(k2), axis=1),
                      mx.np.argsort(mx.np.array(k2.T), axis=0), mx.np.argsort(mx.np.array(k2), axis=None),
                      mx.np.sort(mx.np.array(k)), mx.np.argsort(mx.np.array(k), kind="stable")])
