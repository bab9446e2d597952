"""Rotate, RandomRotation and RandomResizedCrop (plain Blocks, as in MXNet 1.9.1)."""
import numbers

import numpy as np

from ....block import Block
from ._basic import _check_input, _np_out
from ._imgeom import imrotate, random_rotate, random_size_crop

__all__ = ["Rotate", "RandomRotation", "RandomResizedCrop"]

_FLOAT_ONLY = "This transformation only supports float32. Consider calling it after ToTensor"


class Rotate(Block):
    """Rotate float32 CHW/NCHW images by `rotation_degrees`, keeping the shape (zoom_in/zoom_out rescale)."""

    def __init__(self, rotation_degrees, zoom_in=False, zoom_out=False):
        super().__init__()
        self._args = (rotation_degrees, zoom_in, zoom_out)

    def forward(self, x):
        if x.dtype is not np.float32:  # MXNet's test: an mx.np array's dtype object fails it too
            raise TypeError(_FLOAT_ONLY)
        x = _check_input(x)
        return _np_out(imrotate(x, *self._args))


class RandomRotation(Block):
    """With probability `rotate_with_proba`, rotate by an angle from numpy's U(angle_limits)."""

    def __init__(self, angle_limits, zoom_in=False, zoom_out=False, rotate_with_proba=1.0):
        super().__init__()
        lower, upper = angle_limits
        if lower >= upper:
            raise ValueError("`angle_limits` must be an ordered tuple")
        if rotate_with_proba < 0 or rotate_with_proba > 1:
            raise ValueError("Probability of rotating the image should be between 0 and 1")
        self._args = (angle_limits, zoom_in, zoom_out)
        self._rotate_with_proba = rotate_with_proba

    def forward(self, x):
        if np.random.random() > self._rotate_with_proba:
            return x
        if x.dtype is not np.float32:  # MXNet's test: an mx.np array's dtype object fails it too
            raise TypeError(_FLOAT_ONLY)
        x = _check_input(x)
        return _np_out(random_rotate(x, *self._args))


class RandomResizedCrop(Block):
    """Crop a random area fraction (`scale`) and aspect ratio (`ratio`) of an HWC image, resized to `size`."""

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3.0 / 4.0, 4.0 / 3.0), interpolation=1):
        super().__init__()
        if isinstance(size, numbers.Number):
            size = (size, size)
        self._args = (size, scale, ratio, interpolation)

    def forward(self, x):
        x = _check_input(x)
        return _np_out(random_size_crop(x, *self._args)[0])
