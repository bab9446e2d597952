"""The rest of 1.9.1's vision transforms and the `nd.image` colour operators, against real MXNet."""
import colorsys
import random

import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import check, check_grad

LIBS = (mxnet, torch2gluon)


def _img(mx, shape=(9, 11, 3), dtype="uint8", seed=1):
    return mx.nd.array(np.random.RandomState(seed).randint(0, 256, shape), dtype=dtype)


def _fimg(mx, shape=(3, 7, 9), seed=0):
    return mx.nd.array(np.random.RandomState(seed).rand(*shape).astype("float32"))


def test_every_191_transform_exists():
    ours = torch2gluon.gluon.data.vision.transforms
    names = [n for n in dir(mxnet.gluon.data.vision.transforms) if n[:1].isupper()]
    missing = [n for n in names if not hasattr(ours, n)]
    assert not missing, missing
    ops = [n for n in dir(mxnet.nd.image) if not n.startswith("_")]
    assert not [n for n in ops if not hasattr(torch2gluon.nd.image, n)]


# ------------------------------------------------------------------ nd.image colour operators, exact
FACTOR_CASES = [(op, a) for op in ("random_brightness", "random_contrast", "random_saturation", "random_hue")
                for a in (0.63, 1.37)] + [("random_hue", 0.03), ("random_hue", 1.9), ("random_contrast", 0.0)]


@pytest.mark.parametrize("dtype", ["uint8", "float32", "int32"])
@pytest.mark.parametrize("op,a", FACTOR_CASES)
def test_color_op_degenerate_range_is_exact(op, a, dtype):
    # min_factor == max_factor makes the random op deterministic: MXNet's pixels exactly
    # (float32 hue within a few ulps: the HLS round trip is float32 arithmetic in both)
    atol = 3e-4 if (op == "random_hue" and dtype == "float32") else 0
    check(lambda mx: getattr(mx.nd.image, op)(_img(mx, dtype=dtype), a, a), atol=atol, rtol=0)


@pytest.mark.parametrize("op", ["random_brightness", "random_contrast", "random_saturation"])
def test_color_op_one_channel(op):
    check(lambda mx: getattr(mx.nd.image, op)(_img(mx, (5, 4, 1), "float32"), 0.7, 0.7))


@pytest.mark.parametrize("alpha", [(0.1, 0.2, 0.3), (-1.0, 2.0, 0.5)])
@pytest.mark.parametrize("dtype", ["uint8", "float32"])
def test_adjust_lighting(alpha, dtype):
    check(lambda mx: mx.nd.image.adjust_lighting(_img(mx, dtype=dtype), alpha=alpha), rtol=0, atol=0)


@pytest.mark.parametrize("code", [
    "mx.nd.image.random_brightness(x(mx, (2, 5, 4, 3)), 1.0, 1.0)",   # 4-D
    "mx.nd.image.random_contrast(x(mx, (5, 4)), 1.0, 1.0)",            # 2-D
    "mx.nd.image.random_hue(x(mx, (5, 4, 2)), 1.0, 1.0)",              # 2 channels
    "mx.nd.image.random_brightness(x(mx, (5, 4, 3)), -1.0, 1.0)",      # negative factor
    "mx.nd.image.random_saturation(x(mx, (5, 4, 3)), 0.5, -1.0)",
    "mx.nd.image.adjust_lighting(x(mx, (5, 4, 3)), alpha=(1.0, 2.0))",
    "mx.nd.image.random_lighting(x(mx, (5, 4, 3)), alpha_std=0.1, bogus=1)",
])
def test_color_op_errors(code):
    def snippet(mx):
        out = eval(code, {"mx": mx, "x": lambda m, s: _img(m, s, "float32")})  # noqa: S307
        out.wait_to_read()
        return out
    check(snippet)


def test_color_op_out_argument():
    def snippet(mx):
        out = mx.nd.zeros((9, 11, 3))
        res = mx.nd.image.random_brightness(_img(mx, dtype="float32"), 0.5, 0.5, out=out)
        return res, out
    check(snippet)


def test_identity_cases_of_random_ops(mx):
    x = _img(mx, dtype="float32")
    for out in (mx.nd.image.random_lighting(x, alpha_std=0.0), mx.nd.image.random_hue(x, 1.0, 1.0),
                mx.nd.image.random_brightness(x, 1.0, 1.0)):
        np.testing.assert_allclose(out.asnumpy(), x.asnumpy(), atol=3e-4)


def test_color_jitter_without_jitter_returns_input():
    # MXNet 1.9.1 leaves the output unwritten (garbage) here; torch2gluon returns the input
    x = _img(torch2gluon, dtype="float32")
    np.testing.assert_array_equal(torch2gluon.nd.image.random_color_jitter(x, 0, 0, 0, 0).asnumpy(), x.asnumpy())
    one = _img(torch2gluon, (4, 4, 1), "float32")
    np.testing.assert_array_equal(torch2gluon.nd.image.random_hue(one, 0.5, 0.5).asnumpy(), one.asnumpy())
    np.testing.assert_array_equal(torch2gluon.nd.image.adjust_lighting(one, alpha=(1, 2, 3)).asnumpy(),
                                  one.asnumpy())


# ------------------------------------------------------------------ nd.image colour operators, random laws
def _factors(mx, op, lo, hi, n=300):
    x = mx.nd.ones((1, 1, 1)) * 100
    return np.array([getattr(mx.nd.image, op)(x, lo, hi).asscalar() / 100 for _ in range(n)])


def test_random_factor_is_uniform(mx):
    f = _factors(mx, "random_brightness", 0.5, 1.5)
    assert f.min() >= 0.5 and f.max() <= 1.5
    assert abs(f.mean() - 1.0) < 0.06 and abs(f.std() - 1 / np.sqrt(12)) < 0.05
    assert len(np.unique(f)) > 250


def test_random_hue_law(mx):
    # pure red rotated by a*360 degrees: the hue of the output is a*360 mod 360
    x = mx.nd.array([[[255.0, 0.0, 0.0]]])
    hues = []
    for _ in range(200):
        r, g, b = mx.nd.image.random_hue(x, 0.9, 1.1).asnumpy().ravel()
        assert max(r, g, b) == pytest.approx(255, abs=1e-3) and min(r, g, b) == pytest.approx(0, abs=1e-3)
        h = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)[0] * 360
        hues.append(h - 360 if h > 180 else h)
    hues = np.array(hues)
    assert np.abs(hues).max() <= 36.01 and hues.min() < -25 and hues.max() > 25
    assert abs(hues.mean()) < 5


def test_random_lighting_law(mx):
    x = mx.nd.ones((1, 1, 3)) * 100
    offs = np.array([(mx.nd.image.random_lighting(x, alpha_std=0.1) - x).asnumpy().ravel() for _ in range(400)])
    eig = np.array([[55.46 * -0.5675, 4.794 * 0.7192, 1.148 * 0.4009],
                    [55.46 * -0.5808, 4.794 * -0.0045, 1.148 * -0.8140],
                    [55.46 * -0.5836, 4.794 * -0.6948, 1.148 * 0.4203]])
    alphas = np.linalg.solve(eig, offs.T).T  # back to the drawn alphas: N(0, 0.1) each
    assert np.abs(alphas.mean(0)).max() < 0.02
    np.testing.assert_allclose(alphas.std(0), 0.1, rtol=0.15)


def test_color_jitter_brightness_only(mx):
    x = mx.nd.ones((2, 2, 3)) * 100
    fs = [mx.nd.image.random_color_jitter(x, 0.4, 0, 0, 0).asnumpy() / 100 for _ in range(100)]
    for f in fs:
        np.testing.assert_allclose(f, f.flat[0], rtol=1e-6)
    f = np.array([f.flat[0] for f in fs])
    assert f.min() >= 0.6 - 1e-6 and f.max() <= 1.4 + 1e-6 and f.std() > 0.15


def test_color_jitter_mixes_orders(mx):
    # brightness then contrast differs from contrast then brightness on uint8 (saturation at 255):
    # across draws, both jitters must take effect (grey mean and spread both vary)
    x = _img(mx, (4, 4, 3), "float32")
    outs = np.array([mx.nd.image.random_color_jitter(x, 0.3, 0.3, 0, 0).asnumpy() for _ in range(60)])
    means = outs.reshape(60, -1).mean(1)
    spreads = outs.reshape(60, -1).std(1)
    assert means.std() > 1 and spreads.std() > 1


# ------------------------------------------------------------------ transform Blocks
@pytest.mark.parametrize("name,args", [("RandomBrightness", (0,)), ("RandomContrast", (0,)),
                                       ("RandomSaturation", (0,)), ("RandomHue", (0,)),
                                       ("RandomColorJitter", (0, 0, 0, 0.0)), ("RandomLighting", (0,)),
                                       ("RandomBrightness", (1.5,))])
def test_color_transforms_api(name, args):
    # factor 0 makes every colour transform an identity (RandomColorJitter(0, ...) only in torch2gluon);
    # RandomBrightness(1.5) draws from U(0, 2.5): checked by range
    for mx in LIBS:
        if name == "RandomColorJitter" and mx is mxnet:
            continue
        t = getattr(mx.gluon.data.vision.transforms, name)(*args)
        x = _img(mx, dtype="float32")
        out = t(x).asnumpy()
        ratio = out / np.maximum(x.asnumpy(), 1)
        if args[0] == 0:
            np.testing.assert_allclose(out, x.asnumpy(), atol=3e-4)
        else:
            assert ratio.max() <= 2.5 + 1e-5


def test_color_transforms_hybridize_and_compose(mx):
    T = mx.gluon.data.vision.transforms
    t = T.Compose([T.RandomBrightness(0.0), T.RandomContrast(0.0), T.RandomSaturation(0.0), T.ToTensor()])
    out = t(_img(mx))
    np.testing.assert_allclose(out.asnumpy(), _img(mx).asnumpy().transpose(2, 0, 1) / 255.0, atol=1e-6)


def test_user_hybrid_block_calls_F_image():
    def snippet(mx):
        class Jitter(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, x):
                return F.image.random_contrast(F.image.random_brightness(x, 1.2, 1.2), 0.8, 0.8)
        b = Jitter()
        b.hybridize()
        return b(_img(mx, dtype="float32"))
    check(snippet, atol=1e-4)


@pytest.mark.parametrize("args", [(30,), (-75.5,), (30, True), (30, False, True), (180,), (0,)])
def test_rotate(args):
    check(lambda mx: mx.gluon.data.vision.transforms.Rotate(*args)(_fimg(mx)), atol=1e-6)


def test_rotate_batch_and_angles():
    check(lambda mx: mx.gluon.data.vision.transforms.Rotate(20, zoom_in=True)(_fimg(mx, (2, 3, 6, 5))), atol=1e-6)

    def snippet(mx):
        rot = mxnet.image.imrotate if mx is mxnet else torch2gluon.gluon.data.vision.transforms._imgeom.imrotate
        return rot(_fimg(mx, (2, 3, 6, 5)), mx.nd.array([10, -50]), zoom_out=True)
    check(snippet, atol=1e-6)


@pytest.mark.parametrize("code", [
    "T.Rotate(10)(_img(mx, (3, 5, 5), 'uint8'))",
    "T.Rotate(10, zoom_in=True, zoom_out=True)(_fimg(mx))",
    "T.Rotate(10)(_fimg(mx, (5, 5)))",
    "T.RandomRotation((10, 5))",
    "T.RandomRotation((-5, 5), rotate_with_proba=1.5)",
])
def test_rotate_errors(code):
    check(lambda mx: eval(code, {"T": mx.gluon.data.vision.transforms, "mx": mx,  # noqa: S307
                                 "_img": _img, "_fimg": _fimg}))


def test_random_rotation_follows_numpy_seed():
    def snippet(mx):
        np.random.seed(5)
        t = mx.gluon.data.vision.transforms.RandomRotation((-40, 40), zoom_out=True, rotate_with_proba=0.7)
        return [t(_fimg(mx)) for _ in range(6)] + [t(_fimg(mx, (2, 3, 6, 5)))]
    check(snippet, atol=1e-5)


@pytest.mark.parametrize("args", [(10,), ((12, 8), (0.3, 0.9), (0.5, 2.0)),
                                  (15, (0.08, 1.0), (3 / 4, 4 / 3), 2), (6, 0.5, (1.0, 1.0), 0),
                                  (40, (0.9, 1.0), (3.0, 4.0))])  # last: 10 misses, then the centre crop
def test_random_resized_crop_follows_python_seed(args):
    def snippet(mx):
        random.seed(3)
        t = mx.gluon.data.vision.transforms.RandomResizedCrop(*args)
        img = mx.nd.array(np.random.RandomState(2).rand(20, 30, 3).astype("float32") * 255)
        return [t(img) for _ in range(8)]
    check(snippet, atol=1e-3, rtol=0)


def test_random_resized_crop_uint8_within_one():
    outs = []
    for mx in LIBS:
        random.seed(4)
        t = mx.gluon.data.vision.transforms.RandomResizedCrop(12)
        outs.append([t(_img(mx, (20, 30, 3))).asnumpy().astype(int) for _ in range(5)])
    for a, b in zip(*outs):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert np.abs(a - b).max() <= 1  # OpenCV's fixed-point bilinear vs float bilinear rounded


def test_random_apply_follows_python_seed():
    def snippet(mx):
        T = mx.gluon.data.vision.transforms
        random.seed(11)
        t = T.RandomApply(T.Compose([T.Cast("float64"), T.RandomBrightness(0.0)]), p=0.4)
        return [t(_img(mx)) for _ in range(10)]
    check(snippet)


def test_random_apply_children(mx):
    T = mx.gluon.data.vision.transforms
    inner = T.RandomFlipLeftRight()
    t = T.RandomApply(inner, 0.3)
    assert t.p == 0.3 and t.transforms is inner and list(t._children.values())[0] is inner


def test_transforms_image_is_mx_image():
    pytest.importorskip("torch2gluon.image")
    assert torch2gluon.gluon.data.vision.transforms.image is torch2gluon.image


# ------------------------------------------------------------------ MXNet 2.x additions (no 1.9.1 oracle)
def test_hybrid_compose():
    T = torch2gluon.gluon.data.vision.transforms
    assert not hasattr(mxnet.gluon.data.vision.transforms, "HybridCompose")
    t = T.HybridCompose([T.ToTensor(), T.Normalize(0.5, 0.25)])
    assert isinstance(t, torch2gluon.gluon.nn.HybridSequential) and t._active
    x = _img(torch2gluon)
    np.testing.assert_allclose(t(x).asnumpy(), (x.asnumpy().transpose(2, 0, 1) / 255.0 - 0.5) / 0.25, atol=1e-6)
    with pytest.raises(ValueError):
        T.HybridCompose([T.ToTensor(), T.CenterCrop(3)])  # CenterCrop is a plain Block


def test_hybrid_random_apply_probability():
    T = torch2gluon.gluon.data.vision.transforms
    torch2gluon.random.seed(0)
    t = T.HybridRandomApply(T.Cast("float64"), p=0.3)
    x = _img(torch2gluon)
    applied = [t(x).dtype == np.float64 for _ in range(400)]
    assert 0.23 < np.mean(applied) < 0.37
    with pytest.raises(AssertionError):
        T.HybridRandomApply(T.CenterCrop(3))


def test_random_resized_crop_needs_hwc():
    check(lambda mx: mx.gluon.data.vision.transforms.RandomResizedCrop(4)(_img(mx, (2, 6, 6, 3))))


@pytest.mark.parametrize("op,args", [("random_brightness", (0.5, 0.5)), ("random_contrast", (0.7, 0.7)),
                                     ("random_saturation", (1.3, 1.3)), ("random_hue", (0.2, 0.2)),
                                     ("random_lighting", (0.0,)), ("random_color_jitter", (0.0, 0.0, 0.0, 0.0))])
def test_color_op_gradient_is_a_copy(op, args):
    # MXNet registers these operators with the `_copy` gradient: d(out)/d(in) passes straight through
    x = np.random.RandomState(0).rand(3, 4, 3) * 200
    def fn(mx, a):
        out = getattr(mx.nd.image, op)(a, *args)
        return out * 0 + 1 if op == "random_color_jitter" else out  # jitter(0...) output is garbage in MXNet
    check_grad(fn, x, out_grad=np.arange(36.0).reshape(3, 4, 3), atol=3e-4)


def test_rotate_gradient():
    x = np.random.RandomState(0).rand(2, 5, 6)
    check_grad(lambda mx, a: mx.gluon.data.vision.transforms.Rotate(33)(a), x,
               out_grad=np.random.RandomState(1).rand(2, 5, 6), atol=1e-5)


def test_compose_honours_hooks_and_mixed_children(mx):
    T = mx.gluon.data.vision.transforms
    c = T.Compose([T.ToTensor(), T.Normalize(0.5, 0.25)])
    x = _img(mx)
    first = c(x).asnumpy()
    seen = []
    inner = list(c._children.values())[0]  # the hybridized group of ToTensor + Normalize
    handle = inner.register_forward_hook(lambda b, i, o: seen.append(o.shape))
    np.testing.assert_array_equal(c(x).asnumpy(), first)
    assert seen == [(3, 9, 11)]
    handle.detach()
    c(x)
    assert seen == [(3, 9, 11)]
    random.seed(0)
    mixed = T.Compose([T.RandomResizedCrop(5), T.ToTensor(), T.Normalize(0.5, 0.25)])
    assert mixed(x).shape == (3, 5, 5)


def test_flips_need_hwc_channels():
    check(lambda mx: mx.nd.image.flip_top_bottom(mx.nd.ones((3, 4, 5))))
    check(lambda mx: mx.nd.image.random_flip_left_right(mx.nd.ones((3, 4, 5))))
    check(lambda mx: mx.nd.image.flip_left_right(mx.nd.ones((3, 4, 1))))


@pytest.mark.parametrize("flip_first", [True, False])
def test_dataloader_fast_path_random_flips(flip_first):
    # transform_first(Compose([random flip, ToTensor])) on an in-memory dataset is batched; each sample
    # must still be either the plain or the flipped image, about half of each
    mx = torch2gluon
    T = mx.gluon.data.vision.transforms
    # (after ToTensor the per-sample flip sees CHW (3, 4, 3): its last axis passes MXNet's channel check)
    imgs = np.random.RandomState(0).randint(0, 256, (200, 4, 3, 3)).astype(np.uint8)
    steps = [T.RandomFlipLeftRight(), T.ToTensor()] if flip_first else [T.ToTensor(), T.RandomFlipTopBottom()]
    ds = mx.gluon.data.ArrayDataset(mx.nd.array(imgs, dtype="uint8"), np.arange(200, dtype=np.int32))
    loader = mx.gluon.data.DataLoader(ds.transform_first(T.Compose(steps)), batch_size=32)
    assert loader._gather is not None  # the batched path is taken
    flipped = 0
    for x, y in loader:
        assert x.dtype is np.float32 and x.shape[1:] == (3, 4, 3)
        for img, i in zip(x.asnumpy(), y.asnumpy()):
            plain = imgs[i].transpose(2, 0, 1) / 255.0
            # left-right on HWC flips W (CHW axis 2); top-bottom after ToTensor flips CHW's axis 0
            other = plain[:, :, ::-1] if flip_first else plain[::-1]
            if np.allclose(img, plain, atol=1e-6):
                continue
            np.testing.assert_allclose(img, other, atol=1e-6)
            flipped += 1
    assert 70 < flipped < 130


def test_dataloader_fast_path_colour_jitter():
    mx = torch2gluon
    T = mx.gluon.data.vision.transforms
    imgs = np.full((64, 3, 3, 3), 100, np.uint8)
    ds = mx.gluon.data.ArrayDataset(mx.nd.array(imgs, dtype="uint8"), np.arange(64, dtype=np.int32))
    tf = T.Compose([T.RandomBrightness(0.5), T.RandomLighting(0.0), T.Cast("float32")])
    loader = mx.gluon.data.DataLoader(ds.transform_first(tf), batch_size=16)
    assert loader._gather is not None
    x = np.concatenate([b[0].asnumpy() for b in loader])
    factors = x[:, 0, 0, 0] / 100
    assert np.all(x == x[:, :1, :1, :1])  # one factor per image
    assert factors.min() >= 0.5 - 0.01 and factors.max() <= 1.5 + 0.01 and len(np.unique(factors)) > 40


@pytest.mark.parametrize("shape,size", [((64, 48, 3), (20, 30)), ((64, 48, 3), (90, 100)), ((2, 16, 12, 1), (5, 7)),
                                        ((16, 12, 3), (6, 8))])
def test_resize_area_matches_opencv(shape, size):
    # interpolation 3 is OpenCV's INTER_AREA (pixel-area weights), not torch's 'area' pooling
    x = np.random.RandomState(0).randint(0, 256, shape)
    check(lambda mx: mx.nd.image.resize(mx.nd.array(x, dtype="float32"), size, interp=3), atol=1e-3, rtol=0)
    outs = [mx.nd.image.resize(mx.nd.array(x, dtype="uint8"), size, interp=3).asnumpy().astype(int) for mx in LIBS]
    assert np.abs(outs[0] - outs[1]).max() <= 1
