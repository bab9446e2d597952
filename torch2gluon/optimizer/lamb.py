"""LAMB, layer-wise adaptive moments (MXNet 1.9.1's `lamb_update_phase1/2` and `multi_lamb_update`).

Phase 1: `g' = clip(rs*g)`; `m = b1*m + (1-b1)*g'`; `v = b2*v + (1-b2)*g'^2`;
`r = m_hat/(sqrt(v_hat) + eps) + wd*w` (hats divide by `1 - b^t` when bias_correction, else none).
Phase 2: `r1 = ||w||` raised to `lower_bound` / lowered to `upper_bound` when given, `r2 = ||r||`;
`w -= lr*(r1/r2)*r` (plain `lr` when either norm is 0). Lists of indices (the Updater's aggregated call)
are handled as MXNet's multi-tensor kernels do: all counts and lrs first, then the updates.
Under multi_precision, float16 weights keep a float32 master copy (state `(w32, (m, v))`). MXNet 1.9.1's
single-parameter path (`update(i, w, g, s)`, or aggregate_num 1) never writes the master back, so every
step restarts from the initial float32 weights; that quirk is reproduced. The Updater's list path
updates the master as expected.
"""
import os

import numpy as np
import torch

from .optimizer import Optimizer, register, zeros_state, f32, _check_arrays
from .sgd import _clip_value

__all__ = ["LAMB"]


@register
class LAMB(Optimizer):
    """The LAMB optimizer (You et al., 2019)."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-6, lower_bound=None,
                 upper_bound=None, bias_correction=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound
        self.bias_correction = bias_correction
        self.aggregate_num = max(1, min(45, int(os.getenv("MXNET_OPTIMIZER_AGGREGATION_SIZE", "45"))))

    def create_state(self, index, weight):
        """(mean, variance), zeros shaped like `weight`."""
        return (zeros_state(weight), zeros_state(weight))

    def _step(self, w, g, mean, var, w32, lr, wd, t, write_master=True):
        """One LAMB step on tensors; `w32` is the float32 master (or None)."""
        b1, b2 = f32(self.beta1), f32(self.beta2)
        eps = f32(self.epsilon)
        clip = _clip_value(self.clip_gradient)
        master = w if w32 is None else w32
        with torch.no_grad():
            gp = g.to(master.dtype) * f32(self.rescale_grad)
            if clip is not None:
                gp.clamp_(-clip, clip)
            mean.mul_(b1).add_(gp, alpha=f32(1. - b1))
            var.mul_(b2).add_(gp * gp, alpha=f32(1. - b2))
            if self.bias_correction:
                c1 = float(np.float32(1) - np.float32(self.beta1) ** np.float32(t))
                c2 = float(np.float32(1) - np.float32(self.beta2) ** np.float32(t))
                r = (mean / c1) / ((var / c2).sqrt() + eps)
            else:
                r = mean / (var.sqrt() + eps)
            r.add_(master, alpha=wd)
            r1 = float(torch.linalg.vector_norm(master.float()))
            r2 = float(torch.linalg.vector_norm(r.float()))
            if self.lower_bound:
                r1 = max(r1, f32(self.lower_bound))
            if self.upper_bound:
                r1 = min(r1, f32(self.upper_bound))
            lr_adj = lr if (r1 == 0 or r2 == 0) else f32(lr * f32(r1 / r2))
            if w32 is None:
                w.sub_(r, alpha=lr_adj)
            elif write_master:
                w32.sub_(r, alpha=lr_adj)
                w.copy_(w32)
            else:
                w.copy_(w32 - lr_adj * r)

    def _update_impl(self, index, weight, grad, state, multi_precision=False):
        aggregated = not (self.aggregate_num <= 1 or not isinstance(index, (tuple, list)))
        if not aggregated:
            if isinstance(index, (tuple, list)):
                assert len(index) == self.aggregate_num
                index, weight, grad, state = index[0], weight[0], grad[0], state[0]
            index, weight, grad, state = [index], [weight], [grad], [state]
        for w, g in zip(weight, grad):
            _check_arrays(w, g)
        steps, lrs, wds = [], [], []
        for i in index:
            self._update_count(i)
            steps.append(self._index_update_count[i])
            lrs.append(f32(self._get_lr(i)))
            wds.append(f32(self._get_wd(i)))
        for w, g, st, lr, wd, t in zip(weight, grad, state, lrs, wds, steps):
            if multi_precision:
                w32, (mean, var) = st
                self._step(w._t, g._t.detach(), mean._t, var._t, w32._t, lr, wd, t,
                           write_master=aggregated)
            else:
                mean, var = st
                self._step(w._t, g._t.detach(), mean._t, var._t, None, lr, wd, t)

    def update(self, index, weight, grad, state):
        """Update `weight` (or a list of weights) in place."""
        self._update_impl(index, weight, grad, state, multi_precision=False)

    def update_multi_precision(self, index, weight, grad, state):
        """`update`, through float32 master copies for float16 weights under multi_precision."""
        w0 = weight[0] if isinstance(index, (tuple, list)) else weight
        self._update_impl(index, weight, grad, state,
                          multi_precision=self.multi_precision and w0.dtype == np.float16)
