"""Numpy mode: a Block's outputs must all be mx.np arrays (MXNet's Block.__call__ raises TypeError otherwise)."""
import pytest

from tests.oracle import check


def _net(mx, kind, hybridize):
    """A user HybridBlock returning numpy, legacy or mixed outputs, optionally hybridized."""
    class Net(mx.gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            if kind == "numpy":
                return F.np.add(x, x), F.np.multiply(x, x)
            if kind == "mixed":
                return x.as_nd_ndarray() + 1, F.np.multiply(x, x)
            if kind == "nested":
                return [x * 2, (x + 1, x.as_nd_ndarray())]
            return x.as_nd_ndarray() * 3   # a single legacy array
    net = Net()
    if hybridize:
        net.hybridize()
    return net


@pytest.mark.parametrize("hybridize", [False, True])
@pytest.mark.parametrize("kind", ["numpy", "mixed", "nested", "legacy"])
def test_numpy_mode_block_outputs_are_checked(np_mode, kind, hybridize):
    def snippet(mx):
        out = _net(mx, kind, hybridize)(mx.np.ones((2, 3)))
        return {"types": [type(o).__name__ for o in out], "values": list(out)}
    check(snippet, raises=None if kind == "numpy" else TypeError)


@pytest.mark.parametrize("hybridize", [False, True])
def test_legacy_mode_allows_legacy_outputs_of_numpy_inputs(hybridize):
    def snippet(mx):
        out = _net(mx, "legacy", hybridize)(mx.nd.ones((2, 3)))
        return {"type": type(out).__name__, "value": out}
    check(snippet)


def test_numpy_mode_builtin_layers_still_return_numpy_arrays(np_mode):
    def snippet(mx):
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(2, in_units=3, weight_initializer="ones"), mx.gluon.nn.Activation("relu"))
        net.initialize()
        out = net(mx.np.ones((1, 3)))
        return {"type": type(out).__name__, "value": out}
    check(snippet)


@pytest.mark.parametrize("legacy", [False, True])
def test_numpy_mode_plain_block_outputs_are_checked(np_mode, legacy):
    def snippet(mx):
        class Net(mx.gluon.Block):
            def forward(self, x):
                return [x + 1, x.as_nd_ndarray() if legacy else x * 2]
        out = Net()(mx.np.ones((2,)))
        return {"types": [type(o).__name__ for o in out], "values": out}
    check(snippet, raises=TypeError if legacy else None)


def test_numpy_mode_plain_sequential_of_builtin_layers(np_mode):
    def snippet(mx):
        net = mx.gluon.nn.Sequential()
        net.add(mx.gluon.nn.Dense(2, in_units=3, weight_initializer="ones"), mx.gluon.nn.Dropout(0.5))
        net.initialize()
        out = net(mx.np.ones((1, 3)))
        return {"type": type(out).__name__, "value": out}
    check(snippet)
