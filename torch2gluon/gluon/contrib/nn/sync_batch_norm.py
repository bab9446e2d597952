"""SyncBatchNorm: batch normalization with statistics over the whole mini-batch across devices.

One process, one device: exactly BatchNorm on axis 1. Under torch.distributed (e.g. `torchrun`, one device
per process) the batch mean and variance are all-reduced over the default process group in training, with
gradients flowing through the reduction, as MXNet's cross-GPU SyncBatchNorm does across its devices.
"""
import warnings

import torch

from ....ndarray._state import STATE
from ....ndarray.ndarray import tensor_of, wrap
from ....ndarray.ops_norm import _RunningStatsOnBackward
from ...nn import BatchNorm

__all__ = ["SyncBatchNorm"]


def _world_size():
    """Size of torch.distributed's default group, or 1 when it is not initialised."""
    import torch.distributed as dist
    if dist.is_available() and dist.is_initialized():
        return dist.get_world_size()
    return 1


def _all_reduce_sum(t):
    """Differentiable sum of `t` over the default process group."""
    from torch.distributed.nn.functional import all_reduce
    return all_reduce(t)


def _sync_batch_norm(x, gamma, beta, running_mean, running_var, eps, momentum, fix_gamma):
    """Training-mode batch norm on axis 1 with statistics all-reduced across processes."""
    t = tensor_of(x)
    g, b = tensor_of(gamma), tensor_of(beta)
    if fix_gamma:
        with torch.no_grad():
            gamma._t.fill_(1)
        g = torch.ones_like(g)
    red = [i for i in range(t.dim()) if i != 1]
    count = torch.tensor([float(t.numel() // t.shape[1])], dtype=t.dtype, device=t.device)
    stats = torch.cat([t.sum(dim=red), (t * t).sum(dim=red), count])
    stats = _all_reduce_sum(stats) if STATE.recording else _no_grad_all_reduce(stats)
    c = t.shape[1]
    n = stats[2 * c]
    mean = stats[:c] / n
    var = (stats[c:2 * c] / n - mean * mean).clamp_min(0)
    shape = [1] * t.dim()
    shape[1] = c
    out = (t - mean.reshape(shape)) * (torch.rsqrt(var + eps) * g).reshape(shape) + b.reshape(shape)
    if STATE.recording and out.requires_grad:
        out = _RunningStatsOnBackward.apply(out, mean.detach(), var.detach(), running_mean._t, running_var._t,
                                            float(momentum))
    return wrap(out)


def _no_grad_all_reduce(t):
    import torch.distributed as dist
    t = t.detach().clone()
    dist.all_reduce(t)
    return t


class SyncBatchNorm(BatchNorm):
    """Cross-device batch normalization; with one device (one process) it is exactly BatchNorm on axis 1."""

    def __init__(self, in_channels=0, num_devices=None, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer="zeros", gamma_initializer="ones",
                 running_mean_initializer="zeros", running_variance_initializer="ones", **kwargs):
        super().__init__(axis=1, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                         use_global_stats=use_global_stats, beta_initializer=beta_initializer,
                         gamma_initializer=gamma_initializer, running_mean_initializer=running_mean_initializer,
                         running_variance_initializer=running_variance_initializer, in_channels=in_channels,
                         **kwargs)
        self._ndev_given = num_devices is not None
        if num_devices is None:
            num_devices = self._get_num_devices()
        self._kwargs = {"eps": epsilon, "momentum": momentum, "fix_gamma": not scale,
                        "use_global_stats": use_global_stats, "ndev": num_devices, "key": self.prefix}

    def _get_num_devices(self):
        warnings.warn("Caution using SyncBatchNorm: if not using all the GPUs, please mannually set num_devices",
                      UserWarning, stacklevel=3)
        from .... import context
        n = context.num_gpus()
        return n if n > 0 else 1

    def infer_shape(self, x, *args):
        """in_channels from x's axis 1."""
        for p in (self.gamma, self.beta, self.running_mean, self.running_var):
            p.shape = (x.shape[1],)

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        kw = self._kwargs
        world = _world_size()
        if world > 1:
            if self._ndev_given and kw["ndev"] != world:
                raise NotImplementedError(
                    f"gluon.contrib.nn.SyncBatchNorm: argument 'num_devices={kw['ndev']}' differs from the "
                    f"torch.distributed world size {world}; torch2gluon synchronises one device per process "
                    "over the default process group")
            if STATE.training and not kw["use_global_stats"]:
                return _sync_batch_norm(x, gamma, beta, running_mean, running_var, kw["eps"], kw["momentum"],
                                        kw["fix_gamma"])
        elif kw["ndev"] != 1:
            raise NotImplementedError(
                f"gluon.contrib.nn.SyncBatchNorm: argument 'num_devices={kw['ndev']}' (several devices in one "
                "process) is not supported; use num_devices=1, or one process per device under "
                "torch.distributed (torchrun)")
        return F.BatchNorm(x, gamma, beta, running_mean, running_var, axis=1, eps=kw["eps"],
                           momentum=kw["momentum"], fix_gamma=kw["fix_gamma"],
                           use_global_stats=kw["use_global_stats"])
