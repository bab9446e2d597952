"""mx.image against real MXNet 1.9.1: decoding, resize, borders, crops, augmenters, ImageIter."""
import io
import random

import mxnet
import numpy as np
import pytest
from PIL import Image

import torch2gluon
from tests.oracle import MODULES, MODULE_IDS, check, run_both


def _rgb(h=24, w=32, seed=0):
    rng = np.random.RandomState(seed)
    img = (rng.rand(h, w, 3) * 255).astype(np.uint8)
    img[3:9, 4:20] = (200, 30, 90)
    return img


def _encode(img, fmt="JPEG", **kw):
    b = io.BytesIO()
    Image.fromarray(img).save(b, format=fmt, **kw)
    return b.getvalue()


JPG = _encode(_rgb(), "JPEG", quality=90)
PNG = _encode(_rgb(), "PNG")
PNG_GRAY = _encode(_rgb()[..., 1], "PNG")
PNG_RGBA = _encode(np.concatenate([_rgb(), _rgb(seed=1)[..., :1]], axis=2), "PNG")
BMP = _encode(_rgb(), "BMP")
IMAGES = {"jpg": JPG, "png": PNG, "png_gray": PNG_GRAY, "png_rgba": PNG_RGBA, "bmp": BMP}


@pytest.mark.parametrize("name", sorted(IMAGES))
@pytest.mark.parametrize("flag,to_rgb", [(1, 1), (0, 1), (1, 0)])
def test_imdecode_pixels_exact(name, flag, to_rgb):
    buf = IMAGES[name]
    check(lambda mx: mx.image.imdecode(buf, flag=flag, to_rgb=to_rgb))


@pytest.mark.parametrize("kind", ["bytearray", "numpy", "ndarray"])
def test_imdecode_input_types(kind):
    def f(mx):
        buf = {"bytearray": bytearray(JPG), "numpy": np.frombuffer(JPG, np.uint8),
               "ndarray": mx.nd.array(np.frombuffer(JPG, np.uint8), dtype="uint8")}[kind]
        return mx.image.imdecode(buf)
    check(f)


@pytest.mark.parametrize("buf", ["a str", b"not an image", b""], ids=["str", "garbage", "empty"])
def test_imdecode_errors(buf):
    check(lambda mx: mx.image.imdecode(buf))


def test_imdecode_out():
    def f(mx):
        out = mx.nd.zeros((24, 32, 3), dtype="uint8")
        mx.image.imdecode(PNG, out=out)
        return out
    check(f)


def test_imread(tmp_path):
    (tmp_path / "a.png").write_bytes(PNG)
    (tmp_path / "b.jpg").write_bytes(JPG)
    check(lambda mx: [mx.image.imread(str(tmp_path / "a.png")), mx.image.imread(str(tmp_path / "b.jpg"), flag=0),
                      mx.image.imread(str(tmp_path / "b.jpg"), to_rgb=False)])
    check(lambda mx: mx.image.imread(str(tmp_path / "missing.jpg")))


SIZES = [(16, 12), (15, 10), (8, 6), (31, 17)]


@pytest.mark.parametrize("w,h", SIZES)
def test_imresize_nearest_and_float_exact(w, h):
    img = _rgb()
    check(lambda mx: mx.image.imresize(mx.nd.array(img, dtype="uint8"), w, h, interp=0))
    check(lambda mx: mx.image.imresize(mx.nd.array(img), w, h, interp=1), atol=1e-4)
    check(lambda mx: mx.image.imresize(mx.nd.array(img), w, h, interp=3), atol=2e-3)
    check(lambda mx: mx.image.imresize(mx.nd.array(img), w, h, interp=2), atol=1e-4)


@pytest.mark.parametrize("w,h", SIZES + [(40, 30), (64, 48), (50, 9), (7, 90), (32, 24)])
def test_imresize_uint8_bilinear_exact(w, h):
    img = _rgb()
    check(lambda mx: mx.image.imresize(mx.nd.array(img, dtype="uint8"), w, h))


@pytest.mark.parametrize("w,h", [(16, 12), (8, 6), (16, 8), (32, 12), (40, 30), (64, 48)])
def test_imresize_uint8_area_integer_factor_and_enlarge_exact(w, h):
    img = _rgb()
    check(lambda mx: mx.image.imresize(mx.nd.array(img, dtype="uint8"), w, h, interp=3))


@pytest.mark.parametrize("w,h", SIZES + [(64, 48), (7, 90), (40, 30)])
def test_imresize_uint8_bicubic_exact(w, h):
    img = _rgb()
    check(lambda mx: mx.image.imresize(mx.nd.array(img, dtype="uint8"), w, h, interp=2))
    check(lambda mx: mx.image.imresize(mx.nd.array(img[..., :1].copy(), dtype="uint8"), w, h, interp=2))


@pytest.mark.parametrize("w,h,interp", [(13, 11, 3), (15, 10, 3)])
def test_imresize_uint8_within_one(w, h, interp):
    img = _rgb()
    (ok_r, ref), (ok_o, ours) = run_both(lambda mx: mx.image.imresize(mx.nd.array(img, dtype="uint8"), w, h,
                                                                      interp=interp))
    assert ok_r and ok_o and ref[1] == ours[1] and ref[2] is ours[2]
    assert np.abs(ref[4].astype(int) - ours[4].astype(int)).max() <= 1


def test_imresize_errors():
    check(lambda mx: mx.image.imresize(mx.nd.ones((4, 5), dtype="uint8"), 2, 2))
    check(lambda mx: mx.image.imresize(mx.nd.ones((4, 5, 3), dtype="uint8"), 2, 2, interp=11))


@pytest.mark.parametrize("h,w,oh,ow", [(24, 32, 50, 61), (40, 33, 13, 17), (7, 9, 7, 30), (5, 5, 1, 1)])
def test_imresize_lanczos4(h, w, oh, ow):
    """interp=4 (OpenCV's Lanczos4): uint8 exact; float32 within float rounding."""
    img = (np.random.RandomState(h * w).rand(h, w, 3) * 255).astype(np.uint8)
    check(lambda mx: mx.image.imresize(mx.nd.array(img, dtype="uint8"), ow, oh, interp=4))
    (ok_r, ref), (ok_o, ours) = run_both(lambda mx: mx.image.imresize(mx.nd.array(img), ow, oh, interp=4))
    assert ok_r and ok_o and ref[1] == ours[1] and ref[2] is ours[2]
    np.testing.assert_allclose(ours[4], ref[4], rtol=0, atol=2e-4)


def test_img_alias_module(mx):
    """mx.img is mx.image (MXNet's alias), so mx.img.image.imread resolves."""
    assert mx.img is mx.image and mx.img.image.imread is mx.image.imread


@pytest.mark.parametrize("border", [0, 1, 2, 3, 4])
def test_copy_make_border(border):
    img = _rgb(5, 4)
    check(lambda mx: mx.image.copyMakeBorder(mx.nd.array(img, dtype="uint8"), 2, 7, 5, 1, type=border))
    check(lambda mx: mx.image.copyMakeBorder(mx.nd.array(img), 1, 0, 0, 3, type=border, value=7.5))


def test_copy_make_border_values():
    img = _rgb(5, 4)
    check(lambda mx: mx.image.copyMakeBorder(mx.nd.array(img, dtype="uint8"), 1, 1, 2, 2, values=(1, 2, 3)))


@pytest.mark.parametrize("src,size", [((100, 50), (60, 80)), ((30, 40), (10, 10)), ((20, 20), (40, 10))])
def test_scale_down(src, size):
    assert torch2gluon.image.scale_down(src, size) == mxnet.image.scale_down(src, size)


def test_crops_and_resize_short():
    img = _rgb()
    check(lambda mx: mx.image.resize_short(mx.nd.array(img, dtype="uint8"), 12, interp=0))
    check(lambda mx: mx.image.resize_short(mx.nd.array(img.transpose(1, 0, 2).copy(), dtype="uint8"), 10,
                                           interp=1))
    check(lambda mx: mx.image.center_crop(mx.nd.array(img, dtype="uint8"), (10, 20)))
    check(lambda mx: mx.image.fixed_crop(mx.nd.array(img, dtype="uint8"), 3, 4, 10, 8))
    check(lambda mx: mx.image.fixed_crop(mx.nd.array(img, dtype="uint8"), 3, 4, 10, 8, size=(5, 4), interp=1))
    check(lambda mx: mx.image.color_normalize(mx.nd.array(img), mx.nd.array([10, 20, 30]), mx.nd.array([2, 4, 5])))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_crops_follow_python_random(seed):
    img = _rgb()

    def f(mx):
        random.seed(seed)
        a = mx.image.random_crop(mx.nd.array(img, dtype="uint8"), (10, 12), interp=0)
        b = mx.image.random_size_crop(mx.nd.array(img, dtype="uint8"), (8, 8), 0.3, (0.75, 1.33), interp=0)
        c = mx.image.random_size_crop(mx.nd.array(img, dtype="uint8"), (8, 8), (0.9, 1.0), (3.0, 4.0), interp=1)
        return list(a), list(b), list(c)
    check(f)


def _aug_cases():
    eigval = np.array([55.46, 4.794, 1.148])
    eigvec = np.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140], [-0.5836, -0.6948, 0.4203]])
    return {
        "brightness": lambda mx: mx.image.BrightnessJitterAug(0.3),
        "contrast": lambda mx: mx.image.ContrastJitterAug(0.3),
        "saturation": lambda mx: mx.image.SaturationJitterAug(0.3),
        "hue": lambda mx: mx.image.HueJitterAug(0.4),
        "colorjitter": lambda mx: mx.image.ColorJitterAug(0.2, 0.3, 0.4),
        "lighting": lambda mx: mx.image.LightingAug(0.1, eigval, eigvec),
        "normalize": lambda mx: mx.image.ColorNormalizeAug(mx.nd.array([100, 110, 120]), [50, 60, 70]),
        "gray": lambda mx: mx.image.RandomGrayAug(0.5),
        "flip": lambda mx: mx.image.HorizontalFlipAug(0.5),
        "cast": lambda mx: mx.image.CastAug("float64"),
        "forceresize": lambda mx: mx.image.ForceResizeAug((10, 7), interp=9),
        "resize": lambda mx: mx.image.ResizeAug(12, interp=1),
        "randomcrop": lambda mx: mx.image.RandomCropAug((10, 12), interp=0),
        "sizedcrop": lambda mx: mx.image.RandomSizedCropAug((8, 8), 0.2, (0.5, 2.0), interp=0),
        "centercrop": lambda mx: mx.image.CenterCropAug((10, 10), interp=1),
        "order": lambda mx: mx.image.RandomOrderAug([mx.image.BrightnessJitterAug(0.5),
                                                     mx.image.HorizontalFlipAug(0.5), mx.image.CastAug()]),
        "sequential": lambda mx: mx.image.SequentialAug([mx.image.HorizontalFlipAug(1), mx.image.CastAug()]),
    }


@pytest.mark.parametrize("name", sorted(_aug_cases()))
@pytest.mark.parametrize("seed", [3, 4])
def test_augmenters(name, seed):
    make = _aug_cases()[name]
    img = _rgb(16, 20)

    def f(mx):
        aug = make(mx)
        random.seed(seed)
        np.random.seed(seed)
        outs = [aug(mx.nd.array(img)) for _ in range(3)]
        if name in ("cast", "resize", "centercrop"):  # (forceresize: uint8 area with factor 16/7 is within 1)
            outs.append(aug(mx.nd.array(img, dtype="uint8")))
        return outs, aug.dumps()
    check(f, atol=1e-3, rtol=1e-5)


@pytest.mark.parametrize("kw", [dict(), dict(resize=20, rand_crop=True, rand_mirror=True, mean=True, std=True),
                                dict(rand_crop=True, rand_resize=True, brightness=0.1, contrast=0.1, saturation=0.1,
                                     hue=0.1, pca_noise=0.1, rand_gray=0.2, inter_method=1)])
def test_create_augmenter(kw):
    img = _rgb(24, 30)

    def f(mx):
        augs = mx.image.CreateAugmenter((3, 16, 16), **kw)
        random.seed(5)
        np.random.seed(5)
        x = mx.nd.array(img, dtype="uint8")
        for a in augs:
            x = a(x)
        return [type(a).__name__ for a in augs], [a.dumps() for a in augs], x
    check(f, atol=1e-3)


def _write_rec(tmp_path, n=7, label_width=1):
    idx, rec = str(tmp_path / "d.idx"), str(tmp_path / "d.rec")
    w = mxnet.recordio.MXIndexedRecordIO(idx, rec, "w")
    for i in range(n):
        label = float(i) if label_width == 1 else [i, i + 0.5]
        w.write_idx(i, mxnet.recordio.pack(mxnet.recordio.IRHeader(0, label, i, 0),
                                           _encode(_rgb(18, 22, seed=i), "PNG")))
    w.close()
    return idx, rec


@pytest.mark.parametrize("handle", ["pad", "discard", "roll_over"])
@pytest.mark.parametrize("use_idx", [False, True])
def test_image_iter_rec(tmp_path, handle, use_idx):
    idx, rec = _write_rec(tmp_path)

    def f(mx):
        it = mx.image.ImageIter(3, (3, 18, 22), path_imgrec=rec, path_imgidx=idx if use_idx else None,
                                last_batch_handle=handle)
        out = []
        for _ in range(2):
            out.append([(b.data[0], b.label[0], b.pad) for b in it])
            it.reset()
        return out, it.provide_data, it.provide_label
    check(f)


def test_image_iter_shuffle_aug_and_labels(tmp_path):
    idx, rec = _write_rec(tmp_path, n=6, label_width=2)

    def f(mx):
        random.seed(11)
        it = mx.image.ImageIter(4, (3, 10, 12), label_width=2, path_imgrec=rec, path_imgidx=idx, shuffle=True,
                                rand_crop=True, rand_mirror=True, inter_method=0)
        return [(b.data[0], b.label[0], b.pad) for b in it]
    check(f)


def test_image_iter_lists(tmp_path):
    for i in range(5):
        (tmp_path / f"{i}.png").write_bytes(_encode(_rgb(18, 22, seed=i), "PNG"))
    with open(tmp_path / "a.lst", "w") as f:
        for i in range(5):
            f.write(f"{i}\t{i * 2}\t{i}.png\n")

    def f(mx):
        a = mx.image.ImageIter(2, (3, 18, 22), path_imglist=str(tmp_path / "a.lst"), path_root=str(tmp_path),
                               dtype="int32")
        b = mx.image.ImageIter(2, (3, 16, 16), imglist=[[1, "0.png"], [[2, 3], "1.png"], [4, 5, "2.png"]],
                               path_root=str(tmp_path), label_width=2, last_batch_handle="discard")
        return [(x.data[0], x.label[0], x.pad) for x in a], [(x.data[0], x.label[0]) for x in b]
    check(f)


def test_image_iter_broken_image(tmp_path):
    idx, rec = str(tmp_path / "b.idx"), str(tmp_path / "b.rec")
    w = torch2gluon.recordio.MXIndexedRecordIO(idx, rec, "w")
    w.write_idx(0, torch2gluon.recordio.pack(torch2gluon.recordio.IRHeader(0, 1.0, 0, 0), b"broken"))
    w.close()
    for mx in MODULES:
        it = mx.image.ImageIter(1, (3, 4, 4), path_imgrec=rec, path_imgidx=idx)
        with pytest.raises(RuntimeError, match="Broken image index: 0"):
            it.next()


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_image_iter_bad_shape(mx):
    with pytest.raises(ValueError):
        mx.image.ImageIter(1, (1, 4, 4), imglist=[[1, "x.png"]], path_root=".")




@pytest.mark.parametrize("zoom", [{}, {"zoom_in": True}, {"zoom_out": True}])
def test_imrotate(zoom):
    img = np.random.RandomState(3).rand(2, 3, 9, 12).astype(np.float32)
    check(lambda mx: mx.image.imrotate(mx.nd.array(img), mx.nd.array([30, -75]), **zoom), atol=1e-4)
    check(lambda mx: mx.image.imrotate(mx.nd.array(img[0]), 45.0, **zoom), atol=1e-4)


def test_imrotate_errors_and_random():
    img = np.random.RandomState(3).rand(2, 3, 9, 12).astype(np.float32)
    check(lambda mx: mx.image.imrotate(mx.nd.array(img), 10, zoom_in=True, zoom_out=True))
    check(lambda mx: mx.image.imrotate(mx.nd.array(img, dtype="float64"), 10))
    check(lambda mx: mx.image.imrotate(mx.nd.array(img[0]), mx.nd.array([10])))
    check(lambda mx: mx.image.imrotate(mx.nd.array(img), mx.nd.array([10, 20, 30])))

    def f(mx):
        np.random.seed(4)
        return mx.image.random_rotate(mx.nd.array(img), (-20, 20)), mx.image.random_rotate(mx.nd.array(img[0]),
                                                                                             (5, 9))
    check(f, atol=1e-4)


def test_image_iter_default_bicubic_pipeline(tmp_path):
    """resize + center crop with the default bicubic interpolation on uint8: MXNet's pixels exactly."""
    idx, rec = _write_rec(tmp_path, n=4)

    def f(mx):
        it = mx.image.ImageIter(2, (3, 12, 12), path_imgrec=rec, path_imgidx=idx, resize=14, mean=True, std=True)
        return [(b.data[0], b.label[0]) for b in it]
    check(f, atol=1e-5)


def test_image_iter_rec_with_list_labels(tmp_path):
    idx, rec = _write_rec(tmp_path, n=4)
    with open(tmp_path / "l.lst", "w") as f:
        for i in range(4):
            f.write(f"{i}\t{i * 100}\t{i}.png\n")

    def f(mx):
        it = mx.image.ImageIter(3, (3, 18, 22), path_imgrec=rec, path_imgidx=idx, path_imglist=str(tmp_path / "l.lst"),
                                part_index=1, num_parts=2)
        return [(b.data[0], b.label[0], b.pad) for b in it]
    check(f)
