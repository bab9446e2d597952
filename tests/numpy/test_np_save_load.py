"""npx.save / npx.load (V3 np-shape records), nd.save / nd.load with np arrays and V3 files, pickling in np
mode and np.genfromtxt, against real MXNet 1.9.1: byte-identical files, both directions."""
import io

import numpy as onp
import pytest

import mxnet
import torch2gluon
from tests.oracle import MODULES, assert_same_error

DTYPES = ["float16", "float32", "float64", "uint8", "int8", "int32", "int64", "bool"]


pytestmark = pytest.mark.usefixtures("np_mode")


def A(mx, x, dtype="float32"):
    return mx.nd.array(onp.asarray(x), dtype=dtype).as_np_ndarray()


def sample(mx):
    rs = onp.random.RandomState(0)
    out = {}
    for dt in DTYPES:
        out["a_" + dt] = A(mx, (rs.rand(2, 3) * 10).astype(dt), dt)
    out["scalar"] = A(mx, onp.array(3.5))
    out["scalar_i"] = A(mx, onp.array(7), "int64")
    out["empty"] = A(mx, onp.zeros((0, 3)))
    out["empty2"] = A(mx, onp.zeros((2, 0, 4)), "int32")
    out["vec"] = A(mx, [1., 2.])
    return out


def content(mx, loaded):
    items = loaded.items() if isinstance(loaded, dict) else enumerate(loaded)
    out = {}
    for k, v in items:
        assert isinstance(v, mx.np.ndarray), type(v)
        out[k] = (v.shape, onp.dtype(v.dtype).name, v.asnumpy())
    return out


def same_content(c1, c2):
    assert c1.keys() == c2.keys()
    for k in c1:
        assert c1[k][:2] == c2[k][:2], k
        onp.testing.assert_array_equal(c1[k][2], c2[k][2])


@pytest.mark.parametrize("form", ["dict", "list", "single"])
def test_bytes_identical_and_cross_loading(tmp_path, form):
    files = {}
    for mx in MODULES:
        data = sample(mx)
        if form == "list":
            data = list(data.values())
        elif form == "single":
            data = data["a_float32"]
        f = str(tmp_path / mx.__name__)
        mx.npx.save(f, data)
        files[mx] = f
    assert open(files[mxnet], "rb").read() == open(files[torch2gluon], "rb").read()
    # each side loads the other's file
    c_ours = content(torch2gluon, torch2gluon.npx.load(files[mxnet]))
    c_ref = content(mxnet, mxnet.npx.load(files[torch2gluon]))
    same_content(c_ref, c_ours)
    assert isinstance(torch2gluon.npx.load(files[mxnet]), dict if form == "dict" else list)


def test_nd_save_in_np_shape_writes_v3(tmp_path):
    for mx in MODULES:
        mx.nd.save(str(tmp_path / mx.__name__), {"x": mx.nd.ones((2, 3)), "y": mx.nd.arange(4)})
    a = open(tmp_path / "mxnet", "rb").read()
    assert a == open(tmp_path / "torch2gluon", "rb").read()
    assert a[24:28] == bytes.fromhex("cafa93f9")


def _both(fn):
    out = []
    for mx in MODULES:
        try:
            out.append((True, fn(mx)))
        except Exception as e:  # noqa: BLE001 - compared below
            out.append((False, e))
    (ok_r, ref), (ok_o, ours) = out
    assert ok_r == ok_o, (ref, ours)
    if not ok_r:
        assert_same_error(ref, ours)
    return ref, ours


def test_nd_load_of_v3_file_gives_legacy_arrays_in_np_shape(tmp_path):
    f = str(tmp_path / "f")
    mxnet.npx.save(f, [mxnet.np.ones((2, 3)), mxnet.np.array(2.0)])
    ref, ours = _both(lambda mx: [(type(v) is mx.nd.NDArray, v.shape, v.asnumpy().tolist())
                                  for v in mx.nd.load(f)])
    assert ref == ours


def test_semantics_checks(tmp_path):
    v3, v2 = str(tmp_path / "v3"), str(tmp_path / "v2")
    mxnet.npx.save(v3, [mxnet.np.ones((2,))])
    mxnet.npx.reset_np()
    mxnet.nd.save(v2, [mxnet.nd.ones((2,))])
    torch2gluon.npx.reset_np()
    _both(lambda mx: mx.nd.load(v3))  # V3 outside np shape: MXNetError
    _both(lambda mx: mx.npx.load(v3))  # npx.load in legacy mode: ValueError
    _both(lambda mx: mx.npx.save(v3, A(mx, [1.])))  # ValueError
    for mx in MODULES:
        mx.npx.set_np()
    _both(lambda mx: mx.npx.load(v2))  # V2 in np shape: MXNetError
    _both(lambda mx: mx.nd.load(v2))
    for mx in MODULES:  # np shape on globally (GlobalOn): V2 loads
        mx.npx.reset_np()
        mx.util.set_np_shape(2)
    try:
        ref, ours = _both(lambda mx: mx.nd.load(v2)[0].asnumpy().tolist())
        assert ref == ours == [1., 1.]
    finally:
        for mx in MODULES:
            mx.util.set_np_shape(0)


@pytest.mark.parametrize("code", [
    "mx.nd.save(f, A(mx, [1.]))", "mx.nd.save(f, [A(mx, [1.])])", "mx.nd.save(f, {'a': A(mx, [1.])})",
    "mx.npx.save(f, mx.nd.ones(2))", "mx.npx.save(f, (A(mx, [1.]),))", "mx.npx.save(f, {1: A(mx, [1.])})",
    "mx.npx.save(f, [A(mx, [1.]), mx.nd.ones(2)])", "mx.npx.load(5)", "mx.npx.load(f + 'missing')",
])
def test_errors(tmp_path, code):
    f = str(tmp_path / "f")
    _both(lambda mx: eval(code, {"mx": mx, "A": A, "f": f}))


def test_pickle_in_np_shape_uses_v3():
    ref, ours = _both(lambda mx: bytes(mx.nd.ones((2,)).__getstate__()["handle"]))
    assert ref == ours
    state = {mx: mx.nd.ones((2,)).__getstate__() for mx in MODULES}
    for mx in MODULES:
        mx.npx.reset_np()
    _both(lambda mx: mx.nd.zeros((2,)).__setstate__(state[mx]))  # np-shape record outside np shape: MXNetError


def test_genfromtxt():
    text = "1,2,3\n4,5,6\n"
    ref, ours = _both(lambda mx: (lambda r: (type(r) is mx.np.ndarray, r.shape, onp.dtype(r.dtype).name,
                                             str(r.ctx), r.asnumpy().tolist()))(
        mx.np.genfromtxt(io.StringIO(text), delimiter=",", ctx=mx.cpu(1))))
    assert ref == ours
    ref, ours = _both(lambda mx: onp.dtype(mx.np.genfromtxt(io.StringIO(text), delimiter=",",
                                                            dtype="int32").dtype).name)
    assert ref == ours == "int32"


def test_sparse_cannot_be_saved_in_np_shape(tmp_path):
    for mx in MODULES:
        mx.npx.reset_np()
    try:
        for mx in MODULES:
            mx.util.set_np_shape(1)  # np shape semantics only
        ref, ours = _both(lambda mx: mx.nd.save(str(tmp_path / "f"), [mx.nd.array([[0, 1.], [2, 0]]).tostype("csr")]))
        assert isinstance(ours, torch2gluon.base.MXNetError)
    finally:
        for mx in MODULES:
            mx.util.set_np_shape(0)
