"""Decoding JPEGs warns nothing: torchvision 0.29's `decode_jpeg` wrapper warns a DeprecationWarning per call,
which MXNet scripts run under `warnings.simplefilter('always')` (and pytest summaries) would see per image."""
import io
import warnings

import numpy as np
import pytest
from PIL import Image

from tests.oracle import check


def _jpeg(h, w, seed):
    b = io.BytesIO()
    Image.fromarray((np.random.RandomState(seed).rand(h, w, 3) * 255).astype(np.uint8)).save(b, format="JPEG")
    return b.getvalue()


@pytest.mark.parametrize("flag", [0, 1])
@pytest.mark.parametrize("shape", [(5, 7), (33, 20)])
def test_imdecode_jpeg_pixels_and_no_warning(flag, shape):
    buf = _jpeg(*shape, seed=shape[0])

    def fn(mx):
        out = mx.image.imdecode(buf, flag=flag)
        out.wait_to_read()
        return out

    check(fn)
    import torch2gluon as mx
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        mx.image.imdecode(buf, flag=flag).asnumpy()
    assert [str(w.message) for w in got] == []


def test_image_folder_dataset_reads_jpeg_without_warning(tmp_path):
    import torch2gluon as mx
    d = tmp_path / "a"
    d.mkdir()
    (d / "0.jpg").write_bytes(_jpeg(9, 6, 1))
    ds = mx.gluon.data.vision.ImageFolderDataset(str(tmp_path))
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        img, label = ds[0]
    assert img.shape == (9, 6, 3) and label == 0
    assert [str(w.message) for w in got] == []
