"""Shape inference passed backward to variables of unknown shape (not even the rank) against MXNet 1.9.1: a
parameter rule (FullyConnected/Convolution weight) or a same-shape operator whose other input is known gives
the shape through shape-preserving operators (unary math, Cast, `_identity_with_attr_like_rhs`, `*_scalar`);
broadcast operators, LeakyReLU, Dropout, softmax and MakeLoss do not pass it (as in MXNet)."""
import warnings

import pytest

from tests.oracle import check


def _shapes(sym, partial, **shapes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = (sym.infer_shape_partial if partial else sym.infer_shape)(**shapes)
    return [None if r is None else dict(zip(names, r)) for r, names in
            zip(res, (sym.list_arguments(), sym.list_outputs(), sym.list_auxiliary_states()))]


def _fc_weight(mx, wrap):
    w = mx.sym.Variable("w")
    return mx.sym.FullyConnected(mx.sym.Variable("data"), weight=wrap(mx, w), num_hidden=4, no_bias=True)


WRAPS = {
    "identity_like_rhs": lambda mx, w: mx.sym._internal._identity_with_attr_like_rhs(
        mx.sym.broadcast_add(w, mx.sym.Variable("shift", shape=(1,))), w),
    "exp_cast": lambda mx, w: mx.sym.exp(mx.sym.Cast(w, dtype="float32")),
    "scalar_ops": lambda mx, w: (w * 2 + 1) ** 2,
    "activation_clip": lambda mx, w: mx.sym.clip(mx.sym.Activation(w, act_type="tanh"), 0, 1),
    "blockgrad_flip": lambda mx, w: mx.sym.BlockGrad(mx.sym.flip(w, axis=0)),
    "elemwise_pair": lambda mx, w: w + mx.sym.sin(mx.sym.Variable("v")),
    "broadcast_stops": lambda mx, w: mx.sym.broadcast_mul(w, mx.sym.Variable("v")),
    "leaky_stops": lambda mx, w: mx.sym.LeakyReLU(w),
    "dropout_stops": lambda mx, w: mx.sym.Dropout(w),
    "softmax_stops": lambda mx, w: mx.sym.softmax(w),
}


@pytest.mark.parametrize("key", sorted(WRAPS))
def test_weight_shape_passed_back(key):
    check(lambda mx: _shapes(_fc_weight(mx, WRAPS[key]), True, data=(3, 5)))


def test_full_inference_and_bind():
    def run(mx):
        net = _fc_weight(mx, WRAPS["identity_like_rhs"])
        shapes = _shapes(net, False, data=(7, 100))
        ex = net.simple_bind(mx.cpu(), data=(7, 100))
        return shapes, ex.arg_dict["w"].shape, ex.forward()[0].shape
    check(run)


def test_partial_conv_weight_through_cast():
    def run(mx):
        data = mx.sym.Variable("data", shape=(1, 0, 0, 0))
        conv = mx.sym.Convolution(mx.sym.cast(data, dtype="float16"), weight=mx.sym.cast(mx.sym.Variable("w"),
                                  dtype="float16"), pad=(3, 3), num_filter=64, stride=(2, 2), no_bias=True,
                                  kernel=(7, 7))
        return _shapes(conv, True)
    check(run)


SAME = {
    "plus": lambda mx, a, b: a + b,
    "mul_first_unknown": lambda mx, a, b: mx.sym.elemwise_mul(a, b),
    "through_exp": lambda mx, a, b: mx.sym.exp(a) * b,
    "add_n": lambda mx, a, b: mx.sym.add_n(a, mx.sym.relu(b), a),
    "partial_other": lambda mx, a, b: a + mx.sym.Variable("c", shape=(3, 0)),
    "fc_then_scalar": lambda mx, a, b: mx.sym.FullyConnected(mx.sym.Variable("x", shape=(2, 5)), num_hidden=3)
    + mx.sym.exp(a * 2),
}


@pytest.mark.parametrize("key", sorted(SAME))
@pytest.mark.parametrize("partial", [True, False])
def test_same_shape_operand(key, partial):
    check(lambda mx: _shapes(SAME[key](mx, mx.sym.Variable("a"), mx.sym.Variable("b", shape=(3, 4))), partial))


def test_internal_namespace_missing_name_is_attribute_error():
    check(lambda mx: (hasattr(mx.sym._internal, "no_such_op_xyz"), getattr(mx.sym._internal, "nope_xyz", 7)))


RESHAPES = [((2, 3, 5, 5), (0, -1), False, (2, 75)), ((2, 4, 5, 3), (-1, 2, 2, 1), False, (30, 2, 2, 1)),
            ((2, 3, 5, 6), (6, 1, -2), False, (6, 1, 5, 6)), ((64,), (-4, 16, -1), False, (16, 4)),
            ((64, 1, 2, 3), (-4, 16, -1, -2), False, (16, 4, 1, 2, 3)), ((2, 3, 4, 5), (3, -1, 0), True, (3, 8, 5)),
            ((2, 3, 5, 5), (5, 3, 0, -1), True, (5, 3, 5, 2)), ((64,), (16, 4, -4), True, (16, 4)),
            ((1, 2, 3, 64), (-2, -1, 16, -4), True, (1, 2, 3, 4, 16))]


@pytest.mark.parametrize("src,codes,reverse,dst", RESHAPES)
def test_reshape_input_size_from_output(src, codes, reverse, dst):
    """One unknown input size of a Reshape follows from the output's total size (MXNet's backward rule)."""
    def run(mx):
        outs = []
        for k in range(len(src)):
            held = tuple(0 if i == k else d for i, d in enumerate(src))
            net = mx.sym.elemwise_add(mx.sym.Variable("data").reshape(codes, reverse=reverse),
                                      mx.sym.ones(shape=dst))
            outs.append(_shapes(net, False, data=held))
        return outs
    check(run)


@pytest.mark.parametrize("src,codes,reverse,dst", RESHAPES)
def test_reshape_forward_and_reverse_codes(src, codes, reverse, dst):
    check(lambda mx: (mx.nd.ones(src).reshape(codes, reverse=reverse).shape,
                      mx.nd.reshape(mx.nd.arange(int(__import__("numpy").prod(src))).reshape(src), shape=codes,
                                    reverse=reverse)))
