"""Geometry helpers of `mx.image` that the transforms use: rotation and random-size crops.

`imrotate` follows MXNet's sampling grid exactly (pixel centres rotated about the image centre,
normalised by (size - 1) / 2, bilinear sampling with zeros outside) and runs torch's `grid_sample`
(align_corners=True), which is the same bilinear rule as MXNet's BilinearSampler.
`random_size_crop` draws from python's `random` module in MXNet's order, so seeding `random`
gives MXNet's crop windows.
"""
import math
import numbers
import random

import numpy as np
import torch
import torch.nn.functional as TF

from .....ndarray import image as _image
from .....ndarray.ndarray import NDArray, tensor_of, wrap
from ._basic import _auto_interp, _scale_down

__all__ = ["imrotate", "random_rotate", "random_size_crop", "center_crop", "fixed_crop"]


def _zoom_scale(h, w, rad, zoom_in):
    """Per-image factor that shrinks (zoom_in) or grows (zoom_out) the grid to hide or show corners."""
    hh = torch.tensor([float(h)], dtype=torch.float32)
    ww = torch.tensor([float(w)], dtype=torch.float32)
    rho = torch.sqrt(hh * hh + ww * ww)
    ang = torch.atan(hh / ww)
    arad = rad.abs()
    x1 = (rho * torch.cos(ang + arad)).abs()
    y1 = (rho * torch.sin(ang + arad)).abs()
    x2 = (rho * torch.cos(ang - arad)).abs()
    y2 = (rho * torch.sin(ang - arad)).abs()
    max_x, max_y = torch.maximum(x1, x2), torch.maximum(y1, y2)
    if zoom_in:
        return torch.minimum(ww / max_x, hh / max_y)
    return torch.maximum(max_x / ww, max_y / hh)


def imrotate(src, rotation_degrees, zoom_in=False, zoom_out=False):
    """Rotate float32 CHW (or NCHW) images counter-clockwise by degrees, keeping their shape."""
    if zoom_in and zoom_out:
        raise ValueError("`zoom_in` and `zoom_out` cannot be both True")
    if src.dtype is not np.float32:
        raise TypeError("Only `float32` images are supported by this function")
    t = tensor_of(src)
    single = t.dim() == 3
    if single:
        if not isinstance(rotation_degrees, numbers.Number):
            raise TypeError("When a single image is passed the rotation angle is required to be a scalar.")
        t = t.unsqueeze(0)
    elif t.dim() != 4:
        raise ValueError("Only 3D and 4D are supported by this function")
    n, _, h, w = t.shape
    if isinstance(rotation_degrees, numbers.Number):
        deg = torch.full((n,), float(rotation_degrees), dtype=torch.float32)
    else:
        deg = (tensor_of(rotation_degrees) if isinstance(rotation_degrees, NDArray)
               else torch.as_tensor(np.asarray(rotation_degrees))).to(torch.float32).reshape(-1).cpu()
    if deg.shape[0] != n:
        raise ValueError("The number of images must be equal to the number of rotation angles")
    rad = (math.pi * deg / 180).view(n, 1, 1)
    hs, ws = float(h - 1) / 2, float(w - 1) / 2
    rows = (torch.arange(h, dtype=torch.float32) - hs).view(1, h, 1).expand(1, h, w)
    cols = (torch.arange(w, dtype=torch.float32) - ws).view(1, 1, w).expand(1, h, w)
    cos, sin = torch.cos(rad), torch.sin(rad)
    gx = (cols * cos - rows * sin) / ws
    gy = (cols * sin + rows * cos) / hs
    grid = torch.stack([gx, gy], dim=-1)  # (n, h, w, 2): x then y, as grid_sample wants
    if zoom_in or zoom_out:
        grid = grid * _zoom_scale(h, w, rad.view(n), zoom_in).view(n, 1, 1, 1)
    out = TF.grid_sample(t, grid.to(t.device), mode="bilinear", padding_mode="zeros", align_corners=True)
    return wrap(out[0] if single else out)


def random_rotate(src, angle_limits, zoom_in=False, zoom_out=False):
    """Rotate by angles drawn from numpy's U(angle_limits) (one per image of a batch)."""
    if src.ndim == 3:
        degrees = np.random.uniform(*angle_limits)
    else:
        degrees = np.random.uniform(*angle_limits, size=src.shape[0])
    return imrotate(src, degrees, zoom_in=zoom_in, zoom_out=zoom_out)


def fixed_crop(src, x0, y0, w, h, size=None, interp=2):
    """Crop the (w, h) window at (x0, y0) of an HWC image, resizing it to `size` (w, h) if given."""
    window = tensor_of(src)[y0:y0 + h, x0:x0 + w]
    if size is not None and (w, h) != tuple(size):
        return _image.resize(wrap(window), tuple(size), False, _auto_interp(interp, h, w, size[1], size[0]))
    return wrap(window.clone())


def center_crop(src, size, interp=2):
    """The centre crop of `size` (w, h) of an HWC image (scaled down to fit), and its window."""
    h, w, _ = src.shape  # HWC only: other ranks raise ValueError, as in MXNet
    nw, nh = _scale_down((w, h), size)
    x0, y0 = int((w - nw) / 2), int((h - nh) / 2)
    return fixed_crop(src, x0, y0, nw, nh, size, interp), (x0, y0, nw, nh)


def random_size_crop(src, size, area, ratio, interp=2):
    """A crop of random area fraction and aspect ratio (10 tries, then the centre crop), and its window."""
    h, w, _ = src.shape  # HWC only: other ranks raise ValueError, as in MXNet
    if isinstance(area, numbers.Number):
        area = (area, 1.0)
    for _ in range(10):
        target = random.uniform(area[0], area[1]) * (h * w)
        new_ratio = np.exp(random.uniform(np.log(ratio[0]), np.log(ratio[1])))
        new_w = int(round(np.sqrt(target * new_ratio)))
        new_h = int(round(np.sqrt(target / new_ratio)))
        if new_w <= w and new_h <= h:
            x0 = random.randint(0, w - new_w)
            y0 = random.randint(0, h - new_h)
            return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)
    return center_crop(src, size, interp)
