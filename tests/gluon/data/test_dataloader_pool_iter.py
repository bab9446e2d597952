"""`gluon.data.dataloader._MultiWorkerIter` and its worker functions (MXNet internals that gluon-cv's
RandomTransformDataLoader subclasses) against MXNet 1.9.1."""
import multiprocessing
import multiprocessing.pool

import numpy as np
import pytest

from tests.oracle import check

_DATA = np.arange(14, dtype=np.float32).reshape(7, 2)


def _sampler(mx, n=7, bs=3, last="keep"):
    return mx.gluon.data.BatchSampler(mx.gluon.data.SequentialSampler(n), bs, last)


def _dataset(mx):
    return mx.gluon.data.ArrayDataset(mx.nd.array(_DATA), np.arange(7, dtype=np.int64))


def _process_epoch(mx, pin=False, prefetch=2):
    dl = mx.gluon.data.dataloader
    ds = _dataset(mx)
    pool = multiprocessing.get_context("fork").Pool(1, initializer=dl._worker_initializer,
                                                    initargs=[ds, False, False])
    try:
        it = dl._MultiWorkerIter(pool, dl.default_mp_batchify_fn, _sampler(mx), pin_memory=pin,
                                 prefetch=prefetch)
        return [len(it)] + list(it)
    finally:
        pool.terminate()


def test_process_pool_epoch():
    check(lambda mx: _process_epoch(mx))


def test_process_pool_no_prefetch_pinned():
    check(lambda mx: _process_epoch(mx, pin=True, prefetch=0))


def _thread_epoch(mx, batchify=None):
    dl = mx.gluon.data.dataloader
    pool = multiprocessing.pool.ThreadPool(2)
    try:
        it = dl._MultiWorkerIter(pool, batchify or dl.default_batchify_fn, _sampler(mx, bs=2, last="discard"),
                                 worker_fn=dl._thread_worker_fn, prefetch=1, dataset=_dataset(mx))
        return list(it)
    finally:
        pool.terminate()


def test_thread_pool_epoch():
    check(lambda mx: _thread_epoch(mx))


def _bad_batchify(data):
    raise ValueError("bad batch")


def test_worker_error_is_reraised():
    check(lambda mx: _thread_epoch(mx, _bad_batchify), raises=ValueError)


def _subclass_epoch(mx):
    dl = mx.gluon.data.dataloader

    class ScaledIter(dl._MultiWorkerIter):
        """gluon-cv style: override _push_next to hand each batch a per-batch argument."""

        def _push_next(self):
            r = next(self._iter, None)
            if r is None:
                return
            ret = self._worker_pool.apply_async(
                lambda s, f, k: f([mx.nd.array(_DATA[i] * k) for i in s]),
                (r, self._batchify_fn, self._sent_idx + 1))
            self._data_buffer[self._sent_idx] = ret
            self._sent_idx += 1

    pool = multiprocessing.pool.ThreadPool(1)
    try:
        it = ScaledIter(pool, dl.default_batchify_fn, _sampler(mx), prefetch=2, dataset=_DATA)
        out = [next(it), it.next()]
        out += list(it)
        with pytest.raises(StopIteration):
            next(it)
        return out
    finally:
        pool.terminate()


def test_subclass_overrides_push_next():
    check(_subclass_epoch)


def test_worker_fn_pickles_batch(mx):
    import pickle
    dl = mx.gluon.data.dataloader
    dl._worker_initializer(_dataset(mx), False, False)
    raw = dl._worker_fn([0, 2], dl.default_batchify_fn)
    data, label = pickle.loads(raw)
    np.testing.assert_array_equal(data.asnumpy(), _DATA[[0, 2]])
    np.testing.assert_array_equal(label.asnumpy(), [0, 2])
