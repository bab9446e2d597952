"""`mx.image` functions: decode, resize, crop and normalise HWC images held in NDArrays (MXNet 1.9.1).

Randomness comes from Python's `random` module, as in MXNet, so `random.seed(k)` reproduces MXNet's crops.
"""
import numbers
import random
import warnings

import numpy as np
import torch

from .. import _imgcodec
from ..base import MXNetError
from ..ndarray._param_check import check_param, kinds_for
from ..ndarray.ndarray import NDArray, tensor_of, wrap
from ..ndarray.register import _write_out
from ..util import is_np_array
from ._resize import resize_mx

__all__ = ["imread", "imdecode", "imresize", "scale_down", "copyMakeBorder", "resize_short", "fixed_crop",
           "random_crop", "center_crop", "color_normalize", "random_size_crop"]


# MXNet runs these as numpy operators (`_npi_cv*`: mx.np.ndarray in and out) under numpy array semantics
_NP_OPS = frozenset(("_cvimread", "_cvimdecode", "_cvimresize"))


def _np_mode(op):
    return op in _NP_OPS and is_np_array()


def _result(t, out, op):
    if _np_mode(op):
        from ..numpy._wrap import wrap_np
        res = wrap_np(t)
    else:
        res = wrap(t)
    if out is not None:
        return _write_out(res, out, op)
    return res


_STORED_CHANNELS = {"1": 1, "L": 1, "I": 1, "I;16": 1, "I;16B": 1, "I;16L": 1, "F": 1, "LA": 2, "PA": 4, "RGBA": 4}
_DEEP_MODES = frozenset(("I", "I;16", "I;16B", "I;16L", "F"))


def _opencv_output_fits(buf, flag):
    """Whether OpenCV's imdecode with `flag` > 1 gives the 3-channel uint8 image MXNet allots for it:
    IMREAD_LOAD_GDAL (8) keeps the stored channels and depth, IMREAD_ANYDEPTH (2) the stored depth;
    otherwise IMREAD_COLOR (1), or IMREAD_ANYCOLOR (4) on a multi-channel image, gives 3 channels, else 1."""
    im = _imgcodec._open(buf)
    cn = _STORED_CHANNELS.get(im.mode, 4 if im.mode == "P" and "transparency" in im.info else 3)
    if flag & 10 and im.mode in _DEEP_MODES:
        return False
    if flag & 8:
        return cn == 3
    return bool(flag & 1 or (flag & 4 and cn > 1))


def _decode_to_nd(buf, flag, to_rgb, out, op):
    p = _op_params(op, dict(flag=flag, to_rgb=to_rgb), minimum={"flag": 0})
    flag, to_rgb = p["flag"], p["to_rgb"]
    img = _imgcodec.decode(buf, flag=min(flag, 1))
    if flag > 1 and not _opencv_output_fits(buf, flag):  # MXNet allots 3 uint8 channels for every flag but 0
        raise MXNetError(f"{op}: Check failed: static_cast<void*>(dst.ptr()) == out->data().dptr_ (OpenCV "
                         f"decodes this image with flag={flag} to another layout than MXNet's 3-channel uint8)")
    if not to_rgb and img.shape[2] == 3:
        img = img[..., ::-1]
    return _result(torch.from_numpy(np.ascontiguousarray(img)), out, op)


def imread(filename, flag=1, to_rgb=True, out=None):
    """Read and decode an image file to an HWC uint8 NDArray (RGB by default, BGR with to_rgb=False)."""
    try:
        with open(filename, "rb") as f:
            buf = f.read()
    except OSError as e:
        raise MXNetError(f"Imread: '{filename}' couldn't open file: {e.strerror or e}") from None
    try:
        return _decode_to_nd(buf, flag, to_rgb, out, "_cvimread")
    except _imgcodec.DecodeError as e:
        raise _imgcodec.DecodeError(f"Imread: {filename!r}: {e}") from None


def imdecode(buf, flag=1, to_rgb=1, out=None):
    """Decode an encoded image (bytes, bytearray, numpy or uint8 NDArray) to an HWC uint8 NDArray."""
    if isinstance(buf, NDArray):
        if buf.dtype != np.uint8:
            raise MXNetError("_cvimdecode: the buffer must be a uint8 NDArray")
        data = tensor_of(buf).cpu().numpy().tobytes()
    elif isinstance(buf, (bytes, bytearray, np.ndarray)):
        data = np.frombuffer(buf, dtype=np.uint8).tobytes() if isinstance(buf, np.ndarray) else bytes(buf)
    else:
        raise ValueError("buf must be of type bytes, bytearray or numpy.ndarray,"
                         "if you would like to input type str, please convert to bytes")
    return _decode_to_nd(data, flag, to_rgb, out, "_cvimdecode")


def _hwc(src, op):
    if not isinstance(src, NDArray):
        raise TypeError(f"{op}: expects an NDArray, got {type(src).__name__}")
    from ..numpy._wrap import np_class
    if isinstance(src, np_class()) != _np_mode(op):  # numpy operators take mx.np arrays only, legacy ones NDArrays
        kind = "numpy" if _np_mode(op) else "legacy"
        raise TypeError(f"Operator `{op}` registered in backend is a {kind} operator which can only accept "
                        f"{'MXNet numpy' if kind == 'numpy' else 'legacy'} ndarrays, while received "
                        f"{'a legacy' if kind == 'numpy' else 'an MXNet numpy'} ndarray.")
    t = tensor_of(src)
    if t.dim() != 3:
        raise MXNetError(f"{op}: expects a 3-D (H, W, C) image, got shape {tuple(t.shape)}")
    return t


def _op_params(op, given, minimum=None):
    """MXNet's parameter parsing of operator `op` (names in sorted order, as its error messages show): each
    value in its declared type (else "Invalid Parameter format" MXNetError), at least `minimum[name]`."""
    kinds = kinds_for([op])
    parsed = {}
    for name in sorted(given):
        v = parsed[name] = check_param(given[name], kinds[name], name, op)
        lo = (minimum or {}).get(name)
        if lo is not None and v < lo:
            raise MXNetError(f"value {v} for Parameter {name} should be greater equal to {lo}, in operator {op}")
    return parsed


def imresize(src, w, h, interp=1, out=None):
    """Resize an HWC image to width `w`, height `h` with OpenCV interpolation code `interp` (dtype kept)."""
    t = _hwc(src, "_cvimresize")
    p = _op_params("_cvimresize", dict(w=w, h=h, interp=interp), minimum={"w": 1, "h": 1})
    return _result(resize_mx(t, p["w"], p["h"], p["interp"], "image.imresize", True), out, "_cvimresize")


def scale_down(src_size, size):
    """Shrink `size` (w, h) to fit in `src_size` (w, h) keeping its aspect ratio."""
    w, h = size
    sw, sh = src_size
    if sh < h:
        w, h = float(w * sh) / h, sh
    if sw < w:
        w, h = sw, float(h * sw) / w
    return int(w), int(h)


def _border_index(n, before, after, kind):
    """Source index of every output position along one axis for OpenCV border `kind` (1-4)."""
    p = np.arange(-before, n + after)
    if kind == 1:
        return np.clip(p, 0, n - 1)
    if kind == 3:
        return np.mod(p, n)
    if n == 1:
        return np.zeros_like(p)
    delta = 1 if kind == 4 else 0
    while ((p < 0) | (p >= n)).any():
        p = np.where(p < 0, -p - 1 + delta, p)
        p = np.where(p >= n, 2 * n - p - 1 - delta, p)
    return p


def copyMakeBorder(src, top, bot, left, right, type=0, value=0.0, values=(), out=None):  # noqa: A002
    """Pad an HWC image: type 0 constant (`value`, or per-channel `values`), 1 replicate, 2 reflect, 3 wrap,
    4 reflect-101 (OpenCV's border codes)."""
    t = _hwc(src, "_cvcopyMakeBorder")
    p = _op_params("_cvcopyMakeBorder", dict(top=top, bot=bot, left=left, right=right, type=type, value=value,
                                             values=values))
    top, bot, left, right, type, value, values = (p[k] for k in ("top", "bot", "left", "right", "type", "value",
                                                                 "values"))
    if type not in (0, 1, 2, 3, 4):
        raise MXNetError(f"_cvcopyMakeBorder: unknown border type {type}")
    if min(top, bot, left, right) < 0:
        raise MXNetError("_cvcopyMakeBorder: OpenCV error: Assertion failed (top >= 0 && bottom >= 0 && left >= 0 "
                         "&& right >= 0) in copyMakeBorder")
    h, w, c = t.shape
    if type == 0:
        fill = torch.empty((h + top + bot, w + left + right, c), dtype=t.dtype, device=t.device)
        vals = list(values) if len(values) else [value] * c
        vals = torch.tensor((vals + [0.0] * c)[:c], dtype=torch.float64)
        if not t.dtype.is_floating_point:  # OpenCV's saturate_cast: round half to even, clamp to the dtype
            info = torch.iinfo(t.dtype)
            vals = torch.round(vals).clamp(info.min, info.max)
        fill[...] = vals.to(t.dtype)
        fill[top:top + h, left:left + w] = t
        return _result(fill, out, "_cvcopyMakeBorder")
    rows = torch.from_numpy(_border_index(h, top, bot, type)).to(t.device)
    cols = torch.from_numpy(_border_index(w, left, right, type)).to(t.device)
    return _result(t[rows][:, cols].contiguous(), out, "_cvcopyMakeBorder")


def _get_interp_method(interp, sizes=()):
    """Resolve codes 9 (auto: cubic to enlarge, area to shrink, else bilinear) and 10 (random 0-4)."""
    if interp == 9:
        if sizes:
            assert len(sizes) == 4
            oh, ow, nh, nw = sizes
            if nh > oh and nw > ow:
                return 2
            if nh < oh and nw < ow:
                return 3
            return 1
        return 2
    if interp == 10:
        return random.randint(0, 4)
    if interp not in (0, 1, 2, 3, 4):
        raise ValueError("Unknown interp method %d" % interp)
    return interp


def resize_short(src, size, interp=2):
    """Resize so that the shorter side is `size` (the other side scaled by integer arithmetic)."""
    h, w, _ = src.shape
    if h > w:
        new_h, new_w = size * h // w, size
    else:
        new_h, new_w = size, size * w // h
    return imresize(src, new_w, new_h, interp=_get_interp_method(interp, (h, w, new_h, new_w)))


def fixed_crop(src, x0, y0, w, h, size=None, interp=2):
    """The (w, h) window at (x0, y0), resized to `size` (w, h) when given and different."""
    out = src[y0:y0 + h, x0:x0 + w]
    if size is not None and (w, h) != size:
        out = imresize(out, *size, interp=_get_interp_method(interp, (h, w, size[1], size[0])))
    return out


def random_crop(src, size, interp=2):
    """A random window of `size` (w, h) (scaled down to fit), resized to `size`; returns (image, (x0, y0, w, h))."""
    h, w, _ = src.shape
    new_w, new_h = scale_down((w, h), size)
    x0 = random.randint(0, w - new_w)
    y0 = random.randint(0, h - new_h)
    return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)


def center_crop(src, size, interp=2):
    """The central window of `size` (w, h) (scaled down to fit), resized to `size`; returns (image, box)."""
    h, w, _ = src.shape
    new_w, new_h = scale_down((w, h), size)
    x0 = int((w - new_w) / 2)
    y0 = int((h - new_h) / 2)
    return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)


def color_normalize(src, mean, std=None):
    """`(src - mean) / std` computed in place on `src` (either may be None)."""
    if mean is not None:
        src -= mean
    if std is not None:
        src /= std
    return src


def random_size_crop(src, size, area, ratio, interp=2, **kwargs):
    """Random crop of random area fraction `area` and aspect `ratio` (10 tries, then center crop); resized to size."""
    h, w, _ = src.shape
    src_area = h * w
    if "min_area" in kwargs:
        warnings.warn("`min_area` is deprecated. Please use `area` instead.", DeprecationWarning)
        area = kwargs.pop("min_area")
    assert not kwargs, "unexpected keyword arguments for `random_size_crop`."
    if isinstance(area, numbers.Number):
        area = (area, 1.0)
    for _ in range(10):
        target_area = random.uniform(area[0], area[1]) * src_area
        log_ratio = (np.log(ratio[0]), np.log(ratio[1]))
        new_ratio = np.exp(random.uniform(*log_ratio))
        new_w = int(round(np.sqrt(target_area * new_ratio)))
        new_h = int(round(np.sqrt(target_area / new_ratio)))
        if new_w <= w and new_h <= h:
            x0 = random.randint(0, w - new_w)
            y0 = random.randint(0, h - new_h)
            return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)
    return center_crop(src, size, interp)
