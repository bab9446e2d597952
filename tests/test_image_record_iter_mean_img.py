"""ImageRecordIter(mean_img=...): MXNet creates the file from the iterator's own normalised output when it is
missing ({'mean_img': (C,H,W)}), reuses it when present, and outputs (pixel - mean_img) * scale / std."""
import io
import os

import numpy as np
import pytest
from PIL import Image

import mxnet
from tests.oracle import check
import torch2gluon


@pytest.fixture(scope="module")
def rec(tmp_path_factory):
    d = tmp_path_factory.mktemp("mean_img")
    rng = np.random.RandomState(0)
    w = mxnet.recordio.MXRecordIO(str(d / "a.rec"), "w")
    for i in range(7):
        b = io.BytesIO()
        Image.fromarray((rng.rand(10, 12, 3) * 255).astype(np.uint8)).save(b, format="PNG")
        w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, float(i), i, 0), b.getvalue()))
    w.close()
    return d


@pytest.mark.parametrize("kw", [{}, {"scale": 0.5, "std_r": 2.0, "mean_g": 10.0},
                                {"resize": 9, "std_b": 3.0, "scale": 1 / 255.0}, {"num_parts": 2, "part_index": 1}])
def test_mean_img_created_then_reused(rec, kw):
    def fn(mx):
        path = str(rec / f"m_{mx.__name__}.bin")
        if os.path.exists(path):
            os.remove(path)
        it = mx.io.ImageRecordIter(path_imgrec=str(rec / "a.rec"), data_shape=(3, 8, 8), batch_size=3,
                                   mean_img=path, **kw)
        first = [it.next().data[0] for _ in range(2)]
        saved = mx.nd.load(path)
        again = mx.io.ImageRecordIter(path_imgrec=str(rec / "a.rec"), data_shape=(3, 8, 8), batch_size=3,
                                      mean_img=path, **kw)
        return first, saved, again.next().data[0]
    check(fn, atol=1e-4, rtol=1e-5)


def test_mean_img_list_file_and_uint8_ignores_it(rec):
    def fn(mx):
        path = str(rec / f"l_{mx.__name__}.bin")
        mx.nd.save(path, [mx.nd.arange(192).reshape((3, 8, 8))])
        a = mx.io.ImageRecordIter(path_imgrec=str(rec / "a.rec"), data_shape=(3, 8, 8), batch_size=3, mean_img=path)
        b = mx.io.ImageRecordUInt8Iter(path_imgrec=str(rec / "a.rec"), data_shape=(3, 8, 8), batch_size=3,
                                       mean_img=path)
        return a.next().data[0], b.next().data[0]
    check(fn)


def test_mean_img_of_other_shape_raises(rec):
    path = str(rec / "wrong.bin")
    torch2gluon.nd.save(path, {"x": torch2gluon.nd.ones((3, 4, 4))})
    with pytest.raises(torch2gluon.base.MXNetError, match="mean image"):
        torch2gluon.io.ImageRecordIter(path_imgrec=str(rec / "a.rec"), data_shape=(3, 8, 8), batch_size=3,
                                       mean_img=path)


def test_fill_value_without_pad_changes_nothing(rec):
    # MXNet's image-classification data.py always passes fill_value=127 (borders of pad/rotate only)
    check(lambda mx: mx.io.ImageRecordIter(path_imgrec=str(rec / "a.rec"), data_shape=(3, 8, 8), batch_size=3,
                                           fill_value=127, pad=0, mean_r=123.68, max_rotate_angle=0).next().data[0])


def test_max_aspect_ratio_without_random_resized_crop_warps(rec):
    # MXNet warps every image by an aspect ratio then (its affine augmenter); a fixed ratio is deterministic
    check(lambda mx: mx.io.ImageRecordIter(path_imgrec=str(rec / "a.rec"), data_shape=(3, 8, 8), batch_size=3,
                                           max_aspect_ratio=1.25, min_aspect_ratio=1.25).next().data[0])
