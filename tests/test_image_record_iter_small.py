"""io.ImageRecordIter on images smaller than data_shape: MXNet 1.9.1 enlarges them (pixel-exact oracle tests)."""
import io

import mxnet
import numpy as np
import pytest
from PIL import Image

import torch2gluon
from tests.oracle import check

SIZES = [(13, 10), (10, 13), (7, 9), (9, 7), (20, 13), (13, 20), (30, 10), (6, 6), (3, 40), (40, 3), (17, 17)]


@pytest.fixture(scope="module")
def small_rec(tmp_path_factory):
    rng = np.random.RandomState(1)
    prefix = str(tmp_path_factory.mktemp("small") / "small")
    w = mxnet.recordio.MXIndexedRecordIO(prefix + ".idx", prefix + ".rec", "w")
    for i, (h, wd) in enumerate(SIZES):
        buf = io.BytesIO()
        Image.fromarray(rng.randint(0, 255, (h, wd, 3)).astype(np.uint8)).save(buf, format="PNG")
        w.write_idx(i, mxnet.recordio.pack(mxnet.recordio.IRHeader(0, float(i), i, 0), buf.getvalue()))
    w.close()
    return prefix + ".rec"


@pytest.mark.parametrize("shape", [(3, 16, 16), (3, 16, 24), (3, 24, 11), (1, 16, 16)])
@pytest.mark.parametrize("kw", [{}, {"inter_method": 0}, {"inter_method": 2}, {"inter_method": 3},
                                {"inter_method": 4}, {"inter_method": 9}, {"resize": 8},
                                {"mirror": 1, "mean_r": 10.0, "std_g": 2.0}])
def test_small_images_enlarged_like_mxnet(small_rec, shape, kw):
    check(lambda mx: mx.io.ImageRecordIter(path_imgrec=small_rec, data_shape=shape, batch_size=len(SIZES),
                                           **kw).next().data[0])


def test_small_images_rand_crop_in_enlarged_image(small_rec):
    """rand_crop picks a window of the enlarged image (random offsets: shapes and pixel membership only)."""
    full = torch2gluon.io.ImageRecordIter(path_imgrec=small_rec, data_shape=(3, 16, 16), batch_size=len(SIZES),
                                          inter_method=1).next().data[0].asnumpy()
    it = torch2gluon.io.ImageRecordIter(path_imgrec=small_rec, data_shape=(3, 16, 16), batch_size=len(SIZES),
                                        rand_crop=1, seed_aug=3)
    out = it.next().data[0].asnumpy()
    assert out.shape == (len(SIZES), 3, 16, 16)
    for i, (h, w) in enumerate(SIZES):
        if min(h, w) <= 16 and (h == w or 16 * max(h, w) // min(h, w) == 16):
            np.testing.assert_array_equal(out[i], full[i])  # enlarged exactly to 16x16: no freedom to crop
    again = torch2gluon.io.ImageRecordIter(path_imgrec=small_rec, data_shape=(3, 16, 16), batch_size=len(SIZES),
                                           rand_crop=1, seed_aug=3).next().data[0].asnumpy()
    np.testing.assert_array_equal(out, again)


@pytest.fixture(scope="module")
def rgba_rec(tmp_path_factory):
    rng = np.random.RandomState(0)
    d = tmp_path_factory.mktemp("rgba")
    w = mxnet.recordio.MXRecordIO(str(d / "rgba.rec"), "w")
    for i in range(3):
        buf = io.BytesIO()
        Image.fromarray(rng.randint(0, 255, (18, 20, 4)).astype(np.uint8), "RGBA").save(buf, format="PNG")
        w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, float(i), i, 0), buf.getvalue()))
    w.close()
    w = mxnet.recordio.MXRecordIO(str(d / "rgb.rec"), "w")
    buf = io.BytesIO()
    Image.fromarray(rng.randint(0, 255, (18, 20, 3)).astype(np.uint8)).save(buf, format="PNG")
    w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, 0.0, 0, 0), buf.getvalue()))
    w.close()
    return d


@pytest.mark.parametrize("kw", [{}, {"mean_a": 10, "std_a": 2, "mean_r": 3, "resize": 16, "mirror": 1},
                                {"inter_method": 2, "resize": 30}])
def test_rgba_data_shape(rgba_rec, kw):
    """data_shape (4, H, W): the stored RGBA channels, mean_a/std_a for alpha, as MXNet."""
    check(lambda mx: mx.io.ImageRecordIter(path_imgrec=str(rgba_rec / "rgba.rec"), data_shape=(4, 12, 14),
                                           batch_size=3, **kw).next().data[0])


def test_rgba_data_shape_refuses_rgb_images(rgba_rec):
    check(lambda mx: mx.io.ImageRecordIter(path_imgrec=str(rgba_rec / "rgb.rec"), data_shape=(4, 12, 14),
                                           batch_size=1).next().data[0])
