"""MXNet 1.9.1's pool-based batch iterator `_MultiWorkerIter` and its worker functions (internal API that
third-party loaders subclass, e.g. gluon-cv's RandomTransformDataLoader with its own `multiprocessing.Pool`)."""
import io
import multiprocessing
import multiprocessing.pool
import pickle
import sys
from multiprocessing.reduction import ForkingPickler

import torch.multiprocessing  # noqa: F401  (registers torch's shared-memory reducers with ForkingPickler)

from ...context import Context, cpu_pinned
from ...ndarray.ndarray import NDArray, wrap
from ...util import set_np

_SHARED = Context("cpu_shared", 0)
_worker_dataset = None


def _rebuild_shared(t, is_np):
    """An array sent with ForkingPickler, rebuilt in context cpu_shared(0) over the shared memory."""
    if is_np:
        from ...numpy._wrap import wrap_np
        return wrap_np(t, _SHARED)
    out = wrap(t)
    out._ctx = _SHARED
    return out


def _reduce_shared(a):
    """MXNet's ForkingPickler reducer: the data moves through shared memory and arrives as cpu_shared(0)."""
    t = a._t.detach()
    t = t.cpu() if t.device.type != "cpu" else t.clone()  # a private buffer: the sender may write to `a` later
    return _rebuild_shared, (t, type(a) is not NDArray)


def register_np_reducer(np_ndarray):
    """Send `mx.np.ndarray`s through shared memory too (called by numpy/multiarray.py once its class exists)."""
    ForkingPickler.register(np_ndarray, _reduce_shared)


def _register_reducers():
    ForkingPickler.register(NDArray, _reduce_shared)
    np_mod = sys.modules.get(__name__.rsplit(".", 3)[0] + ".numpy.multiarray")  # mx.np loads on first use
    if getattr(np_mod, "ndarray", None) is not None:
        register_np_reducer(np_mod.ndarray)


_register_reducers()


def _worker_initializer(dataset, active_shape, active_array):
    """Pool initializer: keep `dataset` in the worker process and apply the parent's numpy-mode flags."""
    global _worker_dataset
    _worker_dataset = dataset
    set_np(shape=active_shape, array=active_array)


def _worker_fn(samples, batchify_fn, dataset=None):  # pylint: disable=unused-argument
    """Process worker: batchify the samples of the worker's dataset, returned as ForkingPickler bytes."""
    batch = batchify_fn([_worker_dataset[i] for i in samples])
    buf = io.BytesIO()
    ForkingPickler(buf, pickle.HIGHEST_PROTOCOL).dump(batch)
    return buf.getvalue()


def _thread_worker_fn(samples, batchify_fn, dataset):
    """Thread worker: batchify the samples of `dataset` (no pickling)."""
    return batchify_fn([dataset[i] for i in samples])


class _MultiWorkerIter:
    """One epoch over a worker pool: `prefetch` batches ahead, each fetched with `timeout` seconds."""

    def __init__(self, worker_pool, batchify_fn, batch_sampler, pin_memory=False, pin_device_id=0,
                 worker_fn=_worker_fn, prefetch=0, dataset=None, data_loader=None, timeout=120):
        self._worker_pool = worker_pool
        self._batchify_fn = batchify_fn
        self._batch_sampler = batch_sampler
        self._data_buffer = {}
        self._rcvd_idx = 0
        self._sent_idx = 0
        self._iter = iter(self._batch_sampler)
        self._worker_fn = worker_fn
        self._pin_memory = pin_memory
        self._pin_device_id = pin_device_id
        self._dataset = dataset
        self._data_loader = data_loader
        self._timeout = timeout
        for _ in range(prefetch):
            self._push_next()

    def __len__(self):
        return len(self._batch_sampler)

    def _push_next(self):
        """Hand the next batch's indices to the pool."""
        r = next(self._iter, None)
        if r is None:
            return
        self._data_buffer[self._sent_idx] = self._worker_pool.apply_async(
            self._worker_fn, (r, self._batchify_fn, self._dataset))
        self._sent_idx += 1

    def __next__(self):
        self._push_next()
        if self._rcvd_idx == self._sent_idx:
            assert not self._data_buffer, "Data buffer should be empty at this moment"
            raise StopIteration
        assert self._rcvd_idx < self._sent_idx, "rcvd_idx must be smaller than sent_idx"
        assert self._rcvd_idx in self._data_buffer, "fatal error with _push_next, rcvd_idx missing"
        ret = self._data_buffer.pop(self._rcvd_idx)
        try:
            batch = ret.get(self._timeout)
            if self._dataset is None:  # process workers send ForkingPickler bytes
                batch = pickle.loads(batch)
            if self._pin_memory:
                from .dataloader import _as_in_context
                batch = _as_in_context(batch, cpu_pinned(self._pin_device_id))
            self._rcvd_idx += 1
            return batch
        except multiprocessing.context.TimeoutError:
            msg = f"Worker timed out after {self._timeout} seconds. This might be caused by a slow transform; " \
                  "increase `timeout` to allow slower data loading in each worker."
            if not isinstance(self._worker_pool, multiprocessing.pool.ThreadPool):
                msg += " It can also mean insufficient shared memory: reduce `num_workers`."
            print(msg)
            raise
        except Exception:
            self._worker_pool.terminate()
            raise

    def next(self):
        """Python 2 style alias of `__next__`."""
        return self.__next__()

    def __iter__(self):
        return self
