"""nd._internal._sample_unique_zipfian: distinct classes per row, in range, int64 outputs, trial counts in the
range MXNet 1.9.1's test expects (statistics, not MXNet's bit stream)."""
import numpy as np
import pytest

import torch2gluon
from tests.oracle import check


def test_shapes_dtypes_and_uniqueness():
    def fn(mx):
        c, n = mx.nd._internal._sample_unique_zipfian(50, shape=(3, 20))
        cn = c.asnumpy()
        return (c.shape, c.dtype, n.shape, n.dtype, [len(set(r)) for r in cn.tolist()],
                bool(((cn >= 0) & (cn < 50)).all()), bool((n.asnumpy() >= 20).all()))
    check(fn)


def test_trial_counts_and_distribution():
    mx = torch2gluon
    mx.random.seed(3)
    c, n = mx.nd._internal._sample_unique_zipfian(793472, shape=(2, 8192))
    for row, trials in zip(c.asnumpy(), n.asnumpy()):
        assert np.unique(row).size == 8192
        assert 14500 < trials < 17000


def test_bad_shape_raises():
    check(lambda mx: mx.nd._internal._sample_unique_zipfian(10, shape=(4,)), raises=None)
