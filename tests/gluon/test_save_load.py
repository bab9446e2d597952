"""`.params` files: save_parameters/load_parameters and nd.save/nd.load both ways with real MXNet 1.9.1."""
import numpy as np
import pytest

import mxnet
import torch2gluon


def _net(mx, prefix):
    net = mx.gluon.nn.HybridSequential(prefix=prefix)
    with net.name_scope():
        net.add(mx.gluon.nn.Dense(4, activation="relu"), mx.gluon.nn.Dense(2))
    net.initialize()
    net(mx.nd.ones((1, 3)))
    return net


@pytest.mark.parametrize("src,dst", [(mxnet, torch2gluon), (torch2gluon, mxnet)])
def test_save_parameters_roundtrip(tmp_path, src, dst):
    a = _net(src, "a_")
    f = str(tmp_path / "m.params")
    a.save_parameters(f)
    b = _net(dst, "b_")
    b.load_parameters(f)
    for pa, pb in zip(a.collect_params().values(), b.collect_params().values()):
        np.testing.assert_array_equal(pa.data().asnumpy(), pb.data().asnumpy())
    assert sorted(src.nd.load(f).keys()) == ["0.bias", "0.weight", "1.bias", "1.weight"]


@pytest.mark.parametrize("src,dst", [(mxnet, torch2gluon), (torch2gluon, mxnet)])
def test_nd_save_load_dtypes_and_lists(tmp_path, src, dst):
    f = str(tmp_path / "x.nd")
    arrays = {"f32": src.nd.array([[1.5, 2]]), "i32": src.nd.array([1, -2], dtype="int32"),
              "u8": src.nd.array([255, 0], dtype="uint8"), "f64": src.nd.array([1e-300], dtype="float64"),
              "i64": src.nd.array([2 ** 40], dtype="int64"), "f16": src.nd.array([0.5], dtype="float16")}
    src.nd.save(f, arrays)
    got = dst.nd.load(f)
    assert list(got.keys()) == list(arrays.keys())
    for k in arrays:
        assert got[k].dtype == arrays[k].dtype
        np.testing.assert_array_equal(got[k].asnumpy(), arrays[k].asnumpy())
    src.nd.save(f, [src.nd.ones((2, 2)), src.nd.zeros((3,))])
    lst = dst.nd.load(f)
    assert isinstance(lst, list) and [x.shape for x in lst] == [(2, 2), (3,)]
    with open(f, "rb") as fh:
        theirs = fh.read()
    src.nd.save(f, [src.nd.ones((2, 2)), src.nd.zeros((3,))])


def test_files_byte_identical(tmp_path):
    data = np.arange(12, dtype=np.float32).reshape(3, 4)
    f1, f2 = str(tmp_path / "a"), str(tmp_path / "b")
    mxnet.nd.save(f1, {"w": mxnet.nd.array(data), "n": mxnet.nd.array([1, 2], dtype="int32")})
    torch2gluon.nd.save(f2, {"w": torch2gluon.nd.array(data), "n": torch2gluon.nd.array([1, 2], dtype="int32")})
    assert open(f1, "rb").read() == open(f2, "rb").read()


def test_load_errors(tmp_path):
    f = str(tmp_path / "m.params")
    _net(mxnet, "a_").save_parameters(f)
    for mx in (mxnet, torch2gluon):
        big = mx.gluon.nn.HybridSequential(prefix="c_")
        with big.name_scope():
            big.add(mx.gluon.nn.Dense(4, activation="relu"), mx.gluon.nn.Dense(2), mx.gluon.nn.Dense(1))
        big.initialize()
        with pytest.raises(AssertionError, match="allow_missing"):
            big.load_parameters(f)
        small = mx.gluon.nn.HybridSequential(prefix="s_")
        with small.name_scope():
            small.add(mx.gluon.nn.Dense(4, activation="relu"))
        small.initialize()
        with pytest.raises(ValueError, match="ignore_extra"):
            small.load_parameters(f)
        small.load_parameters(f, ignore_extra=True)
        wrong = mx.gluon.nn.HybridSequential(prefix="w_")
        with wrong.name_scope():
            wrong.add(mx.gluon.nn.Dense(5, in_units=3), mx.gluon.nn.Dense(2, in_units=5))
        wrong.initialize()
        with pytest.raises(AssertionError, match="shape incompatible"):
            wrong.load_parameters(f)


def test_corrupt_file_is_clear_error(tmp_path):
    f = str(tmp_path / "bad.params")
    with open(f, "wb") as fh:
        fh.write(b"not a params file at all")
    with pytest.raises(torch2gluon.MXNetError, match="bad.params"):
        torch2gluon.nd.load(f)


def test_deprecated_save_params_load_params_round_trip(tmp_path):
    import warnings

    import mxnet
    import torch2gluon
    results = []
    for mx in (mxnet, torch2gluon):
        class Net(mx.gluon.Block):
            def __init__(self, in_units=0, **kwargs):
                super().__init__(**kwargs)
                with self.name_scope():
                    self.dense0 = mx.gluon.nn.Dense(5, in_units=in_units)
                    self.dense1 = mx.gluon.nn.Dense(5, in_units=in_units)

            def forward(self, x):
                return self.dense1(self.dense0(x))

        net1 = Net(prefix="net1_", in_units=5)
        net1.collect_params().initialize(mx.init.Xavier())
        fname = str(tmp_path / f"{mx.__name__}.params")
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            net1.save_params(fname)
            net3 = Net(prefix="net3_")
            net3.load_params(fname, mx.cpu())
        assert any("save_params is deprecated" in str(x.message) for x in w)
        assert any("load_params is deprecated" in str(x.message) for x in w)
        x = mx.nd.ones((2, 5))
        np.testing.assert_allclose(net3(x).asnumpy(), net1(x).asnumpy())
        results.append(sorted(mxnet.nd.load(fname)))
    assert results[0] == results[1] == ["dense0_bias", "dense0_weight", "dense1_bias", "dense1_weight"]
