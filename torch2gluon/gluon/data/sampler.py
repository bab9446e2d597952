"""Samplers: index orders for datasets (MXNet 1.9.1 `gluon.data.sampler`)."""
import numpy as np

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "FilterSampler", "BatchSampler"]

_LAST_BATCH = ("keep", "discard", "rollover")


def _bad_last_batch(value):
    return ValueError("last_batch must be one of 'keep', 'discard', or 'rollover', "
                      f"but got {value}")


class Sampler:
    """Base class: an iterable of sample indices with a length."""

    def __iter__(self):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """Indices `start, start+1, ..., start+length-1` in order."""

    def __init__(self, length, start=0):
        self._length = length
        self._start = start

    def __iter__(self):
        return iter(range(self._start, self._start + self._length))

    def __len__(self):
        return self._length


class RandomSampler(Sampler):
    """A random permutation of `range(length)` drawn from numpy's global RNG each epoch."""

    def __init__(self, length):
        self._length = length

    def __iter__(self):
        order = np.arange(self._length)
        np.random.shuffle(order)  # numpy's global RNG, as MXNet: np.random.seed() reproduces it
        return iter(order)

    def __len__(self):
        return self._length


class FilterSampler(Sampler):
    """Indices of the samples of `dataset` for which `fn(sample)` is true (evaluated once, eagerly)."""

    def __init__(self, fn, dataset):
        self._fn = fn
        self._dataset = dataset
        self._indices = [i for i, sample in enumerate(dataset) if fn(sample)]

    def __iter__(self):
        return iter(self._indices)

    def __len__(self):
        return len(self._indices)


class BatchSampler(Sampler):
    """Group another sampler's indices into lists of `batch_size`; `last_batch` keeps, discards or rolls over the rest."""

    def __init__(self, sampler, batch_size, last_batch="keep"):
        self._sampler = sampler
        self._batch_size = batch_size
        self._last_batch = last_batch
        self._prev = []

    def __iter__(self):
        batch = self._prev
        self._prev = []
        size = self._batch_size
        for i in self._sampler:
            batch.append(i)
            if len(batch) == size:
                yield batch
                batch = []
        if not batch:
            return
        mode = self._last_batch
        if mode == "keep":
            yield batch
        elif mode == "rollover":
            self._prev = batch
        elif mode != "discard":
            raise _bad_last_batch(mode)

    def __len__(self):
        mode, n, size = self._last_batch, len(self._sampler), self._batch_size
        if mode == "keep":
            return (n + size - 1) // size
        if mode == "discard":
            return n // size
        if mode == "rollover":
            return (len(self._prev) + n) // size
        raise _bad_last_batch(mode)


class IntervalSampler(Sampler):  # exported by gluon.contrib.data in MXNet, not gluon.data
    """Indices `0, k, 2k, ...` then (with `rollover`) `1, 1+k, ...` and so on (MXNet's `gluon.contrib.data`)."""

    def __init__(self, length, interval, rollover=True):
        assert interval <= length, \
            f"Interval {interval} must be smaller than or equal to length {length}"
        self._length = length
        self._interval = interval
        self._rollover = rollover

    def __iter__(self):
        starts = range(self._interval) if self._rollover else range(1)
        for s in starts:
            yield from range(s, self._length, self._interval)

    def __len__(self):
        return self._length
