"""`npx.random`: MXNet 1.9.1's numpy-extension samplers (`bernoulli`, `uniform_n`, `normal_n`) and `seed`.

They share `mx.np.random`'s driver (parameter kinds, broadcasting, placement, `out=`), differing only in
how the output shape is formed: `uniform_n`/`normal_n` draw `batch_shape + broadcast(parameter shapes)`.
Seeding seeds torch's generators: a seed gives a reproducible stream, not MXNet's numbers.
"""
import numbers

import numpy as onp
import torch

from .. import random as _mx_random
from ..base import MXNetError
from ..numpy import random as _npr

__all__ = ["seed", "bernoulli", "normal_n", "uniform_n"]

_BERNOULLI_DTYPES = {"bool": torch.bool, "float16": torch.float16, "float32": torch.float32,
                     "float64": torch.float64, "int32": torch.int32, "uint8": torch.uint8}


def seed(seed, ctx="all"):  # pylint: disable=redefined-outer-name
    """Seed the random generators (all devices, or the one of `ctx`); `seed` must be an int."""
    if not isinstance(seed, (numbers.Integral, onp.integer)) or isinstance(seed, bool):
        raise ValueError("seed_state must be int")
    _mx_random.seed(seed_state=seed, ctx=ctx)


def _bernoulli_dtype(dtype):
    name = "float32" if dtype is None else onp.dtype(dtype).name
    if name not in _BERNOULLI_DTYPES:
        raise MXNetError(f"Invalid Input: '{name}', valid values are: {{'bool', 'float16', 'float32', "
                         f"'float64', 'int32', 'uint8'}}, in operator _npi_bernoulli")
    return _BERNOULLI_DTYPES[name]


def bernoulli(prob=None, logit=None, size=None, dtype=None, ctx=None, out=None):
    """Samples of 1 with probability `prob` (or sigmoid(`logit`)), else 0; exactly one of them is given.
    Parameters may be scalars or np arrays (broadcast to `size`); float32 by default; zero gradients."""
    if (prob is None) == (logit is None):
        raise ValueError("Either `prob` or `logit` must be specified, but not both. "
                         f"Received prob={prob}, logit={logit}")
    td = _bernoulli_dtype(dtype)
    is_logit = logit is not None
    name = "logit" if is_logit else "prob"

    def checks(vals):
        if not is_logit:
            _npr._check(vals, lambda p: (p < 0) | (p > 1), f"param.prob.value() <= 1.0 ({vals[0]} vs. 1) : "
                        "expect probs >= 0 && probs <= 1", "expect probs >= 0 && probs <= 1")

    def draw(shape, dev, cdt, p):  # p: a tensor (array parameter) or a python float
        if not isinstance(p, torch.Tensor):
            p = torch.tensor(p, dtype=cdt, device=dev)
        p = torch.sigmoid(p) if is_logit else p
        return torch.bernoulli(p.expand(shape).contiguous())

    def on_stream(z, wide, p):                      # MXNet: 1 where a float32 uniform is below the probability
        return (z < (torch.sigmoid(p) if is_logit else p).to(torch.float32)).to(torch.float32)

    return _npr._sample("_npi_bernoulli", (name,), (logit if is_logit else prob,), size, td, ctx, out, draw,
                        checks=checks, differentiable=False, mx=(_npr._MX_UNIFORM[0], on_stream))


def _batch_size(opname, names, values, batch_shape):
    """`batch_shape + broadcast(parameter shapes)` as the sampler's size."""
    vals = _npr._params(opname, names, values)
    pshape = _npr._broadcast([tuple(v.shape) for v in vals if isinstance(v, torch.Tensor)])
    batch = () if batch_shape is None else _npr._size(batch_shape, opname)
    return batch + pshape


def uniform_n(low=0.0, high=1.0, batch_shape=None, dtype=None, ctx=None):
    """Samples from U[low, high) of shape `batch_shape + broadcast(low, high)`; zero gradients."""
    opname = "_npi_uniform_n"
    td = _npr._dtype(dtype, opname)
    size = _batch_size(opname, ("low", "high"), (low, high), batch_shape)
    return _npr._sample(opname, ("low", "high"), (low, high), size, td, ctx, None,
                        lambda s, d, c, lo, hi: lo + (hi - lo) * torch.rand(s, device=d, dtype=c),
                        differentiable=False, mx=_npr._MX_UNIFORM)


def normal_n(loc=0.0, scale=1.0, batch_shape=None, dtype=None, ctx=None):
    """Samples from N(loc, scale^2) of shape `batch_shape + broadcast(loc, scale)`; reparameterised."""
    opname = "_npi_normal_n"
    td = _npr._dtype(dtype, opname)
    size = _batch_size(opname, ("loc", "scale"), (loc, scale), batch_shape)
    return _npr._sample(opname, ("loc", "scale"), (loc, scale), size, td, ctx, None,
                        lambda s, d, c, m, sd: m + sd * torch.randn(s, device=d, dtype=c),
                        checks=_npr._neg_scale, mx=_npr._MX_NORMAL)
