"""`DataLoader`: MXNet 1.9.1's mini-batch loader, with torch's DataLoader workers and an in-memory fast path."""
import contextlib
import math
import multiprocessing
import multiprocessing.pool
import warnings
from multiprocessing.pool import ThreadPool
from multiprocessing.reduction import ForkingPickler  # noqa: F401  (MXNet's module exposes it; NDArray pickles)

import numpy as np
import torch
import torch.utils.data

from ... import ndarray as nd
from ...context import Context, cpu_pinned
from ...ndarray.ndarray import NDArray, wrap
from ...util import _NP
from . import sampler as _sampler
from ._fastpath import batch_gatherer
from ._pool_iter import (_MultiWorkerIter, _thread_worker_fn, _worker_fn,  # noqa: F401  (MXNet internals)
                         _worker_initializer)

__all__ = ["DataLoader", "default_batchify_fn", "default_mp_batchify_fn"]

_SHARED = Context("cpu_shared", 0)


def default_batchify_fn(data):
    """Batch samples: NDArrays are stacked, tuples batched field by field (a list), the rest via `np.asarray`.

    In numpy mode (`npx.set_np()`) the batches are `mx.np.ndarray`s, as MXNet's `np.stack`/`np.array` make.
    """
    first = data[0]
    if isinstance(first, NDArray):
        if type(first) is not NDArray and _NP.array:  # mx.np samples: MXNet's np.stack (legacy views here)
            from ...numpy._wrap import as_nd
            data = [as_nd(d) for d in data]
        out = nd.stack(*data)
    elif isinstance(first, tuple):
        return [default_batchify_fn(field) for field in zip(*data)]
    else:
        arr = np.asarray(data)
        out = nd.array(arr, dtype=arr.dtype)
    return _np_batch(out) if _NP.array else out


def _np_batch(batch):
    """A batch (array or nested lists of arrays) as `mx.np.ndarray`s (views, no copy)."""
    from ...numpy._wrap import as_np_out
    return as_np_out(batch)


def _to_ctx(batch, ctx):
    """Every NDArray in a (nested list/tuple) batch marked or moved to `ctx` (lists come back as lists)."""
    if isinstance(batch, NDArray):
        if ctx is _SHARED and batch._t.device.type == "cpu":
            out = wrap(batch._t)  # a fresh batch: mark it shared instead of copying it
            out._ctx = _SHARED
            return out
        return batch.as_in_context(ctx)
    if isinstance(batch, (list, tuple)):
        return [_to_ctx(b, ctx) for b in batch]
    return batch


def default_mp_batchify_fn(data):
    """`default_batchify_fn` with the results in shared CPU memory (context `cpu_shared(0)`)."""
    out = _to_ctx(default_batchify_fn(data), _SHARED)
    return _np_batch(out) if _NP.array else out


def _as_in_context(data, ctx):
    """Move NDArrays of a batch to `ctx`, pinning the memory for `cpu_pinned` when CUDA is present."""
    if isinstance(data, NDArray):
        if data.context == ctx:
            return data
        if ctx.device_type == "cpu_pinned":
            t = data._t.detach()
            t = t.pin_memory() if torch.cuda.is_available() else t.clone()
            out = wrap(t)
            out._ctx = ctx
            return out
        return data.as_in_context(ctx)
    if isinstance(data, (list, tuple)):
        return [_as_in_context(d, ctx) for d in data]
    return data


# ---------------------------------------------------------------- worker processes (torch DataLoader)
class _Wire:
    """An NDArray crossing the process boundary as a torch tensor (torch moves it through shared memory).

    `is_np` keeps the array's class: an `mx.np.ndarray` comes back as one, as MXNet's np reducer rebuilds it.
    """
    __slots__ = ("t", "is_np")

    def __init__(self, t, is_np=False):
        self.t = t
        self.is_np = is_np

    def __reduce__(self):
        return (_Wire, (self.t, self.is_np))


def _to_wire(obj):
    if isinstance(obj, NDArray):
        return _Wire(obj._t.detach(), type(obj) is not NDArray)
    if isinstance(obj, (list, tuple)):
        return type(obj)(_to_wire(o) for o in obj) if type(obj) in (list, tuple) else obj
    if type(obj) is dict:
        return {k: _to_wire(v) for k, v in obj.items()}
    return obj


def _from_wire(obj):
    if isinstance(obj, _Wire):
        if obj.is_np:
            from ...numpy._wrap import wrap_np
            return wrap_np(obj.t, _SHARED)  # MXNet's workers hand arrays over in shared memory
        out = wrap(obj.t)
        out._ctx = _SHARED
        return out
    if type(obj) in (list, tuple):
        return type(obj)(_from_wire(o) for o in obj)
    if type(obj) is dict:
        return {k: _from_wire(v) for k, v in obj.items()}
    return obj


class _BatchFetcher(torch.utils.data.Dataset):
    """Runs in a worker: indices -> batchified batch, ready to send."""

    def __init__(self, dataset, batchify_fn, gather):
        self.dataset = dataset
        self.batchify_fn = batchify_fn
        self.gather = gather

    def __getitem__(self, indices):
        try:
            batch = self.gather(indices) if self.gather is not None else None
            if batch is None:
                batch = self.batchify_fn([self.dataset[i] for i in indices])
        except Exception as e:  # noqa: BLE001  (handed to the main process as MXNet's worker pool does)
            return _WorkerError.of(e)
        return _to_wire(batch)


class _RemoteTraceback(Exception):
    """The worker's traceback, chained as the cause of a re-raised worker error (as multiprocessing.pool)."""

    def __str__(self):
        return self.args[0]


class _WorkerError:
    """An exception raised in a worker process, re-raised as itself in the main process (MXNet's workers run
    in a multiprocessing pool, which re-raises the worker's exception with its message unchanged)."""
    __slots__ = ("exc", "tb")

    def __init__(self, exc, tb):
        self.exc = exc
        self.tb = tb

    def __reduce__(self):
        return (_WorkerError, (self.exc, self.tb))

    @staticmethod
    def of(e):
        """`e` wrapped when it can cross the process boundary; re-raised (torch's own report) otherwise."""
        import pickle
        import traceback
        try:
            pickle.loads(pickle.dumps(e))
        except Exception:  # noqa: BLE001
            raise e from None
        return _WorkerError(e, "".join(traceback.format_exception(type(e), e, e.__traceback__)))

    def reraise(self):
        raise self.exc from _RemoteTraceback('\n"""\n' + self.tb + '"""')

    def __len__(self):
        raise TypeError("_BatchFetcher has no length")


class _BatchOrder(torch.utils.data.Sampler):
    """One epoch of the MXNet batch sampler, iterated in the main process (keeps rollover state)."""

    def __init__(self, batch_sampler):
        self.batch_sampler = batch_sampler

    def __iter__(self):
        return iter(self.batch_sampler)

    def __len__(self):
        return len(self.batch_sampler)


def _identity(x):
    return x


def _timeout_error(timeout, threads):
    msg = f"Worker timed out after {timeout} seconds. This might be caused by a slow transform; " \
          "increase `timeout` to allow slower data loading in each worker."
    if not threads:
        msg += " It can also mean insufficient shared memory: reduce `num_workers`."
    return multiprocessing.context.TimeoutError(msg)


@contextlib.contextmanager
def _no_worker_count_warning():
    """MXNet starts any num_workers silently; torch warns when it exceeds the CPU count."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="This DataLoader will create", category=UserWarning)
        yield


class _ProcessIter:
    """One epoch over torch DataLoader workers, batches converted back to NDArrays."""

    def __init__(self, loader, timeout, pin_ctx):
        with _no_worker_count_warning():
            self._it = iter(loader)
        self._timeout = timeout
        self._pin_ctx = pin_ctx
        self._len = len(loader)

    def __len__(self):
        return self._len

    def __iter__(self):
        return self

    def __next__(self):
        try:
            batch = next(self._it)
        except RuntimeError as e:
            if "timed out" in str(e):
                raise _timeout_error(self._timeout, False) from e
            raise
        if isinstance(batch, _WorkerError):
            batch.reraise()
        batch = _from_wire(batch)
        if self._pin_ctx is not None:
            batch = _as_in_context(batch, self._pin_ctx)
        return batch

    next = __next__


def _thread_task(indices, batchify_fn, dataset):
    return batchify_fn([dataset[i] for i in indices])


class _ThreadIter:
    """One epoch over a thread pool: `prefetch` batches ahead, each fetched with `timeout`."""

    def __init__(self, pool, batchify_fn, batch_sampler, dataset, prefetch, timeout, pin_ctx):
        self._pool, self._fn, self._ds = pool, batchify_fn, dataset
        self._batches = iter(batch_sampler)
        self._len = len(batch_sampler)
        self._pending = []
        self._timeout, self._pin_ctx = timeout, pin_ctx
        for _ in range(prefetch):
            self._push()

    def _push(self):
        indices = next(self._batches, None)
        if indices is not None:
            self._pending.append(self._pool.apply_async(_thread_task, (indices, self._fn, self._ds)))

    def __len__(self):
        return self._len

    def __iter__(self):
        return self

    def __next__(self):
        self._push()
        if not self._pending:
            raise StopIteration
        res = self._pending.pop(0)
        try:
            batch = res.get(self._timeout)
        except multiprocessing.context.TimeoutError:
            raise _timeout_error(self._timeout, True) from None
        if self._pin_ctx is not None:
            batch = _as_in_context(batch, self._pin_ctx)
        return batch

    next = __next__


# ---------------------------------------------------------------- DataLoader
class DataLoader:
    """Mini-batches from a Dataset: MXNet 1.9.1's `gluon.data.DataLoader` with all of its arguments."""

    def __init__(self, dataset, batch_size=None, shuffle=False, sampler=None, last_batch=None,
                 batch_sampler=None, batchify_fn=None, num_workers=0, pin_memory=False, pin_device_id=0,
                 prefetch=None, thread_pool=False, timeout=120, auto_reload=False):
        self._pool = None
        self._torch_loader = None
        self._dataset = dataset
        self._pin_memory = pin_memory
        self._pin_device_id = pin_device_id
        self._thread_pool = thread_pool
        self._timeout = timeout
        assert timeout > 0, f"timeout must be positive, given {timeout}"
        if batch_sampler is None:
            if batch_size is None:
                raise ValueError("batch_size must be specified unless batch_sampler is specified")
            if sampler is None:
                sampler = (_sampler.RandomSampler if shuffle else _sampler.SequentialSampler)(len(dataset))
            elif shuffle:
                raise ValueError("shuffle must not be specified if sampler is specified")
            batch_sampler = _sampler.BatchSampler(sampler, batch_size, last_batch if last_batch else "keep")
        elif batch_size is not None or shuffle or sampler is not None or last_batch is not None:
            raise ValueError("batch_size, shuffle, sampler and last_batch must not be specified if "
                             "batch_sampler is specified.")
        self._batch_sampler = batch_sampler
        self._num_workers = num_workers if num_workers >= 0 else 0
        self._prefetch = max(0, int(prefetch) if prefetch is not None else 2 * self._num_workers)
        self._pin_ctx = cpu_pinned(pin_device_id) if pin_memory else None
        self._default_batchify = batchify_fn is None
        if batchify_fn is None:
            self._batchify_fn = default_mp_batchify_fn if num_workers > 0 else default_batchify_fn
            self._gather = batch_gatherer(dataset)
        else:
            self._batchify_fn = batchify_fn
            self._gather = None
        # With the gather fast path a batch costs one indexed read: workers would only add IPC, so the
        # batches are made here (still in context cpu_shared(0), as MXNet's workers deliver them).
        if self._num_workers > 0 and self._gather is None:
            if thread_pool:
                self._pool = ThreadPool(self._num_workers)
            else:
                # Workers (forked by torch) batchify; the main process only iterates the batch sampler.
                per_worker = max(1, math.ceil(self._prefetch / self._num_workers))
                with _no_worker_count_warning():
                    self._torch_loader = torch.utils.data.DataLoader(
                        _BatchFetcher(dataset, self._batchify_fn, self._gather), batch_size=None,
                        sampler=_BatchOrder(batch_sampler), num_workers=self._num_workers,
                        collate_fn=_identity, timeout=timeout, prefetch_factor=per_worker,
                        persistent_workers=True)
        self.auto_reload = auto_reload
        self._iter = None
        if auto_reload:
            self.refresh()

    def _same_process_iter(self):
        gather, batchify, dataset, pin = self._gather, self._batchify_fn, self._dataset, self._pin_ctx
        shared = self._num_workers > 0
        for indices in self._batch_sampler:
            batch = gather(indices) if gather is not None else None
            if batch is None:
                batch = batchify([dataset[i] for i in indices])
            elif shared:
                batch = _to_ctx(batch, _SHARED)
            if pin is not None:
                batch = _as_in_context(batch, pin)
            yield batch

    def _prefetch_iter(self):
        if self._num_workers == 0 or self._gather is not None:
            return self._same_process_iter()
        if self._pool is not None:
            return _ThreadIter(self._pool, self._batchify_fn, self._batch_sampler, self._dataset,
                               self._prefetch, self._timeout, self._pin_ctx)
        return _ProcessIter(self._torch_loader, self._timeout, self._pin_ctx)

    def __iter__(self):
        if self._iter is None:
            self.refresh()
        it, self._iter = self._iter, None  # one prepared iterator serves one epoch only
        if _NP.array and self._default_batchify:   # numpy mode: the default batches are `mx.np.ndarray`s
            for batch in it:
                yield _np_batch(batch)
        else:
            yield from it
        if self._iter is None and self.auto_reload:
            self.refresh()

    def __len__(self):
        return len(self._batch_sampler)

    def refresh(self):
        """Prepare (and, with workers, start prefetching) the next epoch's iterator."""
        self._iter = self._prefetch_iter()

    def clean(self):
        """Drop the prepared iterator."""
        self._iter = None

    def __del__(self):
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.terminate()
