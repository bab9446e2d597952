"""mx.np creation functions refuse order='F' as MXNet 1.9.1 does (NotImplementedError), naming the API and argument."""
import pytest

from tests.oracle import check


@pytest.mark.parametrize("code", ["mx.np.zeros((2,), order='F')", "mx.np.ones((2,), order='F')",
                                  "mx.np.full((2,), 1.0, order='F')",
                                  "mx.np.full_like(mx.np.zeros((2,)), 1.0, order='F')"])
def test_order_f_refused(code):
    ours = check(lambda mx: eval(code, {"mx": mx}), raises=NotImplementedError)
    name = code.split("(")[0]
    assert name in str(ours) and "order='F'" in str(ours)
