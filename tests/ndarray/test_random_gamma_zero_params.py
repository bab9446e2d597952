"""Gamma sampling with parameter arrays holding zeros: those rows are exactly 0 (MXNet 1.9.1's
test_random uses alpha=0); scalar alpha/beta of 0 raise MXNetError; negative parameter arrays raise here
(MXNet's sampler does not terminate on them)."""
import pytest

import torch2gluon
from tests.oracle import check


@pytest.mark.parametrize("alpha,beta", [([0.0, 2.5], [1.0, 0.7]), ([1.0, 2.5], [0.0, 0.7]), ([0.0, 0.0], [1.0, 1.0])])
def test_zero_parameters_sample_zero(alpha, beta):
    def fn(mx):
        r = mx.nd.random.gamma(alpha=mx.nd.array(alpha), beta=mx.nd.array(beta), shape=(50,))
        s = mx.nd.sample_gamma(mx.nd.array(alpha), mx.nd.array(beta), shape=4)
        zero = [i for i in range(2) if alpha[i] == 0 or beta[i] == 0]
        return r.shape, s.shape, [r[i] for i in zero], [s[i] for i in zero], (r > 0).sum(axis=1)
    check(fn)


@pytest.mark.parametrize("kw", [{"alpha": 0.0, "beta": 1.0}, {"alpha": 1.0, "beta": 0.0}])
def test_scalar_zero_raises(kw):
    check(lambda mx: mx.nd.random.gamma(shape=3, **kw))


def test_negative_parameter_array_raises():
    mx = torch2gluon
    with pytest.raises(mx.base.MXNetError):
        mx.nd.random.gamma(alpha=mx.nd.array([-1.0, 1.0]), beta=mx.nd.array([1.0, 1.0]), shape=3)
