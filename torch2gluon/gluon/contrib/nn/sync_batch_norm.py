"""SyncBatchNorm: batch normalization with statistics over the whole mini-batch across devices."""
import warnings

from ...nn import BatchNorm

__all__ = ["SyncBatchNorm"]


def _world_size():
    """Size of torch.distributed's default group, or 1 when it is not initialised."""
    import torch.distributed as dist
    if dist.is_available() and dist.is_initialized():
        return dist.get_world_size()
    return 1


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
        if kw["ndev"] != 1 or _world_size() != 1:
            raise NotImplementedError(
                f"gluon.contrib.nn.SyncBatchNorm: argument 'num_devices={kw['ndev']}' (synchronising statistics "
                f"across devices; torch.distributed world size {_world_size()}) is not supported; torch2gluon "
                "runs SyncBatchNorm on one device per process with num_devices=1 (== BatchNorm)")
        return F.BatchNorm(x, gamma, beta, running_mean, running_var, axis=1, eps=kw["eps"],
                           momentum=kw["momentum"], fix_gamma=kw["fix_gamma"],
                           use_global_stats=kw["use_global_stats"])
