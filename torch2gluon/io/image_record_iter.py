"""`mx.io.ImageRecordIter`: decoded, augmented NCHW float32 batches from an image RecordIO file.

Re-implements MXNet 1.9.1's C++ `ImageRecordIter` for the options real code uses. Deterministic settings give
MXNet's pixels exactly (decode, short-side resize, enlarging of images smaller than data_shape, center crop,
mirror, mean/std/scale, a `mean_img` file created or loaded as MXNet does; batches in cpu_pinned(0) like
MXNet's). The rest of MXNet's default augmenter (affine warp by rotate / max_rotate_angle / max_shear_ratio /
random scale / aspect ratio / min-max_img_size with fill_value borders, pad, max/min_crop_size, HSL shifts,
brightness / contrast / saturation, pca_noise, max_random_contrast / illumination) is in _aug_options.py and
_default_aug.py. Random crops, mirrors, augmentation draws and shuffling come from numpy's RNG seeded by
`seed`/`seed_aug`, so they are valid samples of the same distributions but not MXNet's sequence.
`path_imglist` supplies the labels by record id (MXNet's image list); shuffle_chunk_size reads the part as
ceil(1.1 * part size / chunk) contiguous chunks in a random order per epoch (MXNet's InputSplitShuffle). A
non-default aug_seq raises NotImplementedError.
"""
import os
import struct
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from .. import _imgcodec
from ..base import MXNetError
from ..context import cpu_pinned
from ..image._resize import resize_hwc
from ..ndarray.ndarray import wrap
from ..recordio import MXRecordIO, unpack, _MAGIC
from ._aug_options import AugOptions, _interp
from ._native import NativeIter, RoundBatcher, check_kwargs, required
from .io import DataBatch

__all__ = ["ImageRecordIter", "ImageRecordUInt8Iter", "ImageRecordInt8Iter"]

_SUPPORTED = {"path_imgrec", "path_imgidx", "data_shape", "batch_size", "label_width", "shuffle", "seed",
              "seed_aug", "rand_crop", "rand_mirror", "mirror", "mean_r", "mean_g", "mean_b", "std_r", "std_g",
              "std_b", "scale", "resize", "inter_method", "preprocess_threads", "round_batch", "num_parts",
              "part_index", "prefetch_buffer", "ctx", "device_id", "verbose", "dtype", "data_name", "label_name",
              "random_resized_crop", "mean_a", "std_a", "min_random_area", "max_random_area", "min_aspect_ratio", "max_aspect_ratio",
              "mean_img", "path_imglist", "shuffle_chunk_size", "shuffle_chunk_seed", "fill_value", "max_rotate_angle", "max_shear_ratio", "max_crop_size", "min_crop_size",
              "max_random_scale", "min_random_scale", "max_img_size", "min_img_size", "brightness", "contrast",
              "saturation", "pca_noise", "random_h", "random_s", "random_l", "rotate", "pad",
              "max_random_contrast", "max_random_illumination"}
# options whose non-default values are refused (name: MXNet's default)
_REFUSED = {"aug_seq": "aug_default"}


def _record_starts(path):
    """Byte offset of every record in a .rec file (following multi-part records), and the file size."""
    starts = []
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        pos = 0
        while pos < size:
            head = f.read(8)
            if len(head) < 8:
                raise MXNetError(f"Invalid RecordIO File {path!r}: truncated record header at byte {pos}")
            magic, lrec = struct.unpack("<II", head)
            if magic != _MAGIC:
                raise MXNetError(f"Invalid RecordIO File {path!r}: bad magic at byte {pos}")
            cflag, length = lrec >> 29, lrec & ((1 << 29) - 1)
            if cflag in (0, 1):
                starts.append(pos)
            pos += 8 + ((length + 3) & ~3)
            f.seek(pos)
    return starts, size


def _image_list(path, width):
    """MXNet's ImageLabelMap: {index: float32 labels} from an image list (index, `width` labels, path per line;
    fields separated by white space, numbers read like atol / atof)."""
    try:
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
    except OSError:
        raise MXNetError(f"Check failed: files_.size() != 0U (0 vs. 0) : Cannot find any files that matches the "
                         f"URI pattern {path}") from None
    out = {}
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        if len(parts) < width + 1:
            raise MXNetError(f"ImageRecordIter: Bad ImageList format in {path!r}: {line!r}")
        try:
            key = int(float(parts[0]))
            out[key] = np.array([float(v) for v in parts[1:width + 1]], dtype=np.float32)
        except ValueError:
            raise MXNetError(f"ImageRecordIter: Bad ImageList format in {path!r}: {line!r}") from None
    return out


def _part_starts(starts, size, parts, index):
    """Record offsets of part `index` of `parts` (dmlc's byte ranges, 4-byte aligned; records starting
    inside)."""
    step = (size + parts - 1) // parts
    step = (step + 3) // 4 * 4
    lo, hi = min(step * index, size), min(step * (index + 1), size)
    return [s for s in starts if lo <= s < hi]


class _Draws:
    """Uniform draws made in the main thread (one row per image), spent by a worker like a small RNG."""

    def __init__(self, row):
        self.row, self.pos = row, 0

    def _next(self):
        if self.pos == len(self.row):  # rare: more draws than pre-made; continue deterministically
            self.row, self.pos = np.random.RandomState(int(self.row[-1] * 2 ** 31)).random_sample(16), 0
        self.pos += 1
        return float(self.row[self.pos - 1])

    def randint(self, low, high):
        """An int in [low, high)."""
        return low + min(int(self._next() * (high - low)), high - low - 1)

    def uniform(self, low, high):
        """A float in [low, high)."""
        return low + self._next() * (high - low)


class _Records:
    """Sequence of record indices of this part, in (optionally shuffled) order."""

    def __init__(self, n, shuffle, rng, chunks=None, chunk_rng=None):
        self.order = np.arange(n)
        self.shuffle, self.rng, self.pos = shuffle, rng, 0
        self.chunks, self.chunk_rng = chunks, chunk_rng
        self._reorder()

    def _reorder(self):
        if self.chunk_rng is not None:  # shuffle_chunk_size: contiguous chunks in a random order
            perm = self.chunk_rng.permutation(len(self.chunks))
            self.order = np.concatenate([self.chunks[k] for k in perm])
        if self.shuffle:
            self.rng.shuffle(self.order)

    def before_first(self):
        self.pos = 0
        self._reorder()

    def next(self):
        if self.pos >= len(self.order):
            return None
        self.pos += 1
        return int(self.order[self.pos - 1])


class ImageRecordIter(NativeIter):
    """Batches of (N, C, H, W) float32 images and labels from `path_imgrec` (see the module docstring)."""

    _pinned = True

    def __init__(self, *args, **kwargs):
        check_kwargs("ImageRecordIter", args, kwargs, _SUPPORTED, _REFUSED)
        name = "ImageRecordIter"
        self._path = required(name, kwargs, "path_imgrec", "string")
        self._shape = tuple(int(v) for v in required(name, kwargs, "data_shape"))
        bs = int(required(name, kwargs, "batch_size", "int (non-negative)"))
        if len(self._shape) != 3 or self._shape[0] not in (1, 3, 4):
            raise MXNetError(f"{name}: Invalid output shape {self._shape}: data_shape must be (1, 3 or 4, height, "
                             "width)")
        dtype = kwargs.get("dtype", None)
        if dtype not in (None, "None", "float32", "uint8", "int8"):
            raise NotImplementedError(f"io.{name}: argument 'dtype'={dtype!r} is not supported "
                                      "(float32, uint8, int8)")
        # uint8 output: raw pixels (mean, std, scale ignored, as MXNet); int8: pixel - round(mean), saturated
        self._raw = {"uint8": torch.uint8, "int8": torch.int8}.get(dtype)
        g = kwargs.get
        self._label_width = int(g("label_width", 1))
        self._label_map = _image_list(g("path_imglist", ""), self._label_width) if g("path_imglist", "") else None
        self._resize = int(g("resize", -1))
        self._inter = int(g("inter_method", 1))
        self._rand_crop, self._rand_mirror, self._mirror = bool(g("rand_crop", 0)), bool(g("rand_mirror", 0)), \
            bool(g("mirror", 0))
        self._rrc = bool(g("random_resized_crop", 0))
        self._area = (float(g("min_random_area", 1.0)), float(g("max_random_area", 1.0)))
        max_ar = float(g("max_aspect_ratio", 0.0))
        min_ar = g("min_aspect_ratio", None)
        self._ratio = (float(min_ar) if min_ar is not None else (1.0 / max_ar if max_ar > 0 else 1.0),
                       max_ar if max_ar > 0 else 1.0)
        c = self._shape[0]
        mean = [float(g("mean_r", 0.0)), float(g("mean_g", 0.0)), float(g("mean_b", 0.0)), float(g("mean_a", 0.0))][:c]
        std = [float(g("std_r", 1.0)), float(g("std_g", 1.0)), float(g("std_b", 1.0)), float(g("std_a", 1.0))][:c]
        scale = float(g("scale", 1.0))
        self._mean = torch.tensor(mean, dtype=torch.float32).view(1, c, 1, 1)
        self._int_mean = torch.tensor([int(np.sign(m) * np.floor(abs(m) + 0.5)) for m in mean],
                                      dtype=torch.int32).view(c, 1, 1)
        self._mult = (torch.tensor([scale], dtype=torch.float32) / torch.tensor(std, dtype=torch.float32)).view(
            1, c, 1, 1)
        # (max_random_contrast / max_random_illumination act in the float normalisation only: uint8 and int8
        # output ignore them, as MXNet's)
        self._opts = AugOptions(kwargs, self._shape, self._rrc, self._inter, self._rand_crop)
        self._round_batch = bool(g("round_batch", True))
        self._threads = max(1, int(g("preprocess_threads", 4)))
        seed = int(g("seed", 0))
        aug_seed = g("seed_aug", None)
        self._aug_rng = np.random.RandomState(seed if aug_seed is None else int(aug_seed))

        try:
            starts, size = _record_starts(self._path)
        except OSError as e:
            raise MXNetError(f"{name}: cannot open {self._path!r}: {e.strerror or e}") from None
        if size == 0:  # MXNet refuses an empty file when the iterator is built
            raise MXNetError(f"{name}: {self._path!r} is empty (no records)")
        parts, part = int(g("num_parts", 1)), int(g("part_index", 0))
        chunk_mb = int(g("shuffle_chunk_size", 0))
        # shuffle_chunk_size: the part is read as `pieces` contiguous chunks in a random order each epoch
        pieces = int(np.ceil(size * 1.1 / (parts * (chunk_mb << 20)))) if chunk_mb > 0 else 1
        pieces = max(pieces, 1)
        chunks = [_part_starts(starts, size, parts * pieces, part * pieces + k) for k in range(pieces)]
        self._starts = [s for c in chunks for s in c]
        bounds = np.cumsum([0] + [len(c) for c in chunks])
        chunk_rng = np.random.RandomState(int(g("shuffle_chunk_seed", 0))) if pieces > 1 else None
        self._reader = MXRecordIO(self._path, "r")
        self._pool = ThreadPoolExecutor(self._threads) if self._threads > 1 else None
        self._batcher = RoundBatcher(_Records(len(self._starts), bool(g("shuffle", 0)),
                                              np.random.RandomState(seed),
                                              chunks=[np.arange(bounds[k], bounds[k + 1]) for k in range(pieces)],
                                              chunk_rng=chunk_rng), bs, self._round_batch)
        self._bs = bs
        self._buf_data = torch.zeros((bs,) + self._shape, dtype=self._raw or torch.float32)
        self._buf_label = torch.zeros((bs, self._label_width) if self._label_width > 1 else (bs,))
        self._mean_img = None
        if g("mean_img", "") and self._raw is None:
            self._mean_img = self._mean_image(g("mean_img"), len(self._starts))
        elif g("mean_img", "") and self._raw is torch.int8:
            raise NotImplementedError("io.ImageRecordInt8Iter: argument 'mean_img' is not supported")
        super().__init__(g("data_name", "data"), g("label_name", "softmax_label"), args=args)

    def _mean_image(self, path, count):
        """MXNet's `mean_img`: load the (C, H, W) array saved in `path`, or, when `path` does not exist, average
        every image of this part as the iterator would output it without a mean image (augmented, minus
        mean_r/g/b, over std, times scale: MXNet's own rule), in float32, and save it there as {'mean_img': ...}."""
        from ..ndarray.utils import load as nd_load, save as nd_save
        from ..ndarray.ndarray import NDArray
        if os.path.exists(path):
            saved = nd_load(path)
            arr = next(iter(saved.values())) if isinstance(saved, dict) else saved[0] if saved else None
            if not isinstance(arr, NDArray) or tuple(arr.shape) != self._shape:
                raise MXNetError(f"ImageRecordIter: mean image {path!r} has shape "
                                 f"{None if arr is None else tuple(arr.shape)}, expected data_shape {self._shape}")
            return torch.from_numpy(arr.asnumpy().astype(np.float32))
        if count == 0:
            raise MXNetError("ImageRecordIter: input iterator failed (no image to create the mean image from)")
        total = torch.zeros(self._shape, dtype=torch.float32)
        one = torch.empty((1,) + self._shape, dtype=torch.float32)
        draws = self._aug_rng.random_sample((count, 48))
        for i in range(count):
            _, payload = unpack(self._read(i))
            self._process_into((payload, draws[i], self._starts[i], one, 0))
            total += one[0]
        mean = total * np.float32(1.0 / count)
        nd_save(path, {"mean_img": wrap(mean.clone())})
        return mean

    def __del__(self):
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.shutdown(wait=False)

    def _before_first(self):
        self._batcher.before_first()

    def _read(self, i):
        self._reader._file.seek(self._starts[i])
        return self._reader.read()

    def _label(self, header):
        if self._label_map is not None:  # MXNet's image list: labels looked up by the record's image id
            key = int(header.id)
            if key not in self._label_map:
                raise MXNetError(f"Check failed: it != idx2label_.end(): fail to find imagelabel for id {key}")
            lab = self._label_map[key]
            return lab if self._label_width > 1 else lab[0]
        if header.flag > 0:
            if header.flag != self._label_width:
                raise MXNetError(f"Check failed: param_.label_width == rec.num_label ({self._label_width} vs. "
                                 f"{header.flag}) : rec file provide {header.flag}-dimensional label but "
                                 f"label_width is set to {self._label_width}")
            return np.asarray(header.label, dtype=np.float32)
        if self._label_width != 1:
            raise MXNetError(f"Check failed: param_.label_width == 1 ({self._label_width} vs. 1) : label_width "
                             "must be 1 unless an imglist is provided or the rec file is packed with multi "
                             "dimensional label")
        return np.float32(header.label)

    def _process_into(self, job):
        """Decode/augment one image and write it, normalised and CHW, into the batch tensor."""
        payload, draws, where, out, i = job
        img, norm = self._process((payload, draws, where))
        dst = out[i]
        if self._raw is torch.int8:  # pixel - round(mean) (halves away from zero), saturated
            dst.copy_((img.permute(2, 0, 1).to(torch.int32) - self._int_mean).clamp_(-128, 127))
        elif self._raw is not None:
            dst.copy_(img.permute(2, 0, 1))
        else:
            dst.copy_(img.permute(2, 0, 1))
            mean = self._mean[0] if getattr(self, "_mean_img", None) is None else self._mean_img
            dst.sub_(mean)
            if norm is not None:  # max_random_contrast / max_random_illumination: ((x - mean) * c + i) * scale / std
                dst.mul_(float(norm[0])).add_(float(norm[1]))
            dst.mul_(self._mult[0])

    def _process(self, job):
        payload, draws, where = job
        rng = _Draws(draws)
        c, oh, ow = self._shape
        try:
            img = torch.from_numpy(np.ascontiguousarray(_imgcodec.decode(payload, flag=0 if c == 1 else 1,
                                                                         unchanged=c == 4)))
        except _imgcodec.DecodeError as e:
            raise MXNetError(f"ImageRecordIter: {self._path!r}, record at byte {where}: {e}") from None
        if c == 4 and (img.dim() != 3 or img.shape[2] != 4):  # RGBA output keeps the stored channels
            got = 1 if img.dim() == 2 else img.shape[2]
            raise MXNetError(f"ImageRecordIter: {self._path!r}, record at byte {where}: Invalid image. Expected 4 "
                             f"channels, got {got}")
        h, w = img.shape[0], img.shape[1]
        if self._resize > 0:
            nh, nw = (self._resize * h // w, self._resize) if h > w else (self._resize, self._resize * w // h)
            img = resize_hwc(img, nw, nh, _interp(self._inter, w, h, nw, nh, rng), op="io.ImageRecordIter")
        img = self._opts.geometry(img, rng)  # affine warp, pad
        h, w = img.shape[0], img.shape[1]
        cropped = None if self._rrc else self._opts.crop(
            img, rng, lambda t, ow_, oh_, code: resize_hwc(t, ow_, oh_, code, op="io.ImageRecordIter"))
        if self._rrc:
            img = self._random_resized_crop(img, rng)
        elif cropped is not None:
            img = cropped
        else:
            img, h, w = self._enlarge(img, h, w, rng)
            y, x = h - oh, w - ow
            if self._rand_crop:
                y, x = int(rng.randint(0, y + 1)), int(rng.randint(0, x + 1))
            else:
                y, x = y // 2, x // 2
            img = img[y:y + oh, x:x + ow]
        if self._mirror or (self._rand_mirror and rng.randint(0, 2) == 1):
            img = torch.flip(img, dims=(1,))
        return self._opts.apply_colour(img, rng), self._opts.norm_draw(rng)

    def _enlarge(self, img, h, w, rng):
        """MXNet 1.9.1's rule for an image smaller than data_shape: scale (aspect kept, sizes truncated) until the
        height reaches data_shape's, then, if still too narrow, until the width does: up to two resizes, with one
        interpolation method chosen from the image size against data_shape."""
        _, oh, ow = self._shape
        if h >= oh and w >= ow:
            return img, h, w
        code = _interp(self._inter, w, h, ow, oh, rng)
        if h < oh:
            nw = w * oh // h
            img = resize_hwc(img, nw, oh, code, op="io.ImageRecordIter")
            h, w = oh, nw
        if w < ow:
            nh = h * ow // w
            img = resize_hwc(img, ow, nh, code, op="io.ImageRecordIter")
            h, w = nh, ow
        return img, h, w

    def _random_resized_crop(self, img, rng):
        c, oh, ow = self._shape
        h, w = img.shape[0], img.shape[1]
        for _ in range(10):
            area = rng.uniform(*self._area) * h * w
            ratio = np.exp(rng.uniform(np.log(self._ratio[0]), np.log(self._ratio[1])))
            cw, ch = int(round(np.sqrt(area * ratio))), int(round(np.sqrt(area / ratio)))
            if 0 < cw <= w and 0 < ch <= h:
                y, x = int(rng.randint(0, h - ch + 1)), int(rng.randint(0, w - cw + 1))
                crop = img[y:y + ch, x:x + cw]
                return resize_hwc(crop, ow, oh, _interp(self._inter, cw, ch, ow, oh, rng), op="io.ImageRecordIter",
                                  exact=False)
        side = min(h, w)
        y, x = (h - side) // 2, (w - side) // 2
        return resize_hwc(img[y:y + side, x:x + side], ow, oh, _interp(self._inter, side, side, ow, oh, rng),
                          op="io.ImageRecordIter", exact=False)

    def _next_batch(self):
        got = self._batcher.next()
        if got is None:
            return None
        items, pad = got
        headers, jobs = [], []
        draws = self._aug_rng.random_sample((len(items), 48))
        for k, i in enumerate(items):
            header, payload = unpack(self._read(i))
            headers.append(header)
            jobs.append((payload, draws[k], self._starts[i]))
        labels = [self._label(hd) for hd in headers]
        n = len(jobs)
        data = torch.empty_like(self._buf_data)
        label = torch.empty_like(self._buf_label)
        jobs = [(p, sd, where, data, i) for i, (p, sd, where) in enumerate(jobs)]
        if self._pool is not None:
            list(self._pool.map(self._process_into, jobs))
        else:
            for j in jobs:
                self._process_into(j)
        label[:n] = torch.from_numpy(np.stack(labels).reshape((n,) + tuple(label.shape[1:])))
        if n < self._bs:  # not round_batch: the tail keeps the previous batch's samples, as MXNet's buffer does
            data[n:], label[n:] = self._buf_data[n:], self._buf_label[n:]
            pad = 0  # MXNet 1.9.1 reports 0 here even for a short last batch
        self._buf_data, self._buf_label = data, label
        data, label = wrap(data), wrap(label)
        if self._pinned:  # MXNet's ImageRecordIter hands out batches in pinned memory (not the _v1 iterators)
            data._ctx = label._ctx = cpu_pinned(0)
        return DataBatch([data], [label], pad=pad, index=np.zeros(self._bs, dtype=np.uint64))


def ImageRecordUInt8Iter(*args, **kwargs):
    """ImageRecordIter with uint8 output (raw pixels; mean/std/scale are ignored, as in MXNet)."""
    if "dtype" in kwargs:
        raise NotImplementedError("io.ImageRecordUInt8Iter: argument 'dtype' is not supported")
    return ImageRecordIter(*args, dtype="uint8", **kwargs)


def ImageRecordInt8Iter(*args, **kwargs):
    """ImageRecordIter with int8 output: pixel - round(mean), saturated to [-128, 127] (std/scale ignored)."""
    if "dtype" in kwargs:
        raise NotImplementedError("io.ImageRecordInt8Iter: argument 'dtype' is not supported")
    return ImageRecordIter(*args, dtype="int8", **kwargs)
