"""backward(out_grad) with a head gradient of another shape. MXNet 1.9.1 reads the buffer without checking
its shape where the head's operator does not check it (`x * 2`, concat...): any shape with the same number
of elements, or the first elements of a larger buffer. torch2gluon does that for every operator (where MXNet
raises for some, e.g. sin)."""
import numpy as np
import pytest

import torch2gluon
from tests.oracle import check


@pytest.mark.parametrize("grad", [[10, 20, 30, 40], [[10, 20], [30, 40]], [[10], [20], [30]]])
def test_head_grad_any_shape(grad):
    def fn(mx):
        x = mx.nd.array([1, 2, 3])
        x.attach_grad()
        with mx.autograd.record():
            y = x * 2
        y.backward(mx.nd.array(grad))
        return x.grad
    check(fn)


def test_head_grad_larger_buffer_2d_head():
    """The first 6 of 10 elements, row-major (hand-computed: d sin = cos)."""
    mx = torch2gluon
    x = mx.nd.array(np.arange(6.0).reshape(2, 3))
    x.attach_grad()
    with mx.autograd.record():
        y = mx.nd.sin(x)
    mx.autograd.backward([y], [mx.nd.array(np.arange(10.0).reshape(2, 5))])
    np.testing.assert_allclose(x.grad.asnumpy(), np.arange(6.0).reshape(2, 3) * np.cos(np.arange(6.0)).reshape(2, 3),
                               rtol=1e-6, atol=1e-6)


def test_head_grad_smaller_buffer_raises():
    """MXNet reads past the end of a smaller buffer (garbage); torch2gluon refuses with MXNetError."""
    mx = torch2gluon
    x = mx.nd.array([1, 2, 3])
    x.attach_grad()
    with mx.autograd.record():
        y = x * 2
    with pytest.raises(mx.base.MXNetError, match="fewer elements"):
        y.backward(mx.nd.array([1, 2]))
