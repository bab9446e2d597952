"""`mx.sym.np` graphs in MXNet's symbolic machinery against MXNet 1.9.1: infer_shape / infer_type, simple_bind
with forward and backward, and the test utilities (check_numeric_gradient, check_symbolic_forward/backward)."""
import numpy as onp
import pytest

from tests.oracle import check

_R = onp.random.RandomState(3)
_A, _B, _C = _R.rand(3, 4) + 0.5, _R.rand(4, 5) - 0.5, _R.rand(3, 4) - 0.5

GRAPHS = [
    "np.tensordot(a, b, 1)", "np.tensordot(a, c, ([0, 1], [0, 1]))", "(a * c + 2) / a", "np.sum(a * c, axis=1)",
    "np.exp(c).mean(axis=0, keepdims=True)", "a[1:3, ::-1] ** 2", "np.dot(a, b).T", "a.reshape(2, 6).sum(1)",
    "np.concatenate([a, c], axis=0).max(axis=1)", "npx.relu(c) - npx.sigmoid(a)", "np.maximum(a, c) * 3",
    "np.where(a > 1, a, c)", "np.linalg.norm(c, axis=1)", "np.einsum('ij,jk->ik', a, b)", "np.vdot(a, c) + 0",
    "np.outer(a[0], c[1])", "np.transpose(np.expand_dims(a, 0), (1, 0, 2))", "np.cumsum(c, axis=1)",
]


def _sym(mx, code):
    env = {n: mx.sym.var(n).as_np_ndarray() for n in ("a", "b", "c")}
    env.update(np=mx.sym.np, npx=mx.sym.npx)
    return eval(code, env).as_nd_ndarray()  # noqa: S307 - test expressions


def _shapes(sym):
    return {n: {"a": _A, "b": _B, "c": _C}[n].shape for n in sym.list_arguments()}


@pytest.mark.parametrize("code", GRAPHS)
def test_infer_shape_and_type(code):
    def run(mx):
        s = _sym(mx, code)
        return s.infer_shape(**_shapes(s)), s.infer_type(**{n: "float32" for n in s.list_arguments()}), \
            s.list_arguments(), s.list_outputs()
    check(run)


@pytest.mark.parametrize("code", GRAPHS)
def test_simple_bind_forward_backward(code):
    def run(mx):
        s = _sym(mx, code)
        exe = s.simple_bind(mx.cpu(), **_shapes(s))
        for n in s.list_arguments():
            exe.arg_dict[n][:] = {"a": _A, "b": _B, "c": _C}[n]
        out = exe.forward(is_train=True)[0]
        exe.backward(mx.nd.ones(out.shape) * 0.5)
        return out, [exe.grad_dict[n] for n in s.list_arguments()]
    check(run)


@pytest.mark.parametrize("code", GRAPHS[:8])
def test_check_numeric_gradient(code):
    import torch2gluon as mx
    from torch2gluon.test_utils import check_numeric_gradient
    mx.npx.set_np()
    try:
        s = _sym(mx, code)
        loc = [mx.nd.array({"a": _A, "b": _B, "c": _C}[n], dtype="float64") for n in s.list_arguments()]
        check_numeric_gradient(s, loc, rtol=1e-3, atol=1e-4, dtype=onp.float64)
    finally:
        mx.npx.reset_np()


def test_check_symbolic_forward_backward():
    import torch2gluon as mx
    from torch2gluon.test_utils import check_symbolic_forward, check_symbolic_backward
    a, b = mx.sym.var("a").as_np_ndarray(), mx.sym.var("b").as_np_ndarray()
    s = mx.sym.np.tensordot(a, b, 1).as_nd_ndarray()
    check_symbolic_forward(s, [_A, _B], [_A @ _B], rtol=1e-5, atol=1e-6)
    g = onp.ones((3, 5))
    check_symbolic_backward(s, [_A, _B], [g], [g @ _B.T, _A.T @ g], rtol=1e-5, atol=1e-6)


_TYPE_PAIRS = [("int32", "float32"), ("int32", "int32"), ("bool", "bool"), ("int8", "int32"), ("float16", "float32"),
               ("bool", "float32"), ("int64", "float64"), ("uint8", "int32"), ("float16", "float16")]
_TYPE_OPS = ["a + b", "a - b", "a * b", "a / b", "a ** b", "a % b", "a == b", "a < b", "np.matmul(a, b)",
             "np.concatenate([a, b])", "np.where(a > 0, a, b)", "np.tensordot(a, b, 1)", "np.exp(a)", "npx.relu(a)",
             "np.sum(a)", "np.argmax(a)", "np.mean(a)", "a * 2.5", "a + 1", "2 * a", "np.percentile(a, 3)",
             "np.cumsum(a)", "np.isnan(a)", "a.astype('float16')", "np.zeros((2, 2))"]


@pytest.mark.parametrize("types", _TYPE_PAIRS)
@pytest.mark.parametrize("code", _TYPE_OPS)
def test_infer_type_dtype_rules(code, types):
    def run(mx):
        env = {"a": mx.sym.var("a").as_np_ndarray(), "b": mx.sym.var("b").as_np_ndarray(), "np": mx.sym.np,
               "npx": mx.sym.npx}
        s = eval(code, env)  # noqa: S307 - test expressions
        return s.infer_type(**{k: v for k, v in zip("ab", types) if k in s.list_arguments()})
    check(run)


def test_legacy_histogram_node_is_mxnets():
    """sym.histogram(bins=int) writes MXNet's `bin_cnt` attribute (no bins variable), loads in MXNet, evaluates."""
    import json
    import mxnet
    import torch2gluon

    def run(mx):
        s = mx.sym.histogram(mx.sym.var("a"), bins=3, range=(0, 2))
        nodes = [(n["op"], n.get("attrs")) for n in json.loads(s.tojson())["nodes"]]
        return nodes, s.list_arguments(), s.eval(a=mx.nd.array([0.1, 1.5, 1.9]))
    check(run)
    ours = torch2gluon.sym.histogram(torch2gluon.sym.var("a"), bins=3, range=(0, 2)).tojson()
    out = mxnet.sym.load_json(ours).eval(a=mxnet.nd.array([0.1, 1.5, 1.9]))
    assert out[0].asnumpy().tolist() == [1, 0, 2]
