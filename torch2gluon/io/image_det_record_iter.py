"""`mx.io.ImageDetRecordIter`: detection batches from an image RecordIO file (MXNet 1.9.1's C++ iterator).

Supported: decode, `resize` (shorter edge), MXNet's label parsing (objects with xmax <= xmin or ymax <= ymin
dropped), rand_mirror_prob, random padding (rand_pad_prob, max_pad_scale, fill_value) and the random crop
samplers (rand_crop_prob, num_crop_sampler, min/max_crop_scales, _aspect_ratios, _overlaps, _sample_coverages,
_object_coverages, max_crop_trials, crop_emit_mode, emit_overlap_thresh; see _det_label.py), `resize_mode`
force/shrink/fit, mean/std/scale normalisation, raw labels padded to a common width, round_batch,
num_parts/part_index and shuffle. Random draws come from numpy's RNG seeded by `seed`: the same distributions as
MXNet, not its sequence (exact where the draws do not matter). Each label row is `[C, H, W (of the image within
data_shape), raw_label_length, raw label..., label_pad_value...]`, as MXNet. The colour augmenters and the
remaining options raise NotImplementedError.
"""
import numpy as np
import torch

from .. import _imgcodec
from ..base import MXNetError
from ..image._resize import resize_hwc
from ..ndarray.ndarray import wrap
from ..recordio import MXRecordIO, unpack
from ._native import NativeIter, RoundBatcher, check_kwargs, required
from ._det_label import CropSamplers, DetLabel, pad_box
from .image_record_iter import _record_starts, _Records, _interp
from .io import DataBatch

__all__ = ["ImageDetRecordIter"]

_NAME = "ImageDetRecordIter"
_SUPPORTED = {"path_imgrec", "data_shape", "batch_size", "label_pad_width", "label_pad_value", "shuffle", "seed",
              "round_batch", "num_parts", "part_index", "preprocess_threads", "prefetch_buffer", "ctx", "verbose",
              "inter_method", "mean_r", "mean_g", "mean_b", "std_r", "std_g", "std_b", "scale", "data_name",
              "label_name", "resize_mode", "resize", "rand_mirror_prob", "label_width",
              "fill_value", "rand_crop_prob", "min_crop_scales", "max_crop_scales", "min_crop_aspect_ratios",
              "max_crop_aspect_ratios", "min_crop_overlaps", "max_crop_overlaps", "min_crop_sample_coverages",
              "max_crop_sample_coverages", "min_crop_object_coverages", "max_crop_object_coverages",
              "num_crop_sampler", "crop_emit_mode", "emit_overlap_thresh", "max_crop_trials", "rand_pad_prob",
              "max_pad_scale"}
# options accepted only at MXNet's default (name: default)
_REFUSED = {"path_imglist": "", "aug_seq": "det_aug_default", "shuffle_chunk_size": 0,
            "shuffle_chunk_seed": 0, "dtype": None, "max_random_hue": 0, "random_hue_prob": 0,
            "max_random_saturation": 0, "random_saturation_prob": 0, "max_random_illumination": 0,
            "random_illumination_prob": 0, "max_random_contrast": 0, "random_contrast_prob": 0,
            "mean_img": "", "mean_a": 0,
            "std_a": 0}


class ImageDetRecordIter(NativeIter):
    """Batches of (N, C, H, W) float32 images and (N, 4 + label width) padded raw labels (module docstring)."""

    def __init__(self, *args, **kwargs):
        if kwargs.get("dtype") == "float32":
            kwargs.pop("dtype")
        check_kwargs(_NAME, args, kwargs, _SUPPORTED, _REFUSED)
        g = kwargs.get
        self._path = required(_NAME, kwargs, "path_imgrec", "string")
        self._shape = tuple(int(v) for v in required(_NAME, kwargs, "data_shape"))
        bs = int(required(_NAME, kwargs, "batch_size", "int (non-negative)"))
        if len(self._shape) != 3 or self._shape[0] not in (1, 3):
            raise MXNetError(f"{_NAME}: data_shape must be (1 or 3, height, width), got {self._shape}")
        self._inter = int(g("inter_method", 1))
        self._resize = int(g("resize", -1))
        self._mirror_prob = float(g("rand_mirror_prob", 0.0))
        self._crop_prob = float(g("rand_crop_prob", 0.0))
        self._samplers = CropSamplers(kwargs)
        self._pad_prob, self._pad_scale = float(g("rand_pad_prob", 0.0)), float(g("max_pad_scale", 1.0))
        self._fill = int(g("fill_value", 127))
        self._aug_rng = np.random.RandomState(int(g("seed", 0)))
        self._mode = g("resize_mode", "force")
        if self._mode not in ("force", "shrink", "fit"):
            raise MXNetError(f"{_NAME}: Invalid Input: '{self._mode}', valid values are: {{'fit', 'force', 'shrink'}}")
        c = self._shape[0]
        mean = [float(g("mean_r", 0.0)), float(g("mean_g", 0.0)), float(g("mean_b", 0.0))][:c]
        std = [float(g("std_r", 0.0)), float(g("std_g", 0.0)), float(g("std_b", 0.0))][:c]
        scale = float(g("scale", 1.0))
        self._mean = torch.tensor(mean, dtype=torch.float32).view(c, 1, 1)
        # a std of 0 (the default) means "do not divide"
        self._mult = torch.tensor([scale / s if s > 0 else scale for s in std], dtype=torch.float32).view(c, 1, 1)
        self._pad_value = float(g("label_pad_value", -1.0))
        self._label_width = int(g("label_width", -1))
        try:
            starts, size = _record_starts(self._path)
        except OSError as e:
            raise MXNetError(f"{_NAME}: cannot open {self._path!r}: {e.strerror or e}") from None
        if size == 0:  # MXNet refuses an empty file when the iterator is built
            raise MXNetError(f"{_NAME}: {self._path!r} is empty (no records)")
        parts, part = int(g("num_parts", 1)), int(g("part_index", 0))
        step = ((size + parts - 1) // parts + 3) // 4 * 4
        lo, hi = min(step * part, size), min(step * (part + 1), size)
        self._starts = [s for s in starts if lo <= s < hi]
        self._reader = MXRecordIO(self._path, "r")
        width = max([np.asarray(unpack(self._read(i))[0].label).size for i in range(len(self._starts))] or [0])
        pad_width = int(g("label_pad_width", 0))
        if pad_width > 0:
            if pad_width < width:
                raise MXNetError(f"{_NAME}: label_pad_width: {pad_width} smaller than estimated width: {width}")
            width = pad_width
        self._label_len = width + 4
        self._bs = bs
        self._batcher = RoundBatcher(_Records(len(self._starts), bool(g("shuffle", 0)),
                                              np.random.RandomState(int(g("seed", 0)))), bs,
                                     bool(g("round_batch", True)))
        self._buf_data = torch.zeros((bs,) + self._shape)
        self._buf_label = torch.full((bs, self._label_len), self._pad_value)
        self._index = np.zeros(bs, dtype=np.uint64)
        super().__init__(g("data_name", "data"), g("label_name", "softmax_label"), args=args)

    def _before_first(self):
        self._batcher.before_first()

    def _read(self, i):
        self._reader._file.seek(self._starts[i])
        return self._reader.read()

    def _image(self, payload, header, where):
        """Decode, augment, fit into data_shape and normalise one image: (CHW float32, height, width, raw label).

        MXNet's det_aug_default order: shorter-edge resize, label parsing (objects with xmax <= xmin or
        ymax <= ymin dropped), mirror, random pad, random crop (the samplers), then `resize_mode`.
        """
        c, oh, ow = self._shape
        try:
            img = torch.from_numpy(np.ascontiguousarray(_imgcodec.decode(payload, flag=0 if c == 1 else 1)))
        except _imgcodec.DecodeError as e:
            raise MXNetError(f"{_NAME}: {self._path!r}, record at byte {where}: {e}") from None
        h, w = img.shape[0], img.shape[1]
        if self._resize > 0:  # shorter edge to `resize`, the other truncated
            nh, nw = (self._resize, int(w * self._resize / h)) if h < w else (int(h * self._resize / w), self._resize)
            img = self._resized(img, nw, nh)
            h, w = nh, nw
        label = DetLabel(header.label, f"{self._path!r}, record at byte {where}")
        rng = self._aug_rng
        if self._mirror_prob > 0 and rng.random_sample() < self._mirror_prob:
            label.mirror()
            img = torch.flip(img, dims=(1,))
        if self._pad_prob > 0 and self._pad_scale > 1 and rng.random_sample() < self._pad_prob:
            box = pad_box(self._pad_scale, rng)
            if box is not None:
                label.pad(box)
                left, top = int(-box[0] * w), int(-box[1] * h)
                right, bot = int((box[2] + box[0] - 1) * w), int((box[3] + box[1] - 1) * h)
                canvas = torch.full((h + top + bot, w + left + right, img.shape[2]), self._fill, dtype=img.dtype)
                canvas[top:top + h, left:left + w] = img
                img, h, w = canvas, canvas.shape[0], canvas.shape[1]
        if self._crop_prob > 0 and self._samplers.samplers and rng.random_sample() < self._crop_prob:
            got = self._samplers.crop(label, rng, w, h)
            if got is not None:
                x, y, cw, ch = got
                img, h, w = img[y:y + ch, x:x + cw], ch, cw
        raw = label.to_array()
        if self._mode == "force":
            nh, nw = oh, ow
        else:  # keep the aspect ratio; shrink never enlarges; the image sits top-left on a 0 canvas
            ratio = min(oh / h, ow / w)
            if self._mode == "shrink":
                ratio = min(ratio, 1.0)
            nh, nw = int(h * ratio), int(w * ratio)
        img = self._resized(img, nw, nh)
        canvas = torch.zeros((c, oh, ow), dtype=torch.float32)
        canvas[:, :nh, :nw] = img.permute(2, 0, 1).to(torch.float32)
        return (canvas - self._mean) * self._mult, nh, nw, raw

    def _resized(self, img, nw, nh):
        h, w = img.shape[0], img.shape[1]
        return resize_hwc(img, nw, nh, _interp(self._inter, w, h, nw, nh, self._aug_rng), op=f"io.{_NAME}")

    def _label_row(self, header, raw, nh, nw):
        num = np.asarray(header.label).size
        if 0 < self._label_width != num:
            raise MXNetError(f"Check failed: param_.label_width == rec.num_label ({self._label_width} vs. "
                             f"{num}) : rec file provide {num}-dimensional label but label_width is set "
                             f"to {self._label_width}")
        row = np.full(self._label_len, self._pad_value, dtype=np.float32)
        row[:4] = (self._shape[0], nh, nw, raw.size)
        row[4:4 + raw.size] = raw
        return torch.from_numpy(row)

    def _next_batch(self):
        got = self._batcher.next()
        if got is None:
            return None
        items, pad = got
        data, label = self._buf_data.clone(), self._buf_label.clone()
        index = np.zeros(self._bs, dtype=np.uint64)
        for k, i in enumerate(items):
            header, payload = unpack(self._read(i))
            data[k], nh, nw, raw = self._image(payload, header, self._starts[i])
            label[k] = self._label_row(header, raw, nh, nw)
            index[k] = header.id
        if len(items) < self._bs:  # not round_batch: the tail keeps the previous batch's rows, as MXNet
            index[len(items):] = self._index[len(items):]
        self._buf_data, self._buf_label, self._index = data, label, index
        return DataBatch([wrap(data)], [wrap(label)], pad=pad, index=index)
