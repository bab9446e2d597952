"""`InitDesc`, the `Initializer` base class (MXNet's name-based dispatch) and the name registry."""
import json
import logging
import math
import warnings

import numpy as np
import torch

from .. import registry
from ..base import MXNetError
from ..ndarray.ndarray import NDArray

__all__ = ["InitDesc", "Initializer", "register", "alias", "create"]

_FLOATS = (torch.float16, torch.float32, torch.float64, torch.bfloat16)


class InitDesc(str):
    """A parameter name (a `str`) that also carries `attrs` (e.g. `__init__`) and a `global_init` fallback."""

    def __new__(cls, name, attrs=None, global_init=None):
        ret = super().__new__(cls, name)
        ret.attrs = attrs or {}
        ret.global_init = global_init
        return ret


def _rms(arr):
    """MXNet's default verbose statistic: norm(x) / sqrt(size), as a string."""
    t = arr._t.detach()
    return str((t.norm() / math.sqrt(t.numel())).cpu().numpy()[()])


def fill_random(arr, kind, a, b):
    """Draw `arr` in place from U(a, b) ('uniform') or N(a, b^2) ('normal'), like MXNet's samplers with `out=`:
    `nd.random`'s, or under `npx.set_np()` `mx.np.random`'s (their own stream, checks and dtype rule)."""
    from ..util import is_np_array
    if is_np_array():
        from ..numpy import random as npr
        from ..numpy._wrap import np_class
        out = arr if isinstance(arr, np_class()) else arr.as_np_ndarray()
        (npr.uniform if kind == "uniform" else npr.normal)(a, b, tuple(arr.shape), out=out)
        return
    t = arr._t
    if t.dtype not in _FLOATS:
        raise MXNetError(f"random {kind}: Check failed: dtype_ok: Output type must be float16, float32, "
                         f"float64: dtype of the array to initialize is {np.dtype(arr.dtype).name}")
    a, b = float(a), float(b)
    if kind == "uniform" and not b >= a:
        raise MXNetError(f"random uniform: Check failed: param.high >= param.low ({b} vs. {a}) : low must be "
                         "less or equal to high in uniform distribution")
    if kind == "normal" and not b > 0:
        raise MXNetError(f"random normal: Check failed: param.scale > 0 ({b} vs. 0) : scale parameter in "
                         "gaussian has to be positive")
    with torch.no_grad():
        t.copy_(sample(kind, tuple(t.shape), a, b, t.dtype, t.device))


def sample(kind, shape, a, b, dtype, device):
    """`shape` draws of U(a, b) or N(a, b^2) as MXNet's `_random_uniform`/`_random_normal` make them (on CPU from
    MXNet's own stream: the same seed gives MXNet's initial weights)."""
    from ..ndarray import random as _r
    raw = _r._s_uniform if kind == "uniform" else _r._s_normal
    return _r.call_raw(raw, shape, device, [a, b], dtype)


class Initializer:
    """Base class of initializers: `init(InitDesc(name), arr)` fills `arr` by the rules of its name."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._verbose = False
        self._print_func = None

    def set_verbosity(self, verbose=False, print_func=None):
        """Log a statistic (`print_func(arr)`, default norm/sqrt(size)) of every array initialized; returns self."""
        self._verbose = verbose
        self._print_func = _rms if print_func is None else print_func
        return self

    def _verbose_print(self, desc, init, arr):
        if self._verbose and self._print_func:
            logging.info("Initialized %s as %s: %s", desc, init, self._print_func(arr))

    def dumps(self):
        """The JSON string `[lower-cased class name, constructor kwargs]` that `create` accepts."""
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def __call__(self, desc, arr):
        """Initialize NDArray `arr` in place according to `desc` (an InitDesc; a plain str is deprecated)."""
        if not isinstance(desc, InitDesc):
            self._legacy_init(desc, arr)
            return
        if desc.global_init is None:
            desc.global_init = self
        init = desc.attrs.get("__init__", "")
        if init:
            create(init)._init_weight(desc, arr)
            self._verbose_print(desc, init, arr)
            return
        for suffix, method in (("weight", self._init_weight), ("bias", self._init_bias),
                               ("gamma", self._init_gamma), ("beta", self._init_beta),
                               ("min", self._init_zero), ("max", self._init_one),
                               ("weight_quantize", self._init_quantized_weight),
                               ("bias_quantize", self._init_quantized_bias)):
            if desc.endswith(suffix):
                method(desc, arr)
                self._verbose_print(desc, suffix, arr)
                return
        self._init_default(desc, arr)

    def _legacy_init(self, name, arr):
        """The pre-InitDesc rules for a plain string name (upsampling, stn_loc, moving_* ...)."""
        warnings.warn("\033[91mCalling initializer with init(str, NDArray) has been deprecated."
                      "please use init(mx.init.InitDesc(...), NDArray) instead.\033[0m",
                      DeprecationWarning, stacklevel=3)
        if not isinstance(name, str):
            raise TypeError("name must be string")
        if not isinstance(arr, NDArray):
            raise TypeError("arr must be NDArray")
        if name.startswith("upsampling"):
            self._init_bilinear(name, arr)
        elif name.startswith("stn_loc") and name.endswith("weight"):
            self._init_zero(name, arr)
        elif name.startswith("stn_loc") and name.endswith("bias"):
            self._init_loc_bias(name, arr)
        else:
            for suffix, method in (("bias", self._init_bias), ("gamma", self._init_gamma),
                                   ("beta", self._init_beta), ("weight", self._init_weight),
                                   ("moving_mean", self._init_zero), ("moving_var", self._init_one),
                                   ("moving_inv_var", self._init_zero), ("moving_avg", self._init_zero),
                                   ("min", self._init_zero), ("max", self._init_one)):
                if name.endswith(suffix):
                    method(name, arr)
                    return
            self._init_default(name, arr)

    def _init_bilinear(self, _, arr):
        arr[:] = bilinear_kernel(arr.shape)

    def _init_loc_bias(self, _, arr):
        assert arr.shape[0] == 6
        arr[:] = np.array([1.0, 0, 0, 0, 1.0, 0])

    def _init_zero(self, _, arr):
        arr[:] = 0.0

    def _init_one(self, _, arr):
        arr[:] = 1.0

    def _init_bias(self, _, arr):
        arr[:] = 0.0

    def _init_quantized_bias(self, _, arr):
        arr[:] = 0

    def _init_gamma(self, _, arr):
        arr[:] = 1.0

    def _init_beta(self, _, arr):
        arr[:] = 0.0

    def _init_weight(self, name, arr):
        raise NotImplementedError("Must override it")

    def _init_quantized_weight(self, _, arr):
        # MXNet draws one int32 in [-127, 127) and fills the whole array with it as int8
        value = int(torch.randint(-127, 127, (1,)).item())
        arr[:] = np.int8(value)

    def _init_default(self, name, _):
        raise ValueError(f"Unknown initialization pattern for {name}. Default initialization is now limited to "
                         "\"weight\", \"bias\", \"gamma\" (1.0), and \"beta\" (0.0).Please use "
                         "mx.sym.Variable(init=mx.init.*) to set initialization pattern")

    def __eq__(self, other):
        if not isinstance(other, Initializer):
            return NotImplemented
        return type(self) is type(other) and self._kwargs == other._kwargs

    # like MXNet's class (which defines __eq__ only), instances are unhashable
    __hash__ = None


def bilinear_kernel(shape):
    """MXNet's bilinear upsampling weights for a 4-D (or longer) shape, as float32."""
    shape = tuple(shape)
    n = int(np.prod(shape))
    f = np.ceil(shape[3] / 2.0)
    c = (2 * f - 1 - f % 2) / (2.0 * f)
    i = np.arange(n)
    x = i % shape[3]
    y = (i // shape[3]) % shape[2]
    w = (1 - np.abs(x / f - c)) * (1 - np.abs(y / f - c))
    return w.astype(np.float32).reshape(shape)


_register = registry.get_register_func(Initializer, "initializer")
alias = registry.get_alias_func(Initializer, "initializer")
create = registry.get_create_func(Initializer, "initializer")


def register(klass):
    """Register an Initializer subclass under its lower-cased class name, so `create('name')` builds it."""
    return _register(klass)
