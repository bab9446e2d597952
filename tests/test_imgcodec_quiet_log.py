"""Decoding an image logs nothing and reads only the formats MXNet's OpenCV reads (PNG, BMP, JPEG, TIFF; GIF,
WebP, PPM, TGA, ICO fail on both): Pillow's DEBUG records (PngImagePlugin's
`STREAM b'IHDR'` per chunk) must not reach a script's `logging.basicConfig(level=DEBUG)`."""
import io
import logging

import numpy as np
import pytest
from PIL import Image

from tests.oracle import check


def _encoded(fmt):
    b = io.BytesIO()
    Image.fromarray((np.arange(48).reshape(4, 4, 3) * 5).astype(np.uint8)).save(b, format=fmt)
    return b.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "BMP", "GIF", "JPEG", "TIFF", "WEBP", "PPM", "TGA", "ICO"])
@pytest.mark.parametrize("flag", [0, 1])
def test_imdecode_logs_nothing(caplog, fmt, flag):
    buf = _encoded(fmt)

    def fn(mx):
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            out = mx.image.imdecode(buf, flag=flag)
        return out.shape, [r.getMessage() for r in caplog.records]
    check(fn)


def test_users_own_pillow_debug_logs_still_appear(caplog):
    import torch2gluon as mx
    buf = _encoded("PNG")
    mx.image.imdecode(buf)
    with caplog.at_level(logging.DEBUG):
        Image.open(io.BytesIO(buf)).load()
    assert any("STREAM" in r.getMessage() for r in caplog.records)
