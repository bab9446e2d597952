"""OpenCV's INTER_LANCZOS4 resize of HWC tensors (8-tap windowed sinc, replicated borders).

uint8 goes through OpenCV's fixed point (weights rounded to 11 bits, integer horizontal and vertical sums,
(sum + 2^21) >> 22, saturated); float32 is summed in float32 with OpenCV's float32 weights.
"""
import math

import numpy as np
import torch

__all__ = ["lanczos4_hwc"]

_S45 = 0.70710678118654752440084436210485
_CS = ((1, 0), (-_S45, -_S45), (0, 1), (_S45, -_S45), (-1, 0), (_S45, _S45), (0, -1), (-_S45, _S45))


def _coeffs(x):
    """interpolateLanczos4: 8 float32 weights for fractional offset `x` (a float32)."""
    x3 = np.float32(np.float32(x) + np.float32(3))  # OpenCV: float (x + 3), then - i, each rounded to float
    y0 = -float(x3) * math.pi * 0.25
    s0, c0 = math.sin(y0), math.cos(y0)
    out = np.empty(8, dtype=np.float32)
    total = np.float32(0)
    for i in range(8):
        yi = np.float32(x3 - np.float32(i))
        if abs(yi) >= np.float32(1e-6):
            y = -float(yi) * math.pi * 0.25
            out[i] = np.float32((_CS[i][0] * s0 + _CS[i][1] * c0) / (y * y))
        else:
            out[i] = np.float32(1e30)
        total = np.float32(total + out[i])
    inv = np.float32(1) / total
    return (out * inv).astype(np.float32)


def _tab(src, dst):
    """Clamped source indices (dst, 8) and float32 weights (dst, 8) along one axis."""
    d = np.arange(dst, dtype=np.float64)
    f = ((d + 0.5) * (1.0 / (dst / src)) - 0.5).astype(np.float32)  # OpenCV's scale, 1 / inv_scale
    s = np.floor(f).astype(np.int64)
    x = (f - s.astype(np.float32)).astype(np.float32)
    idx = np.clip(s[:, None] + np.arange(-3, 5)[None, :], 0, src - 1)
    return idx, np.stack([_coeffs(v) for v in x]).astype(np.float32)


def lanczos4_hwc(t, oh, ow):
    """Resize an (H, W, C) uint8/float tensor to (oh, ow) as cv::resize(..., INTER_LANCZOS4)."""
    h, w, _ = t.shape
    dev = t.device
    ix, cx = _tab(w, ow)
    iy, cy = _tab(h, oh)
    fixed = t.dtype is torch.uint8
    if fixed:
        wx = torch.from_numpy(np.round(cx * np.float32(2048)).astype(np.int64)).to(dev)
        wy = torch.from_numpy(np.round(cy * np.float32(2048)).astype(np.int64)).to(dev)
        src = t.to(torch.int64)
    else:
        work = torch.float32 if t.dtype in (torch.float32, torch.float16, torch.bfloat16) else torch.float64
        wx, wy = torch.from_numpy(cx).to(dev, work), torch.from_numpy(cy).to(dev, work)
        src = t.to(work)
    need = np.unique(iy)
    rows = src.index_select(0, torch.from_numpy(need).to(dev))
    hx = rows.index_select(1, torch.from_numpy(ix[:, 0]).to(dev)) * wx[:, 0].view(1, -1, 1)
    for k in range(1, 8):
        hx = hx + rows.index_select(1, torch.from_numpy(ix[:, k]).to(dev)) * wx[:, k].view(1, -1, 1)
    pos = torch.from_numpy(np.searchsorted(need, iy)).to(dev)
    out = hx[pos[:, 0]] * wy[:, 0].view(-1, 1, 1)
    for k in range(1, 8):
        out = out + hx[pos[:, k]] * wy[:, k].view(-1, 1, 1)
    if fixed:
        return ((out + (1 << 21)) >> 22).clamp_(0, 255).to(torch.uint8)
    if t.dtype.is_floating_point:
        return out.to(t.dtype)
    info = torch.iinfo(t.dtype)
    return out.round_().clamp_(info.min, info.max).to(t.dtype)
