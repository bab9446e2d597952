"""`infer_type` rules of numpy-mode nodes: an explicit `dtype` attribute, bool predicates, int64 indices,
float32 true division of integers, otherwise numpy's promotion of the known input dtypes (forwards only:
numpy operators take mixed dtypes, so outputs never constrain inputs)."""
import numpy as _onp

from ...base import MXNetError
from ..graph_exec import parse_attr

_BOOL = ("_npi_equal", "_npi_not_equal", "_npi_less", "_npi_less_equal", "_npi_greater", "_npi_greater_equal",
         "_npi_isnan", "_npi_isinf", "_npi_isfinite", "_npi_isposinf", "_npi_isneginf", "_npi_logical_not",
         "_np_all", "_np_any", "_npi_share_memory")
_INT64 = ("_npi_argmax", "_npi_argmin", "_npx_nonzero")
_TRUEDIV = ("_npi_true_divide", "_npi_true_divide_scalar", "_npi_rtrue_divide_scalar")
_NO_INPUT_DEFAULT = "float32"


def _is_bool_op(op):
    return op in _BOOL or any(op == b + "_scalar" for b in _BOOL)


def out_dtype(node, in_types):
    """The dtype name of every output of numpy node `node` given its inputs' dtype names (None: unknown)."""
    op = node.op
    dt = parse_attr(node.attrs.get("dtype", "None"))
    if dt is not None and dt != "None":
        return _onp.dtype(dt).name
    if _is_bool_op(op):
        if op in _BOOL and len({t for t in in_types if t is not None}) > 1:
            raise MXNetError(f"Error in operator {node.name}: Incompatible attr in node {node.name}: input "
                             f"dtypes {in_types} differ")
        return "bool"
    if op in _INT64:
        return "int64"
    if not node.inputs:
        return _NO_INPUT_DEFAULT
    first = in_types[0] if in_types else None
    if "is_int" in node.attrs and first is not None:  # scalar operators (see _nodes._scalar_eval)
        integral = first == "bool" or first.startswith(("int", "uint"))
        if op in _TRUEDIV:
            return "float32" if integral else first
        if integral and node.attrs.get("is_int") not in ("True", "1", "true"):
            return "float64"
        return "int64" if first == "bool" else first
    if op == "_npi_mean" and first is not None and (first == "bool" or first.startswith(("int", "uint"))):
        return "float32"
    if op == "_npi_percentile" and first is not None:
        return "float64" if first == "float64" else "float32"
    if op in ("_np_cumsum", "_np_sum", "_np_prod") and first == "bool":
        return "int64"
    known = [t for i, t in enumerate(in_types) if t is not None and not (op.startswith("_npi_where") and i == 0)]
    if len(known) < len([1 for i in range(len(in_types)) if not (op.startswith("_npi_where") and i == 0)]):
        return None
    if not known:
        return None
    if len(known) == 1:
        res = known[0]
    elif op in _MIXING:
        res = _mix(known)
    elif len(set(known)) > 1:  # the other numpy operators need one dtype (MXNet's ElemwiseType)
        raise MXNetError(f"Error in operator {node.name}: Incompatible attr in node {node.name}: input dtypes "
                         f"{known} differ")
    else:
        res = known[0]
    if op in _TRUEDIV and (res.startswith(("int", "uint")) or res == "bool"):
        return "float32"
    return res


_MIXING = frozenset(("_npi_add", "_npi_subtract", "_npi_multiply", "_npi_true_divide", "_npi_power", "_npi_mod"))


def _mix(known):
    """MXNet's dtype of an arithmetic numpy operator on mixed inputs: a float with an integer/bool gives the
    float's dtype; two floats, or two integers, promote as numpy does."""
    floats = [t for t in known if t.startswith(("float", "bfloat"))]
    if floats and len(floats) < len(known):
        return _onp.result_type(*[_onp.dtype(t) for t in floats]).name
    return _onp.result_type(*[_onp.dtype(t) for t in known]).name


def rule(node, types, in_keys, out_keys, assign):
    """Apply the rule of `node` once (True if an output dtype was decided)."""
    dt = out_dtype(node, [types.get(k) for k in in_keys])
    if dt is None:
        return False
    return any([assign(types, k, dt, node, f"{i}-th output") for i, k in enumerate(out_keys)])
