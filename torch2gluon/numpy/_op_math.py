"""`mx.np` elementwise math, comparison, logical and bitwise functions (MXNet 1.9.1), and the arithmetic and
comparison operators of `mx.np.ndarray` (attached to the class by `_attach`; `x + y` runs `np.add`).

MXNet's numpy mode differs from numpy in ways kept here (see `_ufunc` for operands, keywords and dtypes):
unary math on an integer array computes in float64 and truncates back to the integer dtype (`np.sqrt` of
int32 [2] is [1]) and refuses bool arrays; `rint` rounds halves toward -inf while `round`/`around` round them to
even; `x % 0` is 0; `-x` is `x * -1.0` (a bool array gives int64); `//`, `<<`, `>>`, unary `+` and the reflected
bitwise operators do not exist (TypeError).
"""
import operator

import numpy as onp
import torch

from ..ndarray import _tie_grad
from ..ndarray.ndarray import NDArray
from ..ndarray._state import STATE
from ..ndarray._nondiff import link_int
from ..ndarray._int_mixed import cast_mixed, refuse_backward
from ..ndarray._mod_zero import mod_by_zero
from ..ndarray._pow_grad import pow_mx
from ..ndarray._exact_sqrt import sqrt_exact
from . import _wrap
from ._dtypes import FLOATS
from ._ufunc import (NUMERIC, ARITH, NOMIX, TRUEDIV, SAME, CMP, INTEGER, INTEGER_DTYPES, FLOAT_DTYPES,
                     NUMBER_DTYPES, check_kwargs, not_supported, tensor, result, write_out, check_broadcast,
                     pair_dtype, scalar_dtypes, scalar_as, check_allowed, in_hybrid_graph)
from ..base import MXNetError

__all__ = []

_NP = _wrap._CLASS[0]  # mx.np.ndarray (multiarray is imported before this module)
_FAST = frozenset({torch.float32, torch.float64})  # python scalars used as they are (float16 rounds them first)


def _st(s, t):
    """Scalar `s` as a 0-d tensor of `t`'s dtype and device."""
    return torch.tensor(s, dtype=t.dtype, device=t.device)


def _export(fn, name, doc):
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    globals()[name] = fn
    __all__.append(name)
    return fn


# ------------------------------------------------------------------ binary functions
_ALL_DTYPES = (torch.bool, torch.int8, torch.uint8, torch.int32, torch.int64) + tuple(sorted(FLOATS, key=str))


def _same_dtypes(kind, name, allowed):
    """{torch dtype: result dtype} for the dtypes that `pair_dtype` takes, uncast, for two arrays of that dtype."""
    same = {}
    for d in _ALL_DTYPES:
        try:
            cd, rd = pair_dtype(kind, d, d, name, allowed)
        except MXNetError:
            continue
        if cd is d:
            same[d] = rd
    return same


def _make_binary(name, kind, fn, rfn=None, allowed=None, doc=None, kwargs_ok=True, scalar_bool=True):
    """Build `mx.np.<name>(x1, x2, out=None, **kwargs)` from tensor function `fn(a, b)` (b: tensor or scalar).

    `rfn(t, s)` computes `s <op> t` for a scalar on the left (default: `fn` on a 0-d tensor of `s`);
    `scalar_bool=False` refuses a bool array with a scalar (MXNet's lcm)."""
    onp_fn = getattr(onp, name)
    if rfn is None:
        def rfn(t, s):
            return fn(_st(s, t), t)

    fast = kind in (ARITH, NOMIX, TRUEDIV, CMP)  # a float array with a python scalar: no dtype work at all
    same = _same_dtypes(kind, name, allowed)  # {dtype: result dtype} where two arrays of it need no casting

    def impl(x1, x2, out):
        cls = _NP
        if type(x1) is cls and type(x2) is cls:  # two arrays of one dtype, same context: skip the generic checks
            a = x1._t
            b = x2._t
            rd = same.get(a.dtype)
            sa = a.shape
            sb = b.shape  # below: neither is 0-d (an empty shape) nor zero-size (see `tensor`)
            if rd is not None and b.dtype is a.dtype and sa and 0 not in sa and (sa == sb or sb and 0 not in sb) \
                    and a.device == b.device:
                if sa != sb:
                    check_broadcast(a, b)
                if not STATE.recording:
                    if a.requires_grad:
                        a = a.detach()
                    if b.requires_grad:
                        b = b.detach()
                r = fn(a, b)
                if r.dtype is not rd:
                    r = r.to(rd)
                if kind == CMP and STATE.recording:
                    link_int(r, (x1._t, x2._t))
                elif a.dtype is torch.bool and STATE.recording:  # MXNet's kernels refuse a bool gradient
                    r = refuse_backward(r, name, (a, b))
                return result(r, x1) if out is None else write_out(r, out, (x1, x2))
        if fast and type(x1) is cls and (type(x2) is float or type(x2) is int):
            t = x1._t
            if t.dtype in _FAST and t.dim() and t.numel():
                if t.requires_grad and not STATE.recording:
                    t = t.detach()
                r = fn(t, x2)
                if kind == CMP and STATE.recording:
                    link_int(r, (t,))
                return result(r, x1) if out is None else write_out(r, out, (x1, x2))
        if isinstance(x1, cls):
            a = tensor(x1)
            if isinstance(x2, cls):
                b = tensor(x2)
                try:
                    cd, rd = pair_dtype(kind, a.dtype, b.dtype, name, allowed)
                except MXNetError:
                    if (a.dtype is torch.bool and b.dtype is torch.bool  # refused by the kernel, which
                            and (kind == NOMIX or allowed is NUMBER_DTYPES)):  # does not run for an empty result
                        check_broadcast(a, b)
                        shape = torch.broadcast_shapes(a.shape, b.shape)
                        if 0 in shape:
                            r = torch.empty(shape, dtype=torch.bool, device=a.device)
                            return result(r, x1) if out is None else write_out(r, out, (x1, x2))
                    raise
                if a.shape != b.shape:
                    check_broadcast(a, b)
                if a.device != b.device:
                    raise MXNetError(f"{name}: operands are on different contexts ({a.device} and {b.device})")
                if STATE.recording:  # integer operands get MXNet's gradients (zero across dtypes, or refused)
                    ins = (a, b)
                    mixed = (a.dtype in FLOATS) is not (b.dtype in FLOATS)
                    if a.dtype is not cd:
                        a = cast_mixed(a, cd) if mixed else a.to(cd)
                    if b.dtype is not cd:
                        b = cast_mixed(b, cd) if mixed else b.to(cd)
                    r = refuse_backward(fn(a, b), name, ins)
                else:
                    if a.dtype is not cd:
                        a = a.to(cd)
                    if b.dtype is not cd:
                        b = b.to(cd)
                    r = fn(a, b)
            elif isinstance(x2, NUMERIC):
                if not scalar_bool and a.dtype is torch.bool:
                    raise MXNetError(f"{name}: Unknown type enum 7 (bool array with a scalar)")
                cd, rd = scalar_dtypes(kind, a.dtype, name, allowed)
                ins = (a,)
                if a.dtype is not cd:
                    a = a.to(cd)
                r = fn(a, scalar_as(x2, cd))
                if STATE.recording:
                    r = refuse_backward(r, name, ins)
            else:
                raise not_supported(x2)
            like = x1
        elif isinstance(x1, NUMERIC):
            if isinstance(x2, cls):
                b = tensor(x2)
                if not scalar_bool and b.dtype is torch.bool:
                    raise MXNetError(f"{name}: Unknown type enum 7 (bool array with a scalar)")
                cd, rd = scalar_dtypes(kind, b.dtype, name, allowed)
                ins = (b,)
                if b.dtype is not cd:
                    b = b.to(cd)
                r = rfn(b, scalar_as(x1, cd))
                if STATE.recording:
                    r = refuse_backward(r, name, ins)
                like = x2
            elif isinstance(x2, NUMERIC):
                return onp_fn(x1, x2) if out is None else onp_fn(x1, x2, out=out)
            else:
                raise not_supported(x2)
        else:
            raise not_supported(x2)
        if r.dtype is not rd:
            r = r.to(rd)
        if kind == CMP and STATE.recording:  # keep MXNet's zero gradient through comparisons
            link_int(r, [x._t for x in (x1, x2) if isinstance(x, cls)])
        if out is None:
            return result(r, like)
        return write_out(r, out, (x1, x2))

    if kwargs_ok:
        def op(x1, x2, out=None, **kwargs):
            if kwargs:
                check_kwargs(kwargs, name, False)
            return impl(x1, x2, out)
    else:
        def op(x1, x2, out=None):
            return impl(x1, x2, out)
    op.impl = impl
    return _export(op, name, doc or f"Element-wise `{name}` of `x1` and `x2` with broadcasting (mx.np).")


def _float_path(f):
    """`f` computed in float64 for integer/bool tensors, the result truncated back to their dtype (MXNet)."""
    def g(a, b):
        t = a if isinstance(a, torch.Tensor) else b
        if t.dtype in FLOATS:
            return f(a, b)
        a2 = a.double() if isinstance(a, torch.Tensor) else float(a)
        b2 = b.double() if isinstance(b, torch.Tensor) else float(b)
        return to_int(f(a2, b2), t.dtype)
    return g


def _mod(a, b):
    """Floored modulo; `x % 0` is 0 (MXNet)."""
    if not isinstance(b, torch.Tensor):
        if b == 0:
            if a.requires_grad:  # MXNet's gradient w.r.t. `a` stays 1
                return mod_by_zero(a, 0.0)
            return torch.zeros_like(a)
        return torch.remainder(a, b)
    if a.dtype is torch.bool:
        return _mod(a.to(torch.int64), b.to(torch.int64)).to(torch.bool)
    zero = b == 0
    if bool(zero.any()):
        if (a.requires_grad or b.requires_grad) and a.is_floating_point():
            return mod_by_zero(a, b)
        safe = torch.where(zero, torch.ones_like(b), b)
        return torch.where(zero, torch.zeros((), dtype=a.dtype, device=a.device), torch.remainder(a, safe))
    return torch.remainder(a, b)


def _rmod(t, s):
    return _mod(_st(s, t), t)


def _pow(a, b):
    """`a ** b`; integer arrays compute in float32 and truncate back (MXNet: int64 250**4 is 3906249984)."""
    t = a if isinstance(a, torch.Tensor) else b
    d = t.dtype
    if d in FLOATS:
        return pow_mx(a, b)  # MXNet's gradient formulas (nan/inf at a zero base or exponent, as MXNet)
    if d is torch.bool:
        a = a.to(torch.int64) if isinstance(a, torch.Tensor) else int(a)
        b = b.to(torch.int64) if isinstance(b, torch.Tensor) else int(b)
        return _pow(a, b).to(torch.bool)
    a2 = a.float() if isinstance(a, torch.Tensor) else torch.tensor(float(a))
    b2 = b.float() if isinstance(b, torch.Tensor) else float(b)
    return to_int(torch.pow(a2, b2), d)


def _rpow(t, s):
    return _pow(_st(s, t), t)


def to_int(t, d):
    """Float tensor `t` converted to integer dtype `d` as MXNet's C++ casts do (8-bit types through int32)."""
    if d is torch.int8 or d is torch.uint8:
        return t.to(torch.int32).to(d)
    return t.to(d)


def _maximum(a, b):
    return _tie_grad.maximum(a, b if isinstance(b, torch.Tensor) else _st(b, a))


def _minimum(a, b):
    return _tie_grad.minimum(a, b if isinstance(b, torch.Tensor) else _st(b, a))


def _same_sign(a, b):
    """MXNet's copysign test: both >= 0 or both < 0 (-0.0 counts as positive; a NaN never matches)."""
    return ((a >= 0) & (b >= 0)) | ((a < 0) & (b < 0))


class _CopySign(torch.autograd.Function):
    """MXNet's copysign, `a if same sign else -a`, and its gradient +1 / -1 on the same test."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return torch.where(_same_sign(a, b), a, -a)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        ga = g * torch.where(_same_sign(a, b), 1.0, -1.0).to(g.dtype)
        ga = _tie_grad._unbroadcast(ga, a.shape) if ctx.needs_input_grad[0] else None
        gb = torch.zeros_like(b) if ctx.needs_input_grad[1] else None
        return ga, gb


def _copysign(a, b):
    if not isinstance(b, torch.Tensor):
        b = torch.tensor(b, dtype=a.dtype if isinstance(a, torch.Tensor) else torch.float64)
    if not isinstance(a, torch.Tensor):
        a = torch.tensor(a, dtype=b.dtype)
    if a.requires_grad or b.requires_grad:
        return _CopySign.apply(a, b)
    return torch.where(_same_sign(a, b), a, -a)


def _ldexp(a, b):
    return a * torch.exp2(b if isinstance(b, torch.Tensor) else torch.tensor(float(b), dtype=a.dtype))


def _rldexp(t, s):
    return torch.tensor(s, dtype=t.dtype) * torch.exp2(t)


def _int_only(f):
    """Integer functions over bool too (computed in int64, back to bool)."""
    def g(a, b):
        if a.dtype is torch.bool:
            b2 = b.to(torch.int64) if isinstance(b, torch.Tensor) else int(b)
            return f(a.to(torch.int64), b2).to(torch.bool)
        return f(a, b if isinstance(b, torch.Tensor) else _st(b, a))
    return g


def _true_divide(a, b):
    return torch.true_divide(a, b)


_make_binary("add", ARITH, torch.add, torch.add, doc="Add arguments element-wise (mx.np.add).")
_make_binary("subtract", NOMIX, torch.sub, lambda t, s: torch.rsub(t, s),
             doc="Subtract arguments element-wise (mx.np.subtract).")
_make_binary("multiply", ARITH, torch.mul, torch.mul, doc="Multiply arguments element-wise (mx.np.multiply).")
_make_binary("divide", TRUEDIV, _true_divide, doc="True division element-wise (mx.np.divide).")
_make_binary("true_divide", TRUEDIV, _true_divide, doc="True division element-wise (mx.np.true_divide).",
             kwargs_ok=False)
_make_binary("mod", NOMIX, _mod, _rmod, doc="Floored modulo element-wise; x % 0 is 0 (mx.np.mod).")
_make_binary("remainder", NOMIX, _mod, _rmod, doc="Floored modulo element-wise; x % 0 is 0 (mx.np.remainder).")
_make_binary("power", ARITH, _pow, _rpow, doc="First array raised to powers of the second, element-wise (mx.np.power).")
_make_binary("maximum", SAME, _maximum, _maximum, allowed=NUMBER_DTYPES,
             doc="Element-wise maximum; at ties the gradient goes to x1 (mx.np.maximum).")
_make_binary("minimum", SAME, _minimum, _minimum, allowed=NUMBER_DTYPES,
             doc="Element-wise minimum; at ties the gradient goes to x1 (mx.np.minimum).")
_make_binary("arctan2", SAME, _float_path(lambda a, b: torch.atan2(
    a, b if isinstance(b, torch.Tensor) else torch.tensor(b, dtype=a.dtype))), allowed=FLOAT_DTYPES,
    doc="Element-wise arc tangent of x1/x2 choosing the quadrant (mx.np.arctan2).")
_make_binary("hypot", SAME, _float_path(lambda a, b: torch.hypot(
    a, b if isinstance(b, torch.Tensor) else torch.tensor(b, dtype=a.dtype))), allowed=FLOAT_DTYPES,
    doc="Element-wise sqrt(x1**2 + x2**2) (mx.np.hypot).")
_make_binary("copysign", SAME, _float_path(_copysign), allowed=NUMBER_DTYPES,
             doc="x1 with the sign of x2, element-wise (mx.np.copysign).")
_make_binary("ldexp", SAME, _float_path(_ldexp), _float_path(_rldexp), allowed=NUMBER_DTYPES,
             doc="x1 * 2**x2, element-wise (mx.np.ldexp).")
_make_binary("lcm", INTEGER, _int_only(torch.lcm), allowed=INTEGER_DTYPES, scalar_bool=False,
             doc="Lowest common multiple of |x1| and |x2|, element-wise (mx.np.lcm).")
_make_binary("bitwise_and", INTEGER, torch.bitwise_and, torch.bitwise_and, allowed=INTEGER_DTYPES,
             doc="Bitwise AND element-wise (mx.np.bitwise_and).")
_make_binary("bitwise_or", INTEGER, torch.bitwise_or, torch.bitwise_or, allowed=INTEGER_DTYPES,
             doc="Bitwise OR element-wise (mx.np.bitwise_or).")
_make_binary("bitwise_xor", INTEGER, torch.bitwise_xor, torch.bitwise_xor, allowed=INTEGER_DTYPES,
             doc="Bitwise XOR element-wise (mx.np.bitwise_xor).")
for _n, _f, _r in (("equal", torch.eq, torch.eq), ("not_equal", torch.ne, torch.ne),
                   ("greater", torch.gt, torch.lt), ("greater_equal", torch.ge, torch.le),
                   ("less", torch.lt, torch.gt), ("less_equal", torch.le, torch.ge)):
    _make_binary(_n, CMP, _f, _r, kwargs_ok=False, doc=f"Element-wise `x1 {_n} x2` as a bool array (mx.np.{_n}).")


# ------------------------------------------------------------------ unary functions
_FLOATMATH, _KEEP, _PRED, _BITNOT = range(4)


def _make_unary(name, fn, kind, int_fn=None, doc=None):
    """Build `mx.np.<name>(x, out=None, **kwargs)` from tensor function `fn`.

    `_FLOATMATH`: integer inputs compute in float64 and truncate back, bool is refused; `_KEEP`: integer inputs
    use `int_fn` (same dtype); `_PRED`: any dtype, a bool result; `_BITNOT`: integer and bool inputs only."""
    onp_fn = getattr(onp, name)

    def op(x, out=None, **kwargs):
        if kwargs:
            check_kwargs(kwargs, name, True)
        if isinstance(x, _wrap._CLASS[0]):
            t = tensor(x)
            d = t.dtype
            if d in FLOATS and kind != _BITNOT:
                r = fn(t)
                if kind == _PRED and STATE.recording:
                    link_int(r, (t,))
            elif kind == _PRED:
                r = fn(t)
                if STATE.recording:
                    link_int(r, (t,))
            elif kind == _BITNOT:
                check_allowed(d, INTEGER_DTYPES, name)
                r = fn(t)
            elif d is torch.bool:
                raise MXNetError(f"{name}: Unknown type enum 7 (bool input is not supported)")
            elif kind == _KEEP:
                r = int_fn(t)
            else:
                r = to_int(fn(t.double()), d)
            if out is None:
                return result(r, x)
            if (kind == _PRED and isinstance(out, _wrap._CLASS[0]) and out._t.dtype is not torch.bool
                    and out._t.shape == r.shape and not in_hybrid_graph()):
                raise TypeError("the `out` parameter should be a boolean array")  # after MXNet's shape check
            return write_out(r, out, (x,))
        if isinstance(x, NUMERIC):
            return onp_fn(x) if out is None else onp_fn(x, out=out)
        if isinstance(x, NDArray):   # a legacy NDArray: MXNet's numpy operator refuses it, naming itself
            from ._backend_names import BACKEND  # pylint: disable=import-outside-toplevel
            raise _wrap.legacy_operand_error(BACKEND.get(name))
        raise not_supported(x)
    return _export(op, name, doc or f"Element-wise `{name}` (mx.np.{name}).")


class _Cbrt(torch.autograd.Function):
    """Cube root with MXNet's gradient 1 / (3 cbrt(x)^2) (infinite at 0)."""

    @staticmethod
    def forward(ctx, t):
        out = torch.sign(t) * torch.abs(t).pow(1.0 / 3)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g / (3 * out * out)


def _cbrt(t):
    if t.requires_grad:
        return _Cbrt.apply(t)
    return torch.sign(t) * torch.abs(t).pow(1.0 / 3)


def _rint(t):
    return torch.ceil(t - 0.5)  # MXNet: halves go toward -inf


def _same(t):
    return torch.trunc(t)  # an integer copy whose gradient is zero (MXNet's floor/ceil/... of an integer array)


def _int_abs(t):
    return torch.abs(t)


for _n, _f in (("exp", torch.exp), ("expm1", torch.expm1), ("log", torch.log), ("log2", torch.log2),
               ("log10", torch.log10), ("log1p", torch.log1p), ("sqrt", sqrt_exact), ("cbrt", _cbrt),
               ("reciprocal", torch.reciprocal), ("sin", torch.sin), ("cos", torch.cos), ("tan", torch.tan),
               ("arcsin", torch.asin), ("arccos", torch.acos), ("arctan", torch.atan), ("sinh", torch.sinh),
               ("cosh", torch.cosh), ("tanh", torch.tanh), ("arcsinh", torch.asinh), ("arccosh", torch.acosh),
               ("arctanh", torch.atanh), ("degrees", torch.rad2deg), ("radians", torch.deg2rad),
               # MXNet 1.9.1 lists these two but its CPU build has no kernel for them (AttributeError on call);
               # here they work as `degrees`/`radians`, as numpy's do
               ("rad2deg", torch.rad2deg), ("deg2rad", torch.deg2rad)):
    _make_unary(_n, _f, _FLOATMATH)
for _n, _f, _i in (("negative", torch.neg, torch.neg), ("absolute", torch.abs, _int_abs),
                   ("abs", torch.abs, _int_abs), ("fabs", torch.abs, _int_abs), ("sign", torch.sign, torch.sign),
                   ("square", torch.square, torch.square), ("rint", _rint, _same), ("fix", torch.trunc, _same),
                   ("floor", torch.floor, _same), ("ceil", torch.ceil, _same), ("trunc", torch.trunc, _same)):
    _make_unary(_n, _f, _KEEP, _i)
for _n, _f in (("isnan", torch.isnan), ("isinf", torch.isinf), ("isposinf", torch.isposinf),
               ("isneginf", torch.isneginf), ("isfinite", torch.isfinite),
               ("logical_not", torch.logical_not)):
    _make_unary(_n, _f, _PRED)
_make_unary("invert", torch.bitwise_not, _BITNOT, doc="Bitwise NOT element-wise (mx.np.invert).")
_make_unary("bitwise_not", torch.bitwise_not, _BITNOT, doc="Bitwise NOT element-wise (mx.np.bitwise_not).")
del _n, _f


def _decimals(d, name):
    """`decimals` as MXNet's operator parameter parser reads it: ints and integer strings; floats/bools refused."""
    if isinstance(d, (bool, onp.bool_, float, onp.floating)):
        raise MXNetError(f"Invalid Parameter format for decimals expect int but value='{d}', in operator "
                         f"_npi_around (np.{name})")
    try:
        return int(d)
    except (TypeError, ValueError):
        raise MXNetError(f"Invalid Parameter format for decimals expect int but value='{d}', in operator "
                         f"_npi_around (np.{name})") from None


def _round_impl(x, decimals, out, name, kwargs):
    if isinstance(x, _wrap._CLASS[0]):
        if kwargs:
            raise MXNetError(f"Cannot find argument '{next(iter(kwargs))}', in operator _npi_around")
        t = tensor(x)
        d = t.dtype
        if d is torch.float16 or d is torch.bool:
            raise MXNetError(f"{name}: Do not support `{'float16' if d is torch.float16 else 'bool'}` as input.")
        decimals = _decimals(decimals, name)
        if d in FLOATS:
            if decimals == 0:
                r = torch.round(t)
            else:
                s = 10.0 ** decimals
                r = torch.round(t * s) / s
        elif decimals >= 0:
            r = t.clone()
        else:
            s = 10 ** (-decimals)
            r = torch.div(t, s, rounding_mode="trunc") * s
        return result(r, x) if out is None else write_out(r, out, (x,))
    if isinstance(x, NUMERIC):
        return onp.around(x, decimals, **kwargs)
    raise TypeError(f"type {type(x)} not supported")


def around(x, decimals=0, out=None, **kwargs):
    """Round to `decimals` decimals, halves to even (mx.np.around); integer arrays with decimals < 0 truncate."""
    return _round_impl(x, decimals, out, "around", kwargs)


def round(x, decimals=0, out=None, **kwargs):  # noqa: A001 - MXNet's name
    """Round to `decimals` decimals, halves to even (mx.np.round, same as around)."""
    return _round_impl(x, decimals, out, "round", kwargs)


def round_(x, decimals=0, out=None, **kwargs):
    """Round to `decimals` decimals, halves to even (mx.np.round_, same as around)."""
    return _round_impl(x, decimals, out, "round_", kwargs)


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None, **kwargs):
    """NaN to `nan`, +-inf to `posinf`/`neginf` (default: the dtype's largest finite values) (mx.np.nan_to_num).

    Integer arrays are returned as they are (the same object); `copy=False` writes into `x` and returns it.
    Like MXNet, extra keyword arguments are accepted and have no effect."""
    if isinstance(x, NUMERIC):
        return onp.nan_to_num(x, copy, nan, posinf, neginf)
    if not isinstance(x, _wrap._CLASS[0]):
        raise TypeError(f"type {type(x)} not supported")
    if x._t.dtype in (torch.int8, torch.uint8, torch.int32, torch.int64):
        return x
    t = tensor(x)
    if t.dtype is torch.bool:
        r = t.clone()
    else:
        r = torch.nan_to_num(t, nan=float(nan), posinf=None if posinf is None else float(posinf),
                             neginf=None if neginf is None else float(neginf))
    if copy:
        return result(r, x)
    return write_out(r, x, ())


__all__ += ["around", "round", "round_", "nan_to_num"]


# ------------------------------------------------------------------ ndarray operators and methods
def _attach():
    """Attach the arithmetic/comparison operators and the math methods to `mx.np.ndarray`."""
    cls = _wrap._CLASS[0]
    g = globals()
    add_i, sub_i, mul_i, div_i = g["add"].impl, g["subtract"].impl, g["multiply"].impl, g["divide"].impl
    mod_i, pow_i = g["mod"].impl, g["power"].impl
    from ._op_prod import matmul, dot
    from ..ndarray.ndarray import _new as new
    from ..ndarray._state import STATE, track

    def _fast(fn, slow):
        """`self <op> other` with the hot case (python scalar, float array) inlined: `tensor` + `result`."""
        def method(self, other):
            t = self._t
            tp = type(other)
            if (tp is float or tp is int) and t.dtype in _FAST and t.dim() and t.numel():
                recorded = t.requires_grad
                if recorded and not STATE.recording:
                    t = t.detach()
                    recorded = False
                a = new(cls)
                a._t = fn(t, other)
                a._grad = None
                a._grad_req = "null"
                a._ctx = self._ctx
                a._fresh_grad = False
                if recorded:
                    track(a)
                return a
            return slow(self, other, None)
        return method

    # the operator module's functions reach torch's C slots (Tensor.__add__ ...), ~0.25 us less than torch.add
    __add__ = _fast(operator.add, add_i)
    __mul__ = _fast(operator.mul, mul_i)
    __sub__ = _fast(operator.sub, sub_i)
    __truediv__ = _fast(operator.truediv, div_i)

    def __radd__(self, o):
        if type(o) is NDArray:   # MXNet's np.ndarray inherits NDArray.__radd__: nd + np is legacy add's TypeError
            return NotImplemented
        return __add__(self, o)

    ops = {
        "__add__": __add__, "__radd__": __radd__,
        "__iadd__": lambda self, o: add_i(self, o, self),
        "__sub__": __sub__, "__rsub__": lambda self, o: sub_i(o, self, None),
        "__isub__": lambda self, o: sub_i(self, o, self),
        "__mul__": __mul__, "__rmul__": __mul__,
        "__imul__": lambda self, o: mul_i(self, o, self),
        "__truediv__": __truediv__, "__rtruediv__": lambda self, o: div_i(o, self, None),
        "__itruediv__": lambda self, o: div_i(self, o, self),
        "__mod__": lambda self, o: mod_i(self, o, None), "__rmod__": lambda self, o: mod_i(o, self, None),
        "__imod__": lambda self, o: mod_i(self, o, self),
        "__pow__": lambda self, o: pow_i(self, o, None), "__rpow__": lambda self, o: pow_i(o, self, None),
        "__neg__": lambda self: __mul__(self, -1.0),
        "__abs__": lambda self: g["absolute"](self),
        "__invert__": lambda self: g["invert"](self),
        "__and__": lambda self, o: g["bitwise_and"].impl(self, o, None),
        "__or__": lambda self, o: g["bitwise_or"].impl(self, o, None),
        "__xor__": lambda self, o: g["bitwise_xor"].impl(self, o, None),
        "__iand__": lambda self, o: g["bitwise_and"].impl(self, o, self),
        "__ior__": lambda self, o: g["bitwise_or"].impl(self, o, self),
        "__ixor__": lambda self, o: g["bitwise_xor"].impl(self, o, self),
        "__eq__": lambda self, o: g["equal"].impl(self, o, None),
        "__ne__": lambda self, o: g["not_equal"].impl(self, o, None),
        "__gt__": lambda self, o: g["greater"].impl(self, o, None),
        "__ge__": lambda self, o: g["greater_equal"].impl(self, o, None),
        "__lt__": lambda self, o: g["less"].impl(self, o, None),
        "__le__": lambda self, o: g["less_equal"].impl(self, o, None),
        "__matmul__": lambda self, o: matmul(self, o),
        "__rmatmul__": lambda self, o: matmul(o, self),
        "__imatmul__": lambda self, o: matmul(self, o, out=self),
        "__round__": lambda self, n=0: round(self, decimals=n),
        "__ceil__": lambda self: g["ceil"](self),
        "__floor__": lambda self: g["floor"](self),
        "__trunc__": lambda self: g["trunc"](self),
        "__floordiv__": lambda self, o: NotImplemented,
        "__rfloordiv__": lambda self, o: NotImplemented,
        "__div__": __truediv__, "__rdiv__": lambda self, o: div_i(o, self, None),
        "__idiv__": lambda self, o: div_i(self, o, self),
        "dot": lambda self, b, out=None: dot(self, b, out=out),
        "round": lambda self, decimals=0, out=None, **kwargs: round(self, decimals=decimals, out=out, **kwargs),
    }
    for k, f in ops.items():
        if f.__name__ in ("<lambda>", "method"):
            f.__name__ = f.__qualname__ = k
        setattr(cls, k, f)
    for k in ("rint", "fix", "floor", "ceil", "trunc", "sin", "cos", "tan", "arcsin", "arccos", "arctan",
              "degrees", "radians", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "exp", "expm1",
              "log", "log10", "log2", "log1p", "sqrt", "rsqrt", "cbrt", "rcbrt", "square", "reciprocal", "relu",
              "sigmoid", "softmax", "log_softmax", "softmin"):
        setattr(cls, k, _refused_method(k))


def _refused_method(name):
    def method(self, *args, **kwargs):
        raise AttributeError(f"mxnet.numpy.ndarray object has no attribute {name}")
    method.__name__ = name
    method.__doc__ = f"Refused as in MXNet's numpy ndarray (AttributeError): `{name}` is only a function there."
    return method


from ._op_prod import *  # noqa: E402,F401,F403
from ._op_prod import __all__ as _prod_all  # noqa: E402

__all__ += _prod_all
_attach()
