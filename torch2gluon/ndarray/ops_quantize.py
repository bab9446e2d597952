"""`nd.contrib` int8 quantization operators with MXNet 1.9.1's (oneDNN build) arithmetic: quantize,
quantize_v2, dequantize, requantize, calibrate_entropy.

Values are scaled in float32, rounded half to even and saturated to the output type's range. Scales use
MXNet's constants: quantize and requantize map max(|min|, |max|) to 127 (int8) / 255 (uint8); quantize_v2
and dequantize to 127.5 / 255.5.
"""
import numpy as np
import torch

from ..base import MXNetError
from .ndarray import tensor_of, wrap
from .register import mxop

_INT32_RANGE = 2147483647.0
_LIMITS = {torch.int8: (-128, 127), torch.uint8: (0, 255)}


def _out_type(op, out_type, choices):
    if out_type not in choices:
        raise MXNetError(f"Invalid Input: '{out_type}', valid values are: {{{', '.join(repr(c) for c in choices)}}}"
                         f", in operator {op}(out_type=\"{out_type}\")")


def _float32(op, t):
    if t.dtype != torch.float32:
        raise MXNetError(f"{op}: Type inconsistent, Provided = {str(t.dtype)[6:]}, inferred type = float32")
    return t


def _range_tensor(op, name, v):
    t = tensor_of(v).detach()
    if t.numel() != 1:
        raise MXNetError(f"{op}: {name} must hold one value, got shape {tuple(t.shape)}")
    return t.reshape(1).to(torch.float32)


def _saturate(x, dtype):
    """round half to even, then clip to `dtype`'s range (NaN, from a zero range, becomes the maximum)."""
    lo, hi = _LIMITS[dtype]
    r = torch.round(x)
    return torch.nan_to_num(r, nan=float(hi)).clamp(lo, hi).to(dtype)


def _scalar(v):
    return torch.tensor([float(v)], dtype=torch.float32)


@mxop("_contrib_quantize")
def quantize(data, min_range, max_range, out_type="uint8"):
    """Quantize float32 `data` given its range: (values, min, max); int8 maps max(|min|,|max|) to 127."""
    _out_type("_contrib_quantize", out_type, ("int8", "uint8"))
    x = _float32("_contrib_quantize", tensor_of(data).detach())
    lo, hi = _range_tensor("quantize", "min_range", min_range), _range_tensor("quantize", "max_range", max_range)
    real = torch.maximum(lo.abs(), hi.abs()).to(x.device)
    if out_type == "int8":
        out = _saturate(x * (127.0 / real), torch.int8)
        return [wrap(out), wrap(-real), wrap(real.clone())]
    out = _saturate(x * (255.0 / real), torch.uint8)
    return [wrap(out), wrap(lo.clone().to(x.device)), wrap(hi.clone().to(x.device))]


def _auto_uint8(out_type, min_calib):
    return out_type == "uint8" or (out_type == "auto" and min_calib is not None and float(min_calib) >= 0)


@mxop("_contrib_quantize_v2")
def quantize_v2(data, out_type="int8", min_calib_range=None, max_calib_range=None):
    """Quantize float32 `data` with the calibrated range (else the data's min/max): (values, min, max)."""
    _out_type("_contrib_quantize_v2", out_type, ("auto", "int8", "uint8"))
    x = tensor_of(data).detach()
    calibrated = min_calib_range is not None and max_calib_range is not None
    uint8 = _auto_uint8(out_type, min_calib_range if calibrated else None)
    dtype = torch.uint8 if uint8 else torch.int8
    if x.dtype in (torch.int8, torch.uint8):  # already quantized: passed through with its type's range
        rng = (-127.5, 127.5) if x.dtype == torch.int8 else (0.0, 255.5)
        return [wrap(x.to(dtype)), wrap(_scalar(rng[0]).to(x.device)), wrap(_scalar(rng[1]).to(x.device))]
    if x.dtype != torch.float32:
        raise MXNetError(f"_contrib_quantize_v2: Check failed: the input data type must be float32, uint8 or "
                         f"int8, got {str(x.dtype)[6:]}")
    if calibrated:
        lo, hi = _scalar(min_calib_range).to(x.device), _scalar(max_calib_range).to(x.device)
    else:
        lo, hi = x.min().reshape(1), x.max().reshape(1)
    real = torch.maximum(lo.abs(), hi.abs())
    if uint8:
        return [wrap(_saturate(x * (255.5 / real), torch.uint8)), wrap(lo), wrap(hi)]
    return [wrap(_saturate(x * (127.5 / real), torch.int8)), wrap(-real), wrap(real.clone())]


@mxop("_contrib_dequantize")
def dequantize(data, min_range, max_range, out_type="float32"):
    """float32 values of int8/uint8 `data` quantized over [min_range, max_range]."""
    _out_type("_contrib_dequantize", out_type, ("float32",))
    q = tensor_of(data).detach()
    if q.dtype not in (torch.int8, torch.uint8):
        raise MXNetError("Check failed: in_attrs->at(0) == mshadow::kUint8 || in_attrs->at(0) == mshadow::kInt8: "
                         "the input data type of dequantize op must be provided, either uint8 or int8")
    lo, hi = _range_tensor("dequantize", "min_range", min_range), _range_tensor("dequantize", "max_range", max_range)
    real = torch.maximum(lo.abs(), hi.abs()).to(q.device)
    return wrap(q.to(torch.float32) * (real / (127.5 if q.dtype == torch.int8 else 255.5)))


@mxop("_contrib_requantize")
def requantize(data, min_range, max_range, out_type="int8", min_calib_range=None, max_calib_range=None):
    """int32 `data` (range [min_range, max_range]) requantized to int8/uint8: (values, min, max)."""
    _out_type("_contrib_requantize", out_type, ("auto", "int8", "uint8"))
    q = tensor_of(data).detach()
    if q.dtype != torch.int32:
        raise MXNetError(f"_contrib_requantize: Type inconsistent, Provided = {str(q.dtype)[6:]}, "
                         "inferred type = int32")
    lo, hi = _range_tensor("requantize", "min_range", min_range), _range_tensor("requantize", "max_range", max_range)
    in_scale = (torch.maximum(lo.abs(), hi.abs()) / _INT32_RANGE).to(q.device)
    x = q.to(torch.float32) * in_scale
    calibrated = min_calib_range is not None and max_calib_range is not None
    if calibrated:
        real = torch.maximum(_scalar(min_calib_range).abs(), _scalar(max_calib_range).abs()).to(q.device)
    else:  # MXNet takes the data extreme of larger magnitude, sign included
        dmin, dmax = q.min().reshape(1), q.max().reshape(1)
        real = torch.where(dmin.abs() > dmax.abs(), dmin, dmax).to(torch.float32) * in_scale
    if _auto_uint8(out_type, min_calib_range if calibrated else None):
        return [wrap(_saturate(x * (255.0 / real), torch.uint8)), wrap(torch.zeros_like(real)), wrap(real)]
    return [wrap(_saturate(x * (127.0 / real), torch.int8)), wrap(-real), wrap(real.clone())]


def _smooth(p, eps=np.float32(0.0001)):
    """MXNet's SmoothDistribution (float32): eps into empty bins, taken evenly from the others; None if
    impossible."""
    zeros = p == 0
    n_zeros = int(zeros.sum())
    n_nonzeros = p.size - n_zeros
    if not n_nonzeros:
        return None
    eps1 = np.float32(eps * np.float32(n_zeros) / np.float32(n_nonzeros))
    if eps1 >= 1.0:
        return None
    return (p + (eps * zeros.astype(np.float32) - eps1 * (~zeros).astype(np.float32))).astype(np.float32)


def _kl(p, q):
    """KL(p || q) of the normalised distributions, accumulated in order in float32 as MXNet does."""
    p = p / np.cumsum(p, dtype=np.float32)[-1]
    q = q / np.cumsum(q, dtype=np.float32)[-1]
    terms = (p * np.log(p / q)).astype(np.float32)
    return np.cumsum(terms, dtype=np.float32)[-1]


@mxop("_contrib_calibrate_entropy")
def calibrate_entropy(hist, hist_edges, num_quantized_bins=255):
    """The symmetric threshold (and its KL divergence) that best keeps a histogram's distribution when it
    is quantized to `num_quantized_bins` bins (MXNet's entropy calibration)."""
    h, e = tensor_of(hist).detach(), tensor_of(hist_edges).detach()
    if h.dtype != torch.float32 or e.dtype != torch.float32:
        raise MXNetError("_contrib_calibrate_entropy: Check failed: hist and hist_edges must be float32")
    h, e = h.cpu().reshape(-1).numpy(), e.cpu().reshape(-1).numpy()
    num_bins, nq = h.size, int(num_quantized_bins)
    if num_bins + 1 != e.size:
        raise MXNetError(f"Check failed: num_bins + 1 == hist_edges.Size() ({num_bins + 1} vs. {e.size})")
    zero, half = num_bins // 2, nq // 2
    counts = h.astype(np.uint64).astype(np.int64)  # MXNet keeps the slice as size_t counts
    best, best_i = np.float32(np.finfo(np.float32).max), 0
    for i in range(half, zero + 1):
        start, stop = zero - i, zero + i + 1
        p = h[start:stop].copy()
        p[0] = np.cumsum(h[:start + 1], dtype=np.float32)[-1]
        if stop < num_bins:
            p[-1] = np.cumsum(np.concatenate([h[stop - 1:stop], h[stop:]]), dtype=np.float32)[-1]
        sliced = counts[start:stop].copy()
        sliced[0] = 0
        merged = sliced.size // nq
        b = np.minimum(np.arange(sliced.size) // merged, nq - 1)
        qbins = np.bincount(b, weights=sliced, minlength=nq).astype(np.float32)
        norm = np.bincount(b, weights=(sliced != 0), minlength=nq).astype(np.int64)
        q = np.where((p != 0) & (norm[b] > 0), qbins[b] / np.maximum(norm[b], 1).astype(np.float32),
                     np.float32(0)).astype(np.float32)
        ps, qs = _smooth(p), _smooth(q)
        div = np.float32(np.inf) if qs is None else _kl(ps, qs)
        if div < best:
            best, best_i = div, i
    threshold = np.float32(e[zero + best_i + 1])
    return [wrap(torch.tensor([threshold])), wrap(torch.tensor([best], dtype=torch.float32))]
