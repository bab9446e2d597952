"""randint, gamma, poisson and the negative binomials on MXNet's parallel CPU stream: MXNet's exact values for a
seed, and the twisters left where MXNet leaves them (a uniform draw after each sampler matches too)."""

import numpy as np
import pytest

from tests.oracle import check_bits, seeded

_RS = np.random.RandomState(1)
_A = _RS.uniform(0.1, 4, size=(7,))
_B = _RS.uniform(0.5, 2, size=(7,))
_P = _RS.uniform(0.05, 0.95, size=(7,))
_LAM = np.array([0.5, 3, 11.9, 12, 15, 40, 1e4])


def _then_uniform(draw):
    return [draw, lambda mx: mx.nd.random.uniform(shape=(3000,))]


@pytest.mark.parametrize("seed", [0, 42])
def test_randint_int32_int64_and_wrapping(seed):
    """Two words per value, int64 modulo; int32 output wraps; the full int64 range overflows to MXNet's low."""
    check_bits(seeded(seed, _then_uniform(lambda mx: mx.nd.random.randint(-7, 100, shape=(5000,))) + [
        lambda mx: mx.nd.random.randint(-2 ** 40, 2 ** 41, shape=(3, 70001), dtype="int64"),
        lambda mx: mx.nd.random.randint(0, 2 ** 40, shape=(100,)),
        lambda mx: mx.nd.random.randint(-2 ** 63, 2 ** 63 - 1, shape=(10,), dtype="int64"),
        lambda mx: mx.nd.random.randint(0, 1024, out=mx.nd.zeros((10, 20), dtype="int64")),
        lambda mx: mx.nd.random.uniform(shape=(70,)),
    ]))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_gamma_scalar_parameters(dtype):
    """Marsaglia-Tsang in the output's float type (float for float16), alpha < 1 boosted by u^(1/alpha)."""
    check_bits(seeded(3, [
        lambda mx: mx.nd.random.gamma(2.5, 1.5, shape=(1000,), dtype=dtype),
        lambda mx: mx.nd.random.gamma(0.4, 2.0, shape=(70000,), dtype=dtype),
        lambda mx: mx.nd.random.gamma(1.0, 1.0, shape=(7,), dtype=dtype),
        lambda mx: mx.nd.random.uniform(shape=(3000,)),
    ]))


@pytest.mark.parametrize("pdt", ["float16", "float32", "float64"])
def test_array_parameter_samplers(pdt):
    """sample_*: parameters in their own dtype (float16's half arithmetic included), broadcast per element."""
    check_bits(seeded(42, [
        lambda mx: mx.nd.sample_gamma(mx.nd.array(_A, dtype=pdt), mx.nd.array(_B, dtype=pdt), shape=(300,)),
        lambda mx: mx.nd.sample_gamma(mx.nd.array(_A, dtype=pdt), mx.nd.array(_B, dtype=pdt), shape=(30,),
                                      dtype="float64"),
        lambda mx: mx.nd.sample_poisson(mx.nd.array(_LAM, dtype=pdt), shape=(300,)),
        lambda mx: mx.nd.sample_negative_binomial(mx.nd.array(_A * 3, dtype=pdt), mx.nd.array(_P, dtype=pdt),
                                                  shape=(200,)),
        lambda mx: mx.nd.sample_generalized_negative_binomial(
            mx.nd.array(_A * 3, dtype=pdt), mx.nd.array(np.r_[_P[:6], 0], dtype=pdt), shape=(200,)),
        lambda mx: mx.nd.random.uniform(shape=(3000,)),
    ]))


@pytest.mark.parametrize("seed", [0, 7])
def test_poisson_small_and_large_rates(seed):
    """Products of uniforms below 12, Numerical Recipes' rejection (C tanf/lgammaf/expf) above."""
    check_bits(seeded(seed, [
        lambda mx: mx.nd.random.poisson(4.0, shape=(20000,)),
        lambda mx: mx.nd.random.poisson(30.0, shape=(3000,)),
        lambda mx: mx.nd.random.poisson(1e5, shape=(100,), dtype="float64"),
        lambda mx: mx.nd.random.poisson(11.5, shape=(7,)),
        lambda mx: mx.nd.random.uniform(shape=(3000,)),
    ]))


def test_negative_binomials_and_like_forms():
    check_bits(seeded(5, [
        lambda mx: mx.nd.random.negative_binomial(3, 0.4, shape=(5000,)),
        lambda mx: mx.nd.random.negative_binomial(20, 0.1, shape=(500,)),
        lambda mx: mx.nd.random.generalized_negative_binomial(5.0, 0.3, shape=(5000,)),
        lambda mx: mx.nd.random.generalized_negative_binomial(5.0, 0.0, shape=(500,)),
        lambda mx: mx.nd.random.gamma_like(mx.nd.zeros((50, 40), dtype="float64"), alpha=0.5, beta=2),
        lambda mx: mx.nd.random.poisson_like(mx.nd.zeros((50, 40)), lam=20),
        lambda mx: mx.nd.random.negative_binomial_like(mx.nd.zeros((50, 40)), k=3, p=0.3),
        lambda mx: mx.nd.random.generalized_negative_binomial_like(mx.nd.zeros((5, 4)), mu=3, alpha=0.3),
        lambda mx: mx.nd.random.gamma(mx.nd.array(_A), mx.nd.array(_B), shape=(2, 3)),
        lambda mx: mx.nd.random.uniform(shape=(3000,)),
    ]))


def test_degenerate_parameters():
    """Zero shape or scale, p of 0 (an infinite rate: INT_MIN) or above 1, negative and huge poisson rates."""
    check_bits(seeded(11, [
        lambda mx: mx.nd.sample_negative_binomial(mx.nd.array([0, 1, 2, 3.]), mx.nd.array([0.5, 0., 1., 1.5]),
                                                  shape=(70,)),
        lambda mx: mx.nd.sample_gamma(mx.nd.array([0, 1.]), mx.nd.array([1, 0.]), shape=(70,)),
        lambda mx: mx.nd.sample_poisson(mx.nd.array([-1, 0, 1e9]), shape=(70,)),
        lambda mx: mx.nd.random.poisson(4.0, out=mx.nd.zeros((10, 20), dtype="float16")),
        lambda mx: mx.nd.random.uniform(shape=(3000,)),
    ]))
