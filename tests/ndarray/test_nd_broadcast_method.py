"""NDArray.broadcast_to / broadcast_like are MXNet's checked Python methods, not the raw operator: missing
leading axes are padded with 1, a shorter target or a non-1 axis that differs (0 included) is a ValueError,
and a numpy array works as the target shape when the ranks match. Against the oracle."""
import numpy as np
import pytest

from tests.oracle import check

CASES = [
    lambda mx: mx.nd.arange(3).reshape((1, 3)).broadcast_to(np.array([2, 3])),
    lambda mx: mx.nd.arange(3).broadcast_to((2, 3)),
    lambda mx: mx.nd.arange(3).broadcast_to(np.array([2, 3])),       # MXNetError: the op gets the array
    lambda mx: mx.nd.arange(6).reshape((2, 3)).broadcast_to((3,)),
    lambda mx: mx.nd.arange(6).reshape((2, 3)).broadcast_to((4, 3)),
    lambda mx: mx.nd.arange(6).reshape((2, 3)).broadcast_to((2, 0)),  # the op keeps a 0 axis, the method refuses
    lambda mx: mx.nd.arange(3).reshape((1, 3)).broadcast_to((2, 0)),
    lambda mx: mx.nd.arange(3).reshape((1, 3)).broadcast_to([4, 3]),
    lambda mx: mx.nd.arange(3).reshape((1, 3)).broadcast_to(shape=(2, 1, 3)),
    lambda mx: mx.nd.broadcast_to(mx.nd.arange(6).reshape((2, 3)), shape=(2, 0)),
    lambda mx: mx.nd.arange(2).reshape((2, 1)).broadcast_like(mx.nd.ones((2, 3))),
    lambda mx: mx.nd.arange(6).reshape((2, 3)).broadcast_like(mx.nd.ones((4, 3))),
    lambda mx: mx.nd.arange(2).reshape((2, 1)).broadcast_like(mx.nd.ones((5, 2, 3))),
    lambda mx: mx.nd.arange(2).reshape((2, 1)).broadcast_like(mx.nd.ones((2, 3)), lhs_axes=(1,)),
]


@pytest.mark.parametrize("i", range(len(CASES)))
def test_broadcast_methods(i):
    check(CASES[i])


def test_random_ranks_with_numpy_target():
    rng = np.random.RandomState(0)
    for _ in range(20):
        target = rng.randint(1, 5, size=rng.randint(1, 5))
        shape = np.where(rng.randint(0, 2, size=target.size) == 1, 1, target)
        data = rng.rand(*shape)
        check(lambda mx: mx.nd.array(data).broadcast_to(shape=target))
