"""mx.io ImageDetRecordIter, LibSVMIter, MXDataIter and the *_v1 iterators against real MXNet 1.9.1."""
import io

import mxnet
import numpy as np
import pytest
from PIL import Image

import torch2gluon
from tests.oracle import MODULES, MODULE_IDS, check


def _png(seed, h=20, w=24):
    b = io.BytesIO()
    Image.fromarray((np.random.RandomState(seed).rand(h, w, 3) * 255).astype(np.uint8)).save(b, format="PNG")
    return b.getvalue()


def _raw_label(i):
    objs = np.array([[0, 0.1, 0.2, 0.5, 0.6], [1, 0.4, 0.3, 0.9, 0.95], [2, 0, 0, 0.3, 0.2]], np.float32)[:1 + i % 3]
    objs[:, 0] += i
    return np.concatenate([[4, 5, 7, 9], objs.ravel()]).astype(np.float32)


@pytest.fixture(scope="module")
def det_rec(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("det") / "d.rec")
    w = mxnet.recordio.MXRecordIO(path, "w")
    for i in range(5):
        w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, _raw_label(i), 10 + i, 0), _png(i)))
    w.close()
    return path


@pytest.fixture(scope="module")
def cls_rec(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("cls") / "s.rec")
    w = mxnet.recordio.MXRecordIO(path, "w")
    for i in range(5):
        w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, float(i), i, 0), _png(i)))
    w.close()
    return path


def _epochs(it, n=2):
    out = [it.provide_data, it.provide_label]
    for _ in range(n):
        out.append([(b.data[0], b.label[0], b.pad, np.asarray(b.index)) for b in it])
        it.reset()
    return out


@pytest.mark.parametrize("kw", [{}, {"label_pad_width": 20, "label_pad_value": -3.0},
                                {"round_batch": False, "data_shape": (3, 10, 30), "inter_method": 0},
                                {"mean_r": 10, "mean_g": 3, "std_r": 2, "std_b": 4, "scale": 0.5},
                                {"num_parts": 2, "part_index": 1, "batch_size": 1},
                                {"resize_mode": "shrink", "data_shape": (3, 9, 9), "mean_r": 10},
                                {"resize_mode": "shrink", "data_shape": (3, 30, 40)},
                                {"resize_mode": "fit", "data_shape": (3, 50, 50), "inter_method": 2},
                                {"resize": 9}, {"resize": 7, "resize_mode": "fit"}, {"resize": 33},
                                {"rand_mirror_prob": 1}, {"rand_mirror_prob": 1.0, "resize_mode": "fit"},
                                {"data_shape": (1, 16, 16), "mean_r": 5, "std_r": 2, "fill_value": 3}])
def test_image_det_record_iter(det_rec, kw):
    kw = {"data_shape": (3, 16, 16), "batch_size": 2, **kw}

    def f(mx):
        return _epochs(mx.io.ImageDetRecordIter(path_imgrec=det_rec, verbose=False, **kw))
    check(f, atol=1e-4)


@pytest.mark.parametrize("kw", [{"label_width": 7}, {"label_width": 7, "label_pad_width": 9}, {"label_width": 0}])
def test_image_det_record_iter_fixed_label_width(tmp_path, kw):
    path = str(tmp_path / "u.rec")
    w = mxnet.recordio.MXRecordIO(path, "w")
    for i in range(3):
        w.write(mxnet.recordio.pack(mxnet.recordio.IRHeader(0, _raw_label(0)[2:], i, 0), _png(i, 8, 8)))
    w.close()
    check(lambda mx: _epochs(mx.io.ImageDetRecordIter(path_imgrec=path, data_shape=(3, 8, 8), batch_size=2, **kw)))


def test_image_det_record_iter_same_size_and_names(det_rec):
    def f(mx):
        it = mx.io.ImageDetRecordIter(path_imgrec=det_rec, data_shape=(3, 20, 24), batch_size=3, data_name="img",
                                      label_name="lab", preprocess_threads=1, shuffle=False)
        return _epochs(it, 1)
    check(f)


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_image_det_record_iter_errors(det_rec, mx):
    with pytest.raises(mx.base.MXNetError, match="smaller than estimated width: 19"):
        mx.io.ImageDetRecordIter(path_imgrec=det_rec, data_shape=(3, 8, 8), batch_size=2, label_pad_width=5)
    with pytest.raises(mx.base.MXNetError, match="batch_size"):
        mx.io.ImageDetRecordIter(path_imgrec=det_rec, data_shape=(3, 8, 8))
    with pytest.raises(mx.base.MXNetError, match="9-dimensional label but label_width is set to 19"):
        mx.io.ImageDetRecordIter(path_imgrec=det_rec, data_shape=(3, 8, 8), batch_size=1, label_width=19)
    with pytest.raises(mx.base.MXNetError, match="Invalid Input: 'crop'"):
        mx.io.ImageDetRecordIter(path_imgrec=det_rec, data_shape=(3, 8, 8), batch_size=1, resize_mode="crop")


@pytest.mark.parametrize("kw", [{"random_hue_prob": 0.5}, {"max_random_contrast": 0.5},
                                {"dtype": "uint8"}, {"mean_img": "m.nd"},
                                {"path_imglist": "x.lst"}])
def test_image_det_record_iter_refusals(det_rec, kw):
    with pytest.raises(NotImplementedError, match="ImageDetRecordIter: argument '%s'" % list(kw)[0]):
        torch2gluon.io.ImageDetRecordIter(path_imgrec=det_rec, data_shape=(3, 8, 8), batch_size=2, **kw)


@pytest.mark.parametrize("names", [("ImageRecordIter", "ImageRecordIter_v1"),
                                   ("ImageRecordUInt8Iter", "ImageRecordUInt8Iter_v1")])
def test_v1_iterators(cls_rec, names):
    def f(mx):
        out = []
        for name in names:
            it = getattr(mx.io, name)(path_imgrec=cls_rec, data_shape=(3, 16, 16), batch_size=2, resize=16,
                                      mean_r=3, scale=0.5)
            out.append([(b.data[0], b.label[0], b.pad) for b in it])
            out.append(it.provide_data)
        return out
    check(f)


def test_mxdataiter_type(cls_rec, tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text("1,2\n3,4\n")
    for mx in MODULES:
        assert isinstance(mx.io.ImageRecordIter(path_imgrec=cls_rec, data_shape=(3, 16, 16), batch_size=2,
                                                resize=16), mx.io.MXDataIter)
        assert isinstance(mx.io.CSVIter(data_csv=str(csv), data_shape=(2,), batch_size=1), mx.io.MXDataIter)
        assert not isinstance(mx.io.NDArrayIter(np.zeros((2, 2)), batch_size=1), mx.io.MXDataIter)
    with pytest.raises(NotImplementedError, match="MXDataIter"):
        torch2gluon.io.MXDataIter(None)


def test_libsvm_yields_csr(tmp_path):   # more in tests/sparse/test_libsvm_iter.py
    path = tmp_path / "a.libsvm"
    path.write_text("1 0:1.5 3:2\n0 1:-1 2:4.5\n2 3:7\n")
    for mod in (mxnet, torch2gluon):
        it = mod.io.LibSVMIter(data_libsvm=str(path), data_shape=(4,), batch_size=2)
        assert [b.data[0].stype for b in it] == ["csr", "csr"]  # drained: MXNet can segfault when a
        # half-read LibSVMIter is freed


def test_image_det_record_iter_random_mirror_is_a_mirror(det_rec):
    """p=0.5 (not MXNet's draws): each sample is either the plain or the mirrored MXNet sample, both occur."""
    def batches(mx, **kw):
        it = mx.io.ImageDetRecordIter(path_imgrec=det_rec, data_shape=(3, 16, 16), batch_size=5, verbose=False, **kw)
        b = it.next()
        return b.data[0].asnumpy(), b.label[0].asnumpy()
    plain, flipped = batches(mxnet), batches(mxnet, rand_mirror_prob=1)
    data, label = batches(torch2gluon, rand_mirror_prob=0.5, seed=3)
    kinds = []
    for k in range(5):
        for kind, (d, lab) in enumerate([plain, flipped]):
            if np.array_equal(data[k], d[k]) and np.allclose(label[k], lab[k]):
                kinds.append(kind)
                break
    assert len(kinds) == 5 and set(kinds) == {0, 1}, kinds
