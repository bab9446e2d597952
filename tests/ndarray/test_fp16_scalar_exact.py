"""float16 NDArray arithmetic with python scalars is bit-exact with MXNet 1.9.1 (the scalar is rounded to half)."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("code", ["h * s", "s * h", "h / s", "s / h", "h + s", "h - s", "s - h",
                                  "mx.nd.multiply(h, s)", "mx.nd.divide(h, s)", "h % s"])
def test_fp16_scalar_ops_bit_exact(code):
    def f(mx):
        rs = np.random.RandomState(0)
        h = mx.nd.array(rs.uniform(-100, 100, 500).astype("float16"), dtype="float16")
        return [eval(code, {"mx": mx, "h": h, "s": s}) for s in (1.1, 0.1, 3.3333, 1e-3, 7.77)]
    check(f, atol=0, rtol=0)
