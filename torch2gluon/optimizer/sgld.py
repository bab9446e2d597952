"""SGLD, stochastic gradient Langevin dynamics (MXNet 1.9.1's Python-level rule).

`g' = clip(rs*g)`; `w += -lr/2*(g' + wd*w)`, then `w += N(0, sqrt(lr))` drawn from torch2gluon's
random generator (seeded by `mx.random.seed`; the draws differ from MXNet's generator).
"""
import math

import torch

from .optimizer import Optimizer, register, _check_arrays
from .adaptive import _clip_loose
from .. import random as _random

__all__ = ["SGLD"]


@register
class SGLD(Optimizer):
    """Stochastic gradient Riemannian Langevin dynamics."""

    def create_state(self, index, weight):
        """No state."""
        return None

    def update(self, index, weight, grad, state):
        """Update `weight` in place (adds Gaussian noise of variance lr)."""
        _check_arrays(weight, grad)
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        w = weight._t
        noise = _random.normal(0, math.sqrt(lr), shape=tuple(w.shape), dtype=weight.dtype,
                               ctx=weight.context)._t
        with torch.no_grad():
            g = _clip_loose(grad._t.detach() * self.rescale_grad, self.clip_gradient)
            w.add_(-lr / 2 * (g + wd * w))
            w.add_(noise)
