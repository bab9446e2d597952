"""contrib.box_nms drops the boxes of the background class: id == background_id, -1 by default (boxes with
id -1 are background unless another background_id is given), only when there is an id column."""
import numpy as np
import pytest

from tests.oracle import check

BOXES = np.array([[0, 0.5, 0.1, 0.1, 0.2, 0.2], [0, 0.4, 0.1, 0.1, 0.2, 0.2],
                  [1, 0.3, 0.1, 0.1, 0.14, 0.14], [-1, 0.6, 0.5, 0.5, 0.7, 0.8], [2, 0.2, 0.6, 0.6, 0.9, 0.9]])


@pytest.mark.parametrize("kw", [{}, {"background_id": 0}, {"background_id": 2}, {"id_index": -1},
                                {"force_suppress": True}, {"background_id": 1, "topk": 2},
                                {"background_id": -1, "valid_thresh": 0.35}])
@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_box_nms_background(kw, dtype):
    def fn(mx):
        args = dict({"id_index": 0}, **kw)
        return mx.nd.contrib.box_nms(mx.nd.array(BOXES, dtype=dtype), overlap_thresh=0.5, **args)
    check(fn, atol=1e-3)


def test_box_nms_background_gradient():
    def fn(mx):
        x = mx.nd.array(np.stack([BOXES, BOXES[::-1]]))
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.contrib.box_nms(x, overlap_thresh=0.5, id_index=0, background_id=1)
        y.backward(mx.nd.array(np.arange(60.0).reshape(2, 5, 6)))
        return y, x.grad
    check(fn)
