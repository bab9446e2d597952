"""Calls from the `>>>` examples in MXNet 1.9.1's own docstrings that torch2gluon answered differently
(found by running every docstring example on both libraries)."""
import pytest

from tests.oracle import check


@pytest.mark.parametrize("code", [
    "mx.nd.random.poisson(1)",
    "mx.nd.random.exponential(1)",
    "mx.nd.random.gamma(1, 1)",
    "mx.nd.random.negative_binomial(10, 0.5)",
    "mx.nd.random.generalized_negative_binomial(10, 0.5)",
    "mx.nd.random.exponential(2.0, dtype='float64')",
])
def test_scalar_samplers_without_shape_draw_one_value(code):
    """Leaving `shape` out draws one sample (MXNet's default is _Null, not None): shape (1,) float32."""
    check(lambda mx: eval(code, {"mx": mx}).shape)
    check(lambda mx: eval(code, {"mx": mx}).dtype)


def test_scalar_sampler_explicit_shape_none_is_an_error():
    check(lambda mx: mx.nd.random.poisson(1, shape=None).asnumpy())


@pytest.mark.parametrize("code", ["np.tile(2, 3)", "np.tile(2.5, (2, 2))", "np.tile(True, 2)",
                                  "np.tile([1, 2], 2)", "np.tile(np.array([1, 2]), 2)"])
def test_np_tile_of_a_scalar_is_numpys(code):
    """mx.np.tile of a python scalar is numpy's own result (a numpy array); a list is MXNet's TypeError."""
    def f(mx):
        mx.npx.set_np()
        try:
            r = eval(code, {"np": mx.np})
            return r if isinstance(r, mx.nd.NDArray) else (type(r).__module__, r)
        finally:
            mx.npx.reset_np()
    check(f)
