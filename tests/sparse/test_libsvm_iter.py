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
