"""Operator-level samplers (`nd.random_*`, `nd.sample_*`, `nd.random.*_like`) and the densities
`nd.random_pdf_*` (differentiable w.r.t. sample and parameters)."""
import math

import torch

from ..base import MXNetError, _Null
from ._args import as_bool
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop
from ._nondiff import zero_grad_op
from ._checks import float_only
from ._dtypes import FLOAT_SAMPLER, INT_SAMPLER
from ._param_check import check_param, kinds_for
from . import random as _r

__all__ = ["uniform_like", "normal_like", "exponential_like", "gamma_like", "poisson_like",
           "negative_binomial_like", "generalized_negative_binomial_like"]


def _scalar_sampler(name, raw, pnames, defaults, default=torch.float32, valid=FLOAT_SAMPLER, alias=()):
    """The operator `name` (`random_X`): samples of shape `shape` with scalar parameters, which MXNet parses
    by their declared types (an NDArray or `loc=True` is MXNetError)."""
    names = list(pnames) + ["shape", "ctx", "dtype"]  # MXNet's positional order

    def op(*args, out=None, **kw):
        if len(args) > len(names):
            raise TypeError(f"{name}() takes at most {len(names)} positional arguments ({len(args)} given)")
        for n, v in zip(names, args):
            if n in kw:
                raise TypeError(f"{name}() got multiple values for argument '{n}'")
            kw[n] = v
        vals = [kw.pop(n, d) for n, d in zip(pnames, defaults)]
        shape, ctx, dtype = kw.pop("shape", _Null), kw.pop("ctx", None), kw.pop("dtype", _Null)
        if kw:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kw))}'")
        if any(v is _REQUIRED for v in vals):
            raise MXNetError(f"Required parameter {pnames[vals.index(_REQUIRED)]} of long is not presented, "
                             f"in operator _{name}")
        return _r.draw_scalar(name[7:], raw, vals, shape, dtype, ctx, out, default, valid)
    op.__name__ = name
    op.__doc__ = f"Samples of shape `shape` with scalar parameters {', '.join(pnames)} (operator {name})."
    return mxop(name, "_" + name, *alias)(op)


_REQUIRED = object()
random_uniform = _scalar_sampler("random_uniform", _r._s_uniform, ["low", "high"], [0.0, 1.0],
                                 alias=("uniform",))
random_normal = _scalar_sampler("random_normal", _r._s_normal, ["loc", "scale"], [0.0, 1.0], alias=("normal",))
random_randint = _scalar_sampler("random_randint", _r._s_randint, ["low", "high"], [_REQUIRED, _REQUIRED],
                                 torch.int32, INT_SAMPLER)


def _array_sampler(name, raw, pnames, check=None):
    def op(*args, shape=None, dtype=_Null, out=None, **kw):
        vals = list(args) + [kw.pop(n) for n in pnames[len(args):] if n in kw]
        if kw:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kw))}'")
        if len(vals) != len(pnames):
            raise MXNetError(f"{name}: expects {len(pnames)} NDArray parameters ({', '.join(pnames)})")
        for n, v in zip(pnames, vals):
            if not isinstance(v, NDArray):  # MXNet's generated operator function asserts its inputs
                raise AssertionError(f"Argument {n} must have NDArray type, but got {v}")
        return _r._draw(name, raw, vals, shape, dtype, None, out, check)
    op.__name__ = name
    op.__doc__ = f"Samples of shape P + `shape` for NDArray parameters {', '.join(pnames)} of shape P."
    return mxop(name, "_" + name)(op)


_rate_exp = _r._s_exponential
random_exponential = _scalar_sampler("random_exponential", _rate_exp, ["lam"], [1.0])
random_gamma = _scalar_sampler("random_gamma", _r._s_gamma, ["alpha", "beta"], [1.0, 1.0])
random_poisson = _scalar_sampler("random_poisson", _r._s_poisson, ["lam"], [1.0])
random_negative_binomial = _scalar_sampler("random_negative_binomial", _r._s_negative_binomial,
                                           ["k", "p"], [1, 1.0])
random_generalized_negative_binomial = _scalar_sampler(
    "random_generalized_negative_binomial", _r._s_gen_negative_binomial, ["mu", "alpha"], [1.0, 1.0])

sample_uniform = _array_sampler("sample_uniform", _r._s_uniform, ["low", "high"])
sample_normal = _array_sampler("sample_normal", _r._s_normal, ["mu", "sigma"])  # any sigma, as MXNet
sample_exponential = _array_sampler("sample_exponential", _rate_exp, ["lam"])
sample_gamma = _array_sampler("sample_gamma", _r._s_gamma, ["alpha", "beta"],
                              _r._check_positive("sample_gamma", "alpha and beta"))
sample_poisson = _array_sampler("sample_poisson", _r._s_poisson, ["lam"])
sample_negative_binomial = _array_sampler("sample_negative_binomial", _r._s_negative_binomial, ["k", "p"])
sample_generalized_negative_binomial = _array_sampler(
    "sample_generalized_negative_binomial", _r._s_gen_negative_binomial, ["mu", "alpha"])


def _like(name, raw, pnames, defaults):
    kinds = kinds_for((f"_random_{name}",))

    def op(data, *args, **kw):
        vals = list(args) + [kw.pop(n, d) for n, d in zip(pnames[len(args):], defaults[len(args):])]
        if kw:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kw))}'")
        t = tensor_of(data)
        vals = [check_param(v, kinds[n], n, f"_random_{name}") for n, v in zip(pnames, vals)]
        s = _r.call_raw(raw, tuple(t.shape), t.device, [float(v) for v in vals], t.dtype)
        return wrap(s)
    op.__name__ = name
    op.__doc__ = f"Samples with the shape, dtype and context of `data` (parameters {', '.join(pnames)})."
    return mxop(f"_random_{name}")(zero_grad_op(op))  # recorded with zero gradient, as in MXNet


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
