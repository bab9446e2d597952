"""DCASGD, delay-compensated asynchronous SGD (MXNet 1.9.1's Python-level rule).

`g' = clip(rs*g)`; `step = -lr*(g' + wd*w + lamda*g'^2*(w - w_prev))`; with momentum `m = mom*m + step`.
`w_prev = w; w += m` (or `+= step`). MXNet 1.9.1 tests the momentum state with `if mom:`, which raises
ValueError for a momentum array of more than one element and AssertionError for a one-element array
holding 0; that behaviour is reproduced (DCASGD is only usable with momentum=0 in 1.9.1).
"""
import torch

from .optimizer import Optimizer, register, zeros_state, _check_arrays
from .adaptive import _clip_loose
from ..ndarray.ndarray import wrap

__all__ = ["DCASGD"]


@register
class DCASGD(Optimizer):
    """The DCASGD optimizer (Zheng et al., 2016)."""

    def __init__(self, momentum=0.0, lamda=0.04, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.weight_previous = {}
        self.lamda = lamda

    def create_state(self, index, weight):
        """(momentum or None, a copy of the weight)."""
        prev = wrap(weight._t.detach().clone())
        if self.momentum == 0.0:
            return (None, prev)
        return (zeros_state(weight), prev)

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        mom, prev = state
        w, pw = weight._t, prev._t
        with torch.no_grad():
            g = _clip_loose(grad._t.detach() * self.rescale_grad, self.clip_gradient)
            step = -lr * (g + wd * w + self.lamda * g * g * (w - pw))
            if mom:  # MXNet's truth test on an NDArray (see module docstring)
                mom._t.mul_(self.momentum).add_(step)
                step = mom._t
            else:
                assert self.momentum == 0.0
            pw.copy_(w)
            w.add_(step)
