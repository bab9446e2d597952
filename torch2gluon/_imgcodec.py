"""Image decode/encode with OpenCV's conventions (as MXNet's `_cvimdecode` and `cv2.imencode`) over Pillow/torchvision.

Decoding matches MXNet's OpenCV pixels exactly for JPEG (colour: libjpeg through torchvision/Pillow; grayscale:
libjpeg's own luminance output) and PNG (grayscale: libpng's fixed-point 0.299/0.587 conversion). Other formats
go through Pillow, grayscale by OpenCV's `BGR2GRAY` fixed-point rule.
"""
import io
import logging
import threading

import numpy as np

from .base import MXNetError

__all__ = ["decode", "encode", "DecodeError"]


class DecodeError(MXNetError):
    """The buffer is not an image Pillow/torchvision can decode."""


def _pil():
    from PIL import Image
    return Image


def _png_gray(rgb):
    """libpng's rgb_to_gray (coefficients 0.299/0.587 in 1/32768, truncated), as OpenCV's PNG reader uses."""
    c = rgb.astype(np.uint32)
    return ((c[..., 0] * 9797 + c[..., 1] * 19234 + c[..., 2] * 3737) >> 15).astype(np.uint8)


def _cv_gray(rgb):
    """OpenCV's BGR2GRAY fixed-point rule (coefficients in 1/16384, rounded)."""
    c = rgb.astype(np.uint32)
    return ((c[..., 0] * 4899 + c[..., 1] * 9617 + c[..., 2] * 1868 + 8192) >> 14).astype(np.uint8)


class _QuietPIL(logging.Filter):
    """Drop Pillow's DEBUG records (e.g. PngImagePlugin's `STREAM b'IHDR'` per chunk) made while torch2gluon
    decodes: MXNet decodes with OpenCV, which logs nothing into a script's `logging.basicConfig(DEBUG)`."""

    def __init__(self):
        super().__init__()
        self.active = threading.local()
        self.seen = 0

    def filter(self, record):
        return record.levelno > logging.DEBUG or not getattr(self.active, "on", False)

    def attach(self):
        """Put the filter on every Pillow logger created so far (plugins register theirs when imported)."""
        names = logging.Logger.manager.loggerDict
        if len(names) != self.seen:
            self.seen = len(names)
            for name in list(names):
                if name == "PIL" or name.startswith("PIL."):
                    log = logging.getLogger(name)
                    if self not in log.filters:
                        log.addFilter(self)


_QUIET = _QuietPIL()


# the formats MXNet 1.9.1's bundled OpenCV decodes (GIF, WebP, PPM, ICO, TGA, JPEG 2000 ... fail there);
# Pillow's JPEG opener also returns multi-picture (MPO) JPEGs
_OPENCV_FORMATS = ("PNG", "BMP", "JPEG", "TIFF")


def _open(buf):
    Image = _pil()
    try:
        im = Image.open(io.BytesIO(bytes(buf)), formats=_OPENCV_FORMATS)
    except Exception as e:  # noqa: BLE001 - any decoder failure is an invalid image
        why = "unknown image format" if type(e).__name__ == "UnidentifiedImageError" else e
        raise DecodeError(f"Decoding failed. Invalid image file. ({why})") from None
    return im


def _jpeg_rgb_fast(buf):
    """libjpeg-turbo RGB decode through torchvision's registered operator, or None (Pillow then decodes).

    The operator is called directly: torchvision 0.29's Python wrapper `decode_jpeg` warns a
    DeprecationWarning on every call, which MXNet code (and pytest summaries) would otherwise see per image.
    """
    try:
        import torch
        from torchvision.io.image import ImageReadMode  # importing it loads the image operators
        t = torch.frombuffer(bytearray(buf), dtype=torch.uint8)
        return torch.ops.image.decode_jpeg(t, ImageReadMode.RGB.value, False).permute(1, 2, 0).numpy()
    except Exception:  # noqa: BLE001 - fall back to Pillow (CMYK, other rare JPEGs, no torchvision image ops)
        return None


_GRAY16 = frozenset(("I;16", "I;16B", "I;16L"))


def decode(buf, flag=1, unchanged=False):
    """Decode `buf` to an RGB(A)/gray uint8 numpy array: flag 1 -> (H,W,3), flag 0 -> (H,W,1).

    With `unchanged=True` (OpenCV's IMREAD_UNCHANGED) the stored channels are kept: (H,W) gray, (H,W,3) or (H,W,4).
    """
    if len(buf) == 0:
        raise DecodeError("Input cannot be an empty buffer")
    if flag == 1 and not unchanged and bytes(buf[:3]) == b"\xff\xd8\xff":
        out = _jpeg_rgb_fast(buf)  # JPEG straight to libjpeg-turbo through torchvision
        if out is not None:
            return out
    _QUIET.attach()
    _QUIET.active.on = True
    try:
        return _decode_pil(buf, flag, unchanged)
    finally:
        _QUIET.active.on = False
        _QUIET.attach()


def _decode_pil(buf, flag, unchanged):
    im = _open(buf)
    fmt = im.format
    try:
        if unchanged:
            if im.mode in ("L", "RGB", "RGBA"):
                return np.array(im)
            if im.mode in ("LA", "PA") or (im.mode == "P" and "transparency" in im.info):
                return np.array(im.convert("RGBA"))
            if im.mode in ("I", "I;16", "1"):
                return np.array(im.convert("L"))
            return np.array(im.convert("RGB"))
        if im.mode in _GRAY16:  # 16-bit gray (PNG): OpenCV keeps the high byte; PIL's convert would clip
            gray = (np.array(im).astype(np.uint16) >> 8).astype(np.uint8)
            return gray[..., None] if flag == 0 else np.repeat(gray[..., None], 3, axis=2)
        if flag == 0:
            if fmt == "JPEG":
                im.draft("L", im.size)
                return np.array(im.convert("L"))[..., None]
            if im.mode in ("L", "1", "I"):
                return np.array(im.convert("L"))[..., None]
            rgb = np.array(im.convert("RGB"))
            return (_png_gray(rgb) if fmt == "PNG" else _cv_gray(rgb))[..., None]
        if fmt == "JPEG" and im.mode in ("RGB", "L"):
            out = _jpeg_rgb_fast(buf)
            if out is not None:
                return out
        return np.array(im.convert("RGB"))
    except DecodeError:
        raise
    except Exception as e:  # noqa: BLE001 - truncated/corrupt data surfaces here for lazy decoders
        raise DecodeError(f"Decoding failed. Invalid image file. ({e})") from None


_FORMATS = {".JPG": "JPEG", ".JPEG": "JPEG", ".PNG": "PNG", ".BMP": "BMP"}


def encode(img, img_fmt=".jpg", quality=95):
    """Encode an (H,W), (H,W,1), (H,W,3) or (H,W,4) uint8 array given in RGB(A) order; returns bytes.

    `quality` is JPEG quality 1-100 or PNG compression 0-9 (clamped, as OpenCV does); BMP ignores it.
    """
    key = str(img_fmt).upper()
    if key not in _FORMATS:
        raise NotImplementedError(f"recordio.pack_img: img_fmt={img_fmt!r} is not supported "
                                  "(supported: .jpg, .jpeg, .png, .bmp)")
    arr = np.array(img)
    if arr.dtype != np.uint8:
        raise NotImplementedError(f"recordio.pack_img: images of dtype {arr.dtype} are not supported (uint8 only)")
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[..., 0]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)):
        raise MXNetError(f"recordio.pack_img: cannot encode an image of shape {np.shape(img)}")
    fmt = _FORMATS[key]
    pil = _pil().fromarray(np.ascontiguousarray(arr))
    out = io.BytesIO()
    if fmt == "JPEG":
        if arr.ndim == 3 and arr.shape[2] == 4:
            pil = pil.convert("RGB")
        pil.save(out, format="JPEG", quality=int(min(max(int(quality), 0), 100)))
    elif fmt == "PNG":
        pil.save(out, format="PNG", compress_level=int(min(max(int(quality), 0), 9)))
    else:
        pil.save(out, format=fmt)
    return out.getvalue()
