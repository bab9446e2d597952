"""SGD and NAG with MXNet 1.9.1's exact update rules; SGD has a multi-tensor (`torch._foreach_*`) path.

SGD: `g' = clip(rs*g)`; without momentum `w = (1 - lr*wd)*w - lr*g'`; with momentum
`m = mom*m - lr*wd*w - lr*g'; w += m`. The per-parameter path issues the very same torch ops on single
tensors, so both paths give identical numbers.
"""
import numpy as np
import torch

from ..ndarray.ndarray import wrap
from .optimizer import Optimizer, register, zeros_state, f32, _check_arrays, _env_aggregate_num

__all__ = ["SGD", "NAG"]


def _clip_value(clip_gradient):
    """The clip bound MXNet's fused kernels apply (they clip only for a truthy, non-negative value)."""
    if clip_gradient and clip_gradient >= 0:
        return f32(clip_gradient)
    return None


_FUSED_SGD = hasattr(torch, "_fused_sgd_")
_FUSED_DTYPES = (torch.float32, torch.float64)


def _fused_sgd(ws, gs, ms, lr, wd, rs, momentum):
    """MXNet's unclipped rule through torch's one-pass fused SGD kernel.

    torch computes `b = mom*b + (1-damp)*(g + wd'*w); w -= lr'*b`. With `damp = 1 + lr*rs`,
    `wd' = wd/rs` and `lr' = -1` this is MXNet's `m = mom*m - lr*wd*w - lr*rs*g; w += m` on the very same
    state (no momentum: `lr' = lr*rs`, `w -= lr*rs*g + lr*wd*w`). Results agree with the op-by-op form to
    float rounding (a few ulp).
    """
    lrs = float(np.float32(lr) * np.float32(rs))
    if ms is None:
        torch._fused_sgd_(ws, gs, [], weight_decay=wd / rs, momentum=0.0, lr=lrs, dampening=0.0,
                          nesterov=False, maximize=False, is_first_step=False)
    else:
        torch._fused_sgd_(ws, gs, ms, weight_decay=wd / rs, momentum=momentum, lr=-1.0, dampening=1.0 + lrs,
                          nesterov=False, maximize=False, is_first_step=False)
    for t in list(ws) + list(ms or []):  # the fused kernel leaves version counters alone: bump them, so a
        torch.autograd.graph.increment_version(t)  # sparse array's dense view sees the write (_sparse_base)


def _sgd_group(ws, gs, ms, lr, wd, rs, momentum, clip, fused):
    """One SGD step over tensors sharing (lr, wd): foreach ops when `fused`, else the same ops one by one.

    Without clipping (and rescale_grad != 0), both use torch's fused SGD kernel (on the list, or on one
    tensor at a time), so the two paths give identical numbers.
    """
    if (clip is None and _FUSED_SGD and rs != 0 and ws and ws[0].dtype in _FUSED_DTYPES
            and (ms is None or momentum != 0)):
        if fused:
            _fused_sgd(ws, gs, ms, lr, wd, rs, momentum)
        else:
            for i in range(len(ws)):
                _fused_sgd(ws[i:i + 1], gs[i:i + 1], None if ms is None else ms[i:i + 1], lr, wd, rs, momentum)
        return
    if clip is not None:
        if fused:
            gp = torch._foreach_mul(gs, rs)
            torch._foreach_clamp_min_(gp, -clip)
            torch._foreach_clamp_max_(gp, clip)
        else:
            gp = [g.mul(rs).clamp_min_(-clip).clamp_max_(clip) for g in gs]
        galpha = -lr
    else:
        gp, galpha = gs, -f32(lr * rs)
    decay = float(np.float32(1) - np.float32(lr) * np.float32(wd)) if wd else 1.0
    lwd = -f32(lr * wd)
    if ms is None:
        if fused:
            if wd:
                torch._foreach_mul_(ws, decay)
            torch._foreach_add_(ws, gp, alpha=galpha)
        else:
            for w, g in zip(ws, gp):
                if wd:
                    w.mul_(decay)
                w.add_(g, alpha=galpha)
        return
    if fused:
        torch._foreach_mul_(ms, momentum)
        if wd:
            torch._foreach_add_(ms, ws, alpha=lwd)
        torch._foreach_add_(ms, gp, alpha=galpha)
        torch._foreach_add_(ws, ms)
    else:
        for w, g, m in zip(ws, gp, ms):
            m.mul_(momentum)
            if wd:
                m.add_(w, alpha=lwd)
            m.add_(g, alpha=galpha)
            w.add_(m)


class MomentumState:
    """Optimizer mixin: a momentum buffer per weight, and (momentum, float32 master) under multi_precision."""

    def create_state(self, index, weight):
        """The momentum buffer (None without momentum)."""
        if self.momentum != 0.0:
            return zeros_state(weight)
        return None

    def create_state_multi_precision(self, index, weight):
        """(momentum, float32 master copy) for float16 weights under multi_precision."""
        if self.multi_precision and weight.dtype == np.float16:
            master = wrap(weight._t.detach().to(torch.float32))
            return (self.create_state(index, master), master)
        return super().create_state_multi_precision(index, weight)


@register
class SGD(MomentumState, Optimizer):
    """Stochastic gradient descent with momentum and weight decay (MXNet's rule)."""

    def __init__(self, momentum=0.0, lazy_update=True, **kwargs):
        # lazy_update: row_sparse gradients update only their stored rows (optimizer/_lazy.py).
        super().__init__(**kwargs)
        self.aggregate_num = _env_aggregate_num()
        self.momentum = momentum
        self.lazy_update = lazy_update

    def _update_impl(self, indices, weights, grads, states, multi_precision=False, chunk=None):
        if not isinstance(indices, (tuple, list)):
            indices, weights, grads, states = [indices], [weights], [grads], [states]
        for w, g in zip(weights, grads):
            _check_arrays(w, g)
        chunk = chunk or len(indices)
        lrs, wds = [], []
        for s in range(0, len(indices), chunk):
            part = list(indices[s:s + chunk])
            self._update_count(part)
            lrs += self._get_lrs(part)
            wds += self._get_wds(part)
        momentum = self.momentum if self.momentum > 0 else 0.0
        if multi_precision:
            ws = [st[1]._t for st in states]
            gs = [g._t.detach().to(torch.float32) for g in grads]
            ms = [st[0]._t if st[0] is not None else None for st in states]
        else:
            ws = [w._t for w in weights]
            gs = [g._t.detach() for g in grads]
            ms = [st._t if st is not None else None for st in states]
        self._apply(ws, gs, ms, lrs, wds, momentum)
        if multi_precision:
            with torch.no_grad():
                for w, st in zip(weights, states):
                    w._t.copy_(st[1]._t)

    def _apply(self, ws, gs, ms, lrs, wds, momentum):
        """Group tensors by (lr, wd, momentum used, dtype, device) and run one step per group."""
        rs, clip = f32(self.rescale_grad), _clip_value(self.clip_gradient)
        momentum = f32(momentum)
        groups = {}
        for w, g, m, lr, wd in zip(ws, gs, ms, lrs, wds):
            lr, wd = f32(lr), f32(wd)
            use_m = momentum > 0 and m is not None
            key = (lr, wd, use_m, w.dtype, w.device)
            grp = groups.get(key)
            if grp is None:
                grp = groups[key] = ([], [], [])
            grp[0].append(w)
            grp[1].append(g)
            grp[2].append(m)
        fused_ok = self.use_fused_step and self.aggregate_num > 0
        with torch.no_grad():
            for (lr, wd, use_m, _, _), (gws, ggs, gms) in groups.items():
                fused = fused_ok and len(gws) > 1
                _sgd_group(gws, ggs, gms if use_m else None, lr, wd, rs, momentum, clip, fused)

    def update(self, index, weight, grad, state):
        """Update `weight` (or lists of weights) in place."""
        self._update_impl(index, weight, grad, state, multi_precision=False)

    def update_multi_precision(self, index, weight, grad, state):
        """`update`, through float32 master copies for float16 weights under multi_precision."""
        w0 = weight[0] if isinstance(index, (tuple, list)) else weight
        self._update_impl(index, weight, grad, state,
                          multi_precision=self.multi_precision and w0.dtype == np.float16)

    def _update_aggregated(self, indices, weights, grads, states):
        """Update many params in one multi-tensor pass; lr is looked up per `aggregate_num` group as MXNet does."""
        mp = self.multi_precision and weights[0].dtype == np.float16
        self._update_impl(list(indices), list(weights), list(grads), list(states), multi_precision=mp,
                          chunk=self.aggregate_num)


@register
class NAG(MomentumState, Optimizer):
    """Nesterov accelerated gradient (MXNet's nag_mom_update rule, including its weight-decay quirk)."""

    def __init__(self, momentum=0.0, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def _step(self, index, w, g, m):
        self._update_count(index)
        lr, wd = f32(self._get_lr(index)), f32(self._get_wd(index))
        rs, clip = f32(self.rescale_grad), _clip_value(self.clip_gradient)
        with torch.no_grad():
            if m is None or not self.momentum > 0:
                _sgd_group([w], [g], None, lr, wd, rs, 0.0, clip, False)
                return
            gp = g * rs
            if clip is not None:
                gp.clamp_(-clip, clip)
            mom = f32(self.momentum)
            gw = gp + wd * w
            tmp = mom * m - lr * gw
            w.add_(mom * tmp - lr * gw)
            m.mul_(mom).sub_(lr * (gp + wd * w))

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._step(index, weight._t, grad._t.detach(), None if state is None else state._t)

    def update_multi_precision(self, index, weight, grad, state):
        """`update`, through a float32 master copy for float16 weights under multi_precision."""
        if self.multi_precision and weight.dtype == np.float16 and isinstance(state, (tuple, list)):
            _check_arrays(weight, grad)
            mom, master = state
            self._step(index, master._t, grad._t.detach().to(torch.float32),
                       None if mom is None else mom._t)
            with torch.no_grad():
                weight._t.copy_(master._t)
        else:
            self.update(index, weight, grad, state)
