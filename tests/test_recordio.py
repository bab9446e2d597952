"""mx.recordio against real MXNet 1.9.1: byte-identical .rec/.idx both ways, pack/unpack, image records, errors."""
import io
import pickle

import mxnet
import numpy as np
import pytest
from PIL import Image

import torch2gluon
from tests.oracle import MODULES, MODULE_IDS

MAGIC = b"\x0a\x23\xd7\xce"
RECORDS = [b"abc", b"", MAGIC * 3 + b"xy", b"12345678", b"a" + MAGIC + b"bcd" + MAGIC, MAGIC,
           b"xyz" + MAGIC, bytes(range(256)) * 3, b"\0" * 7]


def _write(mod, tmp_path, tag, records=RECORDS, key_type=int):
    idx, rec = str(tmp_path / f"{tag}.idx"), str(tmp_path / f"{tag}.rec")
    w = mod.recordio.MXIndexedRecordIO(idx, rec, "w", key_type=key_type)
    tells = [w.tell()]
    for i, s in enumerate(records):
        w.write_idx(key_type(i * 3), s)
        tells.append(w.tell())
    w.close()
    return idx, rec, tells


def test_files_byte_identical(tmp_path):
    i_m, r_m, t_m = _write(mxnet, tmp_path, "m")
    i_t, r_t, t_t = _write(torch2gluon, tmp_path, "t")
    assert open(r_t, "rb").read() == open(r_m, "rb").read()
    assert open(i_t).read() == open(i_m).read()
    assert t_t == t_m


def test_hand_computed_layout(tmp_path):
    path = str(tmp_path / "h.rec")
    w = torch2gluon.recordio.MXRecordIO(path, "w")
    w.write(b"abcde")
    w.write(b"ab" + b"cd" + MAGIC + b"e")
    w.close()
    raw = open(path, "rb").read()
    expect = (MAGIC + (5).to_bytes(4, "little") + b"abcde\0\0\0"
              + MAGIC + ((1 << 29) | 4).to_bytes(4, "little") + b"abcd"
              + MAGIC + ((3 << 29) | 1).to_bytes(4, "little") + b"e\0\0\0")
    assert raw == expect


@pytest.mark.parametrize("writer,reader", [(mxnet, torch2gluon), (torch2gluon, mxnet), (torch2gluon, torch2gluon)],
                         ids=["mx->t2g", "t2g->mx", "t2g->t2g"])
def test_read_other_side(tmp_path, writer, reader):
    idx, rec, _ = _write(writer, tmp_path, "x")
    r = reader.recordio.MXIndexedRecordIO(idx, rec, "r")
    assert r.keys == [i * 3 for i in range(len(RECORDS))]
    for k in reversed(r.keys):
        assert r.read_idx(k) == RECORDS[k // 3]
    r.close()
    s = reader.recordio.MXRecordIO(rec, "r")
    assert [s.read() for _ in range(len(RECORDS))] == RECORDS
    assert s.read() is None and s.read() is None
    s.reset()
    assert s.read() == RECORDS[0]
    s.close()


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_str_keys_and_seek(tmp_path, mx):
    idx, rec, _ = _write(mx, tmp_path, "s", key_type=str)
    r = mx.recordio.MXIndexedRecordIO(idx, rec, "r", key_type=str)
    assert r.keys == ["0", "3", "6", "9", "12", "15", "18", "21", "24"]
    r.seek("6")
    assert r.read() == RECORDS[2] and r.read() == RECORDS[3]
    with pytest.raises(KeyError):
        r.read_idx("1")


def _errors(mx, tmp_path):
    out = {}
    for name, fn in [
        ("missing", lambda: mx.recordio.MXRecordIO(str(tmp_path / "nope.rec"), "r")),
        ("flag", lambda: mx.recordio.MXRecordIO(str(tmp_path / "f.rec"), "x")),
    ]:
        try:
            fn()
            out[name] = None
        except Exception as e:  # noqa: BLE001
            out[name] = type(e).__name__
    w = mx.recordio.MXRecordIO(str(tmp_path / f"w{mx.__name__}.rec"), "w")
    with pytest.raises(TypeError):
        w.write("a str")
    with pytest.raises(AssertionError):
        w.read()
    w.close()
    return out


def test_error_kinds(tmp_path):
    assert _errors(mxnet, tmp_path) == {"missing": "MXNetError", "flag": "ValueError"}
    assert _errors(torch2gluon, tmp_path) == {"missing": "MXNetError", "flag": "ValueError"}


@pytest.mark.parametrize("content,where", [(b"garbage!garbage!", "byte 0"), (None, "byte 12")])
def test_corrupted_file_names_file_and_offset(tmp_path, content, where):
    path = tmp_path / "bad.rec"
    if content is None:  # a good record then a truncated one
        w = torch2gluon.recordio.MXRecordIO(str(path), "w")
        w.write(b"good")
        w.write(b"0123456789")
        w.close()
        content = path.read_bytes()[:-6]
    path.write_bytes(content)
    for mx in MODULES:
        r = mx.recordio.MXRecordIO(str(path), "r")
        if where == "byte 12":
            assert r.read() == b"good"
        with pytest.raises(mx.base.MXNetError) as info:
            r.read()
        if mx is torch2gluon:
            assert "bad.rec" in str(info.value) and where in str(info.value)


def test_wrong_idx_offset(tmp_path):
    idx, rec, _ = _write(torch2gluon, tmp_path, "o")
    with open(idx, "a") as f:
        f.write("99\t5\n")
    for mx in MODULES:
        r = mx.recordio.MXIndexedRecordIO(idx, rec, "r")
        with pytest.raises(mx.base.MXNetError):
            r.read_idx(99)


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_pickle_reopens(tmp_path, mx):
    idx, rec, _ = _write(mx, tmp_path, "p")
    r = mx.recordio.MXIndexedRecordIO(idx, rec, "r")
    assert r.read_idx(6) == RECORDS[2]
    r2 = pickle.loads(pickle.dumps(r))
    assert not r.is_open and r2.is_open
    assert r2.keys == r.keys and r2.read() == RECORDS[0] and r2.read_idx(9) == RECORDS[3]
    s = mx.recordio.MXRecordIO(rec, "r")
    s.close()
    s2 = pickle.loads(pickle.dumps(s))
    assert not s2.is_open


LABELS = [3, 2.5, np.float32(7), [1, 2, 3], np.array([0.5, 1.5], dtype=np.float64), [4.0]]


@pytest.mark.parametrize("label", LABELS, ids=[repr(x) for x in LABELS])
def test_pack_unpack_bytes(label):
    head = (0, label, 12345, 7)
    ref = mxnet.recordio.pack(mxnet.recordio.IRHeader(*head), b"payload")
    ours = torch2gluon.recordio.pack(torch2gluon.recordio.IRHeader(*head), b"payload")
    assert ours == ref
    h_ref, s_ref = mxnet.recordio.unpack(ref)
    h, s = torch2gluon.recordio.unpack(ref)
    assert s == s_ref == b"payload"
    assert (h.flag, h.id, h.id2) == (h_ref.flag, h_ref.id, h_ref.id2)
    assert type(h.label) is type(h_ref.label)
    np.testing.assert_array_equal(h.label, h_ref.label)
    if isinstance(h.label, np.ndarray):
        assert h.label.dtype == h_ref.label.dtype == np.float32


def _img(h=20, w=28, seed=0):
    rng = np.random.RandomState(seed)
    img = (rng.rand(h, w, 3) * 255).astype(np.uint8)
    img[4:12, 6:20] = (10, 200, 90)
    return img


def test_pack_img_png_lossless_decoded_by_mxnet():
    bgr = _img()
    rec = torch2gluon.recordio.pack_img(torch2gluon.recordio.IRHeader(0, 5.0, 1, 0), bgr, img_fmt=".png", quality=3)
    header, payload = mxnet.recordio.unpack(rec)
    assert header.label == 5.0
    rgb = mxnet.image.imdecode(payload).asnumpy()
    np.testing.assert_array_equal(rgb, bgr[..., ::-1])
    h2, back = torch2gluon.recordio.unpack_img(rec)
    np.testing.assert_array_equal(back, bgr)
    _, gray = torch2gluon.recordio.unpack_img(rec, iscolor=0)
    assert gray.shape == (20, 28)
    np.testing.assert_array_equal(gray, mxnet.image.imdecode(payload, flag=0).asnumpy()[..., 0])


@pytest.mark.parametrize("quality", [95, 50])
def test_pack_img_jpeg_quality(quality):
    bgr = _img()
    rec = torch2gluon.recordio.pack_img(torch2gluon.recordio.IRHeader(0, [1, 2], 1, 0), bgr, quality=quality)
    header, payload = mxnet.recordio.unpack(rec)
    np.testing.assert_array_equal(header.label, np.array([1, 2], np.float32))
    assert payload[:2] == b"\xff\xd8"
    ref = mxnet.image.imdecode(payload).asnumpy()
    _, ours = torch2gluon.recordio.unpack_img(rec, iscolor=1)
    np.testing.assert_array_equal(ours[..., ::-1], ref)  # same decoded pixels as MXNet's OpenCV
    # quality is honoured: same encoder settings as Pillow's libjpeg at that quality
    b = io.BytesIO()
    Image.fromarray(bgr[..., ::-1]).save(b, format="JPEG", quality=quality)
    assert payload == b.getvalue()


def test_pack_img_refuses_unknown_format_and_bad_payload():
    with pytest.raises(NotImplementedError, match="img_fmt"):
        torch2gluon.recordio.pack_img(torch2gluon.recordio.IRHeader(0, 0, 0, 0), _img(), img_fmt=".webp")
    rec = torch2gluon.recordio.pack(torch2gluon.recordio.IRHeader(0, 0, 0, 0), b"not an image")
    assert torch2gluon.recordio.unpack_img(rec)[1] is None
