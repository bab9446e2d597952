"""autograd.Function instance rules of MXNet 1.9.1: one call per instance; saved_tensors is a plain attribute."""
import numpy as np

from tests.oracle import check


def _square(mx):
    class Square(mx.autograd.Function):
        def forward(self, x):
            self.save_for_backward(x)
            return x * x

        def backward(self, dy):
            x, = self.saved_tensors
            self.saved_tensors = None  # dgl's backward frees its saved arrays this way
            return dy * 2 * x
    return Square


def test_saved_tensors_is_assignable_in_backward():
    def fn(mx):
        x = mx.nd.array([1.0, 2.0, 3.0])
        x.attach_grad()
        f = _square(mx)()
        with mx.autograd.record():
            y = f(x)
        y.backward()
        mx.nd.waitall()  # MXNet runs the backward asynchronously
        return y, x.grad, f.saved_tensors
    check(fn)


def test_function_instance_called_twice_is_assertion_error():
    def fn(mx):
        f = _square(mx)()
        x = mx.nd.array([1.0, 2.0])
        f(x)
        return f(x)
    check(fn, raises=AssertionError)


def test_fresh_function_has_empty_saved_tensors():
    check(lambda mx: _square(mx)().saved_tensors)
