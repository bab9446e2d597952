"""Optimizer update operators (`nd.sgd_update`, `nd.adam_update`, ...): MXNet 1.9.1's update kernels.

Each returns the updated weight (written into `out=` when given, e.g. `out=weight`) and updates its state
arrays (momentum, mean, var, ...) in place; the gradient is `clip(rescale_grad * grad, clip_gradient)`
(no clipping when clip_gradient < 0).
"""
import math

import numpy as np
import torch

from ..base import MXNetError
from ._args import as_bool
from .ndarray import NDArray, wrap
from .register import mxop
from ._checks import float_only
from ._exact_sqrt import sqrt_exact


def _t(a):
    return float_only(a._t.detach(), "update")


_KERNEL_TYPES = {torch.float16: np.float16, torch.float32: np.float32, torch.float64: np.float64}


def _one_minus(b, like, t=None):
    """`1 - b` (or `1 - b ** t`) as MXNet's kernels compute their coefficients: the parameter is a float32
    value and the arithmetic is in the arrays' dtype, so in float32 `1 - 0.9` is 0.100000024 and
    `1 - 0.999 ** 2` loses digits alike."""
    k = _KERNEL_TYPES.get(like.dtype, np.float32)
    bk = k(np.float32(b))
    return float(k(1) - (bk if t is None else bk ** k(t)))


def _grad(grad, rescale_grad, clip_gradient):
    g = _t(grad) * float(rescale_grad)
    c = float(clip_gradient)
    return g.clamp(-c, c) if c >= 0 else g


def _grad_wd(grad, weight, wd, rescale_grad, clip_gradient):
    """`clip(rescale_grad * grad + wd * weight)`: the order of Adam/RMSProp/FTML kernels."""
    g = _t(grad) * float(rescale_grad) + float(wd) * _t(weight)
    c = float(clip_gradient)
    return g.clamp(-c, c) if c >= 0 else g


def _set(state, value):
    state._assign(value.to(state._t.dtype))


def _sparse_only(lazy_update):
    as_bool(lazy_update)  # honoured trivially: lazy updates only differ for row_sparse gradients


@mxop("sgd_update")
def sgd_update(weight, grad, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True):
    """`w - lr * (g + wd * w)`."""
    _sparse_only(lazy_update)
    w = _t(weight)
    return wrap(w - float(lr) * (_grad(grad, rescale_grad, clip_gradient) + float(wd) * w))


@mxop("sgd_mom_update")
def sgd_mom_update(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                   lazy_update=True):
    """`mom = momentum * mom - lr * (g + wd * w)`; `w + mom`."""
    _sparse_only(lazy_update)
    w = _t(weight)
    m = float(momentum) * _t(mom) - float(lr) * (_grad(grad, rescale_grad, clip_gradient) + float(wd) * w)
    _set(mom, m)
    return wrap(w + m)


def _mp(fn, weight, weight32, *args, **kwargs):
    if weight32._t.dtype is not torch.float32:
        raise MXNetError("multi-precision update: weight32 must be float32")
    w32 = wrap(_t(weight32))
    new32 = fn(w32, *args, **kwargs)
    _set(weight32, new32._t)
    return wrap(new32._t.to(weight._t.dtype))


def _f32(grad):
    return wrap(_t(grad).float())


@mxop("mp_sgd_update")
def mp_sgd_update(weight, grad, weight32, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True):
    """sgd_update on the float32 master copy `weight32`; returns it cast to weight's dtype."""
    return _mp(sgd_update, weight, weight32, _f32(grad), lr, wd, rescale_grad, clip_gradient, lazy_update)


@mxop("mp_sgd_mom_update")
def mp_sgd_mom_update(weight, grad, mom, weight32, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                      clip_gradient=-1.0, lazy_update=True):
    """sgd_mom_update on the float32 master copy `weight32`."""
    return _mp(sgd_mom_update, weight, weight32, _f32(grad), mom, lr, momentum, wd, rescale_grad,
               clip_gradient, lazy_update)


@mxop("nag_mom_update")
def nag_mom_update(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0):
    """Nesterov: `mom = momentum * mom - lr * (g + wd * w)`; `w + momentum * mom - lr * (g + wd * w)`."""
    w = _t(weight)
    step = float(lr) * (_grad(grad, rescale_grad, clip_gradient) + float(wd) * w)
    m = float(momentum) * _t(mom) - step
    _set(mom, m)
    return wrap(w + float(momentum) * m - step)


@mxop("mp_nag_mom_update")
def mp_nag_mom_update(weight, grad, mom, weight32, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                      clip_gradient=-1.0):
    """nag_mom_update on the float32 master copy `weight32`."""
    return _mp(nag_mom_update, weight, weight32, _f32(grad), mom, lr, momentum, wd, rescale_grad, clip_gradient)


@mxop("adam_update")
def adam_update(weight, grad, mean, var, lr, beta1=0.9, beta2=0.999, epsilon=1e-8, wd=0.0, rescale_grad=1.0,
                clip_gradient=-1.0, lazy_update=True):
    """Adam without bias correction: `w - lr * mean / (sqrt(var) + epsilon)` (g includes wd * w)."""
    _sparse_only(lazy_update)
    w = _t(weight)
    g = _grad_wd(grad, weight, wd, rescale_grad, clip_gradient)
    b1, b2 = float(beta1), float(beta2)
    m = b1 * _t(mean) + _one_minus(b1, g) * g
    v = b2 * _t(var) + _one_minus(b2, g) * g * g
    _set(mean, m)
    _set(var, v)
    return wrap(w - float(lr) * m / (sqrt_exact(v) + float(epsilon)))


def _clip_w(w, clip_weights):
    c = float(clip_weights)
    return w.clamp(-c, c) if c >= 0 else w


@mxop("rmsprop_update")
def rmsprop_update(weight, grad, n, lr, gamma1=0.95, epsilon=1e-8, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                   clip_weights=-1.0):
    """`n = (1 - gamma1) g^2 + gamma1 n`; `w - lr * g / sqrt(n + epsilon)` (g includes wd * w)."""
    w = _t(weight)
    g = _grad_wd(grad, weight, wd, rescale_grad, clip_gradient)
    nn_ = _one_minus(gamma1, g) * g * g + float(gamma1) * _t(n)
    _set(n, nn_)
    return wrap(_clip_w(w - float(lr) * g / sqrt_exact(nn_ + float(epsilon)), clip_weights))


@mxop("rmspropalex_update")
def rmspropalex_update(weight, grad, n, g, delta, lr, gamma1=0.95, gamma2=0.9, epsilon=1e-8, wd=0.0,
                       rescale_grad=1.0, clip_gradient=-1.0, clip_weights=-1.0):
    """Centred RMSProp (Graves 2013): running n, g and delta; `w + delta`."""
    w = _t(weight)
    gr = _grad_wd(grad, weight, wd, rescale_grad, clip_gradient)
    g1 = float(gamma1)
    nn_ = _one_minus(g1, gr) * gr * gr + g1 * _t(n)
    gg = _one_minus(g1, gr) * gr + g1 * _t(g)
    d = float(gamma2) * _t(delta) - float(lr) * gr / sqrt_exact(nn_ - gg * gg + float(epsilon))
    _set(n, nn_)
    _set(g, gg)
    _set(delta, d)
    return wrap(_clip_w(w + d, clip_weights))


@mxop("ftrl_update")
def ftrl_update(weight, grad, z, n, lr, lamda1=0.01, beta=1.0, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0):
    """FTRL-proximal: update z and n, then `w = (sign(z) lamda1 - z) / ((beta + sqrt(n)) / lr + wd)` where
    |z| > lamda1, else 0."""
    w = _t(weight)
    gr = _grad(grad, rescale_grad, clip_gradient)
    lr_, l1 = float(lr), float(lamda1)
    n0 = _t(n)
    zz = _t(z) + gr - (sqrt_exact(n0 + gr * gr) - sqrt_exact(n0)) * w / lr_
    nn_ = n0 + gr * gr
    _set(z, zz)
    _set(n, nn_)
    new = (torch.sign(zz) * l1 - zz) / ((float(beta) + sqrt_exact(nn_)) / lr_ + float(wd))
    return wrap(torch.where(torch.abs(zz) > l1, new, torch.zeros_like(new)))


@mxop("ftml_update")
def ftml_update(weight, grad, d, v, z, lr, t, beta1=0.6, beta2=0.999, epsilon=1e-8, wd=0.0, rescale_grad=1.0,
                clip_grad=-1.0):
    """FTML (Zheng & Kwok 2017) at step `t`: update d, v, z; `w = -z / d`."""
    w = _t(weight)
    gr = _grad_wd(grad, weight, wd, rescale_grad, clip_grad)
    b1, b2, step = float(beta1), float(beta2), int(t)
    vv = b2 * _t(v) + _one_minus(b2, gr) * gr * gr
    k = _KERNEL_TYPES.get(gr.dtype, np.float32)
    d_t = float(k(_one_minus(b1, gr, step)) / k(lr)) * (sqrt_exact(vv / _one_minus(b2, gr, step)) + float(epsilon))
    sigma = d_t - b1 * _t(d)
    zz = b1 * _t(z) + _one_minus(b1, gr) * gr - sigma * w
    _set(v, vv)
    _set(d, d_t)
    _set(z, zz)
    return wrap(-zz / d_t)


@mxop("signsgd_update")
def signsgd_update(weight, grad, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0):
    """`(1 - lr * wd) w - lr * sign(g)`."""
    w = _t(weight)
    return wrap((1 - float(lr) * float(wd)) * w - float(lr) * torch.sign(_grad(grad, rescale_grad, clip_gradient)))


@mxop("signum_update")
def signum_update(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0, wd_lh=0.0):
    """`mom = momentum mom - (1 - momentum)(g + wd w)`; `(1 - lr wd_lh) w + lr sign(mom)`."""
    w = _t(weight)
    mo = float(momentum)
    m = mo * _t(mom) - _one_minus(mo, w) * (_grad(grad, rescale_grad, clip_gradient) + float(wd) * w)
    _set(mom, m)
    return wrap((1 - float(lr) * float(wd_lh)) * w + float(lr) * torch.sign(m))


@mxop("lamb_update_phase1")
def lamb_update_phase1(weight, grad, mean, var, t=None, wd=None, beta1=0.9, beta2=0.999, epsilon=1e-6,
                       bias_correction=True, rescale_grad=1.0, clip_gradient=-1.0):
    """LAMB phase 1: update mean/var; return the direction `m_hat / (sqrt(v_hat) + eps) + wd * w`."""
    for pname, val in (("t", t), ("wd", wd)):
        if val is None:
            raise MXNetError(f"Required parameter {pname} is not presented, in operator lamb_update_phase1")
    w = _t(weight)
    gr = _grad(grad, rescale_grad, clip_gradient)
    b1, b2 = float(beta1), float(beta2)
    m = b1 * _t(mean) + _one_minus(b1, gr) * gr
    v = b2 * _t(var) + _one_minus(b2, gr) * gr * gr
    _set(mean, m)
    _set(var, v)
    if as_bool(bias_correction):
        m = m / _one_minus(b1, gr, int(t))
        v = v / _one_minus(b2, gr, int(t))
    return wrap(m / (sqrt_exact(v) + float(epsilon)) + float(wd) * w)


@mxop("lamb_update_phase2")
def lamb_update_phase2(weight, g, r1, r2, lr, lower_bound=-1.0, upper_bound=-1.0):
    """LAMB phase 2: `w - lr * (r1 / r2) * g` with r1 = ||w|| clipped to the bounds (ratio 1 if a norm is 0)."""
    w = _t(weight)
    n1, n2 = _t(r1).reshape(()), _t(r2).reshape(())
    if float(lower_bound) > 0:
        n1 = torch.clamp(n1, min=float(lower_bound))
    if float(upper_bound) > 0:
        n1 = torch.clamp(n1, max=float(upper_bound))
    ratio = torch.where((n1 > 0) & (n2 > 0), n1 / torch.where(n2 > 0, n2, torch.ones_like(n2)),
                        torch.ones_like(n1))
    return wrap(w - float(lr) * ratio * _t(g))


def _multi(opname, per, fn, data, num_weights, lrs, wds, extra, out):
    if out is None:  # MXNet 1.9.1 fails without out= here; the updated weights are written into out
        raise MXNetError(f"{opname}: out= (one array per weight) is required")
    n = int(num_weights)
    if len(data) != per * n:
        raise MXNetError(f"{opname}: expects {per * n} inputs for num_weights={n}, got {len(data)}")
    lrs, wds = list(lrs), list(wds)
    if len(lrs) != n or len(wds) != n:
        raise MXNetError(f"{opname}: lrs and wds must have num_weights={n} entries")
    res = [fn(*data[per * i:per * (i + 1)], lr=lrs[i], wd=wds[i], **extra) for i in range(n)]
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    if len(outs) != n:
        raise MXNetError(f"{opname}: out= must hold {n} arrays")
    for o, r in zip(outs, res):
        o._assign(r._t.to(o._t.dtype))
    return out


@mxop("multi_sgd_update")
def multi_sgd_update(*data, lrs, wds, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1, out=None):
    """sgd_update over (weight, grad) pairs; one result per weight."""
    return _multi("multi_sgd_update", 2, sgd_update, data, num_weights, lrs, wds,
                  {"rescale_grad": rescale_grad, "clip_gradient": clip_gradient}, out)


@mxop("multi_sgd_mom_update")
def multi_sgd_mom_update(*data, lrs, wds, momentum=0.0, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1, out=None):
    """sgd_mom_update over (weight, grad, mom) triples."""
    return _multi("multi_sgd_mom_update", 3, sgd_mom_update, data, num_weights, lrs, wds,
                  {"momentum": momentum, "rescale_grad": rescale_grad, "clip_gradient": clip_gradient}, out)


@mxop("multi_mp_sgd_update")
def multi_mp_sgd_update(*data, lrs, wds, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1, out=None):
    """mp_sgd_update over (weight, grad, weight32) triples."""
    return _multi("multi_mp_sgd_update", 3, mp_sgd_update, data, num_weights, lrs, wds,
                  {"rescale_grad": rescale_grad, "clip_gradient": clip_gradient}, out)


@mxop("multi_mp_sgd_mom_update")
def multi_mp_sgd_mom_update(*data, lrs, wds, momentum=0.0, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1,
                            out=None):
    """mp_sgd_mom_update over (weight, grad, mom, weight32) quadruples."""
    return _multi("multi_mp_sgd_mom_update", 4, mp_sgd_mom_update, data, num_weights, lrs, wds,
                  {"momentum": momentum, "rescale_grad": rescale_grad, "clip_gradient": clip_gradient}, out)


def _preloaded(name, per, fn):
    def op(*data, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1, momentum=None, out=None):
        if len(data) < 2 or not all(isinstance(d, NDArray) for d in data[-2:]):
            raise MXNetError(f"{name}: the last two inputs must be the lrs and wds arrays")
        lrs, wds = _t(data[-2]).tolist(), _t(data[-1]).tolist()
        extra = {"rescale_grad": rescale_grad, "clip_gradient": clip_gradient}
        if momentum is not None:
            extra["momentum"] = momentum
        return _multi(name, per, fn, data[:-2], num_weights, lrs, wds, extra, out)
    op.__name__ = name
    op.__doc__ = f"{fn.__name__} over groups of {per} inputs, with lrs and wds given as the last two arrays."
    return mxop(name)(op)


preloaded_multi_sgd_update = _preloaded("preloaded_multi_sgd_update", 2, sgd_update)
preloaded_multi_sgd_mom_update = _preloaded("preloaded_multi_sgd_mom_update", 3, sgd_mom_update)
preloaded_multi_mp_sgd_update = _preloaded("preloaded_multi_mp_sgd_update", 3, mp_sgd_update)
preloaded_multi_mp_sgd_mom_update = _preloaded("preloaded_multi_mp_sgd_mom_update", 4, mp_sgd_mom_update)


@mxop("multi_lars")
def multi_lars(lrs, weights_sum_sq, grads_sum_sq, wds, eta, eps, rescale_grad=1.0):
    """LARS learning rates: `lr * eta * ||w|| / (||g|| * rescale_grad + wd * ||w|| + eps)` (lr where a norm is 0)."""
    lr, ws, gs, wd = (_t(a) for a in (lrs, weights_sum_sq, grads_sum_sq, wds))
    for i, a in enumerate((ws, gs, wd), 1):
        if a.shape != lr.shape:
            raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node at {i}-th input: "
                             f"expected {list(lr.shape)}, got {list(a.shape)} (multi_lars)")
    wn, gn = sqrt_exact(ws), sqrt_exact(gs)
    new = lr * float(eta) * wn / (gn * float(rescale_grad) + wd * wn + float(eps))
    return wrap(torch.where((ws > 0) & (gs > 0), new, lr))


def _dt_name(a):
    if not isinstance(a, NDArray):  # a number: MXNet's wrappers make it a float32 array (_get_rescale_grad)
        return "float32"
    return np.dtype(_KERNEL_TYPES.get(a._t.dtype, None) or str(a._t.dtype).replace("torch.", "")).name


def _check_update_types(opname, inputs, same, fp32):
    """MXNet's type inference of an update operator: the inputs at indices `fp32` must be float32 ("Type
    inconsistent"), those at indices `same` (lists, in order) must share the first one's dtype."""
    for i in fp32:
        if _dt_name(inputs[i]) != "float32":
            raise MXNetError(f"Type inconsistent, Provided = {_dt_name(inputs[i])}, inferred type = float32 "
                             f"(input {i} of {opname})")
    for group in same:
        first = _dt_name(inputs[group[0]])
        for i in group[1:]:
            if _dt_name(inputs[i]) != first:
                raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node {opname} at "
                                 f"{i}-th input: expected {first}, got {_dt_name(inputs[i])}")


def _scale_value(rescale_grad):
    return float(_t(rescale_grad).reshape(-1)[0]) if isinstance(rescale_grad, NDArray) else float(rescale_grad)


def _kscalars(like, **params):
    """The float32 operator parameters cast to the arrays' dtype (MXNet's `scalar<DType>(param)`), as Python
    floats holding exactly the kernel's values."""
    k = _KERNEL_TYPES.get(like.dtype, np.float32)
    return {n: float(k(np.float32(v))) for n, v in params.items()}


def _adamw(weight, grad, mean, var, rescale_grad, lr, eta, beta1, beta2, epsilon, wd, clip_gradient,
           write_grad):
    """MXNet's AdamWUpdate: every step in the arrays' dtype with the parameters cast to it, `1 - beta` taken
    in float32 first (scalar<DType>(1.f - beta))."""
    rs = _scale_value(rescale_grad)
    w = _t(weight)
    if not math.isfinite(rs) or rs == 0:
        return wrap(w.clone())
    k = _kscalars(w, rs=rs, clip=clip_gradient, b1=beta1, b2=beta2, lr=lr, eta=eta, eps=epsilon, wd=wd,
                  ob1=np.float32(1) - np.float32(beta1), ob2=np.float32(1) - np.float32(beta2))
    gr = _t(grad) * k["rs"]
    if float(clip_gradient) >= 0:
        gr = gr.clamp(-k["clip"], k["clip"])
    if write_grad:
        _set(grad, gr)
    m = k["b1"] * _t(mean) + k["ob1"] * gr
    v = k["b2"] * _t(var) + k["ob2"] * (gr * gr)
    _set(mean, m)
    _set(var, v)
    return wrap(w - k["eta"] * (k["lr"] * m / (sqrt_exact(v) + k["eps"]) + k["wd"] * w))


def _multi_adamw_step(w, grad, mean, var, rs, lr, eta, wd, beta1=0.9, beta2=0.999, epsilon=1e-8,
                      clip_gradient=-1.0):
    """One weight of MXNet's MultiMPAdamWKernel in the dtype of `w` (float32 for the multi-precision form):
    `mean = beta1 * (mean - g) + g`, `var = beta2 * (var - g^2) + g^2`; returns the new weight tensor."""
    k = _kscalars(w, rs=rs, clip=clip_gradient, b1=beta1, b2=beta2, lr=lr, eta=eta, eps=epsilon, wd=wd)
    gr = _t(grad).to(w.dtype) * k["rs"]
    if float(clip_gradient) >= 0:
        gr = gr.clamp(-k["clip"], k["clip"])
    m = k["b1"] * (_t(mean) - gr) + gr
    adj = gr * gr
    v = k["b2"] * (_t(var) - adj) + adj
    _set(mean, m)
    _set(var, v)
    return w - k["eta"] * (k["lr"] * m / (sqrt_exact(v) + k["eps"]) + k["wd"] * w)


@mxop("_contrib_adamw_update")
def adamw_update(weight, grad, mean, var, rescale_grad, lr, eta, beta1=0.9, beta2=0.999, epsilon=1e-8, wd=0.0,
                 clip_gradient=-1.0):
    """AdamW: `w - eta * (lr * mean / (sqrt(var) + epsilon) + wd * w)`. Like MXNet's kernel it leaves the
    rescaled, clipped gradient in `grad`, and changes nothing (weight, mean, var, grad) when rescale_grad (an
    NDArray) is 0 or not finite. Pass `out=weight` (MXNet leaves the result undefined otherwise)."""
    _check_update_types("_contrib_adamw_update", (weight, grad, mean, var, rescale_grad), [(0, 1, 2, 3)], (4,))
    return _adamw(weight, grad, mean, var, rescale_grad, lr, eta, beta1, beta2, epsilon, wd, clip_gradient,
                  write_grad=True)


@mxop("_contrib_group_adagrad_update")
def group_adagrad_update(weight, grad, history, lr, rescale_grad=1.0, clip_gradient=-1.0, epsilon=1e-5):
    """Group AdaGrad: `history += mean(g^2 over each row)`; `w - lr * g / sqrt(history + epsilon)`."""
    w = _t(weight)
    gr = _grad(grad, rescale_grad, clip_gradient)
    h = _t(history) + (gr * gr).reshape(gr.shape[0], -1).mean(dim=1).reshape(_t(history).shape)
    _set(history, h)
    view = (-1,) + (1,) * (w.dim() - 1)
    return wrap(w - float(lr) * gr / sqrt_exact(h.reshape(view) + float(epsilon)))


@mxop("_contrib_mp_adamw_update")
def mp_adamw_update(weight, grad, mean, var, weight32, rescale_grad, lr, eta, beta1=0.9, beta2=0.999,
                    epsilon=1e-8, wd=0.0, clip_gradient=-1.0):
    """adamw_update on the float32 master copy `weight32`; returns it cast to weight's dtype (`grad` is left
    as it is, as MXNet's multi-precision kernel does)."""
    _check_update_types("_contrib_mp_adamw_update", (weight, grad, mean, var, weight32, rescale_grad), [(0, 1)],
                        (2, 3, 4, 5))
    return _mp(_adamw, weight, weight32, _f32(grad), mean, var, rescale_grad, lr, eta, beta1, beta2,
               epsilon, wd, clip_gradient, False)


def _write_outs(out, results, opname):
    if out is None:
        raise MXNetError(f"{opname}: out= (one array per weight) is required")
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    if len(outs) != len(results):
        raise MXNetError(f"{opname}: out= must hold {len(results)} arrays")
    for o, r in zip(outs, results):
        o._assign(r._t.to(o._t.dtype))
    return out


def _adamw_kwargs(kwargs, lr, wd, eta):
    """Keyword arguments of `_adamw` for one weight of a multi_ update (MXNet's defaults; unknown keys raise)."""
    kw = dict(beta1=0.9, beta2=0.999, epsilon=1e-8, clip_gradient=-1.0)
    for k, v in kwargs.items():
        if k not in kw:
            raise MXNetError(f"Cannot find argument '{k}', Possible Arguments:\n----------------\n"
                             + "\n".join(("lrs", "beta1", "beta2", "epsilon", "wds", "etas", "clip_gradient",
                                          "num_weights")) + "\n, in operator _multi_adamw_update")
        kw[k] = v
    return dict(kw, lr=lr, wd=wd, eta=eta, write_grad=False)


def _check_multi_lists(opname, size, arrays, params):
    """MXNet's checks of a multi_ update: the array lists (zipped, so cut to the shortest) give
    len(arrays) * size + 1 inputs, and each per-weight parameter list holds `size` numbers."""
    k, got = len(arrays), min(len(a) for a in arrays)
    if any(len(a) != size for a in arrays):
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({k * got + 1} vs. {k * size + 1}) : "
                         f"Operator {opname} expects {k * size + 1} inputs, but got {k * got + 1} instead.")
    for pname, vals in params.items():
        if len(vals) != size:
            raise MXNetError(f"Check failed: param.{pname}.ndim() == param.num_weights ({len(vals)} vs. {size}) "
                             f": the number of {pname} is inconsistent with num_weights, in operator {opname}")


def _multi_adamw_inputs(opname, n, lists, rescale_grad, fp32_per_weight):
    """The flat input list of a multi_ adamw operator, type-checked as MXNet does: without master copies
    every input (rescale_grad too) shares the first weight's dtype; with them each weight/grad pair shares a
    dtype and mean, var, weight32 and rescale_grad are float32."""
    flat = [a for i in range(n) for a in (lst[i] for lst in lists)] + [rescale_grad]
    k = len(lists)
    if fp32_per_weight:
        _check_update_types(opname, flat, [(i * k, i * k + 1) for i in range(n)], ())
        _check_update_types(opname, flat, [], [i * k + j for i in range(n) for j in range(2, k)] + [n * k])
    else:
        _check_update_types(opname, flat, [tuple(range(len(flat)))], ())
    return flat


def multi_adamw_update(weights, grads, mean, var, rescale_grad, lrs, wds, etas, out=None, name=None, size=0,
                       **kwargs):
    """adamw_update over lists of weights/grads/means/vars with per-weight lrs, wds and etas, with MXNet's
    multi-weight kernel (`mean = beta1 * (mean - g) + g`, arithmetic in the weights' dtype); grads are left
    as they are, unlike the single-array operator. All inputs, rescale_grad included, share one dtype (for
    float16/float64 MXNet's kernel reads rescale_grad and lrs/wds/etas as float32 bytes, giving meaningless
    steps; here they are used by value)."""
    n = size or len(weights)
    _check_multi_lists("_multi_adamw_update", n, (weights, grads, mean, var), dict(lrs=lrs, wds=wds, etas=etas))
    _multi_adamw_inputs("_multi_adamw_update", n, (weights, grads, mean, var), rescale_grad, False)
    kw = _adamw_kwargs(kwargs, 0.0, 0.0, 1.0)
    rs = _scale_value(rescale_grad)
    if not math.isfinite(rs) or rs == 0:
        return out
    extra = {key: kw[key] for key in ("beta1", "beta2", "epsilon", "clip_gradient")}
    res = [wrap(_multi_adamw_step(_t(weights[i]), grads[i], mean[i], var[i], rs, lrs[i], etas[i], wds[i], **extra))
           for i in range(n)]
    return _write_outs(out, res, "multi_adamw_update")


def multi_mp_adamw_update(weights, grads, mean, var, weights32, rescale_grad, lrs, wds, etas, out=None, name=None,
                          size=0, **kwargs):
    """multi_adamw_update on the float32 master copies `weights32` (mean, var, weights32 and rescale_grad are
    float32); the results are cast to the weights' dtype."""
    n = size or len(weights)
    _check_multi_lists("_multi_mp_adamw_update", n, (weights, grads, mean, var, weights32),
                       dict(lrs=lrs, wds=wds, etas=etas))
    _multi_adamw_inputs("_multi_mp_adamw_update", n, (weights, grads, mean, var, weights32), rescale_grad, True)
    kw = _adamw_kwargs(kwargs, 0.0, 0.0, 1.0)
    rs = _scale_value(rescale_grad)
    if not math.isfinite(rs) or rs == 0:
        return out
    extra = {key: kw[key] for key in ("beta1", "beta2", "epsilon", "clip_gradient")}
    res = []
    for i in range(n):
        new32 = _multi_adamw_step(_t(weights32[i]), grads[i], mean[i], var[i], rs, lrs[i], etas[i], wds[i], **extra)
        _set(weights32[i], new32)
        res.append(wrap(new32.to(weights[i]._t.dtype)))
    return _write_outs(out, res, "multi_mp_adamw_update")


def _lamb(weight, grad, mean, var, step, lr, wd, beta1=0.9, beta2=0.999, epsilon=1e-6, rescale_grad=1.0,
          lower_bound=-1.0, upper_bound=-1.0, clip_gradient=-1.0, bias_correction=True):
    d = lamb_update_phase1(weight, grad, mean, var, t=step, wd=wd, beta1=beta1, beta2=beta2, epsilon=epsilon,
                           bias_correction=bias_correction, rescale_grad=rescale_grad, clip_gradient=clip_gradient)
    r1 = wrap(torch.linalg.vector_norm(_t(weight).float()).reshape(1))
    r2 = wrap(torch.linalg.vector_norm(d._t.float()).reshape(1))
    return lamb_update_phase2(weight, d, r1, r2, lr=lr, lower_bound=lower_bound, upper_bound=upper_bound)


_LAMB_KEYS = ("beta1", "beta2", "epsilon", "rescale_grad", "lower_bound", "upper_bound", "clip_gradient",
              "bias_correction")


def _check_lamb_kwargs(kwargs, opname):
    """MXNetError for a keyword the fused LAMB operators do not take (MXNet's operator rejects it so)."""
    for k in kwargs:
        if k not in _LAMB_KEYS:
            raise MXNetError(f"Cannot find argument '{k}', Possible Arguments:\n----------------\n"
                             + "\n".join(("learning_rates", "wds", "step_count", "num_tensors") + _LAMB_KEYS)
                             + f"\n, in operator _{opname}")


def multi_lamb_update(weights, grads, mean, var, step_count, lrs, wds, out=None, num_tensors=0, **kwargs):
    """LAMB (both phases) over lists of tensors with per-tensor step counts, lrs and wds."""
    _check_lamb_kwargs(kwargs, "multi_lamb_update")
    n = num_tensors or len(weights)
    res = [_lamb(weights[i], grads[i], mean[i], var[i], step_count[i], lrs[i], wds[i], **kwargs) for i in range(n)]
    return _write_outs(out, res, "multi_lamb_update")


def multi_mp_lamb_update(weights, grads, mean, var, weights32, step_count, lrs, wds, out=None, num_tensors=0,
                         **kwargs):
    """multi_lamb_update on float32 master copies `weights32`; the results are cast to the weights' dtype."""
    _check_lamb_kwargs(kwargs, "multi_mp_lamb_update")
    n = num_tensors or len(weights)
    res = []
    for i in range(n):
        new32 = _lamb(wrap(_t(weights32[i])), _f32(grads[i]), mean[i], var[i], step_count[i], lrs[i], wds[i],
                      **kwargs)
        _set(weights32[i], new32._t)
        res.append(wrap(new32._t.to(weights[i]._t.dtype)))
    return _write_outs(out, res, "multi_mp_lamb_update")


@mxop("mp_lamb_update_phase1")
def mp_lamb_update_phase1(weight, grad, mean, var, weight32, t=None, wd=None, beta1=0.9, beta2=0.999, epsilon=1e-6,
                          bias_correction=True, rescale_grad=1.0, clip_gradient=-1.0):
    """lamb_update_phase1 on the float32 master copy `weight32` (float32 direction)."""
    return lamb_update_phase1(wrap(_t(weight32)), _f32(grad), mean, var, t=t, wd=wd, beta1=beta1, beta2=beta2,
                              epsilon=epsilon, bias_correction=bias_correction, rescale_grad=rescale_grad,
                              clip_gradient=clip_gradient)


@mxop("mp_lamb_update_phase2")
def mp_lamb_update_phase2(weight, g, r1, r2, weight32, lr, lower_bound=-1.0, upper_bound=-1.0):
    """lamb_update_phase2 from the float32 master copy `weight32`, cast to weight's dtype (like MXNet 1.9.1,
    `weight32` itself is left unchanged)."""
    new32 = lamb_update_phase2(wrap(_t(weight32)), g, r1, r2, lr=lr, lower_bound=lower_bound,
                               upper_bound=upper_bound)
    return wrap(new32._t.to(weight._t.dtype))
