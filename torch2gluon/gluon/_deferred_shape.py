"""Deferred parameter shapes of any HybridBlock, inferred as MXNet 1.9.1 does: trace `hybrid_forward` with
symbols and run symbolic shape inference from the concrete input shapes.

Built-in layers override `infer_shape` with direct rules; this is the general path used for user-defined
HybridBlocks whose parameters are declared with unknown dims (e.g. `shape=(hidden, 0)` fed to
`F.FullyConnected`), so those custom layers work unchanged.
"""
from ..base import MXNetError
from ..ndarray.ndarray import NDArray


def _unknown(shape):
    return shape is None or 0 in shape


def infer_param_shapes(block, args):
    """Fill every still-unknown parameter shape of `block` (and its children) from the inputs `args`.

    Like MXNet, any failure (tracing, inference, shapes left unknown) is a ValueError
    "Deferred initialization failed because shape cannot be inferred. ...".
    """
    try:
        _infer(block, args)
    except Exception as e:  # noqa: BLE001 - MXNet wraps every inference failure the same way
        raise ValueError(f"Deferred initialization failed because shape cannot be inferred. {e}") from e


def finish_in_graph_order(block, args, input_format):
    """A hybridized block's first call with deferred parameters, as MXNet's cached op does it: infer every shape
    from the whole graph, then initialize the parameters in the graph's input order (which, for seeded random
    initializers, decides which draws each parameter gets). Returns False (nothing done) where the graph
    cannot be traced or inferred here; the layers then infer and initialize one by one as they run."""
    params = {p.name: p for p in block.collect_params().values()}
    if not any(p._deferred_init and p._data is None for p in params.values()):
        return True
    object.__setattr__(block, "_in_format", input_format(args))   # the graph's inputs (as a forward records)
    # MXNet never runs hybrid_forward on arrays after its trace; here the arrays run next, so what the trace
    # sets on the blocks (e.g. a constant cached on the first call, a Symbol then) is put back afterwards
    saved = [(b, dict(vars(b))) for b in _blocks(block)]
    try:
        graph = _infer(block, args, block.forward)   # as MXNet's graph build: no __call__ (hooks, RNN states)
    except Exception:  # noqa: BLE001 - the per-layer path raises MXNet's error if the shapes are really unknown
        return False
    finally:
        for b, attrs in saved:
            d = vars(b)
            d.clear()
            d.update(attrs)
    for name in graph.list_inputs():
        p = params.get(name)
        if p is not None:
            p._finish_deferred_init()
    return True


def _blocks(block):
    """The block and its descendants."""
    out, todo = [], [block]
    while todo:
        b = todo.pop()
        out.append(b)
        todo.extend(b._children.values())
    return out


def _infer(block, args, trace=None):
    from .symbol_block import _flatten_nd, _input_symbols
    inputs = _input_symbols(block)
    out = (trace or block)(*inputs)
    outs = _flatten_nd(out if isinstance(out, (list, tuple)) else [out])[0]
    from .. import symbol as _sym
    graph = outs[0] if len(outs) == 1 else _sym.Group(outs)
    known = {s.name: a.shape for s, a in zip(_flatten_nd(inputs)[0], _flatten_nd(args)[0])
             if isinstance(a, NDArray)}
    arg_shapes, _, aux_shapes = graph.infer_shape_partial(**known)
    found = {}
    if arg_shapes is not None:
        found.update(zip(graph.list_arguments(), arg_shapes))
    if aux_shapes is not None:
        found.update(zip(graph.list_auxiliary_states(), aux_shapes))
    missing = []
    for p in block.collect_params().values():
        if not _unknown(p._shape):
            continue
        shape = found.get(p.name)
        if shape is None or _unknown(tuple(shape)):
            missing.append(p.name)
        else:
            p.shape = tuple(shape)
    if missing:
        raise MXNetError(f"{type(block).__name__}: cannot infer the shapes of {missing} from input shapes "
                         f"{list(known.values())}; give the full shape when creating the parameter")
    return graph
