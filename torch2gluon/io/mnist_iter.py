"""`mx.io.MNISTIter`: batches from the raw (uncompressed) MNIST idx files (MXNet 1.9.1's C++ iterator)."""
import struct

import numpy as np
import torch

from ..base import MXNetError
from ..ndarray.ndarray import wrap
from ._native import NativeIter, check_kwargs
from .io import DataBatch

__all__ = ["MNISTIter"]


def _read_idx(path, magic, what):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise MXNetError(f"MNISTIter: Open \"{path}\": {e.strerror or e}") from None
    ndim = 3 if magic == 2051 else 1
    head = 4 * (1 + ndim)
    if len(raw) < head or struct.unpack(">I", raw[:4])[0] != magic:
        raise MXNetError(f"MNISTIter: {path!r} is not an uncompressed MNIST {what} file (idx magic {magic} "
                         "expected; .gz files must be decompressed first)")
    dims = struct.unpack(">" + "I" * ndim, raw[4:head])
    count = int(np.prod(dims))
    if len(raw) - head < count:
        raise MXNetError(f"MNISTIter: {path!r} is truncated: header says {dims}, file has {len(raw) - head} bytes")
    return np.frombuffer(raw, dtype=np.uint8, count=count, offset=head).reshape(dims)


def _cxx_shuffle_order(n, seed):
    """The permutation MXNet's `std::shuffle(v, std::mt19937(seed))` gives (libstdc++'s forward swap loop with
    its `uniform_int_distribution` downscaling), reproduced with numpy's MT19937 seeded like the C++ engine."""
    bg = np.random.MT19937(0)
    bg._legacy_seeding(int(seed) & 0xffffffff)  # init_genrand(seed), as std::mt19937(seed)
    raw = bg.random_raw(n + 64).tolist()
    pos = 0
    order = list(range(n))
    for i in range(1, n):
        scaling = 0xffffffff // (i + 1)
        past = (i + 1) * scaling
        while True:
            if pos == len(raw):
                raw, pos = bg.random_raw(64).tolist(), 0
            r = raw[pos]
            pos += 1
            if r < past:
                break
        j = r // scaling
        order[i], order[j] = order[j], order[i]
    return np.array(order, dtype=np.int64)


class MNISTIter(NativeIter):
    """MNIST images (pixel / 256, float32, (N,1,28,28) or flat (N,784)) and labels; an incomplete last batch is
    dropped, as MXNet does.

    `shuffle=True` (MXNet's default) shuffles once at load exactly as MXNet does (its mt19937 seeded with
    `seed` and libstdc++'s shuffle). `num_parts`/`part_index` take the contiguous slice
    [count*i//n, count*(i+1)//n), shuffled afterwards. `silent`, `prefetch_buffer`, `ctx` do not change values.
    """

    def __init__(self, *args, **kwargs):
        check_kwargs("MNISTIter", args, kwargs, {"image", "label", "batch_size", "shuffle", "flat", "seed", "silent",
                                                 "num_parts", "part_index", "prefetch_buffer", "ctx", "dtype",
                                                 "data_name", "label_name"})
        dtype = kwargs.get("dtype", None)
        if dtype not in (None, "None", "float32"):
            raise NotImplementedError(f"io.MNISTIter: argument 'dtype'={dtype!r} is not supported (float32)")
        images = _read_idx(kwargs.get("image", "./train-images-idx3-ubyte"), 2051, "image")
        labels = _read_idx(kwargs.get("label", "./train-labels-idx1-ubyte"), 2049, "label")
        n, parts, part = len(images), int(kwargs.get("num_parts", 1)), int(kwargs.get("part_index", 0))
        lo, hi = n * part // parts, n * (part + 1) // parts
        images, labels = images[lo:hi], labels[lo:hi]
        order = np.arange(len(images))
        if bool(kwargs.get("shuffle", True)):
            order = _cxx_shuffle_order(len(images), int(kwargs.get("seed", 0)))
        flat = bool(kwargs.get("flat", False))
        shape = (-1, 784) if flat else (-1, 1, 28, 28)
        self._images = (images[order].astype(np.float32) * np.float32(1.0 / 256)).reshape(shape)
        self._labels = labels[order].astype(np.float32)
        self._bs = int(kwargs.get("batch_size", 128))
        self._loc = 0
        super().__init__(kwargs.get("data_name", "data"), kwargs.get("label_name", "softmax_label"), args=args)

    def _before_first(self):
        self._loc = 0

    def _next_batch(self):
        if self._loc + self._bs > len(self._images):
            return None
        s = slice(self._loc, self._loc + self._bs)
        self._loc += self._bs
        return DataBatch([wrap(torch.from_numpy(self._images[s].copy()))],
                         [wrap(torch.from_numpy(self._labels[s].copy()))], pad=0,
                         index=np.zeros(self._bs, dtype=np.uint64))
