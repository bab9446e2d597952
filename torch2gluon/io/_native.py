"""Shared machinery of the iterators MXNet implements in C++ (CSVIter, MNISTIter, ImageRecordIter).

`NativeIter` behaves like MXNet's `MXDataIter`: keyword arguments only, the first batch is loaded by the
constructor (so bad files fail there), `provide_data`/`provide_label` come from that batch.
`RoundBatcher` is dmlc's BatchLoader: with `round_batch` the last batch is completed from the start of the data
and the next epoch continues after the samples so borrowed.
"""
import collections

from ..base import MXNetError
from .io import DataIter, DataDesc

__all__ = ["NativeIter", "RoundBatcher", "check_kwargs", "required"]


def check_kwargs(name, args, kwargs, supported, refused=None):
    """Refuse (NotImplementedError) a non-default value of a `refused` option; positional `args` fail later.

    A keyword that is neither `supported` nor `refused` is not one of this iterator's MXNet parameters, and
    MXNet's parameter parser (dmlc `InitAllowUnknown`) ignores it: `MNISTIter(..., data_shape=(784,))` as in
    MXNet's own tests, or `input_shape` from `test_utils.get_mnist_iterator`, changes nothing.
    `supported` and `refused` together list every parameter MXNet documents for the iterator.
    """
    for k, v in kwargs.items():
        if refused and k in refused and v != refused[k]:
            raise NotImplementedError(f"io.{name}: argument '{k}' is not supported (only its default "
                                      f"{refused[k]!r})")


def required(name, kwargs, key, kind="Shape(tuple)"):
    """kwargs[key], or MXNet's error for a missing required parameter."""
    if key not in kwargs:
        raise MXNetError(f"{name}: Required parameter {key} of {kind} is not presented")
    return kwargs[key]


class RoundBatcher:
    """Group instances from `source` (with `before_first()` and `next()` -> instance or None) into batches.

    MXNet's C++ iterators group batches in a producer thread that runs up to `LOOKAHEAD` (16) batches ahead of
    the consumer; a reset therefore continues after the borrowed samples whenever the wrapped last batch was
    already produced (e.g. `reset()` on a fresh iterator of at most 17 batches, as `Module.score` does).
    The batches are grouped (as instance indices) that far ahead here too; decoding stays on demand.
    """

    LOOKAHEAD = 16

    def __init__(self, source, batch_size, round_batch):
        self.source = source
        self.batch_size = batch_size
        self.round_batch = round_batch
        self.num_overflow = 0
        self.ahead = collections.deque()

    def before_first(self):
        """Start an epoch (after a wrapped batch, continue where the wrap stopped)."""
        while len(self.ahead) < self.LOOKAHEAD:  # what MXNet's producer thread has grouped by now
            got = self._produce()
            if got is None:
                break
            self.ahead.append(got)
        self.ahead.clear()
        if not self.round_batch or self.num_overflow == 0:
            self.source.before_first()
        else:
            self.num_overflow = 0

    def next(self):
        """(instances, pad) or None at the end of the epoch; pad counts borrowed or missing instances."""
        if self.ahead:
            return self.ahead.popleft()
        return self._produce()

    def _produce(self):
        if self.num_overflow:
            return None  # the wrapped batch ended this epoch
        items = []
        while len(items) < self.batch_size:
            x = self.source.next()
            if x is None:
                break
            items.append(x)
        if len(items) == self.batch_size:
            return items, 0
        if not items:
            return None
        if not self.round_batch:
            return items, self.batch_size - len(items)
        self.num_overflow = 0
        self.source.before_first()
        while len(items) < self.batch_size:
            x = self.source.next()
            if x is None:
                raise MXNetError("number of input must be bigger than batch size")
            items.append(x)
            self.num_overflow += 1
        return items, self.num_overflow


class NativeIter(DataIter):
    """Base of C++-style iterators: subclasses define `_before_first()` and `_next_batch()` -> DataBatch or None."""

    def __init__(self, data_name="data", label_name="softmax_label", args=()):
        super().__init__()
        self._current = None
        self.first_batch = None
        self.first_batch = self.next()
        data, label = self.first_batch.data[0], self.first_batch.label[0]
        self.provide_data = [DataDesc(data_name, data.shape, data.dtype)]
        self.provide_label = [DataDesc(label_name, label.shape, label.dtype)]
        self.batch_size = data.shape[0]
        if args:  # MXNet builds the iterator from the keywords first, then refuses positional arguments
            raise TypeError(f"{type(self).__name__} can only accept keyword arguments")

    def reset(self):
        """Back to the start of the data (see RoundBatcher for round_batch)."""
        self.first_batch = None
        self._before_first()

    def next(self):
        """The next DataBatch."""
        if self.first_batch is not None:
            batch, self.first_batch = self.first_batch, None
            self._current = batch
            return batch
        batch = self._next_batch()
        if batch is None:
            raise StopIteration
        self._current = batch
        return batch

    def iter_next(self):
        """Advance; True when a batch is available."""
        if self.first_batch is not None:
            self._current = self.first_batch
            self.first_batch = None
            return True
        batch = self._next_batch()
        if batch is None:
            return False
        self._current = batch
        return True

    def getdata(self):
        """Data NDArray of the current batch."""
        return self._current.data[0]

    def getlabel(self):
        """Label NDArray of the current batch."""
        return self._current.label[0]

    def getindex(self):
        """Index array of the current batch."""
        return self._current.index

    def getpad(self):
        """Pad of the current batch."""
        return self._current.pad

    def _before_first(self):
        raise NotImplementedError

    def _next_batch(self):
        raise NotImplementedError

