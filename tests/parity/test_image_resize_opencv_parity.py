"""mx.image.imresize and nd.image.resize against MXNet 1.9.1's OpenCV resize, every interp and dtype.

MXNet runs both through the same cv::resize, so they agree bit for bit there; the sizes below include
enlargements (12 -> 34, 14 -> 18) where OpenCV's scale 1 / (dst / src) puts floor() one pixel lower than
src / dst would, and float64 input, which OpenCV resizes in double.
"""
import numpy as np
import pytest

from tests.oracle import check

_IMG = np.random.RandomState(3).uniform(0, 255, (14, 12, 3))
_SIZES = [(34, 18), (5, 9), (12, 7), (20, 14)]  # (w, h)


def _tol(dtype, interp):
    return 0.0 if dtype == "uint8" else 1e-4  # integer output compares exactly anyway


@pytest.mark.parametrize("interp", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("dtype", ["uint8", "float32", "float64"])
@pytest.mark.parametrize("size", _SIZES)
def test_imresize_matches_opencv(interp, dtype, size):
    """mx.image.imresize: OpenCV's pixels (uint8 exact) and dtype for every interpolation code."""
    w, h = size
    check(lambda mx: mx.image.imresize(mx.nd.array(_IMG, dtype=dtype), w, h, interp),
          atol=_tol(dtype, interp), rtol=0)


@pytest.mark.parametrize("interp", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("dtype", ["uint8", "float32", "float64"])
def test_image_resize_matches_opencv(interp, dtype):
    """nd.image.resize (HWC and NHWC) is the same OpenCV call as imresize, for every interp and dtype."""
    def fn(mx):
        x = mx.nd.array(_IMG, dtype=dtype)
        batch = mx.nd.stack(x, x[::-1])
        return [mx.nd.image.resize(x, (34, 18), False, interp),
                mx.nd.image.resize(batch, 9, True, interp),
                mx.nd.image.resize(x, 5, False, interp)]
    check(fn, atol=_tol(dtype, interp), rtol=0)


@pytest.mark.parametrize("dtype", ["uint8", "float32"])
@pytest.mark.parametrize("shape, size", [((31, 23, 3), (10, 7)), ((17, 40, 1), (13, 9)), ((9, 30, 3), (4, 29)),
                                         ((20, 20, 3), (7, 7))])
def test_area_shrink_exact(dtype, shape, size):
    """INTER_AREA at non-integer factors: OpenCV's float32 accumulation order, so uint8 pixels are exact."""
    img = np.random.RandomState(sum(shape)).uniform(0, 255, shape)
    check(lambda mx: mx.image.imresize(mx.nd.array(img, dtype=dtype), size[0], size[1], 3),
          atol=1e-5 if dtype == "float32" else 0, rtol=0)


@pytest.mark.parametrize("dtype", ["uint8", "float32", "float64"])
@pytest.mark.parametrize("interp", [0, 1, 2, 3, 4])
def test_resize_transform_equals_imresize(mx, dtype, interp):
    """transforms.Resize(keep_ratio=True) gives exactly imresize's pixels (MXNet's test_resize, any dtype)."""
    x = mx.nd.array(_IMG, dtype=dtype)
    a = mx.gluon.data.vision.transforms.Resize(18, keep_ratio=True, interpolation=interp)(x).asnumpy()
    b = mx.image.imresize(x, 18, 21, interp).asnumpy()
    assert a.dtype == b.dtype
    np.testing.assert_array_equal(a, b)


def test_resize_unknown_interp_is_mxneterror():
    """An interpolation code OpenCV does not know is an MXNetError (MXNet's cv::resize raises it, asynchronously)."""
    import torch2gluon as mx
    with pytest.raises(mx.base.MXNetError, match="Unknown interpolation"):
        mx.nd.image.resize(mx.nd.ones((4, 4, 3)), 3, interp=5).asnumpy()


@pytest.mark.parametrize("interp", [0, 1, 2, 3, 4])
def test_imresize_int8_resizes_the_uint8_bytes(interp):
    """imresize hands int8 pixels to OpenCV as uint8 bytes: MXNet's (wrapped) values, dtype int8."""
    img = np.random.RandomState(1).uniform(-100, 100, (6, 5, 3))
    check(lambda mx: mx.image.imresize(mx.nd.array(img).astype("int8"), 8, 7, interp), atol=0, rtol=0)


@pytest.mark.parametrize("code", ["mx.image.imresize(x, 8, 7, 0)", "mx.nd.image.resize(x, (8, 7), interp=0)"])
def test_int32_nearest_matches(code):
    """int32 images resize with OpenCV's nearest kernel (the only one it has for int32)."""
    img = np.random.RandomState(2).uniform(-1e6, 1e6, (6, 5, 3))
    check(lambda mx: eval(code, {"mx": mx, "x": mx.nd.array(img).astype("int32")}), atol=0, rtol=0)  # noqa: S307


@pytest.mark.parametrize("code", [
    "mx.image.imresize(x.astype('float16'), 8, 7, 1)",
    "mx.nd.image.resize(x.astype('float16'), (8, 7))",
    "mx.gluon.data.vision.transforms.Resize(8)(x.astype('float16'))",
    "mx.image.imresize(x.astype('int32'), 8, 7, 1)",
    "mx.nd.image.resize(x.astype('int32'), (8, 7), interp=2)",
])
def test_unsupported_dtypes_are_mxneterror(code):
    """float16 images, and int32 with any kernel but nearest, are MXNetError like MXNet's OpenCV bridge."""
    check(lambda mx: eval(code, {"mx": mx, "x": mx.nd.ones((6, 5, 3))}).asnumpy())  # noqa: S307


def test_int64_and_int8_resize_refused():
    """int64 (meaningless in MXNet) is refused by name; image.resize rejects int8 (MXNet crashes on it)."""
    import torch2gluon as mx
    with pytest.raises(NotImplementedError, match="int64"):
        mx.image.imresize(mx.nd.ones((6, 5, 3), dtype="int64"), 8, 7)
    with pytest.raises(mx.base.MXNetError, match="int8"):
        mx.nd.image.resize(mx.nd.ones((6, 5, 3), dtype="int8"), (8, 7), interp=0)


@pytest.mark.parametrize("dtype", ["uint8", "float32"])
def test_lanczos4_coefficients_exact(dtype):
    """Lanczos4 weights from OpenCV's float (x + 3) - i: uint8 pixels exact where (x + 3 - i) in one step was 1 off."""
    img = np.random.RandomState(11).uniform(0, 255, (51, 55, 3))
    check(lambda mx: mx.image.imresize(mx.nd.array(img, dtype=dtype), 70, 84, 4), atol=1e-5, rtol=0)


@pytest.mark.parametrize("interp", [1, 2, 3, 4])
@pytest.mark.parametrize("size", [(34, 18), (5, 9), (20, 7)])
def test_float64_in_double(interp, size):
    """float64 images: OpenCV's float weights (1.f - f, f) widened to double and double sums (within 1e-9)."""
    check(lambda mx: mx.image.imresize(mx.nd.array(_IMG, dtype="float64"), size[0], size[1], interp),
          atol=1e-9, rtol=0)
