"""FTML, Follow the Moving Leader (MXNet 1.9.1's `ftml_update` kernel).

`g' = clip(rs*g + wd*w)` (wd inside the clip); `v = b2*v + (1-b2)*g'^2`;
`d_t = (1 - b1^t)/lr * (sqrt(v/(1 - b2^t)) + eps)`; `z = b1*z + (1-b1)*g' - (d_t - b1*d)*w`; `d = d_t`;
`w = -z/d_t`. The kernel computes in the weight's dtype, `t` included.
"""
import numpy as np
import torch

from .optimizer import Optimizer, register, zeros_state, _check_arrays
from .sgd import _clip_value

__all__ = ["FTML"]


@register
class FTML(Optimizer):
    """The FTML optimizer (Zheng & Kwok, 2017)."""

    def __init__(self, beta1=0.6, beta2=0.999, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon

    def create_state(self, index, weight):
        """(d, v, z), zeros shaped like `weight`."""
        return (zeros_state(weight), zeros_state(weight), zeros_state(weight))

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._update_count(index)
        w, g = weight._t, grad._t.detach()
        # the kernel computes its scalars in the weight's dtype
        cast = np.float64 if w.dtype == torch.float64 else np.float32
        lr, wd = cast(self._get_lr(index)), float(cast(self._get_wd(index)))
        t = cast(self._index_update_count[index])
        b1, b2 = cast(self.beta1), cast(self.beta2)
        clip = _clip_value(self.clip_gradient)
        d, v, z = (s._t for s in state)
        with torch.no_grad():
            gp = g * float(cast(self.rescale_grad)) + wd * w
            if clip is not None:
                gp.clamp_(-clip, clip)
            v.mul_(float(b2)).add_(gp * gp, alpha=float(cast(1) - b2))
            c1 = float((cast(1) - b1 ** t) / lr)
            c2 = float(cast(1) - b2 ** t)
            d_t = (v / c2).sqrt_().add_(float(cast(self.epsilon))).mul_(c1)
            z.mul_(float(b1)).add_(gp, alpha=float(cast(1) - b1)).sub_((d_t - float(b1) * d) * w)
            d.copy_(d_t)
            w.copy_(-z / d_t)
