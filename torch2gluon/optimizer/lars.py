"""LARS, layer-wise adaptive rate scaling over SGD with momentum (MXNet 1.9.1's multi_lars path).

Dense gradients always take MXNet's aggregated path: every parameter whose name does not end in
`gamma`, `beta` or `bias` gets `lr * eta*||w|| / (||rs*g|| + wd*||w|| + eps)` (plain lr when either
norm is 0), then the SGD rule of `sgd.py` runs with those lrs. With `momentum_correction` the momentum
is scaled by `lr_now / lr_before` of the previous call (base lrs, from the scheduler). Default wd_mult is
0 for every named parameter not ending in `_weight`.
"""
import os

import numpy as np
import torch

from ..ndarray.ndarray import wrap
from .optimizer import Optimizer, register, zeros_state, f32, _check_arrays
from .sgd import MomentumState, _sgd_group, _clip_value

__all__ = ["LARS"]

_NO_LARS = ("gamma", "beta", "bias")


@register
class LARS(MomentumState, Optimizer):
    """The LARS optimizer (You et al., 2017)."""

    def __init__(self, momentum=0.0, lazy_update=True, eta=0.001, eps=0, momentum_correction=True,
                 **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.momentum_correction = momentum_correction
        self.lazy_update = lazy_update  # kept for MXNet's signature; LARS reads row_sparse grads densely
        self.aggregate_num = int(os.getenv("MXNET_OPTIMIZER_AGGREGATION_SIZE", "4"))
        self.eta = eta
        self.eps = eps
        self.skip = 0
        self.last_lr = None
        self.cur_lr = None

    def _base_lr(self):
        """The base lr of this call; also records it and the previous call's (for momentum correction)."""
        if self.cur_lr is not None:
            self.last_lr = self.cur_lr
        lr = super()._base_lr()
        if self.cur_lr is None:
            self.last_lr = lr
        self.cur_lr = lr
        return lr

    def set_wd_mult(self, args_wd_mult):
        """Set wd multipliers; named parameters not ending in _weight default to 0."""
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not n.endswith("_weight"):
                self.wd_mult[n] = 0.0
        self.wd_mult.update(self._sym_mults("__wd_mult__"))
        self.wd_mult.update(args_wd_mult)

    def _update_impl(self, indices, weights, grads, states, multi_precision=False):
        if not isinstance(indices, (tuple, list)):
            indices, weights, grads, states = [indices], [weights], [grads], [states]
        for w, g in zip(weights, grads):
            _check_arrays(w, g)
        self._update_count(indices)
        lrs = self._get_lrs(indices)
        wds = self._get_wds(indices)
        momentum = 0.0
        if self.momentum > 0:
            momentum = self.momentum
            if self.momentum_correction and self.last_lr != 0:
                momentum = self.momentum * (self.cur_lr / self.last_lr)
        rs = f32(self.rescale_grad)
        if multi_precision:
            ws = [st[1]._t for st in states]
            ms = [st[0]._t if st[0] is not None else None for st in states]
        else:
            ws = [w._t for w in weights]
            ms = [st._t if st is not None else None for st in states]
        gs = [g._t.detach().to(w.dtype) for g, w in zip(grads, ws)]
        eta, eps = f32(self.eta), f32(self.eps)
        for k, idx in enumerate(indices):
            name = self.idx2name[idx] if idx in self.idx2name else str(idx)
            lr, wd = f32(lrs[k]), f32(wds[k])
            if not name.endswith(_NO_LARS):
                w_sq = float(torch.sum(ws[k].float() ** 2))
                g_sq = float(torch.sum(gs[k].float() ** 2))
                w_norm = f32(np.sqrt(np.float32(w_sq)))
                g_norm = f32(np.sqrt(np.float32(rs) * np.float32(rs) * np.float32(g_sq)))
                if w_norm > 0 and g_norm > 0:
                    lr = f32(np.float32(lr) * np.float32(eta) * np.float32(w_norm)
                             / (np.float32(g_norm) + np.float32(wd) * np.float32(w_norm) + np.float32(eps)))
            lrs[k], wds[k] = lr, wd
        clip = _clip_value(self.clip_gradient)
        mom = f32(momentum)
        with torch.no_grad():
            for w, g, m, lr, wd in zip(ws, gs, ms, lrs, wds):
                # the momentum kernel runs whenever momentum > 0, even when the correction makes it 0
                use_m = self.momentum > 0 and m is not None
                _sgd_group([w], [g], [m] if use_m else None, lr, wd, rs, mom, clip, False)
        if multi_precision:
            with torch.no_grad():
                for w, st in zip(weights, states):
                    w._t.copy_(st[1]._t)

    def update(self, index, weight, grad, state):
        """Update `weight` (or a list of weights) in place."""
        self._update_impl(index, weight, grad, state, multi_precision=False)

    def update_multi_precision(self, index, weight, grad, state):
        """`update`, through float32 master copies for float16 weights under multi_precision."""
        w0 = weight[0] if isinstance(index, (tuple, list)) else weight
        self._update_impl(index, weight, grad, state,
                          multi_precision=self.multi_precision and w0.dtype == np.float16)
