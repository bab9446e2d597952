"""Activation layers: Activation, LeakyReLU."""
from ..block import HybridBlock

__all__ = ["Activation", "LeakyReLU"]


class Activation(HybridBlock):
    """Apply an activation by name: 'relu', 'sigmoid', 'tanh', 'softrelu' or 'softsign'."""

    def __init__(self, activation, prefix=None, params=None):
        self._act_type = activation
        super().__init__(prefix=prefix, params=params)

    def _alias(self):
        return self._act_type

    def hybrid_forward(self, F, x):
        return F.Activation(x, act_type=self._act_type)

    def __repr__(self):
        return f"{self.__class__.__name__}({self._act_type})"


class LeakyReLU(HybridBlock):
    """Leaky ReLU: x if x > 0 else alpha * x."""

    def __init__(self, alpha, prefix=None, params=None):
        if alpha < 0:
            raise AssertionError("Slope coefficient for LeakyReLU must be no less than 0.")
        super().__init__(prefix=prefix, params=params)
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.maximum(x, 0) + self._alpha * F.minimum(x, 0) if self._alpha else F.relu(x)

    def __repr__(self):
        return f"{self.__class__.__name__}({self._alpha})"
