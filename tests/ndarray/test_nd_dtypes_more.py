"""dtype behaviour of the added operators vs MXNet 1.9.1: float-only operators refuse integer (and, where
MXNet does, float16/float64) inputs with MXNetError; the others keep MXNet's output dtype."""
import numpy as np
import pytest

from tests.oracle import check

A = np.random.RandomState(0).rand(3, 3) + np.eye(3) * 3
IMG = np.random.RandomState(1).rand(1, 4, 4, 4)
CODES = [
 "mx.nd.khatri_rao(mx.nd.array(A, dtype=dt), mx.nd.array(A, dtype=dt))",
 "mx.nd.linalg.potrf(mx.nd.array(A @ A.T, dtype=dt))",
 "mx.nd.linalg.gemm2(mx.nd.array(A, dtype=dt), mx.nd.array(A, dtype=dt))",
 "mx.nd.linalg.det(mx.nd.array(A, dtype=dt))",
 "mx.nd.linalg.syevd(mx.nd.array(A + A.T, dtype=dt))",
 "mx.nd.diag(mx.nd.array(A, dtype=dt))",
 "mx.nd.cumsum(mx.nd.array(A, dtype=dt), axis=0)",
 "mx.nd.smooth_l1(mx.nd.array(A, dtype=dt), scalar=2)",
 "mx.nd.hard_sigmoid(mx.nd.array(A, dtype=dt))",
 "mx.nd.moments(mx.nd.array(A, dtype=dt), axes=(0,))",
 "mx.nd.UpSampling(mx.nd.array(IMG, dtype=dt), scale=2, sample_type='nearest')",
 "mx.nd.ROIPooling(mx.nd.array(IMG, dtype=dt), mx.nd.array([[0,0,0,2,2]], dtype=dt), pooled_size=(2,2), spatial_scale=1.0)",
 "mx.nd.SoftmaxOutput(mx.nd.array(A, dtype=dt), mx.nd.array([0,1,2], dtype=dt))",
 "mx.nd.L2Normalization(mx.nd.array(IMG, dtype=dt))",
 "mx.nd.LRN(mx.nd.array(IMG, dtype=dt), nsize=3)",
 "mx.nd.gather_nd(mx.nd.array(A, dtype=dt), mx.nd.array([[0,1]], dtype=dt))",
 "mx.nd.scatter_nd(mx.nd.array([1,2], dtype=dt), mx.nd.array([[0,1]], dtype=dt), shape=(3,))",
 "mx.nd.depth_to_space(mx.nd.array(IMG, dtype=dt), 2)",
 "mx.nd.batch_take(mx.nd.array(A, dtype=dt), mx.nd.array([0,1,2], dtype='int32'))",
 "mx.nd.broadcast_hypot(mx.nd.array(A, dtype=dt), mx.nd.array(A, dtype=dt))",
 "mx.nd.logical_and(mx.nd.array(A, dtype=dt), mx.nd.array(A, dtype=dt))",
 "mx.nd.GridGenerator(mx.nd.array([[1,0,0,0,1,0]], dtype=dt), transform_type='affine', target_shape=(2,2))",
 "mx.nd.BilinearSampler(mx.nd.array(IMG, dtype=dt), mx.nd.zeros((1,2,2,2), dtype=dt))",
 "mx.nd.contrib.box_iou(mx.nd.array([[0,0,1,1]], dtype=dt), mx.nd.array([[0,0,1,1]], dtype=dt))",
 "mx.nd.contrib.box_nms(mx.nd.array([[0,0.5,0,0,1,1]], dtype=dt))",
 "mx.nd.contrib.index_array(mx.nd.array(A, dtype=dt))",
 "mx.nd.contrib.arange_like(mx.nd.array(A, dtype=dt))",
 "mx.nd.contrib.boolean_mask(mx.nd.array(A, dtype=dt), mx.nd.array([1,0,1], dtype=dt))",
 "mx.nd.contrib.AdaptiveAvgPooling2D(mx.nd.array(IMG, dtype=dt), output_size=2)",
 "mx.nd.contrib.BilinearResize2D(mx.nd.array(IMG, dtype=dt), height=2, width=3)",
 "mx.nd.contrib.ROIAlign(mx.nd.array(IMG, dtype=dt), mx.nd.array([[0,0,0,2,2]], dtype=dt), pooled_size=(2,2), spatial_scale=1.0)",
 "mx.nd.sgd_update(mx.nd.array(A, dtype=dt), mx.nd.array(A, dtype=dt), lr=0.1)",
 "mx.nd.adam_update(mx.nd.array(A, dtype=dt), mx.nd.array(A, dtype=dt), mx.nd.zeros((3,3), dtype=dt), mx.nd.zeros((3,3), dtype=dt), lr=0.1)",
 "mx.nd.ravel_multi_index(mx.nd.array([[1],[2]], dtype=dt), shape=(3,4))",
 "mx.nd.histogram(mx.nd.array(A, dtype=dt), bins=mx.nd.array([0,1,5], dtype=dt))",
 "mx.nd.Correlation(mx.nd.array(IMG, dtype=dt), mx.nd.array(IMG, dtype=dt))",
 "mx.nd.im2col(mx.nd.array(IMG, dtype=dt), kernel=(2,2))",
 "mx.nd.softmax_cross_entropy(mx.nd.array(A, dtype=dt), mx.nd.array([0,1,2], dtype=dt))",
 "mx.nd.random_pdf_normal(mx.nd.array(A, dtype=dt), mx.nd.zeros(3, dtype=dt), mx.nd.ones(3, dtype=dt))",
 "mx.nd.contrib.MultiBoxPrior(mx.nd.zeros((1,1,2,2), dtype=dt))",
 "mx.nd.contrib.quadratic(mx.nd.array(A, dtype=dt), a=1)",
 "mx.nd.contrib.div_sqrt_dim(mx.nd.array(A, dtype=dt))",
]


@pytest.mark.parametrize("dt", ["float64", "float16", "int32", "uint8"])
@pytest.mark.parametrize("code", CODES)
def test_dtypes(code, dt):
    tol = 1e-2 if dt == "float16" else 1e-5
    check(lambda mx: eval(code, {"mx": mx, "np": np, "A": A, "IMG": IMG, "dt": dt}), atol=tol, rtol=tol)  # noqa: S307
