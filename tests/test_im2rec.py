"""torch2gluon.tools.im2rec against MXNet's tools/im2rec.py (lists and pass-through records byte for byte)."""
import gc
import io
import os
import runpy
import subprocess
import sys
import types

import mxnet
import numpy as np
import pytest
from PIL import Image

import torch2gluon
from torch2gluon.tools import im2rec

MX_IM2REC = os.path.join(os.path.dirname(mxnet.__file__), "tools", "im2rec.py")


def _img(seed, h=14, w=20):
    return (np.random.RandomState(seed).rand(h, w, 3) * 255).astype(np.uint8)


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "root"
    for ci, cls in enumerate(["b_dogs", "a_cats"]):
        (root / cls).mkdir(parents=True)
        for j in range(3):
            Image.fromarray(_img(ci * 10 + j)).save(root / cls / f"{j}.{'png' if j % 2 else 'jpg'}")
        (root / cls / "skip.txt").write_text("x")
    Image.fromarray(_img(99)).save(root / "top.png")
    return tmp_path


def _run_mxnet_tool(argv):
    """MXNet's im2rec.py as __main__ (its module imports cv2, which the oracle venv lacks: a stub stands in)."""
    saved = sys.argv
    sys.modules["cv2"] = types.ModuleType("cv2")
    try:
        sys.argv = [MX_IM2REC] + argv
        runpy.run_path(MX_IM2REC, run_name="__main__")
        gc.collect()  # its MXIndexedRecordIO is never closed: collecting it flushes the files
    finally:
        sys.argv = saved
        del sys.modules["cv2"]


@pytest.mark.parametrize("opts", [["--recursive"], ["--recursive", "--no-shuffle"], [],
                                  ["--recursive", "--chunks", "2", "--train-ratio", "0.6", "--test-ratio", "0.2"],
                                  ["--recursive", "--exts", ".png"]])
def test_list_files_identical(tree, opts):
    (tree / "m").mkdir()
    (tree / "t").mkdir()
    _run_mxnet_tool([str(tree / "m" / "data"), str(tree / "root"), "--list"] + opts)
    im2rec.main([str(tree / "t" / "data"), str(tree / "root"), "--list"] + opts)
    names = sorted(os.listdir(tree / "m"))
    assert names == sorted(os.listdir(tree / "t")) and names
    for n in names:
        assert (tree / "t" / n).read_text() == (tree / "m" / n).read_text()


def _lst(tree, name="data.lst", labels=("0", "1")):
    with open(tree / name, "w") as f:
        f.write(f"0\t{labels[0]}\ta_cats/0.jpg\n")
        f.write(f"5\t{labels[1]}\tb_dogs/1.png\n")
        f.write("7\tbad line\n")


@pytest.mark.parametrize("pack_label", [False, True])
def test_pass_through_records_identical(tree, pack_label):
    for sub in ("m", "t"):
        (tree / sub).mkdir()
        _lst(tree / sub, labels=("0\t2.5", "1\t3.5"))
    extra = ["--pack-label"] if pack_label else []
    _run_mxnet_tool([str(tree / "m" / "data"), str(tree / "root"), "--pass-through"] + extra)
    im2rec.main([str(tree / "t" / "data"), str(tree / "root"), "--pass-through"] + extra)
    for ext in (".rec", ".idx"):
        assert (tree / "t" / ("data" + ext)).read_bytes() == (tree / "m" / ("data" + ext)).read_bytes()


def test_encode_resize_center_crop(tree):
    _lst(tree)
    im2rec.main([str(tree / "data"), str(tree / "root"), "--resize", "8", "--center-crop", "--encoding", ".png",
                 "--num-thread", "2"])
    r = mxnet.recordio.MXIndexedRecordIO(str(tree / "data.idx"), str(tree / "data.rec"), "r")
    assert r.keys == [0, 5]
    header, payload = mxnet.recordio.unpack(r.read_idx(5))
    assert header.label == 1.0 and header.id == 5
    got = mxnet.image.imdecode(payload).asnumpy()
    src = _img(1)[:, 3:17]  # b_dogs/1.png, 14x20 -> central 14x14
    want = mxnet.image.imresize(mxnet.nd.array(src, dtype="uint8"), 8, 8).asnumpy()
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("quality,color", [(95, 1), (60, 0)])
def test_encode_jpeg_quality_and_color(tree, quality, color):
    _lst(tree)
    im2rec.main([str(tree / "data"), str(tree / "root"), "--quality", str(quality), "--color", str(color)])
    ds = torch2gluon.gluon.data.vision.ImageRecordDataset(str(tree / "data.rec"), flag=color)
    img, label = ds[1]
    assert label == 1.0 and img.shape == (14, 20, 3 if color else 1)
    src = mxnet.image.imread(str(tree / "root" / "b_dogs" / "1.png"), flag=color).asnumpy()
    src = src if color else src[..., 0]
    b = io.BytesIO()
    Image.fromarray(src).save(b, format="JPEG", quality=quality)
    header, payload = torch2gluon.recordio.unpack(torch2gluon.recordio.MXIndexedRecordIO(
        str(tree / "data.idx"), str(tree / "data.rec"), "r").read_idx(5))
    if color == 0:
        payload_ref = mxnet.image.imdecode(b.getvalue(), flag=0).asnumpy()
        np.testing.assert_array_equal(mxnet.image.imdecode(payload, flag=0).asnumpy(), payload_ref)
    else:
        assert payload == b.getvalue()


def test_command_line(tree):
    out = subprocess.run([sys.executable, "-m", "torch2gluon.tools.im2rec", str(tree / "cli"), str(tree / "root"),
                          "--list", "--recursive"], capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [". 0", "a_cats 1", "b_dogs 2"] and (tree / "cli.lst").exists()
    assert len((tree / "cli.lst").read_text().splitlines()) == 7
