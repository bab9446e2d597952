"""mx.np's submodules io and stride_tricks (oracle tests)."""
import io as _pyio

import pytest

from tests.oracle import check


def test_stride_tricks_broadcast_arrays():
    check(lambda mx: mx.np.stride_tricks.broadcast_arrays(mx.np.array([[1.], [2.]]), mx.np.array([1., 2, 3])))


def test_stride_tricks_same_function(mx):
    assert mx.np.stride_tricks.broadcast_arrays is mx.np.broadcast_arrays


@pytest.mark.parametrize("text", ["1,2\n3,4\n", "1.5,2\n,4\n"])
def test_io_genfromtxt(text):
    def fn(mx):
        mx.npx.set_np()
        try:
            return mx.np.io.genfromtxt(_pyio.StringIO(text), delimiter=",")
        finally:
            mx.npx.reset_np()
    check(fn)
