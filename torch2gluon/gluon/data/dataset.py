"""Datasets: `Dataset` with its lazy views, `SimpleDataset`, `ArrayDataset` (MXNet 1.9.1 `gluon.data.dataset`)."""
import os

from ...ndarray.ndarray import NDArray

__all__ = ["Dataset", "SimpleDataset", "ArrayDataset", "RecordFileDataset"]


class Dataset:
    """Abstract dataset: implement `__getitem__` and `__len__`."""

    def __getitem__(self, idx):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def filter(self, fn):
        """A view keeping the samples for which `fn(sample)` is true (`fn` runs once per sample, now)."""
        from .sampler import FilterSampler
        return _SampledDataset(self, FilterSampler(fn, self))

    def shard(self, num_shards, index):
        """The `index`-th of `num_shards` contiguous parts (the first `len % num_shards` parts get one extra)."""
        assert index < num_shards, f"Shard index of out bound: {index} out of {num_shards}"
        assert num_shards > 0, "Number of shards must be greater than 0"
        assert index >= 0, "Index must be non-negative"
        base, rest = divmod(len(self), num_shards)
        start = base * index + min(index, rest)
        count = base + (1 if index < rest else 0)
        from .sampler import SequentialSampler
        return _SampledDataset(self, SequentialSampler(count, start))

    def take(self, count):
        """A view of the first `count` samples (all of them when `count` is None or too large)."""
        if count is None or count > len(self):
            count = len(self)
        from .sampler import SequentialSampler
        return _SampledDataset(self, SequentialSampler(count))

    def sample(self, sampler):
        """A view of the samples at the indices `sampler` yields (iterated once, now)."""
        from .sampler import Sampler
        if not isinstance(sampler, Sampler):
            raise TypeError(f"Invalid sampler type: {type(sampler)}. Expected gluon.data.Sampler instead.")
        return _SampledDataset(self, sampler)

    def transform(self, fn, lazy=True):
        """A dataset of `fn(*sample)` (tuple samples are unpacked); `lazy=False` computes every sample now."""
        view = _LazyTransformDataset(self, fn)
        if lazy:
            return view
        return SimpleDataset([i for i in view])  # the __getitem__ protocol, as MXNet

    def transform_first(self, fn, lazy=True):
        """Like `transform`, but `fn` only maps the first element of each sample."""
        return self.transform(_TransformFirstClosure(fn), lazy)


class SimpleDataset(Dataset):
    """A Dataset over any object with `len()` and `[]` (list, numpy array, NDArray...)."""

    def __init__(self, data):
        self._data = data

    def __len__(self):
        return len(self._data)

    def __getitem__(self, idx):
        return self._data[idx]


class _LazyTransformDataset(Dataset):
    """`fn` applied to each sample on access."""

    def __init__(self, data, fn):
        self._data = data
        self._fn = fn

    def __len__(self):
        return len(self._data)

    def __getitem__(self, idx):
        item = self._data[idx]
        if isinstance(item, tuple):
            return self._fn(*item)
        return self._fn(item)


class _TransformFirstClosure:
    """Apply `fn` to the first of the arguments and pass the rest through (a picklable class, not a closure)."""

    def __init__(self, fn):
        self._fn = fn

    def __call__(self, x, *args):
        if args:
            return (self._fn(x),) + args
        return self._fn(x)


class _SampledDataset(Dataset):
    """The samples of `dataset` at the indices a sampler gave (materialised once)."""

    def __init__(self, dataset, sampler):
        self._dataset = dataset
        self._sampler = sampler
        self._indices = list(iter(sampler))

    def __len__(self):
        return len(self._sampler)

    def __getitem__(self, idx):
        return self._dataset[self._indices[idx]]


class ArrayDataset(Dataset):
    """Zip of equally long array-likes: sample `i` is `(a[i], b[i], ...)`, or `a[i]` with one input.

    A 1-D NDArray input is converted to numpy first (so its items are numpy scalars), as in MXNet.
    """

    def __init__(self, *args):
        assert len(args) > 0, "Needs at least 1 arrays"
        self._length = len(args[0])
        self._data = []
        for i, data in enumerate(args):
            assert len(data) == self._length, \
                (f"All arrays must have the same length; array[0] has length {self._length} "
                 f"while array[{i + 1}] has {len(data)}.")
            if isinstance(data, NDArray) and data.ndim == 1:
                data = data.asnumpy()
            self._data.append(data)

    def __getitem__(self, idx):
        if len(self._data) == 1:
            return self._data[0][idx]
        return tuple(data[idx] for data in self._data)

    def __len__(self):
        return self._length


class RecordFileDataset(Dataset):
    """A dataset of raw records from a RecordIO `.rec` file (needs `mx.recordio`)."""

    def __init__(self, filename):
        try:
            from ... import recordio
        except ImportError:
            raise NotImplementedError("gluon.data.RecordFileDataset: torch2gluon has no recordio module "
                                      "yet") from None
        self.idx_file = os.path.splitext(filename)[0] + ".idx"
        self.filename = filename
        self._record = recordio.MXIndexedRecordIO(self.idx_file, self.filename, "r")

    def __getitem__(self, idx):
        return self._record.read_idx(self._record.keys[idx])

    def __len__(self):
        return len(self._record.keys)


def _launched_home(root):
    """Under `python -m torch2gluon`, a default root follows MXNET_HOME as the script set it before importing
    mxnet (MXNet fixes its default roots at that import; here the package was imported earlier)."""
    from ... import _alias
    if not _alias.LAUNCHED:
        return root
    from .vision import datasets
    base = os.path.join(datasets._DATA_DIR, "datasets") + os.sep
    home = os.getenv("MXNET_HOME", os.path.join(os.path.expanduser("~"), ".mxnet"))
    if isinstance(root, str) and root.startswith(base) and os.sep not in root[len(base):]:
        return os.path.join(home, "datasets", root[len(base):])
    return root


class _DownloadedDataset(Dataset):
    """Base of the downloadable datasets: `_get_data()` fills `_data` and `_label`."""

    def __init__(self, root, transform):
        super().__init__()
        self._transform = transform
        self._data = None
        self._label = None
        root = os.path.expanduser(_launched_home(root))
        self._root = root
        if not os.path.isdir(root):
            os.makedirs(root)
        self._get_data()

    def __getitem__(self, idx):
        if self._transform is not None:
            return self._transform(self._data[idx], self._label[idx])
        return self._data[idx], self._label[idx]

    def __len__(self):
        return len(self._label)

    def _get_data(self):
        raise NotImplementedError
