"""`ccSGD` (a deprecated alias of SGD) and the `Test` optimizer, as MXNet 1.9.1 registers them."""
import torch

from ..ndarray.ndarray import wrap
from .optimizer import Optimizer, register
from .sgd import SGD

__all__ = ["ccSGD", "Test"]


@register
class ccSGD(SGD):  # noqa: N801 - MXNet's name
    """[DEPRECATED] Same as `SGD`."""


@register
class Test(Optimizer):
    """The Test optimizer: `w += rescale_grad * grad`, and the state mirrors the weight."""

    def create_state(self, index, weight):
        """A float32 zero array shaped like `weight`."""
        t = weight._t
        return wrap(torch.zeros(t.shape, dtype=torch.float32, device=t.device))

    def update(self, index, weight, grad, state):
        """`w += rescale_grad * grad`; state = w."""
        with torch.no_grad():
            weight._t.add_(grad._t.detach() * self.rescale_grad)
            state._t.copy_(weight._t)
