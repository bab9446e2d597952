"""`Symbol.infer_shape`: shapes (and the executors' dtypes) found by running the graph once on zeros
(on ones if zeros are invalid values for some operator, e.g. sequence lengths).

MXNet infers statically; torch2gluon runs its own operators on zero-filled inputs (no autograd), creating
parameter arrays from the consumer's shape rule (graph_exec.infer_param_shape) or the variable's
`__shape__`/`__dtype__` attributes. Results are returned in MXNet's layout: (arguments, outputs, aux).
"""
import warnings

import numpy as np
import torch

from ..base import MXNetError
from .graph_exec import parse_attr, run_graph
from .partial_shape import ShapeUnknown
from .symbol import _DTYPE_CODES

_CODE_DTYPES = {v: k for k, v in _DTYPE_CODES.items()}


class _Unknown(ShapeUnknown):
    pass


def _known(shape):
    return shape is not None and len(shape) > 0 and all(int(d) > 0 for d in shape)


def _np_scalar(value, node):
    """A computed 0-d output of a numpy operator (`np.sum(x)`): a known shape (), not the legacy 'unknown'."""
    return node.op.startswith(("_np_", "_npi_", "_npx_")) and hasattr(value, "_t") and value._t.dim() == 0


def _shape_of(v):
    return tuple(int(d) for d in v.shape)


def _run(sym, shapes, dtypes, partial, default_dtype="float32", untyped=None):
    """Run `sym` on zeros: (arg/aux shapes by name, their dtypes, output values) or None when some shape
    is undecided (a warning unless `partial`). With `partial`, shapes keep 0 for unknown sizes and ()
    for unknown arrays, and outputs may be `Lazy`/`UNKNOWN` (use `.shape`). Variables sized only by a
    later consumer are found by running again (at most a few times), as MXNet iterates its inference.
    `untyped` (a set) receives the variables whose dtype nothing decided (given, `__dtype__`, or the
    float data type of the operator consuming them)."""
    from .. import ndarray as nd
    from . import partial_shape as ps
    nodes = {n.name: n for n in sym._topo() if n.op == "null"}
    shapes = dict(shapes)

    def var_dtype(name, hint=None):
        if name in dtypes:
            return dtypes[name]
        code = nodes[name].attrs.get("__dtype__") if name in nodes else None
        if code is not None:
            return _CODE_DTYPES.get(int(code), default_dtype)
        if hint is not None and np.dtype(hint).kind == "f":
            return np.dtype(hint).name
        if untyped is not None:
            untyped.add(name)
        return default_dtype

    fill = [nd.zeros]  # inputs are zeros; ones on a second try (operators that check values, e.g. lengths)

    def zeros(name, shape, hint=None):
        arr = fill[0](tuple(int(d) for d in shape), dtype=var_dtype(name, hint))
        if name in nodes and str(nodes[name].attrs.get("__storage_type__")) == "1" and arr.ndim >= 1:
            arr = arr.tostype("row_sparse")  # declared row_sparse: row_sparse-only operators (_square_sum)
        return arr

    def provide(name, shape, hint=None):
        attr_shape = parse_attr(nodes[name].attrs.get("__shape__", "None")) if name in nodes else None
        if not _known(shape) and _known(attr_shape):
            shape = attr_shape
        if not _known(shape):
            raise _Unknown(name)
        return zeros(name, shape, hint)
    provide.wants_dtype = True

    from ..ndarray._state import STATE
    for _ in range(4):
        if untyped is not None:
            untyped.clear()
        values = {}
        for name, shape in shapes.items():
            if name not in nodes:
                raise MXNetError(f"infer_shape: {name!r} is not an input of the symbol (inputs: {list(nodes)})")
            if ps.has_unknown(shape):
                values[name] = ps.lazy_source(shape, var_dtype(name), lambda full, name=name: zeros(name, full))
            elif len(shape) == 0 and not _known(shape):
                continue  # () = unknown in MXNet's legacy shape convention
            else:
                values[name] = zeros(name, shape)
        rec, train = STATE.recording, STATE.training
        STATE.recording, STATE.training = False, False
        seen, discovered = {}, {}
        try:
            with torch.no_grad():
                try:
                    outs = run_graph(sym, values, param_provider=provide, partial=True, seen=seen,
                                     discovered=discovered)
                except (MXNetError, ValueError, IndexError) as first:
                    if fill[0] is nd.ones or isinstance(first, ShapeUnknown):
                        raise
                    fill[0] = nd.ones  # zeros may be invalid values (a sequence length of 0): one retry
                    seen, discovered = {}, {}
                    values = {k: (v if isinstance(v, ps.Lazy) else zeros(k, v.shape)) for k, v in values.items()}
                    try:
                        outs = run_graph(sym, values, param_provider=provide, partial=True, seen=seen,
                                         discovered=discovered)
                    except (MXNetError, ValueError, IndexError):
                        raise first from None
        finally:
            STATE.recording, STATE.training = rec, train
        new = {k: v for k, v in discovered.items() if tuple(shapes.get(k, ())) != tuple(v)}
        if not new:
            break
        shapes.update(new)
    seen_shapes = {n: _shape_of(v) for n, v in seen.items() if not isinstance(v, ps.Unknown)}
    seen_types = {n: (np.dtype(v.dtype).type if getattr(v, "dtype", None) is not None else None)
                  for n, v in seen.items()}
    complete = all(_known(seen_shapes.get(n)) for n in sym.list_inputs()) and \
        all((_known(_shape_of(o)) or _np_scalar(o, node)) and not (isinstance(o, ps.Lazy) and o.unknowns())
            for o, (node, _) in zip(outs, sym._outputs))
    if not complete and not partial:
        unknown = [(n, seen_shapes.get(n, ())) for n in sym.list_inputs() if not _known(seen_shapes.get(n))]
        warnings.warn("Cannot decide shape for the following arguments (0s in shape means unknown "
                      "dimensions). Consider providing them as input:\n\t"
                      + "\n\t".join(f"{n}: {s}" for n, s in unknown[:10]), stacklevel=4)
        return None
    return seen_shapes, seen_types, outs


def infer_shape(sym, args, kwargs, partial=False):
    """(arg_shapes, out_shapes, aux_shapes) for `sym` given input shapes by position or name.

    Under numpy shape semantics (mx.util.set_np_shape) MXNet writes an unknown size as -1 and an unknown
    shape as None (legacy: 0 and ()); the inference itself keeps the legacy convention."""
    from ..util import is_np_shape
    np_shape = is_np_shape()
    shapes = dict(zip(sym.list_arguments(), args))
    shapes.update({k: v for k, v in kwargs.items() if v is not None})
    shapes = {k: tuple(v) for k, v in shapes.items() if v is not None}
    if np_shape:
        shapes = {k: tuple(0 if int(d) < 0 else d for d in v) for k, v in shapes.items()}
    res = _run(sym, shapes, {}, partial)
    if res is None:
        return None, None, None
    seen, _, outs = res
    from . import partial_shape as ps
    if not np_shape:
        return ([seen.get(n, ()) for n in sym.list_arguments()], [_shape_of(o) for o in outs],
                [seen.get(n, ()) for n in sym.list_auxiliary_states()])

    def np_form(shape):
        return None if shape is None else tuple(-1 if d == 0 else d for d in shape)
    return ([np_form(seen.get(n)) for n in sym.list_arguments()],
            [None if isinstance(o, ps.Unknown) else np_form(_shape_of(o)) for o in outs],
            [np_form(seen.get(n)) for n in sym.list_auxiliary_states()])

