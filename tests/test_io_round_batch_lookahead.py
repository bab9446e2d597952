"""reset() of MXNet's C++ iterators with round_batch: their producer thread groups batches up to 16 ahead, so
a reset continues after the borrowed samples whenever the wrapped last batch is already made (a fresh small
eval iterator that Module.score resets), and restarts at sample 0 when the end is further away."""
import os
import time

import numpy as np
import pytest

from tests.oracle import check


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("lookahead")
    np.savetxt(d / "small.csv", np.arange(60).reshape(20, 3), delimiter=",")
    np.savetxt(d / "big.csv", np.arange(600).reshape(200, 3), delimiter=",")
    with open(d / "a.libsvm", "w") as f:
        for i in range(200):
            f.write("%d %d:1\n" % (i % 2, i))
    return d


def _first_after_reset(it, k):
    for _ in range(k):
        it.next()
    time.sleep(0.2)  # let MXNet's producer thread run ahead
    it.reset()
    return [(b.data[0].asnumpy()[0].tolist(), b.pad) for b in it][:3]


@pytest.mark.parametrize("k", [0, 1, 5])
def test_csv_small_epoch_reset_continues_after_wrap(files, k):
    check(lambda mx: _first_after_reset(mx.io.CSVIter(data_csv=str(files / "small.csv"), data_shape=(3,),
                                                      batch_size=3), k))


@pytest.mark.parametrize("k", [0, 30, 60])
def test_csv_large_epoch_reset(files, k):
    def fn(mx):
        return _first_after_reset(mx.io.CSVIter(data_csv=str(files / "big.csv"), data_shape=(3,), batch_size=3), k)
    if k == 0 and os.environ.get("OMP_NUM_THREADS") != "1":
        # MXNet's CSV parser with several threads restarts a just-created iterator in its second chunk (row 100
        # here); torch2gluon follows the single-threaded parser, MXNet's result with OMP_NUM_THREADS=1
        import torch2gluon
        assert fn(torch2gluon) == [([0.0, 1.0, 2.0], 0), ([9.0, 10.0, 11.0], 0), ([18.0, 19.0, 20.0], 0)]
        return
    check(fn)


@pytest.mark.parametrize("k", [0, 10, 20])
def test_libsvm_reset(files, k):
    def fn(mx):
        it = mx.io.LibSVMIter(data_libsvm=str(files / "a.libsvm"), data_shape=(300,), batch_size=7)
        for _ in range(k):
            it.next()
        time.sleep(0.2)
        it.reset()
        return [b.data[0].indices.asnumpy().tolist() for b in it][:2]
    check(fn)


def test_round_batch_off_always_restarts(files):
    check(lambda mx: _first_after_reset(mx.io.CSVIter(data_csv=str(files / "small.csv"), data_shape=(3,),
                                                      batch_size=3, round_batch=False), 2))
