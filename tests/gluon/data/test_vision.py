"""Vision transforms, MNIST files and gluon.utils against MXNet 1.9.1."""
import os
import warnings

import numpy as np
import pytest

import mxnet
import torch2gluon
from torch2gluon.gluon.data.vision._mnist_files import write_mnist_files
from _data_helpers import same, err_type

LIBS = (mxnet, torch2gluon)


def _img(mx, shape=(6, 7, 3), dtype="uint8"):
    return mx.nd.array(np.random.RandomState(1).randint(0, 255, shape), dtype=dtype)


CASES = [
    ("ToTensor", (), (6, 7, 3), "uint8"), ("ToTensor", (), (2, 6, 7, 3), "float64"),
    ("ToTensor", (), (6, 7), "uint8"), ("ToTensor", (), (1, 2, 6, 7, 3), "uint8"),
    ("Normalize", (0.5, 0.2), (3, 5, 5), "float32"), ("Normalize", ((0.1, 0.2, 0.3), 0.5), (2, 3, 5, 5), "float32"),
    ("Normalize", (0.5, 0.2), (4, 5, 5), "float32"), ("Normalize", ((0.1, 0.2), 0.5), (3, 5, 5), "float32"),
    ("Normalize", (0.5, 0.2), (3, 5, 5), "uint8"), ("Normalize", (0.5, 0.2), (5, 5), "float32"),
    ("Normalize", ((0.1, 0.2, 0.3), 0.5), (1, 5, 5), "float32"),
    ("Cast", (), (6, 7, 3), "uint8"), ("Cast", ("int32",), (6, 7, 3), "float32"),
    ("Resize", (4,), (6, 8, 3), "float32"), ("Resize", ((5, 3),), (6, 8, 3), "float32"),
    ("Resize", (4, True), (6, 8, 3), "float32"), ("Resize", (4,), (2, 6, 8, 3), "float32"),
    ("Resize", (12, False, 0), (6, 8, 3), "float32"), ("Resize", (3, False, 2), (6, 8, 3), "float32"),
    ("Resize", (4,), (6, 8), "float32"),
    ("CenterCrop", (3,), (6, 7, 3), "uint8"), ("CenterCrop", ((2, 4),), (6, 7, 3), "uint8"),
    ("CenterCrop", (10,), (6, 7, 3), "float32"),
    ("CropResize", (1, 2, 3, 2), (6, 7, 3), "uint8"),
]


@pytest.mark.parametrize("name,args,shape,dtype", CASES)
def test_transform(name, args, shape, dtype):
    res = []
    for mx in LIBS:
        t = getattr(mx.gluon.data.vision.transforms, name)(*args)
        try:
            res.append(t(_img(mx, shape, dtype)))
        except Exception as e:  # noqa: BLE001
            res.append("MXNetError" if type(e).__name__ == "MXNetError" else type(e))
    if isinstance(res[0], mxnet.nd.NDArray):
        same(res[0], res[1], exact=False)
    else:
        assert res[0] == res[1]


def test_uint8_bilinear_within_one():
    a, b = (mx.gluon.data.vision.transforms.Resize((5, 3))(_img(mx, (6, 8, 3))) for mx in LIBS)
    assert a.dtype == b.dtype and a.shape == b.shape
    assert np.abs(a.asnumpy().astype(int) - b.asnumpy().astype(int)).max() <= 1


def test_compose_numpy_and_flips():
    for mx in LIBS:
        T = mx.gluon.data.vision.transforms
        c = T.Compose([T.ToTensor(), T.Normalize(0.1, 0.2)])
        assert "HybridSequential" in repr(c)
        with pytest.raises(ValueError):
            T.ToTensor()(np.zeros((4, 4, 3), np.uint8))
    x = _img(torch2gluon, (4, 5, 3))
    T = torch2gluon.gluon.data.vision.transforms
    outs = {T.RandomFlipLeftRight()(x).asnumpy().tobytes() for _ in range(30)}
    assert outs == {x.asnumpy().tobytes(), x.asnumpy()[:, ::-1].tobytes()}
    outs = {T.RandomFlipTopBottom()(x).asnumpy().tobytes() for _ in range(30)}
    assert outs == {x.asnumpy().tobytes(), x.asnumpy()[::-1].tobytes()}
    assert err_type(lambda: mxnet.gluon.data.vision.transforms.RandomFlipLeftRight()(_img(mxnet, (2, 4, 5, 3)))) \
        == err_type(lambda: T.RandomFlipLeftRight()(_img(torch2gluon, (2, 4, 5, 3))))


@pytest.mark.parametrize("fashion", [False, True])
def test_mnist_files(tmp_path, monkeypatch, fashion):
    root = str(tmp_path)
    write_mnist_files(root, 30, 12, seed=1, fashion=fashion)
    # the oracle would re-download files whose SHA-1 is not the real one: point it at the local files
    monkeypatch.setattr(mxnet.gluon.data.vision.datasets, "download",
                        lambda url, path, sha1_hash: os.path.join(path, url.split("/")[-1]))
    cls = "FashionMNIST" if fashion else "MNIST"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for train, n in ((True, 30), (False, 12)):
            a = getattr(mxnet.gluon.data.vision, cls)(root=root, train=train)
            b = getattr(torch2gluon.gluon.data.vision, cls)(root=root, train=train)
            assert len(a) == len(b) == n
            same([a[i] for i in range(n)], [b[i] for i in range(n)])
            tf = [(lambda mx: mx.gluon.data.vision.transforms.ToTensor())(mx) for mx in LIBS]
            la, lb = (mx.gluon.data.DataLoader(d.transform_first(t), 8, shuffle=False)
                      for mx, d, t in zip(LIBS, (a, b), tf))
            same(list(la), list(lb))


def test_mnist_default_root_and_offline_error(tmp_path):
    from torch2gluon.gluon.data.vision import datasets
    import inspect
    root = inspect.signature(datasets.MNIST.__init__).parameters["root"].default
    assert root == inspect.signature(mxnet.gluon.data.vision.MNIST.__init__).parameters["root"].default
    os.environ["MXNET_GLUON_REPO"] = "http://127.0.0.1:9/"
    try:
        with pytest.raises(RuntimeError, match="expected at .*train-images-idx3-ubyte.gz"):
            torch2gluon.gluon.data.vision.MNIST(root=str(tmp_path / "none"))
    finally:
        del os.environ["MXNET_GLUON_REPO"]


def test_utils():
    for even in (True, False):
        for axis in (0, 1):
            args = (7 if not even else 6, 3, axis, even)
            shape = (args[0], args[0])
            a = mxnet.gluon.utils.split_data(mxnet.nd.arange(shape[0] ** 2).reshape(shape), *args[1:])
            b = torch2gluon.gluon.utils.split_data(torch2gluon.nd.arange(shape[0] ** 2).reshape(shape), *args[1:])
            same(a, b)
    assert err_type(lambda: mxnet.gluon.utils.split_data(mxnet.nd.zeros((7, 2)), 3)) == \
        err_type(lambda: torch2gluon.gluon.utils.split_data(torch2gluon.nd.zeros((7, 2)), 3)) is ValueError
    same(mxnet.gluon.utils.split_and_load(np.arange(6.0), [mxnet.cpu()]),
         torch2gluon.gluon.utils.split_and_load(np.arange(6.0), [torch2gluon.cpu()]))
    xa = [mxnet.nd.arange(4) * 3, mxnet.nd.ones((2, 2))]
    xb = [torch2gluon.nd.arange(4) * 3, torch2gluon.nd.ones((2, 2))]
    na, nb = mxnet.gluon.utils.clip_global_norm(xa, 2.0), torch2gluon.gluon.utils.clip_global_norm(xb, 2.0)
    assert abs(na - nb) < 1e-5 and type(na) is type(nb)
    same(xa, xb, exact=False)


def test_download_and_sha1(tmp_path):
    f = tmp_path / "x.bin"
    f.write_bytes(b"hello")
    import hashlib
    h = hashlib.sha1(b"hello").hexdigest()
    assert torch2gluon.gluon.utils.check_sha1(str(f), h)
    assert torch2gluon.gluon.utils.download("http://127.0.0.1:9/x.bin", path=str(tmp_path), sha1_hash=h) == str(f)
    with pytest.raises(RuntimeError, match="no network"):
        torch2gluon.gluon.utils.download("http://127.0.0.1:9/y.bin", path=str(tmp_path), retries=1)
