"""Numpy shape semantics for the legacy `mx.nd` operators (mx.util.set_np_shape / mx.np_shape /
mx.use_np_shape): 0-d and zero-size arrays, -1 for unknown sizes in shape inference; and legacy shape
mode refusing them where MXNet 1.9.1 does (creation). Checked against the real MXNet."""
import numpy as np
import pytest

from tests.oracle import check


def _val(r):
    if isinstance(r, (list, tuple)):
        return [_val(x) for x in r]
    if hasattr(r, "asnumpy"):
        return (tuple(r.shape), np.dtype(r.dtype).name, r.asnumpy())
    return r


CODES = [
    "mx.nd.ones(())", "mx.nd.zeros((0, 3))", "mx.nd.ones((2, 0))", "mx.nd.full((), 2)", "mx.nd.full((0, 3), 2)",
    "mx.nd.empty((0, 3))", "mx.nd.empty(()).shape", "mx.nd.ones((0, 3)) + 1", "mx.nd.ones((0, 3)).sum()",
    "mx.nd.ones((0, 3)).sum(axis=0)", "mx.nd.ones((2, 3)).sum()",
    "mx.nd.ones((0, 3)).reshape((-1,))", "mx.nd.ones((2, 3))[0, 0]", "mx.nd.ones(3)[1]",
    "mx.nd.arange(6).reshape((2, 3))[1][2]", "mx.nd.ones((2, 3))[0]", "mx.nd.ones(()).size",
    "mx.nd.relu(mx.nd.ones(()))", "mx.nd.exp(mx.nd.zeros((0, 2)))",
    "mx.nd.concat(mx.nd.ones((0, 2)), mx.nd.ones((1, 2)), dim=0)", "mx.nd.shape_array(mx.nd.ones(()))",
    "mx.nd.ones(()).astype('int32')", "mx.nd.split(mx.nd.ones((0, 4)), 2, axis=1)",
    "mx.nd.linalg.gemm2(mx.nd.ones((0, 2)), mx.nd.ones((2, 3)))", "mx.nd.ones((0,)).mean()",
    "mx.nd.ones(()).shape", "mx.nd.ones(()).ndim", "mx.nd.ones((2, 3)) == mx.nd.ones(())",
    "mx.nd.broadcast_add(mx.nd.ones((2, 3)), mx.nd.ones(()))",
    "mx.nd.batch_dot(mx.nd.ones((0, 2, 3)), mx.nd.ones((0, 3, 4)))", "mx.nd.array(5) + 1",
    "mx.nd.contrib.index_array(mx.nd.ones(()))", "mx.nd.contrib.index_array(mx.nd.ones((0, 2)))",
    "mx.nd.random.normal(shape=())", "mx.nd.random_normal(shape=(2, 0))",
    "mx.nd.ones((2, 3)).reshape(())", "mx.nd.ones((2, 3)).reshape((0,))", "mx.nd.ones((2, 3)).reshape((4,))",
]  # (MXNet 1.9.1 fails asynchronously on sum(axis=1) of (0, 3) and FullyConnected of (0, 3) in np_shape mode)


@pytest.mark.parametrize("np_shape", [False, True], ids=["legacy", "np_shape"])
@pytest.mark.parametrize("code", CODES)
def test_zero_dim_and_zero_size(code, np_shape):
    if np_shape is False and code == "mx.nd.array(5) + 1":
        pytest.skip("an operator on a 0-d array in legacy mode: tests/ndarray/test_nd_edge_cases.py known gap")

    def run(mx):
        with mx.np_shape(np_shape):
            r = eval(code, {"mx": mx, "np": np})  # noqa: S307
            return _val(r) if "random" not in code else np.shape(r.asnumpy())
    check(run)


def test_use_np_shape_decorator():
    def run(mx):
        @mx.use_np_shape
        def scalar():
            return mx.nd.ones(())
        return _val(scalar()), mx.is_np_shape()
    check(run)


@pytest.mark.parametrize("code", [
    "s = mx.sym.slice(mx.sym.var('data', shape=(-1, 20)), begin=(None, 3), end=(None, 10)); "
    "out = s.infer_shape_partial()[1]",
    "s = mx.sym.slice_axis(mx.sym.var('data', shape=(10, -1)), axis=0, begin=0, end=5); "
    "out = s.infer_shape_partial()[1]",
    "s = mx.sym.sin(mx.sym.var('data')); out = s.infer_shape_partial()",
    "s = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=4); out = s.infer_shape_partial(data=(-1, 3))",
    "s = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=4); out = s.infer_shape(data=(2, 3))",
])
@pytest.mark.parametrize("np_shape", [False, True], ids=["legacy", "np_shape"])
def test_infer_shape_unknown_sizes(code, np_shape):
    if not np_shape:
        code = code.replace("-1", "0")

    def run(mx):
        with mx.np_shape(np_shape):
            ns = {"mx": mx}
            exec(code, ns)  # noqa: S102
            return ns["out"]
    check(run)


def test_index_array_backward_gives_zero_gradients():
    def run(mx):
        x = mx.nd.ones((2, 3))
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.contrib.index_array(x)
        y.backward(mx.nd.ones(y.shape))
        return x.grad
    check(run)


def test_gluon_parameters_under_np_shape():
    def run(mx):
        out = []
        with mx.np_shape(True):
            d = mx.gluon.nn.Dense(4)
            out.append(d.weight.shape)
            d.initialize()
            y = d(mx.nd.ones((2, 3)))
            out += [d.weight.shape, y.shape, mx.gluon.Parameter("w", shape=(-1, 3)).shape,
                    mx.gluon.nn.BatchNorm().gamma.shape,
                    mx.sym.var("x", shape=(-1, 3)).infer_shape_partial()[0]]
        out.append(mx.gluon.nn.Dense(4).weight.shape)
        return out
    check(run)
