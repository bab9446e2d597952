"""The geometric and colour steps of MXNet 1.9.1's C++ default augmenter (`aug_default`) on uint8 HWC images.

Everything works on numpy uint8 arrays in RGB order and reproduces OpenCV's uint8 arithmetic as MXNet's
augmenter (which sees BGR images) uses it:

- `warp_affine`: cv::warpAffine with a constant border (the inverse map in double, 10-bit fixed-point source
  coordinates, 1/32-pixel interpolation tables with 15-bit weights, border taps read the fill value).
- `pad`: cv::copyMakeBorder with cv::Scalar(v, v, v) (a 4th channel is padded with 0).
- `hls_jitter`: BGR2HLS, clamped shifts of H (0..180), L, S (0..255), HLS2BGR, in OpenCV's float rule.
- `color_jitter`: brightness (convertTo), contrast (towards the mean of CV_RGB2GRAY of the BGR image) and
  saturation (addWeighted with that gray image) in a random order.
- `pca_lighting`: AlexNet-style PCA noise with MXNet's ImageNet eigen values/vectors, truncated to int.
"""
import math

import numpy as np

from ..image._lanczos import _coeffs as _lanczos_coeffs

__all__ = ["warp_affine", "pad", "hls_jitter", "color_jitter", "pca_lighting"]

_TAB = 32  # INTER_TAB_SIZE
_AB_BITS = 10
_COEF = 1 << 15  # INTER_REMAP_COEF_SCALE
_tables = {}


def _coeffs_1d(inter, t):
    t = np.float32(t)
    if inter == 1:
        return np.array([1 - t, t], dtype=np.float32)
    if inter == 2:
        a = np.float32(-0.75)
        one = np.float32(1)
        c0 = ((a * (t + one) - 5 * a) * (t + one) + 8 * a) * (t + one) - 4 * a
        c1 = ((a + 2) * t - (a + 3)) * t * t + one
        c2 = ((a + 2) * (one - t) - (a + 3)) * (one - t) * (one - t) + one
        return np.array([c0, c1, c2, one - c0 - c1 - c2], dtype=np.float32)
    if t < np.finfo(np.float32).eps:
        out = np.zeros(8, dtype=np.float32)
        out[3] = 1
        return out
    return _lanczos_coeffs(t)


def _table(inter):
    """(32*32, k, k) int weights of OpenCV's 2-D remap table (rounded products, sum forced to 2^15)."""
    if inter in _tables:
        return _tables[inter]
    k = {1: 2, 2: 4, 4: 8}[inter]
    one = [_coeffs_1d(inter, i / _TAB) for i in range(_TAB)]
    tab = np.empty((_TAB * _TAB, k, k), dtype=np.int64)
    for i in range(_TAB):
        for j in range(_TAB):
            w = np.rint((np.outer(one[i], one[j]).astype(np.float32) * np.float32(_COEF))).astype(np.int64)
            diff = int(w.sum()) - _COEF
            if diff:
                c = k // 2 - 1 if k > 2 else 0
                block = w[c:c + 2, c:c + 2]
                if diff < 0:
                    y, x = np.unravel_index(np.argmax(block), block.shape)
                else:
                    y, x = np.unravel_index(np.argmin(block), block.shape)
                w[c + y, c + x] -= diff
            tab[i * _TAB + j] = w
    _tables[inter] = tab
    return tab


def _fill_vector(channels, fill):
    v = np.zeros(channels, dtype=np.int64)
    v[:3] = min(max(int(fill), 0), 255)
    return v


def warp_affine(img, m, out_w, out_h, inter, fill):
    """cv::warpAffine(img, M (2x3 float32, forward map), (out_w, out_h), inter, BORDER_CONSTANT, fill)."""
    src = img if img.ndim == 3 else img[..., None]
    h, w, c = src.shape
    fv = _fill_vector(c, fill)
    if out_w <= 0 or out_h <= 0:
        return np.zeros((max(out_h, 0), max(out_w, 0), c), dtype=np.uint8)
    M = np.asarray(m, dtype=np.float32).astype(np.float64)
    d = M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]
    d = 1.0 / d if d != 0 else 0.0
    a11, a22, a12, a21 = M[1, 1] * d, M[0, 0] * d, -M[0, 1] * d, -M[1, 0] * d
    b1 = -a11 * M[0, 2] - a12 * M[1, 2]
    b2 = -a21 * M[0, 2] - a22 * M[1, 2]
    inter = 1 if inter == 3 else inter  # warpAffine has no area mode
    ab = 1 << _AB_BITS
    delta = ab // 2 if inter == 0 else ab // _TAB // 2
    xs, ys = np.arange(out_w, dtype=np.float64), np.arange(out_h, dtype=np.float64)
    adelta = np.rint(a11 * xs * ab).astype(np.int64)
    bdelta = np.rint(a21 * xs * ab).astype(np.int64)
    x0 = np.rint((a12 * ys + b1) * ab).astype(np.int64) + delta
    y0 = np.rint((a22 * ys + b2) * ab).astype(np.int64) + delta
    X, Y = x0[:, None] + adelta[None, :], y0[:, None] + bdelta[None, :]
    s = src.astype(np.int64)
    if inter == 0:
        sx, sy = X >> _AB_BITS, Y >> _AB_BITS
        ok = (sx >= 0) & (sx < w) & (sy >= 0) & (sy < h)
        out = np.where(ok[..., None], s[np.clip(sy, 0, h - 1), np.clip(sx, 0, w - 1)], fv)
    else:
        X, Y = X >> (_AB_BITS - 5), Y >> (_AB_BITS - 5)
        tab = _table(inter)[(Y & (_TAB - 1)) * _TAB + (X & (_TAB - 1))]
        k = tab.shape[-1]
        sx, sy = (X >> 5) - (k // 2 - 1), (Y >> 5) - (k // 2 - 1)
        acc = np.zeros((out_h, out_w, c), dtype=np.int64)
        for ky in range(k):
            yy = sy + ky
            yok = (yy >= 0) & (yy < h)
            yc = np.clip(yy, 0, h - 1)
            for kx in range(k):
                xx = sx + kx
                ok = yok & (xx >= 0) & (xx < w)
                val = np.where(ok[..., None], s[yc, np.clip(xx, 0, w - 1)], fv)
                acc += tab[..., ky, kx][..., None] * val
        out = np.clip((acc + (1 << 14)) >> 15, 0, 255)
    out = out.astype(np.uint8)
    return out if img.ndim == 3 else out[..., 0]


def pad(img, p, fill):
    """cv::copyMakeBorder(img, p, p, p, p, BORDER_CONSTANT, Scalar(fill, fill, fill))."""
    src = img if img.ndim == 3 else img[..., None]
    h, w, c = src.shape
    out = np.empty((h + 2 * p, w + 2 * p, c), dtype=np.uint8)
    out[...] = _fill_vector(c, fill).astype(np.uint8)
    out[p:p + h, p:p + w] = src
    return out if img.ndim == 3 else out[..., 0]


def _rgb_to_hls(img):
    """OpenCV's RGB2HLS_b (hrange 180): float32 H, L, S before the final rounding."""
    rgb = img.astype(np.float32) * np.float32(1.0 / 255.0)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    vmax, vmin = rgb.max(-1), rgb.min(-1)
    diff = vmax - vmin
    light = (vmax + vmin) * np.float32(0.5)
    chroma = diff > np.finfo(np.float32).eps
    with np.errstate(divide="ignore", invalid="ignore"):
        sat = np.where(light < 0.5, diff / (vmax + vmin), diff / (np.float32(2) - vmax - vmin))
        k = np.float32(60) / diff
        hue = np.where(vmax == r, (g - b) * k, np.where(vmax == g, (b - r) * k + np.float32(120),
                                                         (r - g) * k + np.float32(240)))
    hue = np.where(hue < 0, hue + np.float32(360), hue)
    hue = np.where(chroma, hue * np.float32(0.5), np.float32(0)).astype(np.float32)
    sat = np.where(chroma, sat, np.float32(0)).astype(np.float32)
    return hue, light * np.float32(255), sat * np.float32(255)


_SECTORS = np.array([[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]])  # b, g, r slots


def _hls_to_rgb(hue, light, sat):
    """OpenCV's HLS2RGB_b (hrange 180) from uint8-valued H, L, S arrays: uint8 RGB."""
    h = hue.astype(np.float32) * np.float32(6.0 / 180.0)
    l = light.astype(np.float32) * np.float32(1.0 / 255.0)
    s = sat.astype(np.float32) * np.float32(1.0 / 255.0)
    p2 = np.where(l <= 0.5, l * (np.float32(1) + s), l + s - l * s).astype(np.float32)
    p1 = (np.float32(2) * l - p2).astype(np.float32)
    h = np.where(h >= 6, h - np.float32(6), h)
    sector = np.floor(h).astype(np.int64)
    f = (h - sector).astype(np.float32)
    tab = np.stack([p2, p1, p1 + (p2 - p1) * (np.float32(1) - f), p1 + (p2 - p1) * f], -1).astype(np.float32)
    idx = _SECTORS[np.clip(sector, 0, 5)]
    bgr = np.take_along_axis(tab, idx, -1)
    rgb = bgr[..., ::-1]
    rgb = np.where((s == 0)[..., None], l[..., None], rgb)
    return np.clip(np.rint(rgb * np.float32(255)), 0, 255).astype(np.uint8)


def hls_jitter(img, dh, dl, ds):
    """BGR2HLS, add (dh, dl, ds) clamped to [0, 180], [0, 255], [0, 255], HLS2BGR (OpenCV uint8 rules)."""
    hue, light, sat = _rgb_to_hls(img)
    hue = np.clip(np.rint(hue).astype(np.int64) + dh, 0, 180)
    light = np.clip(np.clip(np.rint(light), 0, 255).astype(np.int64) + dl, 0, 255)
    sat = np.clip(np.clip(np.rint(sat), 0, 255).astype(np.int64) + ds, 0, 255)
    return _hls_to_rgb(hue, light, sat)


def _gray(img):
    """CV_RGB2GRAY applied to MXNet's BGR image (so 0.299 weighs blue), OpenCV's fixed point."""
    c = img.astype(np.int64)
    return (c[..., 2] * 4899 + c[..., 1] * 9617 + c[..., 0] * 1868 + 8192) >> 14


def _sat_u8(x):
    return np.clip(np.rint(x), 0, 255).astype(np.uint8)


def color_jitter(img, alpha_b, alpha_c, alpha_s, order):
    """Brightness / contrast / saturation steps (None skips one), applied in `order` (a permutation of 0..2)."""
    for step in order:
        if step == 0 and alpha_b is not None:
            img = _sat_u8(img.astype(np.float32) * np.float32(alpha_b))
        elif step == 1 and alpha_c is not None:
            mean = np.float32(_gray(img).mean())
            img = _sat_u8(img.astype(np.float32) * np.float32(alpha_c) + np.float32((1 - alpha_c) * mean))
        elif step == 2 and alpha_s is not None:
            gray = _gray(img).astype(np.float32)[..., None]
            img = _sat_u8(img.astype(np.float32) * np.float32(alpha_s) + gray * np.float32(1 - alpha_s))
    return img


_EIGVAL = np.array([55.46, 4.794, 1.148], dtype=np.float32)
_EIGVEC = np.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140], [-0.5836, -0.6948, 0.4203]],
                   dtype=np.float32)


def pca_lighting(img, alphas):
    """Add eigvec @ (alphas * eigval) to R, G, B; each sum truncated to int, then saturated to uint8."""
    off = (_EIGVEC @ (np.asarray(alphas, dtype=np.float32) * _EIGVAL)).astype(np.float32)
    v = img.astype(np.float32) + off
    return np.clip(np.trunc(v), 0, 255).astype(np.uint8)


def affine_matrix(cols, rows, shear, angle, scale, ratio, min_size, max_size):
    """MXNet's affine map for rotation `angle` (degrees), `shear`, `scale`, aspect `ratio` (float32 math), and
    the output (width, height) clamped to [min_size, max_size] (floats; OpenCV truncates them)."""
    f = np.float32
    a, b = f(math.cos(angle / 180.0 * math.pi)), f(math.sin(angle / 180.0 * math.pi))
    s, scale, ratio = f(shear), f(scale), f(ratio)
    hs = f(2) * scale / (f(1) + ratio)
    ws = ratio * hs
    new_w = max(f(min_size), min(f(max_size), scale * f(cols)))
    new_h = max(f(min_size), min(f(max_size), scale * f(rows)))
    m = np.zeros((2, 3), dtype=np.float32)
    m[0, 0] = hs * a - s * b * ws
    m[1, 0] = -b * ws
    m[0, 1] = hs * b + s * a * ws
    m[1, 1] = a * ws
    cw = m[0, 0] * f(cols) + m[0, 1] * f(rows)
    ch = m[1, 0] * f(cols) + m[1, 1] * f(rows)
    m[0, 2] = (new_w - cw) / f(2)
    m[1, 2] = (new_h - ch) / f(2)
    return m, new_w, new_h
