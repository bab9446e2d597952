"""Datasets and samplers against MXNet 1.9.1."""
import numpy as np
import pytest

import mxnet
import torch2gluon
from _data_helpers import same, err_type

LIBS = (mxnet, torch2gluon)


def _inputs(mx):
    return [np.arange(12, dtype=np.float32).reshape(6, 2), mx.nd.arange(6), mx.nd.arange(12).reshape(6, 2),
            list(range(6)), [(i, i * 2) for i in range(6)], np.arange(6, dtype=np.int64)]


@pytest.mark.parametrize("k", range(6))
def test_array_dataset_items(k):
    a = mxnet.gluon.data.ArrayDataset(_inputs(mxnet)[k])
    b = torch2gluon.gluon.data.ArrayDataset(_inputs(torch2gluon)[k])
    assert len(a) == len(b)
    for i in range(len(a)):
        same(a[i], b[i])


def test_array_dataset_multi_and_errors():
    a, b = (mx.gluon.data.ArrayDataset(*_inputs(mx)[:4]) for mx in LIBS)
    for i in range(6):
        same(a[i], b[i])
    for mx in LIBS:
        with pytest.raises(AssertionError):
            mx.gluon.data.ArrayDataset(np.zeros(3), np.zeros(4))
        with pytest.raises(AssertionError):
            mx.gluon.data.ArrayDataset()


def _views(mx):
    d = mx.gluon.data.SimpleDataset(list(range(10)))
    ad = mx.gluon.data.ArrayDataset(mx.nd.arange(20).reshape(10, 2), np.arange(10, dtype=np.int32))
    return [d.filter(lambda x: x % 3 == 0), d.shard(3, 0), d.shard(3, 2), d.take(4), d.take(None),
            d.take(100), d.sample(mx.gluon.data.SequentialSampler(3, 5)), d.transform(lambda x: x * 2),
            d.transform(lambda x: x + 1, lazy=False), ad.transform_first(lambda x: x * 2),
            ad.transform(lambda x, y: (y, x)), ad.transform_first(lambda x: x + 1, lazy=False),
            ad.filter(lambda s: s[1] > 4)]


@pytest.mark.parametrize("k", range(13))
def test_dataset_views(k):
    a, b = _views(mxnet)[k], _views(torch2gluon)[k]
    assert len(a) == len(b)
    same([a[i] for i in range(len(a))], [b[i] for i in range(len(b))])


def test_view_errors():
    for mx in LIBS:
        d = mx.gluon.data.SimpleDataset(list(range(10)))
        with pytest.raises(AssertionError):
            d.shard(2, 2)
        with pytest.raises(TypeError):
            d.sample([1, 2])


def test_samplers():
    for mx in LIBS:
        s = mx.gluon.data
        assert list(s.SequentialSampler(5, 2)) == [2, 3, 4, 5, 6]
        assert len(s.FilterSampler(lambda x: x > 2, list(range(6)))) == 3
    np.random.seed(3)
    a = list(mxnet.gluon.data.RandomSampler(10))
    np.random.seed(3)
    b = list(torch2gluon.gluon.data.RandomSampler(10))
    assert a == b and type(a[0]) is type(b[0])
    for mode in ("keep", "discard", "rollover"):
        sa = mxnet.gluon.data.BatchSampler(mxnet.gluon.data.SequentialSampler(10), 4, mode)
        sb = torch2gluon.gluon.data.BatchSampler(torch2gluon.gluon.data.SequentialSampler(10), 4, mode)
        for _ in range(3):
            assert len(sa) == len(sb)
            assert list(sa) == list(sb)
    for mx in LIBS:
        bs = mx.gluon.data.BatchSampler(mx.gluon.data.SequentialSampler(10), 4, "bad")
        with pytest.raises(ValueError):
            list(bs)
        with pytest.raises(ValueError):
            len(bs)


def test_interval_sampler():
    from mxnet.gluon.contrib.data.sampler import IntervalSampler as A
    from torch2gluon.gluon.data.sampler import IntervalSampler as B
    for args in ((13, 3), (13, 3, False), (4, 4)):
        assert list(A(*args)) == list(B(*args)) and len(A(*args)) == len(B(*args))
    assert err_type(lambda: A(3, 4)) is err_type(lambda: B(3, 4)) is AssertionError
