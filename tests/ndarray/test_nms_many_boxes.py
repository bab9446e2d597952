"""Greedy NMS over more boxes than one block of the blocked implementation (box_nms, MultiBoxDetection), against
the oracle: boxes of one id and of several ids, suppression chains that cross block boundaries."""
import numpy as np
import pytest

from tests.oracle import check


def _boxes(n, seed, scale):
    rs = np.random.RandomState(seed)
    xy = rs.rand(n, 2) * 0.8
    wh = rs.rand(n, 2) * scale + 0.01
    ids = rs.randint(0, 3, (n, 1))
    scores = rs.permutation(n)[:, None] / n + 0.001   # distinct scores: no ties in the sort
    return np.concatenate([ids, scores, xy, xy + wh], 1).astype("float32")


@pytest.mark.parametrize("n,scale", [(300, 0.3), (700, 0.1)])
@pytest.mark.parametrize("kw", [{"id_index": 0}, {"id_index": 0, "force_suppress": True}, {},
                                {"id_index": 0, "topk": 250, "overlap_thresh": 0.3}])
def test_box_nms_many(n, scale, kw):
    data = _boxes(n, n, scale)
    check(lambda mx: mx.nd.contrib.box_nms(mx.nd.array(data), **dict({"overlap_thresh": 0.5}, **kw)))


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("nms_topk", [-1, 200])
def test_multibox_detection_many_anchors(force, nms_topk):
    rs = np.random.RandomState(1)
    n = 600
    prob = rs.rand(2, 4, n).astype("float32")
    prob /= prob.sum(axis=1, keepdims=True)
    loc = (rs.randn(2, n * 4) * 0.5).astype("float32")
    xy = rs.rand(n, 2) * 0.7
    anchors = np.concatenate([xy, xy + rs.rand(n, 2) * 0.3 + 0.02], 1).reshape(1, n, 4).astype("float32")
    check(lambda mx: mx.nd.contrib.MultiBoxDetection(mx.nd.array(prob), mx.nd.array(loc), mx.nd.array(anchors),
                                                     force_suppress=force, nms_topk=nms_topk), atol=1e-5)
