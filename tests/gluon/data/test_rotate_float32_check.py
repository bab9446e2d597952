"""Rotate / RandomRotation accept only legacy float32 arrays, with MXNet 1.9.1's own test `x.dtype is not
np.float32`: every mx.np array (whose dtype is a dtype object) gets the same TypeError as in MXNet (h92)."""
import pytest

from tests.oracle import check


def _run(mx, npmode, dtype, which):
    T = mx.gluon.data.vision.transforms
    t = T.Rotate(90.) if which == "rotate" else T.RandomRotation([-10., 10.], rotate_with_proba=1.0)
    if npmode:
        mx.npx.set_np()
    try:
        x = (mx.np if npmode else mx.nd).ones((1, 3, 3), dtype=dtype)
        out = t(x)
        return out.shape, str(out.dtype)
    finally:
        mx.npx.reset_np()


@pytest.mark.parametrize("which", ["rotate", "random"])
@pytest.mark.parametrize("dtype", ["float32", "uint8", "float64", "float16"])
@pytest.mark.parametrize("npmode", [False, True])
def test_rotate_dtype_check(which, dtype, npmode):
    check(lambda mx: _run(mx, npmode, dtype, which))


def test_rotate_legacy_float32_values():
    import numpy as np
    img = np.zeros((1, 3, 3), dtype=np.float32)
    img[0, 1, 2] = 1
    check(lambda mx: mx.gluon.data.vision.transforms.Rotate(90.)(mx.nd.array(img)))


@pytest.mark.parametrize("which", ["rotate", "random"])
def test_np_float32_gets_the_transform_message(mx, which):
    with pytest.raises(TypeError, match="This transformation only supports float32. Consider calling it after "
                                        "ToTensor"):
        _run(mx, True, "float32", which)
