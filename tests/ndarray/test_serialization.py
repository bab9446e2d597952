"""nd.save / nd.load / nd.load_frombuffer: byte-compatible with MXNet 1.9.1 both ways; corrupt files; atomic saves."""
import os
import random
import struct

import numpy as np
import pytest

import mxnet
import torch2gluon
from torch2gluon.base import MXNetError
from torch2gluon.ndarray import _params_format

DTYPES = ["float16", "float32", "float64", "uint8", "int8", "int32", "int64", "bool"]


def _sample(dtype, shape, seed=0):
    rng = np.random.RandomState(seed)
    if dtype == "bool":
        return np.asarray(rng.rand(*shape) > 0.5)
    if dtype.startswith("float"):
        return np.asarray(rng.randn(*shape) * 100).astype(dtype)
    info = np.iinfo(dtype)
    return rng.randint(max(info.min, -1000), min(info.max, 1000), size=shape).astype(dtype)


def _arrays(mx, dtype):
    return {"w": mx.nd.array(_sample(dtype, (3, 4)), dtype=dtype), "v": mx.nd.array(_sample(dtype, (5,), 1),
                                                                                  dtype=dtype),
            "c": mx.nd.array(_sample(dtype, (2, 1, 3, 2), 2), dtype=dtype),
            "empty": mx.nd.array(np.zeros((0, 3)), dtype=dtype)}


def _bytes(mx, path, data):
    mx.nd.save(path, data)
    with open(path, "rb") as f:
        return f.read()


def _plain(result):
    if isinstance(result, dict):
        return {k: (v.shape, v.dtype, str(v.context), v.asnumpy()) for k, v in result.items()}
    return [(v.shape, v.dtype, str(v.context), v.asnumpy()) for v in result]


def _assert_plain_equal(a, b):
    assert type(a) is type(b) and len(a) == len(b)
    if isinstance(a, dict):
        assert list(a) == list(b)
        a, b = list(a.values()), list(b.values())
    for x, y in zip(a, b):
        assert x[:3] == y[:3]
        np.testing.assert_array_equal(x[3], y[3])


# ------------------------------------------------------------------ byte compatibility

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("form", ["dict", "list", "single"])
def test_bytes_identical_to_mxnet(tmp_path, dtype, form):
    out = []
    for mx in (mxnet, torch2gluon):
        data = _arrays(mx, dtype)
        data = {"dict": data, "list": list(data.values()), "single": data["w"]}[form]
        out.append(_bytes(mx, str(tmp_path / f"{mx.__name__}.params"), data))
    assert out[0] == out[1]


@pytest.mark.parametrize("dtype", DTYPES)
def test_mxnet_files_load_here_and_back(tmp_path, dtype):
    for writer, reader in ((mxnet, torch2gluon), (torch2gluon, mxnet)):
        path = str(tmp_path / f"{writer.__name__}.params")
        for data in (_arrays(writer, dtype), list(_arrays(writer, dtype).values())):
            writer.nd.save(path, data)
            expect = _plain(writer.nd.load(path))
            _assert_plain_equal(_plain(reader.nd.load(path)), expect)
            with open(path, "rb") as f:
                _assert_plain_equal(_plain(reader.nd.load_frombuffer(f.read())), expect)


def test_forms(tmp_path):
    for mx in (mxnet, torch2gluon):
        p = str(tmp_path / "x.params")
        mx.nd.save(p, mx.nd.ones((2,)))
        assert isinstance(mx.nd.load(p), list) and len(mx.nd.load(p)) == 1
        for empty in ([], {}):
            mx.nd.save(p, empty)
            assert mx.nd.load(p) == []
        mx.nd.save(p, {"b": mx.nd.ones(1), "a": mx.nd.zeros(1), "ünï/cödé:0": mx.nd.ones(2)})
        assert list(mx.nd.load(p)) == ["b", "a", "ünï/cödé:0"]


def test_unicode_names_cross_load(tmp_path):
    for writer, reader in ((mxnet, torch2gluon), (torch2gluon, mxnet)):
        p = str(tmp_path / f"{writer.__name__}.params")
        writer.nd.save(p, {"ünï/cödé:0": writer.nd.ones(2), "日本": writer.nd.zeros(1)})
        assert list(reader.nd.load(p)) == ["ünï/cödé:0", "日本"]


def test_zero_dim_arrays(tmp_path):
    """MXNet writes a 0-d array (ndim 0, then context, dtype, data) but cannot load it back; we write the same
    bytes and our loader reads them."""
    data = [np.array(3.0, np.float32), np.array(-2, np.int64), np.array(True)]
    raw = [_bytes(mx, str(tmp_path / f"{mx.__name__}.params"),
                  {"s%d" % i: mx.nd.array(d, dtype=d.dtype) for i, d in enumerate(data)} | {"v": mx.nd.ones(2)})
           for mx in (mxnet, torch2gluon)]
    assert raw[0] == raw[1]
    with pytest.raises(mxnet.base.MXNetError):
        mxnet.nd.load(str(tmp_path / "mxnet.params"))
    for name in ("mxnet", "torch2gluon"):
        got = torch2gluon.nd.load(str(tmp_path / f"{name}.params"))
        assert list(got) == ["s0", "s1", "s2", "v"]
        for i, d in enumerate(data):
            assert got["s%d" % i].shape == () and got["s%d" % i].dtype == d.dtype
            assert got["s%d" % i].asnumpy() == d
        assert got["v"].asnumpy().tolist() == [1, 1]


@pytest.mark.parametrize("shape", [(0,), (0, 3), (2, 0, 4)])
def test_empty_arrays_both_ways(tmp_path, shape):
    for writer, reader in ((mxnet, torch2gluon), (torch2gluon, mxnet)):
        p = str(tmp_path / f"{writer.__name__}.params")
        writer.nd.save(p, [writer.nd.array(np.zeros(shape), dtype="int32"), writer.nd.ones(1)])
        got = reader.nd.load(p)
        assert got[0].shape == shape and got[0].dtype == np.int32 and got[1].asnumpy().tolist() == [1]


def test_other_contexts_load_to_cpu0(tmp_path):
    """The saved context (gpu, cpu_pinned, cpu_shared) is only a record; the CPU build loads to cpu(0)."""
    for dev in (2, 3, 5):
        rec = _params_format.record_header((2,), dev, 1, 0) + np.ones(2, np.float32).tobytes()
        raw = struct.pack("<QQQ", 0x112, 0, 1) + rec + struct.pack("<Q", 0)
        for mx in (mxnet, torch2gluon):
            got = mx.nd.load_frombuffer(raw)
            assert str(got[0].context) == "cpu(0)" and got[0].asnumpy().tolist() == [1, 1]


def test_old_record_versions():
    """V1 records (no storage type) and the original records (u32 ndim and dims) load like in MXNet."""
    body = struct.pack("<iii", 1, 0, 0) + np.arange(6, dtype=np.float32).tobytes()
    v1 = struct.pack("<IIqq", 0xF993FAC8, 2, 2, 3) + body
    v0 = struct.pack("<III", 2, 2, 3) + body
    for rec in (v1, v0):
        raw = struct.pack("<QQQ", 0x112, 0, 1) + rec + struct.pack("<Q", 0)
        for mx in (mxnet, torch2gluon):
            got = mx.nd.load_frombuffer(raw)
            assert got[0].shape == (2, 3) and got[0].asnumpy().ravel().tolist() == list(range(6))


def test_trailing_bytes_and_duplicate_names(tmp_path):
    p = str(tmp_path / "x.params")
    mxnet.nd.save(p, {"a": mxnet.nd.ones(2)})
    with open(p, "rb") as f:
        raw = f.read()
    for mx in (mxnet, torch2gluon):
        assert list(mx.nd.load_frombuffer(raw + b"garbage!")) == ["a"]
    rec = _params_format.record_header((1,), 1, 0, 0)
    dup = (struct.pack("<QQQ", 0x112, 0, 2) + rec + np.float32(1).tobytes() + rec + np.float32(2).tobytes()
           + struct.pack("<QQ", 2, 1) + b"a" + struct.pack("<Q", 1) + b"a")
    for mx in (mxnet, torch2gluon):
        got = mx.nd.load_frombuffer(dup)
        assert list(got) == ["a"] and got["a"].asnumpy().tolist() == [2.0]


def test_sparse_records_load(tmp_path):
    p = str(tmp_path / "sparse.params")
    mxnet.nd.save(p, [mxnet.nd.ones((3, 2)).tostype("row_sparse")])
    (got,) = torch2gluon.nd.load(p)
    assert got.stype == "row_sparse" and got.asnumpy().tolist() == [[1.0, 1.0]] * 3   # more in tests/sparse


def test_numpy_shape_records_refused(tmp_path):
    p = str(tmp_path / "np.params")
    mxnet.npx.set_np()
    try:
        mxnet.npx.save(p, [mxnet.np.ones((2,))])
    finally:
        mxnet.npx.reset_np()
    for mx in (mxnet, torch2gluon):
        with pytest.raises(mx.base.MXNetError, match="np shape semantics"):
            mx.nd.load(p)


# ------------------------------------------------------------------ argument errors

@pytest.mark.parametrize("code,kind", [
    ("mx.nd.save(P, (mx.nd.ones(1),))", ValueError), ("mx.nd.save(P, 'x')", ValueError),
    ("mx.nd.save(P, {1: mx.nd.ones(1)})", TypeError), ("mx.nd.save(P, {'a': np.ones(1)})", TypeError),
    ("mx.nd.save(P, [mx.nd.ones(1), 2])", TypeError), ("mx.nd.save(3, [mx.nd.ones(1)])", AttributeError),
    ("mx.nd.save(pathlib.Path(P), [mx.nd.ones(1)])", AttributeError),
    ("mx.nd.load(pathlib.Path(P))", TypeError), ("mx.nd.load(3)", TypeError),
    ("mx.nd.load_frombuffer(bytearray(8))", TypeError), ("mx.nd.load_frombuffer(memoryview(b'x'))", TypeError),
    ("mx.nd.load_frombuffer(None)", TypeError), ("mx.nd.load_frombuffer(b'')", "MXNetError"),
    ("mx.nd.load(D + '/missing.params')", "MXNetError"), ("mx.nd.load(D)", "MXNetError"),
    ("mx.nd.save(D + '/no/such/dir/x.params', [mx.nd.ones(1)])", "MXNetError"),
])
def test_argument_errors(tmp_path, code, kind):
    import pathlib  # noqa: F401 - used by eval
    for mx in (mxnet, torch2gluon):
        env = {"mx": mx, "np": np, "pathlib": pathlib, "P": str(tmp_path / "p.params"), "D": str(tmp_path)}
        expected = mx.base.MXNetError if kind == "MXNetError" else kind
        with pytest.raises(expected):
            eval(code, env)
    assert not os.path.exists(tmp_path / "p.params")


# ------------------------------------------------------------------ truncated and corrupted files

def _good_file(tmp_path):
    p = str(tmp_path / "good.params")
    mxnet.nd.save(p, {"w": mxnet.nd.array(np.arange(6).reshape(2, 3)), "b": mxnet.nd.array([1, 2], dtype="int8"),
                      "e": mxnet.nd.array(np.zeros((0, 2)))})
    with open(p, "rb") as f:
        return f.read()


def test_every_truncation_raises_with_file_and_offset(tmp_path):
    raw = _good_file(tmp_path)
    p = str(tmp_path / "cut.params")
    for cut in range(len(raw)):
        with open(p, "wb") as f:
            f.write(raw[:cut])
        with pytest.raises(MXNetError) as ei:
            torch2gluon.nd.load(p)
        msg = str(ei.value)
        assert "cut.params" in msg and "byte offset" in msg and "truncated" in msg, msg
        with pytest.raises(MXNetError, match="<buffer>.*byte offset"):
            torch2gluon.nd.load_frombuffer(raw[:cut])
        if cut % 7 == 0:  # the oracle agrees that each is an error
            with pytest.raises(mxnet.base.MXNetError):
                mxnet.nd.load(p)


def _patched(raw, offset, fmt, value):
    b = bytearray(raw)
    struct.pack_into(fmt, b, offset, value)
    return bytes(b)


# offsets inside _good_file: header 0..24, record 0 ('w', float32 2x3) starts at 24
@pytest.mark.parametrize("offset,fmt,value,needle,at", [
    (0, "<Q", 0x113, "not an MXNet NDArray file", 0),
    (16, "<Q", 2 ** 40, "claims 1099511627776 arrays", 16),
    (24, "<I", 0xDEADBEEF, "unknown magic 0xdeadbeef", 24),
    (28, "<i", 9, "unknown storage type 9", 28),
    (32, "<I", 2 ** 31, "truncated", 36),
    (36, "<q", -3, "negative dim", 36),
    (36, "<q", 2 ** 40, "truncated", 64),
    (60, "<i", 99, "Unknown type enum 99", 60),
])
def test_corrupted_fields(tmp_path, offset, fmt, value, needle, at):
    bad = _patched(_good_file(tmp_path), offset, fmt, value)
    p = str(tmp_path / "bad.params")
    with open(p, "wb") as f:
        f.write(bad)
    with pytest.raises(MXNetError) as ei:
        torch2gluon.nd.load(p)
    msg = str(ei.value)
    assert needle in msg and "bad.params" in msg and f"byte offset {at}" in msg, msg
    if value < 2 ** 30:  # (huge sizes are left out: the oracle would try to allocate them)
        with pytest.raises(mxnet.base.MXNetError):
            mxnet.nd.load(p)


def test_corrupted_names(tmp_path):
    raw = _good_file(tmp_path)
    names_at = len(raw) - (8 + 1) * 3 - 8
    assert struct.unpack_from("<Q", raw, names_at) == (3,)
    cases = [(_patched(raw, names_at, "<Q", 2), "2 names for 3 arrays"),
             (_patched(raw, names_at + 8, "<Q", 2 ** 62), "truncated"),
             (raw[:names_at + 16] + b"\xff" + raw[names_at + 17:], "not valid UTF-8")]
    for bad, needle in cases:
        with pytest.raises(MXNetError, match=needle):
            torch2gluon.nd.load_frombuffer(bad)


def test_impossible_empty_shape():
    rec = _params_format.record_header((0, 2 ** 62), 1, 0, 0)
    raw = struct.pack("<QQQ", 0x112, 0, 1) + rec + struct.pack("<Q", 0)
    with pytest.raises(MXNetError, match="impossible shape.*byte offset 24"):
        torch2gluon.nd.load_frombuffer(raw)


def test_none_record_raises():
    """A record with ndim 0 and no data (MXNet's 'none' array) is an error, as it is in MXNet's Python API."""
    raw = struct.pack("<QQQ", 0x112, 0, 1) + struct.pack("<IiI", 0xF993FAC9, 0, 0) + struct.pack("<Q", 0)
    with pytest.raises(MXNetError, match="holds no array.*byte offset 24"):
        torch2gluon.nd.load_frombuffer(raw)
    with pytest.raises(Exception):
        mxnet.nd.load_frombuffer(raw)


def test_random_corruption_never_crashes(tmp_path):
    """Random byte flips, inserts and deletions: a valid result or a clean MXNetError, nothing else."""
    raw = _good_file(tmp_path)
    rng = random.Random(0)
    for _ in range(400):
        b = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            op, i = rng.random(), rng.randrange(len(b))
            if op < 0.6:
                b[i] = rng.randrange(256)
            elif op < 0.8:
                b.insert(i, rng.randrange(256))
            else:
                del b[i]
        try:
            out = torch2gluon.nd.load_frombuffer(bytes(b))
        except MXNetError as e:
            assert "byte offset" in str(e)
        else:
            for v in (out.values() if isinstance(out, dict) else out):
                v.asnumpy()


# ------------------------------------------------------------------ atomic saving

def _tmp_files(folder):
    return [n for n in os.listdir(folder) if n.endswith(".tmp")]


def _failing_writes(monkeypatch, after_bytes):
    """Make the container writer die after writing `after_bytes` bytes (a crash in the middle of a save)."""
    real = _params_format.write_container

    class Dying:
        def __init__(self, f):
            self.f, self.n = f, 0

        def write(self, b):
            if self.n + len(b) > after_bytes:
                self.f.write(bytes(b)[:after_bytes - self.n])
                raise OSError(28, "No space left on device")
            self.n += len(b)
            return self.f.write(b)

    monkeypatch.setattr("torch2gluon.ndarray.utils.write_container", lambda f, r, n: real(Dying(f), r, n))


@pytest.mark.parametrize("after_bytes", [0, 30, 100])
def test_failed_save_keeps_old_file(tmp_path, monkeypatch, after_bytes):
    p = str(tmp_path / "model.params")
    torch2gluon.nd.save(p, {"old": torch2gluon.nd.ones((4, 4))})
    with open(p, "rb") as f:
        before = f.read()
    _failing_writes(monkeypatch, after_bytes)
    with pytest.raises(MXNetError, match="No space left on device.*previous file"):
        torch2gluon.nd.save(p, {"new": torch2gluon.nd.zeros((8, 8))})
    with open(p, "rb") as f:
        assert f.read() == before
    assert _tmp_files(tmp_path) == []
    with pytest.raises(MXNetError):
        torch2gluon.nd.save(str(tmp_path / "fresh.params"), [torch2gluon.nd.zeros((8, 8))])
    assert sorted(os.listdir(tmp_path)) == ["model.params"]


def test_interrupt_during_save_keeps_old_file(tmp_path, monkeypatch):
    p = str(tmp_path / "model.params")
    torch2gluon.nd.save(p, [torch2gluon.nd.ones(3)])
    monkeypatch.setattr("torch2gluon.ndarray._atomic.os.fsync", lambda fd: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        torch2gluon.nd.save(p, [torch2gluon.nd.zeros(5)])
    assert torch2gluon.nd.load(p)[0].asnumpy().tolist() == [1, 1, 1]
    assert _tmp_files(tmp_path) == []


def test_block_and_paramdict_saves_are_atomic(tmp_path, monkeypatch):
    net = torch2gluon.gluon.nn.Dense(3, in_units=2, prefix="d_")
    net.initialize(torch2gluon.init.One())
    p1, p2 = str(tmp_path / "net.params"), str(tmp_path / "pd.params")
    net.save_parameters(p1)
    net.collect_params().save(p2)
    saved = [open(p, "rb").read() for p in (p1, p2)]
    assert list(mxnet.nd.load(p1)) == ["weight", "bias"] and list(mxnet.nd.load(p2)) == ["d_weight", "d_bias"]
    net.initialize(torch2gluon.init.Zero(), force_reinit=True)
    _failing_writes(monkeypatch, 50)
    with pytest.raises(MXNetError):
        net.save_parameters(p1)
    with pytest.raises(MXNetError):
        net.collect_params().save(p2)
    assert [open(p, "rb").read() for p in (p1, p2)] == saved
    assert _tmp_files(tmp_path) == []


def test_save_keeps_mode_and_follows_symlink(tmp_path):
    real = tmp_path / "real.params"
    link = tmp_path / "link.params"
    torch2gluon.nd.save(str(real), [torch2gluon.nd.ones(1)])
    os.chmod(real, 0o640)
    os.symlink(real, link)
    torch2gluon.nd.save(str(link), [torch2gluon.nd.zeros(2)])
    assert os.path.islink(link) and (os.stat(real).st_mode & 0o777) == 0o640
    assert torch2gluon.nd.load(str(real))[0].shape == (2,)


def test_large_round_trip(tmp_path):
    p = str(tmp_path / "big.params")
    big = np.random.RandomState(0).randn(512, 1024).astype(np.float32)
    torch2gluon.nd.save(p, {"big": torch2gluon.nd.array(big), "h": torch2gluon.nd.array(big[:3], dtype="float16")})
    for mx in (mxnet, torch2gluon):
        got = mx.nd.load(p)
        np.testing.assert_array_equal(got["big"].asnumpy(), big)
        assert got["h"].dtype == np.float16


# ------------------------------------------------------------------ property test vs the oracle
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_ARRAY = st.tuples(st.sampled_from(DTYPES), st.lists(st.integers(0, 4), min_size=0, max_size=4),
                   st.integers(0, 1000))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arrays=st.lists(_ARRAY, min_size=0, max_size=5), as_dict=st.booleans())
def test_property_bytes_and_values_match_oracle(tmp_path, arrays, as_dict):
    """Random dtypes and shapes (0-d, empty, up to 4-D) as list or dict: identical bytes, and each side loads
    the other's file (0-d arrays only here: MXNet cannot load them)."""
    raws = []
    for mx in (mxnet, torch2gluon):
        nds = [mx.nd.array(_sample(dt, tuple(shape), seed), dtype=dt) for dt, shape, seed in arrays]
        data = {f"k{i}": a for i, a in enumerate(nds)} if as_dict else nds
        raws.append(_bytes(mx, str(tmp_path / f"{mx.__name__}.params"), data))
    assert raws[0] == raws[1]
    expect = [_sample(dt, tuple(shape), seed) for dt, shape, seed in arrays]
    got = torch2gluon.nd.load_frombuffer(raws[0])
    got = list(got.values()) if isinstance(got, dict) else got  # (an empty dict loads as [])
    assert len(got) == len(expect)
    for g, e in zip(got, expect):
        assert g.shape == e.shape and g.dtype == e.dtype
        np.testing.assert_array_equal(g.asnumpy(), e)
    if all(len(shape) for _, shape, _ in arrays):
        back = mxnet.nd.load_frombuffer(raws[1])
        back = list(back.values()) if isinstance(back, dict) else back
        for g, e in zip(back, expect):
            assert g.shape == e.shape and g.dtype == e.dtype
            np.testing.assert_array_equal(g.asnumpy(), e)


def test_concurrent_saves_to_one_file(tmp_path):
    """Threads saving to the same path never interleave: the file always holds one complete save."""
    import threading
    p = str(tmp_path / "shared.params")

    def work(k):
        for _ in range(10):
            torch2gluon.nd.save(p, {"k": torch2gluon.nd.ones((64, 64)) * k})

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    v = torch2gluon.nd.load(p)["k"].asnumpy()
    assert v.shape == (64, 64) and (v == v.flat[0]).all() and v.flat[0] in (0, 1, 2, 3)
    assert _tmp_files(tmp_path) == []
