"""Patterns of d2l-en's later chapters (MXNet tab, numpy mode) against real MXNet 1.9.1: SSD targets and
detections on a realistic anchor count, masked softmax through npx.sequence_mask, attention batch_dot,
positional-encoding slice assignment, and the seq2seq masked loss."""
import time

import numpy as onp

from tests.oracle import check


def _np(mx, fn):
    """Run `fn(np, npx)` in numpy mode and reset it (both libraries)."""
    mx.npx.set_np()
    try:
        return fn(mx.np, mx.npx)
    finally:
        mx.npx.reset_np()


def _ssd_inputs(np, npx):
    rs = onp.random.RandomState(0)
    fmap = np.zeros((2, 8, 40, 40))
    anchors = npx.multibox_prior(fmap, sizes=[0.2, 0.272], ratios=[1, 2, 0.5])  # 6400 anchors
    lab = onp.full((2, 3, 5), -1, dtype="float32")
    for k in range(2):
        for j in range(2 + k):
            x0, y0 = rs.uniform(0, 0.6, 2)
            lab[k, j] = [j % 2, x0, y0, x0 + 0.3, y0 + 0.25]
    cls_pred = np.array(rs.rand(2, 3, anchors.shape[1]).astype("float32"))
    return anchors, np.array(lab), cls_pred


def test_multibox_target_many_anchors():
    def fn(mx):
        def body(np, npx):
            anchors, lab, cls_pred = _ssd_inputs(np, npx)
            return npx.multibox_target(anchors, lab, cls_pred)
        return _np(mx, body)
    check(fn)


def test_multibox_target_negative_mining_many_anchors():
    def fn(mx):
        def body(np, npx):
            anchors, lab, cls_pred = _ssd_inputs(np, npx)
            return npx.multibox_target(anchors, lab, cls_pred, negative_mining_ratio=3.0)
        return _np(mx, body)
    check(fn)


def test_multibox_target_is_not_quadratic_in_anchors():
    import torch2gluon as mx
    mx.npx.set_np()
    try:
        np, npx = mx.np, mx.npx
        anchors = npx.multibox_prior(np.zeros((1, 1, 128, 128)), sizes=[0.1, 0.2], ratios=[1, 2, 0.5])
        lab = np.array([[[0, 0.1, 0.1, 0.4, 0.4]]])
        t0 = time.time()
        out = npx.multibox_target(anchors, lab, np.zeros((1, 2, anchors.shape[1])))
        assert out[2].shape == (1, 65536)
        assert time.time() - t0 < 10  # an (N+G)^2 IoU matrix here is 4.3e9 entries
    finally:
        mx.npx.reset_np()


def test_multibox_detection_after_softmax():
    def fn(mx):
        def body(np, npx):
            anchors, _, cls_pred = _ssd_inputs(np, npx)
            rs = onp.random.RandomState(1)
            bbox = np.array(rs.normal(0, 0.1, (2, anchors.shape[1] * 4)).astype("float32"))
            probs = npx.softmax(cls_pred * 5, axis=1)
            return npx.multibox_detection(probs, bbox, anchors, nms_threshold=0.5, nms_topk=50)
        return _np(mx, body)
    check(fn, atol=1e-4)


def test_masked_softmax_attention():
    def fn(mx):
        def body(np, npx):
            x = np.array(onp.random.RandomState(2).rand(2, 3, 5).astype("float32"))
            valid = np.array([[1, 3, 5], [2, 4, 0]])
            m = npx.sequence_mask(x.reshape(-1, 5), valid.reshape(-1), True, value=-1e6, axis=1)
            w = npx.softmax(m).reshape(x.shape)
            v = np.arange(40).reshape(1, 5, 8).repeat(2, axis=0)
            return w, npx.batch_dot(w, v), npx.batch_dot(x, x, transpose_b=True)
        return _np(mx, body)
    check(fn, atol=1e-4)


def test_positional_encoding_strided_assignment():
    def fn(mx):
        def body(np, npx):
            P = np.zeros((1, 20, 8))
            X = np.arange(20).reshape(-1, 1) / np.power(10000, np.arange(0, 8, 2) / 8)
            P[:, :, 0::2] = np.sin(X)
            P[:, :, 1::2] = np.cos(X)
            return P, P[:, :7, :] + np.ones((2, 7, 8))
        return _np(mx, body)
    check(fn, atol=1e-5)


def test_masked_softmax_ce_loss():
    def fn(mx):
        def body(np, npx):
            label = np.ones((3, 4))
            w = npx.sequence_mask(np.expand_dims(np.ones_like(label), axis=-1), np.array([4, 2, 0]), True, axis=1)
            return mx.gluon.loss.SoftmaxCELoss()(np.ones((3, 4, 10)), label, w)
        return _np(mx, body)
    check(fn, atol=1e-5)


def _detect(mx, **kw):
    def body(np, npx):
        anchors, _, cls_pred = _ssd_inputs(np, npx)
        rs = onp.random.RandomState(3)
        bbox = np.array(rs.normal(0, 0.1, (2, anchors.shape[1] * 4)).astype("float32"))
        probs = npx.softmax(cls_pred * 4, axis=1)
        return npx.multibox_detection(probs, bbox, anchors, **kw)
    return _np(mx, body)


def test_multibox_detection_variants():
    for kw in ({"nms_topk": 400}, {"force_suppress": True, "nms_topk": 300}, {"nms_threshold": 0.0},
               {"nms_threshold": 1.0, "nms_topk": 10}, {"threshold": 0.5, "nms_topk": 5}):
        check(lambda mx, kw=kw: _detect(mx, **kw), atol=1e-4)
