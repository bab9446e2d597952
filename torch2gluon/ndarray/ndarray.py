"""`NDArray`: a thin wrapper over one `torch.Tensor` with MXNet 1.9.1's surface semantics."""
import numbers
import operator
from builtins import slice as py_slice  # noqa: F401  (MXNet's module exposes the builtin under this name)

import numpy as np
import torch

from ._bool_inputs import bool_error
from ..base import MXNetError, np_dtype, torch_dtype, _Null
from ..context import Context, current_context, ctx_of_device, op_tag, tag_for
from ..util import is_np_array, is_np_shape
from ._deferred_error import check as check_failed, inherit as inherit_failure, raise_pending
from ._state import STATE, track
from . import _tie_grad
from ._nondiff import link as _link, link_through as _link_through, link_copy as _link_copy, int_head as _int_head
from ._dtypes import py_dtype as _py_dtype
from ._mod_zero import mod_by_zero
from ._pow_grad import pow_mx
from ._overlap import assign_overlapping, shares_storage
from ._empty_index import check_empty_getitem, check_first_axis_slice, check_setitem_ranges, setitem_needs_check
from ._unknown_shape import legacy_unknown, shape_error

__all__ = ["NDArray", "tensor_of", "wrap", "from_torch", "waitall"]

# MXNet's module constants (its unit tests and some libraries import them); only 'default' storage exists here
_STORAGE_TYPE_UNDEFINED, _STORAGE_TYPE_DEFAULT, _STORAGE_TYPE_ROW_SPARSE, _STORAGE_TYPE_CSR = -1, 0, 1, 2
_STORAGE_TYPE_STR_TO_ID = {"undefined": -1, "default": 0, "row_sparse": 1, "csr": 2}
_STORAGE_TYPE_ID_TO_STR = {v: k for k, v in _STORAGE_TYPE_STR_TO_ID.items()}
_GRAD_REQ_MAP = {"null": 0, "write": 1, "add": 3}

_INT_DTYPES = (torch.int32, torch.int64, torch.int8, torch.uint8)
_FLOAT_DTYPES = (torch.float32, torch.float64, torch.float16)
_SCALAR_AS_IS = (torch.float32, torch.float64)  # float16 rounds a python scalar to half first, as MXNet does


def tensor_of(a):
    """The tensor behind NDArray `a` as an op input: detached from torch autograd outside `record()`."""
    t = a._t
    if t.requires_grad and not STATE.recording:
        return t.detach()
    return t


_new = object.__new__  # NDArray.__new__, without its per-call lookup


def wrap(t):
    """Wrap a torch tensor as an NDArray (no copy)."""
    # Inlined on hot paths (NDArray.__getitem__, _bin_method, ops_elemwise._unary): a new slot must be set
    # there too (tests/ndarray/test_op_dispatch.py checks every slot of their results).
    a = _new(NDArray)
    a._t = t
    a._grad = None
    a._grad_req = "null"
    a._ctx = None
    a._fresh_grad = False
    if t.requires_grad and not t.is_leaf:  # a recorded operator's output
        track(a)
    return a


def from_torch(tensor):
    """Zero-copy view of a torch tensor as an NDArray (gradients do not flow through it)."""
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"from_torch expects a torch.Tensor, got {type(tensor).__name__}")
    np_dtype(tensor.dtype)  # raises KeyError for unsupported dtypes
    return wrap(tensor.detach())


def waitall():
    """Wait for all pending computation (synchronises CUDA; CPU work is already done); raises the first
    operator error not reported yet, as MXNet's engine (see _deferred_error.py)."""
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        torch.cuda.synchronize()
    raise_pending()


def _writable(a):
    """`a`, copied when read-only (torch warns on wrapping a non-writable numpy array; MXNet copies silently)."""
    return a if a.flags.writeable else a.copy()


def _scalar_for(t, value):
    """Cast a python/numpy scalar to `t`'s dtype first, as MXNet does (2.7 -> 2 for ints, 300 -> 44 for uint8)."""
    if t.dtype is torch.float16:
        return float(np.float16(value))  # MXNet's kernels cast the scalar to the array's dtype (h * 1.1)
    if t.dtype in _FLOAT_DTYPES:
        return float(value)
    if t.dtype is torch.bool:
        return bool(value)
    return np.array(value).astype(np_dtype(t.dtype)).item()


def _check_binary(a, b, opname):
    if a.dtype is torch.bool:
        raise MXNetError(f"Operator broadcast_{opname} does not support boolean type")
    if a.dtype is not b.dtype:
        raise MXNetError(f"{opname}: Incompatible attr in node at 1-th input: expected "
                         f"{np.dtype(np_dtype(a.dtype)).name}, got {np.dtype(np_dtype(b.dtype)).name}")
    if a.shape != b.shape:
        for da, db in zip(reversed(a.shape), reversed(b.shape)):  # torch.broadcast_shapes costs ~50 us
            if da != db and da != 1 and db != 1:
                raise MXNetError(f"{opname}: Operator broadcast_{opname} shape inconsistent: "
                                 f"lhs {tuple(a.shape)}, rhs {tuple(b.shape)}")
    if a.device != b.device:
        raise MXNetError(f"{opname}: operands are on different contexts "
                         f"({ctx_of_device(a.device)} and {ctx_of_device(b.device)})")


def _other(self, other, opname):
    """Normalise the right operand of a binary operator to a tensor or a dtype-cast scalar."""
    if isinstance(other, NDArray):
        if type(other) is not NDArray:  # an mx.np array: MXNet's broadcast_X legacy operator refuses it
            from ._np_inputs import refuse_np  # pylint: disable=import-outside-toplevel
            refuse_np(other, f"broadcast_{opname}")
        b = tensor_of(other)
        _check_binary(self._t, b, opname)
        return b
    if isinstance(other, (numbers.Number, np.generic)) and not isinstance(other, np.ndarray):
        return _scalar_for(self._t, other)
    raise TypeError(f"type {type(other)} not supported")


def _int_div(a, b):
    if isinstance(b, torch.Tensor):
        if (b == 0).any():
            raise MXNetError("integer division by zero")
    elif b == 0:
        raise MXNetError("integer division by zero")
    return torch.div(a, b, rounding_mode="trunc")


def _div(a, b):
    if a.dtype in _INT_DTYPES:
        return _int_div(a, b)
    return torch.true_divide(a, b)


def _rdiv(a, s):
    if a.dtype in _INT_DTYPES:
        return _int_div(torch.full_like(a, s), a)
    return torch.true_divide(s, a)


def _mod(a, b):
    """Floored modulo; x % 0 is 0 in MXNet (torch gives NaN for floats and raises for ints)."""
    if isinstance(b, torch.Tensor):
        zero = b == 0
        if zero.any():
            if (a.requires_grad or b.requires_grad) and a.is_floating_point():
                return mod_by_zero(a, b)  # MXNet's gradients (1; -floor(a/b)) at the zero divisors
            safe = torch.where(zero, torch.ones_like(b), b)
            return torch.where(zero, torch.zeros_like(a), torch.remainder(a, safe))
        return torch.remainder(a, b)
    if b == 0:
        return mod_by_zero(a, 0.0) if a.requires_grad else torch.zeros_like(a)
    return torch.remainder(a, b)


def _rmod(a, s):
    return _mod(torch.full_like(a, s), a)


def _pow(a, b):
    if a.dtype in _INT_DTYPES and ((b < 0).any() if isinstance(b, torch.Tensor) else b < 0):
        # torch refuses int ** negative int; MXNet computes it in floating point and truncates.
        bd = b.double() if isinstance(b, torch.Tensor) else float(b)
        return torch.trunc(torch.pow(a.double(), bd)).to(a.dtype)
    return pow_mx(a, b)  # MXNet's gradient formulas (nan/inf at a zero base or exponent)


def _rpow(a, s):
    if a.dtype in _INT_DTYPES:
        return _pow(torch.full_like(a, s), a)
    return pow_mx(s, a)


def _cmp(fn):
    def f(a, b):
        out = fn(a, b).to(a.dtype)
        if STATE.recording:  # MXNet keeps comparisons in the graph with a zero gradient
            out = _link(out, (a, b))
        return out
    return f


_BINARY = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": _div, "mod": _mod,
    "power": _pow, "maximum": _tie_grad.maximum, "minimum": _tie_grad.minimum,
    "equal": _cmp(torch.eq), "not_equal": _cmp(torch.ne), "greater": _cmp(torch.gt),
    "greater_equal": _cmp(torch.ge), "lesser": _cmp(torch.lt), "lesser_equal": _cmp(torch.le),
}


# MXNet's operator behind `array <op> scalar` / `scalar <op> array` (named in shape errors)
_SCALAR_OP = {"add": "_plus_scalar", "sub": "_minus_scalar", "mul": "_mul_scalar", "div": "_div_scalar",
              "mod": "_mod_scalar", "power": "_power_scalar", "equal": "_equal_scalar",
              "not_equal": "_not_equal_scalar", "greater": "_greater_scalar",
              "greater_equal": "_greater_equal_scalar", "lesser": "_lesser_scalar",
              "lesser_equal": "_lesser_equal_scalar"}
_RSCALAR_OP = {"add": "_plus_scalar", "sub": "_rminus_scalar", "mul": "_mul_scalar", "div": "_rdiv_scalar",
               "mod": "_rmod_scalar", "power": "_rpower_scalar"}


def _check_known(opname, a, b=None):
    """MXNet's shape error of NDArray operator `opname` when tensor `a` or `b` is 0-d or zero-size in legacy
    shape mode (the callers test `numel() < 2` first; _unknown_shape.py)."""
    if legacy_unknown(a) or (b is not None and b.numel() < 2 and legacy_unknown(b)):
        raise shape_error(opname, (a,) if b is None else (a, b))


def _binary_tensor(opname, a, b):
    """Compute `a op b` for tensors/scalars with MXNet dtype semantics (no promotion)."""
    fn = _BINARY[opname]
    if not isinstance(b, torch.Tensor) and opname in ("maximum", "minimum"):
        b = torch.tensor(b, dtype=a.dtype, device=a.device)
    return fn(a, b)


def _bin_method(opname):
    """`NDArray.__<op>__`: `NDArray._bin` with its hot case (a python scalar on a float array) inlined."""
    fn = _BINARY[opname]
    assert opname not in ("maximum", "minimum")  # those need a tensor operand (see _binary_tensor)

    def method(self, other):
        t = self._t
        tp = type(other)
        if (tp is float or tp is int) and t.dtype in _SCALAR_AS_IS:  # the scalar is used as is
            if t.numel() < 2 and legacy_unknown(t):  # 0-d / zero-size: unknown shape to MXNet's operator
                raise shape_error(_SCALAR_OP[opname], (t,))
            recorded = t.requires_grad  # read once
            if recorded and not STATE.recording:
                t = t.detach()
                recorded = False
            out = _new(NDArray)  # wrap(...) and _like, inlined
            out._t = fn(t, other if tp is float else float(other))
            out._grad = None
            out._grad_req = "null"
            c = self._ctx
            out._ctx = c if c is None else op_tag(c)
            out._fresh_grad = False
            if recorded:
                track(out)
            return out
        if STATE.cached and isinstance(other, NDArray) and other.shape != self.shape:
            _graph_elemwise_error(opname, self, other)
        return self._bin(other, opname)
    method.__name__ = f"__{opname}__"
    return method


# The symbol operator each NDArray operator becomes in a hybridized block's graph: elementwise, no broadcasting.
_GRAPH_ELEMWISE = {
    "add": "elemwise_add", "sub": "elemwise_sub", "mul": "elemwise_mul", "div": "elemwise_div", "mod": "_mod",
    "power": "_power", "equal": "_equal", "not_equal": "_not_equal", "greater": "_greater",
    "greater_equal": "_greater_equal", "lesser": "_lesser", "lesser_equal": "_lesser_equal",
}


def _graph_elemwise_error(opname, a, b):
    """Two arrays of different shapes under `a <op> b` inside a hybridized block: MXNet traced the operator as
    the Symbol's elementwise operator, whose shape inference refuses them (NDArrays broadcast; Symbols do not)."""
    raise MXNetError(f"{_GRAPH_ELEMWISE[opname]}: shapes must be equal, got {tuple(a.shape)} and "
                     f"{tuple(b.shape)} (in a hybridized block `{opname}` of two arrays is the Symbol's "
                     "elementwise operator, which does not broadcast; use F.broadcast_* )")


_INPLACE_MSG = "Inplace operations (+=, -=, x[:]=, etc) are not supported when recording with autograd."


def _ensure_inplace_ok(t):
    if STATE.recording and t.requires_grad:
        raise MXNetError(_INPLACE_MSG)


def unversioned(arr, t):
    """The tensor to write NDArray `arr`'s data `t` through in place so that a graph recorded earlier which saved
    `t` reads the new values in its backward pass, as MXNet's engine does (torch would refuse the modified saved
    tensor). Dense floating arrays only: integer arrays (whose float shadows) and sparse arrays (whose stored
    parts) are revalidated by the tensor's version, which a write through `t.data` leaves unchanged."""
    if t.is_floating_point() and not t.__dict__ and arr.stype == "default":
        return t.data
    return t


def _ensure_whole_region(t, key):
    """Under record(), assigning a recorded array is allowed only into the whole array through a basic key with
    forward steps (MXNet copies it then); writing it into part of an array, through a reversing slice or through an
    advanced (list / array) key is an in-place operator (_slice_assign, _scatter_set_nd), which MXNet refuses."""
    keys = key if isinstance(key, tuple) else (key,)
    if _has_neg_step(key) or not all(k is None or k is Ellipsis or isinstance(k, slice) or (
            isinstance(k, (numbers.Integral, np.integer)) and not isinstance(k, (bool, np.bool_))) for k in keys):
        raise MXNetError(_INPLACE_MSG)
    try:
        n = t.detach()[key].numel()
    except (IndexError, TypeError, ValueError, RuntimeError):
        return  # an invalid key: the assignment itself reports it
    if n != t.numel():
        raise MXNetError(_INPLACE_MSG)


def _idx_tensor(k, device):
    if isinstance(k, NDArray):
        if type(k) is not NDArray and k._t.dim():  # an mx.np index array: MXNet's legacy take refuses it
            from ._np_inputs import is_np  # pylint: disable=import-outside-toplevel
            if is_np(k):
                raise AssertionError(f"Argument indices must have NDArray type, but got [{k!r}]")
        if k._t.dtype is torch.bool:  # a mask: MXNet's NDArray takes it only under npx.set_np()
            if not is_np_array():
                raise ValueError("Cannot perform boolean indexing in legacy mode. Please activate numpy "
                                 "semantics by calling `npx.set_np()` in the global scope before calling "
                                 "this function.")
            return k._t.detach().to(device=device)
        return k._t.detach().to(device=device, dtype=torch.long)
    arr = np.asarray(k)
    if arr.dtype == np.bool_:
        arr = arr.astype(np.int64)  # MXNet treats a bool array as 0/1 indices, not a mask
    if arr.dtype.kind == "f":
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise ValueError(f"NDArray does not support slicing with key {k!r} of type {type(k)}")
    return torch.as_tensor(arr, dtype=torch.long, device=device)


def _value_array(arr, value):
    """A non-NDArray, non-scalar value assigned into `arr` as MXNet reads it: `nd.array(value, dtype=arr.dtype)`
    (None is nan in a float array); what that cannot read is MXNet's TypeError."""
    try:
        return np.asarray(value, dtype=np.dtype(np_dtype(arr._t.dtype)))
    except Exception:  # noqa: BLE001 - MXNet turns any failure of the conversion into this TypeError
        raise TypeError(f"{type(arr)} does not support assignment with non-array-like object {value} of type "
                        f"{type(value)}") from None


def _refuse_np_value(arr, value):
    """MXNet's TypeError for an `mx.np.ndarray` assigned into legacy NDArray `arr` (it takes no numpy arrays)."""
    from ._np_inputs import is_np  # pylint: disable=import-outside-toplevel
    if is_np(value):
        raise TypeError(f"{type(arr)} does not support assignment with non-array-like object {value} of type "
                        f"{type(value)}")


def _refuse_np_key(key):
    """An `mx.np.ndarray` index array in a legacy NDArray assignment: MXNet fails on it with AttributeError (its
    advanced-index path reads `.shape` of the converted key); here a clear AttributeError."""
    for k in (key if isinstance(key, tuple) else (key,)):
        if isinstance(k, NDArray) and type(k) is not NDArray and k._t.dim():
            from ._np_inputs import is_np  # pylint: disable=import-outside-toplevel
            if is_np(k):
                raise AttributeError("NDArray.__setitem__: an mx.np.ndarray index is not supported by a legacy "
                                     "NDArray (MXNet fails on it); call as_nd_ndarray() on the index")


def _part_basic(key):
    """Whether `key` is basic indexing (ints, slices) that selects part of an array: MXNet writes an array
    value there with _slice_assign (whole-array keys copy, advanced keys scatter)."""
    keys = key if isinstance(key, tuple) else (key,)
    part = False
    for k in keys:
        if isinstance(k, slice):
            part = part or k != slice(None)
        elif isinstance(k, (numbers.Integral, np.integer)) and not isinstance(k, (bool, np.bool_)):
            part = True
        elif k is not None and k is not Ellipsis:
            return False  # advanced indexing
    return part


def _has_neg_step(key):
    if isinstance(key, slice):
        return key.step is not None and key.step < 0
    return isinstance(key, tuple) and any(isinstance(k, slice) and k.step is not None and k.step < 0
                                          for k in key)


def _flip_neg_steps(key, t):
    """torch has no negative strides: flip the dims sliced with a negative step and slice forward instead.

    Returns (key', dims) such that `t.flip(dims)[key']` equals numpy's `t[key]`.
    """
    keys = key if isinstance(key, tuple) else (key,)
    n_used = sum(1 for k in keys if k is not None and k is not Ellipsis)
    out, dims, dim = [], [], 0
    for k in keys:
        if k is Ellipsis:
            out.append(k)
            dim += t.dim() - n_used
            continue
        if k is None:
            out.append(k)
            continue
        if isinstance(k, slice) and k.step is not None and k.step < 0:
            n = t.shape[dim]
            r = range(*k.indices(n))
            k = slice(0, 0) if len(r) == 0 else slice(n - 1 - r[0], n - r[-1], -k.step)
            dims.append(dim)
        out.append(k)
        dim += 1
    return (tuple(out) if isinstance(key, tuple) else out[0]), dims


def _index_0d(t, key):
    """Index a 0-d array as MXNet does: `x[()]` is a 0-d view; an Ellipsis leaves an empty key (ValueError)."""
    if isinstance(key, tuple) and len(key) == 0:
        return t
    keys = key if isinstance(key, tuple) else (key,)
    if all(k is Ellipsis for k in keys):
        raise ValueError("indexing key cannot be an empty tuple")
    if any(k is None for k in keys):
        raise ValueError(f"NDArray does not support indexing a 0-d array with key {key!r}")
    raise IndexError(f"too many indices for a 0-d array: {key!r}")


def _setitem_0d(t, key, value):
    """MXNet's error for writing into 0-d array `t` in legacy shape mode: its writing operator (_full for a
    number, _copyto for an array) cannot infer the unknown shape; any key but `()` and `:` is an IndexError.
    Other values (sequences) keep the general path."""
    if (type(key) is tuple and not key) or (type(key) is slice and key == slice(None)):
        if isinstance(value, NDArray):
            raise shape_error("_copyto", (value._t, t))
        if isinstance(value, (numbers.Number, np.generic)):
            raise shape_error("_full", (t,))
        return
    raise IndexError("scalar tensor can only accept `()` and `:` as index")


def _axis_slices(keys, ndim):
    """One slice per axis for a basic index of ints, slices, None and Ellipsis (an int takes one element)."""
    out = []
    for k in keys:
        if k is None:
            continue
        if k is Ellipsis:
            out.extend([slice(None)] * (ndim - sum(1 for x in keys if x is not None and x is not Ellipsis)))
        elif isinstance(k, slice):
            out.append(k)
        else:
            out.append(slice(k, k + 1 if k != -1 else None))
    return out + [slice(None)] * (ndim - len(out))


def _check_key_length(key, ndim):
    """MXNet's IndexError for a tuple key with two ellipses or more indexed axes than the array has."""
    if sum(k is Ellipsis for k in key) > 1:
        raise IndexError("Cannot use more than one ellipsis (`...`) for indexing")
    n = sum(k is not None and k is not Ellipsis for k in key)  # an array index counts one axis (at least)
    if n > ndim:
        raise IndexError(f"too many indices ({n}) for array with {ndim} dimensions")


def _normalize_key(key, t):
    """Translate an MXNet index into (torch index, is_view, all_int) following MXNet's view/copy rules."""
    if isinstance(key, np.bool_):
        raise ValueError(f"NDArray does not support slicing with key {key} of type {type(key)}.")
    if isinstance(key, bool):  # MXNet reads a python bool as the integer index 0 / 1
        key = int(key)
    if isinstance(key, (numbers.Integral, np.integer)):
        n = t.shape[0] if t.dim() else 0
        k = int(key)
        if not -n <= k < n:
            raise IndexError(f"index {k} is out of bounds for axis 0 with size {n}")
        return k, True, t.dim() == 1
    if isinstance(key, slice):
        return key, key.step in (None, 1), False
    if isinstance(key, (float, np.floating)):
        raise ValueError(f"NDArray index must be an integer, slice, NDArray or array-like, got float {key!r}")
    if isinstance(key, tuple):
        if len(key) > t.dim():  # None entries aside, more axes than the array has
            _check_key_length(key, t.dim())
        out, all_int, view = [], True, True
        dim = 0
        for k in key:
            if isinstance(k, (float, np.floating)):
                raise ValueError(f"NDArray index must be an integer, slice, NDArray or array-like, "
                                 f"got float {k!r}")
            if isinstance(k, (numbers.Integral, np.integer)) and not isinstance(k, (bool, np.bool_)):
                if dim >= t.dim():
                    raise IndexError(f"too many indices for array with {t.dim()} dimensions")
                n = t.shape[dim]
                if not -n <= int(k) < n:
                    raise IndexError(f"index {int(k)} is out of bounds for axis {dim} with size {n}")
                out.append(int(k))
                dim += 1
            elif isinstance(k, slice):
                all_int = False
                out.append(k)
                dim += 1
            elif k is None:
                all_int = False
                out.append(None)
            elif k is Ellipsis:
                if any(x is Ellipsis for x in out):  # a second ellipsis
                    _check_key_length(key, t.dim())
                all_int = False
                out.append(Ellipsis)
                dim = t.dim() - (len(key) - 1 - key.index(Ellipsis))
            else:
                all_int = False
                view = False
                out.append(_idx_tensor(k, t.device))
                dim += 1
        if view and not all_int:  # basic indexing: a view where the result is contiguous, as MXNet's
            view = NDArray._basic_indexing_slice_is_contiguous(_axis_slices(out, t.dim()), tuple(t.shape))
        return tuple(out), view, all_int and len(key) == t.dim()
    if key is None or key is Ellipsis:
        return key, False, False
    return _idx_tensor(key, t.device), False, False


class NDArray:
    """An n-dimensional array on a context: MXNet 1.9.1's NDArray over one `torch.Tensor`."""

    __slots__ = ("_t", "_grad", "_grad_req", "_ctx", "_fresh_grad", "__weakref__")
    __array_priority__ = 1000.0

    def __init__(self, tensor=None, ctx=None):
        if tensor is None:  # MXNet's NDArray(None): an empty placeholder, e.g. filled by __setstate__ (pickle)
            tensor = torch.empty(0)
        elif not isinstance(tensor, torch.Tensor):
            raise TypeError("NDArray(...) wraps a torch.Tensor; use nd.array(...) to create arrays")
        self._t = tensor
        self._grad = None
        self._grad_req = "null"
        self._ctx = ctx
        self._fresh_grad = False

    # ------------------------------------------------------------------ torch interop
    def to_torch(self):
        """The underlying torch.Tensor (zero-copy; shares storage with this NDArray)."""
        return self._t

    def __dlpack__(self, stream=None):
        return self._t.detach().__dlpack__(stream=stream) if stream is not None else \
            self._t.detach().__dlpack__()

    def __dlpack_device__(self):
        return self._t.__dlpack_device__()

    def to_dlpack_for_read(self):
        """A DLPack capsule viewing this array (read)."""
        return torch.utils.dlpack.to_dlpack(self._t.detach())

    def to_dlpack_for_write(self):
        """A DLPack capsule viewing this array (write)."""
        return torch.utils.dlpack.to_dlpack(self._t.detach())

    # ------------------------------------------------------------------ attributes
    @property
    def shape(self):
        """Shape as a tuple of python ints."""
        return tuple(self._t.shape)

    @property
    def size(self):
        """Number of elements."""
        return self._t.numel()

    @property
    def ndim(self):
        """Number of dimensions."""
        return self._t.dim()

    @property
    def dtype(self):
        """Element type as a numpy scalar type (e.g. `numpy.float32`)."""
        return np_dtype(self._t.dtype)

    @property
    def context(self):
        """The Context holding this array."""
        c = self._ctx
        if c is not None:
            return c
        return ctx_of_device(self._t.device)

    ctx = context

    @property
    def stype(self):
        """Storage type; always 'default' (dense)."""
        return "default"

    @property
    def handle(self):
        raise NotImplementedError("NDArray.handle: torch2gluon arrays have no C handle; use to_torch()")

    @property
    def grad(self):
        """The gradient buffer attached by `attach_grad`, or None (a new wrapper of one shared buffer per access)."""
        g = self._grad
        if g is None:
            return None
        if type(g).__name__ in ("RowSparseNDArray", "CSRNDArray"):
            return g   # a sparse buffer (attach_grad(stype=...)) is handed out itself
        out = wrap(g._t)
        out._ctx = g._ctx  # the buffer's context (cpu(k) stays cpu(k))
        return out

    @property
    def T(self):
        """Transpose (a copy, reversing all axes); an array of fewer than 2 dimensions is itself, as in MXNet."""
        if self._t.dim() < 2:
            return self
        from . import ops_shape
        return ops_shape.transpose(self)

    def __len__(self):
        if self._t.dim() == 0:
            raise IndexError("tuple index out of range")  # as MXNet: len() reads shape[0]
        return self._t.shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __hash__(self):
        return id(self) // 16

    def __bool__(self):
        n = self._t.numel()
        if n == 1:
            return bool(self._t.item())
        if n == 0:
            return False
        raise ValueError("The truth value of an NDArray with multiple elements is ambiguous.")

    __nonzero__ = __bool__

    def __repr__(self):
        shape_info = "x".join(str(d) for d in self.shape)
        return f"\n{self.asnumpy()}\n<NDArray {shape_info} @{self.context}>"

    def __reduce__(self):
        return (_rebuild, (self.asnumpy(), str(self.context)))

    # ------------------------------------------------------------------ conversion
    def asnumpy(self):
        """A numpy copy of the data."""
        t = self._t.detach()
        if t.device.type != "cpu":
            t = t.cpu()
        return t.numpy().copy()

    def asscalar(self):
        """The single element as a numpy scalar of this dtype."""
        if self._t.numel() != 1:
            raise ValueError("The current array is not a scalar")
        if self._t.dim() == 0:
            return self.asnumpy()[()]
        if self._t.dim() == 1:
            return self.asnumpy()[0]
        return self.asnumpy()

    def astype(self, dtype, copy=True):
        """A copy cast to `dtype` (returns self when `copy=False` and the dtype already matches)."""
        td = _py_dtype(dtype)
        if not copy and td is self._t.dtype:
            return self
        if self._t.numel() < 2:
            _check_known("Cast", self._t)
        t = src = tensor_of(self)
        if td in _INT_DTYPES and t.dtype in _FLOAT_DTYPES:
            t = torch.trunc(t)
        out = t.to(td, copy=True)
        if STATE.recording and out.is_floating_point() and not src.is_floating_point():
            head = _int_head(src)  # an integer result recorded under record() (shape_array, a cast...)
            if head is not None:
                out = out + (head - head.detach()).to(td)
        return self._like(wrap(_link_through(out, src)))  # MXNet's Cast passes the gradient

    def copy(self):
        """A deep copy on the same context."""
        if self._t.numel() < 2:
            _check_known("_copy", self._t)
        return self._like(wrap(tensor_of(self).clone()))

    def copyto(self, other):
        """Copy into NDArray `other` (returns it) or onto Context `other` (returns a new array)."""
        if self._t.numel() < 2 and isinstance(other, (NDArray, Context)) and other is not self:
            _check_known("_copyto", self._t)
        if isinstance(other, NDArray):
            if other is self:
                return other
            if type(other) is not NDArray and type(self) is NDArray:
                from ._np_inputs import is_np, legacy_error  # pylint: disable=import-outside-toplevel
                if is_np(other):  # MXNet's legacy _copyto cannot write an mx.np array
                    raise legacy_error("_copyto", write=True)
            if other.shape != self.shape:
                raise MXNetError(f"copyto: shape mismatch {self.shape} vs {other.shape}")
            other._assign(tensor_of(self))
            return other
        if isinstance(other, Context):
            t = tensor_of(self).to(other.torch_device, copy=True)
            out = wrap(t)
            out._ctx = tag_for(other)
            return out
        raise TypeError(f"copyto does not support type {type(other)}")

    def as_in_context(self, context):
        """This array on `context` (self if it is already there)."""
        if self.context == context:
            return self
        return self.copyto(context)

    def wait_to_read(self):
        """Block until the data is ready (raises the error of a failed operator that computed it)."""
        check_failed(self._t)
        if self._t.is_cuda:
            torch.cuda.current_stream(self._t.device).synchronize()

    def detach(self):
        """A new array sharing data, cut from the autograd graph."""
        return self._like(wrap(self._t.detach()))

    def as_np_ndarray(self):
        """This array as an `mx.np.ndarray` (shares data and gradient)."""
        from ..numpy._wrap import as_np
        return as_np(self)

    def as_nd_ndarray(self):
        """Itself (already a legacy NDArray)."""
        return self

    def tostype(self, stype):
        """A copy in storage type `stype` ('default', 'csr', 'row_sparse'); self for 'default'."""
        if stype == "default":
            if self._t.numel() < 2 and type(self) is NDArray:
                _check_known("cast_storage", self._t)
            return self
        if stype == "csr" and self._t.dim() != 2:  # MXNet's front-end, before the operator
            raise ValueError("To convert to a CSR, the NDArray should be 2 Dimensional. Current shape is "
                             f"{tuple(self._t.shape)}")
        from .ops_storage import cast_storage
        return cast_storage(self, stype=stype)

    # ------------------------------------------------------------------ autograd
    def attach_grad(self, grad_req="write", stype=None):
        """Allocate a zero gradient buffer and mark this array as a variable for autograd."""
        from ..autograd import _mark_variable
        if stype not in (None, "default"):
            from ._sparse_grad import attach_sparse_grad
            attach_sparse_grad(self, grad_req, stype)
            return
        if self._t.numel() < 2 and type(self) is NDArray:  # MXNet allocates the buffer with zeros_like
            _check_known("zeros_like", self._t)
        buf = wrap(torch.zeros_like(self._t.detach()))
        buf._ctx = op_tag(self._ctx)  # MXNet allocates the gradient on this array's context (zeros_like)
        _mark_variable(self, buf, grad_req)

    def backward(self, out_grad=None, retain_graph=False, train_mode=True):
        """Compute gradients of this array with respect to the marked variables."""
        from ..autograd import backward
        backward([self], None if out_grad is None else [out_grad], retain_graph, train_mode)

    # ------------------------------------------------------------------ in-place write
    def _assign(self, src):
        """Write tensor or scalar `src` into this array in place (broadcasting, casting)."""
        t = self._t
        _ensure_inplace_ok(t)
        inherit_failure(t, src)
        t = unversioned(self, t)
        with torch.no_grad():
            if isinstance(src, torch.Tensor):  # a view of the same memory: MXNet's copy reads it all first
                t.copy_(src.clone() if src is not t and shares_storage(t, src) else src)
            else:
                t.fill_(src)

    # ------------------------------------------------------------------ indexing
    def __getitem__(self, key):
        t = self._t  # tensor_of, inlined (hot path)
        recorded = t.requires_grad
        if recorded and not STATE.recording:
            t = t.detach()
            recorded = False
        if type(key) is slice and key.step is None:  # fast path: a basic slice is a view
            out = _new(NDArray)  # wrap(t[key]) and _like, inlined
            try:
                out._t = t[key]
            except IndexError:
                if t.dim() == 0 and key == slice(None):
                    return self  # MXNet: `x[:]` of a 0-d array is the array itself
                raise
            b, e = key.start, key.stop
            if b is not None and e is not None and not 0 <= b <= e:  # (negative bounds: checked there)
                check_first_axis_slice(key, t.shape[0])  # MXNet refuses x[5:2] (begin > end)
            out._grad = None
            out._grad_req = "null"
            out._ctx = self._ctx
            out._fresh_grad = False
            if recorded:
                track(out)
            return out
        if t.dim() == 0:
            if type(key) is slice and key == slice(None, None, 1):
                return self
            return self._like(wrap(_index_0d(t, key)))
        if _has_neg_step(key):
            fkey, dims = _flip_neg_steps(key, t)
            t = t.flip(dims)
        else:
            fkey = key
        idx, is_view, scalar_like = _normalize_key(fkey, t)
        out = t[idx]
        if not out.numel():  # MXNet refuses some empty selections (_empty_index.py)
            check_empty_getitem(key, tuple(t.shape), is_np_shape())
        if (scalar_like or out.dim() == 0) and not is_np_shape():  # legacy shape mode: no 0-d results
            out = out.reshape(1)
        elif not is_view:
            out = out.clone()
            return self._op_like(wrap(out))   # MXNet's slice/gather operators: cpu_shared -> cpu
        return self._like(wrap(out))

    def __setitem__(self, key, value):
        t = self._t
        if key is True or key is False:  # MXNet writes the whole array for a python bool key
            key = slice(None)
        _ensure_inplace_ok(t)
        if not t.dim() and type(self) is NDArray and not is_np_shape():
            _setitem_0d(t, key, value)  # legacy shape mode: raises as MXNet
        if type(key) is not slice and type(key) is not int and type(self) is NDArray:
            _refuse_np_key(key)
        if setitem_needs_check(key) and t.dim():
            if not t.numel():
                return  # MXNet writes nothing into an empty array, whatever the key
            check_setitem_ranges(key, tuple(t.shape), is_np_shape())
        if t.dtype is torch.bool and not isinstance(value, (numbers.Number, np.generic)) and _part_basic(key):
            raise MXNetError("_slice_assign: Unknown type enum 7 (the operator does not take bool arrays)")
        if isinstance(value, NDArray):
            if type(value) is not NDArray and type(self) is NDArray:
                _refuse_np_value(self, value)
            v = tensor_of(value)
            inherit_failure(t, v)
            if v.dtype is not t.dtype:
                v = v.to(t.dtype)
        elif isinstance(value, (numbers.Number, np.generic)):
            v = _scalar_for(t, value)
        else:
            v = torch.as_tensor(_writable(_value_array(self, value)), device=t.device).to(t.dtype)
        recorded_src = STATE.recording and isinstance(value, NDArray) and tensor_of(value).requires_grad
        if recorded_src:
            _ensure_whole_region(t, key)  # checked before the dtype cast (an int destination drops requires_grad)
            _link_copy(t, tensor_of(value))  # into an integer array: MXNet's cast passes the gradient
        if shares_storage(t, v):  # source overlaps the destination: MXNet's sequential write (_overlap.py)
            if _has_neg_step(key):
                key, dims = _flip_neg_steps(key, t)
                assign_overlapping(t, lambda s: s.flip(dims)[_normalize_key(key, s)[0]], v)
            else:
                assign_overlapping(t, lambda s: s[_normalize_key(key, s)[0]], v)
            return
        if _has_neg_step(key):
            key, dims = _flip_neg_steps(key, t)
            flipped = t.detach().flip(dims)
            wrap(flipped)[key] = value
            with torch.no_grad():
                t.copy_(flipped.flip(dims))
            return
        if isinstance(key, slice) and key == slice(None):
            idx = slice(None)
        else:
            idx, _, _ = _normalize_key(key, t)
        if not recorded_src:
            t = unversioned(self, t)
        try:
            if t.requires_grad:
                with torch.no_grad():
                    t[idx] = v
            else:
                t[idx] = v
        except RuntimeError as e:
            raise ValueError(f"__setitem__: cannot assign value of shape "
                             f"{tuple(getattr(v, 'shape', ()))} to index {key!r}: {e}") from None

    def slice_assign(self, rhs, begin, end, step):
        """Assign NDArray `rhs` to the region `begin:end:step` (in place, returns self)."""
        key = tuple(slice(b, e, s) for b, e, s in zip(begin, end, step or [None] * len(begin)))
        self[key] = rhs
        return self

    def slice_assign_scalar(self, value, begin, end, step):
        """Assign scalar `value` to the region `begin:end:step` (in place, returns self)."""
        return self.slice_assign(value, begin, end, step)

    # ------------------------------------------------------------------ arithmetic
    @staticmethod
    def _basic_indexing_slice_is_contiguous(slc_key, shape):
        """Whether slicing an array of `shape` with `slc_key` (one slice per axis) gives contiguous memory:
        from the last axis on, an axis taking a proper subset leaves at most one element to the axes before
        it, and no axis takes several elements with a step other than 1."""
        if len(slc_key) != len(shape):
            raise AssertionError("slc_key must have one slice per axis")
        counts = [len(range(*slc.indices(n))) for slc, n in zip(slc_key, shape)]
        if int(np.prod(counts)) in (0, 1):
            return True
        partial = False
        for slc, n, count in zip(reversed(slc_key), reversed(shape), reversed(counts)):
            step = slc.indices(n)[2]
            if count > 1 and (step != 1 or partial):
                return False
            partial = partial or count < n
        return True

    def _like(self, out):
        """`out` on this array's context (matters only for contexts torch cannot tell apart: cpu(k), cpu_shared)."""
        if self._ctx is not None:
            out._ctx = self._ctx
        return out

    def _op_like(self, out):
        """`out`, an operator's result, on this array's context as MXNet places it (cpu_shared -> cpu)."""
        if self._ctx is not None:
            out._ctx = op_tag(self._ctx)
        return out

    def _bin(self, other, opname):
        t = self._t
        tp = type(other)
        if type(self) is NDArray and (t.numel() < 2 or (type(other) is NDArray and other._t.numel() < 2)):
            if type(other) is NDArray:  # 0-d / zero-size: unknown shapes to MXNet's legacy operators
                _check_known(f"broadcast_{opname}", t, other._t)
            elif not isinstance(other, NDArray) and legacy_unknown(t):
                raise shape_error(_SCALAR_OP[opname], (t,))
        if (tp is float or tp is int) and t.dtype in _SCALAR_AS_IS:  # fast path: python scalar, float array
            if t.requires_grad and not STATE.recording:
                t = t.detach()
            out = wrap(_binary_tensor(opname, t, float(other)))
        elif t.dtype is torch.bool and not isinstance(other, NDArray):
            return self._as_int64()._bin(other, opname)
        else:
            out = wrap(_binary_tensor(opname, tensor_of(self), _other(self, other, opname)))
        if self._ctx is not None:
            out._ctx = op_tag(self._ctx)
        return out

    def _as_int64(self):
        """This bool array as MXNet's scalar operators read it: int64 (they have no bool kernel; results
        are int64, the scalar cast to int64 first)."""
        return self._op_like(wrap(tensor_of(self).long()))

    def _rbin(self, other, opname, fn):
        if isinstance(other, NDArray):
            return other._bin(self, opname)
        if isinstance(other, (numbers.Number, np.generic)) and not isinstance(other, np.ndarray):
            if self._t.numel() < 2 and type(self) is NDArray:
                _check_known(_RSCALAR_OP[opname], self._t)
            if self._t.dtype is torch.bool:
                return self._as_int64()._rbin(other, opname, fn)
            t = tensor_of(self)
            return self._op_like(wrap(fn(t, _scalar_for(t, other))))
        raise TypeError(f"type {type(other)} not supported")

    def _ibin(self, other, opname):
        t = self._t
        _ensure_inplace_ok(t)
        if type(self) is NDArray and (t.numel() < 2 or (type(other) is NDArray and other._t.numel() < 2)):
            if type(other) is NDArray:
                _check_known(f"broadcast_{opname}", t, other._t)
            elif not isinstance(other, NDArray) and legacy_unknown(t):
                raise shape_error(_SCALAR_OP[opname], (t,))
        if t.dtype is torch.bool and not isinstance(other, NDArray):
            raise MXNetError(f"{opname}: Type inconsistent, Provided = bool, inferred type = int64 (a scalar "
                             "operator on a bool array gives int64, which cannot be written back in place)")
        b = _other(self, other, opname)
        if isinstance(b, torch.Tensor) and b.requires_grad and STATE.recording:
            raise MXNetError(_INPLACE_MSG)  # MXNet: the in-place op would consume a recorded array
        if isinstance(b, torch.Tensor) and b.shape != t.shape \
                and torch.broadcast_shapes(t.shape, b.shape) != t.shape:
            raise MXNetError(f"Shape inconsistent: cannot broadcast {tuple(b.shape)} into "
                             f"{tuple(t.shape)} in place")
        res = _binary_tensor(opname, t, b)
        t = unversioned(self, t)
        if t.requires_grad:
            with torch.no_grad():
                t.copy_(res)
        else:
            t.copy_(res)
        return self

    __add__ = _bin_method("add")
    __sub__ = _bin_method("sub")
    __mul__ = _bin_method("mul")
    __truediv__ = _bin_method("div")
    __div__ = __truediv__
    __mod__ = _bin_method("mod")
    __pow__ = _bin_method("power")
    def __radd__(self, o): return self._rbin(o, "add", torch.add)
    def __rsub__(self, o): return self._rbin(o, "sub", torch.rsub)
    def __rmul__(self, o): return self._rbin(o, "mul", torch.mul)
    def __rtruediv__(self, o): return self._rbin(o, "div", _rdiv)
    __rdiv__ = __rtruediv__
    def __rmod__(self, o): return self._rbin(o, "mod", _rmod)
    def __rpow__(self, o): return self._rbin(o, "power", _rpow)
    def __iadd__(self, o): return self._ibin(o, "add")
    def __isub__(self, o): return self._ibin(o, "sub")
    def __imul__(self, o): return self._ibin(o, "mul")
    def __itruediv__(self, o): return self._ibin(o, "div")
    __idiv__ = __itruediv__
    def __imod__(self, o): return self._ibin(o, "mod")
    __eq__ = _bin_method("equal")
    __ne__ = _bin_method("not_equal")
    __gt__ = _bin_method("greater")
    __ge__ = _bin_method("greater_equal")
    __lt__ = _bin_method("lesser")
    __le__ = _bin_method("lesser_equal")

    def __neg__(self):
        if self._t.numel() < 2:
            _check_known("_mul_scalar", self._t)
        if self._t.dtype is torch.bool:  # MXNet: _mul_scalar(x, -1), int64 for a bool array
            return -self._as_int64()
        return self._op_like(wrap(torch.neg(tensor_of(self))))

    def __abs__(self):
        if self._t.numel() < 2:
            _check_known("abs", self._t)
        if self._t.dtype is torch.bool:
            raise bool_error("abs")
        return self._op_like(wrap(torch.abs(tensor_of(self))))

    def __floordiv__(self, o):
        raise TypeError("unsupported operand type(s) for //: 'NDArray' and "
                        f"'{type(o).__name__}'")

    def __matmul__(self, o):
        raise TypeError("unsupported operand type(s) for @: 'NDArray' and "
                        f"'{type(o).__name__}'")

    def __float__(self):
        raise TypeError("float() argument must be a string or a number, not 'NDArray'")

    def __int__(self):
        raise TypeError("int() argument must be a string, a bytes-like object or a number, not 'NDArray'")


def _rebuild(data, ctx):
    from .creation import array
    return array(data, dtype=data.dtype)
