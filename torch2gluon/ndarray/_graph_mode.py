"""Whether operators run as nodes of a symbolic graph (a Symbol executor or a hybridized block's forward).

MXNet's graph shape inference accepts a few input shapes that its imperative calls refuse (e.g. `where`
with a per-row (N, 1) condition); an operator asks `in_graph()` to apply the graph's rule.
"""
import threading

from ._state import STATE


class _GraphDepth(threading.local):
    """How many symbol-graph evaluations are running in this thread."""
    depth = 0


GRAPH = _GraphDepth()


def in_graph():
    """True while a Symbol graph or a hybridized HybridBlock's forward (a CachedOp) runs in this thread."""
    return GRAPH.depth > 0 or STATE.cached > 0
