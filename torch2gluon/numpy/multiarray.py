"""`mx.np.ndarray`: MXNet 1.9.1's numpy-semantics array, a subclass of `mx.nd.NDArray` over one torch tensor.

This module holds the core surface (printing, properties, indexing, conversion, copies, contexts, autograd
hooks). Arithmetic/comparison operators and the reduction/shape/sort methods are attached to the class by
the modules of those families.
"""
import sys
import warnings

import numpy as np
import torch

from ..base import MXNetError, np_dtype
from ..context import Context, ctx_of_device, tag_for
from ..ndarray.ndarray import NDArray, _new
from ..ndarray._state import STATE, track
from ..ndarray._nondiff import link_through
from ..ndarray._dtypes import py_dtype
from ..ndarray._empty_index import check_first_axis_slice, check_setitem_ranges
from . import _wrap, _index, _dispatch
from ._wrap import wrap_np

__all__ = ["ndarray"]

# Legacy NDArray methods that MXNet's numpy ndarray refuses with AttributeError
_PLAIN = (int, type(None))

_REFUSED = ("asscalar", "reshape_like", "zeros_like", "ones_like", "broadcast_axes", "broadcast_like", "pad",
            "split", "split_v2", "slice", "slice_axis", "slice_like", "one_hot", "pick", "topk",
            "argmax_channel", "abs", "sign", "shape_array", "size_array", "expand_dims", "tile", "flip",
            "depth_to_space", "space_to_depth", "diag", "nansum", "nanprod", "norm", "rcbrt", "softmin")


class ndarray(NDArray):  # noqa: N801 - MXNet's name
    """An n-dimensional array with numpy semantics (`mxnet.numpy.ndarray`): same storage as NDArray."""

    __slots__ = ()

    # ------------------------------------------------------------------ results of this class
    def _like(self, out):
        """`out` (a fresh result) as an `mx.np.ndarray` on this array's context."""
        if type(out) is not ndarray:
            out.__class__ = ndarray
        if self._ctx is not None:
            out._ctx = self._ctx
        return out

    # ------------------------------------------------------------------ numpy's dispatch protocols
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """Official numpy ufuncs on these arrays: MXNet's listed ones run `mx.np`'s function, others numpy's."""
        return _dispatch.array_ufunc(ndarray, ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        """Official numpy functions on these arrays: MXNet's listed ones run `mx.np`'s, others numpy's on copies."""
        return _dispatch.array_function(ndarray, func, types, args, kwargs)

    # ------------------------------------------------------------------ attributes
    @property
    def dtype(self):
        """Data type of the elements, a `numpy.dtype` (e.g. `dtype('float32')`)."""
        return np.dtype(np_dtype(self._t.dtype))

    @property
    def ctx(self):
        """The device context of the array."""
        c = self._ctx
        if c is not None:
            return c
        return ctx_of_device(self._t.device)

    @property
    def context(self):
        """The device context (deprecated in MXNet's numpy ndarray in favour of `ctx`)."""
        warnings.warn("ndarray.context has been renamed to ndarray.ctx", DeprecationWarning)
        return self.ctx

    @property
    def writable(self):
        """Whether the array may be written (always True here)."""
        return True

    @property
    def grad(self):
        """The gradient buffer attached by `attach_grad` (an `mx.np.ndarray`), or None."""
        g = self._grad
        if g is None:
            return None
        return wrap_np(g._t, g._ctx)

    # ------------------------------------------------------------------ printing
    def __repr__(self):
        """numpy's repr with MXNet's suffixes: the dtype unless float32/bool, the context unless cpu."""
        s = repr(self.asnumpy())
        dt = self.dtype
        if "dtype=" in s:
            if dt == np.float32:
                s = s[:s.rindex(",")] + ")"
        elif dt not in (np.float32, np.bool_):
            s = s[:-1] + f", dtype={dt})"
        ctx = self.ctx
        if ctx.device_type == "cpu":
            return s
        return s[:-1] + f", ctx={ctx})"

    def __str__(self):
        """numpy's str, followed by ` @ctx` for arrays (not scalars) off the cpu."""
        s = str(self.asnumpy())
        ctx = self.ctx
        if ctx.device_type == "cpu" or self.ndim == 0:
            return s
        return f"{s} @{ctx}"

    def __format__(self, fmt):
        """Format a 0-d array as its scalar; other arrays only with an empty format spec."""
        if self.ndim == 0:
            return self.item().__format__(fmt)
        if len(fmt) == 0:
            return self.__str__().__format__(fmt)
        raise TypeError("Cannot format mxnet.numpy.ndarray with format_spec")

    # ------------------------------------------------------------------ python protocol
    def __len__(self):
        """Length of the first axis (TypeError for a 0-d array)."""
        if self._t.dim() == 0:
            raise TypeError("len() of unsized object")
        return self._t.shape[0]

    def __iter__(self):
        """Iterate over the first axis (a 0-d array yields nothing, as MXNet's sequence protocol)."""
        if self._t.dim() == 0:
            return
        for i in range(self._t.shape[0]):
            yield self[i]

    def __hash__(self):
        """Unhashable, as in MXNet (raises NotImplementedError)."""
        raise NotImplementedError

    def __bool__(self):
        """Truth of a size-1 array; False (with a DeprecationWarning) when empty; ValueError otherwise."""
        n = self._t.numel()
        if n == 0:
            warnings.warn("The truth value of an empty array is ambiguous. Returning False, but in future this "
                          "will result in an error.", DeprecationWarning)
            return False
        if n == 1:
            return bool(self.item())
        raise ValueError("The truth value of an ndarray with multiple elements is ambiguous.")

    __nonzero__ = __bool__

    def __float__(self):
        """The single element as a python float (TypeError unless size 1)."""
        if self._t.numel() != 1:
            raise TypeError("only size-1 arrays can be converted to Python scalars")
        return float(self.item())

    def __int__(self):
        """The single element as a python int (TypeError unless size 1)."""
        if self._t.numel() != 1:
            raise TypeError("only size-1 arrays can be converted to Python scalars")
        return int(self.item())

    def __reduce__(self):
        ctx = self.ctx
        return (_rebuild_np, (self.asnumpy(), None if ctx.device_type == "cpu" else ctx))  # cpu(k) -> cpu(0)

    def __getitem__(self, key):
        """`self[key]` with numpy semantics: views for contiguous basic indexing, copies otherwise."""
        tp = type(key)
        if tp is int or tp is slice:  # fast paths: x[i], x[a:b] of a contiguous array are views
            t = self._t
            if t.dim() and t.is_contiguous():
                if tp is int:
                    n = t.shape[0]
                    if -n <= key < n:
                        return self._fast(t, key)
                elif key.step is None and type(key.start) in _PLAIN and type(key.stop) in _PLAIN:
                    b, e = key.start, key.stop
                    if b is not None and e is not None and (b > e or (b < 0) is not (e < 0)):
                        check_first_axis_slice(key, t.shape[0])  # MXNet refuses x[5:2] (begin > end)
                    return self._fast(t, key)
        elif tp is tuple and 0 < len(key) <= self._t.dim():  # fast path: x[i, j] (leading integers: a view)
            t = self._t
            if t.is_contiguous():
                shape = t.shape
                for d, k in enumerate(key):
                    if type(k) is not int or not -shape[d] <= k < shape[d]:
                        break
                else:
                    return self._fast(t, key)
        return _index.getitem(self, key, wrap_np)

    def _fast(self, t, key):
        recorded = t.requires_grad
        if recorded and not STATE.recording:
            t = t.detach()
            recorded = False
        out = _new(ndarray)
        out._t = t[key]
        out._grad = None
        out._grad_req = "null"
        out._ctx = self._ctx
        out._fresh_grad = False
        if recorded:
            track(out)
        return out

    def __setitem__(self, key, value):
        """`self[key] = value` with numpy semantics (scalars, arrays and array-likes broadcast)."""
        tk, tv = type(key), type(value)
        if tk is slice and key.start is not None and key.stop is not None and \
                (key.stop < key.start or (key.start < 0) != (key.stop < 0)):
            check_setitem_ranges(key, tuple(self._t.shape), True)  # MXNet refuses x[5:2] = v
        if (tv is float or tv is int) and (tk is int or tk is slice):  # fast path: a number into x[i] / x[a:b]
            t = self._t
            if t.dim() and t.is_floating_point() and not t.requires_grad and \
                    (tk is int and -t.shape[0] <= key < t.shape[0] or
                     tk is slice and key.step is None and type(key.start) in _PLAIN and type(key.stop) in _PLAIN):
                t[key] = value
                return
        elif tv is ndarray and (tk is int or tk is slice):  # fast path: a same-shape array into x[i] / x[a:b]
            t, v = self._t, value._t
            if t.dim() and not t.requires_grad and not v.requires_grad and v.dtype is t.dtype and \
                    v.device == t.device and (tk is int and -t.shape[0] <= key < t.shape[0] or tk is slice and
                                              key.step is None and type(key.start) in _PLAIN and
                                              type(key.stop) in _PLAIN):
                region = t[key]
                if region.shape == v.shape:
                    if v.untyped_storage().data_ptr() == t.untyped_storage().data_ptr():
                        v = v.clone()  # overlapping views (x[1:] = x[:-1]) read the old values, as numpy
                    region.copy_(v)
                    return
        _index.setitem(self, key, value, ndarray)

    def _at(self, idx):
        """The sub-array at position `idx` of the first axis (a view), as MXNet's NDArray._at."""
        n = self.shape[0] if self.ndim else 0
        i = int(idx) + n if int(idx) < 0 else int(idx)
        if i < 0:
            raise IndexError(f"index {idx} is out of bounds for axis 0 with size {n}")
        if i >= n:
            raise MXNetError(f"Check failed: shape_[0] >= end ({n} vs. {i + 1}) : Slice end index out of range")
        return self[i]

    def _slice(self, start, stop):
        """The rows `start:stop` of the first axis (a view), as MXNet's NDArray._slice."""
        if self.ndim == 0:
            raise IndexError("scalar tensor can only accept `()` as index")
        return self[slice(start, stop)]

    # ------------------------------------------------------------------ conversion
    def item(self, *args):
        """An element as a standard python scalar (no argument: the array must have one element)."""
        return self.asnumpy().item(*args)

    def tolist(self):
        """The array as a (nested) python list of python scalars."""
        return self.asnumpy().tolist()

    def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):  # pylint: disable=arguments-differ
        """A copy cast to `dtype` (self when `copy=False` and the dtype already matches)."""
        if order is not None and order not in ("K", "C"):
            raise ValueError("order must be either 'K' or 'C'")
        if casting != "unsafe":
            raise ValueError("casting must be equal to 'unsafe'")
        if not subok:
            raise ValueError("subok must be equal to True")
        td = py_dtype(np.dtype(np.float32 if dtype is None else dtype))  # None: float32, as MXNet's empty
        if not copy and td is self._t.dtype:
            return self
        t = self._t
        if t.requires_grad and not STATE.recording:
            t = t.detach()
        src = t
        if not td.is_floating_point and td is not torch.bool and t.is_floating_point():
            t = torch.trunc(t)
        return self._like(wrap_np(link_through(t.to(td, copy=True), src)))  # MXNet's Cast passes the gradient

    def copy(self, order="C"):  # pylint: disable=arguments-differ
        """A copy on the same context (only C order)."""
        if order != "C":
            raise NotImplementedError(f"ndarray.copy only supports order='C', while received {order}")
        return self.copyto(self.ctx)

    def copyto(self, other):
        """Copy into `mx.np.ndarray` `other` (returned) or onto Context `other` (a new array)."""
        if isinstance(other, ndarray):
            if other._t is self._t:
                warnings.warn("You are attempting to copy an array to itself", RuntimeWarning)
                return False
            return _copy_into(self, other)
        if isinstance(other, Context):
            t = self._t
            if t.requires_grad and not STATE.recording:
                t = t.detach()
            out = wrap_np(t.to(other.torch_device, copy=True), tag_for(other))
            return out
        raise TypeError("copyto does not support type " + str(type(other)))

    def as_in_ctx(self, ctx):
        """This array on `ctx` (self when already there, else a copy)."""
        if self.ctx == ctx:
            return self
        return self.copyto(ctx)

    def as_in_context(self, context):
        """Deprecated alias of `as_in_ctx` (warns as MXNet)."""
        warnings.warn("ndarray.as_in_context has been renamed to ndarray.as_in_ctx", DeprecationWarning)
        return self.as_in_ctx(context)

    def as_nd_ndarray(self):
        """This array as a legacy `mx.nd.NDArray` (shares data and gradient)."""
        return _wrap.as_nd(self)

    def as_np_ndarray(self):
        """Itself (already an `mx.np.ndarray`)."""
        return self

    # ------------------------------------------------------------------ autograd
    def attach_grad(self, grad_req="write"):  # pylint: disable=arguments-differ
        """Allocate a zero gradient buffer and mark this array as an autograd variable."""
        NDArray.attach_grad(self, grad_req)

    def detach(self):
        """A new array sharing data, cut from the autograd graph."""
        return self._like(wrap_np(self._t.detach()))


def _refuse(name):
    def method(self, *args, **kwargs):
        raise AttributeError(f"mxnet.numpy.ndarray object has no attribute {name}")
    method.__name__ = name
    method.__doc__ = f"Refused as in MXNet's numpy ndarray (AttributeError): legacy `{name}`."
    return method


for _name in _REFUSED:
    setattr(ndarray, _name, _refuse(_name))
del _name


def _tostype(self, stype):
    raise AttributeError("mxnet.numpy.ndarray object has no attribute tostype")


_tostype.__doc__ = "Refused as in MXNet's numpy ndarray (AttributeError): storage conversion."
ndarray.tostype = _tostype


def _copy_into(src, dst):
    """`src.copyto(dst)`: same shape required (MXNetError), dtype cast to `dst`'s."""
    from ..ndarray.ndarray import _ensure_inplace_ok
    if src.shape != dst.shape:
        raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node _npi_copyto: "
                         f"expected {dst.shape}, got {src.shape}")
    t = src._t
    _ensure_inplace_ok(dst._t)
    with torch.no_grad():
        dst._t.copy_(t.detach())
    if STATE.recording and t.requires_grad and dst._t.is_floating_point():
        dst._t = t.to(dst._t.dtype, copy=True)  # recorded as MXNet's copy operator: `dst` joins the graph
        track(dst)
    return dst


def _rebuild_np(data, ctx):
    """Unpickle an `mx.np.ndarray` (data, and its context when not a cpu one)."""
    t = torch.from_numpy(np.array(data, order="C"))
    if ctx is not None:
        t = t.to(ctx.torch_device)
    return wrap_np(t, None if ctx is None else tag_for(ctx))


_wrap._CLASS.append(ndarray)
_pool_iter = sys.modules.get(__name__.rsplit(".", 2)[0] + ".gluon.data._pool_iter")
if _pool_iter is not None:  # gluon's DataLoader loaded first: its ForkingPickler reducer covers this class too
    _pool_iter.register_np_reducer(ndarray)
