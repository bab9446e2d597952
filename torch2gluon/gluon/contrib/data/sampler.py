"""`gluon.contrib.data.IntervalSampler`: indices of [0, length) taken every `interval` items."""
from ...data import sampler

__all__ = ["IntervalSampler"]


class IntervalSampler(sampler.Sampler):
    """Indices 0, interval, 2*interval, ...; with `rollover` the passes restart at 1, 2, ... until all are seen.

    As in MXNet, `len()` is `length` even when `rollover=False` yields fewer indices.
    """

    def __init__(self, length, interval, rollover=True):
        assert interval <= length, f"Interval {interval} must be smaller than or equal to length {length}"
        self._length = length
        self._interval = interval
        self._rollover = rollover

    def __iter__(self):
        for start in range(self._interval if self._rollover else 1):
            yield from range(start, self._length, self._interval)

    def __len__(self):
        return self._length
