"""More `mx.sym.np` functions whose node MXNet 1.9.1 builds from optional array inputs and flags: average,
unique, percentile / quantile, bincount, ediff1d, delete, histogram, array_split (and their evaluators)."""
import numbers

from ._nodes import np_node, legacy_node, _views_in, _views_out, _np_module
from ._functions import _as_sym_arg, _is_sym, _no_out, _split


def _outputs(sym):
    return sym if len(sym._outputs) == 1 else [type(sym)([o]) for o in sym._outputs]


def average(a, axis=None, weights=None, returned=False, out=None):
    """Symbolic `np.average` (node `_npi_average`; with `returned`, two outputs: average, sum of weights)."""
    _no_out("average", out)
    a = _as_sym_arg("average", a, "a")
    if weights is None:
        return np_node("_npi_average", [a], {"axis": axis, "returned": returned, "weighted": False}, "average",
                       n_out=2, visible=2 if returned else 1)
    return np_node("_npi_average", [a, _as_sym_arg("average", weights, "weights")],
                   {"axis": axis, "returned": returned}, "average", n_out=2, visible=2 if returned else 1)


def _average_eval(a, weights=None, axis=None, returned=False, weighted=True):
    w = weights if weighted else None
    args = _views_in([a] + ([w] if w is not None else []))
    return _views_out(_np_module().average(args[0], axis=axis, weights=args[1] if len(args) > 1 else None,
                                           returned=bool(returned)))


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None):
    """Symbolic `np.unique` (node `_npi_unique`; one output per requested result)."""
    n = 1 + bool(return_index) + bool(return_inverse) + bool(return_counts)
    return _outputs(np_node("_npi_unique", [_as_sym_arg("unique", ar, "ar")],
                            {"return_index": return_index, "return_inverse": return_inverse,
                             "return_counts": return_counts, "axis": axis}, "unique", n_out=n))


def _unique_eval(ar, return_index=False, return_inverse=False, return_counts=False, axis=None):
    return _views_out(_np_module().unique(*_views_in([ar]), return_index=bool(return_index),
                                          return_inverse=bool(return_inverse), return_counts=bool(return_counts),
                                          axis=axis))


def _percentile_node(name, a, q, axis, out, overwrite_input, interpolation, keepdims):
    _no_out(name, out)
    if overwrite_input is not None:
        raise NotImplementedError(f"mx.sym.np.{name}: argument 'overwrite_input' is not supported")
    a = _as_sym_arg(name, a, "a")
    attrs = {"axis": axis, "interpolation": interpolation, "keepdims": keepdims}
    if isinstance(q, numbers.Real) and not _is_sym(q):
        return np_node("_npi_percentile", [a], dict(attrs, q_scalar=q), "percentile")
    return np_node("_npi_percentile", [a, _as_sym_arg(name, q, "q")], dict(attrs, q_scalar=None), "percentile")


def percentile(a, q, axis=None, out=None, overwrite_input=None, interpolation="linear", keepdims=False):  # noqa: PLR0913
    """Symbolic `np.percentile` (node `_npi_percentile`; a scalar `q` is the `q_scalar` attribute)."""
    return _percentile_node("percentile", a, q, axis, out, overwrite_input, interpolation, keepdims)


def quantile(a, q, axis=None, out=None, overwrite_input=None, interpolation="linear", keepdims=False):  # noqa: PLR0913
    """Symbolic `np.quantile`: `percentile` of 100 * q (a Symbol q through a `_npi_multiply_scalar` node)."""
    if _is_sym(q):
        q = np_node("_npi_multiply_scalar", [q], {"scalar": 100.0, "is_int": True}, "multiply_scalar")
    else:
        q = q * 100
    return _percentile_node("quantile", a, q, axis, out, overwrite_input, interpolation, keepdims)


def _percentile_eval(a, q=None, axis=None, interpolation="linear", keepdims=False, q_scalar=None):
    args = _views_in([a] + ([q] if q is not None else []))
    qv = q_scalar if len(args) == 1 else args[1]
    return _views_out(_np_module().percentile(args[0], qv, axis=axis, interpolation=interpolation,
                                              keepdims=bool(keepdims)))


def bincount(x, weights=None, minlength=0):
    """Symbolic `np.bincount` (node `_npi_bincount`)."""
    ins = [_as_sym_arg("bincount", x, "x")] + ([_as_sym_arg("bincount", weights, "weights")] if weights is not None
                                               else [])
    return np_node("_npi_bincount", ins, {"minlength": minlength, "has_weights": weights is not None}, "bincount")


def _bincount_eval(x, weights=None, minlength=0, has_weights=False):
    args = _views_in([x] + ([weights] if has_weights else []))
    return _views_out(_np_module().bincount(args[0], args[1] if has_weights else None, minlength=int(minlength)))


def ediff1d(ary, to_end=None, to_begin=None):
    """Symbolic `np.ediff1d` (node `_npi_ediff1d`; array `to_begin` / `to_end` are inputs, scalars attributes)."""
    ins = [_as_sym_arg("ediff1d", ary, "ary")]
    attrs = {}
    for key, v in (("to_begin", to_begin), ("to_end", to_end)):
        attrs[f"{key}_arr_given"] = _is_sym(v)
        attrs[f"{key}_scalar"] = None if _is_sym(v) or v is None else v
        if _is_sym(v):
            ins.append(v)
    return np_node("_npi_ediff1d", ins, attrs, "ediff1d")


def _ediff1d_eval(ary, *arrays, to_begin_arr_given=False, to_begin_scalar=None, to_end_arr_given=False,
                  to_end_scalar=None):
    arrays = list(_views_in(arrays))
    begin = arrays.pop(0) if to_begin_arr_given else to_begin_scalar
    end = arrays.pop(0) if to_end_arr_given else to_end_scalar
    return _views_out(_np_module().ediff1d(*_views_in([ary]), to_end=end, to_begin=begin))


def delete(arr, obj, axis=None):
    """Symbolic `np.delete` (node `_npi_delete`: an int, a slice or a Symbol of indices)."""
    arr = _as_sym_arg("delete", arr, "arr")
    if isinstance(obj, slice):
        return np_node("_npi_delete", [arr], {"start": obj.start, "stop": obj.stop, "step": obj.step, "axis": axis},
                       "delete")
    if isinstance(obj, numbers.Integral) and not isinstance(obj, bool):
        return np_node("_npi_delete", [arr], {"int_ind": int(obj), "axis": axis}, "delete")
    return np_node("_npi_delete", [arr, _as_sym_arg("delete", obj, "obj")], {"axis": axis}, "delete")


def _delete_eval(arr, obj=None, axis=None, int_ind=None, start=None, stop=None, step=None):
    if obj is not None:
        index = _views_in([obj])[0]
    elif int_ind is not None:
        index = int(int_ind)
    else:
        index = slice(start, stop, step)
    return _views_out(_np_module().delete(*_views_in([arr]), index, axis=axis))


def histogram(a, bins=10, range=None, normed=None, weights=None, density=None):  # pylint: disable=redefined-builtin
    """Symbolic `np.histogram` with an integer `bins` and a `range` (MXNet's `_histogram` node: [hist, edges])."""
    for arg, v in (("normed", normed), ("weights", weights), ("density", density)):
        if v is not None:
            raise NotImplementedError(f"mx.sym.np.histogram: argument '{arg}' is not supported")
    if not isinstance(bins, numbers.Integral) or range is None:
        raise NotImplementedError("mx.sym.np.histogram: only an integer `bins` with a `range` is supported")
    return _outputs(legacy_node("_histogram", [_as_sym_arg("histogram", a, "a")],
                                {"bin_cnt": int(bins), "range": tuple(range)}, "histogram"))


def array_split(ary, indices_or_sections, axis=0):
    """Symbolic `np.array_split` (MXNet writes the `_split_v2` node of `split`)."""
    return _split("array_split", ary, indices_or_sections, axis)


FUNCTIONS = (average, unique, percentile, quantile, bincount, ediff1d, delete, histogram, array_split)
EVAL = {"_npi_average": _average_eval, "_npi_unique": _unique_eval, "_npi_percentile": _percentile_eval,
        "_npi_bincount": _bincount_eval, "_npi_ediff1d": _ediff1d_eval, "_npi_delete": _delete_eval}


def num_outputs(op, attrs):
    """Outputs of the nodes above (None for others)."""
    if op == "_npi_average":
        return 2
    if op == "_npi_unique":
        return 1 + sum(attrs.get(k) in ("True", "1", "true")
                       for k in ("return_index", "return_inverse", "return_counts"))
    return None
