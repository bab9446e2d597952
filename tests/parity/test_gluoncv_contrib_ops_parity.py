"""Oracle tests: the mx.nd.contrib detection/segmentation operators gluon-cv uses, incl. their gradients."""
import numpy as np
import pytest

from tests.oracle import check

R = np.random.RandomState(7)
IMG = R.randn(2, 3, 7, 10).astype("float32")
HEAD = np.cos(np.arange(2 * 3 * 9 * 14) * 0.37).astype("float32")


def _grad_of(mx, fn, *arrays):
    """Output of fn and the gradients of a cosine-weighted sum of it w.r.t. `arrays`."""
    xs = [mx.nd.array(a) for a in arrays]
    for x in xs:
        x.attach_grad()
    with mx.autograd.record():
        out = fn(mx, *xs)
        w = mx.nd.array(np.cos(np.arange(out.size) * 0.37).reshape(out.shape))
        (out * w).sum().backward()
    return [out] + [x.grad for x in xs]


@pytest.mark.parametrize("size", [(1, 1), (1, 4), (3, 1), (5, 12)])
@pytest.mark.parametrize("align", [True, False])
def test_bilinear_resize_size_one_reads_first_row(size, align):
    h, w = size
    check(lambda mx: _grad_of(mx, lambda m, x: m.nd.contrib.BilinearResize2D(
        x, height=h, width=w, align_corners=align), IMG))


@pytest.mark.parametrize("fmt", [("center", "corner"), ("corner", "center"), ("center", "center")])
@pytest.mark.parametrize("force", [True, False])
def test_box_nms_gradient_copies_rows(fmt, force):
    d = np.zeros((2, 10, 6), "float32")
    d[..., 0] = R.randint(-1, 3, (2, 10))
    d[..., 1] = R.uniform(0, 1, (2, 10)).round(2)
    xy = R.uniform(0, 10, (2, 10, 4))
    d[..., 2:4] = np.minimum(xy[..., :2], xy[..., 2:])
    d[..., 4:6] = np.maximum(xy[..., :2], xy[..., 2:]) + 0.5
    kw = dict(overlap_thresh=0.3, topk=6, coord_start=2, score_index=1, id_index=0, force_suppress=force,
              in_format=fmt[0], out_format=fmt[1])
    check(lambda mx: _grad_of(mx, lambda m, x: m.nd.contrib.box_nms(x, **kw), d))


@pytest.mark.parametrize("fmt", ["corner", "center"])
@pytest.mark.parametrize("clip", [-1.0, 0.5])
def test_box_decode_gradient_is_zero(fmt, clip):
    d = R.randn(2, 6, 4).astype("float32")
    an = R.uniform(0, 1, (1, 6, 4)).astype("float32")
    an[..., 2:] += an[..., :2]
    check(lambda mx: _grad_of(mx, lambda m, x, a: m.nd.contrib.box_decode(
        x, a, 0.1, 0.1, 0.2, 0.2, clip=clip, format=fmt), d, an), rtol=1e-5, atol=1e-5)


def test_box_encode_gradient_is_zero():
    smp = R.choice([-1., 0., 1.], (2, 6)).astype("float32")
    mt = R.randint(0, 4, (2, 6)).astype("float32")
    an = R.uniform(0, 1, (2, 6, 4)).astype("float32")
    an[..., 2:] += an[..., :2]
    refs = R.uniform(0, 1, (2, 4, 4)).astype("float32")
    refs[..., 2:] += refs[..., :2]

    def fn(mx):
        xs = [mx.nd.array(a) for a in (smp, mt, an, refs, [0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.2, 0.2])]
        for x in xs:
            x.attach_grad()
        with mx.autograd.record():
            t, m = mx.nd.contrib.box_encode(*xs)
            (t * mx.nd.arange(48).reshape((2, 6, 4)) + m).sum().backward()
        return [t, m] + [x.grad for x in xs]
    check(fn, rtol=1e-5, atol=1e-5)


def test_rroialign_backward_raises():
    feat = R.randn(1, 2, 8, 8).astype("float32")
    rois = np.array([[0, 4, 4, 4, 3, 30]], "float32")

    def fn(mx):
        x = mx.nd.array(feat)
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.contrib.RROIAlign(x, mx.nd.array(rois), pooled_size=(2, 2), spatial_scale=1.0)
        y.backward()
        return x.grad
    check(fn)


@pytest.mark.parametrize("op", ["Proposal", "MultiProposal"])
@pytest.mark.parametrize("output_score", [True, False])
@pytest.mark.parametrize("min_size", [0, 16])
def test_proposal_iou_loss(op, output_score, min_size):
    cls = R.uniform(0, 1, (2, 6, 5, 6)).astype("float32")
    bp = (R.randn(2, 12, 5, 6) * 8).astype("float32")
    info = np.array([[80, 96, 1], [70, 90, 1.5]], "float32")
    n = 2 if op == "MultiProposal" else 1
    kw = dict(rpn_pre_nms_top_n=40, rpn_post_nms_top_n=12, threshold=0.7, rpn_min_size=min_size,
              scales=(8.,), ratios=(0.5, 1, 2), feature_stride=16, output_score=output_score, iou_loss=True)
    check(lambda mx: getattr(mx.nd.contrib, op)(mx.nd.array(cls[:n]), mx.nd.array(bp[:n]),
                                                mx.nd.array(info[:n]), **kw))


FEAT = R.randn(2, 18, 10, 10).astype("float32")
ROIS = np.array([[0, 1, 1, 30, 35], [-1, 2, 2, 20, 20], [1, 3, 3, 14, 24], [-1, -1, -1, -1, -1]], "float32")
KEEP = [0, 2]


def _roi_grad(mx, op, rois, **kw):
    x = mx.nd.array(FEAT)
    x.attach_grad()
    with mx.autograd.record():
        y = op(mx)(x, mx.nd.array(rois), **kw)
    w = mx.nd.array(np.cos(np.arange(y.size) * 0.37).reshape(y.shape))
    y.backward(w)
    return y.asnumpy(), x.grad.asnumpy()


def test_roipooling_negative_batch_index_gives_zeros():
    check(lambda mx: mx.nd.ROIPooling(mx.nd.array(FEAT), mx.nd.array(ROIS), (3, 3), 0.5))


@pytest.mark.parametrize("aligned", [True, False])
def test_roialign_negative_batch_index_skips_region(aligned):
    """gluon-cv's FPN masks the rois of other levels with batch index -1: they pool to zeros and take no
    gradient (MXNet's CPU kernel reads out of bounds there, so the oracle sees only the valid rois)."""
    import mxnet
    import torch2gluon
    op = lambda m: lambda x, r, **k: m.nd.contrib.ROIAlign(x, r, (3, 3), 0.5, sample_ratio=2, aligned=aligned)
    y, g = _roi_grad(torch2gluon, op, ROIS)
    assert not y[[1, 3]].any()
    x = mxnet.nd.array(FEAT)
    x.attach_grad()
    with mxnet.autograd.record():
        ry = op(mxnet)(x, mxnet.nd.array(ROIS[KEEP]))
    ry.backward(mxnet.nd.array(np.cos(np.arange(y.size) * 0.37).reshape(y.shape)[KEEP]))
    np.testing.assert_allclose(y[KEEP], ry.asnumpy(), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(g, x.grad.asnumpy(), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["PSROIPooling", "DeformablePSROIPooling", "RROIAlign", "ROIAlign"])
def test_roi_ops_negative_batch_index_zeros_and_out_of_range_raises(name):
    import torch2gluon as mx
    from torch2gluon.base import MXNetError
    x = mx.nd.array(FEAT)
    rois = ROIS if name != "RROIAlign" else np.array([[0, 5, 5, 4, 4, 10], [-1, 5, 5, 4, 4, 10]], "float32")
    kw = {"PSROIPooling": dict(spatial_scale=0.5, output_dim=2, pooled_size=3),
          "DeformablePSROIPooling": dict(spatial_scale=0.5, output_dim=2, group_size=3, pooled_size=3,
                                         no_trans=True),
          "RROIAlign": dict(pooled_size=(3, 3), spatial_scale=0.5),
          "ROIAlign": dict(pooled_size=(3, 3), spatial_scale=0.5, position_sensitive=True)}[name]
    op = getattr(mx.nd.contrib, name)
    y = op(x, mx.nd.array(rois), **kw).asnumpy()
    assert not y[1].any() and y[0].any()
    bad = rois.copy()
    bad[0, 0] = 2
    with pytest.raises(MXNetError):
        op(x, mx.nd.array(bad), **kw).asnumpy()
