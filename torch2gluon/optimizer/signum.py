"""Signum and signSGD (MXNet 1.9.1's `signum_update` / `signsgd_update` kernels).

With momentum > 0: `m = mom*m - (1-mom)*(wd*w + clip(rs*g))`, `w = (1 - lr*wd_lh)*w + lr*sign(m)`.
Without momentum: `w = (1 - lr*wd)*w - lr*sign(g)` (signSGD ignores rescale_grad, clip_gradient and wd_lh).
"""
import torch

from .optimizer import Optimizer, register, zeros_state, f32, _check_arrays
from .sgd import _clip_value

__all__ = ["Signum"]


@register
class Signum(Optimizer):
    """The Signum optimizer: steps by the sign of the momentum (or of the gradient without momentum)."""

    def __init__(self, learning_rate=0.01, momentum=0.9, wd_lh=0.0, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.momentum = momentum
        self.wd_lh = wd_lh

    def create_state(self, index, weight):
        """The momentum buffer (None when momentum is 0)."""
        if self.momentum != 0.0:
            return zeros_state(weight)
        return None

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._update_count(index)
        lr, wd = f32(self._get_lr(index)), f32(self._get_wd(index))
        w, g = weight._t, grad._t.detach()
        with torch.no_grad():
            if state is None:
                w.mul_(f32(1. - lr * wd)).sub_(lr * torch.sign(g))
                return
            mom = f32(self.momentum) if self.momentum > 0 else 0.0
            wd_lh = f32(self.wd_lh) if self.wd_lh else 0.0
            clip = _clip_value(self.clip_gradient)
            gp = g * f32(self.rescale_grad)
            if clip is not None:
                gp.clamp_(-clip, clip)
            one_m = f32(1. - mom)
            m = state._t
            m.mul_(mom).sub_(w, alpha=f32(one_m * wd)).sub_(gp, alpha=one_m)
            w.mul_(f32(1. - lr * wd_lh)).add_(lr * torch.sign(m))
