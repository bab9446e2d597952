"""Vision transforms with interpolation 10 (a random OpenCV method, Lanczos included) and 4, against MXNet."""
import random

import numpy as np
import pytest

from tests.oracle import check

IMG = np.random.RandomState(0).randint(0, 255, (10, 12, 3)).astype(np.uint8)


@pytest.mark.parametrize("interp", [4, 10])
@pytest.mark.parametrize("size", [(16, 14), 20, (6, 5)])
def test_center_crop_interp(interp, size):
    def f(mx):
        random.seed(5)
        t = mx.gluon.data.vision.transforms.CenterCrop(size, interpolation=interp)
        return [t(mx.nd.array(IMG, dtype="uint8")) for _ in range(4)]
    check(f)


@pytest.mark.parametrize("interp", [4, 10])
def test_random_resized_crop_interp(interp):
    def f(mx):
        random.seed(7)
        np.random.seed(7)
        t = mx.gluon.data.vision.transforms.RandomResizedCrop((9, 7), interpolation=interp)
        return [t(mx.nd.array(IMG, dtype="uint8")) for _ in range(4)]
    check(f)


@pytest.mark.parametrize("dtype", ["uint8", "float32"])
def test_nd_image_resize_lanczos(dtype):
    check(lambda mx: mx.nd.image.resize(mx.nd.array(IMG, dtype=dtype), (17, 7), False, 4), atol=2e-4)
    check(lambda mx: mx.gluon.data.vision.transforms.Resize((5, 13), interpolation=4)(
        mx.nd.array(IMG, dtype=dtype)), atol=2e-4)
