"""DataLoader against MXNet 1.9.1: batches, dtypes, contexts, last_batch, batchify, workers, errors."""
import numpy as np
import pytest

import mxnet
import torch2gluon
from _data_helpers import same, err_type

LIBS = (mxnet, torch2gluon)


def _datasets(mx):
    g = mx.gluon.data
    x = mx.nd.array(np.random.RandomState(0).randint(0, 255, (10, 4, 4, 3)), dtype="uint8")
    return [
        g.ArrayDataset(mx.nd.arange(30).reshape(10, 3), np.arange(10, dtype=np.int32)),
        g.ArrayDataset(np.arange(20, dtype=np.float64).reshape(10, 2)),
        g.ArrayDataset(list(range(10)), [float(i) for i in range(10)]),
        g.ArrayDataset(mx.nd.arange(10), np.arange(10, dtype=np.float32)),
        g.SimpleDataset(mx.nd.arange(20).reshape(10, 2)),
        g.SimpleDataset([(np.float32(i), i) for i in range(10)]),
        g.ArrayDataset(x, np.arange(10)).transform_first(mx.gluon.data.vision.transforms.ToTensor()),
        g.ArrayDataset(x, np.arange(10)).transform_first(mx.gluon.data.vision.transforms.Compose(
            [mx.gluon.data.vision.transforms.ToTensor(),
             mx.gluon.data.vision.transforms.Normalize((0.1, 0.2, 0.3), (0.5, 0.4, 0.3))])),
        g.ArrayDataset(x, np.arange(10)).transform(lambda a, b: (a.astype("float32") * 2, b + 1)),
        g.ArrayDataset(mx.nd.arange(30).reshape(10, 3), list(range(10))).take(7),
    ]


def _epochs(mx, k, n=2, **kw):
    dl = mx.gluon.data.DataLoader(_datasets(mx)[k], **kw)
    return len(dl), [list(dl) for _ in range(n)]


@pytest.mark.parametrize("k", range(10))
@pytest.mark.parametrize("last_batch", ["keep", "discard", "rollover"])
def test_batches_match(k, last_batch):
    a = _epochs(mxnet, k, batch_size=4, last_batch=last_batch)
    b = _epochs(torch2gluon, k, batch_size=4, last_batch=last_batch)
    assert a[0] == b[0]
    same(a[1], b[1], exact=True)


def test_shuffle_uses_numpy_rng():
    np.random.seed(7)
    a = _epochs(mxnet, 0, batch_size=3, shuffle=True)
    np.random.seed(7)
    b = _epochs(torch2gluon, 0, batch_size=3, shuffle=True)
    same(a[1], b[1])


def test_rollover_order():
    dl = torch2gluon.gluon.data.DataLoader(np.arange(10), batch_size=4, last_batch="rollover")
    assert [b.asnumpy().tolist() for b in dl] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert [b.asnumpy().tolist() for b in dl][0] == [8, 9, 0, 1]


def test_batchify_and_samplers():
    def fn(data):
        return [len(data), data]
    for mx in LIBS:
        bs = mx.gluon.data.BatchSampler(mx.gluon.data.SequentialSampler(5), 2)
        dl = mx.gluon.data.DataLoader(list(range(5)), batch_sampler=bs, batchify_fn=fn)
        assert list(dl) == [[2, [0, 1]], [2, [2, 3]], [1, [4]]]
    a = list(mxnet.gluon.data.DataLoader(np.arange(6), 2, sampler=mxnet.gluon.data.SequentialSampler(4, 1)))
    b = list(torch2gluon.gluon.data.DataLoader(np.arange(6), 2,
                                               sampler=torch2gluon.gluon.data.SequentialSampler(4, 1)))
    same(a, b)
    same(mxnet.gluon.data.dataloader.default_batchify_fn([1, 2]),
         torch2gluon.gluon.data.dataloader.default_batchify_fn([1, 2]))


def test_pin_memory_and_auto_reload():
    a = list(mxnet.gluon.data.DataLoader(np.arange(6), 4, pin_memory=True, auto_reload=True))
    b = list(torch2gluon.gluon.data.DataLoader(np.arange(6), 4, pin_memory=True, auto_reload=True))
    same(a, b)


@pytest.mark.parametrize("kw", [dict(), dict(batch_size=2, shuffle=True, sampler="S"),
                                dict(batch_size=2, batch_sampler="B"), dict(batch_sampler="B", shuffle=True),
                                dict(batch_size=2, timeout=0), dict(batch_size=2, try_nopython=True),
                                dict(batch_size=2, last_batch="bad")])
def test_argument_errors(kw):
    def make(mx):
        k = dict(kw)
        if k.get("sampler") == "S":
            k["sampler"] = mx.gluon.data.SequentialSampler(4)
        if k.get("batch_sampler") == "B":
            k["batch_sampler"] = [[0, 1]]
        return lambda: list(mx.gluon.data.DataLoader(np.arange(4), **k))
    assert err_type(make(mxnet)) == err_type(make(torch2gluon)) is not None


def _worker_ds(mx):
    return mx.gluon.data.ArrayDataset(mx.nd.arange(14).reshape(7, 2), np.arange(7, dtype=np.int32)) \
        .transform(lambda x, y: (x + 1, y))


@pytest.mark.parametrize("thread_pool", [False, True])
def test_workers_match(thread_pool):
    kw = dict(batch_size=3, num_workers=2, thread_pool=thread_pool, last_batch="rollover")
    a = mxnet.gluon.data.DataLoader(_worker_ds(mxnet), **kw)
    b = torch2gluon.gluon.data.DataLoader(_worker_ds(torch2gluon), **kw)
    for _ in range(2):
        same(list(a), list(b))
    assert str(list(b)[0][0].context) == "cpu_shared(0)"
    # fast path with num_workers: same batches, same context
    kw2 = dict(batch_size=3, num_workers=2, thread_pool=thread_pool)
    same(list(mxnet.gluon.data.DataLoader(np.arange(7), **kw2)),
         list(torch2gluon.gluon.data.DataLoader(np.arange(7), **kw2)))


def test_worker_error_propagates():
    def bad(x):
        raise KeyError("boom")
    ds = torch2gluon.gluon.data.SimpleDataset(list(range(4))).transform(bad)
    with pytest.raises(KeyError):
        list(torch2gluon.gluon.data.DataLoader(ds, 2, num_workers=2))
