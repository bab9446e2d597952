"""`mx.np` shape manipulation: reshape, ravel, transpose, swapaxes, moveaxis, expand_dims, squeeze, broadcast_to,
broadcast_arrays, atleast_Nd, flip(lr/ud), roll, rot90, tile, repeat. Results are copies, as in MXNet."""
import numpy as _onp
import torch

from ..base import MXNetError
from ..ndarray._nondiff import link
from ..ndarray.ndarray import NDArray
from ._ufunc import NUMERIC
from ._op_common import need_array, need_arrays, axes_of, result, tin, is_int, no_extra, _bad_param, no_bool
from ..ndarray._int_grad import ShadowFunction

__all__ = ["reshape", "ravel", "transpose", "swapaxes", "moveaxis", "expand_dims", "squeeze", "broadcast_to",
           "broadcast_arrays", "atleast_1d", "atleast_2d", "atleast_3d", "flip", "fliplr", "flipud", "roll",
           "rot90", "tile", "repeat"]


def _ints(v, name, opname, what="Shape(tuple)"):
    """An int or a tuple/list of ints as a tuple of ints (MXNet's parameter-format error otherwise)."""
    if is_int(v):
        return (int(v),)
    if isinstance(v, (tuple, list)) and all(is_int(x) for x in v):
        return tuple(int(x) for x in v)
    raise _bad_param(name, what, v, opname)


def _new_shape(shape, size, opname):
    """numpy's reshape target: one -1 inferred; every other entry non-negative; sizes must match."""
    shape = list(shape)
    unknown = [i for i, n in enumerate(shape) if n == -1]
    if any(n < -1 for n in shape):
        raise MXNetError(f"{opname}: invalid dimension in newshape {tuple(shape)} (only -1 may be negative)")
    if len(unknown) > 1:
        raise MXNetError(f"{opname}: can only specify one unknown dimension, got newshape {tuple(shape)}")
    known = 1
    for n in shape:
        if n != -1:
            known *= n
    if unknown:
        if known == 0:
            raise MXNetError(f"{opname}: cannot infer the -1 dimension of {tuple(shape)} next to a 0 dimension")
        if size % known:
            raise MXNetError(f"{opname}: cannot reshape array of size {size} into shape {tuple(shape)}")
        shape[unknown[0]] = size // known
    elif known != size:
        raise MXNetError(f"{opname}: cannot reshape array of size {size} into shape {tuple(shape)}")
    return tuple(shape)


def _copy(t):
    """A fresh copy that keeps the autograd link (MXNet's shape operators return new arrays)."""
    return t.clone()


def reshape(a, newshape, order='C', out=None, **kwargs):
    """`a` with shape `newshape` (one entry may be -1), as a new array; MXNet 1.9.1's operator takes any `order`
    and always reads and writes C order, and so does this one."""
    no_extra(kwargs, "_np_reshape")
    need_array(a)
    t = tin(a)
    shape = _new_shape(_ints(newshape, "newshape", "_np_reshape"), t.numel(), "_np_reshape")
    return result(_copy(t.reshape(shape)), a, out, "_np_reshape")


def ravel(x, order='C'):
    """The flattened array (a new 1-d array)."""
    if order != 'C':
        raise NotImplementedError(f"order {order} is not supported")
    if not hasattr(x, "_t"):
        raise TypeError(f"type {type(x)} not supported")
    return result(_copy(tin(x).reshape(-1)), x)


def transpose(a, axes=None, **kwargs):
    """`a` with its axes permuted by `axes` (reversed by default)."""
    no_extra(kwargs, "_np_transpose")
    need_array(a)
    t = tin(a)
    no_bool(t, t.numel() > 0)
    nd = t.dim()
    if axes is None or (isinstance(axes, (tuple, list)) and len(axes) == 0 and nd == 0):
        perm = tuple(range(nd - 1, -1, -1))
    else:
        raw = _ints(axes, "axes", "_np_transpose")
        if len(raw) != nd:
            raise MXNetError(f"_np_transpose: axes {tuple(raw)} do not match an array of {nd} dimensions")
        for x in raw:
            if not -nd <= x < nd:
                raise MXNetError(f"_np_transpose: axis {x} is out of bounds for array of dimension {nd}")
        perm = tuple(x % nd for x in raw)
        if len(set(perm)) != nd:
            raise ValueError(f"_np_transpose: repeated axis in transpose {tuple(raw)}")
    return result(_copy(t.permute(perm)), a)


def _swap_axis(v, name, nd):
    if not is_int(v):
        raise _bad_param(name, "int", v, "SwapAxis")
    v = int(v)
    if not -nd <= v < nd:
        raise MXNetError(f"SwapAxis: {name} {v} is out of bounds for array of dimension {nd}")
    return v % nd


def swapaxes(a, axis1, axis2):
    """`a` with axes `axis1` and `axis2` interchanged."""
    need_array(a)
    t = no_bool(tin(a))
    d1, d2 = _swap_axis(axis1, "dim1", t.dim()), _swap_axis(axis2, "dim2", t.dim())
    return result(_copy(t.transpose(d1, d2)), a)


def moveaxis(a, source, destination, **kwargs):
    """`a` with axes `source` moved to positions `destination` (the others keep their order)."""
    no_extra(kwargs, "_np_moveaxis")
    need_array(a)
    t = no_bool(tin(a))
    nd = t.dim()
    src = _ints(source, "source", "_np_moveaxis")
    dst = _ints(destination, "destination", "_np_moveaxis")
    if len(src) != len(dst):
        raise MXNetError("_np_moveaxis: `source` and `destination` arguments must have the same number of elements")
    for v in src + dst:
        if not -nd <= v < nd:
            raise MXNetError(f"_np_moveaxis: axis {v} is out of bounds for array of dimension {nd}")
    src = [v % nd for v in src]
    dst = [v % nd for v in dst]
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise MXNetError("_np_moveaxis: repeated axis in `source` or `destination` argument")
    return result(_copy(torch.movedim(t, src, dst)), a)


def expand_dims(a, axis):
    """`a` with a new axis of length 1 inserted at `axis`."""
    need_array(a)
    if not is_int(axis):
        raise _bad_param("axis", "int", axis, "expand_dims")
    t = tin(a)
    ax = int(axis)
    if not -(t.dim() + 1) <= ax <= t.dim():
        raise MXNetError(f"expand_dims: axis {ax} is out of bounds for array of dimension {t.dim() + 1}")
    return result(_copy(t.unsqueeze(ax % (t.dim() + 1))), a)


def squeeze(a, axis=None, out=None, **kwargs):
    """`a` without the length-1 axes (`axis`: only those, each must have length 1)."""
    no_extra(kwargs, "_np_squeeze")
    need_array(a)
    t = tin(a)
    if axis is None:
        shape = [n for n in t.shape if n != 1]
    else:
        if isinstance(axis, (tuple, list)):  # MXNet squeezes a repeated axis once
            axis = tuple(dict.fromkeys(ax + t.dim() if is_int(ax) and -t.dim() <= ax < 0 else ax for ax in axis))
        axes = axes_of(axis, t.dim(), "_np_squeeze")
        for ax in axes:
            if t.shape[ax] != 1:
                raise MXNetError(f"_np_squeeze: cannot select an axis to squeeze out which has size not equal to "
                                 f"one (axis {ax} has size {t.shape[ax]})")
        shape = [n for i, n in enumerate(t.shape) if i not in axes]
    return result(_copy(t.reshape(shape)), a, out, "_np_squeeze")


def _broadcast_shape(src, dst, opname):
    if len(src) > len(dst):
        raise MXNetError(f"{opname}: cannot broadcast an array of shape {tuple(src)} to shape {tuple(dst)}")
    for i in range(1, len(src) + 1):
        if src[-i] != dst[-i] and src[-i] != 1:
            raise MXNetError(f"{opname}: cannot broadcast an array of shape {tuple(src)} to shape {tuple(dst)}")


def broadcast_to(array, shape):
    """`array` broadcast to `shape` (numpy rules; -2 keeps the input's dimension there, MXNet's extension), as a
    new array; a python/numpy scalar gives `full(shape, array)`."""
    if _onp.isscalar(array) and not isinstance(array, (str, bytes)):
        from ._op_create import full  # pylint: disable=import-outside-toplevel
        return full(shape, array)
    need_array(array, "array")
    t = tin(array)
    shape = _ints(shape, "shape", "_np_broadcast_to")
    lead = len(shape) - t.dim()
    if any(n == -2 for n in shape):
        if any(n == -2 for n in shape[:max(lead, 0)]):
            raise MXNetError(f"_np_broadcast_to: shape {shape}: -2 (keep the input's size) where the input "
                             f"of shape {tuple(t.shape)} has no dimension")
        shape = tuple(t.shape[i - lead] if n == -2 else n for i, n in enumerate(shape))
    if any(n < 0 for n in shape):
        raise MXNetError(f"_np_broadcast_to: negative dimension in shape {shape}")
    _broadcast_shape(t.shape, shape, "_np_broadcast_to")
    return result(_copy(t.expand(shape)), array)


def broadcast_arrays(*args):
    """The arrays broadcast against each other (a list of new arrays)."""
    args = need_arrays(args, legacy=True)
    shape = ()
    for x in args:
        try:
            shape = tuple(torch.broadcast_shapes(shape, tuple(x.shape)))
        except RuntimeError:
            raise ValueError(f"shape1={shape} is not broadcastable to shape2={tuple(x.shape)}") from None
    if all(tuple(x.shape) == shape for x in args):  # nothing to broadcast: MXNet returns the inputs themselves
        return list(args)
    return [result(_copy(tin(x).expand(shape)), x) for x in args]


def _atleast(arys, n, place):
    arys = need_arrays(arys)
    if not arys:
        raise MXNetError(f"Number of input arrays must be at least 1, in operator _np_atleast_{n}d")
    outs = []
    for x in arys:
        t = tin(x)
        if t.dim() < n:
            t = t.reshape(place(tuple(t.shape)))
        outs.append(result(link(t.detach().clone(), [t]), x))  # MXNet 1.9.1: a zero gradient
    return outs[0] if len(outs) == 1 else outs


def atleast_1d(*arys):
    """Each input as a new array with at least 1 dimension (a list when several are given; zero gradient as in
    MXNet 1.9.1)."""
    return _atleast(arys, 1, lambda s: s or (1,))


def atleast_2d(*arys):
    """Each input with at least 2 dimensions (1-d `(N,)` becomes `(1, N)`)."""
    return _atleast(arys, 2, lambda s: (1,) * (2 - len(s)) + s)


def atleast_3d(*arys):
    """Each input with at least 3 dimensions (`(N,)` becomes `(1, N, 1)`, `(M, N)` becomes `(M, N, 1)`)."""
    return _atleast(arys, 3, lambda s: (1, 1, 1) if not s else ((1,) + s + (1,) if len(s) == 1 else s + (1,)))


def flip(m, axis=None, out=None):
    """`m` with the order of elements reversed along `axis` (all axes by default)."""
    need_array(m, "m")
    t = tin(m)
    no_bool(t, t.numel() > 0)
    axes = axes_of(axis, t.dim(), "_np_flip", scalar_ok=False)
    if axis is not None and t.numel() and any(x < 0 for x in ((axis,) if is_int(axis) else axis)):
        raise MXNetError(f"_np_flip: axis {axis} must be in range [0, {t.dim()}) (MXNet 1.9.1 takes no negative axis)")
    return result(t.flip(axes) if axes else _copy(t), m, out, "_np_flip")


def fliplr(m):
    """`m` flipped left/right (axis 1)."""
    return flip(m, 1)


def flipud(m):
    """`m` flipped up/down (axis 0)."""
    return flip(m, 0)


def roll(a, shift, axis=None, **kwargs):
    """`a` with elements shifted by `shift` along `axis` (the flattened array by default)."""
    no_extra(kwargs, "_np_roll")
    need_array(a)
    t = tin(a)
    no_bool(t, t.numel() > 0)  # an empty array is returned without running MXNet's kernel
    shifts = _ints(shift, "shift", "_np_roll", "Shape or None")
    if axis is None:
        if len(shifts) != 1:
            raise MXNetError("_np_roll: shift must be an int when axis is None")
        return result(torch.roll(t.reshape(-1), shifts[0]).reshape(t.shape), a)
    axes = _ints(axis, "axis", "_np_roll", "Shape or None")
    nd = t.dim()
    for ax in axes:
        if not -nd <= ax < nd:
            raise MXNetError(f"_np_roll: axis {ax} is out of bounds for array of dimension {nd}")
    if len(shifts) == 1:
        shifts = shifts * len(axes)
    if len(shifts) != len(axes):
        raise MXNetError("_np_roll: shift and `axis` must be a tuple of the same size")
    return result(torch.roll(t, shifts, tuple(ax % nd for ax in axes)), a)


def rot90(m, k=1, axes=(0, 1)):
    """`m` rotated by 90 degrees `k` times in the plane of `axes` (from the first axis towards the second)."""
    need_array(m, "m")
    t = no_bool(tin(m))
    if not is_int(k):
        raise _bad_param("k", "int", k, "_np_rot90")
    axes = _ints(axes, "axes", "_np_rot90")
    nd = t.dim()
    if len(axes) != 2:
        raise MXNetError("_np_rot90: len(axes) must be 2")
    for ax in axes:
        if not -nd <= ax < nd:
            raise MXNetError(f"_np_rot90: axis {ax} is out of bounds for array of dimension {nd}")
    a0, a1 = axes[0] % nd, axes[1] % nd
    if a0 == a1:
        raise MXNetError("_np_rot90: axes must be different")
    if t.requires_grad:
        return result(_Rot90.apply(t, int(k), (a0, a1)), m)
    return result(_copy(torch.rot90(t, int(k), (a0, a1))), m)


class _Rot90(ShadowFunction):  # pylint: disable=abstract-method
    """rot90 with MXNet 1.9.1's gradient: the head gradient rotated by the SAME k (not -k) in the same plane."""

    @staticmethod
    def forward(ctx, t, k, dims):  # pylint: disable=arguments-differ
        ctx.k, ctx.dims = k, dims
        return torch.rot90(t, k, dims).clone()

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        return torch.rot90(g, ctx.k, ctx.dims).clone(), None, None


def tile(A, reps):  # noqa: N803 - numpy's name
    """`A` repeated `reps` times per axis (numpy's rules for unequal lengths); a python/numpy scalar `A` gives
    numpy's own result (a numpy array), as MXNet."""
    if isinstance(A, NUMERIC):
        return _onp.tile(A, reps)
    if not isinstance(A, NDArray):
        raise TypeError(f"type {type(A)} not supported")
    need_array(A, "A")
    t = tin(A)
    reps = _ints(reps, "reps", "_npi_tile")
    if any(r < 0 for r in reps):
        raise MXNetError(f"_npi_tile: negative repetition in reps {reps}")
    if not reps:
        return result(_copy(t), A)
    nd = max(len(reps), t.dim())
    t = t.reshape((1,) * (nd - t.dim()) + tuple(t.shape))
    reps = (1,) * (nd - len(reps)) + reps
    if t.numel():
        _tile_limit(reps, t.shape)
    return result(t.repeat(reps), A)


def _tile_limit(reps, shape):
    """MXNet 1.9.1 tiles by broadcasting a (rep, size) pair of axes per axis; after dropping length-1 axes and
    merging neighbours of the same kind it handles at most 5 axes ('Too many reduction axes' otherwise)."""
    kinds = []
    for r, n in zip(reps, shape):
        for kind, size in (("b", r), ("n", n)):
            if size != 1 and (not kinds or kinds[-1] != kind):
                kinds.append(kind)
    if len(kinds) > 5:
        src = [v for r, n in zip(reps, shape) for v in (r, n)]
        dst = [v for n in shape for v in (1, n)]
        raise MXNetError(f"Too many reduction axes from {src} to {dst}".replace(" ", ""))


def repeat(a, repeats, axis=None, out=None, **kwargs):
    """Each element of `a` repeated `repeats` times along `axis` (the flattened array by default); `out`: the
    array to write (MXNet's generated operator takes it)."""
    no_extra(kwargs, "repeat")
    need_array(a)
    if not is_int(repeats):
        raise _bad_param("repeats", "int", repeats, "repeat")
    if repeats < 0:
        raise MXNetError(f"repeat: repeats can not be a negative number, got {repeats}")
    t = tin(a)
    if repeats == 0:  # MXNet 1.9.1 gives an empty 1-d array whatever the axis
        return result(t.reshape(-1)[:0].clone(), a, out, "repeat")
    if axis is None:
        return result(torch.repeat_interleave(t.reshape(-1), int(repeats)), a, out, "repeat")
    if not is_int(axis):
        raise _bad_param("axis", "int or None", axis, "repeat")
    nd = t.dim()
    if not -nd <= axis < nd:
        raise MXNetError(f"repeat: axis {axis} is out of bounds for array of dimension {nd}")
    return result(torch.repeat_interleave(t, int(repeats), dim=int(axis) % nd), a, out, "repeat")


from . import _op_join  # noqa: E402 - joining and splitting live in their own module
from ._op_join import *  # noqa: E402,F401,F403

__all__ += _op_join.__all__

from . import _op_index  # noqa: E402 - diagonals, insert/delete, pad... live in their own module
from ._op_index import *  # noqa: E402,F401,F403

__all__ += _op_index.__all__

from . import _methods_shape  # noqa: E402,F401 - attaches the ndarray methods of this family
