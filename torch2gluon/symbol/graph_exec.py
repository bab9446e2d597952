"""Evaluate a `Symbol` graph with torch2gluon's operators (the runtime behind SymbolBlock and Symbol.eval).

Each node's op name is resolved to the one operator implementation `nd.X` uses (MXNet's internal names
such as `_plus_scalar`, `_linalg_gemm2` or `_contrib_X` included); its string attributes are parsed back to
Python values. Parameters whose shapes are still unknown are created when their consumer runs, from
that operator's shape rule (`infer_param_shape`).
"""
import ast
import math
import operator

from ..base import MXNetError
from ..ndarray._state import STATE
from .shape_back import discover_back, discover_same

_SCALAR_OPS = {
    "_plus_scalar": operator.add, "_minus_scalar": operator.sub, "_rminus_scalar": lambda x, s: s - x,
    "_mul_scalar": operator.mul, "_div_scalar": operator.truediv, "_rdiv_scalar": lambda x, s: s / x,
    "_power_scalar": operator.pow, "_rpower_scalar": lambda x, s: s ** x, "_mod_scalar": operator.mod,
    "_rmod_scalar": lambda x, s: s % x, "_equal_scalar": operator.eq, "_not_equal_scalar": operator.ne,
    "_greater_scalar": operator.gt, "_greater_equal_scalar": operator.ge, "_lesser_scalar": operator.lt,
    "_lesser_equal_scalar": operator.le,
}
_SCALAR_FN = {"_maximum_scalar": "maximum", "_minimum_scalar": "minimum", "_hypot_scalar": "hypot"}
_BINARY_ALIASES = {
    "_plus": "elemwise_add", "_Plus": "elemwise_add", "_add": "elemwise_add",
    "_minus": "elemwise_sub", "_Minus": "elemwise_sub", "_sub": "elemwise_sub",
    "_mul": "elemwise_mul", "_Mul": "elemwise_mul", "_div": "elemwise_div", "_Div": "elemwise_div",
    # MXNet's _power/_mod/_equal/... are elementwise (same shapes), as their nd._internal operators
    "_Power": "_power", "_Maximum": "_maximum", "_Minimum": "_minimum",
}
_NAMESPACES = (("_linalg_", "linalg"), ("_contrib_", "contrib"), ("_image_", "image"), ("_random_", "random"),
               ("_sample_", "random"), ("_sparse_", "sparse"))
_DROP_ATTRS = ("ctx",)
_FRONTEND_BACK = {"_zeros": "zeros", "_ones": "ones", "_full": "full", "_arange": "arange", "_eye": "eye",
                  "_linspace": "linspace"}


def parse_attr(value):
    """An MXNet attribute string back to a Python value ('True' -> True, '(3, 3)' -> (3, 3), 'relu' stays)."""
    if not isinstance(value, str):
        return value
    s = value.strip()
    if s in ("True", "true"):
        return True
    if s in ("False", "false"):
        return False
    if s == "None":
        return None
    try:
        return ast.literal_eval(s)
    except (ValueError, SyntaxError):
        return value


def resolve_op(op):
    """The Python callable implementing MXNet operator `op` (MXNetError if torch2gluon lacks it)."""
    from .. import ndarray as nd
    from ..ndarray.register import OPS
    if op in _SCALAR_OPS:
        fn = _SCALAR_OPS[op]
        return lambda x, scalar: fn(x, float(scalar))
    if op == "_hypot" and op in OPS:  # elementwise (same shapes), as MXNet's
        return OPS[op]
    if op in ("_hypot_scalar", "_hypot") and not hasattr(nd, "hypot"):  # sqrt(a^2 + b^2) from nd operators
        if op == "_hypot":
            return lambda a, b: nd.sqrt(nd.square(a) + nd.square(b))
        return lambda x, scalar: nd.sqrt(nd.square(x) + float(scalar) ** 2)
    if op in _SCALAR_FN:
        fn = getattr(nd, _SCALAR_FN[op])
        return lambda x, scalar: fn(x, float(scalar))
    if op == "_rnn_param_concat":  # the fused RNN layers' flat parameter vector (MXNet's internal op)
        return lambda *xs, dim=0: nd.concat(*xs, dim=int(dim))
    if op == "BatchNorm_v1":  # symbolic only (MXNet cannot call it imperatively either)
        from ._batchnorm_v1 import batchnorm_v1
        return batchnorm_v1
    if op == "_identity_with_attr_like_rhs":  # lhs unchanged; rhs only constrains shape inference in MXNet
        return _identity_like_rhs
    op = _BINARY_ALIASES.get(op, op)
    if op in OPS:
        return OPS[op]
    from .symbol import CANONICAL
    for ours, canonical in CANONICAL.items():
        if canonical == op and ours in OPS:
            return OPS[ours]
    if op in _FRONTEND_BACK and hasattr(nd, _FRONTEND_BACK[op]):
        return getattr(nd, _FRONTEND_BACK[op])
    for prefix, ns in _NAMESPACES:
        if op.startswith(prefix):
            mod = getattr(nd, ns, None)
            name = op[len(prefix):]
            if prefix == "_sample_":
                name = "sample_" + name
            fn = getattr(mod, name, None) if mod is not None else None
            if fn is not None:
                return fn
    if hasattr(nd, op) and callable(getattr(nd, op)):
        return getattr(nd, op)
    if op.startswith("_"):  # MXNet's legacy alias names (_PlusScalar) and internal graph operators (_grad_add)
        fn = getattr(nd._internal, op, None)
        if fn is not None:
            return fn
    raise MXNetError(f"Operator {op!r} in the symbol graph is not supported by torch2gluon")


def _identity_like_rhs(lhs, rhs):
    if tuple(lhs.shape) != tuple(rhs.shape):
        raise MXNetError(f"_identity_with_attr_like_rhs: shapes {tuple(lhs.shape)} and {tuple(rhs.shape)} differ")
    return lhs


# MXNet attribute names that torch2gluon's operator of the same node spells differently.
_ATTR_RENAME = {"_full": {"value": "val"}, "_histogram": {"bin_cnt": "bins"}}


def op_kwargs(node):
    """The node's attributes as keyword arguments for the operator."""
    kw = {k: parse_attr(v) for k, v in node.attrs.items()
          if not (k.startswith("__") and k.endswith("__")) and k not in _DROP_ATTRS}
    rename = _ATTR_RENAME.get(node.op)
    return {rename.get(k, k): v for k, v in kw.items()} if rename else kw


def _prod(xs):
    return int(math.prod(xs))


def infer_param_shape(op, attrs, slot, data_shape):
    """Shape of input `slot` of `op` given its attributes and its data input's shape (None if unknown)."""
    a = {k: parse_attr(v) for k, v in attrs.items()}
    if op == "FullyConnected":
        units = int(a["num_hidden"])
        in_units = _prod(data_shape[1:]) if a.get("flatten", True) else data_shape[-1]
        return (units, in_units) if slot == 1 else (units,)
    if op in ("Convolution", "Deconvolution"):
        layout = a.get("layout") or "NC" + "DHW"[-(len(data_shape) - 2):]
        c = data_shape[layout.index("C")]
        nf, ng, kernel = int(a["num_filter"]), int(a.get("num_group", 1)), tuple(a["kernel"])
        if slot == 2:
            return (nf,)
        if op == "Convolution":
            return (nf, c // ng) + kernel if layout.index("C") == 1 else (nf,) + kernel + (c // ng,)
        return (c, nf // ng) + kernel
    if op in ("BatchNorm", "SyncBatchNorm", "InstanceNorm", "LayerNorm", "BatchNorm_v1"):
        axis = int(a.get("axis", -1 if op == "LayerNorm" else 1))
        return (data_shape[axis],)
    if op == "GroupNorm":
        return (int(a.get("num_groups", 1)),)
    if op in ("Embedding", "_contrib_SparseEmbedding"):
        return (int(a["input_dim"]), int(a["output_dim"]))
    if slot == 1 and (op.startswith("elemwise_") or _BINARY_ALIASES.get(op, "").startswith("elemwise_")):
        return tuple(data_shape)  # same-shape binary operators: an unknown second operand matches the first
    if op in ("SoftmaxOutput", "Softmax", "SVMOutput") and slot == 1:  # the label
        if a.get("multi_output", False):
            return (data_shape[0],) + tuple(data_shape[2:])
        return tuple(data_shape[:-1]) if a.get("preserve_shape", False) else (data_shape[0],)
    if op in ("LinearRegressionOutput", "LogisticRegressionOutput", "MAERegressionOutput") and slot == 1:
        return tuple(data_shape)
    if op == "LeakyReLU" and a.get("act_type") == "prelu":
        return (data_shape[1],) if len(data_shape) > 1 else (1,)
    if op == "RNN":
        return _rnn_input_shape(a, slot, data_shape)
    if op.startswith(("_np_", "_npi_")):  # numpy operators (dot/matmul weights, elementwise operands)
        from .numpy._shapes import param_shape
        return param_shape(op, a, slot, tuple(data_shape))
    if op == "Custom":
        from ..operator import custom_input_shape
        return custom_input_shape(attrs, slot, data_shape)
    if op == "UpSampling" and slot == 1 and a.get("sample_type") == "bilinear":
        s = int(a["scale"])
        return (int(a.get("num_filter", 0)), 1, 2 * s - s % 2, 2 * s - s % 2)  # the grouped deconv's kernel
    return None


# operators whose MXNet shape rule overwrites a declared parameter shape (no check), and the one that keeps it
_OVERWRITES_DECLARED = ("BatchNorm", "BatchNorm_v1", "SyncBatchNorm", "_contrib_SyncBatchNorm", "InstanceNorm",
                        "GroupNorm")
# ... and those whose rule checks it against the inferred one
_CHECKS_DECLARED = ("FullyConnected", "Convolution", "Deconvolution", "Embedding", "LayerNorm")


def reconcile_declared(node, slot, inferred, declared):
    """The shape of a parameter input whose variable declares `declared` (its `shape=` attribute) when the
    operator's rule infers `inferred`, as MXNet decides: the norms overwrite it; layers with weights and the
    same-shape elementwise operators raise MXNet's 'Shape inconsistent' error; other operators (PReLU's gamma,
    broadcasting operands) keep it."""
    if inferred is None or declared is None or len(declared) == 0 or any(int(d) <= 0 for d in declared) \
            or any(int(d) <= 0 for d in inferred) or tuple(int(d) for d in inferred) == tuple(declared):
        return inferred
    if node.op in _OVERWRITES_DECLARED:
        return inferred
    if node.op not in _CHECKS_DECLARED and not node.op.startswith("elemwise_") \
            and not _BINARY_ALIASES.get(node.op, "").startswith("elemwise_"):
        return tuple(declared)  # PReLU's gamma, broadcasting operands (numpy operators): the declared shape
    raise MXNetError(f"Error in operator {node.name}: Shape inconsistent, "
                     f"Provided = [{','.join(str(int(d)) for d in declared)}], "
                     f"inferred shape=({','.join(str(int(d)) for d in inferred)}{',' if len(inferred) == 1 else ''})")


_RNN_GATES = {"rnn_relu": 1, "rnn_tanh": 1, "gru": 3, "lstm": 4}


def _rnn_input_shape(a, slot, data_shape):
    """Shape of input `slot` of the fused RNN operator (data is (seq_len, batch, input_size))."""
    if len(data_shape) != 3:
        return None
    mode, hidden, layers = a["mode"], int(a["state_size"]), int(a["num_layers"])
    dirs = 2 if a.get("bidirectional", False) else 1
    proj = a.get("projection_size")
    out = int(proj) if proj is not None else hidden  # size of h (the recurrent input of every gate)
    names = ["data", "parameters", "state"] + (["state_cell"] if mode == "lstm" else []) \
        + (["sequence_length"] if a.get("use_sequence_length", False) else [])
    name = names[slot] if slot < len(names) else None
    if name == "parameters":
        rows = _RNN_GATES[mode] * hidden  # gate rows of each direction's i2h/h2h weights
        first = rows * (data_shape[2] + out + 2)  # i2h weight + h2h weight + both biases
        rest = rows * (dirs * out + out + 2)
        proj_w = hidden * out if proj is not None else 0
        return (dirs * (first + (layers - 1) * rest + layers * proj_w),)
    if name in ("state", "state_cell"):
        return (layers * dirs, data_shape[1], out if name == "state" else hidden)
    if name == "sequence_length":
        return (data_shape[1],)
    return None


def _as_list(out):
    if isinstance(out, (list, tuple)):
        return list(out)
    return [out]


def _takes(fn, name):
    import inspect
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(p.name == name or p.kind is p.VAR_KEYWORD for p in params)


def _bind_op(node):
    """(callable, keyword arguments) for a node; `num_args` (MXNet's count of variadic inputs) is checked and
    dropped for implementations that count their inputs themselves (add_n, ElementWiseSum...)."""
    if node.subgraphs is not None or node.op in ("_foreach", "_while_loop", "_cond"):
        from .control_flow import bind_control_flow
        return bind_control_flow(node), {}
    from .numpy._nodes import numpy_evaluator
    fn = numpy_evaluator(node.op, node.attrs)
    fn, kwargs = fn or resolve_op(node.op), op_kwargs(node)
    if "num_args" in kwargs and not _takes(fn, "num_args"):
        n = kwargs.pop("num_args")
        if int(n) != len(node.inputs):
            raise MXNetError(f"{node.name}: num_args={n} but the node has {len(node.inputs)} inputs "
                             f"(operator {node.op})")
    return fn, kwargs


def _arange_of_length(shape, fn, kwargs):
    """`arange(infer_range=True)` once its consumer decided its length: start + i*step, each repeated."""
    repeat = int(kwargs.get("repeat", 1) or 1)
    n, step = int(shape[0]), float(kwargs.get("step", 1.0))
    if n % repeat:
        raise MXNetError(f"arange: an inferred length {n} is not a multiple of repeat={repeat}")
    start = float(kwargs.get("start", 0.0))
    return fn(**dict(kwargs, start=start, stop=start + (n // repeat - 0.5) * step, infer_range=False))


def _creation_shape(node):
    """The `shape` attribute of an input-less creation node (`_zeros`, `_random_uniform`...), else None;
    (0,) (length unknown) for `arange(infer_range=True)`, whose length its consumer decides."""
    if node.op == "_arange" and str(node.attrs.get("infer_range")) in ("True", "1", "true") and not node.inputs:
        return (0,)
    if node.inputs or "shape" not in node.attrs:
        return None
    shape = parse_attr(node.attrs["shape"])
    if isinstance(shape, int):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        return None
    # MXNet's symbolic creation operators read -1 like 0: a size left to shape inference
    return tuple(0 if isinstance(d, int) and d < 0 else d for d in shape)


def _partial_var_shape(node):
    shape = parse_attr(node.attrs.get("__shape__", "None"))  # -1 (numpy shape semantics) is unknown, as 0
    return tuple(max(int(d), 0) for d in shape) if isinstance(shape, (tuple, list)) else None


def run_graph(sym, values, ctx=None, param_provider=None, partial=False, seen=None, discovered=None,
              node_hook=None):
    """Evaluate `sym` as a graph (operators see `in_graph()`); the arguments are `_run_graph`'s."""
    STATE.graph += 1
    try:
        return _run_graph(sym, values, ctx, param_provider, partial, seen, discovered, node_hook)
    finally:
        STATE.graph -= 1


def _run_graph(sym, values, ctx=None, param_provider=None, partial=False, seen=None, discovered=None,
               node_hook=None):
    """Evaluate `sym` with `values` (name -> NDArray); `param_provider(name, shape)` supplies the rest.

    Unknown (0) dimensions of creation ops and of partly-shaped variables are decided by their consumers
    (partial_shape); a graph where nothing decides them raises partial_shape.ShapeUnknown. With `partial`
    (shape inference only) outputs come back as they are: NDArrays, `Lazy` values with unknown sizes, or
    `UNKNOWN`; `seen` (a dict) receives every variable's value, `discovered` the shapes that a later
    consumer found for variables an earlier one could not size (run again with them, as MXNet iterates).
    `node_hook(node, fn, args, kwargs)`, when given, runs each operator instead (executor monitors).
    """
    from . import partial_shape as ps
    results = {}
    lazy = partial  # any value with unknown dimensions in this run (checked per node only then)
    for node in sym._topo():
        if node.op == "null":
            if node.name in values:
                results[id(node)] = [values[node.name]]
                lazy = lazy or isinstance(values[node.name], ps.Lazy)
            continue
        if node._exec is None:  # resolve the operator and parse its attributes once per node, not per run
            node._exec = _bind_op(node)  # (before sizing its parameters: an unknown operator is the error)
        args = []
        for slot, (src, i) in enumerate(node.inputs):
            if id(src) not in results or (discovered is not None and src.op == "null"
                                          and isinstance(results[id(src)][0], ps.Unknown)):
                if src.op != "null":
                    raise MXNetError(f"symbol graph: input {src.name} of {node.name} was not computed")
                shape = None
                if param_provider is None:
                    raise MXNetError(f"Symbol.eval: no value given for variable '{src.name}'")
                data_shape = args[0].shape if args else None
                hint = None  # a shape with 0 for the sizes the data does not tell yet
                if data_shape:
                    shape = infer_param_shape(node.op, node.attrs, slot, data_shape)
                    shape = reconcile_declared(node, slot, shape, _partial_var_shape(src))
                    if shape is not None and any(int(d) <= 0 for d in shape):
                        hint, shape = tuple(int(d) for d in shape), None
                        own = _partial_var_shape(src)  # the variable's own known sizes complete the hint
                        if own is not None and len(own) == len(hint):
                            merged = tuple(h if h > 0 else o for h, o in zip(hint, own))
                            if all(d > 0 for d in merged):
                                hint, shape = None, merged
                if id(src) in results:  # an earlier consumer could not size it: the next run will
                    if shape is not None or hint is not None:
                        discovered[src.name] = tuple(shape) if shape is not None else hint
                else:
                    results[id(src)] = [_provide(ps, param_provider, src, shape, partial,
                                                 args[0].dtype if args else None, hint)]
                    lazy = lazy or not hasattr(results[id(src)][0], "_t")
            elif discovered is not None and args and args[0].shape and \
                    isinstance(results[id(src)][i] if i < len(results[id(src)]) else None, ps.Unknown):
                want = infer_param_shape(node.op, node.attrs, slot, args[0].shape)  # passed back (shape_back)
                if want is not None:
                    discover_back(src, i, want, results, discovered)
                    if partial and all(int(d) > 0 for d in want):  # the output's shape is known all the same
                        from .. import ndarray as nd
                        args.append(nd.zeros(tuple(int(d) for d in want), dtype=args[0].dtype))
                        continue
            try:
                args.append(results[id(src)][i])
            except IndexError:
                raise MXNetError(f"symbol graph: {src.name} has no output {i}") from None
        fn, kwargs = node._exec
        if lazy and any(isinstance(a, (ps.Lazy, ps.Unknown)) for a in args):
            if any(isinstance(a, ps.Unknown) for a in args):
                if node.subgraphs and discovered is not None:  # the bodies may size the unknown inputs
                    from .control_flow import discover_inputs
                    discover_inputs(node, args, discovered)
                if discovered is not None:
                    discover_same(node, args, discovered, results)
                results[id(node)] = ps.unknown_inputs(node, args)
                continue
            try:
                results[id(node)] = _as_list(ps.evaluate(node, fn, kwargs, args))
            except ps.ShapeUnknown:
                if not partial:
                    raise
                results[id(node)] = [ps.UNKNOWN] * node.num_outputs
            continue
        if not args and ps.has_unknown(_creation_shape(node)):
            dtype = kwargs.get("dtype") or "float32"
            make = _arange_of_length if node.op == "_arange" else \
                (lambda shape, fn=fn, kwargs=kwargs: fn(**dict(kwargs, shape=shape)))
            results[id(node)] = [ps.lazy_source(
                _creation_shape(node), dtype,
                lambda shape, fn=fn, kwargs=kwargs, make=make: make(shape, fn=fn, kwargs=kwargs))]
            lazy = True
            continue
        out = fn(*args, **kwargs) if node_hook is None else node_hook(node, fn, args, kwargs)
        results[id(node)] = _as_list(out)
    if seen is not None:
        for node in sym._topo():
            if node.op == "null" and id(node) in results:
                seen[node.name] = results[id(node)][0]
    outs = []
    for node, i in sym._outputs:
        if id(node) not in results:
            if node.op == "null" and param_provider is not None:
                results[id(node)] = [_provide(ps, param_provider, node, None, partial)]
                if seen is not None:
                    seen[node.name] = results[id(node)][0]
            else:
                raise MXNetError(f"Symbol.eval: no value given for variable '{node.name}'")
        out = results[id(node)][i]
        if isinstance(out, ps.Lazy) and not partial:
            out = out.value(node.name)
        outs.append(out)
    return outs


def _provide(ps, param_provider, src, shape, partial=False, dtype_hint=None, shape_hint=None):
    """The variable's array from the provider; a Lazy when only a partial `__shape__` (0 = unknown) is
    known; UNKNOWN (partial inference) when nothing is. Providers marked `wants_dtype` also get the dtype
    of the consumer's first input (MXNet's type inference gives parameters their operator's data type)."""
    try:
        if getattr(param_provider, "wants_dtype", False):
            return param_provider(src.name, shape, dtype_hint)
        return param_provider(src.name, shape)
    except ps.ShapeUnknown:
        partial_shape = None
        if shape is None:  # the variable's own partial `__shape__` first, else what its consumer tells
            own = _partial_var_shape(src)
            partial_shape = own if ps.has_unknown(own) else shape_hint
        if not ps.has_unknown(partial_shape):
            if partial:
                return ps.UNKNOWN
            raise
    from .symbol import _DTYPE_CODES
    code = src.attrs.get("__dtype__")
    dtype = {v: k for k, v in _DTYPE_CODES.items()}.get(int(code), "float32") if code is not None else "float32"
    if getattr(param_provider, "wants_dtype", False):
        return ps.lazy_source(partial_shape, dtype, lambda full: param_provider(src.name, full, dtype_hint))
    return ps.lazy_source(partial_shape, dtype, lambda full: param_provider(src.name, full))
