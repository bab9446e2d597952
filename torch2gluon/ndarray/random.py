"""`nd.random`: every MXNet sampler over torch's generators, with MXNet's shape/dtype/ctx/out semantics.

Scalar parameters draw `shape` samples (one sample when `shape` is omitted) on `ctx`; NDArray parameters
(all of the same shape P) draw `shape` samples per element, giving shape `P + shape`, on their context.
The output dtype is `dtype` (float32 when omitted, int32 for randint). Samples carry no gradient: like
MXNet, the parameters receive zero gradients.

On CPU, uniform, normal, exponential, randint, gamma, poisson and the negative binomials come from MXNet's own
CPU stream (`_mx_rng.py`, `_mx_rng_samplers.py`): the same seed gives MXNet's numbers, and an unseeded program
starts from MXNet's start-up seed 0 (multinomial and shuffle read MXNet's other CPU twister). Every sampler on GPU
draws from torch's generators (seeded by `mx.random.seed` too): reproducible, not MXNet's numbers.
"""
import functools
import inspect
import math
import numbers

import numpy as np
import torch

from ..base import MXNetError, torch_dtype, _Null
from ..util import is_np_shape
from .creation import _device, _place
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop, _unknown_kwarg_error
from ._deferred_error import failed, failed_into
from ._dtypes import FLOAT_SAMPLER, INT_SAMPLER, MULTINOMIAL, op_dtype
from ._np_inputs import refuse_np_call, refuse_np_out
from ._param_check import check_param, kinds_for
from ._unknown_shape import legacy_unknown, shape_error
from . import _mx_rng, _mx_rng_global, _mx_rng_samplers

__all__ = ["uniform", "normal", "randn", "randint", "shuffle", "exponential", "gamma", "poisson",
           "negative_binomial", "generalized_negative_binomial", "multinomial", "uniform_like",
           "normal_like", "exponential_like", "gamma_like", "poisson_like", "negative_binomial_like",
           "generalized_negative_binomial_like"]


def _extra(shape, op="_sample_op"):
    """The per-element sample shape of an array-parameter sampler (MXNetError for a malformed one)."""
    if shape is None or shape is _Null or shape == ():
        return ()
    s = check_param(shape, "s", "shape", op)
    return (s,) if isinstance(s, int) else tuple(s)


def _dtype(dtype, default=torch.float32, opname="_random_uniform", valid=FLOAT_SAMPLER):
    if dtype is _Null or (isinstance(dtype, str) and dtype == "None"):
        return default  # not given (MXNet's _Null) or the operator's 'None': the sampler's default
    # an explicit None is numpy's default dtype, float64 (MXNet passes np.dtype(None) on)
    return op_dtype(dtype, opname, valid)


def _zero_link(sample, params, view):
    """Connect `sample` to NDArray parameters with zero gradient (MXNet's samplers are not differentiable)."""
    for p in params:
        if p.requires_grad:
            sample = sample + (p.reshape(view) * 0).to(sample.dtype)
    return sample


# ---------------------------------------------------------------- raw samplers on float tensors


def _s_uniform(shape, dev, low, high, dtype=torch.float32):
    if _mx_rng.active(dev):
        return _mx_sample(_mx_rng.Streams.uniform, shape, low, high, dtype, True)
    return (low + (high - low) * torch.rand(shape, device=dev)).to(dtype)


def _s_normal(shape, dev, loc, scale, dtype=torch.float32):
    if _mx_rng.active(dev):
        return _mx_sample(_mx_rng.Streams.normal, shape, loc, scale, dtype, False)
    return (loc + scale * torch.randn(shape, device=dev)).to(dtype)


def _f32(v):
    return v if isinstance(v, torch.Tensor) else torch.tensor(float(v), dtype=torch.float32)


def _mx_sample(draw, shape, a, b, dtype, uniform):
    """MXNet's CPU uniform (`a + (b - a) * u`) or normal (`z * b + a`) kernel over its stream. The parameters are
    float32 (MXNet's IType); float32 results compute in float32, other dtypes from double draws in double."""
    n = math.prod(shape)
    if n == 0:
        return torch.empty(shape, dtype=dtype)
    double = dtype is not torch.float32
    z = draw(_mx_rng.streams(), n, double)
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):   # parameter arrays: broadcast per element
        z = torch.from_numpy(z).reshape(shape)
        a, b = _f32(a), _f32(b)
        if uniform:
            span = b - a
            res = a.double() + span.double() * z if double else a + span * z
        else:
            res = z * b.double() + a.double() if double else z * b + a
        return res.to(dtype)
    a, b = np.float32(a), np.float32(b)
    if double:
        res = np.float64(a) + np.float64(b - a) * z if uniform else z * np.float64(b) + np.float64(a)
    else:
        res = a + (b - a) * z if uniform else z * b + a
    res = torch.from_numpy(res).reshape(shape)
    return res if res.dtype is dtype else res.to(dtype)


def _s_exponential(shape, dev, lam, dtype=torch.float32):
    """Exponential draws of rate `lam`: on CPU MXNet's `-log(1 - u) / lam`, in double from the stream's uniform u
    (float32 canonical for float32 results, double otherwise) and the float32 rate."""
    if not _mx_rng.active(dev):
        return (torch.empty(shape, device=dev).exponential_(1.0) / lam).to(dtype)
    n = math.prod(shape)
    if n == 0:
        return torch.empty(shape, dtype=dtype)
    u = _mx_rng.streams().uniform(n, dtype is not torch.float32).astype(np.float64)
    # MXNet's kernel calls the C library's log. A float32 result only needs it to a double ulp (numpy's log; the
    # exact per-value C call would cost ~0.7 us a value); float64 results take the C function's bits.
    lg = _mx_rng.c_log(1 - u) if dtype is torch.float64 else np.log(1 - u)
    e = torch.from_numpy(-lg).reshape(shape)
    return (e / _f32(lam).double()).to(dtype)




def call_raw(raw, shape, dev, vals, dtype):
    """`raw(shape, dev, *vals)` as a tensor of `dtype` (MXNet's stream samplers draw for the dtype itself)."""
    if raw in _MX_STREAM:
        return raw(shape, dev, *vals, dtype=dtype)
    return raw(shape, dev, *vals).to(dtype)


def _expand(v, shape, dev):
    if isinstance(v, torch.Tensor):
        return v.expand(shape).contiguous()
    return torch.full(shape, float(v), device=dev)


def _s_gamma(shape, dev, alpha, beta, dtype=torch.float32):
    if _mx_rng.active(dev):
        ft = np.float64 if dtype is torch.float64 else np.float32    # MXNet samples float16 output in float
        return _mx_param_draw(_mx_rng_samplers.gamma, shape, (alpha, beta), dtype, ft)
    a = _expand(alpha, shape, dev)
    g = torch._standard_gamma(a)  # gives the smallest normal number, not 0, for alpha == 0
    return (torch.where(a > 0, g, torch.zeros((), dtype=g.dtype, device=g.device)) * beta).to(dtype)


def _s_poisson(shape, dev, lam, dtype=torch.float32):
    if _mx_rng.active(dev):
        return _mx_param_draw(_mx_rng_samplers.poisson, shape, (lam,), dtype)
    return torch.poisson(_expand(lam, shape, dev).clamp_min(0)).to(dtype)  # MXNet gives 0 for a negative rate


def _s_negative_binomial(shape, dev, k, p, dtype=torch.float32):
    if _mx_rng.active(dev):
        return _mx_param_draw(_mx_rng_samplers.negative_binomial, shape, (k, p), dtype)
    lam = torch._standard_gamma(_expand(k, shape, dev)) * ((1 - _expand(p, shape, dev)) / _expand(p, shape, dev))
    # MXNet's sampler: a negative rate (p > 1) gives 0; an infinite one (p == 0) its int cast, -2**31
    return torch.where(torch.isinf(lam), torch.tensor(-2147483648.0, device=lam.device),
                       torch.poisson(lam.nan_to_num(posinf=0).clamp_min(0))).to(dtype)


def _s_gen_negative_binomial(shape, dev, mu, alpha, dtype=torch.float32):
    if _mx_rng.active(dev):
        return _mx_param_draw(_mx_rng_samplers.generalized_negative_binomial, shape, (mu, alpha), dtype)
    mu_e, a_e = _expand(mu, shape, dev), _expand(alpha, shape, dev)
    safe = torch.where(a_e > 0, a_e, torch.ones_like(a_e))
    lam = torch.where(a_e > 0, torch._standard_gamma(1.0 / safe) * safe * mu_e, mu_e)
    return torch.poisson(lam).to(dtype)


def _mx_param_draw(sampler, shape, params, dtype, *extra):
    """`sampler(stream, n, *params, *extra, nbatch)` on MXNet's CPU stream: scalar parameters as float32 (MXNet's
    parameter type), parameter arrays flattened in their own dtype, element i using entry i // nbatch."""
    n = math.prod(shape)
    if n == 0:
        return torch.empty(shape, dtype=dtype)
    arrs = [v.detach().reshape(-1).numpy() if isinstance(v, torch.Tensor) else np.array([v], np.float32)
            for v in params]
    nbatch = 1 + (n - 1) // arrs[0].size
    res = sampler(_mx_rng.streams(), n, *arrs, *extra, nbatch)
    return torch.from_numpy(res).reshape(shape).to(dtype)


_OWN_DTYPE = (_s_gamma, _s_poisson, _s_negative_binomial, _s_gen_negative_binomial)
_MX_STREAM = (_s_uniform, _s_normal, _s_exponential) + _OWN_DTYPE


def _draw(opname, raw, params, shape, dtype, ctx, out, check=None):
    """Shared driver: scalar parameters -> `shape` samples; NDArray parameters -> P + shape samples."""
    if isinstance(params[0], NDArray):
        if not all(isinstance(p, NDArray) for p in params):
            raise AssertionError("Distribution parameters must all have the same type, but got both "
                                 f"{type(params[0])} and {[type(p) for p in params if not isinstance(p, NDArray)][0]}.")
        refuse_np_call(f"_{opname}" if opname.startswith("sample_") else f"_sample_{opname}", params,
                       {} if out is None else {"out": out})  # MXNet's legacy samplers take no mx.np arrays
        ts = [tensor_of(p) for p in params]
        if any(t.numel() < 2 and type(p) is NDArray and legacy_unknown(t) for p, t in zip(params, ts)):
            raise shape_error(f"_{opname}" if opname.startswith("sample_") else f"_sample_{opname}", ts)
        pshape = tuple(ts[0].shape)
        for t in ts[1:]:
            if tuple(t.shape) != pshape:
                raise MXNetError(f"{opname}: all parameter arrays must have the same shape, got "
                                 f"{pshape} and {tuple(t.shape)}")
        extra = _extra(shape, f"_{opname}" if opname.startswith("sample_") else f"_sample_{opname}")
        view = pshape + (1,) * len(extra)
        full = pshape + extra
        dev = ts[0].device
        own = raw in _OWN_DTYPE and _mx_rng.active(dev)    # MXNet's rejection samplers compute in the
        vals = [t.detach().reshape(view) if own and t.is_floating_point() else   # parameters' own dtype
                t.detach().to(torch.float32).reshape(view) for t in ts]
        if check is not None:
            check(*vals)
        td = _dtype(dtype, opname=f"_sample_{opname}") if out is None else out._t.dtype
        sample = call_raw(raw, full, dev, vals, td)
        res = wrap(_zero_link(sample, ts, view))
        if out is not None:
            out._assign(res._t)
            return out
        return res
    if not isinstance(params[0], _NUMERIC):  # MXNet's python samplers take NDArrays or numbers
        raise ValueError(f"Distribution parameters must be either NDArray or numbers, but got {type(params[0])}.")
    for p in params[1:]:
        if not isinstance(p, _NUMERIC):
            raise AssertionError("Distribution parameters must all have the same type, but got both "
                                 f"{type(params[0])} and {type(p)}.")
    if out is not None and type(out) is not NDArray:
        refuse_np_out(out, f"_random_{opname}")
    if shape is _Null and out is None:
        shape = 1  # MXNet's python samplers: one sample by default
    return draw_scalar(opname, raw, params, shape, dtype, ctx, out)


_NUMERIC = (numbers.Number, np.generic)  # MXNet's numeric_types (a bool is an int there too)


def _op_params(op, params):
    """Scalar parameters of operator `op` (`_random_X`) parsed as MXNet parses them: MXNetError for a value
    of the wrong format (`loc=True`, `low=0.5` for randint, an NDArray), else python floats / ints."""
    kinds = kinds_for((op,))
    names = [n for n in kinds if n != "shape"]
    return [float(check_param(v, kinds[n], n, op)) if kinds[n] == "f" else int(check_param(v, kinds[n], n, op))
            for n, v in zip(names, params)]


def _out_shape(op, shape, out):
    """The sample shape of operator `op` given `shape` (_Null: not given) and `out`: MXNet's shape inference,
    where legacy shape mode cannot size a 0-d or zero-size result (numpy shape mode can)."""
    s = () if shape is _Null else check_param(shape, "s", "shape", op)
    s = (s,) if isinstance(s, int) else tuple(s)
    if out is not None:
        if s and s != tuple(out.shape):
            raise MXNetError(f"{op}: Shape inconsistent, Provided = {list(out.shape)}, inferred shape={list(s)}")
        return tuple(out.shape)
    if any(d is None or d < 0 for d in s):
        raise MXNetError(f"Operator {op} inferring shapes failed: shape {s} has an unknown dimension")
    if not is_np_shape() and (not s or 0 in s):
        raise MXNetError(f"Operator {op} inferring shapes failed: shape {s} is unknown in MXNet's legacy shape "
                         "mode (0-d and zero-size samples need numpy shape semantics, mx.util.set_np_shape)")
    return s


# MXNet's checks of the scalar parameters of each `_random_X` operator: a failing one gives its message
_SCALAR_RULES = {
    "uniform": lambda low, high: None if high >= low else
    "low must be less or equal to high in uniform distribution",
    "normal": lambda loc, scale: None if scale > 0 else "scale parameter in gaussian has to be positive",
    "exponential": lambda lam: None if lam > 0 else
    "lambda parameter in exponential distribution has to be positive",
    "poisson": lambda lam: None if lam >= 0 else "lambda parameter in poisson distribution has to be non-negative",
    "gamma": lambda alpha, beta: ("alpha parameter in gamma distribution has to be positive" if not alpha > 0 else
                                  None if beta > 0 else "beta parameter in gamma distribution has to be positive"),
    "generalized_negative_binomial": lambda mu, alpha: (
        "mu parameter in generalized negative binomial distribution has to be non-negative" if not mu >= 0 else
        None if alpha >= 0 else
        "alpha parameter in generalized negative binomial distribution has to be non-negative"),
    "negative_binomial": lambda k, p: ("k parameter in negative binomial distribution has to be non-negative"
                                       if not k >= 0 else None if p >= 0 else
                                       "p parameter in negative binomial distribution has to be non-negative"),
    "randint": lambda low, high: None if low < high else f"randint: low ({low}) must be less than high ({high})",
}


def draw_scalar(opname, raw, params, shape, dtype, ctx, out, default=torch.float32, valid=FLOAT_SAMPLER):
    """The `_random_{opname}` operator: `shape` samples with scalar parameters `params` on `ctx` (or into
    `out`); `raw(shape, device, *params)` draws them as floats."""
    op = f"_random_{opname}"
    vals = _op_params(op, params)
    rule = _SCALAR_RULES.get(opname)
    msg = rule(*vals) if rule is not None else None
    shp = _out_shape(op, shape, out)
    if msg is not None:  # MXNet's kernel checks the parameters: the error comes when the result is read
        exc = MXNetError(f"Check failed: {msg}, in operator {op}")
        if out is not None:
            failed_into(exc, out._t)
            return out
        c = _device(ctx)
        return _place(failed(exc, shp, _dtype(dtype, default, op, valid), c.torch_device), c)
    if out is not None:
        out._assign(call_raw(raw, shp, out._t.device, vals, out._t.dtype))
        return out
    c = _device(ctx)
    return _place(call_raw(raw, shp, c.torch_device, vals, _dtype(dtype, default, op, valid)), c)


def _check_positive(name, what):
    """Scalar parameters must be positive (MXNet's check). Parameter arrays may hold zeros, which sample 0
    as in MXNet; negative entries raise (MXNet's sampler does not terminate on them)."""
    def check(*vals):
        for v in vals:
            bad = bool((v < 0).any()) if isinstance(v, torch.Tensor) else v <= 0
            if bad:
                raise MXNetError(f"{name}: {what} must be positive")
    return check


# ---------------------------------------------------------------- public samplers (nd.random.X)


def _forwards_kwargs(opname):
    """MXNet's python sampler forwards **kwargs to operator `opname`: `name` is accepted, others are MXNetError."""
    def deco(fn):
        params = set(inspect.signature(fn).parameters)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            kwargs.pop("name", None)
            for k in kwargs:
                if k not in params:
                    raise _unknown_kwarg_error(fn, opname, TypeError(f"unexpected keyword argument '{k}'"))
            return fn(*args, **kwargs)
        return wrapper
    return deco


@_forwards_kwargs("_random_uniform")
def uniform(low=0, high=1, shape=_Null, dtype=_Null, ctx=None, out=None):
    """Samples from U[low, high); `low`/`high` may be NDArrays (one draw set per element)."""
    return _draw("uniform", _s_uniform, [low, high], shape, dtype, ctx, out)


@_forwards_kwargs("_random_normal")
def normal(loc=0, scale=1, shape=_Null, dtype=_Null, ctx=None, out=None):
    """Samples from N(loc, scale^2); `loc`/`scale` may be NDArrays."""
    return _draw("normal", _s_normal, [loc, scale], shape, dtype, ctx, out)


def randn(*shape, loc=0, scale=1, dtype=_Null, ctx=None, out=None):
    """Standard-normal samples of the given shape (scaled by `scale`, shifted by `loc`)."""
    assert isinstance(loc, (int, float, NDArray))  # MXNet's randn asserts python numbers or NDArrays
    assert isinstance(scale, (int, float, NDArray))
    return _draw("normal", _s_normal, [loc, scale], shape, dtype, ctx, out)


def _s_randint(shape, dev, low, high):
    if _mx_rng.active(dev):      # MXNet's CPU stream: two words per value, int64 modulo
        n = math.prod(shape)
        r = _mx_rng_samplers.randint(_mx_rng.streams(), n, low, high) if n else np.empty(0, np.int64)
        return torch.from_numpy(r).reshape(shape)
    return torch.randint(low, high, shape, dtype=torch.int64, device=dev)


@_forwards_kwargs("_random_randint")
def randint(low, high, shape=_Null, dtype=_Null, ctx=None, out=None):
    """Integers from [low, high) (int32 by default)."""
    if isinstance(low, NDArray):  # MXNet has no array-parameter randint: its helper calls None
        if isinstance(high, NDArray):
            raise TypeError("'NoneType' object is not callable")
        raise AssertionError("Distribution parameters must all have the same type, but got both "
                             f"{type(low)} and {type(high)}.")
    if not isinstance(low, _NUMERIC):
        raise ValueError(f"Distribution parameters must be either NDArray or numbers, but got {type(low)}.")
    if not isinstance(high, _NUMERIC):
        raise AssertionError("Distribution parameters must all have the same type, but got both "
                             f"{type(low)} and {type(high)}.")
    if shape is _Null and out is None:
        shape = 1
    return draw_scalar("randint", _s_randint, [low, high], shape, dtype, ctx, out, torch.int32, INT_SAMPLER)



@_forwards_kwargs("_random_exponential")
def exponential(scale=1, shape=_Null, dtype=_Null, ctx=None, out=None):
    """Samples from the exponential distribution with scale `scale` (rate 1/scale)."""
    lam = 1.0 / scale
    return _draw("exponential", _s_exponential, [lam], shape, dtype, ctx, out)


@_forwards_kwargs("_random_gamma")
def gamma(alpha=1, beta=1, shape=_Null, dtype=_Null, ctx=None, out=None):
    """Samples from Gamma(shape=alpha, scale=beta)."""
    return _draw("gamma", _s_gamma, [alpha, beta], shape, dtype, ctx, out,
                 _check_positive("gamma", "alpha and beta"))


@_forwards_kwargs("_random_poisson")
def poisson(lam=1, shape=_Null, dtype=_Null, ctx=None, out=None):
    """Samples (as floats) from Poisson(lam)."""
    return _draw("poisson", _s_poisson, [lam], shape, dtype, ctx, out)


@_forwards_kwargs("_random_negative_binomial")
def negative_binomial(k=1, p=1, shape=_Null, dtype=_Null, ctx=None, out=None):
    """Samples of the number of failures before `k` successes, success probability `p`."""
    return _draw("negative_binomial", _s_negative_binomial, [k, p], shape, dtype, ctx, out)


@_forwards_kwargs("_random_generalized_negative_binomial")
def generalized_negative_binomial(mu=1, alpha=1, shape=_Null, dtype=_Null, ctx=None, out=None):
    """Samples with mean `mu` and variance `mu + alpha mu^2` (Poisson when alpha is 0)."""
    return _draw("generalized_negative_binomial", _s_gen_negative_binomial, [mu, alpha], shape, dtype,
                 ctx, out)


def _categorical(probs, n):
    """`n` draws per row the way MXNet's sampler does: the first index whose running sum of the (unnormalised)
    probabilities exceeds a uniform draw, or `k` when none does (all-zero rows). On CPU the uniforms are MXNet's
    (its single CPU twister, as `shuffle`) and the running sum is accumulated in the data's dtype, as MXNet's."""
    k = probs.shape[1]
    if _mx_rng.active(probs.device):
        u = torch.from_numpy(_mx_rng_global.stream().uniform(probs.shape[0] * n)).reshape(probs.shape[0], n)
        cs = torch.from_numpy(np.cumsum(probs.numpy(), axis=1))    # sequential, in the data's precision
        u = u.to(cs.dtype)
    else:
        u = torch.rand(probs.shape[0], n, device=probs.device)
        cs = torch.cumsum(probs, dim=1)
    if bool((probs >= 0).all()):  # a non-decreasing running sum: binary search
        return torch.searchsorted(cs, u, right=True)
    hit = cs.unsqueeze(1) > u.unsqueeze(2)
    return torch.where(hit.any(2), hit.to(torch.int8).argmax(2), torch.full_like(u, k, dtype=torch.long))


@mxop("sample_multinomial", "_sample_multinomial", python=True)
def multinomial(data, shape=None, get_prob=False, out=None, dtype="int32"):
    """Draw indices from the categorical distributions on the last axis of `data`; with `get_prob`,
    also return their log-likelihoods (differentiable w.r.t. `data`)."""
    p = tensor_of(data)
    k = p.shape[-1]
    extra = _extra(shape)
    n = int(np.prod(extra)) if extra else 1
    flat = p.detach().reshape(-1, k)
    idx = _categorical(flat if flat.dtype == torch.float64 else flat.float(), n)
    lead = tuple(p.shape[:-1])
    oshape = lead + extra if (lead or extra) else (1,)
    td = _dtype(dtype, torch.int32, "_sample_multinomial", MULTINOMIAL)
    sample = idx.reshape(oshape).to(td)
    res = wrap(sample)
    if out is not None:
        out._assign(sample)
        res = out
    if not get_prob:
        return res
    picked = torch.gather(p.reshape(-1, k), 1, idx.clamp(max=k - 1))
    logp = torch.log(picked.float()).to(p.dtype).reshape(oshape)          # MXNet takes the log in float32
    return [res, wrap(logp)]


@mxop("shuffle", "_shuffle", python=True)
def shuffle(data):
    """A copy with the first axis randomly permuted (on CPU, MXNet's permutation for the seed)."""
    t = tensor_of(data)
    return wrap(t[shuffle_index(t)])


def shuffle_index(t):
    """The permutation of `t`'s first axis that MXNet's shuffle draws: from MXNet's CPU stream on CPU, else torch's."""
    n = t.shape[0]
    if _mx_rng.active(t.device):
        return torch.tensor(_mx_rng_global.stream().permutation(n, t.dim() == 1), dtype=torch.int64)
    return torch.randperm(n, device=t.device)


from .ops_sampling import (uniform_like, normal_like, exponential_like, gamma_like, poisson_like,  # noqa: E402
                           negative_binomial_like, generalized_negative_binomial_like)
