"""Whether operators run as nodes of a symbolic graph (a Symbol executor or a hybridized block's forward).

MXNet's graph shape inference accepts a few input shapes that its imperative calls refuse (e.g. `where`
with a per-row (N, 1) condition); an operator asks `in_graph()` to apply the graph's rule.
"""
import threading


class _GraphDepth(threading.local):
    """How many symbol-graph evaluations are running in this thread."""
    depth = 0


GRAPH = _GraphDepth()


def in_graph():
    """True while a Symbol graph or a hybridized HybridBlock's forward runs in this thread."""
    if GRAPH.depth:
        return True
    from ..gluon.block import _HYBRID  # deferred: gluon imports ndarray
    return _HYBRID.depth > 0
