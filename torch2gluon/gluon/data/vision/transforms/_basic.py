"""The basic transforms: Compose, Cast, ToTensor, Normalize, Resize, crops and flips."""
import numbers
import random

import numpy as np

from ..... import ndarray as _nd
from .....ndarray import image as _image
from .....ndarray.ndarray import NDArray
from .....util import _NP
from ....block import Block, HybridBlock
from ....nn import Sequential, HybridSequential

__all__ = ["Compose", "HybridCompose", "Cast", "ToTensor", "Normalize", "Resize", "CenterCrop", "CropResize",
           "RandomFlipLeftRight", "RandomFlipTopBottom"]


def _np_out(out):
    """Numpy mode (`npx.set_np()`): a transform's output as an `mx.np.ndarray` (a view), as MXNet's `npx.image`."""
    if _NP.array:
        from .....numpy._wrap import as_np_out
        return as_np_out(out)
    return out


def _check_input(x):
    """`x` as a legacy NDArray for the legacy image operators (an `mx.np.ndarray` as a zero-copy view, as
    MXNet's transforms call `npx.image` on it); anything else than an array is MXNet's ValueError."""
    if not isinstance(x, NDArray):
        raise ValueError("In HybridBlock, there must be one NDArray or one Symbol in the input. "
                         "Please check the type of the args.")
    if type(x) is not NDArray and _NP.array:
        from .....numpy._wrap import as_nd, np_class
        if isinstance(x, np_class()):
            return as_nd(x)
    return x


class _Transform(HybridBlock):
    """A parameter-free image transform: the input must be an NDArray, as in MXNet."""

    def forward(self, x, *args):
        x = _check_input(x)
        return _np_out(self.hybrid_forward(_nd, x, *args))


def _hooked(block):
    return bool(block._forward_hooks or block._forward_pre_hooks)


def _flat_plan(children):
    """(leaf transforms in call order, every block involved), or None when a child needs its own __call__.

    A leaf is a parameter-free built-in transform whose forward is `_Transform.forward`; a
    HybridSequential of leaves (what Compose builds) is flattened.
    """
    plan, involved = [], []
    for child in children:
        if type(child).forward is _Transform.forward:
            plan.append(child)
        elif type(child) is HybridSequential and not child._reg_params and \
                all(type(g).forward is _Transform.forward for g in child._children.values()):
            plan.extend(child._children.values())
        else:
            return None
        involved.append(child)
    return plan, involved + [p for p in plan if p not in involved]


class Compose(Sequential):
    """Apply transforms in order; consecutive HybridBlocks are grouped into a hybridized HybridSequential.

    When every step is a built-in parameter-free transform without hooks, the steps run in one flat
    loop (same operators, same results) instead of nested Block calls: the per-sample path of a
    DataLoader spends most of its time in those calls.
    """

    def forward(self, x, *args):
        """Run the transforms in order."""
        if not args and isinstance(x, NDArray) and x._ctx is None:
            kids = tuple(self._children.values())
            cached = self.__dict__.get("_plan_cache")
            if cached is None or cached[0] != kids:
                cached = (kids, _flat_plan(kids))
                self.__dict__["_plan_cache"] = cached
            flat = cached[1]
            if flat is not None and not any(_hooked(b) for b in flat[1]):
                x = _check_input(x)
                for t in flat[0]:
                    x = t.hybrid_forward(_nd, x)
                return _np_out(x)
        return super().forward(x, *args)

    def __init__(self, transforms):
        super().__init__()
        run = []
        for t in list(transforms) + [None]:
            if isinstance(t, HybridBlock):
                run.append(t)
                continue
            if len(run) == 1:
                self.add(run[0])
            elif len(run) > 1:
                group = HybridSequential()
                for h in run:
                    group.add(h)
                group.hybridize()
                self.add(group)
            run = []
            if t is not None:
                self.add(t)


class HybridCompose(HybridSequential):
    """Apply HybridBlock transforms in order as one hybridized HybridSequential (MXNet 2.x; not in 1.9.1)."""

    def __init__(self, transforms):
        super().__init__()
        for t in transforms:
            if not isinstance(t, HybridBlock):
                raise ValueError(f"{t} is not a HybridBlock, try use `Compose` instead")
            self.add(t)
        self.hybridize()


class Cast(_Transform):
    """Cast the input to `dtype` (float32 by default)."""

    def __init__(self, dtype="float32"):
        super().__init__()
        self._dtype = dtype

    def hybrid_forward(self, F, x):
        return x.astype(self._dtype)


class ToTensor(_Transform):
    """HWC/NHWC image (any dtype) -> CHW/NCHW float32 in [0, 1] (always divided by 255)."""

    def hybrid_forward(self, F, x):
        return _image.to_tensor(x)


class Normalize(_Transform):
    """(x - mean) / std per channel of a CHW/NCHW float tensor; scalars broadcast to every channel."""

    def __init__(self, mean=0.0, std=1.0):
        super().__init__()
        self._mean = mean
        self._std = std

    def hybrid_forward(self, F, x):
        return _image.normalize(x, self._mean, self._std)


class Resize(_Transform):
    """Resize HWC images: int -> square (short side with keep_ratio), tuple -> (W, H); dtype kept."""

    def __init__(self, size, keep_ratio=False, interpolation=1):
        super().__init__()
        self._keep = keep_ratio
        self._size = size
        self._interpolation = interpolation

    def hybrid_forward(self, F, x):
        return _image.resize(x, self._size, self._keep, self._interpolation)


class CropResize(_Transform):
    """Crop the (width x height) window at (x, y), then resize it to `size` if given."""

    def __init__(self, x, y, width, height, size=None, interpolation=None):
        super().__init__()
        self._x, self._y, self._width, self._height = x, y, width, height
        self._size = size
        self._interpolation = interpolation

    def hybrid_forward(self, F, x):
        out = _image.crop(x, self._x, self._y, self._width, self._height)
        if self._size:
            interp = 1 if self._interpolation is None else self._interpolation
            out = _image.resize(out, self._size, False, interp)
        return out


def _scale_down(src_size, size):
    """Shrink the crop size (w, h) to fit in the image (w, h), keeping its aspect ratio."""
    w, h = size
    sw, sh = src_size
    if sh < h:
        w, h = float(w * sh) / h, sh
    if sw < w:
        w, h = sw, float(h * sw) / w
    return int(w), int(h)


def _auto_interp(interp, oh, ow, nh, nw):
    if interp == 9:
        if nh > oh and nw > ow:
            return 2
        if nh < oh and nw < ow:
            return 3
        return 1
    if interp == 10:  # as mx.image: a method drawn from python's `random`, the same draw as MXNet
        return random.randint(0, 4)
    if interp not in (0, 1, 2, 3, 4):
        raise ValueError(f"Unknown interp method {interp}")
    return interp


class CenterCrop(Block):
    """Crop the centre (w, h) of an HWC image (an int gives a square), resizing if the image is smaller."""

    def __init__(self, size, interpolation=1):
        super().__init__()
        if isinstance(size, numbers.Number):
            size = (size, size)
        self._args = (size, interpolation)

    def forward(self, x):
        x = _check_input(x)
        (cw, ch), interp = self._args
        h, w = x.shape[0], x.shape[1]
        nw, nh = _scale_down((w, h), (cw, ch))
        x0, y0 = int((w - nw) / 2), int((h - nh) / 2)
        out = _image.crop(x, x0, y0, nw, nh)
        if (nw, nh) != (cw, ch):
            out = _image.resize(out, (cw, ch), False, _auto_interp(interp, nh, nw, ch, cw))
        return _np_out(out)


class RandomFlipLeftRight(_Transform):
    """Mirror an HWC image horizontally with probability 1/2."""

    def hybrid_forward(self, F, x):
        return _image.random_flip_left_right(x)


class RandomFlipTopBottom(_Transform):
    """Mirror an HWC image vertically with probability 1/2."""

    def hybrid_forward(self, F, x):
        return _image.random_flip_top_bottom(x)
