"""MXNet 1.9.1's CPU kernels for `mx.np.random` rayleigh, logistic, gumbel, weibull, power, exponential and pareto,
reproduced bit for bit from the single twister's float32 uniforms `u`.

Each function takes `u` (float32, flattened output), the parameters (numpy arrays broadcast to the output and
flattened, in their dtype, or float32 scalars) and the output dtype, and rounds every step as MXNet's kernel does:
`log` is the C library's double log for rayleigh, logistic and gumbel, its float `logf` for weibull; the powers
are the C library's `powf`; the noise is stored as float; parameter arithmetic follows C's promotion (float with
double is double), and any operation with a float16 (mshadow half_t) operand is float arithmetic rounded to half.
"""
import numpy as np

from ..ndarray._mx_rng import c_log
from ..ndarray._mx_rng_samplers import _expf, _powf

_F16, _F32, _F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)


def _op(fn, a, b):
    """`a op b` with C's (and mshadow half_t's) types: half with anything is float rounded to half."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype == _F16 or b.dtype == _F16:
        return fn(a.astype(_F32), b.astype(_F32)).astype(_F16)
    dt = np.promote_types(a.dtype, b.dtype)
    return fn(a.astype(dt), b.astype(dt))


def _out(v, td):
    return np.asarray(v).astype(td)


def _log64(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.asarray(x, _F32).astype(_F64))


def _loc_scale(noise, loc, scale, td):
    """`loc + noise * scale`: float32 scalars, or arrays in their dtype (a scalar beside an array takes its type)."""
    arrays = [p for p in (loc, scale) if np.ndim(p)]
    it = arrays[0].dtype if arrays else _F32
    loc, scale = np.asarray(loc).astype(it), np.asarray(scale).astype(it)
    return _out(_op(np.add, loc, _op(np.multiply, noise, scale)), td)


def logistic(u, loc, scale, td):
    """`loc + (log(u) - log(1 - u)) * scale`, the noise rounded to float."""
    noise = (_log64(u) - _log64(np.float32(1) - u)).astype(_F32)
    return _loc_scale(noise, loc, scale, td)


def gumbel(u, loc, scale, td):
    """`loc - log(-log(u)) * scale`, in double logs, the noise rounded to float."""
    with np.errstate(divide="ignore", invalid="ignore"):
        noise = (-np.log(-_log64(u))).astype(_F32)
    return _loc_scale(noise, loc, scale, td)


def rayleigh(u, scale, td):
    """`scale * sqrt(-2 log(u))`, the root rounded to float."""
    thr = np.sqrt(-2 * _log64(u)).astype(_F32)
    return _out(_op(np.multiply, np.asarray(scale), thr), td)


def _exponent(a, td):
    """MXNet's `T(1.0 / a)`, then float (powf's argument): T is the output type for a scalar, else a's type."""
    a = np.asarray(a)
    if np.ndim(a) == 0:
        a = a.astype(_F32)
        t = np.dtype(td)
    else:
        t = a.dtype
    if a.dtype == _F16:
        inv = (np.float32(1) / a.astype(_F32)).astype(_F16)
    else:
        inv = (1.0 / a.astype(_F64)).astype(_F32 if t == _F16 else t)
        if t == _F16:                                      # half_t from double goes through float
            inv = inv.astype(_F16)
    return inv.astype(_F32)


def _logf(x):
    """The C library's logf of float32 values (0 gives -inf)."""
    x = np.asarray(x, _F32)
    out = np.full(x.shape, -np.inf, _F32)
    ok = x > 0
    if ok.any():
        out[ok] = c_log(x[ok])
    return out


def weibull(u, a, td):
    """`powf(-logf(u), 1 / a)`."""
    base = -_logf(u)
    return _out(_powf(base, np.broadcast_to(_exponent(a, td), base.shape)), td)


def power(u, a, td):
    """`powf(1 - u, 1 / a)`."""
    base = np.float32(1) - np.asarray(u, _F32)
    return _out(_powf(base, np.broadcast_to(_exponent(a, td), base.shape)), td)


def exponential(u, scale, td):
    """Scalar scale: `-scale * log(u)` in double; arrays: `scale * (-logf(u))`."""
    if not np.ndim(scale):
        return _out(-np.float64(np.float32(scale)) * _log64(u), td)
    noise = -_logf(u)
    return _out(_op(np.multiply, np.asarray(scale), noise), td)


def pareto(u, a, td):
    """Scalar a: `exp(-log(u) / a) - 1` in double; arrays: `exp(noise / a) - 1` with noise = -logf(u) as float,
    the quotient in the parameters' type, exp and the subtraction in double."""
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        if not np.ndim(a):
            return _out(np.exp(-_log64(u) / np.float64(np.float32(a))) - 1, td)
        q = _op(np.divide, -_logf(u), np.asarray(a))
        if q.dtype == _F16:                                 # half_t: expf, float subtraction rounded to half
            return _out((_expf(q.astype(_F32)) - np.float32(1)).astype(_F16), td)
        return _out(np.exp(q.astype(_F64)) - 1, td)
