"""mx.image.imresize / resize_short / copyMakeBorder parse their operator parameters as MXNet 1.9.1 does
(declared int/float/tuple types, MXNetError for '3.0', True, None; w/h >= 1) and copyMakeBorder's constant
fill goes through OpenCV's saturate_cast (round half to even, clamped to the image dtype). Against MXNet."""
import numpy as np
import pytest

from tests.oracle import check

IMG = np.random.RandomState(0).randint(0, 255, (5, 6, 3)).astype("uint8")


@pytest.mark.parametrize("w,h", [(3, 4), (np.int64(3), 4), ("3", 4), (3.0, 4), (3, 4.5), (True, 4), (None, 3),
                                 (0, 5), (5, 0), (-1, 3), (0, 0), (3.7, 4.2)])
def test_imresize_size_parameters(w, h):
    check(lambda mx: mx.image.imresize(mx.nd.array(IMG, dtype="uint8"), w, h))


@pytest.mark.parametrize("size", [0, -2, 3])
def test_resize_short_size(size):
    check(lambda mx: mx.image.resize_short(mx.nd.array(IMG, dtype="uint8"), size))


@pytest.mark.parametrize("dtype", ["uint8", "int32", "float32"])
@pytest.mark.parametrize("kw", [dict(values=7), dict(values=7.7), dict(values=(7,)), dict(values=[7, 8, 9]),
                                dict(value=7.6), dict(value=2.5), dict(value=3.5), dict(value=-3),
                                dict(value=300), dict(values=(7.5, 8.5, -1.2)), dict(value=5, values=(1, 2, 3))])
def test_copy_make_border_constant_fill(dtype, kw):
    # MXNet reads past a `values` shorter than the channels (uninitialised memory): such cases use one channel
    n = len(np.atleast_1d(kw.get("values", (0, 0, 0))))
    img = IMG if n >= 3 else IMG[:, :, :1]
    check(lambda mx: mx.image.copyMakeBorder(mx.nd.array(img, dtype=dtype), 1, 2, 0, 1, type=0, **kw))


@pytest.mark.parametrize("args", [(-1, 1, 0, 0, 1), (0, 0, 0, -2, 0), (1.5, 1, 1, 1, 0), (1, 1, 1, 1, 1.0),
                                  ("2", 0, 1, 0, 2)])
def test_copy_make_border_parameters(args):
    def f(mx):
        out = mx.image.copyMakeBorder(mx.nd.array(IMG, dtype="uint8"), *args[:4], type=args[4], value=9)
        mx.nd.waitall()
        return out
    check(f)


def _png(arr_or_mode):
    import io
    from PIL import Image
    if isinstance(arr_or_mode, str):
        rgb = np.random.RandomState(1).randint(0, 255, (6, 7, 3)).astype("uint8")
        im = Image.fromarray(rgb).convert(arr_or_mode)
    else:
        im = Image.fromarray(arr_or_mode)
    b = io.BytesIO()
    im.save(b, format="PNG")
    return b.getvalue()


PNGS = {m: _png(m) for m in ("L", "LA", "RGB", "RGBA", "P")}
PNGS["gray16"] = _png(np.random.RandomState(2).randint(0, 65535, (5, 6)).astype("uint16"))


@pytest.mark.parametrize("src", list(PNGS))
@pytest.mark.parametrize("flag", [0, 1, 2, 3, 4, 5, 6, 8, 9, 12, -1, 1.0, "1", True])
def test_imdecode_flags(src, flag):
    """OpenCV's IMREAD_* bits against MXNet's 3-channel output (MXNetError where OpenCV's layout differs),
    16-bit PNGs scaled to 8 bits as OpenCV does, and the int format of `flag`."""
    def f(mx):
        out = mx.image.imdecode(PNGS[src], flag=flag)
        mx.nd.waitall()
        return out
    check(f)


@pytest.mark.parametrize("to_rgb", [0, 1, 2, "x", False])
def test_imdecode_to_rgb_format(to_rgb):
    check(lambda mx: mx.image.imdecode(PNGS["RGB"], to_rgb=to_rgb))
