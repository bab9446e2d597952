"""Bad input to operators gets MXNet's kind of error (oracle-checked), never a torch internals exception.

MXNet's operators run in its backend: a shape mismatch, an axis or index out of range, an unparsable
parameter ('x' for a float, '(2,' for a shape, an NDArray where a number is expected) is MXNetError. Its
generated front-end raises AssertionError for a non-NDArray input and TypeError for an unreadable dtype;
its python functions (nd.add, nd.power, ...) raise TypeError for a missing argument. `SWEEP` is a sample
of a differential sweep over every operator's signature (cases that leaked IndexError/RuntimeError/
ValueError/TypeError/SyntaxError/AttributeError before).
"""
import numpy as np
import pytest

from tests.oracle import check, drain_mxnet_errors  # noqa: F401  (fixture)


pytestmark = pytest.mark.usefixtures("drain_mxnet_errors")


def _a(mx):
    """A((2, 3)) builds a small array of `mx` with values 0..3."""
    def A(shape, dtype="float32"):  # noqa: N802
        n = int(np.prod(shape)) if len(shape) else 1
        return mx.nd.array(np.arange(n).reshape(shape) % 4, dtype=dtype)
    return A


def run(code):
    """check() `code` (an expression over mx, np and A) on both modules, forcing asynchronous errors."""
    def snippet(mx):
        r = eval(code, {"mx": mx, "np": np, "A": _a(mx)})  # noqa: S307 - test table only
        for x in (r if isinstance(r, (list, tuple)) else [r]):
            if hasattr(x, "asnumpy"):
                x.asnumpy()
        return r
    return check(snippet)


NAMED = [
    "mx.nd.scatter_nd(mx.nd.ones(2), mx.nd.array([[5, 7]]), shape=(2, 3))",
    "mx.nd.clip(A((2, 3)), 'x', 1)",
    "mx.nd.UpSampling(A((2, 3)), scale=2, sample_type='nearest')",
    "mx.nd.slice(A((2, 3)), begin=(0, 0, 0), end=(1, 1, 1))",
    "mx.nd.Convolution(A((1, 2, 3, 3)), A((3, 2, 1, 1)), A((3,)), kernel='x', num_filter=3)",
    "mx.nd.Convolution(A((1, 2, 3, 3)), A((3, 2, 1, 1)), A((3,)), kernel='(2,', num_filter=3)",
    "mx.nd.one_hot(A((2, 3)), depth='x')",
    "mx.nd.random_uniform(shape='x')",
    "mx.nd.random.normal(shape='(2,')",
    "mx.nd.reshape(A((2, 3)), A((2, 3)))",
    "mx.nd.dot(A((2, 3)), A((2, 3)), A((2, 3)))",
    "mx.nd.argmax(A((2, 3)), A((2, 3)))",
    "mx.nd.sum(A((2, 3)), axis='x')",
    "mx.nd.Cast(A((2, 3)), dtype='bfloat16')",
    "mx.nd.clip([[1, 2, 3]], 1, 2)",
    "mx.nd.concat([1, 2], A((2, 3)))",
    "mx.nd.elemwise_add([[1, 2, 3]], A((1, 3)))",
    "mx.nd.Cast([[1, 2, 3]], dtype='int32')",
    "mx.nd.add()",
    "mx.nd.power(A((2, 3)))",
    "mx.nd.logical_and(A((2, 3)))",
    "mx.nd.power(base=A((2, 3)), exp=2)",
    "mx.nd.power(base=2, exp=A((2, 3)))",
]

SWEEP = [
    'mx.nd.random_pdf_normal([[1, 2, 3], [4, 5, 6]], A((2, 3)), A((2, 3)))',
    'mx.nd.L2Normalization([[1, 2, 3], [4, 5, 6]])',
    'mx.nd.log_softmax([[1, 2, 3], [4, 5, 6]])',
    'mx.nd.slice([[1, 2, 3], [4, 5, 6]], begin=(2, 2), end=(2, 2))',
    'mx.nd.contrib.quantize_v2([[1, 2, 3], [4, 5, 6]])',
    'mx.nd.contrib.arange_like([[1, 2, 3], [4, 5, 6]])',
    "mx.nd.contrib.box_decode(A((2, 3)), A((2, 3)), std1='1e')",
    "mx.nd.random.generalized_negative_binomial_like(A((2, 3)), mu='x')",
    "mx.nd.mp_sgd_mom_update(A((2, 3)), A((2, 3)), A((2, 3)), A((2, 3)), lr=1.0, wd='x')",
    "mx.nd.contrib.arange_like(A((2, 3)), start='x')",
    "mx.nd.SequenceMask(A((2, 3)), A((2, 3)), axis='1.5')",
    "mx.nd.contrib.box_non_maximum_suppression(A((2, 3)), background_id='x')",
    "mx.nd.random.poisson_like(A((2, 3)), lam='x')",
    'mx.nd.contrib.interleaved_matmul_selfatt_valatt(A((2, 3)), A((2, 3)), heads=2)',
    'mx.nd.contrib.MultiBoxDetection(A((2, 3)), A((2, 3)), A((2, 3)))',
    "mx.nd.argsort(A((2, 3)), axis='1.5')",
    "mx.nd.linalg_gemm2(A((2, 3)), A((2, 3)), axis='x')",
    "mx.nd.contrib.DeformablePSROIPooling(A((2, 3)), A((2, 3)), A((2, 3)), spatial_scale=1.0, output_dim=2, group_size='1.5', pooled_size=2)",
    "mx.nd.linalg_makediag(A((2, 3)), offset='1.5')",
    'mx.nd.contrib.Proposal(A((2, 3)), A((2, 3)), A((2, 3)), rpn_min_size=-7)',
    'mx.nd.broadcast_axis(A((2, 3)), A((2, 3)))',
    'mx.nd.contrib.box_nms(A((2, 3)), score_index=(1, 2))',
    'mx.nd.mp_lamb_update_phase1(A((2, 3)), A((2, 3)), A((2, 3)), A((2, 3)), A((2, 3)), t=2, wd=1.0, beta1=(1, 2))',
    'mx.nd.adam_update(A((2, 3)), A((2, 3)), A((2, 3)), A((2, 3)), lr=1.0, epsilon=(1, 2))',
    'mx.nd.broadcast_to(A((2, 3)), A((2, 3)))',
    'mx.nd.random.normal_like(A((2, 3)), loc=(1, 2))',
    'mx.nd.ftrl_update(A((2, 3)), A((2, 3)), A((2, 3)), A((2, 3)), lr=1.0, clip_gradient=(1, 2))',
    'mx.nd.contrib.boolean_mask(A((2, 3)), A((2, 3)), A((2, 3)))',
    'mx.nd.depth_to_space(A((2, 3)), block_size=(1, 2))',
    'mx.nd.contrib.RROIAlign(A((2, 3)), A((2, 3)), pooled_size=(2, 2), spatial_scale=(1, 2))',
    "mx.nd.sum(A((2, 3)), axis='(2,')",
    "mx.nd.col2im(A((2, 3)), output_size='(2,', kernel=(2, 2))",
    "mx.nd.broadcast_axes(A((2, 3)), axis='(2,')",
    "mx.nd.tile(A((2, 3)), reps='(2,')",
    'mx.nd.contrib.MultiBoxPrior(A((2, 3)), sizes=(7, 7, 7, 7, 7))',
    'mx.nd.contrib.box_nms(A((1, 1, 1, 1, 1, 1)))',
    'mx.nd.contrib.MultiBoxTarget(A((4, 5)), A((2, 3)), A((2, 3)))',
    'mx.nd.contrib.box_iou(A((1, 1, 1, 1, 1, 1)), A((1, 1, 1, 1, 1, 1)))',
    "mx.nd.contrib.DeformablePSROIPooling(A((2, 3)), A((2, 3)), A((2, 3)), spatial_scale='x', output_dim=2, group_size=2, pooled_size=2)",
    "mx.nd.contrib.BilinearResize2D(A((2, 3)), A((2, 3)), scale_width='1e')",
    'mx.nd.fill_element_0index(A((2, 3)), A((2, 3)), A((2, 3)))',
    'mx.nd.contrib.box_non_maximum_suppression(A((2, 3)), score_index=-7)',
    'mx.nd.contrib.bipartite_matching(A((3,)), threshold=1.0)',
    'mx.nd.GroupNorm(A((3,)), A((3,)), A((3,)))',
    'mx.nd.contrib.box_encode(A((3,)), A((3,)), A((3,)), A((3,)), A((3,)), A((3,)))',
    'mx.nd.SVMOutput(A((2, 3)), A((2, 3)), use_linear=2)',
    'mx.nd.linalg_gemm(A((2, 3)), A((2, 3)), A((2, 3)))',
    'mx.nd.contrib.MultiBoxTarget(A((2, 3)), A((2, 3)), A((2, 3)), minimum_negative_samples=7)',
    'mx.nd.contrib.group_adagrad_update(A((2, 3)), A((4, 5)), A((2, 3)), lr=1.0)',
    'mx.nd.ftrl_update(A((4, 5)), A((2, 3)), A((2, 3)), A((2, 3)), lr=1.0)',
    "mx.nd.linalg.gemm(A((2, 3), 'float64'), A((2, 3)), A((2, 3)))",
    "mx.nd.lamb_update_phase2(A((2, 3), 'float64'), A((2, 3)), A((2, 3)), A((2, 3)), lr=1.0)",
    'mx.nd.col2im(A((3,)), output_size=(2, 2), kernel=(2, 2))',
    'mx.nd.random_uniform(shape=(-1,))',
    'mx.nd.mp_lamb_update_phase2(A((2, 3)), A((2, 3)), A((4, 5)), A((2, 3)), A((2, 3)), lr=1.0)',
    'mx.nd.mp_nag_mom_update(A((2, 3)), A((2, 3)), A((2, 3)), A((4, 5)), lr=1.0)',
    'mx.nd.divide()',
    'mx.nd.subtract()',
    'mx.nd.logical_or()',
    'mx.nd.linalg_inverse(A((1, 1, 1, 1, 1, 1)))',
    'mx.nd.linalg_potri(A((1, 1, 1, 1, 1, 1)))',
    'mx.nd.contrib.DeformablePSROIPooling(A((1, 1, 1, 1, 1, 1)), A((1, 1, 1, 1, 1, 1)), A((1, 1, 1, 1, 1, 1)), spatial_scale=1.0, output_dim=2, group_size=2, pooled_size=2)',
    'mx.nd.contrib.ROIAlign(A((2, 3)), A((2, 3)), pooled_size=(2, 2), spatial_scale=1.0, aligned=2)',
]


@pytest.mark.parametrize("code", NAMED + SWEEP)
def test_bad_input_kind(code):
    run(code)


@pytest.mark.parametrize("code, names", [
    ("mx.nd.clip(A((2, 3)), 'x', 1)", ["clip", "a_min", "value='x'"]),  # MXNet's parameter-format error
    ("mx.nd.slice(A((2, 3)), begin=(0, 0, 0), end=(1, 1, 1))", ["slice", "(0, 0, 0)", "2 dimensions"]),
    ("mx.nd.Reshape(A((2, 3)), shape=(2, None))", ["reshape", "shape", "value='(2, None)'"]),  # format
    ("mx.nd.scatter_nd(mx.nd.ones(2), mx.nd.array([[5, 7]]), shape=(2, 3))", ["scatter_nd", "(1, 2)"]),
    ("mx.nd.UpSampling(A((2, 3)), scale=2, sample_type='nearest')", ["UpSampling", "(2, 3)"]),
])
def test_message_names_operator_and_values(code, names):
    import torch2gluon
    with pytest.raises(torch2gluon.base.MXNetError) as e:
        eval(code, {"mx": torch2gluon, "np": np, "A": _a(torch2gluon)})  # noqa: S307
    for n in names:
        assert n in str(e.value), (n, str(e.value))


def test_user_errors_in_callbacks_pass_unchanged():
    """Only the implementation's own failures are converted: a user function's error keeps its class."""
    import torch2gluon as mx

    def body(x, states):
        raise KeyError("mine")

    with pytest.raises(KeyError):
        mx.nd.contrib.foreach(body, mx.nd.ones((2, 3)), [mx.nd.zeros(3)])


@pytest.mark.parametrize("code", [
    "out = mx.nd.zeros((2, 3)); r = mx.nd.exp(A((2, 3)), out); out = [r is out, out]",
    "out = mx.nd.zeros((2, 3)); r = mx.nd.broadcast_add(A((2, 3)), A((2, 3)), out); out = [r is out, out]",
    "out = mx.nd.zeros((2, 3)); r = mx.nd.clip(A((2, 3)), 0, 0.5, out); out = [r is out, out]",
    "out = mx.nd.zeros((2, 3)); mx.nd.exp(A((2, 3)), out, out=out)",
    "mx.nd.exp(A((2, 3)), mx.nd.zeros((3,)))",
    "mx.nd.sum(A((2, 3)), 1, False, False, mx.nd.zeros((2, 3)))",
    "mx.nd.add(A((2, 3)), A((2, 3)), mx.nd.zeros((2, 3)))",
    "A((2, 3)).reshape((-1, None))",
    "A((2, 3)).reshape((2, 'x'))",
])
def test_positional_out_and_python_front_end(code):
    """MXNet's generated signature ends in (out=None, name=None): one more NDArray than the parameters is `out`."""
    def snippet(mx):
        env = {"mx": mx, "np": np, "A": _a(mx)}
        exec(code, env)  # noqa: S102 - test table only
        return env.get("out")
    check(snippet)


@pytest.mark.parametrize("value", ["True", "'true'", "'FALSE'", "1", "0", "np.bool_(True)", "np.int64(1)",
                                   "2", "-1", "1.0", "'yes'", "[1]"])
def test_boolean_parameter_format(value):
    """A boolean parameter takes bools, 0/1 and 'true'/'false'/'1'/'0' in any case; else MXNetError."""
    run(f"mx.nd.sum(A((2, 3)), axis=1, keepdims={value})")
    run(f"mx.nd.dot(A((2, 3)), A((2, 3)), transpose_b={value})")


@pytest.mark.parametrize("code", [
    "mx.nd.random.normal(loc='x')",
    "mx.nd.random.normal(loc=(1, 2))",
    "mx.nd.random.uniform(0, 'x')",
    "mx.nd.random.normal(loc=A((2, 3)), scale=1)",
    "mx.nd.random.gamma(alpha=None)",
    "mx.nd.random.exponential(scale=[1, 2])",
])
def test_random_front_end_parameter_types(code):
    """nd.random.X (python): a first parameter that is neither NDArray nor number is ValueError; mixed kinds
    are AssertionError."""
    run(code)


@pytest.mark.parametrize("code", [
    "mx.nd.slice(A((2, 3)), begin=(0,), end=(2, 2))",
    "mx.nd.slice(A((2, 3)), begin=(0, 0), end=(2, 2), step=(1,))",
    "mx.nd.slice(A((2, 3)), begin=(None, 1), end=(None, 2))",
    "mx.nd.broadcast_axis(A((1, 3)), axis=(0,), size=())",
    "mx.nd.broadcast_axis(A((1, 3)), axis=(-2,), size=(4,))",
    "mx.nd.broadcast_axis(A((1, 3)), axis=0, size=4)",
    "mx.nd.concat(A((2, 3)), A((2, 3), 'float64'))",
    "mx.nd.stack(A((2, 3)), A((2, 3), 'float64'))",
    "mx.nd.add_n(A((2, 3)), A((2, 3), 'float64'))",
    "mx.nd.SequenceMask(A((2, 3)), A((3,)))",
    "mx.nd.SequenceLast(A((2, 3)), A((3,)))",
    "mx.nd.SequenceMask(A((2, 3)), A((3,)) + 1, use_sequence_length=True)",
    "mx.nd.LeakyReLU(A((2, 3)), A((2, 3)))",
    "mx.nd.LeakyReLU(A((2, 3)), gamma=A((3,)), act_type='elu')",
    "mx.nd.LeakyReLU(A((2, 3)), A((3,)), act_type='prelu')",
])
def test_silently_accepted_before(code):
    """Inputs MXNet rejects that used to give a result: mismatched begin/end/step or axis/size lengths,
    mixed dtypes in multi-input operators, an input the operator's mode does not take."""
    run(code)


@pytest.mark.parametrize("code", [
    "mx.nd.random_exponential(lam='x')",
    "mx.nd.random_gamma(alpha=(1, 2))",
    "mx.nd.random_poisson(lam=[1])",
    "mx.nd.random_exponential(lam='2', shape=(2,)).shape",
])
def test_random_operator_parameter_format(code):
    """nd.random_X (the operator, not nd.random.X): a float parameter is parsed, else MXNetError."""
    run(code)


@pytest.mark.parametrize("code", [
    "mx.nd.Activation(A((2, 3), 'int32'), act_type='relu')",
    "mx.nd.Activation(A((2, 3), 'float64'), act_type='relu')",
    "mx.nd.Dropout(A((2, 3), 'int32'))",
    "mx.nd.Dropout(A((2, 3)), axes=(-1,))",
    "mx.nd.Dropout(A((2, 3)), axes=(5,))",
    "mx.nd.Dropout(A((2, 3)), axes=(1,))",
    "mx.nd.LinearRegressionOutput(A((2, 3), 'int32'), A((2, 3), 'int32'))",
    "mx.nd.MakeLoss(A((2, 3), 'int32'))",
    "mx.nd.all_finite(A((2, 3), 'int32'))",
])
def test_floating_point_only_operators(code):
    """Operators MXNet runs on floating-point data only; Dropout's axes must lie in [0, ndim)."""
    run(code)


@pytest.mark.parametrize("code", [
    "mx.nd.image.to_tensor([[1, 2, 3], [4, 5, 6]])",
    "mx.nd.image.random_brightness([[1, 2, 3]], min_factor=1.0, max_factor=1.0)",
    "mx.nd.contrib.ROIAlign(A((3,)), A((3,)), pooled_size=(2, 2), spatial_scale=1.0)",
])
def test_image_and_torchvision_backed(code):
    """nd.image.X given a python list: MXNet's AssertionError; torchvision's errors become MXNetError."""
    run(code)
