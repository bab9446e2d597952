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
    check(lambda mx: mx.image.copyMakeBorder(mx.nd.array(IMG, dtype=dtype), 1, 2, 0, 1, type=0, **kw))


@pytest.mark.parametrize("args", [(-1, 1, 0, 0, 1), (0, 0, 0, -2, 0), (1.5, 1, 1, 1, 0), (1, 1, 1, 1, 1.0),
                                  ("2", 0, 1, 0, 2)])
def test_copy_make_border_parameters(args):
    def f(mx):
        out = mx.image.copyMakeBorder(mx.nd.array(IMG, dtype="uint8"), *args[:4], type=args[4], value=9)
        mx.nd.waitall()
        return out
    check(f)
