"""Two-array arithmetic/comparison in a graph is MXNet's elementwise Symbol operator (no broadcasting): in
mx.sym (_power, _mod, _equal, _hypot, ...) and inside a hybridized block, where NDArray code like gluon-ts'
`D.expand_dims(-1) * F.eye(dim)` works imperatively but fails once hybridized."""
import numpy as np
import pytest

from tests.oracle import check

ELEMWISE_INTERNAL = ["_power", "_mod", "_hypot", "_equal", "_not_equal", "_greater", "_greater_equal", "_lesser",
                     "_lesser_equal", "_maximum", "_minimum"]


@pytest.mark.parametrize("op", ELEMWISE_INTERNAL)
def test_sym_internal_binary_needs_equal_shapes(op):
    def run(mx, shapes):
        s = getattr(mx.sym._internal, op)(mx.sym.var("a"), mx.sym.var("b"))
        return s.infer_shape(a=shapes[0], b=shapes[1])
    check(lambda mx: run(mx, ((2, 1), (2, 3))))
    check(lambda mx: run(mx, ((2, 3), (2, 3))))


@pytest.mark.parametrize("method", ["__pow__", "__mod__", "__eq__", "__gt__", "__le__"])
def test_sym_operator_methods_bind_needs_equal_shapes(method):
    a = np.array([[1.5, 2.0, 3.0]], dtype=np.float32)
    b = np.array([[2.0, 2.0, 0.5]], dtype=np.float32)

    def run(mx, bshape):
        s = getattr(mx.sym.var("a"), method)(mx.sym.var("b"))
        ex = s.bind(mx.cpu(), {"a": mx.nd.array(a), "b": mx.nd.array(b).reshape(bshape)})
        return ex.forward()[0]
    check(lambda mx: run(mx, (1, 3)))
    check(lambda mx: run(mx, (3, 1)))


def _block(mx, body):
    class Net(mx.gluon.HybridBlock):
        def hybrid_forward(self, F, x, y):
            return body(F, x, y)
    return Net()


@pytest.mark.parametrize("name,body", [
    ("mul", lambda F, x, y: x.expand_dims(-1) * F.eye(4)),
    ("add", lambda F, x, y: x + y),
    ("sub", lambda F, x, y: x - y.reshape((1, 4))),
    ("div", lambda F, x, y: x / y),
    ("pow", lambda F, x, y: x ** y),
    ("mod", lambda F, x, y: x % y),
    ("lt", lambda F, x, y: x < y),
])
@pytest.mark.parametrize("hybridize", [False, True])
def test_hybridized_arithmetic_of_two_arrays_does_not_broadcast(name, body, hybridize):
    x = np.random.RandomState(0).rand(2, 4).astype(np.float32) + 1
    y = np.random.RandomState(1).rand(4).astype(np.float32) + 1

    def run(mx):
        net = _block(mx, body)
        if hybridize:
            net.hybridize()
        return net(mx.nd.array(x), mx.nd.array(y))
    check(run)    # NDArrays broadcast imperatively; the hybridized graph refuses the shapes in both


def test_hybridized_same_shape_and_broadcast_ops_still_work():
    x = np.random.RandomState(0).rand(2, 4).astype(np.float32)

    def run(mx):
        net = _block(mx, lambda F, a, b: (a * b + a / (b + 1), F.broadcast_mul(a.expand_dims(-1), F.eye(4)),
                                          a ** 2, (a > b) * 1.5, a % 0.3))
        net.hybridize()
        return net(mx.nd.array(x), mx.nd.array(x[::-1].copy()))
    check(run)
