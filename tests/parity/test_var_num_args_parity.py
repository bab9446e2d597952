"""`num_args` of MXNet 1.9.1's variadic operators (add_n/ElementWiseSum, Concat, stack, khatri_rao, UpSampling,
Crop): parsed as an int of at least 1 and checked against the inputs given (nd), or the missing inputs created
as variables `<name>_arg<i>` (sym), with MXNet's errors otherwise."""
import pytest

from tests.oracle import check_code

A = "a = mx.nd.ones((2, 2)); b = mx.nd.ones((2, 2)) * 2; "
S = "A = mx.sym.var('a'); B = mx.sym.var('b'); "


@pytest.mark.parametrize("code", [
    "mx.nd.ElementWiseSum(a, b, num_args=2)",
    "mx.nd.ElementWiseSum(a, b, num_args='2')",
    "mx.nd.ElementWiseSum(a, b, num_args=3)",
    "mx.nd.ElementWiseSum(a, b, num_args=1)",
    "mx.nd.add_n(a, b, num_args=2)",
    "mx.nd.add_n(a, b, out=a, num_args=2)",
    "mx.nd.add_n(num_args=0)",
    "mx.nd.add_n()",
    "mx.nd.add_n(a, b, num_args='x')",
    "mx.nd.add_n(a, b, num_args=2.0)",
    "mx.nd.add_n(a, b, num_args=None)",
    "mx.nd.concat(a, b, num_args=2)",
    "mx.nd.concat(a, b, num_args=3)",
    "mx.nd.concat(a, b, num_args=None)",
    "mx.nd.concat()",
    "mx.nd.stack(a, b, num_args=3)",
    "mx.nd.stack(a, b, num_args=None)",
    "mx.nd.stack()",
    "mx.nd.khatri_rao(a, b, num_args=2)",
    "mx.nd.khatri_rao(a, b, num_args=3)",
    "mx.nd.khatri_rao()",
    "mx.nd.UpSampling(mx.nd.ones((1, 2, 3, 3)), mx.nd.ones((2, 1, 4, 4)), scale=2, sample_type='bilinear', "
    "num_filter=2, num_args=3)",
    "mx.nd.UpSampling(mx.nd.ones((1, 2, 3, 3)), mx.nd.ones((2, 1, 4, 4)), scale=2, sample_type='bilinear', "
    "num_filter=2, num_args=0)",
    "mx.nd.UpSampling(mx.nd.ones((1, 2, 3, 3)), mx.nd.ones((1, 2, 3, 3)), scale=2, num_args=3)",
    "mx.nd.Crop(mx.nd.ones((1, 2, 3, 3)), mx.nd.ones((1, 2, 2, 2)), num_args=1)",
    "mx.nd.Crop(mx.nd.ones((1, 2, 3, 3)), mx.nd.ones((1, 2, 2, 2)), num_args=2)",
    "mx.nd.sparse.add_n(a.tostype('row_sparse'), b.tostype('row_sparse'), num_args=3)",
    "mx.nd.sparse.add_n(a.tostype('row_sparse'), b.tostype('row_sparse'), num_args=2).tostype('default')",
])
def test_nd_num_args(code):
    check_code(A + "out = " + code)


@pytest.mark.parametrize("code", [
    "mx.sym.ElementWiseSum(A, B, num_args=3, name='s').list_arguments()",
    "mx.sym.ElementWiseSum(A, B, num_args=1)",
    "mx.sym.ElementWiseSum(num_args=2, name='s').list_arguments()",
    "mx.sym.ElementWiseSum(A, num_args=2, name='s').attr_dict()",
    "mx.sym.add_n(name='s')",
    "mx.sym.add_n(A, num_args='x', name='s')",
    "mx.sym.add_n(A, num_args=None, name='s')",
    "mx.sym.add_n(A, num_args=-1, name='s')",
    "mx.sym.add_n(A, B, num_args=2).tojson()",
    "mx.sym.Concat(A, num_args=2, name='s').tojson()",
    "mx.sym.Concat(A, B, num_args=1)",
    "mx.sym.concat(num_args=2, name='c').list_arguments()",
    "mx.sym.stack(A, B, num_args=3, name='st').list_arguments()",
    "mx.sym.stack(name='s')",
    "mx.sym.khatri_rao(A, num_args=2, name='s').list_arguments()",
    "mx.sym.khatri_rao(name='s')",
    "mx.sym.UpSampling(scale=2, sample_type='nearest', num_args=2, name='s').list_arguments()",
    "mx.sym.UpSampling(A, scale=2, sample_type='nearest', num_args=2, name='s').list_arguments()",
    "mx.sym.UpSampling(scale=2, sample_type='nearest', name='s')",
    "mx.sym.UpSampling(A, scale=2, sample_type='bilinear', num_filter=2, name='s').list_arguments()",
    "mx.sym.UpSampling(A, scale=2, sample_type='bilinear', num_filter=2, name='s').infer_shape(a=(1, 2, 3, 3))",
    "mx.sym.Crop(A, num_args=2, name='s').list_arguments()",
    "mx.sym.ElementWiseSum(A, num_args=2, name='s').infer_shape(a=(2, 2))",
    "mx.sym.ElementWiseSum(A, num_args=2, name='s').eval(a=a, s_arg1=b)[0]",
    "mx.sym.Concat(A, B, num_args=3, name='c').eval(a=a, b=b, c_arg2=a)[0]",
    "mx.sym.stack(A, B, num_args=3, name='c').eval(a=a, b=b, c_arg2=a)[0]",
    "mx.sym.UpSampling(A, scale=2, sample_type='bilinear', num_filter=2, name='s')"
    ".eval(a=mx.nd.ones((1, 2, 3, 3)), s_weight=mx.nd.ones((2, 1, 4, 4)))[0]",
])
def test_sym_num_args(code):
    check_code(A + S + "out = " + code)
