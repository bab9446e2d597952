"""MXNet's legacy shape mode: an operator input of shape `()` or with a 0 dimension has an *unknown* shape.

In MXNet 1.9.1 without numpy shape semantics (`npx.set_np()`, `mx.util.np_shape(True)`), the imperative
operator call converts every input shape to its "numpy" form before shape inference: ndim 0 becomes an unknown
shape and a 0 dimension an unknown dimension. Almost every operator's shape inference then fails (MXNetError
"Operator X inferring shapes failed.", or one of its own shape checks), so `nd.array(5) + 1`,
`nd.relu(nd.array([]))` or `nd.dot(nd.empty((0, 3)), w)` raise, while creating such arrays (`nd.array(5)`,
`nd.empty((0, 3))`, `x[1:1]`) and the NDArray methods that are no operators (`reshape`, `asnumpy`, indexing,
`shape`) work. A few operators infer a known output from a partly unknown input and run (`POLICIES`).

The operator wrappers (register.py) test each plain-NDArray input with one `numel() < 2` (a 0-d array has one
element, a zero-size one none) and come here only for such an input; the NDArray operators (`x + 1`, `-x`,
`astype`, `copy`) call `check_tensor` the same way. Internal callers reach the implementations through the
unchecked variants, and `mx.np` arrays (numpy semantics) are never checked.
"""
from ..base import MXNetError
from ..util import is_np_shape
from ._args import as_axes, as_bool, as_tuple

__all__ = ["is_unknown", "legacy_unknown", "check_tensor", "input_spec", "check_call", "finish", "shape_error"]


def is_unknown(t):
    """Whether tensor `t`'s shape is unknown to MXNet's legacy shape mode (0-d or a 0 dimension)."""
    return t.dim() == 0 or t.numel() == 0


def legacy_unknown(t):
    """Whether tensor `t` (with `t.numel() < 2`) is an unknown shape now (legacy shape mode on)."""
    return (t.dim() == 0 or t.numel() == 0) and not is_np_shape()


def _legacy_shape(t):
    """`t`'s shape as MXNet prints it after the legacy-to-numpy conversion ("None": unknown ndim, -1: unknown dim)."""
    if t.dim() == 0:
        return "None"
    return "[" + ",".join(str(d if d else -1) for d in t.shape) + "]"


def shape_error(opname, tensors):
    """MXNet's MXNetError of operator `opname` whose inputs `tensors` include an unknown legacy shape."""
    shapes = "\n".join(_legacy_shape(t) for t in tensors)
    return MXNetError(f"Operator {opname} inferring shapes failed.\ninput shapes:\n{shapes}\n"
                      "(MXNet's legacy shape mode reads a 0-d shape or a 0 dimension as unknown; numpy shape "
                      "semantics, npx.set_np() or mx.util.np_shape(True), take them as data)")


def check_tensor(opname, t, *others):
    """Raise MXNet's error when tensor `t` (an input of NDArray operator `opname` with `t.numel() < 2`) has an
    unknown legacy shape; `others`: the operator's other tensor inputs (for the message)."""
    if (t.dim() == 0 or t.numel() == 0) and not is_np_shape():
        raise shape_error(opname, (t,) + others)


def input_spec(fn, kinds):
    """(positions, names, first_var) of `fn`'s array inputs: the parameters without a default or with default None
    that MXNet does not parse as typed parameters (`kinds`), and every argument from a `*args` parameter on."""
    import inspect  # pylint: disable=import-outside-toplevel
    pos, names, var = [], set(), None
    for i, p in enumerate(inspect.signature(fn).parameters.values()):
        if p.kind is p.VAR_POSITIONAL:
            var = i
            continue
        if p.name in kinds or p.name in ("out", "name") or p.kind is p.VAR_KEYWORD:
            continue
        if p.default is p.empty or p.default is None:
            names.add(p.name)
            if p.kind is p.POSITIONAL_OR_KEYWORD and var is None:
                pos.append(i)
    return tuple(pos), frozenset(names), var


def _arrays(spec, args, kwargs):
    """The plain-NDArray inputs of a call (`spec`: input_spec of the operator's function)."""
    from .ndarray import NDArray  # pylint: disable=import-outside-toplevel
    pos, names, var = spec
    cand = [args[i] for i in pos if i < len(args)]
    if var is not None:
        cand.extend(args[var:])
    if kwargs:
        cand.extend(x for k, x in kwargs.items() if k in names)
    out = []
    for x in cand:
        if type(x) is NDArray:
            out.append(x)
        elif type(x) in (list, tuple):
            out.extend(a for a in x if type(a) is NDArray)
    return out


def check_call(opname, spec, args, kwargs):
    """None when no plain-NDArray input of the call has an unknown legacy shape (or numpy shape semantics are on);
    else the policy `ok(args, kwargs, result)` under which MXNet runs the operator anyway; else raise."""
    arrays = _arrays(spec, args, kwargs)
    if not any(a._t.numel() < 2 and is_unknown(a._t) for a in arrays) or is_np_shape():
        return None
    policy = POLICIES.get(opname)
    if policy is not None and not any(a._t.dim() == 0 for a in arrays) or opname in ANY_SHAPE:
        return policy
    raise shape_error(opname, [a._t for a in arrays])


def finish(opname, spec, args, kwargs, policy, res):
    """`res` when `policy` accepts the call (MXNet infers a known output), else MXNet's error."""
    if policy(args, kwargs, res):
        return res
    raise shape_error(opname, [a._t for a in _arrays(spec, args, kwargs)])


# -------------------------------------------------------------------------------------------- policies
def _always(args, kwargs, res):
    """The output's shape does not depend on the input's (shape_array: not for 0-d inputs, whose ndim is unknown)."""
    return True


def _known(res):
    if isinstance(res, (list, tuple)):
        return all(_known(r) for r in res)
    t = res._t
    return t.dim() > 0 and t.numel() > 0


def _result_known(args, kwargs, res):
    """Shape inference passes when the output's shape does not depend on the unknown dimensions."""
    return _known(res)


def _arg(args, kwargs, i, name, default):
    if i < len(args):
        return args[i]
    return kwargs.get(name, default)


def _reduction(args, kwargs, res, axis_name="axis"):
    """sum/mean/prod/nansum/nanprod (ReduceAxesShape) over an input with a 0 dimension: the output must be known,
    and MXNet's kernel refuses (a blob reshape check) a multi-element output whose reduction covers the last
    axis."""
    if not _known(res):
        return False
    t = _arg(args, kwargs, 0, "data", None)._t
    first = res[0] if isinstance(res, (list, tuple)) else res
    if first._t.numel() == 1:  # a full reduction
        return True
    axis = _arg(args, kwargs, 1, axis_name, None)
    if axis is not None and not isinstance(axis, int):
        axis = as_tuple(axis)
        if len(axis) == 0:
            return True
    if axis is None:
        return True
    exclude = as_bool(_arg(args, kwargs, 3, "exclude", False)) if axis_name == "axis" else False
    axes = as_axes(axis, t.dim(), exclude, "sum")
    return (t.dim() - 1) not in axes


def _moments(args, kwargs, res):
    return _reduction(args, kwargs, res, "axes")


def _dot(args, kwargs, res):
    """dot of two zero-length vectors: a known (1,) output."""
    lhs, rhs = _arg(args, kwargs, 0, "lhs", None), _arg(args, kwargs, 1, "rhs", None)
    return lhs._t.dim() == 1 and rhs._t.dim() == 1


def _broadcast_like(args, kwargs, res):
    """broadcast_like to a zero-size rhs: known when lhs is (the rhs's unknown dims keep lhs's); no axes."""
    lhs = _arg(args, kwargs, 0, "lhs", None)
    return (_arg(args, kwargs, 2, "lhs_axes", None) is None and _arg(args, kwargs, 3, "rhs_axes", None) is None
            and not is_unknown(lhs._t))


def _data_known(args, kwargs, res):
    """pick: the index's shape is inferred from the data's (a 0-d index of a 1-D array is fine)."""
    return not is_unknown(_arg(args, kwargs, 0, "data", None)._t)


POLICIES = {
    "sum": _reduction, "mean": _reduction, "prod": _reduction, "nansum": _reduction, "nanprod": _reduction,
    "moments": _moments, "dot": _dot, "linalg_gemm2": _result_known, "linalg_gemm": _result_known,
    "linalg_syrk": _result_known, "shape_array": _always, "broadcast_like": _broadcast_like,
    "pick": _data_known,
    "all_finite": _always, "multi_all_finite": _always, "histogram": _always, "size_array": _always,
}
# operators whose policy also takes 0-d inputs (their shape inference does not read the input's shape, or infers
# it from the other inputs)
ANY_SHAPE = frozenset({"all_finite", "multi_all_finite", "histogram", "size_array", "pick"})
