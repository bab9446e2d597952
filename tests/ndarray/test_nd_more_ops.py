"""Differential tests (vs real MXNet 1.9.1) for the operators of ops_math, ops_linalg, ops_sequence,
ops_index, ops_spatial, ops_output and nd.contrib: values, shapes, dtypes, errors and gradients."""
import numpy as np
import pytest

from tests.oracle import check, check_code, check_grad

rng = np.random.RandomState(0)
A = rng.randn(2, 3).astype(np.float32)
B = rng.randn(2, 3).astype(np.float32)
SPD = (lambda m: m @ m.T + 3 * np.eye(3))(rng.randn(3, 3)).astype(np.float32)
SPD2 = np.stack([SPD, SPD + np.eye(3, dtype=np.float32)])
M34 = rng.randn(3, 4).astype(np.float32)
M3 = rng.randn(3, 3).astype(np.float32)
V = rng.randn(2, 5, 3).astype(np.float32)
IMG = rng.randn(2, 3, 4, 4).astype(np.float32)

MATH = [
    "mx.nd.broadcast_hypot(mx.nd.array(A), mx.nd.array(B[:1]))",
    "mx.nd.broadcast_logical_and(mx.nd.array([[0, 1], [2, 0]]), mx.nd.array([1, 0]))",
    "mx.nd.broadcast_logical_or(mx.nd.array([[0, 1], [2, 0]]), mx.nd.array([1, 0]))",
    "mx.nd.broadcast_logical_xor(mx.nd.array([[0, 1], [2, 0]], dtype='int32'), mx.nd.array([1, 0], dtype='int32'))",
    "mx.nd.logical_and(mx.nd.array([0, 1, 2]), 2)",
    "mx.nd.logical_or(0, mx.nd.array([0, 1, 2]))",
    "mx.nd.logical_xor(mx.nd.array([0, 1, 2]), mx.nd.array([1, 1, 0]))",
    "mx.nd.broadcast_logical_and(mx.nd.ones((2, 3)), mx.nd.ones((4,)))",
    "mx.nd.hard_sigmoid(mx.nd.array([-3, -1, 0, 1, 3]))",
    "mx.nd.hard_sigmoid(mx.nd.array([-3, -1, 0, 1, 3]), alpha=0.3, beta=0.4)",
    "mx.nd.smooth_l1(mx.nd.array([-2, -0.1, 0.3, 3]), scalar=2)",
    "mx.nd.smooth_l1(mx.nd.array([-2, -0.1, 0.3, 3]))",
    "mx.nd.cumsum(mx.nd.array(A))",
    "mx.nd.cumsum(mx.nd.array(A), axis=1)",
    "mx.nd.cumsum(mx.nd.array(A), axis=0, dtype='float64')",
    "mx.nd.cumsum(mx.nd.array([[1, 2], [3, 4]], dtype='int32'), axis=-1)",
    "mx.nd.moments(mx.nd.array(V), axes=(0, 2))",
    "mx.nd.moments(mx.nd.array(V), axes=1, keepdims=True)",
    "mx.nd.moments(mx.nd.array(V))",
    "mx.nd.diag(mx.nd.array(M34))",
    "mx.nd.diag(mx.nd.array(M34), k=1)",
    "mx.nd.diag(mx.nd.array(M34), k=-1)",
    "mx.nd.diag(mx.nd.array([1, 2, 3]), k=-1)",
    "mx.nd.diag(mx.nd.array(V), k=1, axis1=1, axis2=2)",
    "mx.nd.khatri_rao(mx.nd.array(A.T), mx.nd.array(M34[:, :2]))",
    "mx.nd.khatri_rao(mx.nd.array(A.T), mx.nd.array(A.T), mx.nd.array(A.T))",
    "mx.nd.histogram(mx.nd.array([[1, 2], [3, 4]]), bins=mx.nd.array([0, 2, 5]))",
    "mx.nd.histogram(mx.nd.array([0.5, 1, 2, 3, 4]), bins=4, range=(0, 4))",
    "mx.nd.histogram(mx.nd.array([0.5, 1, 2, 3, 4], dtype='float64'), bins=4, range=(0, 4))",
    "mx.nd.histogram(mx.nd.array([0.5, 1, 2, 3, 4.5]), bins=3)",
    "mx.nd.histogram(mx.nd.array([0.5, 1, 2, 3, 4], dtype='int32'), bins=mx.nd.array([0, 1, 5], dtype='int32'))",
    "mx.nd.cumsum(mx.nd.array([[1, 2], [3, 4]], dtype='int32'), axis=1)",
    "[x.dtype for x in mx.nd.amp_multicast(mx.nd.ones(2), mx.nd.ones(2, dtype='int32'), num_outputs=2)]",
    "mx.nd.all_finite(mx.nd.array([1, 2]))",
    "mx.nd.all_finite(mx.nd.array([1, np.inf]))",
    "mx.nd.multi_all_finite(mx.nd.array([1, 2]), mx.nd.array([np.nan]), num_arrays=2)",
    "mx.nd.multi_all_finite(mx.nd.array([1, 2]), mx.nd.array([3]), num_arrays=2)",
    "mx.nd.multi_sum_sq(mx.nd.array(A), mx.nd.array(B), num_arrays=2)",
    "x = mx.nd.ones(3); y = mx.nd.ones((2, 2)); mx.nd.reset_arrays(x, y, num_arrays=2); out = [x, y]",
    "mx.nd.moveaxis(mx.nd.array(V), 0, -1)",
    "mx.nd.moveaxis(mx.nd.array(V), -1, 0)",
    "mx.nd.concatenate([mx.nd.array(A), mx.nd.array(B)], axis=1)",
    "mx.nd.concatenate([mx.nd.array(A), mx.nd.array(B)])",
    "mx.nd.from_numpy(np.arange(6, dtype=np.float32).reshape(2, 3))",
    "mx.nd.from_numpy(np.arange(6, dtype=np.int64), zero_copy=False)",
    "mx.nd.onehot_encode(mx.nd.array([0, 2]), mx.nd.zeros((2, 3)))",
    "mx.nd.choose_element_0index(mx.nd.array(A), mx.nd.array([0, 2]))",
    "mx.nd.fill_element_0index(mx.nd.array(A), mx.nd.array([9, 8]), mx.nd.array([0, 2]))",
    "mx.nd.ravel_multi_index(mx.nd.array([[1, 2], [0, 3]]), shape=(3, 4))",
    "mx.nd.unravel_index(mx.nd.array([6, 1, 11]), shape=(3, 4))",
    "mx.nd.unravel_index(mx.nd.array([6, 1, 11], dtype='int64'), shape=(3, 4))",
]


@pytest.mark.parametrize("code", MATH)
def test_math(code):
    check_code(code, A=A, B=B, V=V, M34=M34)


def test_amp_casts_by_hand():
    """MXNet's CPU build fails asynchronously (MKLDNN, at the next waitall) on float16 AMP outputs, which
    would poison later oracle tests in the same process; the float16 cases are checked by hand (values
    and dtypes observed on MXNet 1.9.1)."""
    import torch2gluon as mx
    h = mx.nd.ones(2, dtype="float16")
    assert [x.dtype for x in mx.nd.amp_multicast(mx.nd.ones(2), h, num_outputs=2)] == [np.float32, np.float32]
    assert [x.dtype for x in mx.nd.amp_multicast(mx.nd.ones(2), h, num_outputs=2, cast_narrow=True)] == \
        [np.float16, np.float16]
    c = mx.nd.amp_cast(mx.nd.array([1.5, -2.25]), dtype="float16")
    assert c.dtype == np.float16 and c.asnumpy().tolist() == [1.5, -2.25]
    assert mx.nd.amp_cast(mx.nd.ones(2, dtype="int32"), dtype="float16").dtype == np.int32
    assert mx.nd.amp_cast(mx.nd.ones(2, dtype="float64"), dtype="float16").dtype == np.float64
    assert mx.nd.amp_cast(h, dtype="float32").dtype == np.float32


LINALG = [
    "mx.nd.linalg.gemm(mx.nd.array(M34), mx.nd.array(M34.T), mx.nd.array(M3), alpha=2.0, beta=0.5)",
    "mx.nd.linalg.gemm(mx.nd.array(M34), mx.nd.array(M34), mx.nd.array(M3), transpose_b=True)",
    "mx.nd.linalg.gemm(mx.nd.array(M34), mx.nd.array(M34), mx.nd.array(np.ones((4, 4))), transpose_a=True)",
    "mx.nd.linalg.gemm2(mx.nd.array(V), mx.nd.array(V), transpose_b=True, alpha=0.5)",
    "mx.nd.linalg.gemm2(mx.nd.array(V.transpose(1, 0, 2)), mx.nd.array(V.transpose(1, 2, 0)), axis=0)",
    "mx.nd.linalg.gemm2(mx.nd.array(M34), mx.nd.array(M34))",
    "mx.nd.linalg_gemm2(mx.nd.array(M34), mx.nd.array(M34.T))",
    "mx.nd.linalg.potrf(mx.nd.array(SPD))",
    "mx.nd.linalg.potrf(mx.nd.array(SPD2))",
    "mx.nd.linalg.potri(mx.nd.linalg.potrf(mx.nd.array(SPD)))",
    "mx.nd.linalg.potri(mx.nd.linalg.potrf(mx.nd.array(SPD2)))",
    "mx.nd.linalg.trsm(mx.nd.linalg.potrf(mx.nd.array(SPD)), mx.nd.array(M34), alpha=2.0)",
    "mx.nd.linalg.trsm(mx.nd.linalg.potrf(mx.nd.array(SPD)), mx.nd.array(M34), transpose=True)",
    "mx.nd.linalg.trsm(mx.nd.array(np.triu(SPD)), mx.nd.array(M34), lower=False)",
    "mx.nd.linalg.trsm(mx.nd.linalg.potrf(mx.nd.array(SPD)), mx.nd.array(M34.T), rightside=True)",
    "mx.nd.linalg.trsm(mx.nd.array(np.triu(SPD)), mx.nd.array(M34.T), rightside=True, lower=False, transpose=True)",
    "mx.nd.linalg.trmm(mx.nd.array(SPD), mx.nd.array(M34), alpha=2.0)",
    "mx.nd.linalg.trmm(mx.nd.array(SPD), mx.nd.array(M34), transpose=True, lower=False)",
    "mx.nd.linalg.trmm(mx.nd.array(SPD), mx.nd.array(M34.T), rightside=True)",
    "mx.nd.linalg.syrk(mx.nd.array(M34), alpha=0.5)",
    "mx.nd.linalg.syrk(mx.nd.array(M34), transpose=True)",
    "mx.nd.linalg.gelqf(mx.nd.array(M34))",
    "mx.nd.linalg.gelqf(mx.nd.array(V.transpose(0, 2, 1)))",
    "mx.nd.linalg.sumlogdiag(mx.nd.array(SPD))",
    "mx.nd.linalg.sumlogdiag(mx.nd.array(SPD2))",
    "mx.nd.linalg.extractdiag(mx.nd.array(M34))",
    "mx.nd.linalg.extractdiag(mx.nd.array(V), offset=1)",
    "mx.nd.linalg.makediag(mx.nd.array([1, 2, 3]))",
    "mx.nd.linalg.makediag(mx.nd.array(A), offset=-1)",
    "mx.nd.linalg.extracttrian(mx.nd.array(SPD2))",
    "mx.nd.linalg.extracttrian(mx.nd.array(SPD), offset=1)",
    "mx.nd.linalg.extracttrian(mx.nd.array(SPD), lower=False)",
    "mx.nd.linalg.extracttrian(mx.nd.array(SPD), offset=-1)",
    "mx.nd.linalg.maketrian(mx.nd.array([1, 2, 3, 4, 5, 6]))",
    "mx.nd.linalg.maketrian(mx.nd.array([[1, 2, 3], [4, 5, 6]]), offset=1)",
    "mx.nd.linalg.maketrian(mx.nd.array([1, 2, 3]), lower=False)",
    "mx.nd.linalg.maketrian(mx.nd.array([1, 2, 3]), offset=-2)",
    "mx.nd.linalg.inverse(mx.nd.array(SPD2))",
    "mx.nd.linalg.det(mx.nd.array(M3))",
    "mx.nd.linalg.det(mx.nd.array(SPD2))",
    "mx.nd.linalg.slogdet(mx.nd.array(M3))",
    "mx.nd.linalg.slogdet(mx.nd.array(SPD2))",
    "mx.nd.linalg.syevd(mx.nd.array(SPD))",
    "mx.nd.linalg.syevd(mx.nd.array(SPD2))",
    "mx.nd.linalg.gemm2(mx.nd.array(M34), mx.nd.array(M34))",
    "mx.nd.linalg.potrf(mx.nd.array(M34))",
]


@pytest.mark.parametrize("code", LINALG)
def test_linalg(code):
    check_code(code, atol=1e-4, rtol=1e-4, M34=M34, M3=M3, V=V, SPD=SPD, SPD2=SPD2, A=A)


GRADS = [
    (lambda mx, x: mx.nd.broadcast_hypot(x, x * 2), [A]),
    (lambda mx, x: mx.nd.hard_sigmoid(x * 3), [A]),
    (lambda mx, x: mx.nd.smooth_l1(x, scalar=1.5), [A]),
    (lambda mx, x: mx.nd.cumsum(x, axis=1) * x, [A]),
    (lambda mx, x: mx.nd.moments(x, axes=(1,))[1], [A]),
    (lambda mx, x: mx.nd.diag(x, k=1), [M34]),
    (lambda mx, x, y: mx.nd.linalg.gemm2(x, y, transpose_b=True, alpha=2.0), [M34, M34]),
    (lambda mx, x, y, z: mx.nd.linalg.gemm(x, y, z, beta=3.0), [M34, M34.T, M3]),
    (lambda mx, x: mx.nd.linalg.potrf(x), [SPD]),
    (lambda mx, x: mx.nd.linalg.sumlogdiag(x), [SPD]),
    (lambda mx, x: mx.nd.linalg.inverse(x), [SPD]),
    (lambda mx, x: mx.nd.linalg.det(x), [M3]),
    (lambda mx, x: mx.nd.linalg.syrk(x), [M34]),
    (lambda mx, x, y: mx.nd.linalg.trsm(x, y), [np.tril(SPD), M34]),
    (lambda mx, x, y: mx.nd.linalg.trmm(x, y, rightside=True), [SPD, M34.T]),
    (lambda mx, x: mx.nd.linalg.extracttrian(x), [SPD]),
    (lambda mx, x: mx.nd.linalg.maketrian(x), [np.arange(6.0)]),
]


@pytest.mark.parametrize("i", range(len(GRADS)))
def test_grads(i):
    fn, inputs = GRADS[i]
    check_grad(fn, *inputs, atol=1e-4, rtol=1e-4)


D = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
INDEX = [
    "mx.nd.batch_take(mx.nd.array(A), mx.nd.array([0, 2], dtype='int32'))",
    "mx.nd.batch_take(mx.nd.array(A), mx.nd.array([-1, 7], dtype='int32'))",
    "mx.nd.batch_take(mx.nd.array(A), mx.nd.array([0, 2]))",
    "mx.nd.gather_nd(mx.nd.array(D), mx.nd.array([[1, 0], [2, -1]]))",
    "mx.nd.gather_nd(mx.nd.array(D), mx.nd.array([[1, 0], [2, 1], [3, 0]], dtype='int32'))",
    "mx.nd.gather_nd(mx.nd.array(D), mx.nd.array([[1]]))",
    "mx.nd.scatter_nd(mx.nd.array([1, 2, 3]), mx.nd.array([[0, 1, 1], [1, 0, 0]]), shape=(2, 2))",
    "mx.nd.scatter_nd(mx.nd.array([[1, 2], [3, 4]]), mx.nd.array([[1, 0]]), shape=(3, 2))",
    "mx.nd.slice_like(mx.nd.array(D), mx.nd.zeros((1, 2, 3)))",
    "mx.nd.slice_like(mx.nd.array(D), mx.nd.zeros((1, 2, 3)), axes=(0, 2))",
    "mx.nd.slice_like(mx.nd.array(D), mx.nd.zeros((1, 2, 3)), axes=(-1,))",
    "mx.nd.slice_like(mx.nd.array(D), mx.nd.zeros((1, 2)))",
    "mx.nd.split_v2(mx.nd.array(np.arange(10)), (2, 5), axis=0)",
    "mx.nd.split_v2(mx.nd.array(np.arange(12).reshape(2, 6)), 3, axis=1)",
    "mx.nd.split_v2(mx.nd.array(np.arange(12).reshape(2, 6)), 2, axis=0, squeeze_axis=True)",
    "mx.nd.split_v2(mx.nd.array(np.arange(12).reshape(2, 6)), [3], axis=-1)",
    "mx.nd.depth_to_space(mx.nd.array(np.arange(32).reshape(1, 8, 2, 2)), 2)",
    "mx.nd.space_to_depth(mx.nd.array(np.arange(32).reshape(1, 2, 4, 4)), 2)",
    "mx.nd.depth_to_space(mx.nd.array(np.arange(24).reshape(1, 6, 2, 2)), 2)",
]


@pytest.mark.parametrize("code", INDEX)
def test_index(code):
    check_code(code, A=A, D=D)


AFF = np.array([[0.9, 0.1, 0.05, -0.2, 1.1, 0.1], [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]], dtype=np.float32)
ROIS = np.array([[0, 0, 0, 3, 3], [1, 1, 0.6, 3.4, 2], [0, 2, 2, 9, 9]], dtype=np.float32)
SPATIAL = [
    "mx.nd.UpSampling(mx.nd.array(IMG), scale=2, sample_type='nearest')",
    "mx.nd.UpSampling(mx.nd.array(IMG), mx.nd.array(IMG[:, :1, :2, :2]), scale=2, sample_type='nearest', num_args=2)",
    "mx.nd.UpSampling(mx.nd.array(IMG[:, :1]), mx.nd.array(IMG[:, :1, :2, :2]), scale=2, sample_type='nearest', num_args=2, multi_input_mode='sum')",
    "mx.nd.UpSampling(mx.nd.array(IMG), mx.nd.array(np.ones((3, 1, 4, 4))), scale=2, sample_type='bilinear', num_filter=3, num_args=2)",
    "mx.nd.UpSampling(mx.nd.array(IMG), mx.nd.array(np.random.RandomState(1).rand(3, 1, 5, 5)), scale=3, sample_type='bilinear', num_filter=3, num_args=2)",
    "mx.nd.UpSampling(mx.nd.array(IMG), mx.nd.array(np.ones((3, 1, 3, 3))), scale=2, sample_type='bilinear', num_filter=3, num_args=2)",
    "mx.nd.GridGenerator(mx.nd.array(AFF), transform_type='affine', target_shape=(3, 5))",
    "mx.nd.GridGenerator(mx.nd.array(IMG[:, :2] * 0.3), transform_type='warp')",
    "mx.nd.BilinearSampler(mx.nd.array(IMG), mx.nd.GridGenerator(mx.nd.array(AFF), transform_type='affine', target_shape=(3, 5)))",
    "mx.nd.BilinearSampler(mx.nd.array(IMG), mx.nd.array(np.random.RandomState(2).uniform(-1.3, 1.3, (2, 2, 3, 3))))",
    "mx.nd.SpatialTransformer(mx.nd.array(IMG), mx.nd.array(AFF), target_shape=(3, 3), transform_type='affine', sampler_type='bilinear')",
    "mx.nd.ROIPooling(mx.nd.array(IMG), mx.nd.array(ROIS), pooled_size=(2, 2), spatial_scale=1.0)",
    "mx.nd.ROIPooling(mx.nd.array(IMG), mx.nd.array(ROIS), pooled_size=(3, 2), spatial_scale=0.5)",
    "mx.nd.Crop(mx.nd.array(IMG), h_w=(2, 3), num_args=1)",
    "mx.nd.Crop(mx.nd.array(IMG), offset=(1, 1), h_w=(2, 2), num_args=1)",
    "mx.nd.Crop(mx.nd.array(IMG), mx.nd.zeros((1, 1, 3, 2)), num_args=2, center_crop=True)",
    "mx.nd.Crop(mx.nd.array(IMG), mx.nd.zeros((1, 1, 3, 2)), num_args=2)",
    "mx.nd.im2col(mx.nd.array(IMG), kernel=(2, 2))",
    "mx.nd.im2col(mx.nd.array(IMG), kernel=(3, 3), stride=(2, 2), pad=(1, 1), dilate=(1, 1))",
    "mx.nd.col2im(mx.nd.im2col(mx.nd.array(IMG), kernel=(2, 2)), output_size=(4, 4), kernel=(2, 2))",
    "mx.nd.col2im(mx.nd.im2col(mx.nd.array(IMG), kernel=(3, 3), stride=(2, 2), pad=(1, 1)), output_size=(4, 4), kernel=(3, 3), stride=(2, 2), pad=(1, 1))",
]


@pytest.mark.parametrize("code", SPATIAL)
def test_spatial(code):
    check_code(code, atol=1e-4, rtol=1e-4, IMG=IMG, AFF=AFF, ROIS=ROIS)


GRADS2 = [
    (lambda mx, x: mx.nd.gather_nd(x, mx.nd.array([[1, 0], [2, 1]])), [D]),
    (lambda mx, x: mx.nd.scatter_nd(x, mx.nd.array([[0, 1, 2]]), shape=(4, 4)), [D[0]]),
    (lambda mx, x: mx.nd.slice_like(x, mx.nd.zeros((1, 2, 3))), [D]),
    (lambda mx, x: mx.nd.depth_to_space(x, 2) * 2, [np.arange(32.0).reshape(1, 8, 2, 2)]),
    (lambda mx, x: mx.nd.space_to_depth(x, 2) * 2, [np.arange(32.0).reshape(1, 2, 4, 4)]),
    (lambda mx, x: mx.nd.UpSampling(x, scale=2, sample_type='nearest') * 3, [IMG]),
    (lambda mx, x, w: mx.nd.UpSampling(x, w, scale=2, sample_type='bilinear', num_filter=3, num_args=2),
     [IMG, np.random.RandomState(3).rand(3, 1, 4, 4)]),
    (lambda mx, x: mx.nd.GridGenerator(x, transform_type='affine', target_shape=(3, 4)), [AFF]),
    (lambda mx, x, g: mx.nd.BilinearSampler(x, g), [IMG, np.random.RandomState(2).uniform(-0.9, 0.9, (2, 2, 3, 3))]),
    (lambda mx, x: mx.nd.ROIPooling(x, mx.nd.array(ROIS), pooled_size=(2, 2), spatial_scale=1.0), [IMG]),
    (lambda mx, x: mx.nd.Crop(x, offset=(1, 1), h_w=(2, 2), num_args=1), [IMG]),
    (lambda mx, x: mx.nd.im2col(x, kernel=(2, 2)), [IMG]),
]


@pytest.mark.parametrize("i", range(len(GRADS2)))
def test_grads_index_spatial(i):
    fn, inputs = GRADS2[i]
    check_grad(fn, *inputs, atol=1e-4, rtol=1e-4)


X23 = np.array([[0.5, -2.0, 0.3], [1.0, -0.5, 2.0]], dtype=np.float32)
D232 = rng.randn(2, 3, 2).astype(np.float32)
LAB_MO = np.array([[0, 2], [1, -1]], dtype=np.float32)
HEAD = np.arange(6, dtype=np.float32).reshape(2, 3) + 1
OUTPUT_GRADS = [
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array([0, 2])), [X23], None),
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array([0, 2]), grad_scale=2, smooth_alpha=0.1), [X23], None),
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array([0, 2]), out_grad=True), [X23], HEAD),
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array([0, 2])), [X23], HEAD),
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array([0, -1]), use_ignore=True, normalization='valid'), [X23], None),
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array([0, 1]), normalization='batch'), [X23], None),
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array(LAB_MO), multi_output=True, use_ignore=True), [D232], None),
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array(LAB_MO), multi_output=True, use_ignore=True,
                                       normalization='valid'), [D232], None),
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array(LAB_MO), multi_output=True, normalization='batch',
                                       use_ignore=True), [D232], None),
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array([[0, 1, 1], [1, 0, 0]]), preserve_shape=True), [D232], None),
    (lambda mx, x: mx.nd.SoftmaxOutput(x, mx.nd.array([0, 5])), [D232], None),
    (lambda mx, x: mx.nd.Softmax(x, mx.nd.array([1, 2])), [X23], None),
    (lambda mx, x: mx.nd.LinearRegressionOutput(x, mx.nd.zeros((2, 3)), grad_scale=3), [X23], HEAD),
    (lambda mx, x: mx.nd.LinearRegressionOutput(x, mx.nd.zeros((2,))), [X23[:, 0]], None),
    (lambda mx, x: mx.nd.LogisticRegressionOutput(x, mx.nd.array([[0, 1, 1], [1, 0, 0]])), [X23], None),
    (lambda mx, x: mx.nd.MAERegressionOutput(x, mx.nd.ones((2, 3))), [X23], None),
    (lambda mx, x: mx.nd.SVMOutput(x, mx.nd.array([0, 2])), [X23], None),
    (lambda mx, x: mx.nd.SVMOutput(x, mx.nd.array([0, 2]), use_linear=True, margin=0.8,
                                   regularization_coefficient=2), [X23], None),
    (lambda mx, x: mx.nd.MakeLoss(x, normalization='valid', valid_thresh=0.2), [X23], HEAD),
    (lambda mx, x: mx.nd.MakeLoss(x, grad_scale=0.5, normalization='batch'), [X23], None),
    (lambda mx, x: mx.nd.make_loss(x * 2), [X23], HEAD),
    (lambda mx, x: mx.nd.softmax_cross_entropy(x, mx.nd.array([0, 2])), [X23], None),
    (lambda mx, x: mx.nd.SoftmaxActivation(x), [D232], None),
    (lambda mx, x: mx.nd.SoftmaxActivation(x, mode='channel'), [D232], HEAD[:, :2].reshape(2, 1, 2).repeat(3, 1)),
    (lambda mx, x: mx.nd.L2Normalization(x), [IMG], None),
    (lambda mx, x: mx.nd.L2Normalization(x, mode='channel', eps=1e-3), [IMG], None),
    (lambda mx, x: mx.nd.L2Normalization(x, mode='spatial'), [IMG], None),
    (lambda mx, x: mx.nd.L2Normalization(x * 2, mode='channel'), [X23], None),
    (lambda mx, x: mx.nd.LRN(x, nsize=3), [IMG], None),
    (lambda mx, x: mx.nd.LRN(x, alpha=0.1, beta=0.5, knorm=1, nsize=5), [IMG], None),
]


@pytest.mark.parametrize("i", range(len(OUTPUT_GRADS)))
def test_output_layers(i):
    """Forward values and the operator-defined backward, vs the oracle."""
    fn, inputs, head = OUTPUT_GRADS[i]
    check_grad(fn, *inputs, out_grad=head, atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize("code", [
    "mx.nd.SoftmaxOutput(mx.nd.array(X23), mx.nd.array([0, 1, 2]))",
    "mx.nd.SoftmaxOutput(mx.nd.array(X23), mx.nd.array([0, 1]), normalization='bad')",
    "mx.nd.L2Normalization(mx.nd.array(X23), mode='bad')",
    "mx.nd.LRN(mx.nd.array(IMG))",
    "mx.nd.SoftmaxActivation(mx.nd.array(X23), mode='channel')",
    "mx.nd.softmax_cross_entropy(mx.nd.array(X23), mx.nd.array([0, 1]))",
])
def test_output_layers_forward_and_errors(code):
    check_code(code, X23=X23, IMG=IMG, atol=1e-5, rtol=1e-4)


QKV = rng.randn(3, 2, 2 * 3 * 4).astype(np.float32)      # (L, B, heads * 3 * d), heads=2, d=4
Q = rng.randn(3, 2, 8).astype(np.float32)
KV = rng.randn(5, 2, 16).astype(np.float32)
ATT = rng.rand(4, 3, 3).astype(np.float32)
ATT2 = rng.rand(4, 3, 5).astype(np.float32)
CONTRIB = [
    "mx.nd.contrib.arange_like(mx.nd.array(A))",
    "mx.nd.contrib.arange_like(mx.nd.array(A), start=1, step=2, repeat=2, axis=1)",
    "mx.nd.contrib.arange_like(mx.nd.array(A), axis=-1)",
    "mx.nd.contrib.boolean_mask(mx.nd.array(M34), mx.nd.array([0, 1, 1]))",
    "mx.nd.contrib.boolean_mask(mx.nd.array(M34), mx.nd.array([1, 0, 1, 1]), axis=1)",
    "mx.nd.contrib.index_copy(mx.nd.zeros((3, 2)), mx.nd.array([2, 0]), mx.nd.array([[1, 2], [3, 4]]))",
    "mx.nd.contrib.index_array(mx.nd.array(A))",
    "mx.nd.contrib.index_array(mx.nd.array(V), axes=(0, 2))",
    "mx.nd.contrib.isfinite(mx.nd.array([1, np.inf, np.nan, -np.inf]))",
    "mx.nd.contrib.isnan(mx.nd.array([1, np.inf, np.nan, -np.inf]))",
    "mx.nd.contrib.isinf(mx.nd.array([1, np.inf, np.nan, -np.inf]))",
    "mx.nd.contrib.div_sqrt_dim(mx.nd.array(M34))",
    "mx.nd.contrib.quadratic(mx.nd.array(A), a=1, b=2, c=3)",
    "mx.nd.contrib.quadratic(mx.nd.array(A))",
    "mx.nd.contrib.round_ste(mx.nd.array([-1.5, -0.4, 0.5, 2.5]))",
    "mx.nd.contrib.sign_ste(mx.nd.array([-1.5, 0, 2.5]))",
    "mx.nd.contrib.allclose(mx.nd.array(A), mx.nd.array(A) + 1e-9)",
    "mx.nd.contrib.allclose(mx.nd.array(A), mx.nd.array(A) + 1)",
    "mx.nd.contrib.allclose(mx.nd.array([np.nan]), mx.nd.array([np.nan]), equal_nan=False)",
    "mx.nd.contrib.box_iou(mx.nd.array([[0, 0, 2, 2], [1, 0, 4, 3]]), mx.nd.array([[1, 1, 3, 3], [0, 0, 2, 2], [5, 5, 6, 6]]))",
    "mx.nd.contrib.box_iou(mx.nd.array([[1, 1, 2, 2]]), mx.nd.array([[1.5, 1, 2, 3]]), format='center')",
    "mx.nd.contrib.AdaptiveAvgPooling2D(mx.nd.array(np.arange(50.).reshape(1, 2, 5, 5)), output_size=3)",
    "mx.nd.contrib.AdaptiveAvgPooling2D(mx.nd.array(IMG), output_size=(3, 2))",
    "mx.nd.contrib.AdaptiveAvgPooling2D(mx.nd.array(IMG))",
    "mx.nd.contrib.BilinearResize2D(mx.nd.array(IMG), height=3, width=5)",
    "mx.nd.contrib.BilinearResize2D(mx.nd.array(IMG), height=7, width=5, align_corners=False)",
    "mx.nd.contrib.BilinearResize2D(mx.nd.array(IMG), scale_height=2, scale_width=1.5)",
    "mx.nd.contrib.BilinearResize2D(mx.nd.array(IMG), mx.nd.zeros((1, 1, 6, 3)), mode='like')",
    "mx.nd.contrib.ROIAlign(mx.nd.array(IMG), mx.nd.array(ROIS), pooled_size=(2, 2), spatial_scale=1.0)",
    "mx.nd.contrib.ROIAlign(mx.nd.array(IMG), mx.nd.array(ROIS), pooled_size=(3, 2), spatial_scale=0.5, sample_ratio=2)",
    "mx.nd.contrib.ROIAlign(mx.nd.array(IMG), mx.nd.array(ROIS), pooled_size=(2, 2), spatial_scale=1.0, aligned=True)",
    "mx.nd.contrib.interleaved_matmul_selfatt_qk(mx.nd.array(QKV), heads=2)",
    "mx.nd.contrib.interleaved_matmul_selfatt_valatt(mx.nd.array(QKV), mx.nd.array(ATT), heads=2)",
    "mx.nd.contrib.interleaved_matmul_encdec_qk(mx.nd.array(Q), mx.nd.array(KV), heads=2)",
    "mx.nd.contrib.interleaved_matmul_encdec_valatt(mx.nd.array(KV), mx.nd.array(ATT2), heads=2)",
    "mx.nd.contrib.SyncBatchNorm(mx.nd.array(IMG), mx.nd.ones(3), mx.nd.zeros(3), mx.nd.zeros(3), mx.nd.ones(3), key='bn0')",
    "mx.nd.contrib.BatchNormWithReLU(mx.nd.array(IMG), mx.nd.ones(3), mx.nd.zeros(3), mx.nd.zeros(3), mx.nd.ones(3))",
    "[x.shape for x in mx.nd.contrib.rand_zipfian(mx.nd.array([3, 1]), 4, 5)]",
    "[x.dtype for x in mx.nd.contrib.rand_zipfian(mx.nd.array([3, 1]), 4, 5)]",
    "mx.nd.contrib.rand_zipfian(mx.nd.array([3, 1]), 4, 5)[1]",
    "mx.nd.contrib.foreach(lambda x, s: (x * 2 + s, s + x), mx.nd.array(M34), mx.nd.zeros(4))",
    "mx.nd.contrib.foreach(lambda x, s: ([x, x + s[0]], [s[0] + x, s[1] * 2]), mx.nd.array(M34), [mx.nd.zeros(4), mx.nd.ones(1)])",
    "mx.nd.contrib.foreach(lambda xs, s: (xs[0] * xs[1], s), [mx.nd.array(M34), mx.nd.array(M34)], mx.nd.zeros(1))",
    "out = mx.nd.contrib.while_loop(lambda i, s: i < 3, lambda i, s: (s * 2, [i + 1, s + i]), [mx.nd.array([0]), mx.nd.array([1])], max_iterations=3)",
    "out = mx.nd.contrib.while_loop(lambda i: i < 10, lambda i: ([i * 2], [i + 1]), [mx.nd.array([0])], max_iterations=4)",
    "out = mx.nd.contrib.while_loop(lambda i: i < 2, lambda i: (i, i + 1), mx.nd.array([0]), max_iterations=2)",
    "mx.nd.contrib.cond(mx.nd.array([1]), lambda: mx.nd.ones(2), lambda: mx.nd.zeros(2))",
    "mx.nd.contrib.cond(mx.nd.array([0]) > 1, lambda: mx.nd.ones(2), lambda: mx.nd.zeros(2))",
]


@pytest.mark.parametrize("code", CONTRIB)
def test_contrib(code):
    check_code(code, atol=1e-4, rtol=1e-4, A=A, M34=M34, V=V, IMG=IMG, ROIS=ROIS, QKV=QKV, Q=Q, KV=KV, ATT=ATT,
               ATT2=ATT2)


def test_contrib_while_loop_executed_steps(mx):
    outs, final = mx.nd.contrib.while_loop(lambda i: i < 2, lambda i: (i * 10, i + 1), mx.nd.array([0]),
                                           max_iterations=5)
    assert outs.shape == (5, 1) and outs.asnumpy()[:2].ravel().tolist() == [0, 10]
    assert final.asnumpy().tolist() == [2]


def test_contrib_fft_ifft():
    import torch2gluon as t2g
    x = rng.randn(2, 8).astype(np.float32)
    f = t2g.nd.contrib.fft(t2g.nd.array(x)).asnumpy()
    ref = np.fft.fft(x, axis=-1)
    np.testing.assert_allclose(f[:, 0::2], ref.real, atol=1e-4)
    np.testing.assert_allclose(f[:, 1::2], ref.imag, atol=1e-4)
    back = t2g.nd.contrib.ifft(t2g.nd.array(f)).asnumpy()
    np.testing.assert_allclose(back, x * 8, atol=1e-3)   # MXNet's ifft is unnormalised


GRADS3 = [
    (lambda mx, x: mx.nd.contrib.gradientmultiplier(x, scalar=3.0) * x, [A]),
    (lambda mx, x: mx.nd.contrib.round_ste(x * 3), [A]),
    (lambda mx, x: mx.nd.contrib.sign_ste(x) * x, [A]),
    (lambda mx, x: mx.nd.contrib.quadratic(x, a=1.5, b=-1, c=2), [A]),
    (lambda mx, x: mx.nd.contrib.div_sqrt_dim(x), [M34]),
    (lambda mx, x: mx.nd.contrib.boolean_mask(x, mx.nd.array([1, 0, 1])), [M34]),
    (lambda mx, x, y: mx.nd.contrib.index_copy(x, mx.nd.array([2, 0]), y), [M34, M34[:2]]),
    (lambda mx, x: mx.nd.contrib.AdaptiveAvgPooling2D(x, output_size=3), [IMG]),
    (lambda mx, x: mx.nd.contrib.BilinearResize2D(x, height=3, width=7), [IMG]),
    (lambda mx, x: mx.nd.contrib.ROIAlign(x, mx.nd.array(ROIS), pooled_size=(2, 2), spatial_scale=1.0), [IMG]),
    (lambda mx, x: mx.nd.contrib.interleaved_matmul_selfatt_qk(x, heads=2), [QKV]),
    (lambda mx, x, a: mx.nd.contrib.interleaved_matmul_selfatt_valatt(x, a, heads=2), [QKV, ATT]),
    (lambda mx, x: mx.nd.contrib.box_iou(x, mx.nd.array([[1, 1, 3, 3], [0, 0, 2, 2]])), [[[0, 0, 2, 2.5]]]),
]


@pytest.mark.parametrize("i", range(len(GRADS3)))
def test_grads_contrib(i):
    fn, inputs = GRADS3[i]
    check_grad(fn, *inputs, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("code", [
    "mx.nd.array(np.arange(32).reshape(1, 8, 2, 2)).depth_to_space(2)",
    "mx.nd.array(np.arange(32).reshape(1, 2, 4, 4)).space_to_depth(block_size=2)",
    "mx.nd.array(M34).diag(k=1)",
    "mx.nd.array(M34).split_v2(2, axis=1)",
    "mx.nd.array(D).slice_like(mx.nd.zeros((1, 2, 2)), axes=(0, 1))",
    "mx.nd.array(D).slice(begin=(0, 1), end=(2, 3))",
    "mx.nd.array(D).size_array()",
    "mx.nd.array(A).softmin(axis=0)",
])
def test_methods(code):
    check_code(code, M34=M34, D=D, A=A)


NMS = np.array([[[0, 0.5, 0.1, 0.1, 0.2, 0.2], [1, 0.4, 0.1, 0.1, 0.2, 0.2], [0, 0.3, 0.1, 0.1, 0.14, 0.14],
                 [2, 0.6, 0.5, 0.5, 0.7, 0.8], [1, 0.05, 0.0, 0.0, 0.3, 0.3], [0, 0.45, 0.12, 0.1, 0.21, 0.2]]],
               dtype=np.float32)
SCORES = rng.rand(2, 3, 4).astype(np.float32)
ANCH = np.array([[[0.1, 0.1, 0.3, 0.4], [0.5, 0.5, 0.9, 0.7], [0.0, 0.2, 0.4, 0.6]]], dtype=np.float32)
REFS = np.array([[[0.15, 0.1, 0.35, 0.45], [0.4, 0.45, 0.95, 0.8]]], dtype=np.float32)
DETECTION = [
    "mx.nd.contrib.box_nms(mx.nd.array(NMS), overlap_thresh=0.1, id_index=0, force_suppress=True)",
    "mx.nd.contrib.box_nms(mx.nd.array(NMS), overlap_thresh=0.1, id_index=0)",
    "mx.nd.contrib.box_nms(mx.nd.array(NMS), overlap_thresh=0.5, valid_thresh=0.1, topk=3)",
    "mx.nd.contrib.box_nms(mx.nd.array(NMS), overlap_thresh=0.3, id_index=0, background_id=1)",
    "mx.nd.contrib.box_nms(mx.nd.array(NMS), overlap_thresh=0.3, out_format='center')",
    "mx.nd.contrib.box_nms(mx.nd.array(NMS[:, :, 1:]), coord_start=1, score_index=0, in_format='center')",
    "mx.nd.contrib.box_nms(mx.nd.array(np.concatenate([NMS, NMS[:, ::-1]])), overlap_thresh=0.2)",
    "mx.nd.contrib.box_non_maximum_suppression(mx.nd.array(NMS[0]), overlap_thresh=0.2)",
    "mx.nd.contrib.bipartite_matching(mx.nd.array([[0.5, 0.6], [0.1, 0.2], [0.3, 0.4]]), threshold=1e-12)",
    "mx.nd.contrib.bipartite_matching(mx.nd.array(SCORES), threshold=0.3)",
    "mx.nd.contrib.bipartite_matching(mx.nd.array(SCORES), threshold=0.6, is_ascend=True)",
    "mx.nd.contrib.bipartite_matching(mx.nd.array(SCORES), threshold=0.1, topk=2)",
    "mx.nd.contrib.box_encode(mx.nd.array([[1, -1, 1]]), mx.nd.array([[0, 1, 1]]), mx.nd.array(ANCH), mx.nd.array(REFS), mx.nd.array([0, 0, 0, 0]), mx.nd.array([0.1, 0.1, 0.2, 0.2]))",
    "mx.nd.contrib.box_decode(mx.nd.array(SCORES[:1, :, :4] - 0.5), mx.nd.array(ANCH), format='corner')",
    "mx.nd.contrib.box_decode(mx.nd.array(SCORES[:, :, :4] - 0.5), mx.nd.array(ANCH), std0=0.1, std1=0.1, std2=0.2, std3=0.2, clip=0.05)",
    "mx.nd.contrib.box_decode(mx.nd.array(SCORES[:1, :, :4] - 0.5), mx.nd.array(ANCH))",
    "mx.nd.contrib.MultiBoxPrior(mx.nd.zeros((1, 3, 2, 3)), sizes=(0.5, 0.25), ratios=(1, 2, 0.5))",
    "mx.nd.contrib.MultiBoxPrior(mx.nd.zeros((1, 3, 4, 4)), sizes=(0.9,), clip=True, steps=(0.3, 0.2), offsets=(0.2, 0.7))",
]


@pytest.mark.parametrize("code", DETECTION)
def test_detection(code):
    check_code(code, atol=1e-5, rtol=1e-4, NMS=NMS, SCORES=SCORES, ANCH=ANCH, REFS=REFS)


def test_box_nms_grad():
    check_grad(lambda mx, x: mx.nd.contrib.box_nms(x, overlap_thresh=0.1, id_index=0, force_suppress=True),
               NMS, out_grad=np.arange(36, dtype=np.float32).reshape(1, 6, 6))


OFF = (rng.rand(2, 18, 4, 4).astype(np.float32) - 0.5) * 2
MASK = rng.rand(2, 9, 4, 4).astype(np.float32)
WK = rng.randn(4, 3, 3, 3).astype(np.float32)
DEFORM = [
    (lambda mx, x, o, w: mx.nd.contrib.DeformableConvolution(x, o, w, kernel=(3, 3), pad=(1, 1), num_filter=4,
                                                             no_bias=True), [IMG, OFF, WK]),
    (lambda mx, x, o, w, b: mx.nd.contrib.DeformableConvolution(x, o, w, b, kernel=(3, 3), pad=(1, 1),
                                                                num_filter=4), [IMG, OFF, WK, np.arange(4.0)]),
    (lambda mx, x, o, w: mx.nd.contrib.DeformableConvolution(x, o, w, kernel=(3, 3), pad=(1, 1), num_filter=4,
                                                             no_bias=True, num_deformable_group=2),
     [np.concatenate([IMG, IMG[:, :1]], 1), np.concatenate([OFF, OFF[:, ::-1]], 1), WK[:, :2].repeat(2, 1)]),
    (lambda mx, x, o, w: mx.nd.contrib.DeformableConvolution(x, o, w, kernel=(3, 3), pad=(1, 1), num_filter=4,
                                                             no_bias=True, num_group=2),
     [np.concatenate([IMG, IMG[:, :1]], 1), OFF * 3, WK[:, :2]]),
    (lambda mx, x, o, w: mx.nd.contrib.DeformableConvolution(x, o, w, kernel=(3, 3), stride=(2, 2), pad=(2, 2),
                                                             dilate=(2, 2), num_filter=4, no_bias=True),
     [IMG, OFF[:, :, :2, :2], WK]),
]


@pytest.mark.parametrize("i", range(len(DEFORM)))
def test_deformable_convolution(i):
    fn, inputs = DEFORM[i]
    check_grad(fn, *inputs, atol=1e-4, rtol=1e-3)


def test_modulated_deformable_convolution():
    """MXNet 1.9.1 runs ModulatedDeformableConvolution on GPU only: check it by hand. Zero offsets with a
    mask of ones is a plain convolution; the mask scales each tap's contribution."""
    import torch2gluon as t2g
    args = dict(kernel=(3, 3), pad=(1, 1), num_filter=4, no_bias=True)
    x, w = t2g.nd.array(IMG), t2g.nd.array(WK)
    zero = t2g.nd.zeros((2, 18, 4, 4))
    conv = t2g.nd.Convolution(x, w, kernel=(3, 3), pad=(1, 1), num_filter=4, no_bias=True).asnumpy()
    m1 = t2g.nd.contrib.ModulatedDeformableConvolution(x, zero, t2g.nd.ones((2, 9, 4, 4)), w, **args).asnumpy()
    np.testing.assert_allclose(m1, conv, rtol=1e-4, atol=1e-5)
    half = t2g.nd.contrib.ModulatedDeformableConvolution(x, zero, t2g.nd.ones((2, 9, 4, 4)) * 0.5, w, **args)
    np.testing.assert_allclose(half.asnumpy(), conv * 0.5, rtol=1e-4, atol=1e-5)
    m0 = t2g.nd.contrib.ModulatedDeformableConvolution(x, t2g.nd.array(OFF), t2g.nd.zeros((2, 9, 4, 4)), w, **args)
    assert float(m0.abs().sum().asscalar()) == 0.0


LEGACY = [
    (lambda mx, x, w: mx.nd.Convolution_v1(x, w, kernel=(3, 3), pad=(1, 1), num_filter=4, no_bias=True), [IMG, WK]),
    (lambda mx, x, w, b: mx.nd.Convolution_v1(x, w, b, kernel=(3, 3), stride=(2, 2), num_filter=4), [IMG, WK, [1, 2, 3, 4.]]),
    (lambda mx, x: mx.nd.Pooling_v1(x, kernel=(2, 2), pool_type='avg', stride=(2, 2)), [IMG]),
    (lambda mx, x: mx.nd.Pooling_v1(x, kernel=(3, 3), pooling_convention='full', stride=(2, 2)), [IMG]),
    (lambda mx, x: mx.nd.Pooling_v1(x, kernel=(1, 1), global_pool=True, pool_type='sum'), [IMG]),
]


@pytest.mark.parametrize("i", range(len(LEGACY)))
def test_legacy_v1(i):
    fn, inputs = LEGACY[i]
    check_grad(fn, *inputs, atol=1e-4, rtol=1e-4)


def _ssd_inputs(mx, seed):
    r = np.random.RandomState(seed)
    anchor = mx.nd.contrib.MultiBoxPrior(mx.nd.zeros((1, 3, 2, 3)), sizes=(0.4, 0.3), ratios=(1, 2))
    n = anchor.shape[1]
    cls = r.rand(2, 4, n)
    cls = cls / cls.sum(1, keepdims=True)
    return mx.nd.array(cls), mx.nd.array((r.rand(2, n * 4) - 0.5) * 0.4), anchor


@pytest.mark.parametrize("kw", [dict(), dict(nms_threshold=0.3, threshold=0.3), dict(force_suppress=True, threshold=0.2),
                                dict(clip=False, variances=(0.2, 0.2, 0.1, 0.1), nms_threshold=0.1),
                                dict(threshold=0.45)])
def test_multibox_detection(kw):
    check(lambda mx: mx.nd.contrib.MultiBoxDetection(*_ssd_inputs(mx, 3), **kw), atol=1e-5, rtol=1e-4)


def test_multibox_detection_topk_ids():
    check(lambda mx: mx.nd.contrib.MultiBoxDetection(*_ssd_inputs(mx, 4), nms_topk=3, threshold=0.2)[:, :, 0])


MBT_LABEL = np.array([[[1, 0.1, 0.1, 0.5, 0.5], [0, 0.5, 0.4, 0.9, 0.95], [-1, -1, -1, -1, -1]],
                      [[2, 0.2, 0.2, 0.6, 0.7], [-1, -1, -1, -1, -1], [-1, -1, -1, -1, -1]]], dtype=np.float32)


@pytest.mark.parametrize("kw", [dict(), dict(overlap_threshold=0.2), dict(negative_mining_ratio=1.0, overlap_threshold=0.3),
                                dict(negative_mining_ratio=2.0, minimum_negative_samples=3, ignore_label=-2,
                                     variances=(0.2, 0.2, 0.5, 0.5)),
                                dict(negative_mining_ratio=3.0, negative_mining_thresh=0.2)])
@pytest.mark.parametrize("no_gt", [False, True])
def test_multibox_target(kw, no_gt):
    def run(mx):
        anchor = mx.nd.contrib.MultiBoxPrior(mx.nd.zeros((1, 3, 3, 3)), sizes=(0.5, 0.3), ratios=(1, 2))
        cls = mx.nd.array(np.random.RandomState(0).rand(2, 4, anchor.shape[1]))
        lab = MBT_LABEL.copy()
        if no_gt:
            lab[1, 0] = -1
        return mx.nd.contrib.MultiBoxTarget(anchor, mx.nd.array(lab), cls, **kw)
    check(run, atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize("code", [
    "mx.nd.reshape_like(mx.nd.array(D), mx.nd.zeros((4, 6)))",
    "mx.nd.reshape_like(mx.nd.array(D), mx.nd.zeros((6, 7)))",
    "mx.nd.reshape_like(mx.nd.array(D), mx.nd.zeros((6, 1, 5)), lhs_begin=0, lhs_end=2, rhs_begin=0, rhs_end=2)",
    "mx.nd.reshape_like(mx.nd.array(D), mx.nd.zeros((1, 12)), lhs_begin=1, rhs_begin=1)",
    "mx.nd.reshape_like(mx.nd.array(D), mx.nd.zeros((3, 2, 2)), lhs_begin=-1, rhs_begin=1)",
    "mx.nd.reshape_like(mx.nd.array(D), mx.nd.zeros((5, 5)), lhs_begin=1, rhs_begin=1)",
])
def test_reshape_like_ranges(code):
    check_code(code, D=D)


# ---------------------------------------------------------------- property tests (hypothesis) vs the oracle
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

PROP = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
shapes = st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple)


@PROP
@given(shapes, st.sampled_from(["broadcast_logical_and", "broadcast_logical_or", "broadcast_logical_xor",
                                "broadcast_hypot"]), st.sampled_from(["float32", "int32"]), st.integers(0, 2 ** 31 - 1))
def test_prop_logical_hypot(shape, op, dtype, seed):
    rs = np.random.RandomState(seed)
    a = rs.randint(-2, 3, size=shape).astype(dtype)
    b = rs.randint(-2, 3, size=shape[-1:]).astype(dtype)
    check(lambda mx: getattr(mx.nd, op)(mx.nd.array(a, dtype=dtype), mx.nd.array(b, dtype=dtype)))


@PROP
@given(shapes, st.integers(0, 2 ** 31 - 1), st.booleans())
def test_prop_cumsum_moments(shape, seed, keep):
    rs = np.random.RandomState(seed)
    x = rs.randn(*shape).astype(np.float32)
    ax = int(rs.randint(0, len(shape)))
    check(lambda mx: mx.nd.cumsum(mx.nd.array(x), axis=ax), atol=1e-5)
    check(lambda mx: mx.nd.moments(mx.nd.array(x), axes=(ax,), keepdims=keep), atol=1e-5)


@PROP
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 2), st.integers(0, 2 ** 31 - 1))
def test_prop_depth_space_roundtrip(n, c, hw, b, seed):
    x = np.random.RandomState(seed).randn(n, c * b * b, hw, hw).astype(np.float32)
    check(lambda mx: mx.nd.depth_to_space(mx.nd.array(x), b))
    check(lambda mx: mx.nd.space_to_depth(mx.nd.depth_to_space(mx.nd.array(x), b), b))


@PROP
@given(st.integers(1, 4), st.integers(1, 3), st.integers(-2, 2), st.integers(0, 2 ** 31 - 1))
def test_prop_linalg(n, batch, k, seed):
    rs = np.random.RandomState(seed)
    m = rs.randn(batch, n, n).astype(np.float32)
    spd = m @ m.transpose(0, 2, 1) + n * np.eye(n, dtype=np.float32)
    check(lambda mx: mx.nd.linalg.potrf(mx.nd.array(spd)), atol=1e-4, rtol=1e-4)
    check(lambda mx: mx.nd.linalg.syrk(mx.nd.array(m), alpha=0.5), atol=1e-4, rtol=1e-4)
    check(lambda mx: mx.nd.linalg.makediag(mx.nd.array(m[:, 0]), offset=k))
    check(lambda mx: mx.nd.linalg.maketrian(mx.nd.linalg.extracttrian(mx.nd.array(m), offset=k), offset=k))


@PROP
@given(shapes, st.integers(0, 2 ** 31 - 1))
def test_prop_gather_scatter(shape, seed):
    rs = np.random.RandomState(seed)
    x = rs.randn(*shape).astype(np.float32)
    m = int(rs.randint(1, len(shape) + 1))
    idx = np.stack([rs.randint(0, shape[i], size=3) for i in range(m)]).astype(np.float32)
    check(lambda mx: mx.nd.gather_nd(mx.nd.array(x), mx.nd.array(idx)))
    uniq = np.unique(idx.T, axis=0).T
    vals = rs.randn(uniq.shape[1], *shape[m:]).astype(np.float32)
    check(lambda mx: mx.nd.scatter_nd(mx.nd.array(vals), mx.nd.array(uniq), shape=shape))


F1 = rng.randn(2, 3, 6, 7).astype(np.float32)
F2 = rng.randn(2, 3, 6, 7).astype(np.float32)
CORR = [dict(), dict(max_displacement=2, pad_size=2), dict(kernel_size=3, max_displacement=2, stride2=2, pad_size=3),
        dict(kernel_size=3, max_displacement=1, stride1=2, pad_size=1, is_multiply=False),
        dict(max_displacement=3, stride1=2, stride2=3, pad_size=1)]


@pytest.mark.parametrize("kw", CORR)
def test_correlation(kw):
    check_grad(lambda mx, a, b: mx.nd.Correlation(a, b, **kw), F1, F2, atol=1e-4, rtol=1e-4)
