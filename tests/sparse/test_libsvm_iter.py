"""mx.io.LibSVMIter against MXNet 1.9.1: csr batches, labels, round-robin epochs, label files, parts, errors."""
import pytest

from tests.oracle import check
from tests.sparse.test_sparse_ndarray import sp

DATA = "1.0 0:0.5 2:1.2\n-2.0\n-3.0 0:0.6 1:2.4 2:1.2\n4 2:-1.2\n"
LABEL = "1.0\n-2.0 0:0.125\n-3.0 2:1.2\n4 1:1.0 2:-1.2\n"


@pytest.fixture
def files(tmp_path):
    d, lab = tmp_path / "data.t", tmp_path / "label.t"
    d.write_text(DATA)
    lab.write_text(LABEL)
    return str(d), str(lab)


def _epochs(it, n=3):
    out = [(it.provide_data, it.provide_label)]
    for i in range(n):
        if i:
            it.reset()
        # drained each time: MXNet 1.9.1 can segfault when a half-read LibSVMIter is freed
        out.append([(sp(b.data[0]), sp(b.label[0]), b.pad, b.index.tolist()) for b in it])
    return out


@pytest.mark.parametrize("kw", [{"batch_size": 3}, {"batch_size": 5}, {"batch_size": 2}, {"batch_size": 4},
                                {"batch_size": 1, "num_parts": 2, "part_index": 0},
                                {"batch_size": 1, "num_parts": 2, "part_index": 1},
                                {"batch_size": 1, "num_parts": 3, "part_index": 2}])
def test_epochs(files, kw):
    check(lambda mx: _epochs(mx.io.LibSVMIter(data_libsvm=files[0], data_shape=(3,), **kw)))


def test_label_file(files):
    check(lambda mx: _epochs(mx.io.LibSVMIter(data_libsvm=files[0], data_shape=(3,), label_libsvm=files[1],
                                              label_shape=(3,), batch_size=2)))


@pytest.mark.parametrize("kw", [{"round_batch": False}, {"data_shape": (3, 2)}, {"label_shape": (2,)},
                                {"data_libsvm": "/nonexistent/x.t"}])
def test_errors(files, kw):
    args = dict({"data_libsvm": files[0], "data_shape": (3,), "batch_size": 2}, **kw)
    check(lambda mx: mx.io.LibSVMIter(**args))


def test_negative_index_is_an_error(tmp_path):
    path = tmp_path / "bad.t"
    path.write_text("1.0 0:0.5 2:1.2\n-2.0\n-3.0 -1:0.6 1:2.4 2:1.2\n4 2:-1.2\n")

    def f(mx):
        it = mx.io.LibSVMIter(data_libsvm=str(path), data_shape=(3,), batch_size=3)
        return [sp(b.data[0]) for b in it]
    check(f)


DNS = [[0., 1, 0, 3], [4, 0, 0, 0], [0, 0, 0, 0], [0, 9, 10, 0], [12, 0, 0, 15]]


@pytest.mark.parametrize("handle", ["discard", "pad", "roll_over"])
def test_ndarray_iter_csr(handle):
    def f(mx):
        csr = mx.nd.array(DNS).tostype("csr")
        it = mx.io.NDArrayIter(csr, mx.nd.arange(5), 2, last_batch_handle=handle)
        return [(sp(b.data[0]), b.label[0], b.pad) for b in it], it.provide_data
    check(f)


def test_ndarray_iter_csr_shuffle(mx):
    import numpy as np
    import torch2gluon
    if mx is not torch2gluon:
        pytest.skip("MXNet needs scipy to shuffle a csr source")
    dns = np.array(DNS, dtype=np.float32)
    it = mx.io.NDArrayIter({"c": mx.nd.array(dns).tostype("csr"), "d": mx.nd.array(dns)}, mx.nd.arange(5), 2,
                           last_batch_handle="discard", shuffle=True)
    for b in it:
        np.testing.assert_array_equal(b.data[0].asnumpy(), b.data[1].asnumpy())
        np.testing.assert_array_equal(b.data[1].asnumpy(), dns[b.label[0].asnumpy().astype(int)])
