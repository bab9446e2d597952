"""`Block.save` / `Block.load`: MXNet 1.9.1's `<prefix>-model.json` structure file plus `<prefix>-model.params`.

The JSON maps each block, keyed by its class name (lower case) and its depth-first index, to its original
name, its children's attribute names and, for a HybridBlock with a graph, that graph traced with symbols
(`inputs`, `symbol`, `in_format`, `out_format`). `load` renames the blocks, their parameter-dict keys and
their children back to the saved names, marks the saved hybridized blocks active, and loads the
parameters. Files are interchangeable with real MXNet's.
"""
import json
import warnings


def _out_format(out):
    """MXNet's nesting code of a forward output: 0 for one array/symbol, a list for a list/tuple."""
    if isinstance(out, (list, tuple)):
        return [_out_format(o) for o in out]
    n = len(out.list_outputs()) if hasattr(out, "list_outputs") else 1
    return n if n > 1 else 0


def _cached_graph(blk):
    """(input symbols, output symbol, in_format, out_format) of a block with a graph, else None.

    Like MXNet, a HybridBlock has a graph once it ran hybridized or inferred deferred shapes on arrays
    (then `load` makes it hybridized). Call it only for blocks outside any HybridBlock with a graph:
    MXNet inlines those into their parent's graph and never gives them one of their own.
    """
    from .block import HybridBlock
    from .symbol_block import _input_symbols, _flatten_nd
    from .. import symbol as _sym
    if not isinstance(blk, HybridBlock) or blk._in_format is None:
        return None
    inputs = _input_symbols(blk)
    out = blk(*inputs)
    flat_in = [s for s in _flatten_nd(inputs)[0] if s is not None]
    flat_out = _flatten_nd(out if isinstance(out, (list, tuple)) else [out])[0]
    sym = flat_out[0] if len(flat_out) == 1 else _sym.Group(flat_out)
    return flat_in, sym, blk._in_format, _out_format(out)


def save_model(block, prefix):
    """Write `prefix-model.json` (structure and traced graphs) and `prefix-model.params`."""
    model = {}
    index = [0]

    def visit(blk, structure, in_graph=False):
        mdl = {"orig_name": blk.name}
        structure[type(blk).__name__.lower() + str(index[0])] = mdl
        from .block import HybridBlock
        if isinstance(blk, HybridBlock):
            graph = None
            if not in_graph:
                try:
                    graph = _cached_graph(blk)
                except Exception as e:  # noqa: BLE001 - the structure and parameters are still saved
                    warnings.warn(f"Block.save: could not trace {blk.name} with symbols ({e!r}); it is saved "
                                  "as not hybridized (its parameters are saved as usual)")
            in_graph = in_graph or blk._active or graph is not None
            if graph is not None:
                syms, out, in_fmt, out_fmt = graph
                mdl["in_format"] = in_fmt
                mdl["out_format"] = out_fmt
                mdl["inputs"] = [s.tojson() for s in syms]
                mdl["symbol"] = out.tojson()
            mdl["hybridized"] = graph is not None
        children = {}
        mdl["children"] = children
        for ch_name, child in blk._children.items():
            index[0] += 1
            children[child.name] = ch_name
            visit(child, mdl, in_graph)

    visit(block, model)
    with open(prefix + "-model.json", "w") as fp:
        json.dump(model, fp)
    block.save_parameters(prefix + "-model.params")


def load_model(block, prefix):
    """Restore names and hybridization saved by `save_model`, then load `prefix-model.params`."""
    from .block import HybridBlock
    with open(prefix + "-model.json") as fp:
        model = json.load(fp)
    index = [0]

    def visit(blk, structure):
        mdl = structure[type(blk).__name__.lower() + str(index[0])]
        blk._name = mdl["orig_name"]
        if isinstance(blk, HybridBlock) and mdl["hybridized"]:
            blk._in_format = mdl["in_format"]
            blk._active = True
        pdict = blk.params
        for key in list(pdict._params):
            param = pdict._params.pop(key)
            pdict._params[blk.name + "_" + key[len(pdict._prefix):]] = param
        for child in blk._children.values():
            index[0] += 1
            visit(child, mdl)
        saved = mdl["children"]
        for ch_name in list(blk._children):
            child = blk._children.pop(ch_name)
            blk._children[saved[child.name]] = child

    visit(block, model)
    block.load_parameters(prefix + "-model.params")
