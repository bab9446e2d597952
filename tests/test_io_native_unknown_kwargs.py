"""MXNet's C++ iterators ignore keywords that are not their parameters (dmlc InitAllowUnknown), as used by
MXNet's own training tests (`MNISTIter(..., data_shape=(784,))`); a refused option still raises."""
import gzip
import struct

import numpy as np
import pytest

from tests.oracle import check
import torch2gluon


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("native_unknown")
    rs = np.random.RandomState(3)
    img, lab = rs.randint(0, 256, (20, 28, 28)).astype(np.uint8), rs.randint(0, 10, 20).astype(np.uint8)
    with open(d / "img", "wb") as f:
        f.write(struct.pack(">IIII", 2051, 20, 28, 28) + img.tobytes())
    with open(d / "lab", "wb") as f:
        f.write(struct.pack(">II", 2049, 20) + lab.tobytes())
    (d / "a.csv").write_text("1,2,3\n4,5,6\n7,8,9\n")
    (d / "a.libsvm").write_text("1 0:1.5 2:2\n0 1:3\n1 2:4\n")
    return d


def _first(it):
    b = it.next()
    return [it.provide_data[0].name, it.provide_data[0].shape, it.provide_label[0].name, b.data[0], b.label[0]]


def test_mnist_iter_ignores_unknown_keywords(files):
    check(lambda mx: _first(mx.io.MNISTIter(image=str(files / "img"), label=str(files / "lab"), batch_size=5,
                                            data_shape=(784,), label_name="sm_label", flat=True, seed=10,
                                            input_shape=(1, 28, 28), silent=False)))


def test_csv_iter_ignores_unknown_keywords(files):
    check(lambda mx: _first(mx.io.CSVIter(data_csv=str(files / "a.csv"), data_shape=(3,), batch_size=2,
                                          shuffle=True, foo="bar")))


def test_libsvm_iter_ignores_unknown_keywords(files):
    check(lambda mx: _first(mx.io.LibSVMIter(data_libsvm=str(files / "a.libsvm"), data_shape=(3,),
                                             batch_size=3, not_a_param=1)).__getitem__(1))


def test_refused_option_still_raises(tmp_path):
    with pytest.raises(NotImplementedError, match="aug_seq"):
        torch2gluon.io.ImageRecordIter(path_imgrec=str(tmp_path / "x.rec"), data_shape=(3, 4, 4), batch_size=1,
                                       aug_seq="aug_other")
