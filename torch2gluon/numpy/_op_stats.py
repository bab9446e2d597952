"""`mx.np` statistics: average, percentile, quantile, bincount (MXNet 1.9.1's dtypes and checks)."""
import numbers

import numpy as _onp
import torch

from ..base import MXNetError
from ..ndarray.ndarray import NDArray
from ..ndarray._nondiff import link
from ._op_common import need_array, axes_of, keep_of, result, tin, is_int, no_bool, _bad_param, zero_grad_from

__all__ = ["average", "percentile", "quantile", "bincount", "histogram"]


def _div(s, n, dtype):
    if dtype.is_floating_point:
        return s / n
    if isinstance(n, torch.Tensor) and bool((n == 0).any()) or (not isinstance(n, torch.Tensor) and n == 0):
        # MXNet 1.9.1 dies of an integer division by zero here
        raise MXNetError("_npi_average: integer division by zero (an integer average of no elements)")
    return torch.div(s, n, rounding_mode="trunc")


def average(a, axis=None, weights=None, returned=False, out=None):
    """The (weighted) average over `axis`, in `a`'s dtype (integer averages truncate); with `returned`, a list
    [average, sum of weights]."""
    need_array(a)
    t = tin(a)
    no_bool(t)
    axes = axes_of(axis, t.dim(), "_npi_average")
    dt = t.dtype
    if t.numel() == 0:
        out_size = 1
        for i, n in enumerate(t.shape):
            if i not in axes:
                out_size *= n
        if out_size == 0 or (axis is not None and axes and axes[-1] == t.dim() - 1):
            # MXNet 1.9.1 fails here (or dies of an integer division by zero when the result is empty)
            raise MXNetError("_npi_average: Check failed: this->shape_.Size() == shape.Size(): Shape size "
                             "mismatch (an average over an empty last axis or with an empty result)")
    if weights is None:
        n = 1
        for ax in axes:
            n *= t.shape[ax]
        s = torch.sum(t, dim=axes, dtype=dt) if axes else t.clone()
        avg = _div(s, n, dt)
        wsum = torch.tensor(n, device=t.device).to(dt)
    else:
        need_array(weights, "weights")
        w = tin(weights)
        if w.dtype != dt:
            raise MXNetError(f"_npi_average: weights must have the dtype of a "
                             f"({_onp.dtype(weights.dtype).name} vs. {_onp.dtype(a.dtype).name})")
        if w.shape != t.shape:
            if axis is None or not is_int(axis):
                raise MXNetError("_npi_average: axis must be specified when shapes of a and weights differ")
            if w.dim() != 1 or w.shape[0] != t.shape[axes[0]]:
                raise MXNetError("_npi_average: length of weights not compatible with specified axis")
            shape = [1] * t.dim()
            shape[axes[0]] = w.shape[0]
            wb = w.reshape(shape)
            wsum = torch.sum(w, dtype=dt)
        else:
            wb = w
            wsum = torch.sum(w, dim=axes, dtype=dt) if axes else w.clone()
        s = torch.sum(t * wb, dim=axes, dtype=dt) if axes else t * wb
        avg = _div(s, torch.sum(wb.expand(t.shape), dim=axes, dtype=dt) if axes else wb.expand(t.shape), dt)
    res = result(avg, a, out, "_npi_average")
    if returned:  # MXNet's average ignores the head gradient of the sum of weights (zero gradient)
        return [res, result(link(wsum.detach(), [t] if weights is None else [t, w]), a)]
    return res


_INTERP = ('linear', 'lower', 'higher', 'midpoint', 'nearest')


def _percentile(a, q, axis, out, overwrite_input, interpolation, keepdims, scale, opname):
    if overwrite_input is not None:
        raise NotImplementedError('overwrite_input is not supported yet')
    need_array(a)
    if interpolation not in _INTERP:
        raise MXNetError(f"Invalid Input: '{interpolation}', valid values are: {{'higher', 'linear', 'lower', "
                         f"'midpoint', 'nearest'}}, in operator {opname}")
    t = no_bool(tin(a))
    if t.dim() == 0:
        raise MXNetError(f"{opname}: Invalid axis! axis should be between 0 and the number of dimensions "
                         "(a 0-d array has none)")
    keep = keep_of(keepdims, opname)
    ft = t if t.dtype in (torch.float32, torch.float64) else t.to(torch.float32)
    if isinstance(q, NDArray):
        qt = tin(q).detach().to(torch.float64) * scale
        scalar_q = False
    elif isinstance(q, (numbers.Real, _onp.number)):
        qt = torch.tensor(float(q) * scale, dtype=torch.float64)
        scalar_q = True
    else:
        raise AssertionError(f"Argument q must have NDArray type, but got {q}")
    if qt.dim() > 1:
        raise MXNetError(f"{opname}: Check failed: qshape.ndim() <= 1U ({qt.dim()} vs. 1)")
    if qt.numel() and (bool((qt < 0).any()) or bool((qt > 100).any())):
        raise ValueError(f"Check failed: is_valid: percentile exceeds the valid range [0, 100] in {opname}")
    axes = axes_of(axis, t.dim(), opname)
    rest = [i for i in range(t.dim()) if i not in axes]
    moved = ft.permute(rest + list(axes)) if t.dim() else ft.reshape(1)
    count = 1
    for ax in axes:
        count *= t.shape[ax]
    flat = moved.reshape(tuple(moved.shape[:len(rest)]) + (count,))
    qs = (qt / 100).to(torch.float64).reshape(-1)
    f64 = flat.detach().to(torch.float64)
    if f64.numel() == 0:  # MXNet gives zeros for an empty reduction
        vals = torch.zeros((qs.numel(),) + tuple(f64.shape[:-1]), dtype=torch.float64, device=f64.device)
    elif interpolation == 'nearest':  # MXNet rounds a position halfway between two elements up
        srt = torch.sort(f64, dim=-1).values
        n = srt.shape[-1]
        idx = torch.floor(qs.to(f64.device) * (n - 1) + 0.5).to(torch.int64).clamp(0, n - 1)
        vals = torch.movedim(srt[..., idx], -1, 0)
    else:
        vals = torch.quantile(f64, qs.to(flat.device), dim=-1, interpolation=interpolation)
    vals = link(vals.to(ft.dtype), [t])  # MXNet 1.9.1: percentile has a zero gradient
    if keep:
        shape = [1 if i in axes else n for i, n in enumerate(t.shape)]
        vals = vals.reshape((qs.numel(),) + tuple(shape))
    if scalar_q or (isinstance(q, NDArray) and q.ndim == 0):
        vals = vals.reshape(vals.shape[1:])
    else:
        vals = vals.reshape(tuple(qt.shape) + tuple(vals.shape[1:]))
    return result(vals, a, out, opname)


def percentile(a, q, axis=None, out=None, overwrite_input=None, interpolation='linear', keepdims=False):
    """The `q`-th percentile(s) (0..100) of `a` over `axis` (float32 unless `a` is float64; zero gradient)."""
    return _percentile(a, q, axis, out, overwrite_input, interpolation, keepdims, 1.0, "_npi_percentile")


def quantile(a, q, axis=None, out=None, overwrite_input=None, interpolation='linear', keepdims=False):
    """The `q`-th quantile(s) (0..1) of `a` over `axis` (float32 unless `a` is float64; zero gradient)."""
    return _percentile(a, q, axis, out, overwrite_input, interpolation, keepdims, 100.0, "_npi_percentile")


def _shp(t):
    return "[" + ",".join(str(d) for d in t.shape) + "]"


def bincount(x, weights=None, minlength=0):
    """Counts of each non-negative integer value in 1-d `x` (x's dtype), or the sums of `weights` per value."""
    if not isinstance(x, NDArray):
        raise TypeError("Input data should be NDarray")
    if minlength < 0:
        raise ValueError("Minlength value should greater than 0")
    if isinstance(minlength, bool) or not is_int(minlength):
        raise _bad_param("minlength", "int", minlength, "_npi_bincount")
    t = tin(x).detach()
    if t.dim() > 1:
        raise MXNetError(f"_npi_bincount: Check failed: data.shape().ndim() <= 1U ({t.dim()} vs. 1) : Input only "
                         "accept 1d array")
    no_bool(t)
    if t.is_floating_point():
        raise MXNetError("_npi_bincount: Check failed: !common::is_float(data.dtype()): Input data should be "
                         "int type")
    if weights is not None:
        need_array(weights, "weights")
        w = tin(weights)
        if tuple(w.shape) != tuple(t.shape):
            raise MXNetError(f"_npi_bincount: Check failed: data.shape() == weights.shape() ({_shp(t)} vs. "
                             f"{_shp(w)}) : weights should has same size as input")
    flat = t.reshape(-1).to(torch.int64)
    if flat.numel() and bool((flat < 0).any()):
        raise MXNetError(f"_npi_bincount: Check failed: data_ptr[i] >= 0 ({int(flat.min())} vs. 0) : input should "
                         "be nonnegative number")
    if weights is None:
        return result(torch.bincount(flat, minlength=int(minlength)).to(t.dtype), x)
    no_bool(w)  # MXNet's weighted kernel has no bool case (checked after the negative-value check)
    r = torch.bincount(flat, weights=w.detach().reshape(-1).to(torch.float64), minlength=int(minlength))
    return result(zero_grad_from([r.to(w.dtype)], w)[0], x)  # MXNet: a zero gradient for the weights


def _bin_counts(t, edges):
    """numpy's histogram counts of `t`'s elements in the bins delimited by `edges` (the last bin is closed)."""
    no_bool(t)
    k = edges.numel() - 1
    x = t.reshape(-1).to(torch.float64)
    e64 = edges.to(torch.float64)
    idx = torch.searchsorted(e64, x, right=True) - 1
    idx = torch.where(x == e64[-1], torch.full_like(idx, k - 1), idx)
    valid = (x >= e64[0]) & (x <= e64[-1])
    return torch.bincount(idx[valid], minlength=k)[:k]


def histogram(a, bins=10, range=None, normed=None, weights=None, density=None):  # noqa: A002 - numpy's name
    """Counts (int64) of `a`'s values in `bins` (an int with an explicit `range`, or an array of edges) and the
    edges; MXNet 1.9.1 supports neither weights, density, automatic ranges nor list/str bins."""
    if normed is True:
        raise NotImplementedError("normed is not supported yet...")
    if weights is not None:
        raise NotImplementedError("weights is not supported yet...")
    if density is True:
        raise NotImplementedError("density is not supported yet...")
    if isinstance(bins, (numbers.Number, _onp.number)) and not isinstance(bins, NDArray):
        if range is None:
            raise NotImplementedError("automatic range is not supported yet...")
        need_array(a)
        t = tin(a).detach()
        k = int(bins)
        lo, hi = float(range[0]), float(range[1])
        if k <= 0 or not lo <= hi:
            raise MXNetError(f"_npi_histogram: invalid bins {bins} or range {range}")
        # the edges are in the input's dtype (truncated for integers) and elements are binned by them
        edges = torch.linspace(lo, hi, k + 1, dtype=torch.float64, device=t.device).to(t.dtype)
        return [result(_bin_counts(t, edges), a), result(edges, a)]
    if isinstance(bins, (list, tuple)):
        raise NotImplementedError("array_like bins is not supported yet...")
    if isinstance(bins, str):
        raise NotImplementedError("string bins is not supported yet...")
    if isinstance(bins, NDArray):
        need_array(a)
        t = tin(a).detach()
        e = tin(bins).detach()
        if e.dim() != 1 or e.numel() < 2:
            raise MXNetError("_npi_histogram: bins must be a 1-d array of at least 2 edges")
        return [result(_bin_counts(t, e), a), result(e.clone(), bins)]
    raise ValueError("np.histogram fails with", locals())
