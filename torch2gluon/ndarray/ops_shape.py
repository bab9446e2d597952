"""Shape and layout operators: reshape (MXNet's special codes), flatten, transpose, concat, stack, split..."""
import builtins
import functools
import math

import numpy as np
import torch

from ..base import MXNetError, _Null
from ._args import as_axes, as_axis, as_bool, as_tuple
from ._bool_inputs import bool_error
from ._num_args import check_num_args
from ._param_check import all_ints
from .ndarray import NDArray, tensor_of, wrap
from ..util import is_np_shape as _np_shape
from .register import OPS, _tag, mxop, unchecked
from ._nondiff import zero_grad_op


class _InferError(MXNetError):
    """-1 cannot be inferred (the NDArray.reshape method reports this as ValueError, as MXNet does)."""


def infer_reshape(src, codes, reverse=False):
    """Resolve MXNet reshape codes (0, -1, -2, -3, -4) against input shape `src`."""
    if not reverse:  # the common call: plain positive dims (a view of the same size)
        for c in codes:
            if type(c) is not int or c <= 0:
                break
        else:
            if math.prod(codes) == math.prod(src):
                return tuple(codes)
    src = list(src)
    codes = list(codes)
    if reverse:  # MXNet reverses the input shape and the codes, resolves, and reverses the result: a split
        src, codes = src[::-1], codes[::-1]  # is written (a, b, -4) in reverse mode
    out, i, j, infer = [], 0, 0, -1
    while i < len(codes):
        c = codes[i]
        if c > 0:
            out.append(c)
            j += 1
        elif c == 0:
            if j >= len(src):
                raise MXNetError(f"reshape: code 0 at position {i} has no matching input dim in {tuple(src)}")
            out.append(src[j])
            j += 1
        elif c == -1:
            if infer >= 0:
                raise MXNetError("reshape: One and only one dim can be inferred")
            infer = len(out)
            out.append(-1)
            j += 1
        elif c == -2:
            out.extend(src[j:])
            j = len(src)
        elif c == -3:
            if j + 1 >= len(src):
                raise MXNetError("reshape: -3 needs two input dims to merge")
            out.append(src[j] * src[j + 1])
            j += 2
        elif c == -4:
            if i + 2 >= len(codes):
                raise MXNetError("reshape: -4 must be followed by two dims")
            a, b = codes[i + 1], codes[i + 2]
            d = src[j]
            if a == -1:
                a = d // b
            if b == -1:
                b = d // a
            if a * b != d:
                raise MXNetError(f"reshape: cannot split dim {d} into {a} x {b}")
            out.extend([a, b])
            j += 1
            i += 2
        else:
            raise MXNetError(f"reshape: invalid code {c}")
        i += 1
    total = math.prod(src)
    if infer >= 0:
        known = math.prod(d for k, d in enumerate(out) if k != infer) if len(out) > 1 else 1
        if known == 0 or total % known:
            raise _InferError(f"reshape: cannot infer dim for shape {tuple(src)} -> {tuple(codes)}")
        out[infer] = total // known
    if math.prod(out) != total:
        # a smaller target passes MXNet's backend and fails the method's size check (ValueError there)
        raise (_InferError if math.prod(out) < total else MXNetError)(f"reshape: target shape size is different from source. "
                         f"Target: {tuple(out[::-1] if reverse else out)} Source: {tuple(src[::-1] if reverse else src)}")
    return tuple(out[::-1] if reverse else out)


def _target_shape(src, target_shape, keep_highest):
    """MXNet's deprecated `target_shape` (one 0 inferred from the size; `keep_highest` keeps dim 0)."""
    out = list(as_tuple(target_shape))
    if as_bool(keep_highest) and out:
        out[0] = src[0]
    zeros = [k for k in range(1 if as_bool(keep_highest) else 0, len(out)) if out[k] == 0]
    total = int(np.prod(src)) if src else 1
    if len(zeros) == 1:
        rest = int(np.prod([d for k, d in enumerate(out) if k != zeros[0]]))
        out[zeros[0]] = total // rest if rest else 0
    if int(np.prod(out)) != total:  # MXNet does not check (a wrong-sized result): refused here
        raise MXNetError(f"Reshape: target_shape {tuple(as_tuple(target_shape))} gives {tuple(out)}, whose size "
                         f"differs from the input's {tuple(src)}")
    return tuple(out)


@mxop("reshape", "Reshape")
def reshape(data, shape=None, reverse=False, target_shape=None, keep_highest=False):
    """Reshape with MXNet's codes: 0 copy, -1 infer, -2 rest, -3 merge two, -4 split one (`shape` wins over
    the deprecated `target_shape`/`keep_highest`)."""
    t = tensor_of(data)
    if (shape is None or not as_tuple(shape)) and target_shape is not None and as_tuple(target_shape):
        return wrap(t.reshape(_target_shape(tuple(t.shape), target_shape, keep_highest)))
    target = infer_reshape(t.shape, as_tuple(shape), as_bool(reverse))
    return wrap(t.reshape(*target) if target else t.reshape(()))  # unpacked: torch's cheaper entry


Reshape = reshape


def _method_reshape(self, *shape, **kwargs):
    """Reshape (view) with MXNet's special codes; accepts `reshape(2, 3)` or `reshape((2, 3))`."""
    reverse = kwargs.pop("reverse", False)
    if reverse is None:
        reverse = False  # MXNet hands the value to C as a truth value
    if shape:  # a positional shape wins over shape= (MXNet ignores the keyword then)
        kwargs.pop("shape", None)
        if len(shape) == 1 and not isinstance(shape[0], int):
            shape = shape[0]
    else:
        shape = kwargs.pop("shape", None)
        if not shape:  # None, (), 0 (a numpy array of several entries: its own ValueError)
            raise AssertionError("Shape must be provided.")
        if not hasattr(shape, "__len__"):
            raise TypeError(f"object of type '{type(shape).__name__}' has no len()")
    if kwargs:
        raise TypeError(f"Got unknown keywords in reshape: {', '.join(kwargs)}. "
                        f"Accepted keyword arguments are 'shape' and 'reverse'.")
    if isinstance(shape, str) or (isinstance(shape, (tuple, list)) and any(isinstance(s, str) for s in shape)):
        raise TypeError("'str' object cannot be interpreted as an integer")  # MXNet hands C int64s
    try:
        if reverse is False and type(shape) is tuple and shape and self._ctx is None and all_ints(shape):
            t = tensor_of(self)  # the common call, (a view) without the operator wrapper's checks
            return wrap(t.reshape(*infer_reshape(t.shape, shape)))
        out = reshape(self, shape, reverse)
        if self._ctx is not None and isinstance(out, NDArray):
            out._ctx = self._ctx  # the method gives a view: it stays on a cpu_shared/pinned array's context
        return out
    except _InferError:
        from ..util import is_np_shape  # numpy shape semantics: MXNet's C check (MXNetError), else python's
        raise (MXNetError if is_np_shape() else ValueError)(
            f"Cannot reshape array of size {self.size} into shape {tuple(shape)}") from None
    except MXNetError:
        # MXNet's method hands the shape to C as int64s: an entry that is no integer is python's TypeError
        for s in (shape if isinstance(shape, (tuple, list)) else (shape,)):
            if not isinstance(s, (int, np.integer)):
                raise TypeError(f"{type(s).__name__!r} object cannot be interpreted as an integer") from None
        raise


NDArray.reshape = _method_reshape


@mxop("reshape_like")
def reshape_like(lhs, rhs, lhs_begin=None, lhs_end=None, rhs_begin=None, rhs_end=None):
    """Reshape `lhs` to the shape of `rhs`; with begin/end, replace lhs.shape[lhs_begin:lhs_end] by
    rhs.shape[rhs_begin:rhs_end]."""
    t = tensor_of(lhs)
    if lhs_begin is None and lhs_end is None and rhs_begin is None and rhs_end is None:
        if t.dim() == 0 or len(rhs.shape) == 0:  # the default range [0, ndim) of a 0-d operand is empty
            raise MXNetError("reshape_like: Check failed: (*cbegin < *cend): Invalid begin, end, get "
                             "lhs_begin=None, lhs_end=None (a 0-d operand)")
        if t.numel() != rhs.size:
            raise MXNetError(f"reshape_like: cannot reshape {tuple(t.shape)} like {rhs.shape}")
        return wrap(t.reshape(rhs.shape))

    def span(begin, end, ndim):
        b = 0 if begin is None else (int(begin) + ndim if int(begin) < 0 else int(begin))
        e = ndim if end is None else (int(end) + ndim if int(end) < 0 else int(end))
        if not 0 <= b < e <= ndim:
            raise MXNetError(f"reshape_like: invalid range [{begin}, {end}) for {ndim} dimensions")
        return b, e

    lb, le = span(lhs_begin, lhs_end, t.dim())
    rb, re_ = span(rhs_begin, rhs_end, len(rhs.shape))
    shape = tuple(t.shape[:lb]) + tuple(rhs.shape[rb:re_]) + tuple(t.shape[le:])
    if int(np.prod(shape)) != t.numel():
        raise MXNetError(f"reshape_like: cannot reshape {tuple(t.shape)} to {shape}")
    return wrap(t.reshape(shape))


@mxop("Flatten", "flatten")
def flatten(data):
    """Collapse all but the first axis: (N, ...) -> (N, prod(...)); (n,) -> (n, 1)."""
    t = tensor_of(data)
    if t.dim() == 0:
        raise MXNetError("Flatten: Check failed: i >= 0 && i < ndim(): index = 0 must be in range [0, 0)")
    return wrap(t.reshape(t.shape[0], int(np.prod(t.shape[1:]))).clone() if t.dim() != 2 else t.clone())


Flatten = flatten


@mxop("transpose")
def transpose(data, axes=()):
    """Permute axes (reverse them when `axes` is empty)."""
    t = tensor_of(data)
    n = t.dim()
    ax = as_tuple(axes)
    if not ax:
        if n == 2:  # the common call (a matrix): torch's cheapest contiguous copy of the transpose
            return wrap(t.t().contiguous())
        ax = tuple(range(n - 1, -1, -1))
    elif len(ax) != n or sorted(ax) != list(range(n)):  # MXNet's transpose takes no negative axes
        raise MXNetError(f"transpose: axes {ax} is not a permutation of {n} dims")
    return wrap(torch.permute_copy(t, ax))


@mxop("expand_dims")
def expand_dims(data, axis):
    """Insert an axis of size 1 at `axis`."""
    t = tensor_of(data)
    a = axis if type(axis) is int else int(axis)
    n = t.dim()
    if not -n - 1 <= a <= n:
        raise MXNetError(f"expand_dims: axis {a} out of range for {n} dims")
    return wrap(torch.unsqueeze_copy(t, a))  # a copy, as MXNet's operator output (one kernel call)


@mxop("squeeze")
def squeeze(data, axis=None):
    """Remove axes of size 1 (all of them, or those in `axis`)."""
    t = tensor_of(data)
    if axis is None:
        out = t.squeeze()
    else:
        axes = as_axes(axis, t.dim(), False, "squeeze")
        for a in axes:
            if t.shape[a] != 1:
                raise MXNetError(f"squeeze: cannot select an axis to squeeze out which has size "
                                 f"{t.shape[a]} not equal to one")
        out = t.squeeze(axes)
    if out.dim() == 0:
        out = out.reshape(1)
    return wrap(out.clone())  # an operator result: a copy, as in MXNet


@mxop("swapaxes", "SwapAxis")
def swapaxes(data, dim1=0, dim2=0):
    """Swap two axes."""
    t = tensor_of(data)
    return wrap(t.transpose(as_axis(dim1, t.dim(), "swapaxes"), as_axis(dim2, t.dim(), "swapaxes")).contiguous())


def _same_dtype(opname, ts):
    """MXNet's type inference: every input of `opname` has the first one's dtype (torch would promote)."""
    d = ts[0].dtype if ts else None
    for i, t in enumerate(ts):
        if t.dtype != d:
            raise MXNetError(f"{opname}: Non-uniform data type in {opname}, expected data type "
                             f"{str(d)[6:]}, got data type {str(t.dtype)[6:]} for input {i}")


@mxop("concat", "Concat")
def concat(*data, dim=1, num_args=_Null):
    """Concatenate along `dim` (default 1, as in MXNet)."""
    check_num_args("Concat", num_args, len(data))
    ts = [tensor_of(d) for d in data]
    _same_dtype("Concat", ts)
    try:
        return wrap(torch.cat(ts, dim=int(dim)))
    except (RuntimeError, IndexError) as e:
        raise MXNetError(f"concat: incompatible input shapes {[tuple(t.shape) for t in ts]} "
                         f"along dim {dim}: {e}") from None


def _concat_front(generic, impl):
    """`nd.concat(a, b, ..., dim=k)` of plain float/int NDArrays straight to `impl` (the operator's body);
    every other call (out=, name=, num_args=, bool or sparse or non-NDArray inputs, a non-int dim) goes to
    `generic`, the mxop wrapper, unchanged."""
    def concat(*data, dim=1, **kwargs):  # pylint: disable=redefined-outer-name
        if not kwargs and type(dim) is int and -2147483648 <= dim <= 2147483647 and data:
            for d in data:
                if type(d) is not NDArray or d._t.dtype is torch.bool or d._t.numel() < 2:
                    break  # (fewer than 2 elements: maybe an unknown legacy shape, which `generic` checks)
            else:
                res = impl(*data, dim=dim)
                ctx = data[0]._ctx
                if ctx is not None:  # cpu(k)/cpu_shared: the mxop wrapper's context tag
                    _tag(res, ctx)
                return res
        return generic(*data, dim=dim, **kwargs)
    functools.wraps(impl)(concat)
    concat.__mxop__ = generic.__mxop__
    for n in ("concat", "Concat"):
        OPS[n] = concat
    return concat


concat = _concat_front(concat, concat.__wrapped__)
Concat = concat


@mxop("stack")
def stack(*data, axis=0, num_args=_Null):
    """Stack arrays of the same shape along a new axis."""
    check_num_args("stack", num_args, len(data))
    ts = [tensor_of(d) for d in data]
    _same_dtype("stack", ts)
    try:
        return wrap(torch.stack(ts, dim=int(axis)))
    except (RuntimeError, IndexError) as e:
        raise MXNetError(f"stack: incompatible input shapes {[tuple(t.shape) for t in ts]}: {e}") from None


@mxop("split", "SliceChannel")
def split(data, num_outputs, axis=1, squeeze_axis=False):
    """Split into `num_outputs` equal parts along `axis` (one NDArray when num_outputs is 1)."""
    t = tensor_of(data)
    ax = as_axis(axis, t.dim(), "split")
    n = int(num_outputs)
    if t.shape[ax] % n:
        raise MXNetError(f"split: dim {t.shape[ax]} of axis {ax} is not divisible by num_outputs={n}")
    parts = torch.split(t, t.shape[ax] // n, dim=ax)
    if as_bool(squeeze_axis):
        parts = [p.squeeze(ax) for p in parts]
    outs = [wrap(p.clone()) for p in parts]
    return outs[0] if n == 1 else outs


SliceChannel = split


@mxop("slice_axis")
def slice_axis(data, axis, begin, end):
    """Slice [begin, end) along one axis (end None means to the end)."""
    t = tensor_of(data)
    ax = as_axis(axis, t.dim(), "slice_axis")
    n = t.shape[ax]
    b = int(begin) + n if begin is not None and int(begin) < 0 else int(begin or 0)  # no wrapping twice
    e = n if end is None else (int(end) + n if int(end) < 0 else int(end))
    if not 0 <= b < e <= n:
        raise MXNetError(f"slice_axis: invalid range [{begin}, {end}) for axis of size {n}")
    return wrap(t.narrow(ax, b, e - b).clone())


@mxop("slice", "crop")
def slice(data, begin, end, step=()):  # noqa: A001
    """Slice with per-axis begin/end/step tuples (None entries mean the default)."""
    t = tensor_of(data)
    if t.dim() == 0:
        raise MXNetError("slice: Check failed: dshape.ndim() > 0 (0 vs. 0) : slice only works for ndim > 0")
    begin, end = tuple(begin), tuple(end)
    step = tuple(step) if step else (None,) * len(begin)
    if len(begin) != len(end) or len(step) != len(begin):
        raise MXNetError(f"slice: begin {begin}, end {end} and step {step} must have the same length")
    if len(begin) > t.dim():
        raise MXNetError(f"slice: begin {begin} has more axes than the data's {t.dim()} dimensions")
    key = tuple(builtins.slice(b, e, s) for b, e, s in zip(begin, end, step))
    if any(s is not None and s < 0 for s in step):
        out = t
        for ax, (b, e, s) in enumerate(zip(begin, end, step)):
            idx = list(range(t.shape[ax]))[builtins.slice(b, e, s)]  # python slicing: torch has no negative steps
            out = out.index_select(ax, torch.as_tensor(idx, dtype=torch.long, device=t.device))
        return wrap(out)
    return wrap(t[key].clone())


@mxop("tile")
def tile(data, reps):
    """Repeat the whole array `reps` times per axis."""
    reps = as_tuple(reps)
    if any(r <= 0 for r in reps):  # legacy shape mode: a 0 (or negative) dim is unknown
        raise MXNetError(f"tile: reps {reps} must be positive: Operator tile inferring shapes failed")
    return wrap(tensor_of(data).tile(reps))


@mxop("repeat")
def repeat(data, repeats, axis=None):
    """Repeat each element `repeats` times along `axis` (flattened first when axis is None)."""
    t = tensor_of(data)
    if int(repeats) < 0:
        raise MXNetError(f"repeat: repeats must be non-negative, got {repeats}")
    if axis is None:
        return wrap(t.reshape(-1).repeat_interleave(int(repeats)))
    ax = as_axis(axis, t.dim(), "repeat")
    if int(repeats) == 0:  # MXNet's shape inference gives a zero repeat the shape (0,) whatever the axis
        return wrap(t.reshape(-1)[:0].clone())
    return wrap(t.repeat_interleave(int(repeats), dim=ax))


@mxop("flip", "reverse")
def flip(data, axis):
    """Reverse the order of elements along `axis` (non-negative axes only; an axis given twice flips back)."""
    t = tensor_of(data)
    n = t.dim()
    axes = as_tuple(axis)
    if axes is None:
        return wrap(torch.flip(t, as_axes(axis, n, False, "flip")))
    for a in axes:
        if not 0 <= a < n:  # MXNet's reverse reads each axis as an index: no negative axes
            raise MXNetError(f"reverse: index = {a} must be in range [0, {n})")
    odd = tuple(a for a in sorted(set(axes)) if axes.count(a) % 2)
    return wrap(torch.flip(t, odd) if odd else t.clone())


reverse = flip


@mxop("broadcast_to")
def broadcast_to(data, shape):
    """Broadcast to `shape` (a 0 keeps the input's dim)."""
    t = tensor_of(data)
    shp = as_tuple(shape)
    if len(shp) != t.dim() or builtins.any(s < 0 for s in shp):  # the operator prepends no axes (the method does)
        raise MXNetError(f"broadcast_to: Operand of shape {list(t.shape)} cannot be broadcasted to {list(shp)}")
    shp = tuple(t.shape[i] if s == 0 else s for i, s in enumerate(shp))
    try:
        return wrap(t.expand(shp).clone())
    except RuntimeError:
        raise MXNetError(f"broadcast_to: cannot broadcast {tuple(t.shape)} to {shp}") from None


@mxop("broadcast_like")
def broadcast_like(lhs, rhs, lhs_axes=None, rhs_axes=None):
    """Broadcast `lhs` to the shape of `rhs` (optionally only on the given axes)."""
    t = tensor_of(lhs)
    if lhs_axes is None and rhs_axes is None:
        shape = rhs.shape
        if 0 in shape and len(shape) == t.dim() and not _np_shape():
            # legacy shape mode: rhs's 0 dims are unknown, so shape inference keeps lhs's dims there
            shape = tuple(r if r else d for d, r in zip(t.shape, shape))
        return unchecked(broadcast_to)(lhs, shape)  # (broadcast_like's own call checked the inputs)
    if lhs_axes is None or rhs_axes is None:
        raise MXNetError("broadcast_like: lhs_axes and rhs_axes must be given together")
    la_t, ra_t = as_tuple(lhs_axes), as_tuple(rhs_axes or ())
    if not la_t or len(la_t) != len(ra_t):
        raise MXNetError(f"broadcast_like: lhs_axes {lhs_axes} and rhs_axes {rhs_axes} must be non-empty and "
                         "of the same length")
    shp = list(t.shape)
    for la, ra in zip(la_t, ra_t):
        if not (-t.dim() <= la < t.dim() and -rhs.ndim <= ra < rhs.ndim):
            raise MXNetError(f"broadcast_like: axis out of range (lhs_axes {lhs_axes}, rhs_axes {rhs_axes})")
        if shp[la] != 1 and shp[la] != rhs.shape[ra]:
            raise MXNetError(f"broadcast_like: cannot broadcast axis {la} of size {shp[la]} to {rhs.shape[ra]}")
        shp[la] = rhs.shape[ra]
    return wrap(t.expand(shp).clone())


@mxop("broadcast_axis", "broadcast_axes")
def broadcast_axis(data, axis=(), size=()):
    """Broadcast size-1 axes to `size`."""
    t = tensor_of(data)
    shp = list(t.shape)
    axes, sizes = as_tuple(axis), as_tuple(size)
    if len(axes) != len(sizes):
        raise MXNetError(f"broadcast_axis: axis {axes} and size {sizes} must have the same length")
    for a, s in zip(axes, sizes):
        if not 0 <= a < t.dim():  # MXNet takes no negative axes here
            raise MXNetError(f"broadcast_axis: index = {a} must be in range [0, {t.dim()})")
        if shp[a] != 1:
            raise MXNetError(f"broadcast_axis: axis {a} has size {shp[a]}, expected 1")
        shp[a] = s
    if axes and t.dtype is torch.bool:  # MXNet's kernel has no bool (no axes: a plain copy, which has)
        raise bool_error("broadcast_axis")
    return wrap(t.expand(shp).clone())


@mxop("shape_array")
@zero_grad_op
def shape_array(data):
    """The shape as an int64 array."""
    return wrap(torch.tensor(tuple(data.shape), dtype=torch.int64, device=data._t.device))


@mxop("size_array")
@zero_grad_op
def size_array(data):
    """The element count as an int64 array of shape (1,)."""
    return wrap(torch.tensor([data.size], dtype=torch.int64, device=data._t.device))


def _flatten_method(self, inplace=False):
    """`nd.flatten` of this array; with `inplace=True` a view sharing its memory (MXNet's method flag)."""
    out = flatten(self)
    return self.reshape(out.shape) if inplace else out


def _expand_dims_method(self, axis, inplace=False):
    """`nd.expand_dims` of this array; with `inplace=True` a view sharing its memory."""
    out = expand_dims(self, axis=axis)
    return self.reshape(out.shape) if inplace else out


def _squeeze_method(self, axis=None, inplace=False):
    """`nd.squeeze` of this array; with `inplace=True` a view sharing its memory."""
    out = squeeze(self, axis=axis)
    return self.reshape(out.shape) if inplace else out


def _broadcast_to_method(self, shape):
    """Broadcast this array to `shape` (MXNet's method: missing leading axes become 1 first; a non-1 axis that
    differs from `shape`, or a shorter `shape`, is a ValueError; any sequence of ints, a numpy array included)."""
    src = self.shape
    if len(shape) < len(src):
        raise ValueError(f"operands could not be broadcast together with remapped shapes"
                         f"[original->remapped]: {src} and requested shape {shape}")
    padded = (1,) * (len(shape) - len(src)) + src
    if builtins.any(c != s and c != 1 for c, s in zip(padded, shape)):
        raise ValueError(f"operands could not be broadcast together with remapped shapes"
                         f"[original->remapped]: {src} and requested shape {shape}")
    if padded != src:  # MXNet hands `shape` to the operator as given here
        return broadcast_to(self.reshape(padded), shape=shape)
    return broadcast_to(self, shape=tuple(shape))


def _broadcast_like_method(self, other):
    """Broadcast this array to `other.shape` (the checked `broadcast_to` method; no axes arguments)."""
    return self.broadcast_to(other.shape)


_METHODS = {"flatten": _flatten_method, "expand_dims": _expand_dims_method, "squeeze": _squeeze_method,
            "broadcast_to": _broadcast_to_method, "broadcast_like": _broadcast_like_method}


def _attach_methods():
    for name in ("flatten", "transpose", "expand_dims", "squeeze", "swapaxes", "split", "slice_axis",
                 "tile", "repeat", "flip", "broadcast_to", "broadcast_like", "reshape_like",
                 "broadcast_axes"):
        fn = _METHODS.get(name) or globals().get(name) or broadcast_axis
        setattr(NDArray, name, fn)


_attach_methods()
