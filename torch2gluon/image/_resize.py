"""OpenCV-compatible resize of HWC tensors over torch (the kernel behind `mx.image.imresize`).

Every kernel maps output to source coordinates with OpenCV's scale 1 / (dst / src) in double precision
(not src / dst: the two differ in the last bit, which moves floor() at exact multiples, e.g. 300 -> 333).

- 0 nearest: OpenCV's min(floor(dx * scale), src - 1) source pixel, exact.
- 1 bilinear: float input with OpenCV's float32 weights and operation order (float32 within 2e-5, float64 in
  float64). uint8 input through OpenCV's fixed-point arithmetic (11-bit coefficients, unclamped vertical
  border weights, its SIMD vertical pass): exact.
- 2 bicubic: OpenCV's weights (a = -0.75); uint8 in its fixed point (exact), float32 in float32, float64 in
  float64.
- 3 area: OpenCV's pixel-area weights when shrinking both sides (its integer-factor fast paths; otherwise its
  float32 (float64: double) accumulation order, so uint8 is exact); otherwise OpenCV's area-mode bilinear.
- 4 Lanczos4: OpenCV's 8-tap kernel (see _lanczos.py).
"""
import math

import numpy as np
import torch
import torch.nn.functional as TF

from ..base import MXNetError
from ._lanczos import lanczos4_hwc

__all__ = ["resize_hwc", "resize_mx"]


def _cv_scale(src, dst):
    """OpenCV's source-per-destination scale: 1. / inv_scale, inv_scale = (double)dst / src."""
    return 1.0 / (dst / src)


def _nearest_index(src, dst):
    """OpenCV's INTER_NEAREST source index of each output position along one axis."""
    d = np.arange(dst, dtype=np.float64)
    return np.minimum(np.floor(d * _cv_scale(src, dst)).astype(np.int64), src - 1)


def _nearest(t, oh, ow):
    dev = t.device
    rows = t.index_select(0, torch.from_numpy(_nearest_index(t.shape[0], oh)).to(dev))
    return rows.index_select(1, torch.from_numpy(_nearest_index(t.shape[1], ow)).to(dev)).contiguous()


def _work_dtype(dtype):
    """OpenCV's buffer type of a float resize: double for float64 input, float otherwise."""
    return torch.float64 if dtype is torch.float64 else torch.float32


def _linear_tab(src, dst, area_mode=False, clamp_weights=True):
    """Source indices and float32 weights of OpenCV's bilinear pass along one axis.

    OpenCV clamps the weights at the borders only horizontally; vertically it keeps the weights and clamps
    the row indices (`clamp_weights=False`), which rounds differently in fixed point.
    """
    scale = _cv_scale(src, dst)
    d = np.arange(dst, dtype=np.float64)
    if area_mode:
        s = np.floor(d * scale).astype(np.int64)
        f = ((d + 1) - (s + 1) * (dst / src)).astype(np.float32)
        f = np.where(f <= 0, np.float32(0), f - np.floor(f)).astype(np.float32)
    else:
        f = ((d + 0.5) * scale - 0.5).astype(np.float32)
        s = np.floor(f).astype(np.int64)
        f = (f - s.astype(np.float32)).astype(np.float32)
    if not clamp_weights:
        return np.clip(s, 0, src - 1), np.clip(s + 1, 0, src - 1), f
    low = s < 0
    f[low], s[low] = 0, 0
    high = s >= src - 1
    f[high], s[high] = 0, src - 1
    return s, np.minimum(s + 1, src - 1), f


def _fixed(f):
    a1 = np.round(f * np.float32(2048)).astype(np.int64)
    a0 = np.round((np.float32(1) - f) * np.float32(2048)).astype(np.int64)
    return a0, a1


def _bilinear_u8(t, oh, ow, area_mode=False):
    h, w, c = t.shape
    dev = t.device
    sx, sx1, fx = _linear_tab(w, ow, area_mode)
    sy, sy1, fy = _linear_tab(h, oh, area_mode, clamp_weights=False)
    a0, a1 = (torch.from_numpy(v).to(dev, torch.int32).view(1, -1, 1) for v in _fixed(fx))
    b0, b1 = (torch.from_numpy(v).to(dev, torch.int32).view(-1, 1, 1) for v in _fixed(fy))
    # only the source rows the vertical pass reads, then OpenCV's horizontal pass on them
    rows = t.index_select(0, torch.from_numpy(np.concatenate([sy, sy1])).to(dev)).to(torch.int32)
    hx = rows.index_select(1, torch.from_numpy(sx).to(dev)) * a0
    hx += rows.index_select(1, torch.from_numpy(sx1).to(dev)) * a1
    hx >>= 4
    r0, r1 = hx[:oh], hx[oh:]
    out = ((b0 * r0) >> 16).add_((b1 * r1) >> 16).add_(2) >> 2
    return out.clamp_(0, 255).to(torch.uint8)


def _cubic_tab(src, dst):
    """Clamped source indices (dst, 4) and float32 weights (dst, 4) of OpenCV's bicubic (a = -0.75) pass."""
    a = np.float32(-0.75)
    one = np.float32(1)
    d = np.arange(dst, dtype=np.float64)
    f = ((d + 0.5) * _cv_scale(src, dst) - 0.5).astype(np.float32)
    s = np.floor(f).astype(np.int64)
    x = (f - s.astype(np.float32)).astype(np.float32)
    c0 = ((a * (x + one) - np.float32(5) * a) * (x + one) + np.float32(8) * a) * (x + one) - np.float32(4) * a
    c1 = ((a + np.float32(2)) * x - (a + np.float32(3))) * x * x + one
    c2 = ((a + np.float32(2)) * (one - x) - (a + np.float32(3))) * (one - x) * (one - x) + one
    c3 = one - c0 - c1 - c2
    idx = np.clip(s[:, None] + np.arange(-1, 3)[None, :], 0, src - 1)
    return idx, np.stack([c0, c1, c2, c3], 1).astype(np.float32)


def _bicubic(t, oh, ow):
    """OpenCV's bicubic: uint8 in fixed point (11-bit weights, (sum + 2^21) >> 22), float in float32/float64."""
    h, w, c = t.shape
    dev = t.device
    ix, cx = _cubic_tab(w, ow)
    iy, cy = _cubic_tab(h, oh)
    if t.dtype is torch.uint8:
        wx = torch.from_numpy(np.round(cx * np.float32(2048)).astype(np.int64)).to(dev)
        wy = torch.from_numpy(np.round(cy * np.float32(2048)).astype(np.int64)).to(dev)
        src = t.to(torch.int64)
    else:
        work = _work_dtype(t.dtype)
        wx, wy = torch.from_numpy(cx).to(dev, work), torch.from_numpy(cy).to(dev, work)
        src = t.to(work)
    need = torch.from_numpy(np.unique(iy)).to(dev)
    rows = src.index_select(0, need)
    hx = rows.index_select(1, torch.from_numpy(ix[:, 0]).to(dev)) * wx[:, 0].view(1, -1, 1)
    for k in range(1, 4):
        hx = hx + rows.index_select(1, torch.from_numpy(ix[:, k]).to(dev)) * wx[:, k].view(1, -1, 1)
    pos = torch.from_numpy(np.searchsorted(np.unique(iy), iy)).to(dev)  # (oh, 4) rows of hx
    out = hx[pos[:, 0]] * wy[:, 0].view(-1, 1, 1)
    for k in range(1, 4):
        out = out + hx[pos[:, k]] * wy[:, k].view(-1, 1, 1)
    if t.dtype is torch.uint8:
        # OpenCV's SIMD vertical pass: float32 sum of rows times (weight / 2048^2), rounded half to even, on
        # blocks of 8 values of each output row; the remaining values take the integer (sum + 2^21) >> 22 path.
        scale = np.float32(1.0 / (2048 * 2048))
        wf = torch.from_numpy((np.round(cy * np.float32(2048)).astype(np.float32) * scale).astype(np.float32))
        wf = wf.to(dev)
        hf = hx.to(torch.float32)
        acc = hf[pos[:, 0]] * wf[:, 0].view(-1, 1, 1)
        for k in range(1, 4):
            acc = acc + hf[pos[:, k]] * wf[:, k].view(-1, 1, 1)
        res = torch.round(acc).to(torch.int64).view(oh, ow * c)
        width = ow * c
        simd_end = (width // 8) * 8
        if simd_end < width:
            res[:, simd_end:] = ((out + (1 << 21)) >> 22).view(oh, ow * c)[:, simd_end:]
        return res.view(oh, ow, c).clamp_(0, 255).to(torch.uint8)
    return _cast_back(out, t.dtype)


def _area_matrix(src, dst):
    """(dst, src) matrix of OpenCV's INTER_AREA pixel-area weights for shrinking src -> dst."""
    scale = _cv_scale(src, dst)
    m = np.zeros((dst, src), dtype=np.float64)
    for dx in range(dst):
        f1 = dx * scale
        f2 = f1 + scale
        s1, s2 = int(math.ceil(f1)), int(math.floor(f2))
        s2 = min(s2, src - 1)
        s1 = min(s1, s2)
        cell = min(scale, src - f1)
        if s1 - f1 > 1e-3:
            m[dx, s1 - 1] = (s1 - f1) / cell
        for sx in range(s1, s2):
            m[dx, sx] = 1.0 / cell
        if f2 - s2 > 1e-3:
            m[dx, s2] = min(min(f2 - s2, 1.0), cell) / cell
    return m


def _area_steps(src, dst):
    """OpenCV's area table as ordered steps: step k holds the k-th (dst index, src index, float32 weight)
    of every destination position that has one, so that accumulating step by step repeats its sum order."""
    m = _area_matrix(src, dst)
    steps = []
    entries = [np.nonzero(m[d])[0] for d in range(dst)]
    for k in range(max(len(e) for e in entries)):
        di = np.array([d for d in range(dst) if len(entries[d]) > k], dtype=np.int64)
        si = np.array([entries[d][k] for d in di], dtype=np.int64)
        steps.append((di, si, m[di, si].astype(np.float32)))
    return steps


def _accumulate(x, steps, n, dim, work):
    """Weighted sums along `dim` in OpenCV's order: out[d] = ((0 + x[s0] * a0) + x[s1] * a1) + ..."""
    dev = x.device
    shape = list(x.shape)
    shape[dim] = n
    out = torch.zeros(shape, dtype=work, device=dev)
    view = [1] * x.dim()
    view[dim] = -1
    for di, si, w in steps:
        d = torch.from_numpy(di).to(dev)
        term = x.index_select(dim, torch.from_numpy(si).to(dev)) * torch.from_numpy(w).to(dev, work).view(view)
        out.index_copy_(dim, d, out.index_select(dim, d) + term)
    return out


def _area(t, oh, ow):
    h, w, _ = t.shape
    if h % oh == 0 and w % ow == 0:  # OpenCV's integer-factor fast paths
        my = torch.from_numpy(_area_matrix(h, oh)).to(t.device, torch.float64)
        mx = torch.from_numpy(_area_matrix(w, ow)).to(t.device, torch.float64)
        y = torch.einsum("oh,hwc,pw->opc", my, t.to(torch.float64), mx)
        if not t.dtype.is_floating_point:
            area = (h // oh) * (w // ow)
            if area == 4 and h // oh == 2:
                y = torch.floor(y + 0.5)  # 2x2 SIMD path: (sum + 2) >> 2
            else:  # cvRound(sum * (1.f / area)) in float32
                total = torch.round(y * area).to(torch.float32)
                y = torch.round(total * torch.tensor(1.0 / area, dtype=torch.float32)).to(torch.float64)
        return _cast_back(y, t.dtype)
    # the general INTER_AREA: a horizontal pass per source row, then the rows' weighted sum, both in the
    # buffer type (float; double for float64 input) and OpenCV's order, then one rounding to the dtype
    work = _work_dtype(t.dtype)
    rows = _accumulate(t.to(work), _area_steps(w, ow), ow, 1, work)
    return _cast_back(_accumulate(rows, _area_steps(h, oh), oh, 0, work), t.dtype)


def _cast_back(y, dtype):
    if dtype.is_floating_point:
        return y.to(dtype)
    info = torch.iinfo(dtype)
    return y.round_().clamp_(info.min, info.max).to(dtype)


def _torch_mode(t, oh, ow, mode):
    x = t.permute(2, 0, 1).unsqueeze(0)
    xf = x.to(torch.float32) if not x.is_floating_point() else x
    kw = {"align_corners": False} if mode in ("bilinear", "bicubic") else {}
    y = TF.interpolate(xf, size=(oh, ow), mode=mode, **kw)[0].permute(1, 2, 0)
    return _cast_back(y, t.dtype).contiguous()


_INTERP_NAMES = {0: "nearest", 1: "bilinear", 2: "bicubic", 3: "area", 4: "Lanczos4"}


def resize_mx(t, ow, oh, interp, op, int8_as_uint8):
    """MXNet's resize operators over `resize_hwc`, with the dtypes their OpenCV bridge accepts.

    float16 is refused by MXNet, int32 has only OpenCV's nearest kernel, and int8 is resized as the uint8
    bytes it holds by `imresize` (`image.resize` rejects it). int64 reaches OpenCV as another type and gives
    meaningless values in MXNet, so it is refused by name.
    """
    if t.dtype is torch.float16:
        raise MXNetError(f"{op}: opencv image mat doesn't support fp16")
    if t.dtype is torch.int64:
        raise NotImplementedError(f"{op}: int64 images are not supported (MXNet passes their bits to OpenCV as "
                                  "another type and returns meaningless values); cast to float32 or uint8")
    if interp in _INTERP_NAMES and interp != 0 and t.dtype in (torch.int32, torch.int8):
        if t.dtype is torch.int8 and int8_as_uint8:
            return resize_hwc(t.view(torch.uint8), ow, oh, interp, op=op).view(torch.int8)
        raise MXNetError(f"{op}: OpenCV has no {_INTERP_NAMES[interp]} resize for {str(t.dtype)[6:]} images "
                         "(Assertion failed: func != 0 in function 'resize')")
    if t.dtype is torch.int8 and not int8_as_uint8:
        raise MXNetError(f"{op}: int8 images are not supported by OpenCV's resize")
    return resize_hwc(t, ow, oh, interp, op=op)


def resize_hwc(t, ow, oh, interp, op="image.imresize", exact=True):
    """Resize an (H, W, C) tensor to (oh, ow) with OpenCV interpolation code `interp`; dtype kept.

    `exact=False` lets uint8 bilinear use torch's vectorised kernel (about 10x faster, within 1 of OpenCV).
    """
    if interp not in (0, 1, 2, 3, 4):
        raise MXNetError(f"{op}: Unknown interpolation method {interp} in function 'resize'")
    h, w = t.shape[0], t.shape[1]
    if (oh, ow) == (h, w):
        return t.clone()
    if interp == 0:
        return _nearest(t, oh, ow)
    if interp == 4:
        return lanczos4_hwc(t, oh, ow)
    if interp == 2:
        if t.dtype in (torch.uint8, torch.float32, torch.float64):
            return _bicubic(t, oh, ow)
        return _torch_mode(t, oh, ow, "bicubic")
    if interp == 3:
        if oh <= h and ow <= w:
            return _area(t, oh, ow)
        if t.dtype is torch.uint8:
            return _bilinear_u8(t, oh, ow, area_mode=True)
        return _linear_float(t, oh, ow, area_mode=True)
    if t.dtype is torch.uint8:
        if not exact:
            x = t.permute(2, 0, 1).unsqueeze(0)
            return TF.interpolate(x, size=(oh, ow), mode="bilinear", align_corners=False,
                                  antialias=False)[0].permute(1, 2, 0)
        return _bilinear_u8(t, oh, ow)
    if not exact:
        return _torch_mode(t, oh, ow, "bilinear")
    return _linear_float(t, oh, ow, area_mode=False)


def _linear_float(t, oh, ow, area_mode):
    h, w, _ = t.shape
    sx, sx1, fx = _linear_tab(w, ow, area_mode)
    sy, sy1, fy = _linear_tab(h, oh, area_mode, clamp_weights=False)
    dev = t.device
    work = _work_dtype(t.dtype)
    tf = t.to(work)
    # OpenCV's float weight pairs (1.f - f, f), widened to double only for float64 input
    fx0, fy0 = (torch.from_numpy((np.float32(1) - f).astype(np.float32)).to(dev, work) for f in (fx, fy))
    fxt, fx0 = torch.from_numpy(fx).to(dev, work).view(1, -1, 1), fx0.view(1, -1, 1)
    fyt, fy0 = torch.from_numpy(fy).to(dev, work).view(-1, 1, 1), fy0.view(-1, 1, 1)
    rows = tf[:, torch.from_numpy(sx).to(dev)] * fx0 + tf[:, torch.from_numpy(sx1).to(dev)] * fxt
    y = rows[torch.from_numpy(sy).to(dev)] * fy0 + rows[torch.from_numpy(sy1).to(dev)] * fyt
    return _cast_back(y, t.dtype)
