"""Nadam, Adam with Nesterov momentum (MXNet 1.9.1's Python-level rule).

The momentum schedule `m_schedule` lives on the optimizer, not per parameter: as in MXNet, every
`update` call (any index) multiplies it by that call's `momentum_t`.
"""
import torch

from .optimizer import Optimizer, register, zeros_state, _check_arrays
from .adaptive import _clip_loose

__all__ = ["Nadam"]


@register
class Nadam(Optimizer):
    """The Nesterov Adam optimizer (Dozat, 2015)."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 schedule_decay=0.004, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.schedule_decay = schedule_decay
        self.m_schedule = 1.

    def create_state(self, index, weight):
        """(m, v), zeros shaped like `weight`."""
        return (zeros_state(weight), zeros_state(weight))

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        t = self._index_update_count[index]
        w = weight._t
        m, v = state[0]._t, state[1]._t
        b1, b2 = self.beta1, self.beta2
        mom_t = b1 * (1. - 0.5 * (pow(0.96, t * self.schedule_decay)))
        mom_t1 = b1 * (1. - 0.5 * (pow(0.96, (t + 1) * self.schedule_decay)))
        self.m_schedule = self.m_schedule * mom_t
        m_next = self.m_schedule * mom_t1
        with torch.no_grad():
            g = _clip_loose(grad._t.detach() * self.rescale_grad + wd * w, self.clip_gradient)
            m.mul_(b1).add_((1. - b1) * g)
            v.mul_(b2).add_((1. - b2) * g * g)
            g_prime = g / (1. - self.m_schedule)
            m_prime = m / (1. - m_next)
            v_prime = v / (1. - pow(b2, t))
            m_bar = (1. - mom_t) * g_prime + mom_t1 * m_prime
            w.sub_(lr * m_bar / (v_prime.sqrt() + self.epsilon))
