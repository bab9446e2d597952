"""NDArray.reshape's argument handling as MXNet 1.9.1's method: a positional shape wins over shape=, no shape
(or an empty/None one) is its AssertionError, shape= given as an int or numpy array fails as MXNet's does,
unknown keywords are TypeError, reverse=None is False. Every case compared with the oracle."""
import pytest

from tests.oracle import check_code

CASES = [
    'x = mx.nd.arange(6); out = x.reshape()',
    'x = mx.nd.arange(6); out = x.reshape(shape=6)',
    'x = mx.nd.arange(6); out = x.reshape(shape=np.array([2,3]))',
    'x = mx.nd.arange(6); out = x.reshape(np.array([2,3]))',
    'x = mx.nd.arange(6); out = x.reshape((2,3), shape=(3,2))',
    'x = mx.nd.arange(6); out = x.reshape(2, 3, shape=(3,2))',
    'x = mx.nd.arange(6); out = x.reshape((2,3), reverse=True)',
    'x = mx.nd.arange(6).reshape(2,3); out = x.reshape((0,-1), reverse=True)',
    'x = mx.nd.arange(6).reshape(2,3); out = x.reshape(shape=(0,-1), reverse=True)',
    'x = mx.nd.arange(6).reshape(2,3); out = x.reshape(-1, 0, reverse=True)',
    'x = mx.nd.arange(6).reshape(2,3); out = x.reshape(shape=3, reverse=True)',
    'x = mx.nd.arange(6); out = x.reshape((2,3), foo=1)',
    'x = mx.nd.arange(6); out = x.reshape(shape=(2,3), foo=1)',
    'x = mx.nd.arange(6); out = x.reshape(reverse=True)',
    'x = mx.nd.arange(6); out = x.reshape(shape=None)',
    'x = mx.nd.arange(6); out = x.reshape(shape=[2,3])',
    'x = mx.nd.arange(6); out = x.reshape([2,3])',
    'x = mx.nd.arange(6); out = x.reshape(shape=(2.0,3))',
    'x = mx.nd.arange(6); out = x.reshape(2.0, 3)',
    'x = mx.nd.arange(6); out = x.reshape(np.int64(6))',
    'x = mx.nd.arange(6); out = x.reshape(shape=np.int64(6))',
    'x = mx.nd.arange(6); out = x.reshape((2,3), (3,2))',
    'x = mx.nd.arange(6); out = x.reshape(shape=())',
    'x = mx.nd.arange(6); out = x.reshape(())',
    'x = mx.nd.arange(1); out = x.reshape(())',
    "x = mx.nd.arange(6); out = x.reshape(shape='2,3')",
    'x = mx.nd.arange(6); out = x.reshape(6, reverse=1)',
    "x = mx.nd.arange(6); out = x.reshape(6, reverse='True')",
    'x = mx.nd.arange(6); out = x.reshape(6, reverse=None)',
]


@pytest.mark.parametrize("code", CASES)
def test_reshape_method_arguments(code):
    check_code(code)
