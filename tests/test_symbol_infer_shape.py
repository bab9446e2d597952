"""Symbol.infer_shape / infer_shape_partial with unknown (0) sizes against MXNet 1.9.1: sizes decided by
the consumers (elementwise, FullyConnected, Convolution, SliceChannel, Concat), partial results, failures."""
import warnings

import pytest

from tests.oracle import check


def _infer(sym, partial=False, **shapes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fn = sym.infer_shape_partial if partial else sym.infer_shape
        return fn(**shapes)


CASES = {
    "elemwise": lambda mx: mx.sym.Variable("a", shape=(0, 10)) + mx.sym.Variable("b", shape=(12, 0)),
    "fc": lambda mx: mx.sym.FullyConnected(mx.sym.Variable("a", shape=(0, 10)), num_hidden=21, name="fc")
    + mx.sym.Variable("c", shape=(5, 0)),
    "slice_squeeze": lambda mx: mx.sym.SliceChannel(mx.sym.Variable("a", shape=(0, 10)), num_outputs=10, axis=1,
                                                    squeeze_axis=True)[1] + mx.sym.Variable("c", shape=(5,)),
    "slice_two_unknowns": lambda mx: mx.sym.SliceChannel(mx.sym.Variable("a", shape=(0, 15, 0)),
                                                         num_outputs=3)[1] + mx.sym.Variable("c", shape=(3, 5, 2)),
    "conv": lambda mx: mx.sym.Convolution(mx.sym.Variable("a", shape=(0, 10, 0, 0)), num_filter=21, kernel=(3, 3),
                                          pad=(1, 1), name="cv") + mx.sym.Variable("c", shape=(5, 21, 32, 32)),
    "concat": lambda mx: mx.sym.Variable("d", shape=(2, 0)) + mx.sym.Concat(
        mx.sym.Variable("a", shape=(0, 10)), mx.sym.Variable("b", shape=(0, 5)), num_args=2, dim=1),
    "reduce_blocks": lambda mx: mx.sym.sum(mx.sym.Variable("a", shape=(0, 3)), axis=1) + mx.sym.Variable(
        "c", shape=(4,)),
    "unknown_var": lambda mx: mx.sym.sin(mx.sym.var("data")),
    "strided_conv": lambda mx: mx.sym.Convolution(mx.sym.Variable("a", shape=(0, 3, 0, 0)), num_filter=8,
                                                  kernel=(3, 3), stride=(2, 2), name="cv")
    + mx.sym.Variable("c", shape=(2, 8, 5, 5)),
    "reshape_flat": lambda mx: mx.sym.reshape(mx.sym.Variable("a", shape=(0, 3)), (-1,))
    + mx.sym.Variable("c", shape=(12,)),
}


@pytest.mark.parametrize("key", sorted(CASES))
def test_incomplete_shapes_filled_like_mxnet(key):
    check(lambda mx: (_infer(CASES[key](mx)), _infer(CASES[key](mx), partial=True),
                      CASES[key](mx).list_arguments()))


PARTIAL = {
    "dot": (lambda mx: mx.sym.dot(mx.sym.var("x"), mx.sym.var("y")), dict(x=(0, 3, 4), y=(4, 5))),
    "batch_dot": (lambda mx: mx.sym.batch_dot(mx.sym.var("x"), mx.sym.var("y")), dict(x=(0, 3, 4), y=(0, 4, 5))),
    "batch_dot_unknown_k": (lambda mx: mx.sym.batch_dot(mx.sym.var("x"), mx.sym.var("y")),
                            dict(x=(0, 3, 4), y=(0, 0, 5))),
    "embedding": (lambda mx: mx.sym.Embedding(mx.sym.var("x"), mx.sym.var("w"), input_dim=100, output_dim=10),
                  dict(x=(0, 5), w=(100, 10))),
    "transpose": (lambda mx: mx.sym.transpose(mx.sym.var("x"), axes=[0, 3, 2, 1]), dict(x=(0, 3, 224, 224))),
    "pick": (lambda mx: mx.sym.pick(mx.sym.var("x"), mx.sym.var("i"), axis=1), dict(x=(0, 3, 3), i=(0, 3))),
    "where_unknown_cond": (lambda mx: mx.sym.where(mx.sym.var("c"), mx.sym.var("x"), mx.sym.var("y")),
                           dict(c=(0, 2), x=(0, 2), y=(0, 2))),
    "where_cond_1d": (lambda mx: mx.sym.where(mx.sym.var("c"), mx.sym.var("x"), mx.sym.var("y")),
                      dict(c=(0,), x=(2, 2), y=(2, 2))),
    "fc_chain": (lambda mx: mx.sym.relu(mx.sym.FullyConnected(mx.sym.var("x"), num_hidden=4, name="f")) * 2,
                 dict(x=(0, 7))),
    "unknown_branch": (lambda mx: mx.sym.Group([mx.sym.var("x") * 2, mx.sym.exp(mx.sym.var("y"))]),
                       dict(x=(3, 2))),
}


@pytest.mark.parametrize("key", sorted(PARTIAL))
def test_infer_shape_partial_like_mxnet(key):
    build, shapes = PARTIAL[key]
    check(lambda mx: (_infer(build(mx), partial=True, **shapes), _infer(build(mx), **shapes)))


def test_inconsistent_shapes_raise():
    def snippet(mx):
        d = mx.sym.var("data")
        out = mx.sym.FullyConnected(mx.sym.relu(mx.sym.FullyConnected(d, num_hidden=10, name="fc1")),
                                    num_hidden=3, name="fc2")
        return out.infer_shape(data=(100, 100), fc1_weight=(1, 100))
    check(snippet)


def test_identity_with_attr_like_rhs_and_internal_namespace():
    def snippet(mx):
        a, b = mx.sym.var("a"), mx.sym.var("b")
        s = mx.symbol._internal._identity_with_attr_like_rhs(a * 2, b)
        return s.eval(a=mx.nd.ones((2, 3)), b=mx.nd.zeros((2, 3)))[0], s.list_arguments()
    check(snippet)
