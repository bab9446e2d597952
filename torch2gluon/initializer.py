"""`mx.init`: weight initializers (Uniform, Normal, Zero, One, Constant, Xavier, MSRAPrelu) and their registry."""
import json
import math
import warnings

import numpy as np
import torch

__all__ = ["InitDesc", "Initializer", "register", "create", "Uniform", "Normal", "Zero", "One",
           "Constant", "Xavier", "MSRAPrelu"]

_REGISTRY = {}


class InitDesc(str):
    """A parameter name carrying the attributes an initializer may consult (`__init__`, `global_init`)."""

    def __new__(cls, name, attrs=None, global_init=None):
        ret = super().__new__(cls, name)
        ret.attrs = attrs or {}
        ret.global_init = global_init
        return ret


def register(klass):
    """Register an Initializer subclass under its lower-cased class name (usable as a string)."""
    if not (isinstance(klass, type) and issubclass(klass, Initializer)):
        raise TypeError("register: can only register Initializer subclasses")
    name = klass.__name__.lower()
    if name in _REGISTRY and _REGISTRY[name] is not klass:
        warnings.warn(f"New initializer {klass.__module__}.{klass.__name__} is overriding existing "
                      f"initializer {_REGISTRY[name].__module__}.{_REGISTRY[name].__name__}", UserWarning)
    _REGISTRY[name] = klass
    return klass


def alias(*aliases):
    """Register extra names for an Initializer subclass."""
    def deco(klass):
        for a in aliases:
            _REGISTRY[a] = klass
        return klass
    return deco


def create(init, **kwargs):
    """An Initializer from an instance, a registered name ('uniform', 'zeros', ...) or `dumps()` JSON."""
    if isinstance(init, Initializer):
        if kwargs:
            raise ValueError("create: keyword arguments are only accepted with a name")
        return init
    if isinstance(init, str):
        if init.startswith("["):
            name, params = json.loads(init)
            return create(name, **params, **kwargs)
        klass = _REGISTRY.get(init.lower())
        if klass is None:
            raise ValueError(f"Cannot find initializer {init!r}. Registered: {sorted(_REGISTRY)}")
        return klass(**kwargs)
    if isinstance(init, type) and issubclass(init, Initializer):
        return init(**kwargs)
    raise TypeError(f"create: expected an Initializer or a name, got {type(init).__name__}")


def _write(arr, tensor):
    """Copy a freshly made tensor into NDArray `arr` without recording."""
    with torch.no_grad():
        arr._t.copy_(tensor)


class Initializer:
    """Base class: subclasses implement `_init_weight(name, arr)`; `__call__(desc, arr)` fills `arr` in place."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._verbose = False
        self._print_func = None

    def set_verbose(self, verbose=False, print_func=None):
        """Print statistics of each initialized array when `verbose`."""
        self._verbose = verbose
        self._print_func = print_func or (lambda x: str(float(x.abs().mean()) if hasattr(x, 'abs') else x))
        return self

    def _verbose_print(self, desc, init, arr):
        if self._verbose and self._print_func:
            import logging
            logging.info("Initialized %s as %s: %s", desc, init, self._print_func(arr._t))

    def dumps(self):
        """JSON string `[name, kwargs]` that `create` turns back into this initializer."""
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def __call__(self, desc, arr):
        if not isinstance(desc, InitDesc):
            desc = InitDesc(str(desc))
        if desc.global_init is None:
            desc.global_init = self
        init = desc.attrs.get("__init__", "")
        if init:
            create(init)._init_weight(desc, arr)
            self._verbose_print(desc, init, arr)
            return
        name = str(desc)
        if name.endswith("weight"):
            self._init_weight(desc, arr)
        elif name.endswith("bias"):
            self._init_bias(desc, arr)
        elif name.endswith("gamma"):
            self._init_gamma(desc, arr)
        elif name.endswith("beta"):
            self._init_beta(desc, arr)
        elif name.endswith("running_mean") or name.endswith("moving_mean"):
            self._init_zero(desc, arr)
        elif name.endswith("running_var") or name.endswith("moving_var"):
            self._init_one(desc, arr)
        elif name.endswith("min"):
            self._init_zero(desc, arr)
        elif name.endswith("max"):
            self._init_one(desc, arr)
        else:
            self._init_default(desc, arr)
        self._verbose_print(desc, "default", arr)

    def _init_zero(self, _, arr):
        arr[:] = 0.0

    def _init_one(self, _, arr):
        arr[:] = 1.0

    def _init_bias(self, _, arr):
        arr[:] = 0.0

    def _init_gamma(self, _, arr):
        arr[:] = 1.0

    def _init_beta(self, _, arr):
        arr[:] = 0.0

    def _init_weight(self, name, arr):
        raise NotImplementedError(f"{self.__class__.__name__} must implement _init_weight")

    def _init_default(self, name, _):
        raise ValueError(f"Unknown initialization pattern for {name}. Default initialization is now "
                         "limited to \"weight\", \"bias\", \"gamma\" (1.0), and \"beta\" (0.0). Please use "
                         "mx.sym.Variable(init=mx.init.*) to set initialization pattern")

    def __repr__(self):
        return self.dumps()

    def __eq__(self, other):
        return isinstance(other, Initializer) and self.dumps() == other.dumps()

    __hash__ = object.__hash__


@register
@alias("zeros")
class Zero(Initializer):
    """Initialize to 0."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        arr[:] = 0


@register
@alias("ones")
class One(Initializer):
    """Initialize to 1."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        arr[:] = 1


@register
class Constant(Initializer):
    """Initialize to a constant value (a scalar or an array broadcast to the shape)."""

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr):
        v = self.value
        if isinstance(v, (int, float, np.number)):
            arr[:] = v
        else:
            arr[:] = v.asnumpy() if hasattr(v, "asnumpy") else np.asarray(v)

    def dumps(self):
        v = self.value
        val = v.asnumpy().tolist() if hasattr(v, "asnumpy") else (v.tolist() if hasattr(v, "tolist") else v)
        return json.dumps([self.__class__.__name__.lower(), {"value": val}])


@register
class Uniform(Initializer):
    """Draw from U(-scale, scale)."""

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, _, arr):
        t = torch.empty(arr.shape, dtype=arr._t.dtype, device=arr._t.device)
        _write(arr, t.uniform_(-self.scale, self.scale))


@register
class Normal(Initializer):
    """Draw from N(0, sigma^2)."""

    def __init__(self, sigma=0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, _, arr):
        t = torch.empty(arr.shape, dtype=arr._t.dtype, device=arr._t.device)
        _write(arr, t.normal_(0.0, self.sigma))


@register
class Xavier(Initializer):
    """Xavier/Glorot: scale = sqrt(magnitude / fan), fan per `factor_type` ('avg', 'in', 'out')."""

    def __init__(self, rnd_type="uniform", factor_type="avg", magnitude=3):
        super().__init__(rnd_type=rnd_type, factor_type=factor_type, magnitude=magnitude)
        if rnd_type not in ("uniform", "gaussian"):
            raise ValueError(f"Xavier: unknown random type {rnd_type!r}")
        if factor_type not in ("avg", "in", "out"):
            raise ValueError(f"Xavier: incorrect factor type {factor_type!r}")
        self.rnd_type = rnd_type
        self.factor_type = factor_type
        self.magnitude = float(magnitude)

    def _init_weight(self, name, arr):
        shape = arr.shape
        hw_scale = 1.0
        if len(shape) < 2:
            raise ValueError(f"Xavier initializer cannot be applied to vector {name}. It requires at least 2D.")
        if len(shape) > 2:
            hw_scale = float(np.prod(shape[2:]))
        fan_in, fan_out = shape[1] * hw_scale, shape[0] * hw_scale
        factor = {"avg": (fan_in + fan_out) / 2.0, "in": fan_in, "out": fan_out}[self.factor_type]
        scale = math.sqrt(self.magnitude / factor)
        t = torch.empty(shape, dtype=arr._t.dtype, device=arr._t.device)
        if self.rnd_type == "uniform":
            t.uniform_(-scale, scale)
        else:
            t.normal_(0.0, scale)
        _write(arr, t)


@register
class MSRAPrelu(Xavier):
    """He/MSRA initialization for PReLU nets: Xavier gaussian with magnitude 2/(1+slope^2)."""

    def __init__(self, factor_type="avg", slope=0.25):
        magnitude = 2.0 / (1 + slope ** 2)
        super().__init__("gaussian", factor_type, magnitude)
        self._kwargs = {"factor_type": factor_type, "slope": slope}
