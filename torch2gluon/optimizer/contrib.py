"""`mx.optimizer.contrib`: GroupAdaGrad (MXNet 1.9.1's dense Python-level rule)."""
import torch

from .optimizer import Optimizer, register, zeros_state, _check_arrays
from .adaptive import _clip_loose
from ..ndarray.ndarray import wrap

__all__ = ["GroupAdaGrad"]


@register
class GroupAdaGrad(Optimizer):
    """AdaGrad with one history value per row of a 2-D weight; weight decay is not supported."""

    def __init__(self, eps=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        """The (rows, 1) float32 history."""
        assert len(weight.shape) == 2
        t = weight._t
        return wrap(torch.zeros((t.shape[0], 1), dtype=torch.float32, device=t.device))

    def update(self, index, weight, grad, state):
        """Update `weight` in place."""
        _check_arrays(weight, grad)
        self._update_count(index)
        lr = self._get_lr(index)
        wd = self._get_wd(index)
        assert wd == 0, "Weight decay is not supported for GroupAdaGrad"
        h, w = state._t, weight._t
        with torch.no_grad():
            g = _clip_loose(grad._t.detach() * self.rescale_grad, self.clip_gradient)
            h.add_((g * g).mean(dim=1, keepdim=True))
            w.sub_(lr * g / (h + self.float_stable_eps).sqrt())
