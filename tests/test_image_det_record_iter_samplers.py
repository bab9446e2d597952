"""io.ImageDetRecordIter random crop samplers and padding (MXNet 1.9.1's det_aug_default) and label parsing."""
import io

import mxnet
import numpy as np
import pytest
from PIL import Image

import torch2gluon
from tests.oracle import check


def _png(seed, h=20, w=24):
    b = io.BytesIO()
    Image.fromarray((np.random.RandomState(seed).rand(h, w, 3) * 255).astype(np.uint8)).save(b, format="PNG")
    return b.getvalue()


def _label(i):
    objs = np.array([[0, 0.1, 0.2, 0.5, 0.6], [1, 0.4, 0.3, 0.9, 0.95], [2, 0, 0, 0.3, 0.2]], np.float32)[:1 + i % 3]
    return np.concatenate([[4, 5, 7, 9], objs.ravel()]).astype(np.float32)


@pytest.fixture(scope="module")
def rec(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("detsamp") / "d.rec")
    w = mxnet.recordio.MXRecordIO(path, "w")
    for i in range(6):
        w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, _label(i), 10 + i, 0), _png(i)))
    w.close()
    return path


def _batch(mx, rec, **kw):
    b = mx.io.ImageDetRecordIter(path_imgrec=rec, data_shape=(3, 16, 16), batch_size=6, **kw).next()
    return b.data[0], b.label[0]


# a crop of scale in [0.9999, 1) at the image's aspect ratio is always the pixel window (0, 0, 23, 19)
_NEAR_FULL = dict(rand_crop_prob=1, min_crop_scales=(0.9999,), max_crop_scales=(1.0,),
                  min_crop_aspect_ratios=(1.2,), max_crop_aspect_ratios=(1.2,))


@pytest.mark.parametrize("kw", [_NEAR_FULL, dict(_NEAR_FULL, resize_mode="fit"),
                                dict(_NEAR_FULL, num_crop_sampler=2, min_crop_scales=(0.9999, 0.99995)),
                                dict(_NEAR_FULL, crop_emit_mode="overlap", emit_overlap_thresh=0.5),
                                {"rand_pad_prob": 1, "max_pad_scale": 1.04},  # under MXNet's 1.05 threshold
                                {"rand_crop_prob": 0, "min_crop_scales": 0.3, "max_crop_scales": 0.5}])
def test_deterministic_samplers_match_mxnet(rec, kw):
    check(lambda mx: _batch(mx, rec, **kw), atol=1e-4)


def test_invalid_objects_dropped_like_mxnet(tmp_path):
    path = str(tmp_path / "bad_obj.rec")
    lab = np.array([2, 5, 0, .1, .2, .5, .6, 1, .6, .3, .4, .9, 2, .1, .1, .2, .2], np.float32)  # object 1: xmax < xmin
    w = mxnet.recordio.MXRecordIO(path, "w")
    w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, lab, 0, 0), _png(0)))
    w.close()
    check(lambda mx: mx.io.ImageDetRecordIter(path_imgrec=path, data_shape=(3, 8, 8), batch_size=1).next().label[0])


@pytest.mark.parametrize("kw", [
    dict(rand_crop_prob=1, min_crop_scales=(0.5,), max_crop_scales=(0.4,)),
    dict(rand_crop_prob=1, num_crop_sampler=2, min_crop_scales=(0.1, 0.2, 0.3)),
    dict(rand_crop_prob=1, min_crop_scales=(0.1, 0.2)),
    dict(rand_crop_prob=1, crop_emit_mode="bogus"),
    dict(rand_crop_prob=1, min_crop_overlaps=0.6, max_crop_overlaps=0.5),
])
def test_invalid_sampler_settings_raise_like_mxnet(rec, kw):
    check(lambda mx: _batch(mx, rec, **kw))


def _objects(row):
    n = int(row[3])
    raw = row[4:4 + n]
    return raw[int(raw[0]):].reshape(-1, int(raw[1]))


@pytest.mark.parametrize("kw", [
    dict(rand_crop_prob=1, min_crop_scales=0.3, max_crop_scales=0.9, min_crop_aspect_ratios=0.5,
         max_crop_aspect_ratios=2.0),
    dict(rand_crop_prob=1, num_crop_sampler=3, min_crop_scales=(0.3, 0.5, 0.8), max_crop_scales=(1.0,),
         min_crop_overlaps=(0.1, 0.3, 0.5), max_crop_trials=(50,), crop_emit_mode="overlap"),
    dict(rand_pad_prob=1, max_pad_scale=3.0, fill_value=200),
    dict(rand_pad_prob=0.7, max_pad_scale=2.0, rand_crop_prob=0.7, min_crop_scales=0.3, rand_mirror_prob=0.5,
         resize_mode="fit"),
])
def test_random_samplers_invariants(rec, kw):
    """Shapes, boxes valid and inside [0, 1], header kept, object ids from the record; deterministic under seed."""
    data, label = _batch(torch2gluon, rec, seed=7, **kw)
    data2, label2 = _batch(torch2gluon, rec, seed=7, **kw)
    np.testing.assert_array_equal(data.asnumpy(), data2.asnumpy())
    np.testing.assert_array_equal(label.asnumpy(), label2.asnumpy())
    assert data.shape == (6, 3, 16, 16)
    lab = label.asnumpy()
    for i, row in enumerate(lab):
        assert tuple(row[4:8]) == (4, 5, 7, 9)
        objs = _objects(row)
        src_ids = set(_label(i)[4:].reshape(-1, 5)[:, 0])
        assert 1 <= len(objs) <= len(src_ids) and set(objs[:, 0]) <= src_ids
        assert (objs[:, 1:] >= 0).all() and (objs[:, 1:] <= 1).all()
        assert (objs[:, 3] >= objs[:, 1]).all() and (objs[:, 4] >= objs[:, 2]).all()
    other = _batch(torch2gluon, rec, seed=8, **kw)[1].asnumpy()
    assert not np.array_equal(other, lab)


def test_padding_fills_and_shrinks_boxes(rec):
    """A pad never drops objects; boxes shrink by the canvas scale; the border has fill_value."""
    base = _batch(torch2gluon, rec)[1].asnumpy()
    data, label = _batch(torch2gluon, rec, rand_pad_prob=1, max_pad_scale=4.0, fill_value=200, seed=3)
    lab = label.asnumpy()
    padded = 0
    for row, ref in zip(lab, base):
        objs, ref_objs = _objects(row), _objects(ref)
        assert len(objs) == len(ref_objs)
        w, rw = objs[:, 3] - objs[:, 1], ref_objs[:, 3] - ref_objs[:, 1]
        assert (w <= rw + 1e-6).all()
        padded += bool((w < rw - 1e-3).any())
    assert padded >= 3
    assert (data.asnumpy() == 200).any()


def test_crop_emits_only_objects_with_centre_inside(tmp_path):
    """center mode: with one small object in a corner, every accepted crop contains its centre (box inside)."""
    path = str(tmp_path / "corner.rec")
    w = mxnet.recordio.MXRecordIO(path, "w")
    lab = np.array([2, 5, 3, 0.0, 0.0, 0.2, 0.2, 4, 0.7, 0.7, 1.0, 1.0], np.float32)
    for i in range(8):
        w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, lab, i, 0), _png(i)))
    w.close()
    it = torch2gluon.io.ImageDetRecordIter(path_imgrec=path, data_shape=(3, 16, 16), batch_size=8, seed=1,
                                           rand_crop_prob=1, min_crop_scales=0.3, max_crop_scales=0.6)
    for row in it.next().label[0].asnumpy():
        objs = _objects(row)
        assert len(objs) >= 1
        for o in objs:  # projected centre still inside the crop: 0 <= centre <= 1, box non-empty
            assert 0 <= (o[1] + o[3]) / 2 <= 1 and 0 <= (o[2] + o[4]) / 2 <= 1 and o[3] > o[1] and o[4] > o[2]


def test_random_interpolation_deterministic_under_seed(rec):
    """inter_method=10 (a random OpenCV method per resize) draws from the iterator's seeded RNG."""
    a = _batch(torch2gluon, rec, seed=4, inter_method=10, resize=13)[0].asnumpy()
    b = _batch(torch2gluon, rec, seed=4, inter_method=10, resize=13)[0].asnumpy()
    np.testing.assert_array_equal(a, b)
