"""Ftrl, follow the regularized leader (MXNet 1.9.1's dense `ftrl_update` kernel).

`g' = clip(rs*g)`; `z += g' - (sqrt(n + g'^2) - sqrt(n))*w/lr`; `n += g'^2`;
`w = (sign(z)*lamda1 - z) / ((beta + sqrt(n))/lr + wd) * (|z| > lamda1)`.
As in MXNet, `learning_rate` is stored on the optimizer directly (an lr_scheduler's base_lr is not
overwritten by it), and the states are float32.
"""
import torch

from .optimizer import Optimizer, register, zeros_state, f32, _check_arrays
from .sgd import _clip_value

__all__ = ["Ftrl"]


@register
class Ftrl(Optimizer):
    """The Ftrl optimizer (McMahan et al., 2013)."""

    def __init__(self, lamda1=0.01, learning_rate=0.1, beta=1, **kwargs):
        super().__init__(**kwargs)
        self.lamda1 = lamda1
        self.beta = beta
        self.lr = learning_rate

    def create_state(self, index, weight):
        """(z, n), float32 zeros."""
        return (zeros_state(weight, torch.float32), zeros_state(weight, torch.float32))

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._update_count(index)
        wd = f32(self._get_wd(index))
        lr = f32(self._get_lr(index))
        clip = _clip_value(self.clip_gradient)
        l1, beta = f32(self.lamda1), f32(self.beta)
        w, g = weight._t, grad._t.detach()
        z, n = state[0]._t, state[1]._t
        with torch.no_grad():
            gp = g * f32(self.rescale_grad)
            if clip is not None:
                gp.clamp_(-clip, clip)
            g2 = gp * gp
            z.add_(gp - ((n + g2).sqrt() - n.sqrt()) * w / lr)
            n.add_(g2)
            num = torch.sign(z) * l1 - z
            den = (n.sqrt() + beta) / lr + wd
            w.copy_(num / den * (z.abs() > l1).to(num.dtype))
