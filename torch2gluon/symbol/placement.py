"""Device groups of a bound graph (`group2ctx`): which Context each node's arrays live on.

As MXNet 1.9.1's AssignContext + PlaceDevice: variables start on the context of their array (bind) or of
their group, else the default (simple_bind); a node whose `__ctx_group__` attribute names a group gets that
group's context (a group missing from `group2ctx` is an error); an operator without a group takes the
context of its first placed input; walking back from the outputs, unplaced inputs take their consumer's
context; what is still unplaced (creation operators feeding nothing placed) gets the context of the first
group by name. Without `group2ctx` every node is on the default context. torch2gluon runs a graph on one
torch device, so all contexts of a placement must share the default context's device (cpu(0), cpu(1), ...
do); model parallelism across devices is refused.
"""
from ..base import MXNetError

__all__ = ["place_nodes", "variable_contexts", "output_contexts", "check_grad_contexts"]


def place_nodes(sym, default_ctx, group2ctx, api="Symbol.bind", array_ctxs=None):
    """{id(node): Context} for every node of `sym` (None when `group2ctx` is empty or None);
    `array_ctxs` (variable name -> Context) are the contexts of arrays given to bind."""
    if not group2ctx:
        return None
    order = sym._topo()
    placed = {}
    for node in order:
        group = node.attrs.get("__ctx_group__")
        if group is not None:
            if group not in group2ctx:
                raise MXNetError(f"The device assignment not found for group {group}")
            placed[id(node)] = group2ctx[group]
        elif node.op == "null":
            placed[id(node)] = (array_ctxs or {}).get(node.name, default_ctx)
        else:
            for src, _ in node.inputs:
                if id(src) in placed:
                    placed[id(node)] = placed[id(src)]
                    break
    for node in reversed(order):
        if id(node) not in placed:
            continue
        for src, _ in node.inputs:
            placed.setdefault(id(src), placed[id(node)])
    first = group2ctx[sorted(group2ctx)[0]]
    device = default_ctx.torch_device
    for node in order:
        ctx = placed.setdefault(id(node), first)
        if ctx.torch_device != device:
            raise NotImplementedError(f"{api}: argument 'group2ctx' placing nodes on {ctx} while the executor "
                                      f"runs on {default_ctx} (model parallelism across devices) is not "
                                      "supported by torch2gluon")
    return placed


def variable_contexts(sym, placed):
    """{variable name: Context} from a placement (empty without one)."""
    if placed is None:
        return {}
    return {node.name: placed[id(node)] for node in sym._topo() if node.op == "null"}


def output_contexts(sym, placed, default_ctx):
    """The Context of each output of `sym` under a placement."""
    if placed is None:
        return [default_ctx] * len(sym._outputs)
    return [placed[id(node)] for node, _ in sym._outputs]


def check_grad_contexts(sym, placed, grad_ctxs):
    """MXNet's check that each gradient array lives where its gradient is computed: on the context of the
    operators consuming the variable (checked when they all share one context)."""
    if placed is None:
        return
    consumers = {}
    for node in sym._topo():
        for src, _ in node.inputs:
            if src.op == "null":
                consumers.setdefault(src.name, set()).add(placed[id(node)])
    for name, ctx in grad_ctxs.items():
        where = consumers.get(name, set())
        if len(where) == 1 and ctx not in where:
            src = next(iter(where))
            raise MXNetError(f"Check failed: ctx == vcontext[nid]: Trying to save gradient to {ctx} while its "
                             f"source node computes it on {src}. Check your ctx in NDArray allocation.")
