"""Operators without a gradient in MXNet 1.9.1 (no FGradient: batch_take, fill_element_0index, khatri_rao)
refuse a backward pass with MXNet's error; zero-gradient operators (shape_array, size_array, *_like samplers,
arange_like, ravel_multi_index) give zeros, also through a cast back to float. Against the oracle."""
import numpy as np
import pytest

from tests.oracle import check

X = np.random.RandomState(0).rand(4, 3).astype(np.float32)

OPS = {
    "batch_take": lambda mx, x: mx.nd.batch_take(x, mx.nd.array([0, 1, 2, 1], dtype="int32")),
    "fill_element_0index": lambda mx, x: mx.nd.fill_element_0index(x, mx.nd.ones(4), mx.nd.array([0, 1, 2, 0])),
    "khatri_rao": lambda mx, x: mx.nd.khatri_rao(x, x),
    "stopped_batch_take": lambda mx, x: mx.nd.stop_gradient(mx.nd.batch_take(
        x, mx.nd.array([0, 1, 2, 1], dtype="int32"))) + x[:, 0],
    "shape_array": lambda mx, x: mx.nd.shape_array(x),
    "size_array": lambda mx, x: mx.nd.size_array(x),
    "shape_array_float": lambda mx, x: mx.nd.shape_array(x).astype("float32") * 2,
    "size_plus_sum": lambda mx, x: mx.nd.sum(x) + mx.nd.size_array(x).astype("float32"),
    "cast_round_trip": lambda mx, x: (x * 3).astype("int32").astype("float32") * 2,
    "normal_like": lambda mx, x: mx.nd.random.normal_like(x),
    "uniform_like": lambda mx, x: mx.nd.random.uniform_like(x) + x,
    "arange_like": lambda mx, x: mx.nd.contrib.arange_like(x),
    "ravel_multi_index": lambda mx, x: mx.nd.ravel_multi_index(x.T[:2] * 2, shape=(5, 5)),
}


@pytest.mark.parametrize("key", sorted(OPS))
def test_backward(key):
    def run(mx):
        x = mx.nd.array(X)
        x.attach_grad()
        with mx.autograd.record():
            y = OPS[key](mx, x)
        y.backward()
        return x.grad
    check(run)


@pytest.mark.parametrize("key", ["batch_take", "khatri_rao"])
def test_forward_unaffected(key):
    check(lambda mx: OPS[key](mx, mx.nd.array(X)))


def _take_net(mx, stop=False):
    x, idx, w = mx.sym.Variable("x"), mx.sym.Variable("idx"), mx.sym.Variable("w")
    y = mx.sym.batch_take(x, idx)
    return (mx.sym.stop_gradient(y) if stop else y) + w


BIND_REQS = [{"x": "null", "idx": "null", "w": "write"}, {"x": "write", "idx": "null", "w": "null"}, "null",
             "write"]


@pytest.mark.parametrize("req", BIND_REQS, ids=str)
@pytest.mark.parametrize("stop", [False, True])
def test_simple_bind_refuses_non_differentiable(req, stop):
    def run(mx):
        ex = _take_net(mx, stop).simple_bind(mx.cpu(), x=(4, 3), idx=(4,), w=(4,), grad_req=req,
                                             type_dict={"x": np.float32, "idx": np.int32})
        ex.arg_dict["x"][:] = mx.nd.array(X)
        ex.forward(is_train=True)
        ex.backward(mx.nd.ones(4))
        return ex.outputs[0], ex.grad_dict.get("w")
    check(run)


@pytest.mark.parametrize("grads", [False, True])
def test_bind_refuses_non_differentiable(grads):
    def run(mx):
        args = {"x": mx.nd.array(X), "idx": mx.nd.array([0, 1, 2, 1], dtype="int32"), "w": mx.nd.ones(4)}
        ex = _take_net(mx).bind(mx.cpu(), args, args_grad={"w": mx.nd.zeros(4)} if grads else None)
        return ex.forward()[0]
    check(run)


def test_module_bind_refuses_non_differentiable():
    def run(mx):
        net = mx.sym.FullyConnected(mx.sym.batch_take(mx.sym.Variable("data"), mx.sym.Variable("idx")),
                                    num_hidden=2)
        mod = mx.mod.Module(net, data_names=["data", "idx"], label_names=None)
        mod.bind(data_shapes=[("data", (3, 3)), ("idx", (3,))])
        return "bound"
    check(run)
