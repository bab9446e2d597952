"""Batch gathering for in-memory datasets: one indexed read per field instead of a per-sample loop.

`batch_gatherer(dataset)` returns `gather(indices) -> batch` equal (values, dtypes, types, context) to
`default_batchify_fn([dataset[i] for i in indices])`, or None where that equality cannot be guaranteed, in
which case the caller takes the per-sample path.
"""
import numpy as np
import torch

from ...ndarray.image import _need_channels
from ...ndarray.ndarray import NDArray, wrap
from .dataset import ArrayDataset, SimpleDataset, _DownloadedDataset, _LazyTransformDataset, \
    _TransformFirstClosure

_NP_OK = {np.dtype(t) for t in (np.uint8, np.int8, np.int32, np.int64, np.float16, np.float32, np.float64)}


def _fields(dataset):
    """(fields, is_tuple) for datasets whose samples are `field[i]` rows, else None."""
    if isinstance(dataset, ArrayDataset):
        return list(dataset._data), len(dataset._data) > 1
    if isinstance(dataset, SimpleDataset):
        return [dataset._data], False
    if isinstance(dataset, _DownloadedDataset) and dataset._transform is None \
            and type(dataset).__getitem__ is _DownloadedDataset.__getitem__:
        return [dataset._data, dataset._label], True
    if isinstance(dataset, (NDArray, np.ndarray)):
        return [dataset], False
    return None


def _field_gather(data):
    """gather(idx_list, idx_np) for one field, or None when its items are not array rows."""
    if isinstance(data, NDArray) and data.ndim >= 2:
        n = data.shape[0]

        def gather_nd(idx, t=data._t.detach()):
            return wrap(t.index_select(0, torch.from_numpy(idx).to(t.device)))
        return gather_nd, n
    if isinstance(data, np.ndarray) and data.ndim >= 1 and data.dtype in _NP_OK:
        n = data.shape[0]

        def gather_np(idx):
            return wrap(torch.from_numpy(np.ascontiguousarray(data[idx])))
        return gather_np, n
    return None


def _generic(data):
    from .dataloader import default_batchify_fn

    def gather(idx):
        return default_batchify_fn([data[i] for i in idx.tolist()])
    return gather, None


def _batched_random_flip(dim):
    """Flip each HWC image of an NHWC batch along `dim` (1: left-right, 0: top-bottom) with probability 1/2."""
    def flip(batch):
        t = batch._t
        _need_channels(t, "random_flip_left_right" if dim else "random_flip_top_bottom")
        coin = torch.rand(t.shape[0], device=t.device) < 0.5
        mask = coin.view(-1, 1, 1, 1)
        return wrap(torch.where(mask, torch.flip(t, dims=(dim + 1,)), t))
    return flip


def _per_image(op, args):
    """Apply a random per-image operator to each image of a batch (each image draws its own factors)."""
    def run(batch):
        t = batch._t
        return wrap(torch.stack([op(wrap(t[i]), *args)._t for i in range(t.shape[0])]))
    return run


def _colour(fn, T):
    """The batched form of a colour transform, or None."""
    from ...ndarray import image as _image
    if type(fn) in (T.RandomBrightness, T.RandomContrast, T.RandomSaturation, T.RandomHue):
        return _per_image(getattr(_image, fn._op), fn._args)
    if type(fn) is T.RandomColorJitter:
        return _per_image(_image.random_color_jitter, fn._args)
    if type(fn) is T.RandomLighting:
        return _per_image(_image.random_lighting, (fn._alpha,))
    return None


def _batch_transform(fn):
    """A batched equivalent of per-sample `fn` for 3-D NDArray rows, or None.

    Deterministic transforms give exactly the per-sample results; random flips and colour jitters draw
    per sample (the same law as the per-sample operators, other draws from the same seed).
    """
    from .vision import transforms as T
    from ..nn import HybridSequential
    if getattr(fn, "_forward_hooks", None) or getattr(fn, "_forward_pre_hooks", None):
        return None
    if type(fn) in (T.ToTensor, T.Normalize, T.Cast):
        return fn
    if type(fn) is T.RandomFlipLeftRight:
        return _batched_random_flip(1)
    if type(fn) is T.RandomFlipTopBottom:
        return _batched_random_flip(0)
    colour = _colour(fn, T)
    if colour is not None:
        return colour
    if type(fn) in (T.Compose, HybridSequential):
        kids = [_batch_transform(k) for k in fn._children.values()]
        if kids and all(k is not None for k in kids):
            def chain(batch):
                for k in kids:
                    batch = k(batch)
                return batch
            return chain
    return None


def batch_gatherer(dataset):
    """`gather(indices)` that batches like the default batchify in one read per field, or None."""
    first_fn = None
    if isinstance(dataset, _LazyTransformDataset) and isinstance(dataset._fn, _TransformFirstClosure):
        first_fn = _batch_transform(dataset._fn._fn)
        if first_fn is None:
            return None
        dataset = dataset._data
    spec = _fields(dataset)
    if spec is None:
        return None
    fields, is_tuple = spec
    gathers = [_field_gather(f) for f in fields]
    if first_fn is not None:
        f0 = fields[0]
        if gathers[0] is None or not isinstance(f0, NDArray) or f0.ndim != 4:
            return None  # rows must be 3-D NDArrays (HWC) for the batched transform to match
    if gathers[0] is None and not is_tuple:
        return None
    gathers = [g if g is not None else _generic(f) for g, f in zip(gathers, fields)]
    ns = [n for _, n in gathers if n is not None]
    n_min = min(ns) if ns else 0

    def gather(indices):
        idx = np.asarray(indices)
        if idx.ndim != 1 or idx.dtype.kind not in "iu" or len(idx) == 0 or \
                idx.min() < 0 or idx.max() >= n_min:
            return None  # unusual indices: let the per-sample path produce MXNet's result or error
        idx = idx.astype(np.int64, copy=False)
        out = [g(idx) for g, _ in gathers]
        if first_fn is not None:
            out[0] = first_fn(out[0])
        return out if is_tuple else out[0]
    return gather
