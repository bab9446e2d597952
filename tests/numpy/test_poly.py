"""mx.np.polyval against MXNet 1.9.1 (oracle): values, dtype rules, shape checks, gradients, both shape modes."""
import numpy as np
import pytest

from tests.oracle import check


def _run(code, np_mode):
    def fn(mx):
        if np_mode:
            mx.npx.set_np()
        try:
            return eval(code, {"mx": mx, "np": mx.np})  # noqa: S307
        finally:
            if np_mode:
                mx.npx.reset_np()
    return fn


CASES = [
    "np.polyval(np.array([3, 0, 1]), np.array([5, 4]))",
    "np.polyval(np.array([3, 0, 1]), np.ones((2, 3)))",
    "np.polyval(np.array([3, 0, 1], dtype='int8'), np.array([50, 4], dtype='int8'))",
    "np.polyval(np.array([3, 0, 1], dtype='int32'), np.array([5, 4], dtype='int32'))",
    "np.polyval(np.array([3, 0, 1], dtype='float16'), np.array([5, 4], dtype='float16'))",
    "np.polyval(np.array([0.5, -2, 1], dtype='float64'), np.array([[1.5, 4], [2, -3]], dtype='float64'))",
    "np.polyval(np.array([3, 0, 1], dtype='float64'), np.array([5, 4], dtype='float32'))",
    "np.polyval(np.array([1e20, 2.]), np.array([1e20]))",
    "np.polyval(np.array([3, 0, 1]), 5)",
    "np.polyval([3, 0, 1], 5)",
    "np.polyval(np.array([[3, 0, 1]]), np.array([5.]))",
    "np.polyval(np.array(3.), np.array([5.]))",
    "np.polyval(np.array([]), np.array([5.]))",
    "np.polyval(np.array([3, 0, 1]), np.array(5.))",
    "np.polyval(np.array([3, 0, 1]), np.ones((2, 0)))",
]


@pytest.mark.parametrize("np_mode", [False, True])
@pytest.mark.parametrize("code", CASES)
def test_polyval(code, np_mode):
    check(_run(code, np_mode))


@pytest.mark.parametrize("np_mode", [False, True])
def test_polyval_grad(np_mode):
    def fn(mx):
        if np_mode:
            mx.npx.set_np()
        try:
            p, x = mx.np.array([3., 2, -1, 0.5]), mx.np.array([[5., 4], [-1.5, 0.25]])
            p.attach_grad()
            x.attach_grad()
            with mx.autograd.record():
                y = mx.np.polyval(p, x)
            y.backward(mx.np.array([[1., 2], [0.5, -1]]))
            return y, p.grad, x.grad
        finally:
            if np_mode:
                mx.npx.reset_np()
    check(fn)


def test_polyval_listed(mx):
    assert "polyval" in dir(mx.np)
    assert np.allclose(mx.np.polyval(mx.np.array([1., 1]), mx.np.array([2.])).asnumpy(), [3.])
