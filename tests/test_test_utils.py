"""mx.test_utils: comparisons, messages, tolerances, random inputs, gradient checks (vs MXNet 1.9.1)."""
import os

import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import MODULES


def _both(fn):
    return [fn(m) for m in MODULES]


def _err(mx, fn):
    try:
        fn(mx)
    except AssertionError as e:
        return str(e)
    return None


CASES = [
    lambda mx: mx.test_utils.assert_almost_equal(np.array([1., 2., 3.]), np.array([1., 2.5, 3.6]), names=("x", "y")),
    lambda mx: mx.test_utils.assert_almost_equal(mx.nd.array([1., 2., 3.]), mx.nd.array([1., 2.5, 3.6])),
    lambda mx: mx.test_utils.assert_almost_equal(1.0, 2.0),
    lambda mx: mx.test_utils.assert_almost_equal(mx.nd.array([1., 2.]), mx.nd.array([1.0005, 2.0])),
    lambda mx: mx.test_utils.assert_almost_equal(mx.nd.array([1., 2.]), np.array([1.0005, 2.0])),
    lambda mx: mx.test_utils.assert_almost_equal(np.array([1., 2.]), np.array([1.0005, 2.0])),
    lambda mx: mx.test_utils.assert_almost_equal(np.array([1., np.nan]), np.array([1., np.nan])),
    lambda mx: mx.test_utils.assert_almost_equal(np.array([1., np.nan]), np.array([1., np.nan]), equal_nan=True),
    lambda mx: mx.test_utils.assert_almost_equal(np.arange(30.0), np.arange(30.0) * 1.1, mismatches=(3, 5)),
    lambda mx: mx.test_utils.assert_almost_equal(np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(2, 3) + 1,
                                                 rtol=0.1, atol=0.5),
    lambda mx: mx.test_utils.assert_almost_equal(np.ones((2, 3)), np.ones(3)),
    lambda mx: mx.test_utils.assert_almost_equal(np.ones((2, 3)), np.ones(3), use_broadcast=False),
    lambda mx: mx.test_utils.assert_almost_equal(mx.nd.ones(3, dtype='float16'), mx.nd.ones(3, dtype='float16') * 1.05),
    lambda mx: mx.test_utils.assert_almost_equal(mx.nd.ones(3, dtype='int32'), mx.nd.array([1, 1, 2], dtype='int32')),
    lambda mx: mx.test_utils.assert_almost_equal(np.array([True, False]), np.array([True, True])),
    lambda mx: mx.test_utils.assert_allclose(np.array([1.0]), np.array([1.0 + 1e-8])),
    lambda mx: mx.test_utils.assert_allclose(np.array([1.0]), np.array([1.0 + 1e-6])),
    lambda mx: mx.test_utils.assert_almost_equal_ignore_nan(np.array([1., np.nan, 3.]), np.array([1., 5., 3.])),
    lambda mx: mx.test_utils.assert_almost_equal_ignore_nan(np.array([1., np.nan, 3.]), np.array([1., 5., 4.])),
    lambda mx: mx.test_utils.assert_almost_equal_with_err(np.arange(10.0), np.r_[np.arange(9.0), 20], etol=0.2),
    lambda mx: mx.test_utils.assert_almost_equal_with_err(np.arange(10.0), np.r_[np.arange(8.0), 20, 20], etol=0.1),
]


@pytest.mark.parametrize("i", range(len(CASES)))
def test_assert_almost_equal_like_mxnet(i, capsys):
    """Same pass/fail and the same message (and printed report) as MXNet."""
    ref, ours = [], []
    for mod, sink in zip(MODULES, (ref, ours)):
        try:
            CASES[i](mod)
            sink.append(("ok", None))
        except Exception as e:  # noqa: BLE001
            sink.append((type(e).__name__, str(e)))
        sink.append(capsys.readouterr().out)
    assert ours[0][0] == ref[0][0]
    if ref[0][0] == "AssertionError":
        assert ours[0][1] == ref[0][1]
        assert ours[1] == ref[1]


def test_tolerance_tables(mx):
    tu = mx.test_utils
    assert tu.default_rtols()[np.dtype(np.float32)] == 1e-4
    assert tu.default_atols()[np.dtype(np.float16)] == 1e-1
    assert tu.default_numeric_eps()[np.dtype(np.float64)] == 2.0 ** -14
    assert tu.get_rtol() == 1e-5 and tu.get_atol() == 1e-20 and tu.get_rtol(0.3) == 0.3
    assert tu.get_tols(np.ones(2, np.float16), np.ones(2, np.float32), None, None) == (1e-2, 1e-1)
    assert tu.get_tols(mx.nd.ones(2), np.ones(2), None, 0.5) == (1e-4, 0.5)
    assert tu.get_tolerance(np.ones(1, np.float64), {np.dtype(np.float64): 7}, tu.default_rtols()) == 7
    assert tu.default_dtype() is np.float32


def test_almost_equal_and_same(mx):
    tu = mx.test_utils
    assert tu.almost_equal(np.array([1.0]), np.array([1.0 + 1e-6]))
    assert not tu.almost_equal(np.array([1.0]), np.array([1.001]))
    assert tu.almost_equal(np.array([1.0]), np.array([1.001]), rtol=1e-2)
    assert tu.almost_equal(np.array([np.nan]), np.array([np.nan]), equal_nan=True)
    assert tu.same(np.array([1, 2]), np.array([1, 2])) and not tu.same(np.array([1, 2]), np.array([1, 3]))
    assert tu.same(mx.nd.array([1, 2]).asnumpy(), np.array([1, 2], dtype=np.float32))
    a = mx.nd.ones(4)
    assert tu.same_array(a, a[:]) and not tu.same_array(a, a.copy())
    np.testing.assert_array_equal(a.asnumpy(), np.ones(4))


def test_contexts(mx):
    tu = mx.test_utils
    assert tu.default_context() == mx.cpu()
    try:
        tu.set_default_context(mx.cpu(1))
        assert tu.default_context() == mx.cpu(1)
        assert mx.nd.ones(2).context == mx.cpu(1)
        assert tu.rand_ndarray((2, 2)).context == mx.cpu(1)
    finally:
        tu.set_default_context(mx.cpu())
    assert tu.default_context() == mx.cpu()


def test_random_helpers(mx):
    tu = mx.test_utils
    np.random.seed(3)
    a = tu.random_arrays((2, 3))
    assert a.shape == (2, 3) and a.dtype == np.float32
    xs = tu.random_arrays((2,), (), (1, 4))
    assert [x.shape for x in xs] == [(2,), (), (1, 4)] and all(x.dtype == np.float32 for x in xs)
    r = tu.rand_ndarray((3, 4), dtype="float64")
    assert r.shape == (3, 4) and r.dtype == np.float64 and isinstance(r, mx.nd.NDArray)
    assert tu.rand_ndarray((2,)).dtype == np.float32
    for _ in range(20):
        s2, s3, sn = tu.rand_shape_2d(3, 4), tu.rand_shape_3d(2, 2, 5), tu.rand_shape_nd(4, 3)
        assert len(s2) == 2 and 1 <= s2[0] <= 3 and 1 <= s2[1] <= 4
        assert len(s3) == 3 and s3[2] <= 5 and min(s3) >= 1
        assert len(sn) == 4 and isinstance(sn, tuple) and all(1 <= d <= 3 for d in sn)
        assert min(tu.rand_shape_nd(3, 2, allow_zero_size=True)) >= 0
    s = tu.random_sample([1, 2, 3, 4], 2)
    assert len(s) == 2 and set(s) <= {1, 2, 3, 4}


def test_random_helpers_same_numpy_stream():
    """Shapes and arrays come from numpy's global generator, exactly as in MXNet."""
    out = []
    for mod in MODULES:
        np.random.seed(11)
        out.append((mod.test_utils.rand_shape_nd(3), mod.test_utils.rand_shape_2d(),
                    mod.test_utils.random_arrays((2, 2)), mod.test_utils.rand_ndarray((3,)).asnumpy()))
    for r, o in zip(*out):
        np.testing.assert_array_equal(np.asarray(r), np.asarray(o))


def test_rand_ndarray_sparse(mx):   # more in tests/sparse/test_sparse_more.py
    a = mx.test_utils.rand_ndarray((4, 5), stype="csr", density=0.5)
    assert a.stype == "csr" and a.shape == (4, 5)


def test_np_reduce_and_collapse(mx):
    tu = mx.test_utils
    x = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(tu.np_reduce(x, (0, 2), True, np.sum), x.sum(axis=(0, 2), keepdims=True))
    np.testing.assert_array_equal(tu.np_reduce(x, 1, False, np.max), x.max(axis=1))
    np.testing.assert_array_equal(tu.np_reduce(x, None, False, np.sum), x.sum())
    np.testing.assert_array_equal(tu.collapse_sum_like(x, (3, 1)), x.sum(axis=(0, 2)).reshape(3, 1))


def test_assert_exception(mx):
    tu = mx.test_utils
    tu.assert_exception(lambda: 1 / 0, ZeroDivisionError)
    tu.assert_exception(lambda a, b=0: a / b, ZeroDivisionError, 1, b=0)
    with pytest.raises(AssertionError):
        tu.assert_exception(lambda: 1, ZeroDivisionError)
    tu.assert_exception(mx.nd.ones(2).__add__, mx.base.MXNetError, mx.nd.ones(3))


def test_environment(mx):
    key = "T2G_TEST_UTILS_VAR"
    os.environ.pop(key, None)
    with mx.test_utils.environment(key, "1"):
        assert os.environ[key] == "1"
        with mx.test_utils.environment({key: None, key + "2": "x"}):
            assert key not in os.environ and os.environ[key + "2"] == "x"
        assert os.environ[key] == "1" and key + "2" not in os.environ
    assert key not in os.environ


def test_check_numeric_gradient_passes():
    tu = torch2gluon.test_utils
    nd = torch2gluon.nd
    np.random.seed(0)
    x, w = np.random.rand(3, 4), np.random.rand(4, 2)
    tu.check_numeric_gradient(lambda a, b: nd.dot(a, b), [x, w], rtol=1e-2, atol=1e-2)
    tu.check_numeric_gradient(lambda data: nd.tanh(data) * 2, {"data": x}, rtol=1e-2, atol=1e-3)
    tu.check_numeric_gradient(lambda a, b: nd.broadcast_mul(a, b), {"a": x, "b": x[:1]},
                              grad_nodes={"a": "add", "b": "write"}, rtol=1e-2, atol=1e-3)
    tu.check_numeric_gradient(lambda a: nd.sum(a * a, axis=1), [x], grad_nodes=["arg0"], numeric_eps=1e-3,
                              rtol=1e-2, atol=1e-3, dtype=np.float64)


def test_check_numeric_gradient_catches_wrong_gradient():
    tu = torch2gluon.test_utils
    nd = torch2gluon.nd
    ag = torch2gluon.autograd

    class Wrong(ag.Function):
        def forward(self, x):
            return x * x

        def backward(self, dy):
            return dy  # should be 2 x dy

    with pytest.raises(AssertionError, match="NUMERICAL_arg0"):
        tu.check_numeric_gradient(lambda a: Wrong()(a), [np.random.rand(2, 2) + 1])
    with pytest.raises(NotImplementedError, match="sym"):
        tu.check_numeric_gradient("not a callable", [np.ones(2)])
    assert tu.numeric_grad(lambda x: nd.sum(x * x), {"x": np.array([1.0, 2.0])}, eps=1e-3)["x"].round(3).tolist() \
        == [2.0, 4.0]


def test_symbolic_forward_backward_and_consistency():
    tu = torch2gluon.test_utils
    nd = torch2gluon.nd
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    out = tu.check_symbolic_forward(lambda a: nd.relu(a), [x], [np.maximum(x, 0)])
    np.testing.assert_array_equal(out[0].asnumpy(), np.maximum(x, 0))  # NDArrays, as MXNet returns
    with pytest.raises(AssertionError):
        tu.check_symbolic_forward(lambda a: nd.relu(a), [x], [x])
    g = tu.check_symbolic_backward(lambda a: nd.relu(a) * 3, [x], [np.ones((2, 2))], [3.0 * (x > 0)])
    np.testing.assert_array_equal(g["arg0"].asnumpy(), 3.0 * (x > 0))
    np.testing.assert_allclose(tu.simple_forward(lambda data: nd.sigmoid(data), data=x), 1 / (1 + np.exp(-x)),
                               rtol=1e-6)
    res = tu.check_consistency(lambda data, w: nd.dot(data, w),
                               [{"ctx": torch2gluon.cpu(), "data": (2, 3), "w": (3, 4)},
                                {"ctx": torch2gluon.cpu(), "data": (2, 3), "w": (3, 4),
                                 "type_dict": {"data": np.float64, "w": np.float64}}])
    assert res[0]["outputs"][0].shape == (2, 4) and set(res[1]["grads"]) == {"data", "w"}


def test_misc(mx):
    tu = mx.test_utils
    assert list(tu.list_gpus()) == []
    calls = []

    @tu.retry(3)
    def flaky():
        calls.append(1)
        assert len(calls) == 2

    flaky()
    assert len(calls) == 2
    assert tu.locationError(np.array([1.0, 2.0]), np.array([1.0, 3.0]), (1,), ("a", "b")) == \
        "Location of error: (1,), a=2.00000000, b=3.00000000"


def test_lazy_module_attribute():
    import torch2gluon.test_utils as tu
    assert torch2gluon.test_utils is tu and mxnet.test_utils.__name__ == "mxnet.test_utils"


def test_numpy_helpers_same_stream():
    """Helpers built on numpy's global generator give MXNet's numbers for the same seed."""
    out = []
    for mod in MODULES:
        tu = mod.test_utils
        np.random.seed(5)
        out.append((tu.random_uniform_arrays((2, 3), low=-1, high=2), tu.random_uniform_arrays((2,), (3,), dtype=np.float64),
                    tu.new_sym_matrix_with_real_eigvals_2d(3).shape, tu.new_matrix_with_real_eigvals_nd((2, 3, 3)).shape,
                    tu.gen_buckets_probs_with_ppf(lambda q: q * 2, 4),
                    tu.assign_each(np.array([[1., 2.], [3., 4.]]), lambda v: v * 3),
                    tu.assign_each2(np.array([1., 2.]), np.array([3., 4.]), lambda a, b: a - b)))
    for r, o in zip(*out):
        if isinstance(r, list) and r and isinstance(r[0], np.ndarray):
            for a, b in zip(r, o):
                np.testing.assert_array_equal(a, b)
        elif isinstance(r, np.ndarray):
            np.testing.assert_array_equal(r, o)
            assert r.dtype == o.dtype
        else:
            assert r == o


def test_statistical_checks(mx):
    tu = mx.test_utils
    np.random.seed(0)
    gen = lambda n: np.random.normal(1.0, 2.0, size=n)  # noqa: E731
    assert tu.mean_check(gen, 1.0, 2.0, nsamples=20000)
    assert not tu.mean_check(gen, 1.5, 2.0, nsamples=20000)
    assert tu.var_check(gen, 2.0, nsamples=20000)
    assert not tu.var_check(gen, 3.0, nsamples=20000)


def test_chi_square_check_p_value_by_hand():
    """With 5 buckets (4 degrees of freedom) the chi-square survival function is exp(-s/2) (1 + s/2)."""
    tu = torch2gluon.test_utils
    samples = np.array([0.1] * 300 + [0.3] * 200 + [0.5] * 180 + [0.7] * 170 + [0.9] * 150)
    buckets, probs = tu.gen_buckets_probs_with_ppf(lambda q: q, 5)
    p, obs, exp = tu.chi_square_check(lambda n: samples, buckets, probs, 1000)
    assert obs.tolist() == [300, 200, 180, 170, 150] and exp.tolist() == [200] * 5
    stat = sum((o - 200) ** 2 / 200 for o in obs)
    assert abs(p - np.exp(-stat / 2) * (1 + stat / 2)) < 1e-12


def test_chi_square_and_verify_generator():
    tu = torch2gluon.test_utils
    np.random.seed(2)
    buckets, probs = tu.gen_buckets_probs_with_ppf(lambda q: q, 5)
    p, obs, exp = tu.chi_square_check(lambda n: np.random.uniform(size=n), buckets, probs, 5000)
    assert 0.0 < p <= 1.0 and obs.sum() == 5000 and exp.tolist() == [1000] * 5
    ps = tu.verify_generator(lambda n: np.random.uniform(size=n), buckets, probs, nsamples=2000, nrepeat=3)
    assert len(ps) == 3
    with pytest.raises(AssertionError, match="Generator test fails"):
        tu.verify_generator(lambda n: np.random.uniform(size=n) ** 2, buckets, probs, nsamples=5000, nrepeat=3)
    p2, obs2, _ = tu.chi_square_check(lambda n: np.random.randint(0, 3, size=n), [0, 1, 2], [1 / 3] * 3, 3000)
    assert obs2.sum() == 3000 and p2 > 1e-4


def test_small_array_helpers(mx):
    tu = mx.test_utils
    np.testing.assert_array_equal(tu.create_2d_tensor(3, 2).asnumpy(), [[0, 0], [1, 1], [2, 2]])
    assert tu.create_2d_tensor(3, 2).dtype == np.int64 and tu.create_vector(4).asnumpy().tolist() == [0, 1, 2, 3]
    np.testing.assert_array_equal(tu.get_identity_mat(3).asnumpy(), np.eye(3))
    assert tu.get_identity_mat_batch(2).shape == (2, 2, 2)
    tu.compare_ndarray_tuple((mx.nd.ones(2), (mx.nd.zeros(1),)), (mx.nd.ones(2), (mx.nd.zeros(1),)))
    with pytest.raises(AssertionError):
        tu.compare_ndarray_tuple((mx.nd.ones(2),), (mx.nd.zeros(2),))
    assert tu.is_cd_run() is False


def test_check_gluon_hybridize_consistency():
    """(MXNet 1.9.1's own version only works in numpy mode, so this is checked by hand.)"""
    mx = torch2gluon

    def builder(prefix):
        net = mx.gluon.nn.HybridSequential(prefix=prefix)
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(4, activation="relu"), mx.gluon.nn.Dense(2))
        return net
    x = mx.nd.array(np.random.RandomState(0).randn(3, 5))
    mx.test_utils.check_gluon_hybridize_consistency(builder, [x])

    class Bad(mx.gluon.nn.HybridBlock):
        def hybrid_forward(self, F, x):
            return F.relu(x) * 2

    def bad_builder(prefix):
        return Bad(prefix=prefix)
    mx.test_utils.check_gluon_hybridize_consistency(bad_builder, [x], numpy_func=lambda a: np.maximum(a, 0) * 2)
    with pytest.raises(AssertionError):
        mx.test_utils.check_gluon_hybridize_consistency(bad_builder, [x], numpy_func=lambda a: a)


def _write_idx(path, arr, labels):
    import gzip
    import struct
    with gzip.open(path, "wb") as f:
        if labels:
            f.write(struct.pack(">II", 2049, len(arr)) + arr.astype(np.int8).tobytes())
        else:
            f.write(struct.pack(">IIII", 2051, len(arr), 28, 28) + arr.astype(np.uint8).tobytes())


def test_get_mnist_reads_local_files(tmp_path, monkeypatch):
    """get_mnist parses the four gz files it would download (present in the cwd, so nothing is fetched)."""
    monkeypatch.chdir(tmp_path)
    rs = np.random.RandomState(0)
    imgs, labs = rs.randint(0, 256, (5, 28, 28)), rs.randint(0, 10, 5)
    for prefix in ("train", "t10k"):
        _write_idx(f"{prefix}-images-idx3-ubyte.gz", imgs, False)
        _write_idx(f"{prefix}-labels-idx1-ubyte.gz", labs, True)
    out = torch2gluon.test_utils.get_mnist()
    assert out["train_data"].shape == (5, 1, 28, 28) and out["train_data"].dtype == np.float32
    np.testing.assert_allclose(out["test_data"][:, 0], imgs / 255.0, rtol=1e-6)
    assert out["train_label"].dtype == np.int8 and out["train_label"].tolist() == labs.tolist()
    assert torch2gluon.test_utils.download("http://example.invalid/train-images-idx3-ubyte.gz") == \
        "train-images-idx3-ubyte.gz"
    os.makedirs("sub")
    open(os.path.join("sub", "train.gz"), "wb").close()
    assert torch2gluon.test_utils.download("http://example.invalid/x.bin", dirname="sub", fname="train.gz") == \
        os.path.join("sub", "train.gz")
    with pytest.raises(RuntimeError, match="no network access"):
        torch2gluon.test_utils.download("http://example.invalid/missing.bin", retries=0)


def test_get_bz2_and_zip_data_local(tmp_path):
    import bz2
    import zipfile
    tu = torch2gluon.test_utils
    d = tmp_path / "d"
    d.mkdir()
    with bz2.BZ2File(d / "a.txt.bz2", "wb") as f:
        f.write(b"hello\nworld\n")
    tu.get_bz2_data(str(d), "a.txt", "http://example.invalid/a.txt.bz2", "a.txt.bz2")
    assert (d / "a.txt").read_bytes() == b"hello\nworld\n" and not (d / "a.txt.bz2").exists()
    with zipfile.ZipFile(d / "z.zip", "w") as zf:
        zf.writestr("inner.txt", "x")
    tu.get_zip_data(str(d), "http://example.invalid/z.zip", "z.zip")
    assert (d / "z.zip").exists()


def test_star_import_brings_module_level_names_like_mxnet():
    ns = {}
    exec("from torch2gluon.test_utils import *", ns)  # noqa: S102 - the user-facing pattern under test
    assert ns["mx"] is torch2gluon and ns["np"] is np
    for name in ("assert_almost_equal", "same", "default_context", "DummyIter", "Context", "rand_ndarray",
                 "environment", "sys", "time", "json"):
        assert name in ns, name
