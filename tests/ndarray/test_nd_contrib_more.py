"""More nd.contrib operators vs MXNet 1.9.1 (kept apart to keep each test file fast)."""
import numpy as np
import pytest

from tests.oracle import check_grad

rng = np.random.RandomState(0)
PS_IN = rng.randn(2, 8, 7, 7).astype(np.float32)
PS_ROIS = np.array([[0, 0, 0, 4, 4], [1, 1.4, 2.2, 6.6, 5.1], [0, 3, 3, 9, 9], [1, 2, 2, 2, 2]], dtype=np.float32)


@pytest.mark.parametrize("kw", [dict(spatial_scale=1.0, output_dim=2, pooled_size=2),
                                dict(spatial_scale=0.5, output_dim=2, pooled_size=2, group_size=2),
                                dict(spatial_scale=0.7, output_dim=8, pooled_size=3, group_size=1),
                                dict(spatial_scale=1.0, output_dim=2, pooled_size=4, group_size=2)])
def test_psroipooling(kw):
    check_grad(lambda mx, x: mx.nd.contrib.PSROIPooling(x, mx.nd.array(PS_ROIS), **kw), PS_IN,
               atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize("code", [
    "mx.nd.UpSampling(mx.nd.ones((1, 1, 2, 2)))",
    "mx.nd.FullyConnected(mx.nd.ones((2, 2)))",
    "mx.nd.linalg.gemm(mx.nd.ones((2, 2)), mx.nd.ones((2, 2)))",
    "mx.nd.Correlation(mx.nd.ones((1, 1, 4, 4)))",
    "mx.nd.sin()",
    "mx.nd.random.multinomial()",
    "mx.nd.random.randint(0)",
    "mx.nd.split_v2(mx.nd.ones(4))",
])
def test_missing_argument_error_kind(code):
    """Operators raise MXNetError for a missing input/parameter; MXNet's python-level functions TypeError."""
    from tests.oracle import check_code
    check_code(code)


def _rpn(mx, n, seed, a=3, h=4, w=5):
    r = np.random.RandomState(seed)
    cls = r.rand(n, 2 * a, h, w)
    bb = (r.rand(n, 4 * a, h, w) - 0.5) * 0.4
    info = np.array([[64, 80, 1.0], [60, 70, 1.5]][:n])
    return mx.nd.array(cls), mx.nd.array(bb), mx.nd.array(info)


@pytest.mark.parametrize("kw", [
    dict(scales=(2,), ratios=(0.5, 1, 2), rpn_pre_nms_top_n=20, rpn_post_nms_top_n=10, rpn_min_size=4, output_score=True),
    dict(scales=(1, 2, 4), ratios=(1,), rpn_pre_nms_top_n=50, rpn_post_nms_top_n=30, threshold=0.5, rpn_min_size=20,
         output_score=True),
    dict(scales=(8,), ratios=(0.5, 1, 2), feature_stride=8, rpn_post_nms_top_n=5),
])
def test_proposal(kw):
    from tests.oracle import check
    check(lambda mx: mx.nd.contrib.Proposal(*_rpn(mx, 1, 0, a=len(kw["scales"]) * len(kw["ratios"])), **kw),
          atol=1e-3, rtol=1e-4)


def test_multi_proposal():
    from tests.oracle import check
    kw = dict(scales=(2,), ratios=(0.5, 1, 2), rpn_pre_nms_top_n=20, rpn_post_nms_top_n=8, rpn_min_size=4,
              output_score=True)
    check(lambda mx: mx.nd.contrib.MultiProposal(*_rpn(mx, 2, 1), **kw), atol=1e-3, rtol=1e-4)


def test_count_sketch_documented_example():
    """MXNet 1.9.1 runs count_sketch on GPU only: check its documented example and the gradient by hand."""
    import torch2gluon as mx
    x = mx.nd.array([[1.2, 2.5, 3.4], [3.2, 5.7, 6.6]])
    h, s = mx.nd.array([[0, 3, 4]]), mx.nd.array([[1, -1, 1]])
    out = mx.nd.contrib.count_sketch(x, h, s, out_dim=5)
    np.testing.assert_allclose(out.asnumpy(), [[1.2, 0, 0, -2.5, 3.4], [3.2, 0, 0, -5.7, 6.6]], rtol=1e-6)
    x.attach_grad()
    with mx.autograd.record():
        y = mx.nd.contrib.count_sketch(x, mx.nd.array([[1, 1, 0]]), s, out_dim=2)
    y.backward(mx.nd.array([[10.0, 20.0], [30.0, 40.0]]))
    np.testing.assert_allclose(y.asnumpy(), [[3.4, 1.2 - 2.5], [6.6, 3.2 - 5.7]], rtol=1e-6)
    np.testing.assert_allclose(x.grad.asnumpy(), [[20, -20, 10], [40, -40, 30]])
    with pytest.raises(mx.base.MXNetError):
        mx.nd.contrib.count_sketch(x, mx.nd.array([[0, 5, 1]]), s, out_dim=5)


HK_LAGS = np.array([[6, 7, 8, 9], [1, 2, 3, 4], [3, 4, 5, 6], [8, 9, 10, 11]], dtype=np.float32) * 0.3
HK_MARKS = np.array([[0, 1, 2, 0], [1, 1, 0, 2], [2, 0, 0, 1], [0, 0, 0, 0]], dtype=np.int32)


@pytest.mark.parametrize("marks", ["zeros", "mixed"])
def test_hawkesll(marks):
    from tests.oracle import check

    def run(mx):
        lda = mx.nd.array([[1.5, 2.0, 3.0]] * 4)
        m = mx.nd.zeros((4, 4), dtype="int32") if marks == "zeros" else mx.nd.array(HK_MARKS, dtype="int32")
        return mx.nd.contrib.hawkesll(lda, mx.nd.array([0.2, 0.3, 0.4]), mx.nd.array([1.0, 2.0, 3.0]),
                                      mx.nd.array(np.random.RandomState(0).rand(4, 3)), mx.nd.array(HK_LAGS), m,
                                      mx.nd.array([1, 2, 3, 4]), mx.nd.ones((4,)) * 20.0)
    check(run, atol=1e-4, rtol=1e-4)


def test_hawkesll_grad():
    check_grad(lambda mx, lda, al, be: mx.nd.contrib.hawkesll(
        lda, al, be, mx.nd.array(np.random.RandomState(0).rand(4, 3)), mx.nd.array(HK_LAGS),
        mx.nd.array(HK_MARKS, dtype="int32"), mx.nd.array([1, 2, 3, 4]), mx.nd.ones((4,)) * 20.0)[0],
        np.array([[1.5, 2.0, 3.0]] * 4), np.array([0.2, 0.3, 0.4]), np.array([1.0, 2.0, 3.0]), atol=1e-4, rtol=1e-3)


RR_IN = rng.randn(2, 3, 8, 9).astype(np.float32)
RR_ROIS = np.array([[0, 4, 4, 4, 3, 0], [1, 3.5, 4.2, 5, 2.5, 30], [0, 5, 3, 6, 4, -45], [1, 1, 1, 3, 3, 90]],
                   dtype=np.float32)


@pytest.mark.parametrize("kw", [dict(pooled_size=(2, 2), spatial_scale=1.0),
                                dict(pooled_size=(3, 2), spatial_scale=0.5, sampling_ratio=2),
                                dict(pooled_size=(2, 3), spatial_scale=1.0, sampling_ratio=1)])
def test_rroialign(kw):
    from tests.oracle import check
    check(lambda mx: mx.nd.contrib.RROIAlign(mx.nd.array(RR_IN), mx.nd.array(RR_ROIS), **kw), atol=1e-4, rtol=1e-4)


DP_IN = rng.randn(2, 8, 7, 7).astype(np.float32)
DP_ROIS = np.array([[0, 0, 0, 4, 4], [1, 1.4, 2.2, 6.6, 5.1], [0, 3, 3, 9, 9]], dtype=np.float32)
DP_TRANS = (rng.rand(3, 4, 2, 2).astype(np.float32) - 0.5)


def test_deformable_psroipooling_no_trans():
    check_grad(lambda mx, x: mx.nd.contrib.DeformablePSROIPooling(
        x, mx.nd.array(DP_ROIS), spatial_scale=0.8, output_dim=2, group_size=2, pooled_size=2, no_trans=True,
        sample_per_part=2), DP_IN, atol=1e-4, rtol=1e-3)


@pytest.mark.parametrize("kw", [dict(trans_std=0.1, sample_per_part=2), dict(trans_std=0.2, sample_per_part=3),
                                dict(trans_std=0.3, sample_per_part=1, part_size=1)])
def test_deformable_psroipooling(kw):
    def fn(mx, x, t):
        return mx.nd.contrib.DeformablePSROIPooling(x, mx.nd.array(DP_ROIS), t, spatial_scale=0.8, output_dim=2,
                                                    group_size=2, pooled_size=2, **kw)
    check_grad(fn, DP_IN, DP_TRANS, atol=1e-4, rtol=1e-3)
