"""Corrupted .rec/.idx files and images: MXNet's error kinds, with messages naming the file and the record."""
import io
import shutil

import mxnet
import numpy as np
import pytest
from PIL import Image

import torch2gluon
from tests.oracle import check


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    w = mxnet.recordio.MXIndexedRecordIO(str(d / "good.idx"), str(d / "good.rec"), "w")
    rng = np.random.RandomState(0)
    for i in range(4):
        buf = io.BytesIO()
        Image.fromarray(rng.randint(0, 255, (20, 20, 3)).astype(np.uint8)).save(buf, format="JPEG")
        w.write_idx(i, mxnet.recordio.pack(mxnet.recordio.IRHeader(0, float(i), i, 0), buf.getvalue()))
    w.close()
    data = (d / "good.rec").read_bytes()
    offsets = [int(line.split("\t")[1]) for line in (d / "good.idx").read_text().splitlines()]

    def make(name, rec_bytes, idx_text=None):
        (d / f"{name}.rec").write_bytes(rec_bytes)
        if idx_text is None:
            shutil.copy(d / "good.idx", d / f"{name}.idx")
        else:
            (d / f"{name}.idx").write_text(idx_text)

    make("trunc", data[:-100])
    make("magic", bytes([data[0] ^ 0xFF]) + data[1:])
    broken = bytearray(data)
    start = offsets[1] + 8 + 24 + 20  # inside record 1's JPEG bytes, after its IRHeader
    broken[start:start + 280] = b"\0" * 280
    make("img", bytes(broken))
    make("badidx", data, "0\t0\n1\tabc\n")
    make("shortidx", data, "0\t0\n1\n")
    make("offidx", data, "0\t0\n1\t13\n")
    make("empty", b"", "")
    return d


def _read_all(mx, path):
    r = mx.recordio.MXRecordIO(path, "r")
    out = []
    while True:
        x = r.read()
        if x is None:
            return out
        out.append(len(x))


@pytest.mark.parametrize("name", ["good", "trunc", "magic", "empty"])
def test_sequential_read(files, name):
    check(lambda mx: _read_all(mx, str(files / f"{name}.rec")))


@pytest.mark.parametrize("name", ["trunc", "magic"])
def test_sequential_read_error_names_file_and_offset(files, name):
    with pytest.raises(torch2gluon.base.MXNetError, match=f"{name}.rec.*byte"):
        _read_all(torch2gluon, str(files / f"{name}.rec"))


@pytest.mark.parametrize("name,key", [("good", 1), ("trunc", 3), ("offidx", 1), ("badidx", 1), ("shortidx", 1),
                                      ("empty", 0)])
def test_read_idx(files, name, key):
    check(lambda mx: len(mx.recordio.MXIndexedRecordIO(str(files / f"{name}.idx"), str(files / f"{name}.rec"),
                                                       "r").read_idx(key)))


def test_idx_errors_name_file_line_and_key(files):
    with pytest.raises(ValueError, match=r"badidx.idx' line 2"):
        torch2gluon.recordio.MXIndexedRecordIO(str(files / "badidx.idx"), str(files / "badidx.rec"), "r")
    with pytest.raises(IndexError, match=r"shortidx.idx' line 2"):
        torch2gluon.recordio.MXIndexedRecordIO(str(files / "shortidx.idx"), str(files / "shortidx.rec"), "r")
    r = torch2gluon.recordio.MXIndexedRecordIO(str(files / "offidx.idx"), str(files / "offidx.rec"), "r")
    with pytest.raises(torch2gluon.base.MXNetError, match=r"byte 13.*key 1"):
        r.read_idx(1)


@pytest.mark.parametrize("name", ["img", "magic", "trunc"])
def test_image_record_dataset(files, name):
    check(lambda mx: [x[1] for x in mx.gluon.data.vision.ImageRecordDataset(str(files / f"{name}.rec"))])


def test_image_record_dataset_names_record(files):
    with pytest.raises(torch2gluon.base.MXNetError, match=r"img.rec', record 1 \(key 1\)"):
        list(torch2gluon.gluon.data.vision.ImageRecordDataset(str(files / "img.rec")))


@pytest.mark.parametrize("name", ["img", "empty"])
def test_image_record_iter(files, name):
    # (a truncated .rec aborts MXNet's process in its reader thread, so only torch2gluon is run on it below)
    check(lambda mx: [b.label[0] for b in mx.io.ImageRecordIter(path_imgrec=str(files / f"{name}.rec"),
                                                                data_shape=(3, 16, 16), batch_size=2)])


@pytest.mark.parametrize("name,what", [("img", r"img.rec', record at byte \d+: Decoding failed"),
                                       ("trunc", r"trunc.rec': record at byte \d+ needs"),
                                       ("magic", r"magic.rec': bad magic"), ("empty", "empty")])
def test_image_record_iters_name_file(files, name, what):
    iters = (torch2gluon.io.ImageRecordIter,) if name == "img" else (torch2gluon.io.ImageRecordIter,
                                                                      torch2gluon.io.ImageDetRecordIter)
    for it in iters:  # (the records hold class labels, which ImageDetRecordIter refuses before decoding)
        with pytest.raises(torch2gluon.base.MXNetError, match=what):
            list(it(path_imgrec=str(files / f"{name}.rec"), data_shape=(3, 16, 16), batch_size=2))


@pytest.mark.parametrize("thread_pool", [False, True])
def test_dataloader_workers_surface_errors(files, thread_pool):
    """A corrupted record fails the epoch with the record named, also from worker processes/threads (no hang)."""
    ds = torch2gluon.gluon.data.vision.ImageRecordDataset(str(files / "img.rec"))
    loader = torch2gluon.gluon.data.DataLoader(ds, batch_size=1, num_workers=2, thread_pool=thread_pool)
    with pytest.raises(torch2gluon.base.MXNetError, match="record 1"):
        list(loader)
