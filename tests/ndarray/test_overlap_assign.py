"""Assignments whose source is a view of the destination's memory (oracle tests): a slice/index assignment is
MXNet's sequential element-by-element write, a whole-array assignment or copyto reads the whole source first."""
import numpy as np
import pytest

from tests.oracle import check

CASES = [
    "a = mx.nd.arange(5); a[1:] = a[:-1]",
    "a = mx.nd.arange(5); a[:-1] = a[1:]",
    "a = mx.nd.arange(10); a[2:] = a[:-2]",
    "a = mx.nd.arange(5); a[1:4] = a[0:3]",
    "a = mx.nd.arange(6).reshape((3, 2)); a[1:] = a[:2]",
    "a = mx.nd.arange(6).reshape((3, 2)); a[:] = a[::-1]",
    "a = mx.nd.arange(5); a[::-1] = a",
    "a = mx.nd.arange(8).reshape((2, 4)); a[:, ::-1] = a",
    "a = mx.nd.arange(6); a[::2] = a[0:3]",
    "a = mx.nd.arange(6); a[[1, 2, 3]] = a[0:3]",
    "a = mx.nd.arange(6); a[2:5] = a[0:3].astype('float64')",
    "a = mx.nd.arange(6).reshape((2, 3)); a[:, 1:] = a[:, :2]",
    "a = mx.nd.arange(5); a[1:3] = a[0:1]",
    "a = mx.nd.arange(12).reshape((2, 6)); a[0] = a[1]",
    "a = mx.nd.arange(5); b = a[1:3]; b[:] = a[0:2]",
    "a = mx.nd.arange(100); b = a[1:99]; b[:] = a[0:98]",
    "a = mx.nd.arange(10); b = a[2:]; a[:-2].copyto(b)",
    "a = mx.nd.arange(5); a[:] = a",
    "a = mx.nd.arange(1000); a[3:] = a[:-3]",
]


@pytest.mark.parametrize("code", CASES)
def test_overlapping_assignment(code):
    def run(mx):
        names = {"mx": mx}
        exec(code, names)  # noqa: S102
        return names["a"]
    check(run)


def test_long_shift_is_periodic(mx):
    a = mx.nd.arange(100000)
    a[3:] = a[:-3]
    np.testing.assert_array_equal(a.asnumpy(), np.tile(np.arange(3.0), 33334)[:100000])


NP_CASES = [
    "a = mx.np.arange(5); a[1:] = a[:-1]",
    "a = mx.np.arange(6); a[::2] = a[0:3]",
    "a = mx.np.arange(5); b = a[1:3]; b[:] = a[0:2]",
]


@pytest.mark.parametrize("code", NP_CASES)
def test_overlapping_assignment_np_reads_source_first(code):
    """mx.np arrays (numpy mode) read the whole source before writing, as NumPy."""
    def run(mx):
        names = {"mx": mx}
        mx.npx.set_np()
        try:
            exec(code, names)  # noqa: S102
        finally:
            mx.npx.reset_np()
        return names["a"]
    check(run)
