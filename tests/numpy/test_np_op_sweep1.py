"""Fixes found by sweeping part 1 of MXNet 1.9.1's tests/python/unittest/test_numpy_op.py: each case is checked
against real MXNet."""
import numpy as onp
import pytest

from tests.oracle import check
from tests.numpy.np_table import np_check, np_env, quiet


def _cast_grad(dt, expr):
    def run(mx):
        env = np_env(mx)
        x = env["mk"]([[1.5, -2.5, 0.0], [0.25, 4.0, -0.75]], dt)
        x.attach_grad()
        env["x"] = x
        with mx.autograd.record():
            y = eval(expr, env)  # noqa: S307 - test table only
        y.backward()
        return y.as_np_ndarray(), x.grad
    return quiet(run)


@pytest.mark.parametrize("dt", ["float32", "float64", "float16"])
@pytest.mark.parametrize("expr", [
    "np.sum(x, axis=0, dtype='int32')", "np.sum(x, axis=1, dtype='int8', keepdims=True)",
    "np.sum(x, dtype='int64')", "np.sum(x, axis=(), dtype='int32')",
    "np.mean(x, axis=0, dtype='int32')", "x.mean(axis=1, dtype='int64', keepdims=True)",
    "np.mean(x, dtype='int8')", "np.mean(x, axis=0, dtype='bool')", "np.sum(x, axis=1, dtype='bool')",
    "x.astype('int32')", "x.astype('uint8')", "x.astype('bool')",
    "x.as_nd_ndarray().astype('int32')", "mx.nd.cast(x.as_nd_ndarray(), dtype='int64')",
])
def test_cast_to_integer_passes_gradient(np_mode, dt, expr):
    """A float array reduced or cast to an integer/bool dtype under record(): MXNet's cast passes the head
    gradient straight through (sum: ones, mean: 1/n), it is not cut off."""
    check(_cast_grad(dt, expr), atol=1e-3)


@pytest.mark.parametrize("code", [
    "np.sum(mk([[-1., .5, 0.], [1., .5, 0.]]), axis=0, dtype=bool)",
    "np.mean(mk([[-1., .4, 0.], [1., .4, 0.]]), axis=0, dtype=bool)",
    "np.sum(mk([[-1, 2, 0], [1, 3, 0]], 'int32'), axis=0, dtype=bool)",
    "np.sum(mk([[True, False], [False, False]], 'bool'), axis=1, dtype='int32')",
    "np.sum(mk([[True, False], [False, False]], 'bool'), axis=1, dtype=bool)",
    "np.sum(mk([[True, False], [False, False]], 'bool'), axis=0, dtype='float16')",
    "np.sum(mk([[True, False], [False, False]], 'bool'), dtype='int8')",
    "np.mean(mk([[True, False], [False, False]], 'bool'), axis=1, dtype=bool)",
])
def test_reduce_to_bool_casts_the_sum(code):
    """sum/mean with dtype=bool: the sum in the input's type cast to bool (a zero sum of nonzero values is
    False), not `any`; a bool array sums only to int32/int64/float32/float64 (else MXNetError)."""
    np_check(code)
