"""test_utils.almost_equal / assert_almost_equal on big arrays (the identical-arrays shortcut) against MXNet."""
import numpy as np
import pytest

from tests.oracle import check

_A = np.random.RandomState(3).rand(64, 100).astype(np.float32)
_NAN = _A.copy()
_NAN[5, 7] = np.nan
_INF = _A.copy()
_INF[1, 2] = -np.inf


@pytest.mark.parametrize("a,b,kw", [
    (_A, _A.copy(), {}),
    (_A, _A + 1e-3, {}),
    (_NAN, _NAN.copy(), {}),
    (_NAN, _NAN.copy(), {"equal_nan": True}),
    (_INF, _INF.copy(), {}),
    (_A, _A.copy(), {"rtol": -1.0, "atol": 0.0}),
    (_A, _A.astype(np.float64), {"rtol": 1e-5, "atol": 1e-6}),
    (_A, _A[:1].copy(), {}),
    ((_A * 100).astype(np.int32), (_A * 100).astype(np.int32), {"rtol": 0, "atol": 0}),
])
def test_almost_equal_big(a, b, kw):
    check(lambda mx: mx.test_utils.almost_equal(a, b, **kw))


def test_assert_almost_equal_big_ndarrays():
    check(lambda mx: mx.test_utils.assert_almost_equal(mx.nd.array(_A), mx.nd.array(_A), rtol=1e-5, atol=1e-6))
    check(lambda mx: mx.test_utils.assert_almost_equal(_A, _A + 1.0, rtol=1e-5, atol=1e-6))  # both raise
