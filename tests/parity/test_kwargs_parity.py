"""Keyword arguments that **kwargs could swallow: unknown ones fail as in MXNet 1.9.1, known ones still work."""
import warnings

import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("make", [
    lambda mx: mx.sym.zeros((2,), foo=1, name="z"),
    lambda mx: mx.sym.full((2,), 1.0, foo=1, name="f"),
    lambda mx: mx.sym.FullyConnected(mx.sym.var("x"), num_hidden=2, foo=1, name="fc"),
    lambda mx: mx.sym.sum(mx.sym.var("x"), axis=0, foo=1, name="s"),
    lambda mx: mx.sym.Dropout(mx.sym.var("x"), p=0.5, foo=1, name="d"),
], ids=["zeros", "full", "FullyConnected", "sum", "Dropout"])
def test_symbol_op_unknown_keyword_fails_at_creation(make):
    """MXNet rejects an unknown operator keyword when the node is made (MXNetError), not when it runs."""
    check(lambda mx: make(mx).list_arguments())


def test_symbol_op_known_keywords_unchanged():
    def f(mx):
        fc = mx.sym.FullyConnected(mx.sym.var("x"), num_hidden=3, no_bias=True, name="fc")
        out = mx.sym.sum(fc, axis=1, keepdims=True, name="s")
        return out.list_arguments(), out.list_outputs(), fc.attr_dict()["fc"]["num_hidden"]
    check(f)


def test_symbol_op_known_keywords_evaluate():
    x = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    check(lambda mx: mx.sym.sum(mx.sym.var("x"), axis=1, keepdims=True, name="s")
          .eval(mx.cpu(), x=mx.nd.array(x))[0])


def test_hybridize_accepts_backend_options_without_backend():
    """MXNet keeps extra hybridize keywords as backend options, unused when no backend is given."""
    x = np.arange(6.0, dtype=np.float32).reshape(2, 3)

    def f(mx):
        net = mx.gluon.nn.Dense(2, in_units=3, weight_initializer=mx.init.Constant(0.5), prefix="d_")
        net.initialize()
        net.hybridize(static_alloc=True, foo=1)
        return net(mx.nd.array(x))
    check(f)


def test_block_hybridize_forwards_extra_keywords_to_children():
    x = np.ones((1, 3), dtype=np.float32)

    def f(mx):
        net = mx.gluon.nn.Sequential(prefix="s_")
        net.add(mx.gluon.nn.Dense(2, in_units=3, weight_initializer=mx.init.Constant(1.0)))
        net.initialize()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net.hybridize(foo=1)
        return net(mx.nd.array(x))
    check(f)


def _lamb_lists(mx):
    ones, zeros = (lambda: mx.nd.ones((2,))), (lambda: mx.nd.zeros((2,)))
    return [ones()], [ones()], [zeros()], [zeros()]


def test_multi_lamb_update_unknown_keyword():
    def f(mx):
        w, g, m, v = _lamb_lists(mx)
        return mx.nd.contrib.multi_lamb_update(w, g, m, v, step_count=[1], lrs=[0.1], wds=[0.0],
                                               num_tensors=1, out=w, foo=1)
    check(f)


def test_multi_mp_lamb_update_unknown_keyword():
    def f(mx):
        w, g, m, v = _lamb_lists(mx)
        return mx.nd.contrib.multi_mp_lamb_update(w, g, m, v, [mx.nd.ones((2,))], step_count=[1], lrs=[0.1],
                                                  wds=[0.0], num_tensors=1, out=w, foo=1)
    check(f)


def test_multi_lamb_update_known_keywords_unchanged():
    def f(mx):
        w, g, m, v = _lamb_lists(mx)
        mx.nd.contrib.multi_lamb_update(w, g, m, v, step_count=[1], lrs=[0.1], wds=[0.01], num_tensors=1,
                                        out=w, beta1=0.8, epsilon=1e-5, bias_correction=False)
        return w[0], m[0], v[0]
    check(f)


def _sum2(mx, op):
    return getattr(mx.sym, op)(mx.sym.var("x"), mx.sym.var("w"), name="p")


def test_symbol_compose_unknown_keyword():
    """Composing with a keyword that names no free variable is an MXNetError in MXNet (nnvm), not a no-op."""
    check(lambda mx: _sum2(mx, "broadcast_mul")(foo=mx.sym.var("y")).list_arguments())


def test_symbol_compose_positional_and_keyword_mixed():
    check(lambda mx: _sum2(mx, "broadcast_add")(mx.sym.var("a"), w=mx.sym.var("b")).list_arguments())


def test_symbol_compose_known_keyword_unchanged():
    check(lambda mx: _sum2(mx, "broadcast_add")(x=mx.sym.var("a"), name="c").list_arguments())


_A = [[2.0, 1.0], [1.0, 3.0]]


@pytest.mark.parametrize("code", [
    "out = mx.nd.broadcast_maximum(mx.nd.array(A), mx.nd.array(A) * 2, axis=1)",
    "out = mx.nd.relu(mx.nd.array(A) - 2, foo=1)",
    "out = mx.nd.elemwise_add(mx.nd.array(A), mx.nd.array(A), foo=1)",
    "out = mx.nd.broadcast_add(mx.nd.array(A), mx.nd.array(A), foo='x', name='n')",
    "out = mx.nd.sqrt(mx.nd.array(A), foo=1, out=mx.nd.zeros((2, 2)))",
    "out = mx.nd.where(mx.nd.array(A) > 1, mx.nd.array(A), mx.nd.zeros((2, 2)), foo=1)",
    "out = mx.nd.linalg.det(mx.nd.array(A), foo=1)",
    "out = mx.nd.Flatten(mx.nd.array(A), foo=1)",
    "out = mx.nd.LinearRegressionOutput(mx.nd.array(A), mx.nd.array(A), grad_scale=2.0, foo=1)",
    "out = mx.nd.batch_take(mx.nd.array(A), mx.nd.array([0, 1], dtype='int32'), foo=1)",
    "out = mx.nd.softmax_cross_entropy(mx.nd.array(A), mx.nd.array([0, 1]), foo=1)",
    "out = mx.nd.gather_nd(mx.nd.array(A), mx.nd.array([[0, 1], [1, 0]]), foo=1)",
    "out = mx.nd.image.to_tensor(mx.nd.ones((2, 2, 3), dtype='uint8'), foo=1)",
    "out = mx.nd.contrib.div_sqrt_dim(mx.nd.array(A), foo=1)",
    "out = mx.nd.zeros_like(mx.nd.array(A), foo=1)",
    # operators with parameters still reject an unknown keyword
    "out = mx.nd.sum(mx.nd.array(A), axis=1, foo=1)",
    "out = mx.nd.softmax(mx.nd.array(A), foo=1)",
    "out = mx.nd.SoftmaxOutput(mx.nd.array(A), mx.nd.array([0, 1]), foo=1)",
    "out = mx.nd.clip(mx.nd.array(A), 0, 1, foo=1)",
    "out = mx.nd.broadcast_to(mx.nd.array(A), shape=(2, 2), foo=1)",
])
def test_ndarray_unknown_keyword_ignored_only_without_parameters(code):
    """MXNet ignores unknown keywords of operators without a parameter struct and rejects the others'."""
    from tests.oracle import check_code
    check_code(code, A=np.array(_A))


@pytest.mark.parametrize("make", [
    lambda mx: mx.sym.relu(mx.sym.var("x"), foo=1, name="r"),
    lambda mx: mx.sym.broadcast_maximum(mx.sym.var("x"), mx.sym.var("y"), axis=1, name="b"),
    lambda mx: mx.sym.elemwise_add(mx.sym.var("x"), mx.sym.var("y"), foo="a", name="e"),
    lambda mx: mx.sym.LinearRegressionOutput(mx.sym.var("x"), mx.sym.var("y"), foo=1, name="l"),
], ids=["relu", "broadcast_maximum", "elemwise_add", "LinearRegressionOutput"])
def test_symbol_op_without_parameters_keeps_unknown_keyword(make):
    """MXNet stores the unknown keyword of a parameterless operator as a node attribute and runs the graph."""
    def f(mx):
        s = make(mx)
        args = {k: mx.nd.array(_A) for k in s.list_arguments()}
        return s.list_arguments(), s.attr_dict(), s.eval(mx.cpu(), **args)[0]
    check(f)
