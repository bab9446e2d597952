"""gluon.data.vision parity with MXNet 1.9.1 (from MXNet's test_gluon_data_vision.py sweep)."""
import numpy as np
import pytest

from tests.oracle import check

_IMG = np.random.RandomState(0).uniform(0, 255, (3, 30, 20, 3))


@pytest.mark.parametrize("code", [
    "mx.nd.image.resize(x[0], size=20, interp=1)",
    "mx.nd.image.resize(x[0], size=(20, 10), interp=2)",
    "mx.nd.image.resize(x[0], size=(13, 41), interp=1)",
    "mx.nd.image.resize(x, size=15, keep_ratio=True, interp=1)",
    "mx.gluon.data.vision.transforms.Resize(20)(x[0])",
    "mx.gluon.data.vision.transforms.Resize(20)(x)",
    "mx.gluon.data.vision.transforms.Resize((20, 10), interpolation=2)(x[1])",
    "mx.gluon.data.vision.transforms.CenterCrop(8, interpolation=1)(x[2])",
])
@pytest.mark.parametrize("dtype", ["uint8", "float32"])
def test_image_resize_matches_opencv(code, dtype):
    """nd.image.resize (and the transforms over it) equal MXNet's OpenCV result, uint8 bit-exact."""
    check(lambda mx: eval(code, {"mx": mx, "x": mx.nd.array(_IMG).astype(dtype)}), atol=1e-3)  # noqa: S307


def test_resize_agrees_with_imresize(mx):
    """transforms.Resize and mx.image.imresize give the same uint8 pixels (as in MXNet's test_resize)."""
    x = mx.nd.array(_IMG[0]).astype("uint8")
    a = mx.gluon.data.vision.transforms.Resize((20, 10))(x).asnumpy()
    b = mx.image.imresize(x, 20, 10, 1).asnumpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("code", [
    "mx.nd.image.resize(x, size=-150)",
    "mx.nd.image.resize(x, size=0, keep_ratio=True)",
    "mx.nd.image.resize(x, size=(0, 10))",
    "mx.nd.image.resize(x, size=(10, -2))",
    "mx.gluon.data.vision.transforms.Resize(-150, keep_ratio=True)(x)",
    "mx.gluon.data.vision.transforms.Resize((100, 100, 100), keep_ratio=True)(x)",
])
@pytest.mark.parametrize("dtype", ["uint8", "float32"])
def test_resize_rejects_non_positive_sizes(code, dtype):
    """Sizes must be > 0: MXNetError, as MXNet's resize parameter check."""
    check(lambda mx: eval(code, {"mx": mx, "x": mx.nd.array(_IMG[0]).astype(dtype)}),  # noqa: S307
          raises=Exception)
