"""io.ImageRecordIter's default-augmenter options (affine warp, pad, crop size, HSL, colour jitter, PCA
lighting, random contrast/illumination) against real MXNet 1.9.1: deterministic settings pixel for pixel,
random ones by their distributions and by reproducibility from seed_aug."""
import io

import mxnet
import numpy as np
import pytest
from PIL import Image

import torch2gluon
from tests.oracle import check

N, H, W = 8, 20, 24


@pytest.fixture(scope="module")
def rec(tmp_path_factory):
    rng = np.random.RandomState(1)
    prefix = str(tmp_path_factory.mktemp("aug") / "aug")
    w = mxnet.recordio.MXIndexedRecordIO(prefix + ".idx", prefix + ".rec", "w")
    imgs = []
    for i in range(N):
        img = rng.randint(0, 255, (H, W, 3)).astype(np.uint8)
        imgs.append(img.astype(np.float64))
        buf = io.BytesIO()
        Image.fromarray(img).save(buf, format="PNG")
        w.write_idx(i, mxnet.recordio.pack(mxnet.recordio.IRHeader(0, float(i), i, 0), buf.getvalue()))
    w.close()
    return prefix + ".rec", np.stack(imgs)


def _batch(lib, path, **kw):
    it = lib.io.ImageRecordIter(path_imgrec=path, data_shape=(3, H, W), batch_size=N, verbose=False, **kw)
    return it.next().data[0]


EXACT = [dict(rotate=30), dict(rotate=90), dict(rotate=45, fill_value=7), dict(rotate=15, inter_method=3),
         dict(pad=3, fill_value=9), dict(pad=4), dict(max_img_size=22), dict(min_img_size=30),
         dict(min_random_scale=1.5, max_random_scale=1.5),
         dict(min_random_scale=1.3, max_random_scale=1.3, rotate=20, pad=2, fill_value=0),
         dict(max_aspect_ratio=1.4, min_aspect_ratio=1.4), dict(rotate=30, resize=30),
         dict(rotate=30, max_img_size=28, min_img_size=26, mean_r=3.0, std_g=2.0, scale=0.5),
         dict(max_crop_size=16, min_crop_size=16, inter_method=2, pad=2),
         dict(max_crop_size=18, min_crop_size=18, pad=1, fill_value=40),
         dict(random_h=1, random_s=1, random_l=1), dict(random_h=1, fill_value=3, pad=2),
         # crop resized into the image's own buffer (same size as data_shape): MXNet's overlapping rows
         dict(max_crop_size=12, min_crop_size=12), dict(max_crop_size=14, min_crop_size=14),
         dict(max_crop_size=10, min_crop_size=10, inter_method=2), dict(max_crop_size=10, min_crop_size=10,
                                                                         inter_method=3),
         dict(max_crop_size=7, min_crop_size=7, inter_method=4), dict(max_crop_size=13, min_crop_size=13,
                                                                       inter_method=0),
         dict(max_crop_size=20, min_crop_size=20, inter_method=0), dict(max_crop_size=16, min_crop_size=16,
                                                                         inter_method=9)]


@pytest.mark.parametrize("kw", EXACT, ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()))
def test_deterministic_options_match_mxnet(rec, kw):
    """Fixed rotate / scale / aspect, img-size clamp, pad + fill_value, a fixed crop size, and the HSL round
    trip (random_h/s/l = 1 always draws a 0 shift) give MXNet's pixels."""
    check(lambda mx: _batch(mx, rec[0], **kw))


@pytest.mark.parametrize("kw", [dict(rotate=10, inter_method=2), dict(rotate=20, inter_method=4),
                                dict(random_l=1, rotate=30)])
def test_cubic_lanczos_warp_within_one(rec, kw):
    """Bicubic / Lanczos warps (and HLS on them) within 1 grey level of OpenCV's (weight-table rounding)."""
    a = _batch(mxnet, rec[0], **kw).asnumpy()
    b = _batch(torch2gluon, rec[0], **kw).asnumpy()
    assert np.abs(a - b).max() <= 1 and (a != b).mean() < 0.01


def test_nearest_warp_is_refused_like_mxnet(rec):
    check(lambda mx: _batch(mx, rec[0], rotate=10, inter_method=0).asnumpy(), raises=mxnet.base.MXNetError)


def test_crop_size_larger_than_image_errors(rec):
    check(lambda mx: _batch(mx, rec[0], max_crop_size=30, min_crop_size=10).asnumpy(),
          raises=mxnet.base.MXNetError)


def _ratios(out, src):
    m = src > 40
    return np.array([np.median(out[i][m[i]] / src[i][m[i]]) for i in range(len(src))])


def test_random_rotation_shear_scale_reproducible(rec):
    kw = dict(max_rotate_angle=30, max_shear_ratio=0.2, min_random_scale=0.9, max_random_scale=1.3,
              max_aspect_ratio=0.2, fill_value=0, seed_aug=5)
    a = _batch(torch2gluon, rec[0], **kw).asnumpy()
    b = _batch(torch2gluon, rec[0], **kw).asnumpy()
    c = _batch(torch2gluon, rec[0], **dict(kw, seed_aug=6)).asnumpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    ref = _batch(mxnet, rec[0], **kw).asnumpy()
    for out in (a, ref):  # both libraries: fill shows in some corners, images differ from each other
        assert out.shape == (N, 3, H, W) and 0 <= out.min() and out.max() <= 255
        assert (out == 0).all(1).any() and len({out[i].tobytes() for i in range(N)}) == N


def test_brightness_scales_each_image(rec):
    path, src = rec
    for lib in (mxnet, torch2gluon):
        out = _batch(lib, path, brightness=0.4, seed_aug=1).asnumpy().transpose(0, 2, 3, 1)
        r = _ratios(out, src)
        assert ((r > 0.58) & (r < 1.42)).all() and r.std() > 0.05
        for i in range(N):  # one factor per image: out = round(src * alpha), saturated
            pred = np.clip(np.rint(src[i] * r[i]), 0, 255)
            assert np.abs(pred - out[i]).max() <= 2


def _gray_bgr(src):
    """CV_RGB2GRAY on MXNet's BGR image: 0.299 weighs blue."""
    return src @ np.array([0.114, 0.587, 0.299])


@pytest.mark.parametrize("lib", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_contrast_blends_towards_bgr_gray_mean(rec, lib):
    path, src = rec
    out = _batch(lib, path, contrast=0.4, seed_aug=2).asnumpy().transpose(0, 2, 3, 1)
    alphas = []
    for i in range(N):
        s, t = src[i].reshape(-1), out[i].reshape(-1)
        ok = (t > 0) & (t < 255)
        a, b = np.polyfit(s[ok], t[ok], 1)
        assert abs(b / (1 - a) - _gray_bgr(src[i]).mean()) < 1.5  # fixed point: the mean of the gray image
        alphas.append(a)
    assert 0.59 < min(alphas) and max(alphas) < 1.41 and np.std(alphas) > 0.05


@pytest.mark.parametrize("lib", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_saturation_blends_with_gray(rec, lib):
    path, src = rec
    out = _batch(lib, path, saturation=0.3, seed_aug=3).asnumpy().transpose(0, 2, 3, 1)
    for i in range(N):
        g = _gray_bgr(src[i])[..., None]
        ok = ((out[i] > 0) & (out[i] < 255)).all(-1)
        x, y = (src[i] - g)[ok].ravel(), (out[i] - g)[ok].ravel()
        alpha = (x @ y) / (x @ x)
        assert 0.69 < alpha < 1.31 and np.abs(alpha * x - y).max() < 2.5


@pytest.mark.parametrize("lib", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_pca_noise_adds_one_integer_offset_per_channel(rec, lib):
    path, src = rec
    out = _batch(lib, path, pca_noise=0.1, seed_aug=4).asnumpy().transpose(0, 2, 3, 1)
    offs = []
    for i in range(N):
        d = out[i] - src[i]
        for k in range(3):
            ok = (out[i][..., k] > 0) & (out[i][..., k] < 255)
            vals = np.unique(d[..., k][ok])
            assert len(vals) == 1  # the offset is truncated once per pixel: a single integer per channel
            offs.append(vals[0])
    offs = np.array(offs).reshape(N, 3)
    assert np.abs(offs).max() <= 25 and np.abs(offs).max() >= 1
    assert (np.abs(offs[:, 0] - offs[:, 2]) <= 3).all()  # the first eigenvector dominates (all ~ -0.58)


@pytest.mark.parametrize("lib", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_hsl_lightness_shift(rec, lib):
    path, src = rec
    out = _batch(lib, path, random_l=60, seed_aug=5).asnumpy().transpose(0, 2, 3, 1)
    base = _batch(lib, path, random_l=1).asnumpy().transpose(0, 2, 3, 1)  # HLS round trip, no shift
    shifts = [np.median((out[i] - base[i]).mean(-1)) for i in range(N)]
    assert max(abs(s) for s in shifts) < 61 and np.std(shifts) > 5


@pytest.mark.parametrize("lib", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_random_contrast_illumination_in_normalisation(rec, lib):
    """((pixel - mean) * contrast + illumination) * scale / std with per-image contrast, illumination."""
    path, src = rec
    out = _batch(lib, path, max_random_contrast=0.3, max_random_illumination=20, mean_r=10.0, std_r=2.0,
                 scale=0.5, seed_aug=1).asnumpy()
    cs, ils = [], []
    for i in range(N):
        slope, icpt = np.polyfit(src[i][..., 0].ravel(), out[i][0].ravel(), 1)
        c = slope / 0.25
        il = (icpt + 10 * slope) / 0.25
        assert np.abs(np.polyval([slope, icpt], src[i][..., 0]) - out[i][0]).max() < 1e-3
        cs.append(c)
        ils.append(il)
    assert 0.7 - 1e-4 < min(cs) and max(cs) < 1.3 + 1e-4 and np.std(cs) > 0.02
    assert max(abs(v) for v in ils) <= 20 + 1e-3 and np.std(ils) > 1


def test_colour_options_seed_reproducible(rec):
    kw = dict(random_h=36, random_s=50, random_l=50, brightness=0.2, contrast=0.2, saturation=0.2,
              pca_noise=0.1, max_random_contrast=0.1, max_random_illumination=5, pad=4, fill_value=127,
              rand_crop=1, rand_mirror=1, seed_aug=9)
    a = _batch(torch2gluon, rec[0], **kw).asnumpy()
    np.testing.assert_array_equal(a, _batch(torch2gluon, rec[0], **kw).asnumpy())
    assert not np.array_equal(a, _batch(torch2gluon, rec[0], **dict(kw, seed_aug=10)).asnumpy())


def test_colour_options_need_three_channels(rec):
    with pytest.raises(NotImplementedError, match="random_h"):
        torch2gluon.io.ImageRecordIter(path_imgrec=rec[0], data_shape=(1, H, W), batch_size=2, random_h=10)


@pytest.mark.parametrize("it", ["ImageRecordUInt8Iter", "ImageRecordInt8Iter"])
def test_raw_dtypes_ignore_random_contrast_illumination(rec, it):
    check(lambda mx: getattr(mx.io, it)(path_imgrec=rec[0], data_shape=(3, H, W), batch_size=N,
                                        max_random_contrast=0.5, max_random_illumination=30,
                                        seed_aug=3).next().data[0])


@pytest.mark.parametrize("it", ["ImageRecordUInt8Iter", "ImageRecordInt8Iter"])
def test_raw_dtypes_with_deterministic_augmentation(rec, it):
    check(lambda mx: getattr(mx.io, it)(path_imgrec=rec[0], data_shape=(3, H, W), batch_size=N, rotate=25,
                                        pad=2, fill_value=17, random_h=1).next().data[0])


def test_gray_data_shape_with_warp_and_pad(rec):
    check(lambda mx: mx.io.ImageRecordIter(path_imgrec=rec[0], data_shape=(1, H, W), batch_size=N, rotate=30,
                                           pad=2, fill_value=60, min_random_scale=1.2,
                                           max_random_scale=1.2).next().data[0])


def test_rgba_warp_and_pad_fill_alpha_with_zero(tmp_path):
    """cv::Scalar(v, v, v) fills three channels: the alpha border is 0."""
    rng = np.random.RandomState(2)
    w = mxnet.recordio.MXRecordIO(str(tmp_path / "rgba.rec"), "w")
    for i in range(3):
        buf = io.BytesIO()
        Image.fromarray(rng.randint(0, 255, (18, 20, 4)).astype(np.uint8), "RGBA").save(buf, format="PNG")
        w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, float(i), i, 0), buf.getvalue()))
    w.close()
    def run(mx):
        return mx.io.ImageRecordIter(path_imgrec=str(tmp_path / "rgba.rec"), data_shape=(4, 18, 20), batch_size=3,
                                     rotate=40, pad=3, fill_value=99).next().data[0]
    check(run)
    out = run(torch2gluon).asnumpy()
    assert (out[:, 3] == 0).any() and (out[:, 0] == 99).any()


@pytest.mark.parametrize("width", [1, 2, 3])
def test_path_imglist_labels_by_record_id(rec, tmp_path, width):
    lst = tmp_path / "a.lst"
    lst.write_text("".join(f"{i}\t{i * 1.5}\t{-i}\t{i % 3}\timg{i}.png\n" for i in reversed(range(N))))
    check(lambda mx: [b.label[0] for b in mx.io.ImageRecordIter(
        path_imgrec=rec[0], path_imglist=str(lst), label_width=width, data_shape=(3, H, W), batch_size=3,
        round_batch=True)])


def test_path_imglist_missing_id_and_file(rec, tmp_path):
    lst = tmp_path / "b.lst"
    lst.write_text("".join(f"{i}\t{i}\timg{i}.png\n" for i in range(1, N)))
    check(lambda mx: mx.io.ImageRecordIter(path_imgrec=rec[0], path_imglist=str(lst), data_shape=(3, H, W),
                                           batch_size=4).next().label[0], raises=mxnet.base.MXNetError)
    check(lambda mx: mx.io.ImageRecordIter(path_imgrec=rec[0], path_imglist=str(tmp_path / "nope.lst"),
                                           data_shape=(3, H, W), batch_size=4).next().label[0],
          raises=mxnet.base.MXNetError)


@pytest.fixture(scope="module")
def chunk_rec(tmp_path_factory):
    """3000 records of 852 bytes (2.5 MB): shuffle_chunk_size=1 makes ceil(1.1 * size / 1 MiB) = 3 chunks."""
    path = str(tmp_path_factory.mktemp("chunk") / "c.rec")
    buf = io.BytesIO()
    Image.fromarray(np.random.RandomState(0).randint(0, 255, (4, 4, 3)).astype(np.uint8)).save(buf, format="PNG")
    w = mxnet.recordio.MXRecordIO(path, "w")
    for i in range(3000):
        w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, float(i), i, 0), buf.getvalue() + bytes(700)))
    w.close()
    return path


def _epochs(lib, path, n=4, **kw):
    it = lib.io.ImageRecordIter(path_imgrec=path, data_shape=(3, 4, 4), batch_size=100, verbose=False,
                                round_batch=False, **kw)
    out = []
    for _ in range(n):
        out.append(np.concatenate([b.label[0].asnumpy()[:100 - b.pad] for b in it]).astype(int))
        it.reset()
    return out


@pytest.mark.parametrize("kw, first, length, count", [
    (dict(shuffle_chunk_size=1), 0, 1000, 3), (dict(shuffle_chunk_size=1, shuffle_chunk_seed=3), 0, 1000, 3),
    (dict(shuffle_chunk_size=1, num_parts=2, part_index=1), 1500, 750, 2),
    (dict(shuffle_chunk_size=4), 0, 3000, 1), (dict(shuffle_chunk_size=1, num_parts=3, part_index=2), 2000, 1000, 1)])
@pytest.mark.parametrize("lib", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_shuffle_chunk_size_reads_contiguous_chunks_in_random_order(chunk_rec, lib, kw, first, length, count):
    orders = set()
    for labs in _epochs(lib, chunk_rec, **kw):
        assert len(labs) == length * count
        blocks = labs.reshape(count, length)
        starts = blocks[:, 0]
        assert sorted(starts.tolist()) == [first + k * length for k in range(count)]
        assert (blocks - starts[:, None] == np.arange(length)).all()
        orders.add(tuple(starts))
    assert (len(orders) > 1) == (count > 1)


def test_shuffle_chunk_seed_reproducible(chunk_rec):
    a = _epochs(torch2gluon, chunk_rec, shuffle_chunk_size=1, shuffle_chunk_seed=5)
    b = _epochs(torch2gluon, chunk_rec, shuffle_chunk_size=1, shuffle_chunk_seed=5)
    assert all((x == y).all() for x, y in zip(a, b))
