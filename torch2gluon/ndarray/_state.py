"""Per-thread autograd state (recording / training flags), shared by ndarray and autograd."""
import threading
import weakref


class _State(threading.local):
    """Recording and training flags of the current thread; both start False, as in MXNet."""

    def __init__(self):
        self.recording = False
        self.training = False
        self.cached = 0         # > 0 while a hybridized block or SymbolBlock runs its graph (MXNet's CachedOp)
        self.building = False   # the running hybridized forward is its cached graph's first call (MXNet builds it then)
        self.graph = 0          # > 0 while a symbol graph is evaluated (symbol/graph_exec.run_graph)
        self.live = []          # weak references to arrays produced by recorded operators (see track)
        self.live_cap = 4096    # prune `live` when it grows past this


STATE = _State()
_ref = weakref.ref


def in_graph():
    """True while a symbol graph or a hybridized block's forward (a CachedOp) runs in this thread: the few
    operators whose MXNet graph shape inference accepts more than their imperative call (`where`) ask this."""
    st = STATE
    return st.graph > 0 or st.cached > 0


def track(a):
    """Remember NDArray `a`, output of a recorded operator: a backward that frees its graph makes it a constant."""
    st = STATE
    live = st.live
    live.append(_ref(a))
    if len(live) > st.live_cap:
        live[:] = [r for r in live if _in_graph(r())]
        st.live_cap = max(4096, 2 * len(live))


def _in_graph(a):
    return a is not None and a._t.grad_fn is not None
