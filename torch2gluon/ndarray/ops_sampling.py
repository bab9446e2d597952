"""Operator-level samplers (`nd.random_*`, `nd.sample_*`, `nd.random.*_like`) and the densities
`nd.random_pdf_*` (differentiable w.r.t. sample and parameters)."""
import math
import numbers

import numpy as np
import torch

from ..base import MXNetError, _Null
from ._args import as_bool
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop
from ._checks import float_only
from . import random as _r

__all__ = ["uniform_like", "normal_like", "exponential_like", "gamma_like", "poisson_like",
           "negative_binomial_like", "generalized_negative_binomial_like"]


def _number(opname, pname, v):
    """An operator's float parameter as MXNet parses it (numbers, or strings such as '1.5'), else MXNetError."""
    if isinstance(v, (numbers.Number, np.generic)):
        return v
    try:
        return float(v) if isinstance(v, str) else float("x")
    except ValueError:
        raise MXNetError(f"Invalid Parameter format for {pname} expect float but value='{v}', "
                         f"in operator _{opname}") from None


def _scalar_sampler(name, raw, pnames, defaults, check=None):
    def op(*args, shape=None, ctx=None, dtype=_Null, out=None, **kw):
        vals = list(args) + [kw.pop(n, d) for n, d in zip(pnames[len(args):], defaults[len(args):])]
        if kw:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kw))}'")
        if any(isinstance(v, NDArray) for v in vals):
            raise MXNetError(f"{name}: parameters must be scalars; use sample_{name[7:]} for NDArrays")
        return _r._draw(name, raw, [_number(name, n, v) for n, v in zip(pnames, vals)], shape, dtype, ctx, out,
                        check)
    op.__name__ = name
    op.__doc__ = f"Samples of shape `shape` with scalar parameters {', '.join(pnames)} (operator {name})."
    return mxop(name, "_" + name)(op)


def _array_sampler(name, raw, pnames, check=None):
    def op(*args, shape=None, dtype=_Null, out=None, **kw):
        vals = list(args) + [kw.pop(n) for n in pnames[len(args):] if n in kw]
        if kw:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kw))}'")
        if len(vals) != len(pnames) or not all(isinstance(v, NDArray) for v in vals):
            raise MXNetError(f"{name}: expects {len(pnames)} NDArray parameters ({', '.join(pnames)})")
        return _r._draw(name, raw, vals, shape, dtype, None, out, check)
    op.__name__ = name
    op.__doc__ = f"Samples of shape P + `shape` for NDArray parameters {', '.join(pnames)} of shape P."
    return mxop(name, "_" + name)(op)


_rate_exp = lambda shp, dev, lam: _r._s_exponential(shp, dev, lam)  # noqa: E731
random_exponential = _scalar_sampler("random_exponential", _rate_exp, ["lam"], [1.0])
random_gamma = _scalar_sampler("random_gamma", _r._s_gamma, ["alpha", "beta"], [1.0, 1.0],
                               _r._check_positive("random_gamma", "alpha and beta"))
random_poisson = _scalar_sampler("random_poisson", _r._s_poisson, ["lam"], [1.0])
random_negative_binomial = _scalar_sampler("random_negative_binomial", _r._s_negative_binomial,
                                           ["k", "p"], [1, 1.0])
random_generalized_negative_binomial = _scalar_sampler(
    "random_generalized_negative_binomial", _r._s_gen_negative_binomial, ["mu", "alpha"], [1.0, 1.0])

sample_uniform = _array_sampler("sample_uniform", _r._s_uniform, ["low", "high"])
sample_normal = _array_sampler("sample_normal", _r._s_normal, ["mu", "sigma"], _r._check_scale("sample_normal"))
sample_exponential = _array_sampler("sample_exponential", _rate_exp, ["lam"])
sample_gamma = _array_sampler("sample_gamma", _r._s_gamma, ["alpha", "beta"],
                              _r._check_positive("sample_gamma", "alpha and beta"))
sample_poisson = _array_sampler("sample_poisson", _r._s_poisson, ["lam"])
sample_negative_binomial = _array_sampler("sample_negative_binomial", _r._s_negative_binomial, ["k", "p"])
sample_generalized_negative_binomial = _array_sampler(
    "sample_generalized_negative_binomial", _r._s_gen_negative_binomial, ["mu", "alpha"])


def _like(name, raw, pnames, defaults):
    def op(data, *args, **kw):
        vals = list(args) + [kw.pop(n, d) for n, d in zip(pnames[len(args):], defaults[len(args):])]
        if kw:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kw))}'")
        t = tensor_of(data)
        s = raw(tuple(t.shape), t.device, *[float(v) for v in vals]).to(t.dtype)
        return wrap(s)
    op.__name__ = name
    op.__doc__ = f"Samples with the shape, dtype and context of `data` (parameters {', '.join(pnames)})."
    return mxop(f"_random_{name}")(op)


uniform_like = _like("uniform_like", _r._s_uniform, ["low", "high"], [0.0, 1.0])
normal_like = _like("normal_like", _r._s_normal, ["loc", "scale"], [0.0, 1.0])
exponential_like = _like("exponential_like", _rate_exp, ["lam"], [1.0])
gamma_like = _like("gamma_like", _r._s_gamma, ["alpha", "beta"], [1.0, 1.0])
poisson_like = _like("poisson_like", _r._s_poisson, ["lam"], [1.0])
negative_binomial_like = _like("negative_binomial_like", _r._s_negative_binomial, ["k", "p"], [1, 1.0])
generalized_negative_binomial_like = _like("generalized_negative_binomial_like",
                                           _r._s_gen_negative_binomial, ["mu", "alpha"], [1.0, 1.0])

# ---------------------------------------------------------------- densities


def _lbinom_nb(x, r):
    return torch.lgamma(x + r) - torch.lgamma(x + 1) - torch.lgamma(r)


_LOGPDF = {
    "uniform": lambda x, lo, hi: -torch.log(hi - lo) + 0 * x,
    "normal": lambda x, mu, sig: -0.5 * ((x - mu) / sig) ** 2 - torch.log(sig) - 0.5 * math.log(2 * math.pi),
    "exponential": lambda x, lam: torch.log(lam) - lam * x,
    "gamma": lambda x, a, b: a * torch.log(b) - torch.lgamma(a) + (a - 1) * torch.log(x) - b * x,
    "poisson": lambda x, lam: x * torch.log(lam) - lam - torch.lgamma(x + 1),
    "negative_binomial": lambda x, k, p: _lbinom_nb(x, k) + k * torch.log(p) + x * torch.log1p(-p),
    "generalized_negative_binomial": lambda x, mu, a: _gnb_logpdf(x, mu, a),
}


def _gnb_logpdf(x, mu, a):
    r = 1.0 / a
    p = 1.0 / (1.0 + a * mu)
    return _lbinom_nb(x, r) + r * torch.log(p) + x * torch.log1p(-p)


def _pdf(dist, pnames):
    name = f"random_pdf_{dist}"

    def op(sample, *params, is_log=False):
        x = float_only(tensor_of(sample), name)
        ps = [float_only(tensor_of(p), name) for p in params]
        if len(ps) != len(pnames):
            raise MXNetError(f"{name}: expects parameters {', '.join(pnames)}")
        pshape = tuple(ps[0].shape)
        if tuple(x.shape[:len(pshape)]) != pshape or any(tuple(p.shape) != pshape for p in ps):
            raise MXNetError(f"{name}: sample shape {tuple(x.shape)} must start with the parameter shape "
                             f"{pshape}")
        view = pshape + (1,) * (x.dim() - len(pshape))
        lp = _LOGPDF[dist](x, *[p.reshape(view) for p in ps])
        return wrap(lp if as_bool(is_log) else torch.exp(lp))
    op.__name__ = name
    op.__doc__ = (f"The {dist} density (log-density with `is_log`) of `sample` (shape P + S) for "
                  f"parameters {', '.join(pnames)} of shape P.")
    return mxop(name, "_" + name)(op)


random_pdf_uniform = _pdf("uniform", ["low", "high"])
random_pdf_normal = _pdf("normal", ["mu", "sigma"])
random_pdf_exponential = _pdf("exponential", ["lam"])
random_pdf_gamma = _pdf("gamma", ["alpha", "beta"])
random_pdf_poisson = _pdf("poisson", ["lam"])
random_pdf_negative_binomial = _pdf("negative_binomial", ["k", "p"])
random_pdf_generalized_negative_binomial = _pdf("generalized_negative_binomial", ["mu", "alpha"])


@mxop("random_pdf_dirichlet", "_random_pdf_dirichlet")
def random_pdf_dirichlet(sample, alpha, is_log=False):
    """The Dirichlet density of `sample` (shape P + S + (k,)) for `alpha` of shape P + (k,)."""
    x, a = tensor_of(sample), tensor_of(alpha)
    pshape = tuple(a.shape[:-1])
    if tuple(x.shape[:len(pshape)]) != pshape or x.shape[-1] != a.shape[-1]:
        raise MXNetError(f"random_pdf_dirichlet: sample shape {tuple(x.shape)} does not match alpha "
                         f"shape {tuple(a.shape)}")
    view = pshape + (1,) * (x.dim() - len(pshape) - 1) + (a.shape[-1],)
    av = a.reshape(view)
    lp = (torch.lgamma(av.sum(-1)) - torch.lgamma(av).sum(-1) + ((av - 1) * torch.log(x)).sum(-1))
    return wrap(lp if as_bool(is_log) else torch.exp(lp))
