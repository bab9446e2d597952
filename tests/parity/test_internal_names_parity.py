"""`mx.nd._internal` / `mx.sym._internal` names of MXNet 1.9.1 beyond the underscore operators: the legacy alias
names (`_PlusScalar`, `_Greater_Equal`...) and the internal graph operators (`_grad_add`,
`_identity_with_attr_like_rhs`, `_histogram`, `_rnn_param_concat`)."""
import pytest

from tests.oracle import check_code

P = "a = mx.nd.array([[1., 2.], [3., 4.]]); b = mx.nd.array([[3., 1.], [0., 4.]]); " \
    "A = mx.sym.var('a'); B = mx.sym.var('b'); "


@pytest.mark.parametrize("code", [
    "mx.nd._internal._grad_add(a, b)",
    "mx.nd._internal._grad_add(a, mx.nd.ones(3))",
    "mx.nd._internal._grad_add(a, mx.nd.ones((2, 2), dtype='int32'))",
    "mx.nd._internal._identity_with_attr_like_rhs(a, b * 3)",
    "mx.nd._internal._identity_with_attr_like_rhs(a, mx.nd.ones(3))",
    "mx.nd._internal._histogram(mx.nd.array([1, 2, 3, 4]), bin_cnt=2, range=(0, 4))",
    "mx.nd._internal._histogram(mx.nd.array([1, 2, 3, 4]), mx.nd.array([0, 2, 5]))",
    "mx.nd._internal._rnn_param_concat(a, b, dim=0)",
    "mx.nd._internal._PlusScalar(a, scalar=2)",
    "mx.nd._internal._RMinusScalar(a, scalar=2)",
    "mx.nd._internal._Greater_Equal(a, b)",
    "mx.nd._internal._LogicalXorScalar(a, scalar=0)",
    "mx.nd._internal._HypotScalar(a, scalar=3)",
    "mx.nd._internal._Hypot(a, b)",
    "hasattr(mx.nd._internal, '_NoSuch')",
    "mx.sym._internal._grad_add(A, B, name='g').eval(a=a, b=b)[0]",
    "mx.sym._internal._PlusScalar(A, scalar=2, name='p').eval(a=a)[0]",
    "mx.sym._internal._Greater_Equal(A, B, name='p').eval(a=a, b=b)[0]",
    "mx.sym._internal._identity_with_attr_like_rhs(A, B, name='p').eval(a=a, b=b)[0]",
    "mx.sym._internal._rnn_param_concat(A, B, dim=0, name='h').eval(a=a, b=b)[0]",
])
def test_internal_names(code):
    check_code(P + "out = " + code)


def test_dir_lists_the_aliases(mx):
    assert {"_grad_add", "_PlusScalar", "_Greater_Equal", "_histogram"} <= set(dir(mx.nd._internal))



@pytest.mark.parametrize("code", [
    "mx.sym._internal._PlusScalar(A, scalar=2, name='p').tojson()",
    "mx.sym._internal._Greater_Equal(A, B, name='p').tojson()",
    "mx.sym._internal._LogicalAndScalar(A, scalar=1, name='p').tojson()",
    "mx.sym._internal._grad_add(A, B, name='p').tojson()",
])
def test_alias_nodes_written_by_operator_name(code):
    check_code(P + "out = " + code)
