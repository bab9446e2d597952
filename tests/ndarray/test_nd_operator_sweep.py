"""Operator behaviours found by sweeping MXNet 1.x's test_operator.py families against the oracle:
N-D dot with transposes, slice with negative steps, take(mode='raise'), clip with inverted bounds,
LeakyReLU('rrelu') outputs, Convolution kernels larger than the padded input."""
import numpy as np
import pytest

from tests.oracle import check_code, check_grad

X3 = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7 - 1
Y3 = np.arange(40, dtype=np.float32).reshape(2, 5, 4) / 9 - 2
Z3 = np.arange(40, dtype=np.float32).reshape(4, 5, 2) / 11 - 1

CODES = [
    "mx.nd.dot(mx.nd.array(x), mx.nd.array(z))",
    "mx.nd.dot(mx.nd.array(x), mx.nd.array(y), transpose_a=True)",
    "mx.nd.dot(mx.nd.array(x), mx.nd.array(y), transpose_b=True)",
    "mx.nd.dot(mx.nd.array(x), mx.nd.array(z), transpose_a=True, transpose_b=True)",
    "mx.nd.dot(mx.nd.array(x), mx.nd.array(x), transpose_a=True)",
    "mx.nd.dot(mx.nd.array(x[0]), mx.nd.array(x[1]), transpose_b=True)",
    "mx.nd.dot(mx.nd.array(x[0, 0]), mx.nd.array(x[0]), transpose_b=True)",
    "mx.nd.dot(mx.nd.array(x[0]), mx.nd.array(x[0, 0]))",
    "mx.nd.dot(mx.nd.array(x[0, 0]), mx.nd.array(x[1, 0]))",
    "mx.nd.dot(mx.nd.array(x), mx.nd.array(y))",
    "mx.nd.slice(mx.nd.array(x), begin=(None, 1), end=(None, None), step=(None, -1))",
    "mx.nd.slice(mx.nd.array(x), begin=(None, None), end=(None, 1), step=(None, -1))",
    "mx.nd.slice(mx.nd.array(x), begin=(1, 2), end=(None, 0), step=(-1, -1))",
    "mx.nd.slice(mx.nd.array(x), begin=(None,), end=(None,), step=(-1,))",
    "mx.nd.slice(mx.nd.array(x), begin=(None, None, 3), end=(None, None, 0), step=(1, 2, -2))",
    "mx.nd.take(mx.nd.array(x), mx.nd.array([0, 1, 1]), mode='raise')",
    "mx.nd.take(mx.nd.array(x), mx.nd.array([[0, 3], [2, 1]]), axis=2, mode='raise')",
    "mx.nd.take(mx.nd.array(x), mx.nd.array([0, 2]), mode='raise')",
    "mx.nd.take(mx.nd.array(x), mx.nd.array([-1]), axis=1, mode='raise')",
    "mx.nd.clip(mx.nd.array([-1., 0.2, 1.]), 0.5, -0.5)",
    "mx.nd.clip(mx.nd.array([-3, 0, 3], dtype='int32'), 2, -2)",
    "mx.nd.clip(mx.nd.array(x), -0.5, 0.5)",
    # rrelu returns [output, mask]; outside training MXNet leaves the mask unwritten, so only its shape is compared
    "r = mx.nd.LeakyReLU(mx.nd.array([-1., 2.]), act_type='rrelu'); out = (type(r).__name__, r[0], r[1].shape)",
    "r = mx.nd.LeakyReLU(mx.nd.array(x), act_type='rrelu', lower_bound=0.2, upper_bound=0.4); out = (r[0], r[1].shape)",
    "mx.nd.Convolution(mx.nd.ones((2, 3, 4, 5)), mx.nd.ones((6, 1, 3, 3)), kernel=(3, 3), num_filter=6, "
    "num_group=3, no_bias=True, dilate=(2, 1))",
    "mx.nd.Convolution(mx.nd.ones((1, 1, 4)), mx.nd.ones((1, 1, 6)), kernel=(6,), num_filter=1, no_bias=True)",
    "mx.nd.Convolution(mx.nd.ones((1, 1, 4)), mx.nd.ones((1, 1, 6)), kernel=(6,), num_filter=1, no_bias=True, pad=(1,))",
]


@pytest.mark.parametrize("code", CODES)
def test_operator_sweep(code):
    check_code(code, x=X3, y=Y3, z=Z3, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("label", [[0, 1, 5, -1], [0, 2.7, 1, -3]])
@pytest.mark.parametrize("kwargs", [{}, {"use_ignore": True, "ignore_label": -1}, {"smooth_alpha": 0.1},
                                    {"normalization": "valid", "use_ignore": True}])
def test_softmax_output_label_out_of_range_grad(label, kwargs):
    x = np.arange(12, dtype=np.float32).reshape(4, 3) / 5 - 1
    check_grad(lambda mx, d: mx.nd.SoftmaxOutput(d, mx.nd.array(label), **kwargs), x)


def test_softmax_output_multi_output_label_out_of_range_grad():
    check_grad(lambda mx, d: mx.nd.SoftmaxOutput(d, mx.nd.array([[0, 1, 2, 3], [1, 1, 0, 0]]), multi_output=True), X3)


@pytest.mark.parametrize("code", [
    "mx.nd.softmax(mx.nd.array([[1, 2], [3, 4]], dtype='int32'))",
    "mx.nd.log_softmax(mx.nd.array([[1, 2], [3, 4]], dtype='int64'))",
    "mx.nd.softmin(mx.nd.array([[1, 2], [3, 4]], dtype='uint8'))",
    "mx.nd.softmax(mx.nd.array([[1, 2], [3, 4]], dtype='float16')).dtype",
    "mx.nd.dot(mx.nd.ones((3, 4), dtype='int32'), mx.nd.ones((4, 3), dtype='int32'))",
    "mx.nd.dot(mx.nd.ones((3, 4), dtype='float16'), mx.nd.ones((4, 3), dtype='float16'))",
    "mx.nd.dot(mx.nd.ones((3, 4)), mx.nd.ones((4, 3), dtype='float64'))",
    "mx.nd.dot(mx.nd.ones((3, 4), dtype='float64'), mx.nd.ones((4, 3), dtype='float64'))",
    "mx.nd.dot(mx.nd.ones((2, 3, 4), dtype='int8'), mx.nd.ones((4, 3), dtype='int8'))",
    "mx.nd.batch_dot(mx.nd.ones((2, 3, 4), dtype='int32'), mx.nd.ones((2, 4, 5), dtype='int32'))",
    "mx.nd.batch_dot(mx.nd.ones((2, 3, 4), dtype='float16'), mx.nd.ones((2, 4, 5), dtype='float16'))",
    "mx.nd.sort(mx.nd.array([3, 1, 2], dtype='float16'))",
    "mx.nd.argsort(mx.nd.array([3, 1, 2], dtype='float16'))",
    "mx.nd.topk(mx.nd.array([3, 1, 2], dtype='float16'), k=2, ret_typ='value')",
    "mx.nd.sort(mx.nd.array([3, 1, 2], dtype='int32'))",
])
def test_operator_dtype_support(code):
    check_code(code)


@pytest.mark.parametrize("code", [
    "mx.nd.one_hot(mx.nd.array([1, 2]), depth=-1)", "mx.nd.one_hot(mx.nd.array([1]), depth=0)",
    "mx.nd.where(mx.nd.ones((2, 3, 4)), mx.nd.array(x), mx.nd.ones((2, 3)))",
    "mx.nd.where(mx.nd.ones(3), mx.nd.ones(3), mx.nd.ones(3, dtype='int32'))",
    "mx.nd.where(mx.nd.ones(3, dtype='int32'), mx.nd.ones(3), mx.nd.zeros(3))",
    "mx.nd.tile(mx.nd.array(x), reps=(0, 1))", "mx.nd.tile(mx.nd.ones(3), reps=(-1,))", "mx.nd.tile(mx.nd.ones(3), reps=(2, 1))",
    "mx.nd.repeat(mx.nd.array(x), repeats=-1)", "mx.nd.repeat(mx.nd.ones(3), repeats=0)",
    "mx.nd.swapaxes(mx.nd.array(x), dim1=0, dim2=5)", "mx.nd.swapaxes(mx.nd.ones((2, 3)), dim1=-1, dim2=0)",
    "mx.nd.diag(mx.nd.array(x), k=5)", "mx.nd.diag(mx.nd.ones((2, 3)), k=3)", "mx.nd.diag(mx.nd.ones((2, 3)), k=-2)",
    "mx.nd.diag(mx.nd.ones((2, 3)), k=4)", "mx.nd.diag(mx.nd.ones((2, 3)), k=-3)", "mx.nd.diag(mx.nd.ones((2, 3)), k=-1)",
])
def test_operator_argument_errors(code):
    check_code(code, x=X3)
