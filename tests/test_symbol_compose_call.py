"""Symbol composition as MXNet 1.9.1: `sym(**symbols, name=)` and the in-place `_compose` (oracle)."""
import pytest

from tests.oracle import check


def _fc(mx, a=None):
    return mx.sym.FullyConnected(mx.sym.Variable("a") if a is None else a, num_hidden=3, name="fc")


@pytest.mark.parametrize("call", [
    "fc(a=b, name='x')", "fc(a=b)", "fc(a=b, name='')", "fc(name='k')",
    "mx.sym.Group([fc, mx.sym.relu(a, name='r')])(a=b, name='z')",
    "mx.sym.split(a, num_outputs=2, name='sp')(a=b, name='s2')",
])
def test_compose_call_names_and_arguments(call):
    def fn(mx):
        a, b = mx.sym.Variable("a"), mx.sym.Variable("b")
        fc = _fc(mx, a)
        s = eval(call, {"mx": mx, "a": a, "b": b, "fc": fc})
        return [s.list_outputs(), s.list_arguments(), str(s.name), fc.list_outputs(), fc.list_arguments()]
    check(fn)


@pytest.mark.parametrize("call", ["fc(b)", "fc(a=3)", "fc(zz=b)", "fc(a=b, name=5)", "mx.sym.Variable('v')(a=b)"])
def test_compose_call_errors(call):
    def fn(mx):
        b, fc = mx.sym.Variable("b"), _fc(mx)
        return eval(call, {"mx": mx, "b": b, "fc": fc}).list_outputs()
    check(fn, raises=Exception)


def test_compose_in_place_and_forward():
    def fn(mx):
        net1 = mx.sym.FullyConnected(mx.sym.Variable("data"), num_hidden=4, name="fc1")
        net2 = mx.sym.FullyConnected(name="fc3", num_hidden=2)
        ret = net2._compose(fc3_data=net1, name="composed")
        ex = net2.simple_bind(mx.cpu(), data=(2, 3))
        for k, v in ex.arg_dict.items():
            v[:] = mx.nd.arange(v.size).reshape(v.shape) / 10.0
        return [str(ret), net2.list_arguments(), net2.list_outputs(), ex.forward()[0]]
    check(fn)


def test_composing_a_bare_variable_is_refused():
    """MXNet invents an operator node with a '<name>_data' input there; torch2gluon refuses loudly."""
    import torch2gluon as mx
    for call in (lambda v: v(mx.sym.Variable("b")), lambda v: v(name="q")):
        with pytest.raises(NotImplementedError, match="bare Variable"):
            call(mx.sym.Variable("v"))


def test_multi_output_symbol_of_one_node_has_its_name():
    check(lambda mx: [mx.sym.split(mx.sym.Variable("a"), num_outputs=3, name="sp").name,
                      str(mx.sym.Group([mx.sym.Variable("a"), mx.sym.Variable("b")]).name)])
