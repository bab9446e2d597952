"""LBSGD, large-batch SGD with warmup multipliers or LARS (MXNet 1.9.1's Python-level rule).

Gradients are accumulated per index; every `batch_scale`-th call applies the SGD rule to their mean with
`lr * mult`, where `mult` follows `warmup_strategy` ('linear', 'power2', 'sqrt', or 'lars' for a
layer-wise ratio clipped to [0.01, 100]); other calls leave the weight unchanged. As in MXNet, lr and wd
are read before the update count advances.
"""
import logging
import math

import numpy as np
import torch

from ..ndarray.ndarray import wrap
from .optimizer import Optimizer, register, zeros_state, f32, _check_arrays
from .sgd import _sgd_group, _clip_value

__all__ = ["LBSGD"]


@register
class LBSGD(Optimizer):
    """The large-batch SGD optimizer with momentum, weight decay and lr warmup."""

    def __init__(self, momentum=0.0, multi_precision=False, warmup_strategy="linear", warmup_epochs=5,
                 batch_scale=1, updates_per_epoch=32, begin_epoch=0, num_epochs=60, **kwargs):
        super().__init__(**kwargs)
        logging.info("Running Large-Batch SGD Algorithm")
        logging.info("(Batch_scale=%f, warmup_epochs=%d, warmup_strategy=%s, updates_per_epoch=%d)",
                     batch_scale, warmup_epochs, warmup_strategy, updates_per_epoch)
        self.momentum = momentum
        self.multi_precision = multi_precision
        self.warmup_strategy = warmup_strategy
        self.warmup_epochs = warmup_epochs
        self.batch_scale = batch_scale
        self.updates_per_epoch = updates_per_epoch
        self.init_updates = begin_epoch * updates_per_epoch
        self.num_epochs = num_epochs
        self.lbmult = 1
        self.cumgrads = {}
        self.adaptive = False
        self.admult = 1

    def create_state(self, index, weight):
        """Momentum (or None); (momentum, float32 master) for float16 weights under multi_precision."""
        if self.multi_precision and weight.dtype == np.float16:
            master = wrap(weight._t.detach().to(torch.float32))
            mom = zeros_state(master) if self.momentum != 0.0 else None
            return (mom, master)
        if weight.dtype == np.float16 and not self.multi_precision:
            import warnings
            warnings.warn("Accumulating with float16 in optimizer can lead to poor accuracy or slow "
                          "convergence. Consider using multi_precision=True option of the SGD optimizer")
        return zeros_state(weight) if self.momentum != 0.0 else None

    def _get_lbmult(self, nup):
        """The warmup multiplier after `nup` accumulated batches."""
        nwup = self.warmup_epochs * self.updates_per_epoch
        maxmult = float(self.batch_scale)
        if nup >= nwup:
            return maxmult
        if nwup <= 1:
            return 1.0
        if self.warmup_strategy == "linear":
            return 1.0 + (maxmult - 1) * nup / nwup
        if self.warmup_strategy == "power2":
            return 1.0 + (maxmult - 1) * (nup * nup) / (nwup * nwup)
        if self.warmup_strategy == "sqrt":
            return 1.0 + (maxmult - 1) * math.sqrt(float(nup) / nwup)
        return 1.0

    @staticmethod
    def _sumsq(t):
        return float(np.asarray((t * t).cpu().numpy()).sum())

    def _get_lars(self, weight, g, wd):
        """Layer-wise ratio sqrt(|w|^2 / (|g|^2 + wd*|w|^2)), clipped to [0.01, 100]."""
        w2, g2 = self._sumsq(weight), self._sumsq(g)
        lars = math.sqrt(w2 / (g2 + wd * w2 + 1e-18))
        return min(max(lars, 0.01), 100)

    def update(self, index, weight, grad, state):
        """Accumulate `grad`; update `weight` in place every `batch_scale` calls."""
        _check_arrays(weight, grad)
        lr, wd = self._get_lr(index), self._get_wd(index)
        self._update_count(index)
        cg = self.cumgrads.get(index, {})
        g = grad._t.detach()
        if cg and cg["num_cums"] > 0:
            prev = cg["cum_grad"]
            cum, num = (g + prev if isinstance(prev, torch.Tensor) else g + prev), cg["num_cums"] + 1
        else:
            cum, num = g, self.init_updates + 1
        self.cumgrads[index] = {"cum_grad": cum, "num_cums": num}
        if num % self.batch_scale != 0:
            return
        g = cum / self.batch_scale
        if self.warmup_strategy == "lars":
            mult = self._get_lars(weight._t, g, wd)
        else:
            mult = self._get_lbmult(num)
        lr = lr * mult
        mom = f32(self.momentum) if self.momentum > 0 else 0.0
        clip = _clip_value(self.clip_gradient)
        rs = f32(self.rescale_grad)
        if isinstance(state, (list, tuple)):
            m, master = state
            w = master._t
            g = g.to(torch.float32)
        else:
            m, w = state, weight._t
        with torch.no_grad():
            ms = [m._t] if (m is not None and mom > 0) else None
            _sgd_group([w], [g], ms, f32(lr), f32(wd), rs, mom, clip, False)
            if isinstance(state, (list, tuple)):
                weight._t.copy_(w)
        self.cumgrads[index]["cum_grad"] = 0
