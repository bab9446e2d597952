"""`mx.image.imrotate` / `random_rotate`: rotate float32 CHW (or NCHW) images about their centre (MXNet 1.9.1)."""
import numbers

import numpy as np

from .. import ndarray as nd

__all__ = ["imrotate", "random_rotate"]


def imrotate(src, rotation_degrees, zoom_in=False, zoom_out=False):
    """Rotate float32 (C,H,W)/(N,C,H,W) images by `rotation_degrees` (scalar or one per image) with bilinear
    sampling; `zoom_in` scales so no padding shows, `zoom_out` so the whole image stays visible."""
    if zoom_in and zoom_out:
        raise ValueError("`zoom_in` and `zoom_out` cannot be both True")
    if src.dtype is not np.float32:
        raise TypeError("Only `float32` images are supported by this function")
    single = False
    if src.ndim == 3:
        single = True
        src = src.expand_dims(axis=0)
        if not isinstance(rotation_degrees, numbers.Number):
            raise TypeError("When a single image is passed the rotation angle is required to be a scalar.")
    elif src.ndim != 4:
        raise ValueError("Only 3D and 4D are supported by this function")
    if isinstance(rotation_degrees, numbers.Number):
        rotation_degrees = nd.array([rotation_degrees] * len(src), ctx=src.context)
    if len(src) != len(rotation_degrees):
        raise ValueError("The number of images must be equal to the number of rotation angles")
    rad = (np.pi * rotation_degrees.as_in_context(src.context) / 180).expand_dims(axis=1).expand_dims(axis=2)
    _, _, h, w = src.shape
    hs, ws = float(h - 1) / 2, float(w - 1) / 2
    ys = (nd.repeat(nd.arange(h, ctx=src.context).astype("float32").reshape(h, 1), w, axis=1) - hs) \
        .expand_dims(axis=0)
    xs = (nd.repeat(nd.arange(w, ctx=src.context).astype("float32").reshape(1, w), h, axis=0) - ws) \
        .expand_dims(axis=0)
    cos, sin = nd.cos(rad), nd.sin(rad)
    x_rot = (xs * cos - ys * sin) / ws  # normalise after rotating so the aspect ratio is kept
    y_rot = (xs * sin + ys * cos) / hs
    hh, ww = nd.array([h], ctx=src.context), nd.array([w], ctx=src.context)
    scale = 1
    if zoom_in or zoom_out:
        rho = nd.sqrt(hh * hh + ww * ww)
        ang = nd.arctan(hh / ww)
        c1x = nd.abs(rho * nd.cos(ang + nd.abs(rad)))
        c1y = nd.abs(rho * nd.sin(ang + nd.abs(rad)))
        c2x = nd.abs(rho * nd.cos(ang - nd.abs(rad)))
        c2y = nd.abs(rho * nd.sin(ang - nd.abs(rad)))
        max_x, max_y = nd.maximum(c1x, c2x), nd.maximum(c1y, c2y)
        if zoom_out:
            scale = nd.maximum(max_x / ww, max_y / hh)
        else:
            scale = nd.minimum(ww / max_x, hh / max_y)
        scale = scale.expand_dims(axis=3)
    grid = nd.concat(x_rot.expand_dims(axis=1), y_rot.expand_dims(axis=1), dim=1) * scale
    out = nd.BilinearSampler(src, grid)
    return out[0] if single else out


def random_rotate(src, angle_limits, zoom_in=False, zoom_out=False):
    """`imrotate` by angles drawn uniformly (numpy's RNG) from `angle_limits` (one per image for NCHW)."""
    if src.ndim == 3:
        degrees = np.random.uniform(*angle_limits)
    else:
        degrees = nd.array(np.random.uniform(*angle_limits, size=src.shape[0]))
    return imrotate(src, degrees, zoom_in=zoom_in, zoom_out=zoom_out)
