"""__getitem__/__setitem__: basic and advanced indices, bool arrays as 0/1 indices, views, errors."""
import numpy as np
import pytest

from tests.oracle import check_code

X = "mx.nd.arange(24).reshape((2, 3, 4))"

GETITEM = [
    "x[1]", "x[-1]", "x[1, 2]", "x[1, 2, 3]", "x[0, -1, 0]", "x[0:1]", "x[:, 1]", "x[:, 1:3, ::2]",
    "x[..., 1]", "x[None]", "x[:, None, 1]", "x[1, ...]", "x[::-1]", "x[(1,)]", "x[1:, :, 3]",
    "x[[0, 1]]", "x[[1, 0], [2, 1]]", "x[[1, 0], :, [2, 1]]", "x[np.array([1, 0])]", "x[mx.nd.array([1, 0])]",
    "x[mx.nd.array([1, 0], dtype='int32'), 1]", "x[:, [0, 2]]", "x[np.array([True, False])]",
    "y = mx.nd.arange(12).reshape((3, 4)); out = y[np.array([True, False, True])]",
    "y = mx.nd.arange(12).reshape((3, 4)); out = y[y > 5]",
    "x[[[0, 1], [1, 0]]]",
    # errors
    "x[1.0]", "x[0, 1.5]", "x[2]", "x[-3]", "x[0, 3]", "x[0, 0, 0, 0]", "x['a']",
]


@pytest.mark.parametrize("code", GETITEM)
def test_getitem(code):
    check_code(code if "out =" in code else f"x = {X}; out = {code}")


SETITEM = [
    "x[1] = 0", "x[0, 1] = -1", "x[0, 1, 2] = 99", "x[:, 1] = 5", "x[:] = 3", "x[1:, ::2] = 7",
    "x[:] = mx.nd.ones((3, 4))", "x[0] = mx.nd.arange(4)", "x[0] = np.arange(4)", "x[0, 0] = [1, 2, 3, 4]",
    "x[[0, 1], [1, 2]] = 0", "x[[1, 1]] = mx.nd.array([[1] * 4, [2] * 4, [3] * 4])",
    "x[mx.nd.array([0])] = 8", "x[np.array([True, False])] = 1", "x[..., 0] = -5",
    "x[0] = 2.7", "x[0] = mx.nd.ones((3, 4), dtype='int32')",
    "x[:, :, 0] = mx.nd.ones((2, 2))", "x[0] = mx.nd.ones((5,))", "x[5] = 1", "x[1.0] = 1",
]


@pytest.mark.parametrize("code", SETITEM)
def test_setitem(code):
    check_code(f"x = {X}; {code}; out = x")


def test_setitem_int_array_stores_truncated():
    check_code("x = mx.nd.zeros(3, dtype='int32'); x[1] = 2.7; x[2] = -2.7; out = x")


def test_setitem_bool_mask_zeroes_rows():
    check_code("y = mx.nd.arange(12).reshape((3, 4)); y[y > 5] = 0; out = y")


def test_views_write_both_ways():
    check_code("x = mx.nd.arange(12).reshape((3, 4)); a = x[1]; b = x[0:2]; c = x.reshape((4, 3)); "
               "a[:] = -1; x[0, 0] = 50; c[3] = 9; out = (x, a, b, c)")


def test_iteration_and_len():
    check_code("x = mx.nd.arange(6).reshape((3, 2)); out = [r for r in x] + [len(x)]")


NEG_STEP = ["x[::-1]", "x[:, ::-2]", "x[1, 2:0:-1, ::-3]", "x[..., ::-1]"]


@pytest.mark.parametrize("code", NEG_STEP)
def test_negative_step_slices(code):
    check_code(f"x = {X}; out = {code}")
    check_code(f"x = {X}; {code} = 1; out = x")
