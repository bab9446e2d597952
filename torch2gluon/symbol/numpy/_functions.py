"""The functions of `mx.sym.np`, generated from `_table` (and the few whose arguments MXNet rewrites).

Each returns an `mx.sym.np._Symbol` whose node is the backend operator MXNet 1.9.1 writes for that call. Array
arguments must be Symbols (two python numbers give numpy's own result, as in MXNet); `out=` and ufunc
keywords other than their defaults raise NotImplementedError, as MXNet's symbolic functions do.
"""
import inspect
import numbers

import numpy as _onp

from ..symbol import Symbol
from . import _table
from ._nodes import np_node, legacy_node

_UFUNC_DEFAULTS = {"where": True, "casting": "same_kind", "order": "K", "dtype": None, "subok": True}


def _np():
    from ... import numpy as np
    return np


def _hint(op, pyname):
    for prefix in ("_npi_", "_np_", "_npx_"):
        if op.startswith(prefix):
            return op[len(prefix):]
    if op.startswith("_") and op.endswith("_scalar"):
        return op[1:]
    return pyname


def _is_sym(x):
    return isinstance(x, Symbol)


def _is_num(x):
    return isinstance(x, (numbers.Number, _onp.generic)) and not isinstance(x, Symbol)


def _no_out(name, out):
    if out is not None:
        raise NotImplementedError(f"mx.sym.np.{name}: argument 'out' is not supported for symbols")


def _ufunc_kwargs(name, kwargs):
    for k, v in kwargs.items():
        if k not in _UFUNC_DEFAULTS:
            raise TypeError(f"{name}() got an unexpected keyword argument '{k}'")
        if v != _UFUNC_DEFAULTS[k]:
            raise NotImplementedError(f"mx.sym.np.{name}: argument '{k}'={v!r} is not supported")


def _as_sym_arg(name, x, arg):
    if not _is_sym(x):
        raise TypeError(f"mx.sym.np.{name}: argument '{arg}' must be a Symbol, got {type(x).__name__}")
    return x


def make_unary(name, op):
    """`mx.sym.np.<name>(x, out=None, **kwargs)` over backend operator `op`."""
    def fn(x, out=None, **kwargs):
        _no_out(name, out)
        _ufunc_kwargs(name, kwargs)
        if _is_num(x):
            return getattr(_onp, name)(x)
        return np_node(op, [_as_sym_arg(name, x, "x")], {}, _hint(op, name))
    return _named(fn, name, f"Symbolic `np.{name}` (node `{op}`).")


def binary_node(name, x1, x2):
    """The node of binary ufunc `name` on two Symbols, a Symbol and a number (either side), or two numbers."""
    both, scalar, rscalar = _table.BINARY[name]
    if _is_sym(x1) and _is_sym(x2):
        return np_node(both, [x1, x2], {}, _hint(both, name)) if both.startswith("_np") else \
            legacy_node(both, [x1, x2], {}, name)
    if _is_sym(x1) and _is_num(x2):
        return np_node(scalar, [x1], {"scalar": float(x2), "is_int": _is_int(x2)}, _hint(scalar, name))
    if _is_num(x1) and _is_sym(x2):
        # MXNet 1.9.1 tests the Symbol, not the scalar, for `is_int` here: a scalar on the left is never is_int
        # (so `2 * a` of an int32 `a` computes in float64, as MXNet's graph does)
        return np_node(rscalar, [x2], {"scalar": float(x1), "is_int": False}, _hint(rscalar, name))
    if _is_num(x1) and _is_num(x2):
        return getattr(_onp, {"true_divide": "true_divide"}.get(name, name))(x1, x2)
    raise TypeError(f"type {type(x1 if not (_is_sym(x1) or _is_num(x1)) else x2)} not supported")


def _is_int(v):
    return isinstance(v, (numbers.Integral, _onp.integer)) and not isinstance(v, (bool, _onp.bool_))


def make_binary(name):
    """`mx.sym.np.<name>(x1, x2, out=None, **kwargs)`."""
    def fn(x1, x2, out=None, **kwargs):
        _no_out(name, out)
        _ufunc_kwargs(name, kwargs)
        return binary_node(name, x1, x2)
    return _named(fn, name, f"Symbolic `np.{name}` of Symbols and/or scalars.")


def _split_attrs(specs):
    """[(python name, attribute name, always written)] of a table's attribute specs ('!py=attr')."""
    pairs = []
    for a in specs:
        py, _, back = a.lstrip("!").partition("=")
        pairs.append((py, back or py, a.startswith("!")))
    return pairs


def make_simple(name, op, inputs, attrs, const=None):
    """`mx.sym.np.<name>` with the imperative function's signature: `inputs` are Symbols, the `attrs` given
    (and those marked '!', given or not) are written to the node, then `const`; any other argument must keep
    its default."""
    sig = inspect.signature(getattr(_np(), name))
    pairs = _split_attrs(attrs)

    def fn(*args, **kwargs):
        try:
            bound = sig.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{name}(): {e}") from None
        given = dict(bound.arguments)
        extra = given.pop("kwargs", {}) if "kwargs" in sig.parameters else {}
        if extra:
            raise NotImplementedError(f"mx.sym.np.{name}: arguments {sorted(extra)} are not supported")
        _no_out(name, given.pop("out", None))
        ins = [_as_sym_arg(name, given.pop(i), i) for i in inputs if i in given]
        written = {}
        for py, back, always in pairs:
            if py in given:
                written[back] = given.pop(py)
            elif always:
                written[back] = sig.parameters[py].default
        written.update(const or {})
        for k, v in given.items():
            if v is not sig.parameters[k].default:
                raise NotImplementedError(f"mx.sym.np.{name}: argument '{k}' is not supported")
        if op.startswith("_np"):
            return np_node(op, ins, written, _hint(op, name))
        return legacy_node(op, ins, written, name)
    return _named(fn, name, f"Symbolic `np.{name}` (node `{op}`).")


def make_sequence(name, op, arg, attrs):
    """`mx.sym.np.<name>(seq, ...)` over a list of Symbols (`num_args` written as MXNet does)."""
    sig = inspect.signature(getattr(_np(), name))

    def fn(*args, **kwargs):
        given = dict(sig.bind(*args, **kwargs).arguments)
        _no_out(name, given.pop("out", None))
        seq = given.pop(arg)
        if _is_sym(seq) or not isinstance(seq, (list, tuple)):
            raise TypeError(f"'{seq}' is not iterable.")
        seq = [_as_sym_arg(name, s, arg) for s in seq]
        written = {a: given.pop(a, sig.parameters[a].default) for a in attrs}
        written["num_args"] = len(seq)
        return np_node(op, seq, written, _hint(op, name))
    return _named(fn, name, f"Symbolic `np.{name}` of a sequence of Symbols (node `{op}`).")


def _ctx_str(ctx):
    from ...context import current_context
    return str(ctx if ctx is not None else current_context())


def make_creation(name, op, attrs, default_dtype):
    """`mx.sym.np.<name>` creation function: a node without inputs."""
    sig = inspect.signature(getattr(_np(), name))
    pairs = _split_attrs(attrs)

    def fn(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        given = dict(bound.arguments)
        given.pop("kwargs", None)
        _no_out(name, given.pop("out", None))
        for k in ("order",):
            if given.pop(k, "C") != "C":
                raise NotImplementedError(f"mx.sym.np.{name}: argument 'order' must be 'C'")
        for k in ("retstep", "axis"):
            if given.get(k) not in (None, False, 0):
                raise NotImplementedError(f"mx.sym.np.{name}: argument '{k}' is not supported")
        if name == "arange" and given.get("stop") is None:
            given["start"], given["stop"] = 0, given["start"]
        if name == "identity":
            given["n"] = (given["n"], given["n"])
        if given.get("dtype") is None and default_dtype is not None:
            given["dtype"] = default_dtype
        written = {back: given[py] for py, back, _ in pairs if given.get(py) is not None or py in ("M",)}
        if name in ("full",) and not _is_num(given["fill_value"]):
            raise NotImplementedError("mx.sym.np.full: a Symbol fill_value is not supported")
        written["ctx"] = _ctx_str(given.get("ctx"))
        if op.startswith("_np"):
            return np_node(op, [], written, _hint(op, name))
        return legacy_node(op, [], written, name)
    return _named(fn, name, f"Symbolic `np.{name}` (node `{op}`).")


def _named(fn, name, doc):
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


# ------------------------------------------------------------------ functions MXNet rewrites
def _full_like_node(name, a, fill_value, dtype, order, ctx, out):
    _no_out(name, out)
    if order != "C":
        raise NotImplementedError(f"mx.sym.np.{name}: argument 'order' must be 'C'")
    attrs = {"fill_value": fill_value, "ctx": _ctx_str(ctx)}
    if dtype is not None:
        attrs["dtype"] = dtype
    return np_node("_npi_full_like", [_as_sym_arg(name, a, "a")], attrs, "full_like")


def full_like(a, fill_value, dtype=None, order="C", ctx=None, out=None):  # pylint: disable=too-many-arguments
    """Symbolic `np.full_like` (node `_npi_full_like`)."""
    if not _is_num(fill_value):
        raise NotImplementedError("mx.sym.np.full_like: a Symbol fill_value is not supported")
    return _full_like_node("full_like", a, fill_value, dtype, order, ctx, out)


def zeros_like(a, dtype=None, order="C", ctx=None, out=None):
    """Symbolic `np.zeros_like` (node `_npi_full_like`, fill_value 0)."""
    return _full_like_node("zeros_like", a, 0, dtype, order, ctx, out)


def ones_like(a, dtype=None, order="C", ctx=None, out=None):
    """Symbolic `np.ones_like` (node `_npi_full_like`, fill_value 1)."""
    return _full_like_node("ones_like", a, 1, dtype, order, ctx, out)


def tensordot(a, b, axes=2):
    """Symbolic `np.tensordot`: `_npi_tensordot_int_axes` for an integer `axes`, else `_npi_tensordot`."""
    a, b = _as_sym_arg("tensordot", a, "a"), _as_sym_arg("tensordot", b, "b")
    if _is_int(axes):
        return np_node("_npi_tensordot_int_axes", [a, b], {"axes": int(axes)}, "tensordot_int_axes")
    if len(axes) != 2:
        raise ValueError("Axes must consist of two arrays.")
    a_axes, b_axes = axes
    a_axes = [a_axes] if _is_int(a_axes) else list(a_axes)
    b_axes = [b_axes] if _is_int(b_axes) else list(b_axes)
    if len(a_axes) != len(b_axes):
        raise ValueError("Axes length mismatch")
    return np_node("_npi_tensordot", [a, b], {"a_axes_summed": a_axes, "b_axes_summed": b_axes}, "tensordot")


def inner(a, b):
    """Symbolic `np.inner`: a tensordot over the last axes."""
    return np_node("_npi_tensordot", [_as_sym_arg("inner", a, "a"), _as_sym_arg("inner", b, "b")],
                   {"a_axes_summed": (-1,), "b_axes_summed": (-1,)}, "tensordot")


def _flat(x, name, arg):
    return np_node("_np_reshape", [_as_sym_arg(name, x, arg)], {"newshape": (-1,), "order": "C"}, "reshape")


def outer(a, b):
    """Symbolic `np.outer`: both flattened, then a tensordot over no axes."""
    return np_node("_npi_tensordot_int_axes", [_flat(a, "outer", "a"), _flat(b, "outer", "b")], {"axes": 0},
                   "tensordot_int_axes")


def vdot(a, b):
    """Symbolic `np.vdot`: both flattened, then a tensordot over their one axis."""
    return np_node("_npi_tensordot_int_axes", [_flat(a, "vdot", "a"), _flat(b, "vdot", "b")], {"axes": 1},
                   "tensordot_int_axes")


def einsum(*operands, **kwargs):
    """Symbolic `np.einsum(subscripts, *operands, optimize=False)` (node `_npi_einsum`)."""
    _no_out("einsum", kwargs.pop("out", None))
    optimize = kwargs.pop("optimize", False)
    if kwargs:
        raise TypeError(f"einsum() got unexpected keyword arguments {sorted(kwargs)}")
    if not operands or not isinstance(operands[0], str):
        raise NotImplementedError("mx.sym.np.einsum: the subscripts must be a string (the sublist form "
                                  "is not supported)")
    ops = [_as_sym_arg("einsum", x, "operands") for x in operands[1:]]
    return np_node("_npi_einsum", ops, {"num_args": len(ops), "subscripts": operands[0],
                                        "optimize": int(bool(optimize))}, "einsum")


def where(condition, x=None, y=None):  # pylint: disable=invalid-name
    """Symbolic `np.where(condition, x, y)` with Symbols or scalars for `x` / `y`."""
    cond = _as_sym_arg("where", condition, "condition")
    if x is None and y is None:
        raise NotImplementedError("mx.sym.np.where: the one-argument form (nonzero) is not supported")
    if _is_sym(x) and _is_sym(y):
        return np_node("_npi_where", [cond, x, y], {}, "where")
    if _is_num(x) and _is_sym(y):
        return np_node("_npi_where_lscalar", [cond, y], {"scalar": float(x)}, "where_lscalar")
    if _is_sym(x) and _is_num(y):
        return np_node("_npi_where_rscalar", [cond, x], {"scalar": float(y)}, "where_rscalar")
    if _is_num(x) and _is_num(y):
        return np_node("_npi_where_scalar2", [cond], {"x": float(x), "y": float(y)}, "where_scalar2")
    raise TypeError(f"where: x and y must be Symbols or scalars, got {type(x).__name__}, {type(y).__name__}")


def clip(a, a_min, a_max, out=None):
    """Symbolic `np.clip` (MXNet's legacy `clip` node; a None bound is -inf / inf)."""
    _no_out("clip", out)
    if a_min is None and a_max is None:
        raise ValueError("array_clip: must set either max or min")
    return legacy_node("clip", [_as_sym_arg("clip", a, "a")],
                       {"a_min": float("-inf") if a_min is None else a_min,
                        "a_max": float("inf") if a_max is None else a_max}, "clip")


def take(a, indices, axis=None, mode="raise", out=None):
    """Symbolic `np.take` (legacy `take`; with axis=None the array is flattened first)."""
    _no_out("take", out)
    if mode not in ("raise", "wrap", "clip"):
        raise NotImplementedError(f"mx.sym.np.take: mode={mode!r} is not supported")
    a = _as_sym_arg("take", a, "a")
    if axis is None:
        a = np_node("_npx_reshape", [a], {"newshape": -1}, "reshape")
        axis = 0
    return legacy_node("take", [a, _as_sym_arg("take", indices, "indices")], {"axis": axis, "mode": mode}, "take")


def _sort_checks(name, kind, order):
    if order is not None:
        raise NotImplementedError(f"mx.sym.np.{name}: argument 'order' is not supported")
    if kind not in (None, "quicksort", "mergesort", "heapsort", "stable"):
        raise ValueError(f"{name}: unknown kind {kind!r}")


def argsort(a, axis=-1, kind=None, order=None):
    """Symbolic `np.argsort` (legacy `argsort` node, int64 indices)."""
    _sort_checks("argsort", kind, order)
    return legacy_node("argsort", [_as_sym_arg("argsort", a, "a")],
                       {"axis": axis, "is_ascend": True, "dtype": "int64"}, "argsort")


def sort(a, axis=-1, kind=None, order=None):
    """Symbolic `np.sort` (legacy `sort` node)."""
    _sort_checks("sort", kind, order)
    return legacy_node("sort", [_as_sym_arg("sort", a, "a")], {"axis": axis, "is_ascend": True}, "sort")


def _split(name, ary, indices_or_sections, axis):
    from .. import split_v2
    ary = _as_sym_arg(name, ary, "ary")
    if isinstance(indices_or_sections, (list, tuple, set)):
        indices_or_sections = tuple(sorted(indices_or_sections) if isinstance(indices_or_sections, set)
                                    else indices_or_sections)
    elif not _is_int(indices_or_sections):
        raise ValueError("indices_or_sections must either int or tuple / list / set of ints")
    else:
        indices_or_sections = int(indices_or_sections)
    out = split_v2(ary, indices_or_sections, axis=axis)
    cls = type(_as_np_sym(ary))
    return [cls([o]) for o in out._outputs]


def _as_np_sym(s):
    from ._symbol import _Symbol
    return _Symbol(s._outputs)


def split(ary, indices_or_sections, axis=0):
    """Symbolic `np.split`: a list of Symbols (MXNet's `_split_v2` node)."""
    return _split("split", ary, indices_or_sections, axis)


def _np_split(name, ary, indices_or_sections, axis):
    ary = _as_sym_arg(name, ary, "ary")
    if _is_int(indices_or_sections):
        attrs = {"indices": [], "sections": int(indices_or_sections)}
    elif isinstance(indices_or_sections, (list, tuple)):
        attrs = {"indices": [0] + list(indices_or_sections), "sections": 0}
    else:
        raise ValueError("indices_or_sections must either int or tuple of ints")
    attrs.update(axis=axis, squeeze_axis=False)
    n = attrs["sections"] or len(attrs["indices"])
    out = np_node(f"_npi_{name}", [ary], attrs, name, n_out=n)
    return [type(out)([o]) for o in out._outputs]


def hsplit(ary, indices_or_sections):
    """Symbolic `np.hsplit` (node `_npi_hsplit`, along axis 1; a list of Symbols)."""
    return _np_split("hsplit", ary, indices_or_sections, 1)


def vsplit(ary, indices_or_sections):
    """Symbolic `np.vsplit` (split along axis 0)."""
    return _split("vsplit", ary, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    """Symbolic `np.dsplit` (node `_npi_dsplit`, along axis 2; a list of Symbols)."""
    return _np_split("dsplit", ary, indices_or_sections, 2)


def fliplr(m):
    """Symbolic `np.fliplr` (a `_npi_flip` node over axis 1)."""
    return np_node("_npi_flip", [_as_sym_arg("fliplr", m, "m")], {"axis": 1}, "flip")


def flipud(m):
    """Symbolic `np.flipud` (a `_npi_flip` node over axis 0)."""
    return np_node("_npi_flip", [_as_sym_arg("flipud", m, "m")], {"axis": 0}, "flip")


def ravel(x, order="C"):
    """Symbolic `np.ravel` (node `_npx_reshape` with newshape -1)."""
    if order != "C":
        raise NotImplementedError("mx.sym.np.ravel: argument 'order' must be 'C'")
    return np_node("_npx_reshape", [_as_sym_arg("ravel", x, "x")], {"newshape": -1}, "reshape")


def append(arr, values, axis=None):
    """Symbolic `np.append` (a `_npi_concatenate` node of the two)."""
    return np_node("_npi_concatenate", [_as_sym_arg("append", arr, "arr"), _as_sym_arg("append", values, "values")],
                   {"axis": axis, "num_args": 2}, "concatenate")


def _atleast(n):
    name = f"atleast_{n}d"

    def fn(*arys):
        ins = [_as_sym_arg(name, a, "arys") for a in arys]
        out = np_node(f"_np_{name}", ins, {"num_args": len(ins)}, name, n_out=len(ins))
        return out if len(ins) == 1 else [type(out)([o]) for o in out._outputs]
    return _named(fn, name, f"Symbolic `np.{name}`: one Symbol, or a list for several inputs.")


atleast_1d, atleast_2d, atleast_3d = _atleast(1), _atleast(2), _atleast(3)


def build_namespace():  # noqa: C901 - one loop per table
    """{name: function} of every generated `mx.sym.np` function."""
    ns = {}
    for name, op in _table.UNARY.items():
        ns[name] = make_unary(name, op)
    for name in _table.BINARY:
        ns[name] = make_binary(name)
    for name, (op, inputs, attrs, *const) in _table.SIMPLE.items():
        ns[name] = make_simple(name, op, inputs, attrs, *const)
    for name, spec in _table.SEQUENCE.items():
        if spec is not None:
            ns[name] = make_sequence(name, *spec)
    for name, (op, attrs, dtype) in _table.CREATION.items():
        ns[name] = make_creation(name, op, attrs, dtype)
    for fn in (full_like, zeros_like, ones_like, tensordot, inner, outer, vdot, einsum, where, clip, take, argsort,
               sort, split, hsplit, vsplit, dsplit, ravel, append, atleast_1d, atleast_2d, atleast_3d, pad,
               fliplr, flipud):
        ns[fn.__name__] = fn
    from ._functions_more import FUNCTIONS
    for fn in FUNCTIONS:
        ns[fn.__name__] = fn
    return ns


__all__ = ["build_namespace", "binary_node"]


_PAD_KWARGS = {"constant": ("constant_values",), "edge": (), "reflect": ("reflect_type",),
               "symmetric": ("reflect_type",), "maximum": ("stat_length",), "minimum": ("stat_length",)}


def pad(x, pad_width, mode="constant", **kwargs):
    """Symbolic `np.pad` (node `_npi_pad`) for MXNet's modes (constant, edge, reflect, symmetric, maximum,
    minimum). MXNet 1.9.1's symbolic pad drops a nonzero `constant_values` (it pads with 0): refused here."""
    from ...symbol.symbol import _auto_name
    x = _as_sym_arg("pad", x, "x")
    if not _onp.asarray(pad_width).dtype.kind == "i":
        raise TypeError("`pad_width` must be of integral type.")
    if not isinstance(pad_width, tuple):
        raise TypeError("`pad_width` must be tuple.")
    if mode not in _PAD_KWARGS:
        raise NotImplementedError(f"mx.sym.np.pad: mode={mode!r} is not supported (as in MXNet 1.9.1)")
    for key in kwargs:
        if key not in _PAD_KWARGS[mode]:
            raise ValueError(f"{key} keyword not in allowed keywords {list(_PAD_KWARGS[mode])}")
    if mode == "constant":
        values = kwargs.get("constant_values", 0)
        if isinstance(values, tuple):
            raise TypeError("unsupported constant_values type: {'tuple'}.")
        if values != 0:
            raise NotImplementedError("mx.sym.np.pad: argument 'constant_values' other than 0 is not supported "
                                      "(MXNet 1.9.1's symbolic pad ignores it and pads with 0)")
        _auto_name(None, "pad")  # MXNet builds (and drops) a first node here: the kept one is the next name
        return np_node("_npi_pad", [x], {"pad_width": pad_width, "mode": "constant", "constant_value": 0}, "pad")
    attrs = {"pad_width": pad_width, "mode": mode}
    if mode in ("reflect", "symmetric"):
        if kwargs.get("reflect_type", "even") not in ("even", None):
            raise ValueError(f"unsupported reflect_type '{kwargs['reflect_type']}'")
        attrs["reflect_type"] = "even"
    if mode in ("maximum", "minimum") and kwargs.get("stat_length") is not None:
        raise ValueError(f"unsupported stat_length '{kwargs['stat_length']}'")
    return np_node("_npi_pad", [x], attrs, "pad")
