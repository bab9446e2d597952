"""The engine under `mx.np`'s elementwise functions (MXNet 1.9.1 numpy mode), over torch tensors.

- operands: an `mx.np.ndarray`, or a python/numpy scalar (MXNet's `numeric_types`); anything else (lists,
  numpy arrays, legacy `mx.nd.NDArray`) is a TypeError "type <...> not supported"; scalars only give numpy's
  own result;
- the ufunc keywords MXNet's wrappers accept (`where`, `casting`, `order`, `dtype`, `subok`): default values
  pass, other legal values raise NotImplementedError, anything else TypeError, in MXNet's words;
- `out=`: shape and dtype must be the result's (MXNetError); under `autograd.record()` writing into an array in
  the graph, or in place with a recorded operand, is refused as MXNet refuses it;
- dtype families (see `_dtypes` for the promotion order): `ARITH` (add, multiply, power), `NOMIX` (subtract, mod:
  integer dtypes must match), `TRUEDIV`, `SAME` (equal dtypes required), `CMP` (bool result), `INTEGER` (bitwise,
  lcm). An array with a scalar keeps the array's dtype, the scalar cast to it first (int32 + 1.7 adds 1); a bool
  array gives int64, except for comparisons/bitwise (the scalar becomes a bool) and true_divide (float32).
"""
import numpy as onp
import torch

from ..base import MXNetError
from ..ndarray.ndarray import _new
from ..ndarray._state import STATE, track
from ..util import is_np_shape, _check_ufunc_kwargs
from . import _wrap
from ._dtypes import FLOATS, promote, name as dname, to_numpy

NUMERIC = (int, float, onp.generic)  # MXNet's numeric_types (a python bool is an int)
I64 = torch.int64
F32 = torch.float32

ARITH, NOMIX, TRUEDIV, SAME, CMP, INTEGER = range(6)

_ASSIGN_MSG = ("Assigning to NDArrays that are already in a computational graph will cause undefined behavior "
               "when evaluating gradients. Please call backward first to clear the graph or do this out side of "
               "a record section.")
_INPLACE_MSG = "Inplace operations (+=, -=, x[:]=, etc) are not supported when recording with autograd."


def check_kwargs(kwargs, fname, unary):
    """MXNet's checks of a ufunc's extra keywords (`wrap_np_unary_func` / `wrap_np_binary_func`)."""
    _check_ufunc_kwargs(kwargs, fname, not unary)


def not_supported(x):
    """MXNet's TypeError for an operand that is neither an mx.np.ndarray nor a scalar."""
    return TypeError(f"type {type(x)} not supported")


def tensor(x):
    """The tensor of ndarray `x` as an operator input (detached outside `record()`); see `unknown_shape`."""
    t = x._t
    if not t.dim() or not t.numel():
        unknown_shape(t)
    if t.requires_grad and not STATE.recording:
        return t.detach()
    return t


def unknown_shape(t):
    """A 0-d or zero-size input: outside numpy shape mode (`npx.set_np()`) MXNet reads its shape as unknown and
    every operator refuses it (MXNetError)."""
    if not is_np_shape():
        raise MXNetError("Check failed: shape_is_known(): Shape is unknown (a 0-d or zero-size input of shape "
                         f"{tuple(t.shape)} outside numpy shape mode: call npx.set_np())")


def result(t, like):
    """Torch tensor `t` as a fresh `mx.np.ndarray` on the context of ndarray `like`."""
    a = _new(_wrap._CLASS[0])
    a._t = t
    a._grad = None
    a._grad_req = "null"
    a._ctx = like._ctx
    a._fresh_grad = False
    if t.requires_grad and not t.is_leaf:
        track(a)
    return a


def _shape_str(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def in_hybrid_graph():
    """Whether a hybridized block's forward is running (MXNet builds a symbolic graph there)."""
    return STATE.cached > 0


def write_out(t, out, inputs=()):
    """Store result tensor `t` into `out` (an mxnet array), MXNet's checks; returns `out`.

    Inside a hybridized block's forward MXNet's symbolic operators drop `out`: the result is a new array."""
    if in_hybrid_graph():
        return result(t, inputs[0] if inputs and isinstance(inputs[0], _wrap._CLASS[0]) else out)
    if not isinstance(out, _wrap._CLASS[0]):
        raise TypeError(f"out must be an mxnet.numpy.ndarray (a numpy operator cannot write into "
                        f"{type(out)})")
    o = out._t
    if tuple(o.shape) != tuple(t.shape):
        raise MXNetError(f"Shape inconsistent, Provided = {_shape_str(o.shape)}, "
                         f"inferred shape={_shape_str(t.shape)}")
    if o.dtype is not t.dtype:
        raise MXNetError(f"Type inconsistent, Provided = {dname(o.dtype)}, inferred type = {dname(t.dtype)}")
    if STATE.recording:
        if o.requires_grad:
            raise MXNetError(_ASSIGN_MSG)
        if t.requires_grad:
            if any(x is out for x in inputs):
                raise MXNetError(_INPLACE_MSG)
            with torch.no_grad():
                o.copy_(t)  # arrays sharing out's memory see the values ...
            out._t = t  # ... and `out` becomes the recorded output, as MXNet records the operator into it
            track(out)
            return out
    if o is t:
        return out
    if o.requires_grad:
        with torch.no_grad():
            o.copy_(t)
    else:
        o.copy_(t.detach() if t.requires_grad else t)
    return out


def check_broadcast(a, b):
    """MXNetError unless the shapes of tensors `a` and `b` broadcast together."""
    for da, db in zip(reversed(a.shape), reversed(b.shape)):  # (torch.broadcast_shapes costs ~50 us)
        if da != db and da != 1 and db != 1:
            raise MXNetError(f"operands could not be broadcast together with shapes {_shape_str(a.shape)} "
                             f"{_shape_str(b.shape)}")


# ------------------------------------------------------------------ dtype rules
def pair_dtype(kind, a, b, opname, allowed=None):
    """(compute dtype, result dtype) for arrays of torch dtypes `a`, `b` under family `kind`; MXNetError if refused."""
    if kind == ARITH:
        d = promote(a, b)
        return d, d
    if kind == NOMIX:
        if a is b and a is not torch.bool:
            return a, a
        if a in FLOATS or b in FLOATS:
            d = promote(a, b)
            return d, d
        raise MXNetError(f"Operator _npi_{opname} does not support combination of {dname(a)} with {dname(b)} yet...")
    if kind == TRUEDIV:
        fa, fb = a in FLOATS, b in FLOATS
        if a is b:
            return (a, a) if fa else (F32, F32)
        if fa != fb:
            d = a if fa else b
            return d, d
        raise MXNetError(f"true_divide: not implemented yet... ({dname(a)} with {dname(b)})")
    if a is not b:
        raise MXNetError(f"Type inconsistent, Provided = {dname(a)}, inferred type = {dname(b)}")
    check_allowed(a, allowed, opname)
    return a, (torch.bool if kind == CMP else a)


def check_allowed(d, allowed, opname):
    """MXNetError unless torch dtype `d` is in `allowed` (None: any)."""
    if allowed is not None and d not in allowed:
        if allowed is INTEGER_DTYPES:
            raise MXNetError(f"{opname}: Only supports integer types, not {dname(d)}")
        if allowed is FLOAT_DTYPES:
            raise MXNetError(f"{opname}: Do not support `{dname(d)}` as input.")
        raise MXNetError(f"{opname}: Unknown type enum {'7' if d is torch.bool else dname(d)}")


INTEGER_DTYPES = frozenset({torch.int8, torch.uint8, torch.int32, torch.int64, torch.bool})
FLOAT_DTYPES = FLOATS
NUMBER_DTYPES = frozenset({torch.int8, torch.uint8, torch.int32, torch.int64}) | FLOATS

_INT_RANGE = {torch.int8: (-128, 127), torch.uint8: (0, 255), torch.int32: (-2 ** 31, 2 ** 31 - 1),
              torch.int64: (-2 ** 63, 2 ** 63 - 1)}


def scalar_as(s, d):
    """Python/numpy scalar `s` cast to torch dtype `d` as MXNet's scalar kernels cast it (C conversion)."""
    if d is torch.float16:
        return float(onp.float16(s))  # MXNet computes with the scalar rounded to half (x * 1.1 differs otherwise)
    if d in FLOATS:
        return float(s)
    if d is torch.bool:
        return bool(s)
    if type(s) is int:
        lo, hi = _INT_RANGE[d]
        if lo <= s <= hi:
            return s
    with onp.errstate(all="ignore"):
        return onp.array(float(s)).astype(to_numpy(d)).item()


def scalar_dtypes(kind, a, opname, allowed=None):
    """(compute dtype, result dtype) for an array of torch dtype `a` with a scalar under family `kind`."""
    if kind == CMP:
        return a, torch.bool
    if kind == INTEGER:
        check_allowed(a, allowed, opname)
        return a, a
    if kind == TRUEDIV:
        return (a, a) if a in FLOATS else (F32, F32)
    if a is torch.bool:
        return I64, I64
    return a, a
