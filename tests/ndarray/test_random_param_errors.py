"""Samplers with bad arguments raise MXNet's kind of error: the `nd.random_X` / `nd.uniform` operators parse
their parameters (MXNetError), `nd.random.X` python functions check types first (ValueError /
AssertionError), then call the operators. Checked against the real MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check


def _shape_of(r):
    r.asnumpy()  # MXNet reports a sampler's failed parameter check when the result is read
    return (tuple(r.shape), np.dtype(r.dtype).name, str(r.context))


CASES = [
    # operators: parameter format
    "mx.nd.random_normal(loc='a', shape=2)", "mx.nd.random_normal(loc='1', scale='2', shape=2)",
    "mx.nd.random_normal(loc=mx.nd.zeros(2), shape=2)", "mx.nd.random_uniform(low=True, shape=2)",
    "mx.nd.random_uniform(low=mx.nd.zeros(2), high=mx.nd.ones(2))", "mx.nd.random_randint(0.5, 5, shape=2)",
    "mx.nd.random_randint(0, 5, shape=2, dtype='int64')", "mx.nd.random_negative_binomial(k=1.5, p=0.5, shape=2)",
    "mx.nd.random_generalized_negative_binomial(mu=1, alpha='a', shape=2)", "mx.nd.random_poisson(lam='x', shape=2)",
    "mx.nd.random_normal(shape=(2.5,))", "mx.nd.random_normal(0, 1, (2, 3))", "mx.nd.normal(0, 1, shape=(2, 3))",
    "mx.nd.uniform(0, 1, shape=(2, 3), dtype='float64')", "mx.nd.random_normal(shape=2, foo=1)",
    "mx.nd.random_exponential(scale=2, shape=2)", "mx.nd.random_normal(shape=2, dtype='int32')",
    # operators: MXNet's own parameter checks
    "mx.nd.random_uniform(2, 1, shape=3)", "mx.nd.random_normal(0, 0, shape=2)",
    "mx.nd.random_exponential(0, shape=2)", "mx.nd.random_poisson(-1, shape=2)", "mx.nd.random_gamma(0, 1, shape=2)",
    "mx.nd.random_gamma(1, 0, shape=2)", "mx.nd.random_generalized_negative_binomial(-1, 1, shape=2)",
    "mx.nd.random_generalized_negative_binomial(1, -1, shape=2)",
    # operators: shapes (legacy shape mode cannot size a 0-d or zero-size sample)
    "mx.nd.random_normal()", "mx.nd.random_normal(shape=())", "mx.nd.random_normal(shape=(2, 0))",
    "mx.nd.random_normal(shape=None)", "mx.nd.random_normal(out=mx.nd.zeros(2))",
    "mx.nd.random_normal(shape=3, out=mx.nd.zeros(2))", "mx.nd.random_randint(0, 5)",
    "mx.nd.sample_normal(0, 1, shape=3)", "mx.nd.sample_normal(mx.nd.zeros(2), 1)",
    "mx.nd.sample_normal(mx.nd.zeros(2), mx.nd.ones(2), shape=3.5)",
    # python functions
    "mx.nd.random.normal(loc='a')", "mx.nd.random.normal(loc=[0, 1])", "mx.nd.random.normal(0, 'a')",
    "mx.nd.random.normal(0, mx.nd.ones(2))", "mx.nd.random.normal(True, shape=2)",
    "mx.nd.random.normal(np.array(1.0), shape=2)", "mx.nd.random.normal(np.float32(1), shape=2)",
    "mx.nd.random.uniform(0, 1, shape=(2.5,))", "mx.nd.random.uniform(low=None)", "mx.nd.random.uniform()",
    "mx.nd.random.randint(0.5, 5, shape=2)", "mx.nd.random.randint('a', 5, shape=2)",
    "mx.nd.random.randint(mx.nd.zeros(1), 5, shape=2)", "mx.nd.random.randint(0, 5)",
    "mx.nd.random.randint(0, 5, shape=None)", "mx.nd.random.normal(shape=None)", "mx.nd.random.normal(shape=())",
    "mx.nd.random.exponential(scale='x')", "mx.nd.random.exponential(scale=0)", "mx.nd.random.gamma(alpha='x')",
    "mx.nd.random.poisson(lam=mx.nd.ones(2), shape=2.5)", "mx.nd.random.negative_binomial(k=1.5, shape=2)",
    "mx.nd.random.normal_like(mx.nd.ones(2), loc=True)", "mx.nd.random.uniform_like(mx.nd.ones(2), low='a')",
    "mx.nd.random.randn(2, 2.5)", "mx.nd.random.randn(2, loc='a')", "mx.nd.random.randn()",
    "mx.nd.random.normal(0, 1, 3, out=mx.nd.zeros(2))", "mx.nd.random.normal(out=mx.nd.zeros(2))",
    "mx.nd.random.multinomial(mx.nd.array([[0.5, 0.5]]), shape=2.5)",
]


@pytest.mark.parametrize("code", CASES)
def test_sampler_errors_and_shapes(code):
    check(lambda mx: _shape_of(eval(code, {"mx": mx, "np": np})))  # noqa: S307


@pytest.mark.parametrize("code", [
    "mx.nd.random.normal(shape=())", "mx.nd.random.randn()", "mx.nd.random_normal(shape=(2, 0))",
    "mx.nd.random.exponential(2, shape=())", "mx.nd.random.uniform(shape=(0, 3))",
])
def test_samplers_in_numpy_shape_mode(code):
    def run(mx):
        with mx.util.np_shape(True):
            return _shape_of(eval(code, {"mx": mx, "np": np}))  # noqa: S307
    check(run)
