"""An explicit dtype=None is numpy's default (float64) for MXNet's samplers; leaving dtype out is float32."""
import pytest

from tests.oracle import check

CALLS = {
    "uniform": lambda mx: mx.nd.random.uniform(shape=(2,), dtype=None),
    "normal": lambda mx: mx.nd.random.normal(shape=(2,), dtype=None),
    "randn": lambda mx: mx.nd.random.randn(2, dtype=None),
    "exponential": lambda mx: mx.nd.random.exponential(shape=(2,), dtype=None),
    "gamma": lambda mx: mx.nd.random.gamma(shape=(2,), dtype=None),
    "poisson": lambda mx: mx.nd.random.poisson(shape=(2,), dtype=None),
    "negative_binomial": lambda mx: mx.nd.random.negative_binomial(shape=(2,), dtype=None),
    "gen_negative_binomial": lambda mx: mx.nd.random.generalized_negative_binomial(shape=(2,), dtype=None),
    "randint": lambda mx: mx.nd.random.randint(0, 5, shape=(2,), dtype=None),
    "random_uniform_op": lambda mx: mx.nd.random_uniform(shape=(2,), dtype=None),
    "sample_uniform_op": lambda mx: mx.nd.sample_uniform(mx.nd.zeros(2), mx.nd.ones(2), dtype=None),
    "uniform_nd_params": lambda mx: mx.nd.random.uniform(mx.nd.zeros(2), mx.nd.ones(2), dtype=None),
    "multinomial": lambda mx: mx.nd.random.multinomial(mx.nd.ones((2, 3)) / 3, dtype=None),
    "default": lambda mx: mx.nd.random.uniform(shape=(2,)),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_sampler_dtype_none(name):
    check(lambda mx: (CALLS[name](mx).dtype, CALLS[name](mx).shape))
