"""`nd.image` colour operators: brightness, contrast, saturation, hue, colour jitter and PCA lighting.

Each reproduces MXNet 1.9.1's CPU kernel bit for bit where it can: the arithmetic is float32 in the
kernel's order, and the result is cast back to the input dtype after every step (uint8 is clamped to
[0, 255] and truncated toward zero; other integer types are truncated). The random factors come from
torch's generator (`mx.random.seed` seeds it), so the draws differ from MXNet's, their law does not.

Quirks of 1.9.1 that are kept: saturation's grey value is only `0.114 * blue` (the kernel overwrites
instead of summing), and the hue is rotated in HLS space with MXNet's conversion.
Where 1.9.1 leaves the output unwritten (hue / lighting of a 1-channel image, colour jitter with every
factor <= 0) it returns uninitialised memory; here the input is returned unchanged (a copy).
"""
import numbers

import numpy as np
import torch

from ..base import MXNetError
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop

__all__ = ["random_brightness", "random_contrast", "random_saturation", "random_hue",
           "random_color_jitter", "adjust_lighting", "random_lighting"]

_GRAY = tuple(float(np.float32(c)) for c in (0.299, 0.587, 0.114))  # float32 constants
# AlexNet's PCA lighting basis (eigenvalue * eigenvector), rounded to float32 as the kernel stores it.
_EIG = np.array([[55.46 * -0.5675, 4.794 * 0.7192, 1.148 * 0.4009],
                 [55.46 * -0.5808, 4.794 * -0.0045, 1.148 * -0.8140],
                 [55.46 * -0.5836, 4.794 * -0.6948, 1.148 * 0.4203]], dtype=np.float32)
_HLS_SECTORS = torch.tensor([[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]])


def _image(data, op):
    """The HWC tensor of `data`; MXNet's shape check (3-D, 1 or 3 channels) as an MXNetError."""
    if not isinstance(data, NDArray):
        raise AssertionError(f"Argument data must have NDArray type, but got {data}")  # MXNet's front-end check
    t = tensor_of(data)
    if t.dim() != 3:
        raise MXNetError(f"image.{op}: input image must have shape (height, width, channels), "
                         f"but got {tuple(t.shape)}")
    if t.shape[2] not in (1, 3):
        raise MXNetError(f"image.{op}: the last dimension of input image must be the channel "
                         f"dimension with either 1 or 3 elements, but got input with shape {tuple(t.shape)}")
    return t


class _CopyGrad(torch.autograd.Function):
    """Forward: the augmented image; backward: the output gradient unchanged (MXNet's `_copy` gradient)."""

    @staticmethod
    def forward(ctx, x, out):  # noqa: D102 - torch.autograd.Function protocol
        return out.clone()

    @staticmethod
    def backward(ctx, grad):  # noqa: D102
        return grad, None


def _finish(t, out):
    """Wrap the result; under autograd the gradient passes straight through, as in MXNet."""
    if t.requires_grad:
        return wrap(_CopyGrad.apply(t, out.detach()))
    return wrap(out)


def _factor_range(lo, hi, op):
    lo, hi = float(lo), float(hi)
    for name, v in (("min_factor", lo), ("max_factor", hi)):
        if v < 0:
            raise MXNetError(f"value {v:g} for Parameter {name} should be greater equal to 0, "
                             f"in operator _image_{op}")
    return lo, hi


def _uniform(lo, hi):
    """One float32 draw from U(lo, hi) (exactly lo when lo == hi)."""
    u = torch.rand((), dtype=torch.float64).item()
    return np.float32(lo + (hi - lo) * u)


def _saturate(val, dtype):
    """Cast float results to the image dtype as the kernel does (uint8 clamps; integers truncate)."""
    if dtype is torch.uint8:
        return val.clamp(0.0, 255.0).to(torch.uint8)
    if dtype.is_floating_point:
        return val.to(dtype)
    return val.trunc().to(dtype)


def _calc(t):
    """The input as the kernel's arithmetic type: float64 stays float64, everything else float32."""
    return t.to(torch.float64 if t.dtype is torch.float64 else torch.float32)


def _brightness(t, alpha):
    return _saturate(t.to(torch.float32) * torch.tensor(alpha, dtype=torch.float32), t.dtype)


def _sequential_sum(v):
    """Left-to-right float32 sum, as the kernel's accumulation loop (CPU), or a float64 sum elsewhere."""
    if v.device.type == "cpu":
        return np.float32(np.add.accumulate(v.reshape(-1).numpy(), dtype=np.float32)[-1]) if v.numel() else \
            np.float32(0)
    return np.float32(v.double().sum().item())


def _contrast(t, alpha):
    h, w, c = t.shape
    if c > 1:
        prod = t.to(torch.float32) * torch.tensor(_GRAY, dtype=torch.float32, device=t.device)
    else:
        prod = t.to(torch.float32)
    n = np.float32(h * w)
    gray_mean = _sequential_sum(prod.contiguous()) / n if h * w else np.float32(np.nan)
    beta = (np.float32(1) - alpha) * np.float32(gray_mean)
    val = _calc(t) * float(alpha) + float(beta)
    return _saturate(val.to(torch.float32), t.dtype)


def _saturation(t, alpha):
    if t.shape[2] == 1:
        return t.clone()
    x = _calc(t)
    gray = (x[..., 2:3] * _GRAY[2]).to(torch.float32)  # 1.9.1 keeps only the last term of its sum
    gray = gray * (np.float32(1) - alpha)
    val = _calc(gray) + x * float(alpha)
    return _saturate(val.to(torch.float32), t.dtype)


def _rgb_to_hls(rgb):
    r, g, b = (rgb[..., i] / 255.0 for i in range(3))
    vmax = torch.maximum(torch.maximum(r, g), b)
    vmin = torch.minimum(torch.minimum(r, g), b)
    diff = vmax - vmin
    light = (vmax + vmin) * 0.5
    chroma = diff > np.finfo(np.float32).eps
    sat = torch.where(light < 0.5, diff / (vmax + vmin), diff / (2.0 - vmax - vmin))
    inv = 60.0 / diff
    hue = torch.where(vmax == r, (g - b) * inv,
                      torch.where(vmax == g, (b - r) * inv + 120.0, (r - g) * inv + 240.0))
    hue = torch.where(hue < 0, hue + 360.0, hue)
    zero = torch.zeros_like(hue)
    return torch.where(chroma, hue, zero), light, torch.where(chroma, sat, zero)


def _hls_to_rgb(hue, light, sat):
    p2 = torch.where(light <= 0.5, light * (1 + sat), (light + sat) - light * sat)
    p1 = 2 * light - p2
    h = hue * np.float32(1.0 / 60.0)
    while bool((h < 0).any()):
        h = torch.where(h < 0, h + 6, h)
    while bool((h >= 6).any()):
        h = torch.where(h >= 6, h - 6, h)
    sector = h.to(torch.int64)
    h = h - sector.to(h.dtype)
    tab = torch.stack([p2, p1, p1 + (p2 - p1) * (1 - h), p1 + (p2 - p1) * h], dim=-1)
    idx = _HLS_SECTORS.to(sector.device)[sector]  # (..., 3): table slots of b, g, r
    bgr = torch.gather(tab, -1, idx)
    rgb = torch.stack([bgr[..., 2], bgr[..., 1], bgr[..., 0]], dim=-1)
    grey = (sat == 0).unsqueeze(-1)
    return torch.where(grey, light.unsqueeze(-1).expand_as(rgb), rgb) * 255.0


def _hue(t, alpha):
    if t.shape[2] == 1:
        return t.clone()
    hue, light, sat = _rgb_to_hls(t.to(torch.float32))
    hue = hue + np.float32(alpha) * np.float32(360.0)
    return _saturate(_hls_to_rgb(hue, light, sat), t.dtype)


def _lighting(t, alpha):
    if t.shape[2] == 1:
        return t.clone()
    a = np.asarray(alpha, dtype=np.float32)
    pca = [(_EIG[i, 0] * a[0] + _EIG[i, 1] * a[1]) + _EIG[i, 2] * a[2] for i in range(3)]
    val = t.to(torch.float32) + torch.tensor(np.array(pca, dtype=np.float32), device=t.device)
    return _saturate(val, t.dtype)


@mxop("_image_random_brightness")
def random_brightness(data, min_factor, max_factor):
    """Multiply every pixel by one factor drawn from U(min_factor, max_factor)."""
    t = _image(data, "random_brightness")
    lo, hi = _factor_range(min_factor, max_factor, "random_brightness")
    return _finish(t, _brightness(t.detach(), _uniform(lo, hi)))


@mxop("_image_random_contrast")
def random_contrast(data, min_factor, max_factor):
    """Blend with the image's mean grey level: x * a + (1 - a) * mean_grey, a ~ U(min, max)."""
    t = _image(data, "random_contrast")
    lo, hi = _factor_range(min_factor, max_factor, "random_contrast")
    return _finish(t, _contrast(t.detach(), _uniform(lo, hi)))


@mxop("_image_random_saturation")
def random_saturation(data, min_factor, max_factor):
    """Blend each pixel with its grey value (1.9.1's: 0.114 * blue): x * a + (1 - a) * grey."""
    t = _image(data, "random_saturation")
    lo, hi = _factor_range(min_factor, max_factor, "random_saturation")
    return _finish(t, _saturation(t.detach(), _uniform(lo, hi)))


@mxop("_image_random_hue")
def random_hue(data, min_factor, max_factor):
    """Rotate the hue (HLS) of RGB pixels by a * 360 degrees, a ~ U(min_factor, max_factor)."""
    t = _image(data, "random_hue")
    lo, hi = _factor_range(min_factor, max_factor, "random_hue")
    return _finish(t, _hue(t.detach(), _uniform(lo, hi)))


@mxop("_image_random_color_jitter")
def random_color_jitter(data, brightness, contrast, saturation, hue):
    """Brightness, contrast, saturation and hue jitter in a random order (each skipped when <= 0)."""
    t = _image(data, "random_color_jitter")
    params = (float(brightness), float(contrast), float(saturation), float(hue))
    out = t.detach().clone()
    for k in torch.randperm(4).tolist():
        p = params[k]
        if p <= 0:
            continue
        if k == 0:
            out = _brightness(out, np.float32(1.0 + float(_uniform(-p, p))))
        elif k == 1:
            out = _contrast(out, np.float32(1.0 + float(_uniform(-p, p))))
        elif k == 2:
            out = _saturation(out, np.float32(1.0 + float(_uniform(-p, p))))
        else:
            out = _hue(out, _uniform(-p, p))
    return _finish(t, out)


@mxop("_image_adjust_lighting")
def adjust_lighting(data, alpha):
    """Add AlexNet's PCA lighting noise with the given (alpha_r, alpha_g, alpha_b)."""
    t = _image(data, "adjust_lighting")
    alpha = (alpha,) if isinstance(alpha, numbers.Number) else tuple(alpha)
    if len(alpha) != 3:
        raise MXNetError(f"image.adjust_lighting: alpha must have 3 values (R, G, B), got {alpha}")
    return _finish(t, _lighting(t.detach(), alpha))


@mxop("_image_random_lighting")
def random_lighting(data, alpha_std=0.05):
    """AlexNet's PCA lighting noise with alphas drawn from N(0, alpha_std)."""
    t = _image(data, "random_lighting")
    alpha = (torch.randn(3, dtype=torch.float64) * float(alpha_std)).numpy().astype(np.float32)
    return _finish(t, _lighting(t.detach(), alpha))
