"""ImageRecordIter's default-augmenter options beyond resize/crop/mirror, in MXNet 1.9.1's order of steps.

`AugOptions(kwargs, data_shape, random_resized_crop, inter_method, rand_crop)` parses them; the iterator calls `geometry` after the short-side resize (affine
warp, then pad), `crop` (max/min_crop_size: a square crop resized to data_shape), `colour` on the cropped image
(HSL shift, then brightness/contrast/saturation, then PCA lighting) and `norm_draw` for the
max_random_contrast / max_random_illumination pair used by the normalisation. Random values come from the
per-image `rng` (uniform draws), so streams are reproducible from `seed`/`seed_aug` but are not MXNet's.
"""
import math

import numpy as np
import torch

from ..base import MXNetError
from . import _default_aug as A

__all__ = ["AugOptions"]

_COLOUR = ("brightness", "contrast", "saturation", "pca_noise", "random_h", "random_s", "random_l")


def _interp(code, old_w, old_h, new_w, new_h, rng):
    if code == 9:
        if new_w > old_w and new_h > old_h:
            return 2
        if new_w < old_w and new_h < old_h:
            return 3
        return 1
    if code == 10:
        return int(rng.randint(0, 5))
    return code


def _first_use(size, out, code):
    """For each source row of an OpenCV resize (size -> out rows, enlarging), the first output row whose filter
    window reads it (OpenCV computes each source row once, when the window first reaches it)."""
    scale = 1.0 / (out / size)
    reach = {1: 1, 2: 2, 3: 1, 4: 4}[code]  # the window's last row is sy0 + reach
    first = np.full(size, out, dtype=np.int64)
    for dy in range(out - 1, -1, -1):
        if code == 3:
            sy0 = math.floor(dy * scale)
        else:
            sy0 = math.floor(np.float32((dy + 0.5) * scale - 0.5))
        last = min(max(sy0 + reach, 0), size - 1)
        first[:last + 1] = dy
    return first


def _in_place_resize(img, y, x, size, code, resize):
    """cv::resize of the (y, x, size) square of `img` into `img`'s own buffer (same shape as the output)."""
    rows = img.shape[0]
    if code == 0:
        return _in_place_nearest(img, y, x, size)
    src = img[y:y + size, x:x + size].clone()
    first = _first_use(size, rows, code)
    for _ in range(rows + 1):  # each pass fixes the rows that depend only on already-final ones
        out = resize(src, img.shape[1], rows, code)
        new = src.clone()
        for sy in range(size):
            if y + sy < first[sy]:  # overwritten by output row y + sy before OpenCV read it
                new[sy] = out[y + sy, x:x + size]
        if torch.equal(new, src):
            return out
        src = new
    return out


def _in_place_nearest(img, y, x, size):
    """OpenCV's nearest resize writing into the buffer it reads: each output pixel reads the buffer as it is
    then (rows and pixels in order)."""
    buf = img.numpy().copy()
    rows, cols = buf.shape[0], buf.shape[1]
    ys = np.minimum(np.floor(np.arange(rows) * (1.0 / (rows / size))).astype(np.int64), size - 1) + y
    xs = np.minimum(np.floor(np.arange(cols) * (1.0 / (cols / size))).astype(np.int64), size - 1) + x
    for dy in range(rows):
        sy = ys[dy]
        if sy != dy:
            buf[dy] = buf[sy, xs]
        else:  # the row reads itself: pixels written before are read back
            for dx in range(cols):
                buf[dy, dx] = buf[dy, xs[dx]]
    return torch.from_numpy(buf)


class AugOptions:
    """Parsed default-augmenter options (see the module docstring)."""

    def __init__(self, kwargs, shape, rrc, inter, rand_crop, name="ImageRecordIter"):
        g = kwargs.get
        self.shape, self.rrc, self.inter, self.rand_crop = shape, rrc, inter, rand_crop
        self.max_rot = int(g("max_rotate_angle", 0))
        self.shear = float(g("max_shear_ratio", 0.0))
        self.rotate = int(g("rotate", -1))
        self.scale = (float(g("min_random_scale", 1.0)), float(g("max_random_scale", 1.0)))
        self.max_ar = float(g("max_aspect_ratio", 0.0))
        min_ar = g("min_aspect_ratio", None)
        self.min_ar = None if min_ar in (None, "None") else float(min_ar)
        self.img_size = (float(g("min_img_size", 0.0)), float(g("max_img_size", 1e10)))
        self.fill = int(g("fill_value", 255))
        self.pad = int(g("pad", 0))
        self.crop_size = (int(g("min_crop_size", -1)), int(g("max_crop_size", -1)))
        self.bcs = (float(g("brightness", 0.0)), float(g("contrast", 0.0)), float(g("saturation", 0.0)))
        self.pca = float(g("pca_noise", 0.0))
        self.hsl = (int(g("random_h", 0)), int(g("random_s", 0)), int(g("random_l", 0)))
        self.contrast = float(g("max_random_contrast", 0.0))
        self.illum = float(g("max_random_illumination", 0.0))
        f32 = np.float32
        self.affine = (self.max_rot > 0 or self.shear > 0 or self.rotate > 0 or self.scale != (1.0, 1.0)
                       or (not rrc and self.max_ar != 0) or f32(self.img_size[1]) != f32(1e10)
                       or f32(self.img_size[0]) != 0)
        if rrc and (self.scale != (1.0, 1.0) or self.crop_size != (-1, -1) or rand_crop):
            raise MXNetError(f"{name}: Setting random_resized_crop to true conflicts with min_random_scale, "
                             "max_random_scale, min_crop_size, max_crop_size, and rand_crop.")
        if self.affine and inter not in (1, 2, 3, 4, 9, 10):
            raise MXNetError(f"{name}: invalid inter_method: valid value 0,1,2,3,9,10")
        values = dict(zip(_COLOUR, self.bcs + (self.pca,) + self.hsl))
        self.colour = any(v != 0 for v in values.values())
        if self.colour and shape[0] != 3:
            bad = next(k for k, v in values.items() if v != 0)
            raise NotImplementedError(f"io.{name}: argument '{bad}' is only supported for 3-channel data_shape")

    # ---- geometry -------------------------------------------------------------------------------------------
    def geometry(self, img, rng):
        """Affine warp (rotation, shear, scale, aspect, size clamp) then padding, as MXNet (uint8 HWC tensor)."""
        if not (self.affine or self.pad > 0):
            return img
        arr = img.numpy()
        if self.affine:
            shear = rng.uniform(0, 1) * self.shear * 2 - self.shear
            angle = rng.randint(-self.max_rot, self.max_rot + 1) if self.max_rot > 0 else 0
            if self.rotate > 0:
                angle = self.rotate
            scale = rng.uniform(0, 1) * (self.scale[1] - self.scale[0]) + self.scale[0]
            ratio = 1.0
            if not self.rrc:
                if self.min_ar is not None:
                    ratio = rng.uniform(0, 1) * (self.max_ar - self.min_ar) + self.min_ar
                else:
                    ratio = rng.uniform(0, 1) * self.max_ar * 2 - self.max_ar + 1
            rows, cols = arr.shape[0], arr.shape[1]
            m, nw, nh = A.affine_matrix(cols, rows, shear, angle, scale, ratio, *self.img_size)
            ow, oh = int(nw), int(nh)
            code = _interp(self.inter, cols, rows, ow, oh, rng)
            arr = A.warp_affine(arr, m, ow, oh, code, self.fill)
        if self.pad > 0:
            arr = A.pad(arr, self.pad, self.fill)
        return torch.from_numpy(np.ascontiguousarray(arr))

    def crop(self, img, rng, resize):
        """max/min_crop_size: a random-size square (centred unless rand_crop) resized to data_shape; None when
        those options are unset. MXNet resizes the crop into its own image buffer (cv::resize(res(roi), res)):
        when that image already has data_shape's size the two overlap, and rows that OpenCV reads after it wrote
        output rows over them are the overwritten ones; `_in_place_resize` reproduces that."""
        lo, hi = self.crop_size
        if lo == -1 and hi == -1:
            return None
        rows, cols = img.shape[0], img.shape[1]
        if not (cols >= hi and rows >= hi and hi >= lo):
            raise MXNetError("ImageRecordIter: input image size smaller than max_crop_size")
        size = rng.randint(lo, hi + 1)
        if size <= 0:
            raise MXNetError(f"ImageRecordIter: invalid crop size {size} (min_crop_size {lo}, max_crop_size {hi})")
        y, x = rows - size, cols - size
        if self.rand_crop:
            y, x = rng.randint(0, y + 1), rng.randint(0, x + 1)
        else:
            y, x = y // 2, x // 2
        _, oh, ow = self.shape
        code = _interp(self.inter, size, size, ow, oh, rng)
        if (rows, cols) == (oh, ow) and (size, size) != (rows, cols):
            return _in_place_resize(img, y, x, size, code, resize)
        return resize(img[y:y + size, x:x + size], ow, oh, code)

    # ---- colour -----------------------------------------------------------------------------------------------
    def apply_colour(self, img, rng):
        """HSL shift, then brightness/contrast/saturation in a random order, then PCA lighting."""
        if not self.colour:
            return img
        arr = img.numpy()
        rh, rs, rl = self.hsl
        if rh or rs or rl:
            dh = int(np.float32(rng.uniform(0, 1)) * rh * 2 - rh)
            ds = int(np.float32(rng.uniform(0, 1)) * rs * 2 - rs)
            dl = int(np.float32(rng.uniform(0, 1)) * rl * 2 - rl)
            arr = A.hls_jitter(arr, dh, dl, ds)
        b, c, s = self.bcs
        if b > 0 or c > 0 or s > 0:
            alphas = [1.0 + rng.uniform(-v, v) if v > 0 else None for v in (b, c, s)]
            order = [0, 1, 2]
            for i in range(2, 0, -1):
                j = rng.randint(0, i + 1)
                order[i], order[j] = order[j], order[i]
            arr = A.color_jitter(arr, *alphas, order)
        if self.pca > 0:
            arr = A.pca_lighting(arr, [self._normal(rng) * self.pca for _ in range(3)])
        return torch.from_numpy(np.ascontiguousarray(arr))

    @staticmethod
    def _normal(rng):
        u1, u2 = rng.uniform(0, 1), rng.uniform(0, 1)
        return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2 * math.pi * u2)

    def norm_draw(self, rng):
        """(contrast, illumination) of max_random_contrast / max_random_illumination, or None when unset."""
        if self.contrast <= 0 and self.illum <= 0:
            return None
        c = rng.uniform(0, 1) * self.contrast * 2 - self.contrast + 1
        i = rng.uniform(0, 1) * self.illum * 2 - self.illum
        return np.float32(c), np.float32(i)
