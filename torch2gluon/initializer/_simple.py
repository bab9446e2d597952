"""Constant and i.i.d. initializers: Zero, One, Constant, Uniform, Normal."""
import json

import numpy as np

from ._core import Initializer, register, alias, fill_random

__all__ = ["Zero", "One", "Constant", "Uniform", "Normal"]


@register
@alias("zeros")
class Zero(Initializer):
    """Fill with 0."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        arr[:] = 0


@register
@alias("ones")
class One(Initializer):
    """Fill with 1."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        arr[:] = 1


@register
class Constant(Initializer):
    """Fill with `value`: a scalar, or an NDArray/array broadcast to the parameter's shape."""

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr):
        arr[:] = self.value

    def dumps(self):
        """JSON `["constant", {"value": ...}]`; an array value is written as a nested list."""
        val = self._kwargs["value"]
        if not np.isscalar(val):
            # as MXNet: numpy arrays and NDArrays become lists (kept in _kwargs); other objects fail
            self._kwargs["value"] = val.tolist() if isinstance(val, np.ndarray) else val.asnumpy().tolist()
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])


@register
class Uniform(Initializer):
    """Draw from U(-scale, scale) (default scale 0.07)."""

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, _, arr):
        fill_random(arr, "uniform", -self.scale, self.scale)


@register
class Normal(Initializer):
    """Draw from N(0, sigma^2) (default sigma 0.01)."""

    def __init__(self, sigma=0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, _, arr):
        fill_random(arr, "normal", 0, self.sigma)
