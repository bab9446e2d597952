"""Legacy operators given `mx.np` arrays and numpy operators given legacy NDArrays: MXNet 1.9.1 refuses the mix
with TypeError (`_verify_all_legacy_ndarrays` / `_verify_all_np_ndarrays`); the numpy extension, Gluon in numpy
mode and the explicit conversions (`as_nd_ndarray` / `as_np_ndarray`) keep working."""
import numpy as onp
import pytest

from tests.oracle import check, MODULES, assert_same

A = onp.arange(6, dtype="float32").reshape(2, 3) / 7


def _np(mx, a=A):
    return mx.np.array(a)


def _nd(mx, a=A):
    return mx.nd.array(a)


LEGACY_CALLS = {
    "nd.relu(np)": lambda mx: mx.nd.relu(_np(mx)),
    "nd.relu(nd, out=np)": lambda mx: mx.nd.relu(_nd(mx), out=_np(mx)),
    "nd.dot(np, np.T)": lambda mx: mx.nd.dot(_np(mx), _np(mx).T),
    "nd.dot(nd, np)": lambda mx: mx.nd.dot(_nd(mx), _np(mx, A.T)),
    "nd.add(np, np)": lambda mx: mx.nd.add(_np(mx), _np(mx)),
    "nd.broadcast_add(nd, np)": lambda mx: mx.nd.broadcast_add(_nd(mx), _np(mx)),
    "nd.elemwise_add(np, nd)": lambda mx: mx.nd.elemwise_add(_np(mx), _nd(mx)),
    "nd.sum(np)": lambda mx: mx.nd.sum(_np(mx)),
    "nd.FullyConnected(nd, np weight)": lambda mx: mx.nd.FullyConnected(
        _nd(mx), _np(mx, onp.ones((4, 3), "float32")), num_hidden=4, no_bias=True),
    "nd.FullyConnected(nd, nd, np bias)": lambda mx: mx.nd.FullyConnected(
        _nd(mx), _nd(mx, onp.ones((4, 3), "float32")), _np(mx, onp.ones(4, "float32")), num_hidden=4),
    "nd.concat(np, np)": lambda mx: mx.nd.concat(_np(mx), _np(mx), dim=0),
    "nd.stack(nd, np)": lambda mx: mx.nd.stack(_nd(mx), _np(mx)),
    "nd.maximum(np, 1)": lambda mx: mx.nd.maximum(_np(mx), 1),
    "nd.where(np, np, np)": lambda mx: mx.nd.where(_np(mx), _np(mx), _np(mx)),
    "nd.Activation(np)": lambda mx: mx.nd.Activation(_np(mx), act_type="relu"),
    "nd.softmax(np)": lambda mx: mx.nd.softmax(_np(mx)),
    "nd.reshape(np)": lambda mx: mx.nd.reshape(_np(mx), shape=(3, 2)),
    "nd.op.relu(np)": lambda mx: mx.nd.op.relu(_np(mx)),
    "nd.contrib.arange_like(np)": lambda mx: mx.nd.contrib.arange_like(_np(mx)),
    "nd.linalg.gemm2(np, np)": lambda mx: mx.nd.linalg.gemm2(_np(mx), _np(mx, A.T)),
    "nd.random.uniform(np, np)": lambda mx: mx.nd.random.uniform(_np(mx), _np(mx) + 1),
    "nd.random.uniform(out=np)": lambda mx: mx.nd.random.uniform(0, 1, shape=(2, 3), out=_np(mx)),
    "nd.sparse.zeros_like(np)": lambda mx: mx.nd.sparse.zeros_like(_np(mx)),
    "nd.array(np)": lambda mx: mx.nd.array(_np(mx)),
}


@pytest.mark.parametrize("name", sorted(LEGACY_CALLS))
def test_legacy_operator_refuses_np_array(name):
    check(LEGACY_CALLS[name], raises=TypeError)


def _iadd(mx):
    x = _nd(mx)
    x += _np(mx)
    return x


def _setitem(key, value):
    def fn(mx):
        x = _nd(mx)
        x[key] = value(mx)
        return x
    return fn


NDARRAY_METHODS = {
    "nd + np": (lambda mx: _nd(mx) + _np(mx), TypeError),
    "nd - np": (lambda mx: _nd(mx) - _np(mx), TypeError),
    "nd < np": (lambda mx: _nd(mx) < _np(mx), TypeError),
    "nd += np": (_iadd, TypeError),
    "nd[:] = np": (_setitem(slice(None), _np), TypeError),
    "nd[0] = np row": (_setitem(0, lambda mx: mx.np.ones(3)), TypeError),
    "nd[0, 0] = np 0-d": (_setitem((0, 0), lambda mx: mx.np.array(5.0)), TypeError),
    "nd[np index]": (lambda mx: _nd(mx)[mx.np.array([1, 0], dtype="int32")], AssertionError),
    "nd[:, np index]": (lambda mx: _nd(mx)[:, mx.np.array([1, 0], dtype="int32")], AssertionError),
    "nd.copyto(np)": (lambda mx: _nd(mx).copyto(_np(mx)), TypeError),
    "nd.reshape_like(np)": (lambda mx: _nd(mx).reshape_like(_np(mx)), TypeError),
    "nd.take(np)": (lambda mx: _nd(mx).take(mx.np.array([0, 1], dtype="int32")), TypeError),
    "nd @ np": (lambda mx: _nd(mx) @ _np(mx, A.T), TypeError),
}


@pytest.mark.parametrize("name", sorted(NDARRAY_METHODS))
def test_ndarray_operator_refuses_np_array(name):
    fn, kind = NDARRAY_METHODS[name]
    check(fn, raises=kind)


def test_np_index_in_legacy_assignment_is_an_error():
    # MXNet fails inside its advanced-index path (AttributeError); torch2gluon says why
    for mx in MODULES:
        x = _nd(mx)
        with pytest.raises(AttributeError):
            x[mx.np.array([0, 1], dtype="int32")] = 1


def test_zero_dim_np_index_reads_as_an_integer():
    check(lambda mx: _nd(mx)[mx.np.array(1, dtype="int32")])


NP_CALLS = {
    "np.sum(nd)": (lambda mx: mx.np.sum(_nd(mx)), TypeError),
    "np.mean(nd)": (lambda mx: mx.np.mean(_nd(mx)), TypeError),
    "np.dot(np, nd)": (lambda mx: mx.np.dot(_np(mx), _nd(mx, A.T)), TypeError),
    "np.matmul(nd, np)": (lambda mx: mx.np.matmul(_nd(mx), _np(mx, A.T)), TypeError),
    "np @ nd": (lambda mx: _np(mx) @ _nd(mx, A.T), TypeError),
    "np.concatenate([nd, np])": (lambda mx: mx.np.concatenate([_nd(mx), _np(mx)]), TypeError),
    "np.stack([nd])": (lambda mx: mx.np.stack([_nd(mx)]), TypeError),
    "np.ones_like(nd)": (lambda mx: mx.np.ones_like(_nd(mx)), TypeError),
    "np.transpose(nd)": (lambda mx: mx.np.transpose(_nd(mx)), TypeError),
    "np.argmax(nd)": (lambda mx: mx.np.argmax(_nd(mx)), TypeError),
    "np.sort(nd)": (lambda mx: mx.np.sort(_nd(mx)), TypeError),
    "np.copy(nd)": (lambda mx: mx.np.copy(_nd(mx)), TypeError),
    "np.shares_memory(nd, np)": (lambda mx: mx.np.shares_memory(_nd(mx), _np(mx)), TypeError),
    "np.split(nd, 3)": (lambda mx: mx.np.split(_nd(mx), 3, axis=1), TypeError),
    "np.split(nd, bad sections)": (lambda mx: mx.np.split(_nd(mx), 1.5), ValueError),
    "np.hsplit(nd, bad sections)": (lambda mx: mx.np.hsplit(_nd(mx), 1.5), ValueError),
    "np.broadcast_arrays(nd, nd of another shape)": (
        lambda mx: mx.np.broadcast_arrays(_nd(mx), _nd(mx, A[:1])), TypeError),
    "np.meshgrid(nd, nd)": (lambda mx: mx.np.meshgrid(_nd(mx, A[0]), _nd(mx, A[1])), TypeError),
    "npx.relu(nd)": (lambda mx: mx.npx.relu(_nd(mx)), TypeError),
}


@pytest.mark.parametrize("name", sorted(NP_CALLS))
def test_numpy_operator_refuses_legacy_array(name):
    fn, kind = NP_CALLS[name]
    check(fn, raises=kind)


def test_numpy_functions_that_take_legacy_arrays():
    # MXNet 1.9.1: equal shapes are returned as given; one vector is only reshaped; tensordot computes
    check(lambda mx: mx.np.broadcast_arrays(_nd(mx), _nd(mx)))
    check(lambda mx: mx.np.meshgrid(_nd(mx, A[0])))
    check(lambda mx: mx.np.tensordot(_nd(mx), _np(mx, A.T), axes=1))
    for mx in MODULES:
        x, y = _nd(mx), _nd(mx)
        out = mx.np.broadcast_arrays(x, y)
        assert out[0] is x and out[1] is y


def test_npx_and_conversions_still_work():
    def fn(mx):
        a, o = _np(mx), mx.np.zeros((2, 3))
        w = mx.np.ones((4, 3))
        mx.npx.relu(a - 0.3, out=o)
        return [mx.npx.relu(a - 0.3), o, mx.npx.softmax(a), mx.npx.fully_connected(a, w, num_hidden=4, no_bias=True),
                mx.nd.relu(a.as_nd_ndarray()), mx.np.sum(_nd(mx).as_np_ndarray()), mx.nd.dot(_nd(mx), _nd(mx).T)]
    check(fn)


def _user_block_out(mx, legacy_f):
    class Net(mx.gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            return F.relu(x) if legacy_f else F.npx.relu(x)
    mx.npx.set_np()
    try:
        return Net()(mx.np.array(A - 0.3))
    finally:
        mx.npx.reset_np()


def test_user_hybrid_forward_in_numpy_mode():
    # numpy mode: user code must use F.np / F.npx; a legacy F.relu on the numpy input is MXNet's TypeError
    check(lambda mx: _user_block_out(mx, False))
    check(lambda mx: _user_block_out(mx, True), raises=TypeError)


def test_builtin_layers_in_numpy_mode_nested():
    # a built-in layer inside a built-in container keeps working in numpy mode (legacy views of its parameters)
    outs = []
    for mx in MODULES:
        mx.npx.set_np()
        try:
            mx.random.seed(0)
            net = mx.gluon.nn.HybridSequential()
            net.add(mx.gluon.nn.Dense(4, in_units=3), mx.gluon.nn.Activation("relu"), mx.gluon.nn.Dense(2, in_units=4))
            net.initialize(mx.init.Constant(0.1))
            outs.append(net(mx.np.array(A)).asnumpy())
        finally:
            mx.npx.reset_np()
    assert_same(outs[0], outs[1])
