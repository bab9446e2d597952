"""mx.gluon.tensor_types (from gluon.parameter): (Symbol, NDArray), as gluon-ts' LSTNet checks
`isinstance(r, mx.gluon.tensor_types)` inside hybrid_forward."""
from tests.oracle import check


def test_tensor_types_holds_symbol_and_ndarray():
    check(lambda mx: (isinstance(mx.sym.var("x"), mx.gluon.tensor_types),
                      isinstance(mx.nd.ones(2), mx.gluon.tensor_types),
                      isinstance([mx.nd.ones(2)], mx.gluon.tensor_types),
                      mx.gluon.parameter.tensor_types == mx.gluon.tensor_types,
                      [t.__name__ for t in mx.gluon.tensor_types]))


def test_tensor_types_in_hybrid_forward():
    def run(mx):
        class Net(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, x):
                return x * 2 if isinstance(x, mx.gluon.tensor_types) else x
        net = Net()
        out = [net(mx.nd.ones((2, 3)))]
        net.hybridize()
        out.append(net(mx.nd.ones((2, 3))))
        return out
    check(run)
