"""Activation layers: Activation, LeakyReLU."""
from ...symbol import Symbol
from ...util import is_np_array
from ..block import HybridBlock

__all__ = ["Activation", "LeakyReLU", "PReLU", "ELU", "SELU", "GELU", "Swish"]


class Activation(HybridBlock):
    """Apply an activation by name: 'relu', 'sigmoid', 'tanh', 'softrelu' or 'softsign'."""
    _npx_first = "_npx_activation"   # numpy mode: the operator refusing a legacy input (_np_kinds.py)

    def __init__(self, activation, prefix=None, params=None):
        self._act_type = activation
        super().__init__(prefix=prefix, params=params)

    def _alias(self):
        return self._act_type

    def hybrid_forward(self, F, x):
        return F.Activation(x, act_type=self._act_type, name="fwd")

    def __repr__(self):
        return f"{self.__class__.__name__}({self._act_type})"


class LeakyReLU(HybridBlock):
    """Leaky ReLU: x if x > 0 else alpha * x."""
    _npx_first = "_npx_leaky_relu"

    def __init__(self, alpha, prefix=None, params=None):
        if alpha < 0:
            raise AssertionError("Slope coefficient for LeakyReLU must be no less than 0.")
        super().__init__(prefix=prefix, params=params)
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="leaky", slope=self._alpha, name="fwd")

    def __repr__(self):
        return f"{self.__class__.__name__}({self._alpha})"


class PReLU(HybridBlock):
    """Parametric leaky ReLU with a learned slope per channel (`in_channels`)."""
    _npx_first = "_npx_leaky_relu"

    def __init__(self, alpha_initializer=None, in_channels=1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        from ... import initializer
        if alpha_initializer is None:
            alpha_initializer = initializer.Constant(0.25)
        with self.name_scope():
            self.alpha = self.params.get("alpha", shape=(in_channels,), init=alpha_initializer)

    def hybrid_forward(self, F, x, alpha):
        return F.LeakyReLU(x, gamma=alpha, act_type="prelu", name="fwd")


class ELU(HybridBlock):
    """Exponential linear unit: x if x > 0 else alpha * (exp(x) - 1)."""
    _npx_first = "_npx_leaky_relu"

    def __init__(self, alpha=1.0, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        if is_np_array() and isinstance(x, Symbol):  # MXNet's numpy branch: an unnamed npx.leaky_relu node
            return F.npx.leaky_relu(x, act_type="elu", slope=self._alpha)
        return F.LeakyReLU(x, act_type="elu", slope=self._alpha, name="fwd")


class SELU(HybridBlock):
    """Scaled exponential linear unit."""
    _npx_first = "_npx_leaky_relu"

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="selu", name="fwd")


class GELU(HybridBlock):
    """Gaussian error linear unit (erf form)."""
    _npx_first = "_npx_leaky_relu"

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type="gelu", name="fwd")


class Swish(HybridBlock):
    """Swish: x * sigmoid(beta * x)."""
    _npx_first = "_npx_sigmoid"

    def __init__(self, beta=1.0, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._beta = beta

    def hybrid_forward(self, F, x):
        if is_np_array() and isinstance(x, Symbol):  # MXNet's numpy branch: numpy nodes
            x = x.as_np_ndarray()
            return x * F.npx.sigmoid(self._beta * x)
        return x * F.sigmoid(self._beta * x, name="fwd")
