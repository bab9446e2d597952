"""The shape methods of `mx.np.ndarray` (MXNet 1.9.1's call forms) and the legacy ones it refuses."""
from ..base import MXNetError
from ..ndarray.ndarray import NDArray
from ._wrap import as_np, as_nd
from .multiarray import ndarray
from . import _op_shape as S
from ._op_common import attach


def _reshape(self, *args, **kwargs):
    """A copy with a new shape: `a.reshape(2, 3)` or `a.reshape((2, 3))`; only `order='C'`."""
    order = 'C'
    if len(kwargs) > 1:
        raise TypeError("function takes at most 1 keyword argument")
    if kwargs:
        if "order" not in kwargs:
            raise TypeError(f"{next(iter(kwargs))} is an invalid keyword argument for this function")
        order = kwargs["order"]
        if order != 'C':
            raise NotImplementedError(f"only supports C-order, while received {order}")
    if not args:
        raise TypeError("reshape() takes exactly 1 argument (0 given)")
    shape = args[0] if len(args) == 1 and isinstance(args[0], tuple) else args
    if any(isinstance(v, (list, tuple)) for v in shape):
        raise MXNetError(f"Invalid Parameter format for newshape expect Shape(tuple) but value='{shape}', "
                         "in operator _np_reshape")
    return S.reshape(self, shape, order=order)


def _transpose(self, *axes):
    """A copy with permuted axes: `a.transpose()`, `a.transpose(1, 0)` or `a.transpose((1, 0))`."""
    if not axes:
        axes = None
    elif len(axes) == 1:
        if isinstance(axes[0], (tuple, list)):
            axes = axes[0]
        elif axes[0] is None:
            axes = None
    return S.transpose(self, axes)


def _T(self):  # noqa: N802 - numpy's name
    """The transposed array (a copy)."""
    return S.transpose(self)


def _swapaxes(self, axis1, axis2):
    """A copy with `axis1` and `axis2` interchanged."""
    return S.swapaxes(self, axis1, axis2)


def _flatten(self, order='C'):
    """A 1-d copy of the array."""
    return self.reshape(-1, order=order)


def _squeeze(self, axis=None):
    """A copy without length-1 axes (see `mx.np.squeeze`)."""
    return S.squeeze(self, axis=axis)


def _repeat(self, repeats, axis=None):
    """Repeat elements (see `mx.np.repeat`)."""
    return S.repeat(self, repeats, axis=axis)


def _broadcast_to(self, shape):
    """A copy broadcast to `shape` (see `mx.np.broadcast_to`)."""
    return S.broadcast_to(self, shape)


def _reshape_view(self, *shape, **kwargs):
    """A view (shared memory) with a new shape, by legacy `NDArray.reshape`'s rules (0, -1, -2, -3, -4 codes,
    `reverse`)."""
    return as_np(NDArray.reshape(as_nd(self), *shape, **kwargs))


attach(ndarray, {"reshape_view": _reshape_view})
attach(ndarray, {"reshape": _reshape, "T": property(_T), "transpose": _transpose, "swapaxes": _swapaxes,
                 "flatten": _flatten, "squeeze": _squeeze, "repeat": _repeat, "broadcast_to": _broadcast_to},
       refused=("reshape_like", "expand_dims", "tile", "flip", "split", "split_v2", "slice", "slice_axis",
                "slice_like", "pad", "diag", "broadcast_like", "depth_to_space", "space_to_depth",
                "shape_array", "size_array"))
