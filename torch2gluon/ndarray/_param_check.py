"""MXNet's parameter-format check: a value an operator parameter's declared type does not accept is MXNetError.

MXNet hands every operator parameter to its backend as `str(value)` and parses it by the declared type
(table in _op_param_types.py): an int takes an optionally signed decimal integer in range (`2.0`, `2.5`,
`True`, `'1e1'` are rejected, never truncated), a float a decimal number, nan or inf (`True`, `None` are
rejected), a shape an int or a tuple/list of ints (a tuple of optional ints, kind "o", also takes None
entries and a whole None), a boolean True/False/0/1. The operator wrapper
(register.py) runs a cheap type test inline and calls the full check here only for values that are not
already of the plain accepted type, so the common call pays a type comparison per given parameter.
"""
import numbers
import re

import numpy as np

from ..base import MXNetError
from ._op_param_types import OP_PARAM_KINDS

_TYPE_NAMES = {"i": "int", "u": "int (non-negative)", "l": "long", "f": "float", "b": "boolean",
               "s": "Shape(tuple)", "S": "Shape or None", "I": "int or None", "F": "float or None",
               "B": "boolean or None", "t": "tuple of <float>", "o": "Shape(tuple)"}
_INT_RANGE = {"i": (-2 ** 31, 2 ** 31 - 1), "I": (-2 ** 31, 2 ** 31 - 1), "u": (-2 ** 32 + 1, 2 ** 32 - 1),
              "l": (-2 ** 63, 2 ** 63 - 1)}
_INT_RE = re.compile(r"\s*[+-]?\d+\s*")
_FLOAT_RE = re.compile(r"\s*[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|nan|inf|infinity)", re.IGNORECASE)
_SHAPE_RE = re.compile(r"\s*(-?\d+|[(\[]\s*(-?\d+\s*(,\s*-?\d+\s*)*,?)?\s*[)\]])\s*")
_OPT_SHAPE_RE = re.compile(r"\s*(-?\d+|[(\[]\s*((-?\d+|None)\s*(,\s*(-?\d+|None)\s*)*,?)?\s*[)\]])\s*")
_FLOATS_RE = re.compile(r"\s*[(\[]?\s*([^,()\[\]]+(\s*,\s*[^,()\[\]]+)*\s*,?)?\s*[)\]]?\s*")


def _is_int(v):
    return isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, (bool, np.bool_))


def _is_real(v):
    return isinstance(v, (numbers.Real, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


def _int_ok(v, kind):
    if _is_int(v):
        n = int(v)
    else:
        s = str(v)
        if not _INT_RE.fullmatch(s):
            return False
        n = int(s)
    lo, hi = _INT_RANGE[kind]
    return lo <= n <= hi


def _float_ok(v):
    return _is_real(v) or bool(_FLOAT_RE.fullmatch(str(v)))


def _bool_ok(v):
    if v is True or v is False or isinstance(v, np.bool_):
        return True
    if _is_int(v):
        return int(v) in (0, 1)
    return isinstance(v, str) and v.strip().lower() in ("true", "false", "1", "0")


def _shape_ok(v, optional):
    if _is_int(v):
        return True
    if isinstance(v, (tuple, list)):  # None entries: a tuple of optional ints (slice's begin/end/step)
        return all(_is_int(e) or (optional and e is None) for e in v)
    return isinstance(v, str) and bool((_OPT_SHAPE_RE if optional else _SHAPE_RE).fullmatch(v))


def _floats_ok(v):
    if isinstance(v, (tuple, list)):
        return all(_is_real(e) for e in v)
    if isinstance(v, str):
        m = _FLOATS_RE.fullmatch(v)
        return bool(m) and all(_FLOAT_RE.fullmatch(p.strip()) for p in (m.group(1) or "").split(",")
                               if p.strip())
    return _is_real(v)


def _ok(v, kind):
    if kind in "SIFBo" and (v is None or (isinstance(v, str) and v.strip() == "None")):
        return True
    k = kind.lower() if kind in "SIFB" else kind
    if k in "iul":
        return _int_ok(v, kind)
    if k == "f":
        return _float_ok(v)
    if k == "b":
        return _bool_ok(v)
    if k in "so":
        return _shape_ok(v, k == "o")
    return _floats_ok(v)


def _normal(v, kind):
    """A valid value in the plain form the implementations take (strings parsed, numpy scalars as python)."""
    if kind in "SIFBo" and (v is None or (isinstance(v, str) and v.strip() == "None")):
        return None
    k = kind.lower()
    if k in "iul":
        return int(v)
    if k == "f":
        return float(v) if isinstance(v, str) else v
    if k == "b":
        return v.strip().lower() in ("true", "1") if isinstance(v, str) else bool(v)
    if isinstance(v, str):  # a shape or a tuple of floats
        parts = [p.strip() for p in v.strip().strip("()[]").split(",") if p.strip()]
        if k in "so":
            return tuple(None if p == "None" else int(p) for p in parts)
        return tuple(float(p) for p in parts)
    if k == "t" and not isinstance(v, (tuple, list)):
        return (v,)
    if k == "o":  # a tuple of optional ints: an int is its 1-tuple
        return tuple(None if e is None else int(e) for e in (v if isinstance(v, (tuple, list)) else (v,)))
    return v


# Shape parameters that MXNet parses from "None" as an unknown shape and then computes with: the value the
# operator gets here (() = the empty shape, which these operators read alike; None = passed through to an
# operator that honours it: slice_like slices no axis). Elsewhere None stays an "Invalid Parameter format".
_NONE_SHAPE = {("tile", "reps"): (), ("slice_like", "axes"): None, ("broadcast_axis", "axis"): (),
               ("broadcast_axis", "size"): (), ("Dropout", "axes"): (), ("Deconvolution", "target_shape"): (),
               ("_contrib_AdaptiveAvgPooling2D", "output_size"): (), ("Pooling", "kernel"): ()}


def check_param(v, kind, name, opname):
    """`v` in plain form; MXNet's "Invalid Parameter format" MXNetError if `kind` does not accept it."""
    if v is None and kind == "s" and (opname, name) in _NONE_SHAPE:
        return _NONE_SHAPE[opname, name]
    if not _ok(v, kind):
        s = str(v)
        raise MXNetError(f"Invalid Parameter format for {name} expect {_TYPE_NAMES[kind]} but value='{s}', "
                         f'in operator {opname}(name="", {name}="{s}")')
    return _normal(v, kind)


def kinds_for(names):
    """{parameter: kind} of the first of an operator's registered names MXNet declares, else {}."""
    for n in names:
        if n in OP_PARAM_KINDS:
            return OP_PARAM_KINDS[n]
    return {}


# inline test in a generated wrapper: true where the value needs the full check (see module docstring)
_FAST_TEST = {
    "i": "(type({p}) is not int or not -2147483648 <= {p} <= 2147483647)",
    "I": "({p} is not None and (type({p}) is not int or not -2147483648 <= {p} <= 2147483647))",
    "u": "(type({p}) is not int or not -4294967295 <= {p} <= 4294967295)",
    "l": "type({p}) is not int",
    "f": "(type({p}) is not float and type({p}) is not int)",
    "F": "({p} is not None and type({p}) is not float and type({p}) is not int)",
    "b": "({p} is not True and {p} is not False)",
    "B": "({p} is not None and {p} is not True and {p} is not False)",
    "s": "(type({p}) is not int and (type({p}) is not tuple or not _mx_ints({p})))",
    "S": "({p} is not None and type({p}) is not int and (type({p}) is not tuple or not _mx_ints({p})))",
    "o": "True",  # slice's begin/end/step: always parsed (None entries, an int is a 1-tuple)
    "t": "True",  # detection operators only: always parsed (a float becomes a 1-tuple)
}


def all_ints(v):
    """True where every entry of tuple `v` is a plain python int (a shape needing no parsing)."""
    for e in v:
        if type(e) is not int:
            return False
    return True


def fast_test(kind, p):
    """Python source of the cheap test for parameter variable `p` of `kind`."""
    return _FAST_TEST[kind].format(p=p)
