"""A hybridized block called while recording is ONE autograd node in MXNet (its CachedOp), unless its graph is
small enough to be inlined (at most `inline_limit` operators, no static_alloc).

Backward through that node computes the gradient of every graph input, so a parameter (or an input with an
attached gradient) that only feeds an output the loss does not use still gets a gradient, zero, and counts as
fresh for `Trainer.step`. Here the eager forward's outputs are linked to every leaf any of them reaches, so a
head reaching one output reaches all those leaves (with zero gradient where there is no path).
"""
import torch

from ..ndarray._state import STATE
from ..ndarray.ndarray import NDArray


class _Link(torch.autograd.Function):  # pylint: disable=abstract-method
    """Identity on the outputs; zero gradients for the linked leaves."""

    @staticmethod
    def forward(ctx, n_out, *ts):  # pylint: disable=arguments-differ
        ctx.meta = [(t.shape, t.dtype, t.device) for t in ts[n_out:]]
        return tuple(t.clone() for t in ts[:n_out])

    @staticmethod
    def backward(ctx, *gs):  # pylint: disable=arguments-differ
        return (None,) + gs + tuple(torch.zeros(s, dtype=d, device=v) for s, d, v in ctx.meta)


def _flat(out, acc):
    for o in out:
        if isinstance(o, (list, tuple)):
            _flat(o, acc)
        elif isinstance(o, NDArray):
            acc.append(o)
    return acc


def _op_count(block):
    """Number of operators in the block's graph (MXNet inlines graphs of at most `inline_limit`)."""
    key = (block._compiler, repr(block._in_format))
    cached = getattr(block, "_t2g_op_count", None)
    if cached is not None and cached[0] is key[0] and cached[1] == key[1]:
        return cached[2]
    from .symbol_block import trace
    saved = _instance_state(block)
    try:
        graph = trace(block)
        n = sum(1 for node in graph._topo() if node.op != "null")
    except Exception:  # noqa: BLE001 - a graph that does not trace is taken as not inlined
        n = None
    finally:
        _restore(saved)
    block._t2g_op_count = (key[0], key[1], n)
    return n


def _instance_state(block):
    """Shallow copies of the attributes of `block` and its descendants: the symbolic trace that counts operators
    must not leave Symbols in a block's own state (ZoneoutCell keeps its previous output)."""
    saved, stack = [], [block]
    while stack:
        b = stack.pop()
        saved.append((b, dict(b.__dict__)))
        stack.extend(getattr(b, "_children", {}).values())
    return saved


def _restore(saved):
    for b, d in saved:
        b.__dict__.clear()
        b.__dict__.update(d)


def link_outputs(block, inputs, out):
    """Tie a hybridized block's outputs together as MXNet's CachedOp node does (see module doc)."""
    if not STATE.recording or not isinstance(out, (list, tuple)):
        return out   # one output: every leaf it uses is already reached by any head through it
    seen = {id(a) for a in _flat(inputs, [])}   # an input returned as is keeps its own tensor
    outs = []
    for o in _flat(out, []):
        if id(o) not in seen and o._t.requires_grad and o._t.grad_fn is not None:
            seen.add(id(o))
            outs.append(o)
    if len(outs) < 2:
        return out
    flags = dict(block._flags)
    if not flags.get("static_alloc"):
        n = _op_count(block)
        if n is not None and n <= int(flags.get("inline_limit", 2)):
            return out
    from ..autograd import _leaves_of
    try:
        leaves = [t for t in _leaves_of([o._t.grad_fn for o in outs]) if t.requires_grad]
    except Exception:  # noqa: BLE001 - a freed graph: backward reports it
        return out
    if not leaves:
        return out
    linked = _Link.apply(len(outs), *[o._t for o in outs], *leaves)
    for o, t in zip(outs, linked):
        o._t = t
    return out
