"""Element-wise operators: unary math, broadcasting binary ops, `elemwise_*`, clip, scalar ops."""
import functools
import numbers

import numpy as np
import torch

from ._bool_inputs import bool_error  # MXNet 1.9.1's legacy unary operators have no bool kernel
from ..base import MXNetError, _Null
from ..context import op_tag
from .ndarray import NDArray, tensor_of, wrap, _binary_tensor, _check_binary, _scalar_for, _new, _BINARY
from .register import mxop, OPS, _MISSING
from ._state import STATE, track
from ._nondiff import zero_grad_op
from ._dtypes import op_dtype
from ._ufunc import dispatch
from ._num_args import check_num_args
from ._exact_sqrt import sqrt_exact

# ---------------------------------------------------------------- unary math


# torch keeps every dtype through these (integers included), so they need no integer fix-up (hot path)
_KEEPS_DTYPE = frozenset(("relu", "abs", "negative", "sign", "square", "ceil", "floor", "trunc"))


def _tensor_method(fn):
    """`torch.X` as the method `torch.Tensor.X` where there is one: the same kernel, a cheaper call."""
    name = getattr(fn, "__name__", None)
    m = getattr(torch.Tensor, name, None) if name and getattr(torch, name, None) is fn else None
    return m if type(m).__name__ == "method_descriptor" else fn




def _unary(name, fn, *aliases, zero_grad=False):
    fn = _tensor_method(fn)
    if name in _KEEPS_DTYPE:
        def op(data):
            t = data._t  # tensor_of, inlined
            if t.dtype is torch.bool:
                raise bool_error(name)
            if t.requires_grad and not STATE.recording:
                t = t.detach()
            out = _new(NDArray)  # wrap(fn(t)) on data's context, inlined
            out._t = fn(t)
            out._grad = None
            out._grad_req = "null"
            out._ctx = op_tag(data._ctx)
            out._fresh_grad = False
            if t.requires_grad:  # recording
                track(out)
            return out
    else:
        def op(data):
            t = tensor_of(data)
            if t.dtype is torch.bool:
                raise bool_error(name)
            if t.is_floating_point():
                out = fn(t)
            else:
                out = fn(t)
                if out.dtype is not t.dtype:  # MXNet keeps integer dtypes: computes, then truncates toward zero
                    out = fn(t.double()).to(t.dtype)
            res = wrap(out)
            res._ctx = op_tag(data._ctx)  # the result on data's context (cpu(k)), as the mxop wrapper tags it
            return res
    op.__name__ = name
    op.__doc__ = f"Element-wise `{name}` of the input."
    registered = mxop(name, *aliases)(zero_grad_op(op) if zero_grad else op)
    if not zero_grad:
        registered = _front(op, registered, (name,) + aliases)
    return registered


def _front(op, generic, names):
    """Register, under `names`, a callable that runs the common call `nd.relu(x)` / `x.relu()` of the one-input
    operator `op` without the mxop wrapper's extra frame; every other call (`out=`, extra positional or keyword
    arguments, a non-NDArray input, a missing input) goes to `generic`, the mxop wrapper, unchanged."""
    slow = [generic]  # the path of every other call; ndarray/sparse.py puts its storage dispatch in front of it

    def front(data=_MISSING, *args, out=None, name=None, **kwargs):
        if type(data) is NDArray and out is None and not args and not kwargs and data._t.numel() > 1:
            return op(data)  # `op` gives the result data's context itself (0-d / zero-size data: `generic`)
        if out is not None:
            kwargs["out"] = out
        if name is not None:
            kwargs["name"] = name
        return slow[0](*args, **kwargs) if data is _MISSING else slow[0](data, *args, **kwargs)
    functools.wraps(op)(front)
    front.__slow__ = slow
    front.__qualname__ = op.__name__  # TypeErrors read "relu() got multiple values...", as MXNet's
    front.__mxop__ = generic.__mxop__
    front._mx_unchecked = generic._mx_unchecked  # for mx.npx (register.unchecked)
    for n in names:
        OPS[n] = front
    return front


def _mx_round(t):
    """Round half away from zero (MXNet's `round`)."""
    return torch.sign(t) * torch.floor(torch.abs(t) + 0.5) if t.is_floating_point() else t.clone()


def _mx_rint(t):
    """Round half toward -inf (MXNet's `rint`)."""
    return torch.ceil(t - 0.5) if t.is_floating_point() else t.clone()


def _fix(t):
    return torch.trunc(t) if t.is_floating_point() else t.clone()


class _Softsign(torch.autograd.Function):
    """softsign with MXNet's gradient formula 1 / (1 + |x|)^2 (0 at +-inf, where x / (1 + |x|) differentiated
    by parts gives nan)."""

    @staticmethod
    def forward(ctx, t):  # pylint: disable=arguments-differ
        ctx.save_for_backward(t)
        return t / (1 + torch.abs(t))

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        t, = ctx.saved_tensors
        return g / torch.square(1 + torch.abs(t))


def _softsign(t):
    return _Softsign.apply(t) if t.requires_grad else t / (1 + torch.abs(t))


def _gamma_value(t):
    """MXNet's gamma (C tgamma): negative for x in (-1, 0), (-3, -2), ...; NaN at the negative integers."""
    g = torch.exp(torch.lgamma(t))
    fl = torch.floor(t)
    neg = t < 0
    g = torch.where(neg & (torch.remainder(fl, 2) == 1), -g, g)
    return torch.where(neg & (fl == t), torch.full_like(g, float("nan")), g)


def _psi(t):
    """MXNet's digamma (Cephes psi): +inf at 0 and the negative integers (torch gives -inf / nan there)."""
    return torch.where((t <= 0) & (torch.floor(t) == t), torch.full_like(t, float("inf")), torch.digamma(t))


class _Gamma(torch.autograd.Function):
    """gamma with MXNet's gradient gamma(x) * psi(x)."""

    @staticmethod
    def forward(ctx, t):  # pylint: disable=arguments-differ
        out = _gamma_value(t)
        ctx.save_for_backward(t, out)
        return out

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        t, out = ctx.saved_tensors
        return g * out * _psi(t)


class _GammaLn(torch.autograd.Function):
    """gammaln with MXNet's gradient psi(x)."""

    @staticmethod
    def forward(ctx, t):  # pylint: disable=arguments-differ
        ctx.save_for_backward(t)
        return torch.lgamma(t)

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        t, = ctx.saved_tensors
        return g * _psi(t)


class _Cbrt(torch.autograd.Function):
    """cbrt with MXNet's gradient 1 / (3 cbrt(x)^2) (+inf at 0, where sign(x) |x|^(1/3) gives NaN)."""

    @staticmethod
    def forward(ctx, t):  # pylint: disable=arguments-differ
        out = torch.sign(t) * torch.abs(t).pow(1.0 / 3)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        out, = ctx.saved_tensors
        return g / (3 * out * out)


def _cbrt(t):
    return _Cbrt.apply(t) if t.requires_grad else torch.sign(t) * torch.abs(t).pow(1.0 / 3)


def _gamma(t):
    return _Gamma.apply(t) if t.requires_grad else _gamma_value(t)


class _ArcsinhBackward(torch.autograd.Function):
    """MXNet's `_backward_arcsinh` node: `n = dy / sqrt(x^2 + 1)`, itself differentiated by MXNet's rule
    (grad_x = n / dy; d/dy = og * grad_x, d/dx = og * n * grad_x^2 * x). Its second-order arcsinh gradient is
    +x / (x^2 + 1)^1.5, the opposite sign of the true one, and MXNet's own tests pin it; higher orders follow
    from the same graph."""

    @staticmethod
    def forward(ctx, dy, t):  # pylint: disable=arguments-differ
        n = dy * torch.rsqrt(t * t + 1)
        ctx.save_for_backward(dy, t, n)
        return n

    @staticmethod
    def backward(ctx, og):  # pylint: disable=arguments-differ
        dy, t, n = ctx.saved_tensors
        grad_x = n / dy
        return og * grad_x, og * (n * (grad_x * grad_x * t))


class _Arcsinh(torch.autograd.Function):
    """arcsinh whose gradient is MXNet's `_backward_arcsinh` node (so higher orders follow MXNet)."""

    @staticmethod
    def forward(ctx, t):  # pylint: disable=arguments-differ
        ctx.save_for_backward(t)
        return torch.asinh(t)

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        t, = ctx.saved_tensors
        return _ArcsinhBackward.apply(g, t)


def _arcsinh(t):
    return _Arcsinh.apply(t) if t.requires_grad else torch.asinh(t)


def _gammaln(t):
    return _GammaLn.apply(t) if t.requires_grad else torch.lgamma(t)


_UNARY = {
    "abs": torch.abs, "negative": torch.neg, "sign": torch.sign, "round": _mx_round, "rint": _mx_rint,
    "ceil": torch.ceil, "floor": torch.floor, "trunc": torch.trunc, "fix": _fix,
    "square": torch.square, "sqrt": sqrt_exact, "rsqrt": torch.rsqrt, "cbrt": _cbrt,
    "rcbrt": lambda t: 1.0 / (torch.sign(t) * torch.abs(t).pow(1.0 / 3)),
    "exp": torch.exp, "expm1": torch.expm1, "log": torch.log, "log10": torch.log10, "log2": torch.log2,
    "log1p": torch.log1p, "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "arcsin": torch.asin,
    "arccos": torch.acos, "arctan": torch.atan, "sinh": torch.sinh, "cosh": torch.cosh, "tanh": torch.tanh,
    "arcsinh": _arcsinh, "arccosh": torch.acosh, "arctanh": torch.atanh, "degrees": torch.rad2deg,
    "radians": torch.deg2rad, "reciprocal": torch.reciprocal, "gamma": _gamma,
    "gammaln": _gammaln, "erf": torch.erf, "erfinv": torch.erfinv,
    "relu": torch.relu, "sigmoid": torch.sigmoid, "softsign": _softsign,
    "logical_not": lambda t: (t == 0).to(t.dtype),
}
for _n, _f in _UNARY.items():
    globals()[_n] = _unary(_n, _f, zero_grad=_n == "logical_not")


@mxop("identity", "_copy")
def identity(data):
    """A copy of the input."""
    return wrap(tensor_of(data).clone())


@mxop("BlockGrad", "stop_gradient")
@zero_grad_op
def BlockGrad(data):
    """The input, with gradients stopped."""
    return wrap(tensor_of(data).detach())


stop_gradient = BlockGrad


@mxop("clip")
def clip(data, a_min, a_max):
    """Clip values to [a_min, a_max] (the gradient passes where a_min <= x <= a_max, bounds included)."""
    t = tensor_of(data)
    lo, hi = _scalar_for(t, a_min), _scalar_for(t, a_max)
    if lo > hi:  # MXNet tests x > a_max first: everything above a_max (< a_min) becomes a_max
        return wrap(torch.where(t > hi, torch.full_like(t, hi), torch.where(t < lo, torch.full_like(t, lo), t)))
    out = torch.clamp(t, lo, hi)
    if t.requires_grad:  # torch's clamp gives 0 gradient at the bounds; MXNet's passes it (and at nan)
        out = torch.where((t < lo) | (t > hi), out.detach(), t)
    return wrap(out)


@mxop("Cast", "cast")
def cast(data, dtype):
    """Cast to `dtype` (float to int truncates toward zero)."""
    return NDArray.astype(data, op_dtype(dtype, "Cast"))  # not the method: mx.np.ndarray's takes numpy dtypes


Cast = cast

# ---------------------------------------------------------------- binary (broadcasting)


def _bin(name):
    kernel = _BINARY[name]

    def op(lhs, rhs):
        a = tensor_of(lhs)
        b = tensor_of(rhs)
        d = a.dtype
        if d is b.dtype and d is not torch.bool and a.is_cpu and b.is_cpu:  # the common call: few checks
            sa, sb = a.shape, b.shape
            if sa != sb:
                for da, db in zip(reversed(sa), reversed(sb)):
                    if da != db and da != 1 and db != 1:
                        _check_binary(a, b, name)  # raises MXNet's error
            return wrap(kernel(a, b))
        _check_binary(a, b, name)
        return wrap(_binary_tensor(name, a, b))
    return op


_BCAST = {"add": "add", "sub": "sub", "mul": "mul", "div": "div", "mod": "mod", "power": "power",
          "maximum": "maximum", "minimum": "minimum", "equal": "equal", "not_equal": "not_equal",
          "greater": "greater", "greater_equal": "greater_equal", "lesser": "lesser",
          "lesser_equal": "lesser_equal"}
for _n, _k in _BCAST.items():
    _f = _bin(_k)
    _f.__name__ = f"broadcast_{_n}"
    _f.__doc__ = f"Broadcasting element-wise `{_n}`."
    _names = (f"broadcast_{_n}",) + {"add": ("broadcast_plus",), "sub": ("broadcast_minus",)}.get(_n, ())
    globals()[f"broadcast_{_n}"] = mxop(*_names)(_f)
broadcast_plus = broadcast_add  # MXNet's aliases (its graphs store them as broadcast_add / broadcast_sub)
broadcast_minus = broadcast_sub


def _elemwise(name):
    def op(lhs, rhs):
        if lhs.shape != rhs.shape:
            raise MXNetError(f"elemwise_{name}: shapes must be equal, got {lhs.shape} and {rhs.shape}")
        return _bin(name)(lhs, rhs)
    op.__name__ = f"elemwise_{name}"
    op.__doc__ = f"Element-wise `{name}` of two arrays of the same shape."
    return op


for _n in ("add", "sub", "mul", "div"):
    globals()[f"elemwise_{_n}"] = mxop(f"elemwise_{_n}")(_elemwise(_n))


def _scalar_or_array(name, reverse=None):
    # MXNet's python functions (ndarray.add, ...): a missing argument is python's TypeError.
    def op(lhs, rhs):
        if isinstance(lhs, NDArray) and isinstance(rhs, NDArray):
            return globals()[f"broadcast_{name}"](lhs, rhs)
        return dispatch(name, lhs, rhs, globals()[f"broadcast_{name}"], lambda a, s: a._bin(s, name),
                        (lambda a, s: getattr(a, reverse)(s)) if reverse else (lambda a, s: a._bin(s, name)))
    op.__name__ = op.__qualname__ = {"sub": "subtract", "mul": "multiply", "div": "divide", "mod": "modulo"}.get(
        name, name)  # python's TypeErrors read "add() missing ...", as MXNet's
    op.__doc__ = f"`{name}` of arrays and/or scalars, with broadcasting."
    return op


_REV = {"sub": "__rsub__", "div": "__rtruediv__", "mod": "__rmod__", "power": "__rpow__",
        "greater": "__lt__", "greater_equal": "__le__", "lesser": "__gt__", "lesser_equal": "__ge__"}
add = mxop("add", python=True, plain=True)(_scalar_or_array("add"))
subtract = mxop("subtract", python=True, plain=True)(_scalar_or_array("sub", "__rsub__"))
multiply = mxop("multiply", python=True, plain=True)(_scalar_or_array("mul"))
divide = mxop("divide", "true_divide", python=True, plain=True)(_scalar_or_array("div", "__rtruediv__"))
true_divide = divide
modulo = mxop("modulo", python=True, plain=True)(_scalar_or_array("mod", "__rmod__"))


@mxop("power", python=True, plain=True)
def power(base, exp):
    """`base ** exp` of arrays and/or scalars, with broadcasting (MXNet names the arguments base, exp)."""
    return _power(base, exp)


_power = _scalar_or_array("power", "__rpow__")
maximum = mxop("maximum", python=True, plain=True)(_scalar_or_array("maximum"))
minimum = mxop("minimum", python=True, plain=True)(_scalar_or_array("minimum"))
equal = mxop("equal", python=True, plain=True)(_scalar_or_array("equal"))
not_equal = mxop("not_equal", python=True, plain=True)(_scalar_or_array("not_equal"))
greater = mxop("greater", python=True, plain=True)(_scalar_or_array("greater", "__lt__"))
greater_equal = mxop("greater_equal", python=True, plain=True)(_scalar_or_array("greater_equal", "__le__"))
lesser = mxop("lesser", python=True, plain=True)(_scalar_or_array("lesser", "__gt__"))
lesser_equal = mxop("lesser_equal", python=True, plain=True)(_scalar_or_array("lesser_equal", "__ge__"))


@mxop("add_n", "ElementWiseSum")
def add_n(*args, num_args=_Null):
    """Sum of all input arrays (same shape); `num_args`, when given, must be their number."""
    check_num_args("add_n", num_args, len(args))
    t = tensor_of(args[0])
    for a in args[1:]:
        b = tensor_of(a)
        if b.dtype != t.dtype:  # MXNet's type inference: torch would promote
            raise MXNetError(f"add_n: Incompatible attr: expected {str(t.dtype)[6:]}, got {str(b.dtype)[6:]}")
        if b.shape != t.shape:
            raise MXNetError(f"add_n: shapes must be equal, got {tuple(t.shape)} and {tuple(b.shape)}")
        t = t + b
    return wrap(t if len(args) > 1 else t.clone())


ElementWiseSum = add_n
