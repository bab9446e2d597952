"""A multi-output Symbol given as one operator input is refused (MXNet's compose takes one value per input);
unpacked with `*sym` its outputs feed a variadic operator, as MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check


def _rrelu(mx):
    return mx.sym.LeakyReLU(mx.sym.var("data"), act_type="rrelu", name="rr")  # outputs: rr_output, rr_mask


def _bn_mean_var(mx):
    return mx.sym.BatchNorm(mx.sym.var("data"), output_mean_var=True, name="bn")


@pytest.mark.parametrize("make", [
    lambda mx, s: mx.sym.SoftmaxOutput(s, name="sm"),
    lambda mx, s: mx.sym.relu(s),
    lambda mx, s: mx.sym.FullyConnected(data=s, num_hidden=2),
    lambda mx, s: s + 1,
    lambda mx, s: s * mx.sym.var("b"),
    lambda mx, s: mx.sym.dot(mx.sym.var("a"), s),
], ids=["softmax_output", "relu", "fc_keyword", "plus_scalar", "mul", "dot_rhs"])
@pytest.mark.parametrize("source", [_rrelu, _bn_mean_var], ids=["rrelu", "batchnorm_mean_var"])
def test_multi_output_symbol_to_named_input_raises(make, source):
    check(lambda mx: make(mx, source(mx)).list_outputs())


@pytest.mark.parametrize("op", ["concat", "add_n", "Custom"])
def test_multi_output_symbol_as_variadic_argument_raises(op):
    def run(mx):
        parts = mx.sym.split(mx.sym.var("data"), num_outputs=3, axis=1, name="sp")
        if op == "Custom":
            return mx.sym.Custom(parts, op_type="no_such_op_needed").list_outputs()
        return getattr(mx.sym, op)(parts).list_outputs()
    check(run)


def test_split_outputs_unpacked_feed_variadic_concat_and_add_n():
    def run(mx):
        parts = mx.sym.split(mx.sym.var("data"), num_outputs=3, axis=1, name="sp")
        cat = mx.sym.concat(*parts, dim=0)
        total = mx.sym.add_n(*parts)
        exe = mx.sym.Group([cat, total]).bind(mx.cpu(), {"data": mx.nd.array(np.arange(12.0).reshape(2, 6))})
        return cat.list_arguments(), total.list_arguments(), exe.forward()
    check(run)


def test_single_output_of_multi_output_symbol_composes():
    def run(mx):
        bn = _bn_mean_var(mx)
        out = mx.sym.relu(bn[0]) + bn[1].expand_dims(0)
        return out.list_arguments(), out.infer_shape(data=(2, 3))
    check(run)
