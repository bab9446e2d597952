"""Adamax, Adam with the infinity norm (MXNet 1.9.1's Python-level rule).

`g' = clip(rs*g + wd*w)`; `m = b1*m + (1-b1)*g'`; `u = max(b2*u, |g'|)`; `w -= lr/(1 - b1^t) * m/u`.
"""
import torch

from .optimizer import Optimizer, register, zeros_state, _check_arrays
from .adaptive import _clip_loose

__all__ = ["Adamax"]


@register
class Adamax(Optimizer):
    """The AdaMax optimizer (Kingma & Ba, section 7)."""

    def __init__(self, learning_rate=0.002, beta1=0.9, beta2=0.999, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2

    def create_state(self, index, weight):
        """(m, u), zeros shaped like `weight`."""
        return (zeros_state(weight), zeros_state(weight))

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        t = self._index_update_count[index]
        lr /= (1. - self.beta1 ** t)
        w = weight._t
        m, u = state[0]._t, state[1]._t
        with torch.no_grad():
            g = _clip_loose(grad._t.detach() * self.rescale_grad + wd * w, self.clip_gradient)
            m.mul_(self.beta1).add_((1. - self.beta1) * g)
            torch.maximum(self.beta2 * u, g.abs(), out=u)
            w.sub_(lr * m / u)
