"""`nd.image.*`: MXNet's image operators (HWC layout in, torch kernels underneath)."""
import functools
import numbers

import torch

from ..base import MXNetError
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop
from .image_color import *  # noqa: F401,F403 - the colour operators live in their own file
from .image_color import __all__ as _color_all

__all__ = ["to_tensor", "normalize", "resize", "crop", "flip_left_right", "flip_top_bottom",
           "random_flip_left_right", "random_flip_top_bottom"]
__all__ += _color_all


def _input(x, op):
    if not isinstance(x, NDArray):
        raise AssertionError(f"Argument data must have NDArray type, but got {x}")  # MXNet's front-end check
    return tensor_of(x)


def _need_ndim(t, op, ndims, what):
    if t.dim() not in ndims:
        raise MXNetError(f"image.{op}: expects a {what} input, got shape {tuple(t.shape)}")


@mxop("_image_to_tensor")
def to_tensor(data):
    """HWC (or NHWC) -> CHW (or NCHW) float32 divided by 255, whatever the input dtype."""
    t = _input(data, "to_tensor")
    _need_ndim(t, "to_tensor", (3, 4), "3-D (H,W,C) or 4-D (N,H,W,C)")
    if t.dtype is torch.float32 or (not t.is_floating_point() and t.dtype is not torch.bool):
        t = torch.div(t, 255.0)  # integers promote to float32: one kernel, the same float32 quotient
        if t.dtype is not torch.float32:  # a changed torch default dtype
            t = t.to(torch.float32)
    else:
        t = t.to(torch.float32).div_(255.0)
    return wrap(t.movedim(-1, -3).contiguous())


def _per_channel(value, c, name):
    if isinstance(value, numbers.Number):
        return [float(value)] * c
    vals = [float(v) for v in value]
    if len(vals) == 1:
        return vals * c
    if len(vals) != c:
        raise MXNetError(f"image.normalize: {name} has {len(vals)} values for {c} channels")
    return vals


def _hashable(v):
    return v if isinstance(v, numbers.Number) else tuple(float(x) for x in v)


@functools.lru_cache(maxsize=64)
def _mean_std(mean, std, c, dtype, device):
    """(mean, std) as (C, 1, 1) tensors, or as python floats when every channel shares one value."""
    ms = _per_channel(mean, c, "mean"), _per_channel(std, c, "std")
    if dtype in (torch.float32, torch.float64) and all(len(set(v)) == 1 for v in ms):
        return ms[0][0], ms[1][0]  # a scalar operand: the same arithmetic in `dtype`, no broadcast tensor
    return tuple(torch.tensor(v, dtype=dtype, device=device).view(c, 1, 1) for v in ms)


@mxop("_image_normalize")
def normalize(data, mean=0.0, std=1.0):
    """(x - mean) / std per channel of CHW or NCHW input (1 or 3 channels); the dtype is kept."""
    t = _input(data, "normalize")
    _need_ndim(t, "normalize", (3, 4), "3-D (C,H,W) or 4-D (N,C,H,W)")
    c = t.shape[-3]
    if c not in (1, 3):
        raise MXNetError(f"image.normalize: the channel dimension must be 1 or 3, got {c} "
                         f"(input shape {tuple(t.shape)}; is it HWC instead of CHW?)")
    ft = t.dtype if t.is_floating_point() else torch.float32
    m, s = _mean_std(_hashable(mean), _hashable(std), c, ft, t.device)
    if t.is_floating_point():
        return wrap(torch.sub(t, m).div_(s))
    # integer input: computed in float, truncated toward zero, wrapped into the dtype (as MXNet's cast)
    return wrap(((t.to(ft) - m) / s).trunc_().to(torch.int64).to(t.dtype))


def _resize_hw(h, w, size, keep_ratio):
    if isinstance(size, numbers.Number):
        size = int(size)
        if size <= 0:
            raise MXNetError(f"image.resize: Input size should be greater than 0, but got {size}")
        if not keep_ratio:
            return size, size
        if h > w:
            return int(h * size / w), size
        return size, int(w * size / h)
    size = tuple(int(s) for s in size)
    if len(size) == 1:
        return _resize_hw(h, w, size[0], keep_ratio)
    if len(size) != 2:
        raise MXNetError(f"image.resize: size must be an int or (width, height), got {size}")
    for value, what in zip(size, ("width", "height")):
        if value <= 0:
            raise MXNetError(f"image.resize: Input {what} should be greater than 0, but got {value}")
    return size[1], size[0]


def _interpolate_hwc(t, oh, ow, interp):
    """Resize HWC or NHWC tensor `t` to (oh, ow) with OpenCV's code `interp`; the dtype is kept.

    MXNet's image.resize and mx.image.imresize are the same OpenCV call, so both go through mx.image's
    OpenCV-compatible kernel (its coordinate mapping, fixed-point uint8 and per-dtype float arithmetic).
    """
    from ..image._resize import resize_mx
    if t.dim() == 4:
        if t.shape[0] == 0:
            return t.new_empty((0, oh, ow, t.shape[3]))
        return torch.stack([resize_mx(img, ow, oh, interp, "image.resize", False) for img in t])
    return resize_mx(t, ow, oh, interp, "image.resize", False)


@mxop("_image_resize")
def resize(data, size=(), keep_ratio=False, interp=1):
    """Resize HWC/NHWC images: an int size gives a square (or the short side with `keep_ratio`), a tuple is (W, H)."""
    t = _input(data, "resize")
    _need_ndim(t, "resize", (3, 4), "3-D (H,W,C) or 4-D (N,H,W,C)")
    h, w = t.shape[-3], t.shape[-2]
    oh, ow = _resize_hw(h, w, size, keep_ratio)
    return wrap(_interpolate_hwc(t, oh, ow, int(interp)))


@mxop("_image_crop")
def crop(data, x=0, y=0, width=0, height=0):
    """The (width x height) window at column x, row y of HWC/NHWC images."""
    t = _input(data, "crop")
    _need_ndim(t, "crop", (3, 4), "3-D (H,W,C) or 4-D (N,H,W,C)")
    h, w = t.shape[-3], t.shape[-2]
    if x < 0 or y < 0 or width <= 0 or height <= 0 or x + width > w or y + height > h:
        raise MXNetError(f"image.crop: window x={x}, y={y}, width={width}, height={height} "
                         f"is outside the {w}x{h} image")
    return wrap(t[..., y:y + height, x:x + width, :].contiguous())


def _flip(data, op, dim):
    t = _input(data, op)
    _need_ndim(t, op, (3,), "3-D (H,W,C)")
    _need_channels(t, op)
    return wrap(torch.flip(t, dims=(dim,)))


def _need_channels(t, op):
    if t.shape[-1] not in (1, 3):
        raise MXNetError(f"image.{op}: the last dimension of input image must be the channel dimension with "
                         f"either 1 or 3 elements, but got input with shape {tuple(t.shape)}")


@mxop("_image_flip_left_right")
def flip_left_right(data):
    """Mirror an HWC image horizontally."""
    return _flip(data, "flip_left_right", 1)


@mxop("_image_flip_top_bottom")
def flip_top_bottom(data):
    """Mirror an HWC image vertically."""
    return _flip(data, "flip_top_bottom", 0)


def _coin():
    return bool(torch.rand(()) < 0.5)


@mxop("_image_random_flip_left_right")
def random_flip_left_right(data):
    """Mirror an HWC image horizontally with probability 1/2 (torch's RNG; `mx.random.seed` seeds it)."""
    out = _flip(data, "random_flip_left_right", 1)
    return out if _coin() else wrap(tensor_of(data).clone())


@mxop("_image_random_flip_top_bottom")
def random_flip_top_bottom(data):
    """Mirror an HWC image vertically with probability 1/2 (torch's RNG; `mx.random.seed` seeds it)."""
    out = _flip(data, "random_flip_top_bottom", 0)
    return out if _coin() else wrap(tensor_of(data).clone())
