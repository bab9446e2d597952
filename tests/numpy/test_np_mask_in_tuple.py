"""A boolean array inside a tuple index is checked against its axes as MXNet 1.9.1 counts them (IndexError
with MXNet's wording; torch's own message used to leak), and valid ones index as before."""
import pytest

from tests.oracle import check

KEYS = {
    "2d_mask_at_1": lambda np: (slice(None), np.zeros((4, 4), dtype=bool)),
    "1d_mask_at_1": lambda np: (slice(None), np.zeros((3,), dtype=bool)),
    "2d_mask_at_0": lambda np: (np.zeros((5, 3), dtype=bool),),
    "after_int": lambda np: (0, np.zeros((3,), dtype=bool)),
    "after_ellipsis": lambda np: (Ellipsis, np.zeros((2,), dtype=bool)),   # MXNet lays it on axis 0
    "after_none": lambda np: (None, np.ones((5,), dtype=bool)),            # MXNet counts None as an axis
    "valid_at_1": lambda np: (slice(None), np.array([True, False, True, True])),
    "valid_2d": lambda np: (np.array([[True, False, True, False]] * 5), slice(None)),
}


@pytest.mark.parametrize("name", sorted(KEYS))
def test_mask_inside_tuple(name):
    def fn(mx):
        mx.npx.set_np()
        try:
            a = mx.np.arange(60).reshape((5, 4, 3))
            return a[KEYS[name](mx.np)].as_nd_ndarray()
        finally:
            mx.npx.reset_np()
    check(fn)
