"""Adam, RMSProp, AdaGrad and AdaDelta with MXNet 1.9.1's exact rules (see mxnet-semantics.md section 18)."""
import math

import numpy as np
import torch

from .optimizer import Optimizer, register, zeros_state, f32, _check_arrays
from .sgd import _clip_value

__all__ = ["Adam", "RMSProp", "AdaGrad", "AdaDelta"]

_FUSED_ADAM = hasattr(torch, "_fused_adam_")
_INF_STEPS = {}


def _inf_step(device):
    """A float32 +inf step count on `device` (makes torch's bias corrections 1; one per device)."""
    t = _INF_STEPS.get(device)
    if t is None:
        t = _INF_STEPS[device] = torch.tensor(float("inf"), device=device)
    return t


def _clip_loose(g, clip_gradient):
    """Clamp as MXNet's Python-level `clip(grad, -c, c)` does (any c that is not None)."""
    if clip_gradient is not None:
        c = float(clip_gradient)
        return torch.clamp(g, -c, c)
    return g


@register
class Adam(Optimizer):
    """Adam with coupled L2 weight decay and MXNet's bias correction folded into lr."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, lazy_update=True,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.lazy_update = lazy_update  # row_sparse gradients: see optimizer/_lazy.py

    def create_state(self, index, weight):
        """(mean, variance), zeros."""
        return (zeros_state(weight), zeros_state(weight))

    def _update_many(self, indices, weights, grads, states):
        """The Updater's per-index loop in one pass: counts and lrs exactly in MXNet's order, then one
        fused (or multi-tensor) kernel per group of equal hyper-parameters."""
        groups, rest = {}, []
        for i, w, g, st in zip(indices, weights, grads, states):
            _check_arrays(w, g)
            if self.multi_precision and w.dtype == np.float16:
                rest.append((i, w, g, st))
                continue
            self._update_count(i)
            lr, wd = self._get_lr(i), self._get_wd(i)
            t = self._index_update_count[i]
            lr *= math.sqrt(1. - self.beta2 ** t) / (1. - self.beta1 ** t)
            wt = w._t
            key = (f32(lr), f32(wd), wt.dtype, wt.device)
            grp = groups.setdefault(key, ([], [], [], []))
            grp[0].append(wt)
            grp[1].append(g._t.detach())
            grp[2].append(st[0]._t)
            grp[3].append(st[1]._t)
        for (lr, wd, _, _), (ws, gs, ms, vs) in groups.items():
            self._group_step(ws, gs, ms, vs, lr, wd)
        for i, w, g, st in rest:
            self.update_multi_precision(i, w, g, st)

    def _group_step(self, ws, gs, ms, vs, lr, wd):
        """MXNet's adam_update on a list of tensors sharing (lr_t, wd)."""
        b1, b2, eps = f32(self.beta1), f32(self.beta2), f32(self.epsilon)
        rs, clip = f32(self.rescale_grad), _clip_value(self.clip_gradient)
        with torch.no_grad():
            if clip is None and _FUSED_ADAM and rs != 0 and ws[0].dtype in (torch.float32, torch.float64):
                # rs*g + wd*w == rs*(g + (wd/rs)*w) would round differently; scale the grads first instead
                gp = gs if rs == 1.0 else torch._foreach_mul(gs, rs)
                # bias corrections are already in lr (MXNet's form): steps of +inf make torch's equal 1
                steps = [_inf_step(ws[0].device)] * len(ws)
                torch._fused_adam_(ws, gp, ms, vs, [], steps, lr=lr, beta1=b1, beta2=b2, weight_decay=wd,
                                   eps=eps, amsgrad=False, maximize=False)
                for t in list(ws) + list(ms) + list(vs):  # (the fused kernel leaves version counters alone; a
                    torch.autograd.graph.increment_version(t)  # sparse array's dense view must see the write)
                return
            gp = torch._foreach_mul(gs, rs)
            if wd:
                torch._foreach_add_(gp, ws, alpha=wd)
            if clip is not None:
                torch._foreach_clamp_min_(gp, -clip)
                torch._foreach_clamp_max_(gp, clip)
            torch._foreach_mul_(ms, b1)
            torch._foreach_add_(ms, gp, alpha=f32(1. - b1))
            torch._foreach_mul_(vs, b2)
            torch._foreach_addcmul_(vs, gp, gp, value=f32(1. - b2))
            den = torch._foreach_sqrt(vs)
            torch._foreach_add_(den, eps)
            torch._foreach_addcdiv_(ws, ms, den, value=-lr)

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        t = self._index_update_count[index]
        lr *= math.sqrt(1. - self.beta2 ** t) / (1. - self.beta1 ** t)
        w, g = weight._t, grad._t.detach()
        mean, var = state[0]._t, state[1]._t
        clip = _clip_value(self.clip_gradient)
        lr, wd, b1, b2 = f32(lr), f32(wd), f32(self.beta1), f32(self.beta2)
        with torch.no_grad():
            g = g * f32(self.rescale_grad)
            if wd:
                g = g + wd * w
            if clip is not None:
                g = g.clamp(-clip, clip)
            mean.mul_(b1).add_(g, alpha=f32(1. - b1))
            var.mul_(b2).add_(g * g, alpha=f32(1. - b2))
            w.sub_(lr * mean / (var.sqrt() + f32(self.epsilon)))


@register
class RMSProp(Optimizer):
    """RMSProp (Tieleman & Hinton), or Graves' centered variant, with eps inside the sqrt."""

    def __init__(self, learning_rate=0.001, gamma1=0.9, gamma2=0.9, epsilon=1e-8, centered=False,
                 clip_weights=None, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.gamma1 = gamma1
        self.gamma2 = gamma2
        self.centered = centered
        self.epsilon = epsilon
        self.clip_weights = clip_weights

    def create_state(self, index, weight):
        """(n,) or, centered, (n, g, delta)."""
        f32 = torch.float32
        if self.centered:
            return (zeros_state(weight, f32), zeros_state(weight, f32), zeros_state(weight, f32))
        return (zeros_state(weight, f32),)

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        w, g = weight._t, grad._t.detach()
        clip = _clip_value(self.clip_gradient)
        cw = _clip_value(self.clip_weights)
        lr, wd, g1, eps = f32(lr), f32(wd), f32(self.gamma1), f32(self.epsilon)
        with torch.no_grad():
            g = g * f32(self.rescale_grad)
            if wd:
                g = g + wd * w
            if clip is not None:
                g = g.clamp(-clip, clip)
            n = state[0]._t
            n.mul_(g1).add_(g * g, alpha=f32(1. - g1))
            if not self.centered:
                w.sub_(lr * g / (n + eps).sqrt())
            else:
                gbar, delta = state[1]._t, state[2]._t
                gbar.mul_(g1).add_(g, alpha=f32(1. - g1))
                delta.mul_(f32(self.gamma2)).sub_(lr * g / (n - gbar * gbar + eps).sqrt())
                w.add_(delta)
            if cw is not None:
                w.clamp_(-cw, cw)


@register
class AdaGrad(Optimizer):
    """AdaGrad: history of squared grads, eps inside the sqrt, weight decay outside the history."""

    def __init__(self, eps=1e-7, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        """The squared-gradient history (float32, as MXNet creates it)."""
        return zeros_state(weight, torch.float32)

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        w, h = weight._t, state._t
        with torch.no_grad():
            g = _clip_loose(grad._t.detach() * self.rescale_grad, self.clip_gradient)
            h.add_(g * g)
            div = g / (h + self.float_stable_eps).sqrt()
            w.add_((div + w * wd) * -lr)


@register
class AdaDelta(Optimizer):
    """AdaDelta: ignores learning_rate; scales the caller's grad array in place by rescale_grad, as MXNet does."""

    def __init__(self, rho=0.90, epsilon=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def create_state(self, index, weight):
        """(accumulated g^2, accumulated delta^2), float32."""
        return (zeros_state(weight, torch.float32), zeros_state(weight, torch.float32))

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        wd = self._get_wd(index)
        self._update_count(index)
        rho, eps = self.rho, self.epsilon
        w, acc_g, acc_d = weight._t, state[0]._t, state[1]._t
        with torch.no_grad():
            gt = grad._t
            gt.mul_(self.rescale_grad)
            g = _clip_loose(gt, self.clip_gradient)
            acc_g.mul_(rho).add_((1. - rho) * g * g)
            delta = (acc_d + eps).sqrt() / (acc_g + eps).sqrt() * g
            acc_d.mul_(rho).add_((1. - rho) * delta * delta)
            w.sub_(delta + wd * w)
