"""Making numpy-mode graph nodes (`mx.sym.np` / `mx.sym.npx`) and evaluating them with the imperative functions.

`np_node(op, inputs, attrs, hint)` creates one node named as MXNet names it and returns an `mx.sym.np._Symbol`.
`evaluator(op)` gives the callable `graph_exec` runs for a numpy backend operator (`_npi_*`, `_np_*`,
`_npx_*`): the node's inputs (NDArrays of the executor) are viewed as `mx.np.ndarray`s, the `mx.np` / `mx.npx`
function of the same operator is called with the parsed attributes, and its outputs are viewed back as
NDArrays -- so values and gradients are those of the imperative call.
"""
import inspect

import numpy as _onp

from ...base import MXNetError
from .. import symbol as _sym
from . import _table


class Unsupported(NotImplementedError, AttributeError):
    """A `mx.sym.np` / `mx.sym.npx` name torch2gluon does not build: NotImplementedError naming it, and an
    AttributeError too, so `hasattr(mx.sym.np, name)` probes read it as absent."""


def unsupported(module, name):
    """The error for `module.name` (raised by the namespaces' `__getattr__`)."""
    return Unsupported(f"{module}.{name} is not supported by torch2gluon's symbolic numpy interface "
                       f"(use {module.replace('.sym', '')} on arrays)")


def sym_class():
    """`mx.sym.np._Symbol`."""
    from ._symbol import _Symbol
    return _Symbol


def _attr_value(v):
    if isinstance(v, type) and not issubclass(v, _onp.generic):  # float, int, bool as dtypes
        return _onp.dtype(v).name
    return _sym._attr_str(v)


def np_node(op, inputs, attrs, hint, name=None, n_out=1, visible=None):
    """A node of backend operator `op` over Symbols `inputs` with `attrs` (values written as MXNet writes
    them); `hint` names it (`add` -> 'add0'). Returns the `_Symbol` of its `n_out` outputs (the first
    `visible` of them when the operator has hidden outputs, as `_npi_norm`)."""
    for s in inputs:
        if not isinstance(s, _sym.Symbol):
            raise TypeError(f"{hint}: expected a Symbol input, got {type(s).__name__}")
        if type(s) is _sym.Symbol:  # a legacy Symbol: MXNet's numpy operators refuse it
            from .._kinds import refuse_legacy_symbol  # pylint: disable=import-outside-toplevel
            refuse_legacy_symbol(op)
        if len(s._outputs) != 1:
            raise MXNetError(f"{hint}: a grouped Symbol with {len(s._outputs)} outputs cannot be one input")
    written = {k: _attr_value(v) for k, v in attrs.items()}
    written.update(_sym._scoped_attrs(None))
    node = _sym._Node(op, _sym._auto_name(name, hint), written, [s._outputs[0] for s in inputs], n_out)
    return sym_class()([(node, i) for i in range(n_out if visible is None else visible)])


def legacy_node(op, args, kwargs, hint):
    """A legacy operator's node (as `mx.sym.<op>` makes it) returned as a `_Symbol`."""
    out = _sym.make_op(op, args, kwargs, hint=hint)
    return sym_class()(out._outputs)


def num_outputs(op, attrs):
    """Outputs of numpy backend operator `op` with `attrs` (None: not a multi-output numpy operator)."""
    if op in ("_np_atleast_1d", "_np_atleast_2d", "_np_atleast_3d"):
        return int(attrs.get("num_args", "1"))
    from . import linalg, random, _functions_more
    n = _functions_more.num_outputs(op, attrs)
    if n is not None:
        return n
    if op in linalg.NUM_OUTPUTS:  # multi-output linalg operators (norm: a second, hidden output)
        return linalg.NUM_OUTPUTS[op]
    if op in random.NUM_OUTPUTS:
        return random.NUM_OUTPUTS[op]
    if op in ("_npi_hsplit", "_npi_dsplit"):
        sections = int(attrs.get("sections", "0"))
        return sections if sections > 0 else len(_sym.parse_list(attrs.get("indices", "[]")))
    return None


def _np_split_eval(name):
    def run(x, indices=(), axis=None, squeeze_axis=False, sections=0):
        if squeeze_axis:
            raise NotImplementedError(f"_npi_{name}: squeeze_axis=True is not supported by torch2gluon")
        ios = int(sections) if int(sections) > 0 else tuple(indices)[1:]
        return _views_out(getattr(_np_module(), name)(*_views_in([x]), ios))
    return run


# ------------------------------------------------------------------ evaluation
def _np_module():
    from ... import numpy as np
    return np


def _views_in(args):
    from ...numpy._wrap import as_np
    from ...ndarray.ndarray import NDArray
    return [as_np(a) if isinstance(a, NDArray) else a for a in args]


def _views_out(res):
    from ...numpy._wrap import as_nd
    from ...ndarray.ndarray import NDArray
    if isinstance(res, NDArray):
        return as_nd(res)
    if isinstance(res, (list, tuple)):
        return [_views_out(r) for r in res]
    return res


def _wrapped(fn, label):
    def run(*args, **kwargs):
        kwargs.pop("num_args", None)
        return _views_out(fn(*_views_in(args), **kwargs))
    run.__name__ = label
    return run


def _params(fn):
    try:
        return inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}


def _simple_eval(pyname, inputs, attrs, fn):
    rename = {}
    for a in attrs:
        py, _, back = a.lstrip("!").partition("=")
        rename[back or py] = py
    params = _params(fn)

    def run(*args, **kwargs):
        kw = {}
        for k, v in kwargs.items():
            if k == "num_args":
                continue
            k = rename.get(k, k)
            if k not in params:
                if v is None or v is False:  # MXNet writes some defaults our signature does not spell
                    continue
                raise NotImplementedError(f"mx.sym.np.{pyname}: attribute {k}={v!r} is not supported")
            kw[k] = v
        return _views_out(fn(*_views_in(args), **kw))
    run.__name__ = pyname
    return run


_CMP = frozenset(("equal", "not_equal", "less", "less_equal", "greater", "greater_equal"))


def _scalar_eval(pyname, left):
    """A `*_scalar` node: with `is_int` false (a float scalar, or any scalar on the left as MXNet writes it) an
    integer or bool array computes in float64 (MXNet's graph semantics; comparisons compare as floats)."""
    def run(data, scalar=0.0, is_int=False):
        from ...numpy._wrap import as_np
        as_int = is_int in (True, "True", "1")
        s = int(scalar) if as_int else float(scalar)
        fn = getattr(_np_module(), pyname)
        x = as_np(data)
        if not as_int and (_onp.issubdtype(x.dtype, _onp.integer) or (x.dtype == _onp.bool_ and pyname not in _CMP)) \
                and pyname not in ("true_divide", "bitwise_and", "bitwise_or", "bitwise_xor", "lcm"):
            x = x.astype("float64")  # (a bool array compares with the scalar read as a bool, as MXNet)
        return _views_out(fn(s, x) if left else fn(x, s))
    run.__name__ = pyname
    return run


def _tensordot_eval(a, b, a_axes_summed=(), b_axes_summed=()):
    np = _np_module()
    return _views_out(np.tensordot(*_views_in([a, b]), axes=(list(a_axes_summed), list(b_axes_summed))))


def _tensordot_int_eval(a, b, axes=2):
    return _views_out(_np_module().tensordot(*_views_in([a, b]), axes=int(axes)))


def _seq_eval(pyname):
    def run(*args, **kwargs):
        kwargs.pop("num_args", None)
        return _views_out(getattr(_np_module(), pyname)(_views_in(args), **kwargs))
    run.__name__ = pyname
    return run


def _creation_eval(pyname, attrs):
    rename = {}
    for a in attrs:
        py, _, back = a.partition("=")
        rename[back or py] = py

    def run(**kwargs):
        kw = {rename.get(k, k): v for k, v in kwargs.items() if k not in ("ctx", "order")}
        if pyname == "identity":
            shape = kw.pop("n")
            kw["n"] = shape[0] if isinstance(shape, (tuple, list)) else shape
        return _views_out(getattr(_np_module(), pyname)(**kw))
    run.__name__ = pyname
    return run


def _full_like_eval(a, fill_value=0, dtype=None):
    return _views_out(_np_module().full_like(*_views_in([a]), fill_value, dtype=dtype))


def _where_eval(kind):
    def run(*args, scalar=0.0, x=None, y=None):
        np = _np_module()
        args = _views_in(args)
        if kind == "both":
            return _views_out(np.where(*args))
        if kind == "lscalar":
            return _views_out(np.where(args[0], scalar, args[1]))
        if kind == "rscalar":
            return _views_out(np.where(args[0], args[1], scalar))
        return _views_out(np.where(args[0], x, y))
    return run


def _einsum_eval(*args, subscripts="", optimize=0, num_args=None):
    return _views_out(_np_module().einsum(subscripts, *_views_in(args), optimize=bool(optimize)))


def _npx_reshape_eval(a, newshape=None, reverse=False, order="C"):
    from ... import numpy_extension as npx
    return _views_out(npx.reshape(*_views_in([a]), newshape, reverse=reverse, order=order))


def _pad_eval(x, pad_width=(), mode="constant", constant_value=0, reflect_type="even"):
    kw = {"constant_values": constant_value} if mode == "constant" else {}
    if mode in ("reflect", "symmetric") and reflect_type not in ("even", None):
        raise NotImplementedError(f"_npi_pad: reflect_type={reflect_type!r} is not supported")
    return _views_out(_np_module().pad(*_views_in([x]), pad_width, mode=mode, **kw))


_EVAL = {}


def _build_eval():
    np = _np_module()
    for name, op in _table.UNARY.items():
        _EVAL.setdefault(op, _wrapped(getattr(np, name), name))
    for name, (both, _s, _r) in _table.BINARY.items():
        if both.startswith("_np"):
            _EVAL.setdefault(both, _wrapped(getattr(np, name), name))
    for op, (name, left) in _table.SCALAR_EVAL.items():
        _EVAL.setdefault(op, _scalar_eval(name, left))
    for name, (op, inputs, attrs, *_const) in _table.SIMPLE.items():
        if op.startswith("_np"):
            _EVAL.setdefault(op, _simple_eval(name, inputs, attrs, getattr(np, name)))
    for name, spec in _table.SEQUENCE.items():
        if spec is not None:
            _EVAL.setdefault(spec[0], _seq_eval(name))
    for name, (op, attrs, _d) in _table.CREATION.items():
        if op.startswith("_np"):
            _EVAL.setdefault(op, _creation_eval(name, attrs))
    for name in ("atleast_1d", "atleast_2d", "atleast_3d"):
        _EVAL[f"_np_{name}"] = _wrapped(getattr(np, name), name)
    _EVAL.update({
        "_npi_tensordot": _tensordot_eval, "_npi_tensordot_int_axes": _tensordot_int_eval,
        "_npi_full_like": _full_like_eval, "_npi_where": _where_eval("both"),
        "_npi_where_lscalar": _where_eval("lscalar"), "_npi_where_rscalar": _where_eval("rscalar"),
        "_npi_where_scalar2": _where_eval("scalar2"), "_npi_einsum": _einsum_eval,
        "_npx_reshape": _npx_reshape_eval, "_npi_pad": _pad_eval,
        "_npi_hsplit": _np_split_eval("hsplit"), "_npi_dsplit": _np_split_eval("dsplit"),
    })
    from ... import numpy_extension as npx
    for name, op in _table.NPX_OPS.items():
        if op not in _EVAL:
            _EVAL[op] = _wrapped(getattr(npx, name), name)
    from . import linalg, random, _functions_more
    _EVAL.update(_functions_more.EVAL)
    _EVAL.update(linalg.EVAL)
    _EVAL.update(random.EVAL)
    for op, fn in list(_EVAL.items()):
        _EVAL[op] = _np_shaped(fn, op)


def _np_shaped(fn, op):
    """`fn` run with numpy shape semantics, as MXNet runs numpy operators in any graph (0-d and zero-size
    arrays are shapes, not unknowns)."""
    from ...util import np_shape

    def run(*args, **kwargs):
        with np_shape(True):
            return fn(*args, **kwargs)
    run.__name__ = getattr(fn, "__name__", op)
    return run


def evaluator(op):
    """The callable evaluating numpy backend operator `op` (None when torch2gluon has none for it)."""
    if not _EVAL:
        _build_eval()
    return _EVAL.get(op)


def known_ops():
    """The numpy backend operators torch2gluon evaluates."""
    if not _EVAL:
        _build_eval()
    return sorted(_EVAL)


def numpy_evaluator(op, attrs):
    """The numpy evaluator of a graph node (None for legacy nodes): `_np*` operators, and the legacy scalar
    operators (`_maximum_scalar`...) when they carry numpy's `is_int` attribute."""
    if op.startswith(("_np_", "_npi_", "_npx_")) or (op in _table.SCALAR_EVAL and "is_int" in attrs):
        return evaluator(op)
    return None
