"""nd.random.multinomial draws like MXNet's sampler: unnormalised probabilities, k for all-zero rows,
output dtype wrap-around (deterministic cases against the oracle; frequencies by hand)."""
import numpy as np
import pytest

from tests.oracle import check_code


@pytest.mark.parametrize("code", [
    "mx.nd.random.multinomial(mx.nd.zeros(4), shape=3)",
    "mx.nd.random.multinomial(mx.nd.zeros((2, 3)))",
    "mx.nd.random.multinomial(mx.nd.array([2., 2.]), shape=5)",
    "mx.nd.random.multinomial(mx.nd.array([[0., 1.], [1., 0.]]), shape=(2, 2))",
    "mx.nd.random.multinomial(mx.nd.zeros(300), dtype='uint8')",
    "mx.nd.random.multinomial(mx.nd.array([0., 0., 1.]), shape=4, get_prob=True)",
    "mx.nd.random.multinomial(mx.nd.array([0., 3., 0.], dtype='float16'), shape=2, dtype='float32')",
])
def test_deterministic_draws(code):
    check_code(code)


def test_frequencies_follow_probabilities(mx):
    mx.random.seed(3)
    y = mx.nd.random.multinomial(mx.nd.array([[0.1, 0.2, 0.7], [0.5, 0.0, 0.5]]), shape=40000).asnumpy()
    np.testing.assert_allclose(np.bincount(y[0], minlength=3) / 40000, [0.1, 0.2, 0.7], atol=0.02)
    np.testing.assert_allclose(np.bincount(y[1], minlength=3) / 40000, [0.5, 0.0, 0.5], atol=0.02)


def test_negative_entries_use_the_running_sum(mx):
    y = mx.nd.random.multinomial(mx.nd.array([0.5, 0.5, -1.0]), shape=2000).asnumpy()
    assert set(np.unique(y)) <= {0, 1}
