"""Detection labels and MXNet 1.9.1's random crop/pad samplers of `ImageDetRecordIter` (det_aug_default).

A raw label is `[header_width, object_width, extra headers..., (id, xmin, ymin, xmax, ymax, extra...) * N]` with
normalised corners. MXNet parses every label this way, dropping objects with xmax <= xmin or ymax <= ymin, and
writes it back after augmentation. Boxes are (x, y, width, height) in normalised coordinates.
"""
import numpy as np

from ..base import MXNetError

__all__ = ["DetLabel", "CropSamplers", "pad_box"]


def _area(b):
    return max(b[2], 0.0) * max(b[3], 0.0)


def _intersect(a, b):
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return (x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else (x0, y0, 0.0, 0.0)


class DetLabel:
    """Objects of one raw detection label, projected through pads, crops and mirrors."""

    def __init__(self, raw, where):
        raw = np.asarray(raw, dtype=np.float32).ravel()
        if raw.size < 7:
            raise MXNetError(f"ImageDetRecordIter: {where}: Check failed: label_width >= 7 ({raw.size} vs. 7): a "
                             "detection label needs a 2-value header and at least one 5-value object")
        head, width = int(raw[0]), int(raw[1])
        if head < 2 or width < 5:
            raise MXNetError(f"ImageDetRecordIter: {where}: Check failed: header width {head} >= 2 and object width "
                             f"{width} >= 5")
        if (raw.size - head) % width:
            raise MXNetError(f"ImageDetRecordIter: {where}: Check failed: (label_width - header_width) % "
                             f"object_width == 0 ({raw.size - head} % {width})")
        self.header = raw[:head].copy()
        objs = raw[head:].reshape(-1, width).copy()
        self.objects = objs[(objs[:, 3] > objs[:, 1]) & (objs[:, 4] > objs[:, 2])]

    def to_array(self):
        """The raw label again (header, then the remaining objects)."""
        return np.concatenate([self.header, self.objects.ravel()]).astype(np.float32)

    def _project(self, objs, box):
        x, y, w, h = (np.float32(v) for v in box)
        out = objs.copy()
        out[:, 1] = np.maximum(np.float32(0), (objs[:, 1] - x) / w)
        out[:, 2] = np.maximum(np.float32(0), (objs[:, 2] - y) / h)
        out[:, 3] = np.minimum(np.float32(1), (objs[:, 3] - x) / w)
        out[:, 4] = np.minimum(np.float32(1), (objs[:, 4] - y) / h)
        return out

    def mirror(self):
        """Flip every box horizontally."""
        left = self.objects[:, 1].copy()
        self.objects[:, 1] = np.float32(1) - self.objects[:, 3]
        self.objects[:, 3] = np.float32(1) - left

    def pad(self, box):
        """Express the boxes in the padded canvas `box` (origin at minus the pad offsets)."""
        self.objects = self._project(self.objects, box)

    def try_crop(self, box, s):
        """Apply crop `box` if some object meets sampler `s`'s constraints and one object is emitted."""
        if len(self.objects) == 0:
            return True
        if s.constrained:
            for o in self.objects:
                gt = (float(o[1]), float(o[2]), float(o[3] - o[1]), float(o[4] - o[2]))
                inter = _area(_intersect(box, gt))
                if s.overlap != (0.0, 1.0):
                    union = _area(box) + _area(gt) - inter
                    iou = inter / union if inter > 0 else 0.0
                    if not s.overlap[0] <= iou <= s.overlap[1]:
                        continue
                if s.sample_cov != (0.0, 1.0) and not s.sample_cov[0] <= inter / _area(box) <= s.sample_cov[1]:
                    continue
                if s.object_cov != (0.0, 1.0) and not s.object_cov[0] <= inter / _area(gt) <= s.object_cov[1]:
                    continue
                break
            else:
                return False
        o = self.objects
        if s.emit_mode == "center":
            cx, cy = (o[:, 1] + o[:, 3]) * np.float32(0.5), (o[:, 2] + o[:, 4]) * np.float32(0.5)
            keep = (box[0] <= cx) & (cx < box[0] + box[2]) & (box[1] <= cy) & (cy < box[1] + box[3])
        else:  # "overlap": the share of the object inside the crop exceeds emit_overlap_thresh
            keep = np.array([_area(_intersect(box, (float(b[1]), float(b[2]), float(b[3] - b[1]),
                                                     float(b[4] - b[2])))) / _area((0, 0, float(b[3] - b[1]),
                                                                                    float(b[4] - b[2])))
                             > s.emit_thresh for b in o], dtype=bool)
        if not keep.any():
            return False
        self.objects = self._project(o[keep], box)
        return True


def _tuple(name, v, cast):
    if isinstance(v, str):
        v = [x for x in v.strip("()[] ").split(",") if x.strip()]
    if isinstance(v, (int, float, np.number)):
        v = [v]
    try:
        return [cast(x) for x in v]
    except (TypeError, ValueError):
        raise MXNetError(f"ImageDetRecordIter: Invalid Parameter format for {name}: {v!r}") from None


class _Sampler:
    """One crop sampler's settings."""

    def __init__(self, **kw):
        self.__dict__.update(kw)
        self.constrained = (self.overlap != (0.0, 1.0) or self.sample_cov != (0.0, 1.0)
                            or self.object_cov != (0.0, 1.0))


class CropSamplers:
    """The `num_crop_sampler` samplers built from the *_crop_* options, validated as MXNet does."""

    _KEYS = (("min_crop_scales", 0.0, float), ("max_crop_scales", 1.0, float), ("min_crop_aspect_ratios", 1.0, float),
             ("max_crop_aspect_ratios", 1.0, float), ("min_crop_overlaps", 0.0, float),
             ("max_crop_overlaps", 1.0, float), ("min_crop_sample_coverages", 0.0, float),
             ("max_crop_sample_coverages", 1.0, float), ("min_crop_object_coverages", 0.0, float),
             ("max_crop_object_coverages", 1.0, float), ("max_crop_trials", 25, int))

    def __init__(self, kwargs):
        n = int(kwargs.get("num_crop_sampler", 1))
        emit = kwargs.get("crop_emit_mode", "center")
        if emit not in ("center", "overlap"):
            raise MXNetError(f"ImageDetRecordIter: Invalid Input: '{emit}', valid values are: {{'center', 'overlap'}}")
        thresh = float(kwargs.get("emit_overlap_thresh", 0.3))
        if thresh < 0:
            raise MXNetError(f"ImageDetRecordIter: Check failed: param_.emit_overlap_thresh >= 0.0f ({thresh} vs. 0)")
        vals = {}
        for key, default, cast in self._KEYS:
            v = _tuple(key, kwargs.get(key, (default,)), cast)
            if n == 1 and len(v) != 1:
                raise MXNetError(f"ImageDetRecordIter: Check failed: param->ndim() == 1 ({len(v)} vs. 1) for {key}")
            if n > 1 and len(v) == 1:
                v = v * n
            if n > 1 and len(v) != n:
                raise MXNetError(f"ImageDetRecordIter: Check failed: # of parameters/crop_samplers mismatch "
                                 f"({key}: {len(v)} vs. {n})")
            vals[key] = v
        self.samplers = []
        for i in range(max(n, 0)):
            g = {k: vals[k][i] for k, _, _ in self._KEYS}
            checks = [(g["min_crop_scales"] >= 0, "min_crop_scales >= 0"), (g["max_crop_scales"] <= 1,
                                                                            "max_crop_scales <= 1"),
                      (g["max_crop_scales"] > g["min_crop_scales"], "max_crop_scales > min_crop_scales"),
                      (g["min_crop_aspect_ratios"] >= 0, "min_crop_aspect_ratios >= 0"),
                      (g["max_crop_aspect_ratios"] >= g["min_crop_aspect_ratios"],
                       "max_crop_aspect_ratios >= min_crop_aspect_ratios"),
                      (g["max_crop_overlaps"] >= g["min_crop_overlaps"], "max_crop_overlaps >= min_crop_overlaps"),
                      (g["max_crop_sample_coverages"] >= g["min_crop_sample_coverages"],
                       "max_crop_sample_coverages >= min_crop_sample_coverages"),
                      (g["max_crop_object_coverages"] >= g["min_crop_object_coverages"],
                       "max_crop_object_coverages >= min_crop_object_coverages")]
            for ok, what in checks:
                if not ok:
                    raise MXNetError(f"ImageDetRecordIter: Check failed: {what} (crop sampler {i})")
            self.samplers.append(_Sampler(
                scale=(g["min_crop_scales"], g["max_crop_scales"]),
                ratio=(g["min_crop_aspect_ratios"], g["max_crop_aspect_ratios"]),
                overlap=(g["min_crop_overlaps"], g["max_crop_overlaps"]),
                sample_cov=(g["min_crop_sample_coverages"], g["max_crop_sample_coverages"]),
                object_cov=(g["min_crop_object_coverages"], g["max_crop_object_coverages"]),
                trials=g["max_crop_trials"], emit_mode=emit, emit_thresh=thresh))

    @staticmethod
    def _box(s, rng, img_ratio):
        scale = float(rng.uniform(*s.scale)) + 1e-12
        lo = max(s.ratio[0] / img_ratio, scale * scale)
        hi = min(s.ratio[1] / img_ratio, 1.0 / (scale * scale))
        r = float(np.sqrt(rng.uniform(lo, hi)))
        w, h = min(1.0, scale * r), min(1.0, scale / r)
        return (float(rng.uniform(0.0, 1.0 - w)), float(rng.uniform(0.0, 1.0 - h)), w, h)

    def crop(self, label, rng, width, height):
        """A pixel crop (left, top, w, h) accepted by a randomly ordered sampler, or None; updates `label`."""
        for i in rng.permutation(len(self.samplers)):
            s = self.samplers[i]
            for _ in range(s.trials):
                box = self._box(s, rng, width / height)
                if label.try_crop(box, s):
                    w, h = max(1, int(box[2] * width)), max(1, int(box[3] * height))
                    x, y = min(int(box[0] * width), width - w), min(int(box[1] * height), height - h)
                    return x, y, w, h
        return None


def pad_box(max_scale, rng, threshold=1.05):
    """MXNet's random padding canvas (-x0, -y0, scale, scale), or None below the 1.05 scale threshold."""
    scale = float(rng.uniform(1.0, max_scale))
    if scale < threshold:
        return None
    return (-float(rng.uniform(0.0, scale - 1)), -float(rng.uniform(0.0, scale - 1)), scale, scale)
