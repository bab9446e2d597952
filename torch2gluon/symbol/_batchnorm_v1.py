"""MXNet's legacy `BatchNorm_v1` operator, which MXNet 1.9.1 runs only in symbolic graphs (executors).

Channel axis 1 of 2-D or 4-D data. Unlike `BatchNorm`: fix_gamma writes 1 into gamma on every forward
(training or not), the `var` output is the variance itself (not its inverse square root), and a forward
not in training normalises with the moving statistics. The moving statistics update in backward, as BatchNorm.
"""
import torch

from ..base import MXNetError
from ..ndarray._args import as_bool
from ..ndarray._state import STATE
from ..ndarray.ndarray import tensor_of, wrap
from ..ndarray.ops_norm import _FixedGamma, _RunningStatsOnBackward


def batchnorm_v1(data, gamma, beta, moving_mean, moving_var, eps=1e-3, momentum=0.9, fix_gamma=True,
                 use_global_stats=False, output_mean_var=False):
    """Symbolic BatchNorm_v1 node: [output, mean, var] (mean/var: the batch's, or the moving ones)."""
    x = tensor_of(data)
    if x.dim() not in (2, 4):
        raise MXNetError(f"BatchNorm_v1: data must be 2-D or 4-D (channel axis 1), got shape {tuple(x.shape)}")
    c = x.shape[1]
    g, b = tensor_of(gamma), tensor_of(beta)
    rm, rv = moving_mean._t, moving_var._t
    for name, t in (("gamma", g), ("beta", b), ("moving_mean", rm), ("moving_var", rv)):
        if tuple(t.shape) != (c,):
            raise MXNetError(f"BatchNorm_v1: {name} must have shape ({c},), got {tuple(t.shape)}")
    if as_bool(fix_gamma):
        with torch.no_grad():  # MXNet's forward sets the gamma array to 1 (train and predict alike)
            gamma._t.fill_(1)
        g = _FixedGamma.apply(g) if g.requires_grad and STATE.recording else torch.ones_like(g)
    shape = (1, c) + (1,) * (x.dim() - 2)
    red = [i for i in range(x.dim()) if i != 1]
    eps = float(eps)
    if STATE.training and not as_bool(use_global_stats):
        mean = x.mean(dim=red)
        var = x.var(dim=red, unbiased=False)
        out = (x - mean.reshape(shape)) / torch.sqrt(var + eps).reshape(shape) * g.reshape(shape) \
            + b.reshape(shape)
        if STATE.recording and out.requires_grad:
            out = _RunningStatsOnBackward.apply(out, mean.detach(), var.detach(), rm, rv, float(momentum))
        mean, var = mean.detach(), var.detach()
    else:
        mean, var = rm.detach().clone(), rv.detach().clone()
        scale = g / torch.sqrt(var + eps)
        out = x * scale.reshape(shape) + (b - mean * scale).reshape(shape)
    return [wrap(out), wrap(mean), wrap(var)]
