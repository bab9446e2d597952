"""`nd.random`: samplers with MXNet's shape/dtype/ctx/out semantics over torch's generators."""
import numbers

import numpy as np
import torch

from ..base import MXNetError, torch_dtype
from .creation import _device, _place
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop

__all__ = ["uniform", "normal", "randn", "randint", "shuffle"]


def _shape(shape):
    if shape is None or shape == ():
        return (1,)
    if isinstance(shape, numbers.Integral):
        return (int(shape),)
    return tuple(int(s) for s in shape)


def _fill(shape, dtype, ctx, out, sampler):
    if out is not None:
        t = torch.empty(out.shape, dtype=out._t.dtype, device=out._t.device)
        sampler(t)
        out._assign(t)
        return out
    ctx = _device(ctx)
    t = torch.empty(_shape(shape), dtype=torch_dtype(dtype or np.float32), device=ctx.torch_device)
    sampler(t)
    return _place(t, ctx)


@mxop("random_uniform", "_random_uniform", "uniform")
def uniform(low=0, high=1, shape=None, dtype=None, ctx=None, out=None):
    """Samples from U[low, high); `low`/`high` may be NDArrays (one draw set per element)."""
    if isinstance(low, NDArray) or isinstance(high, NDArray):
        lo, hi = tensor_of(low), tensor_of(high)
        extra = _shape(shape) if shape not in (None, ()) else ()
        u = torch.rand(tuple(lo.shape) + extra, dtype=lo.dtype, device=lo.device)
        view = tuple(lo.shape) + (1,) * len(extra)
        return wrap(lo.reshape(view) + (hi - lo).reshape(view) * u)
    return _fill(shape, dtype, ctx, out, lambda t: t.uniform_(float(low), float(high)))


@mxop("random_normal", "_random_normal", "normal")
def normal(loc=0, scale=1, shape=None, dtype=None, ctx=None, out=None):
    """Samples from N(loc, scale^2); `loc`/`scale` may be NDArrays."""
    if isinstance(loc, NDArray) or isinstance(scale, NDArray):
        mu, sd = tensor_of(loc), tensor_of(scale)
        extra = _shape(shape) if shape not in (None, ()) else ()
        z = torch.randn(tuple(mu.shape) + extra, dtype=mu.dtype, device=mu.device)
        view = tuple(mu.shape) + (1,) * len(extra)
        return wrap(mu.reshape(view) + sd.reshape(view) * z)
    if float(scale) < 0:
        raise MXNetError("normal: scale must be non-negative")
    return _fill(shape, dtype, ctx, out, lambda t: t.normal_(float(loc), float(scale)))


def randn(*shape, loc=0, scale=1, dtype=None, ctx=None, out=None):
    """Standard-normal samples of the given shape."""
    return normal(loc, scale, shape or None, dtype, ctx, out)


@mxop("random_randint", "_random_randint", "randint")
def randint(low, high, shape=None, dtype=None, ctx=None, out=None):
    """Integers from [low, high) (int32 by default)."""
    return _fill(shape, dtype or np.int32, ctx, out, lambda t: t.random_(int(low), int(high)))


@mxop("shuffle", "_shuffle")
def shuffle(data):
    """A copy with the first axis randomly permuted."""
    t = tensor_of(data)
    return wrap(t[torch.randperm(t.shape[0], device=t.device)])
