"""`HybridBlock.register_op_hook`: MXNet 1.9.1's operator monitor of a hybridized block's cached graph.

MXNet calls the hook from its CachedOp, node by node, with `(node_name: bytes, op_name: bytes, arr)`: each
operator's outputs ('dense0_fwd_output'), with `monitor_all` its inputs first ('dense0_fwd_data',
'dense0_fwd_weight'...), while recording every output including hidden ones ('batchnorm0_fwd_mean'), and
in backward the outputs of the backward nodes ('dense0_fwd_backward_1', b'_backward_FullyConnected').
Here a hooked call runs the block's graph (traced with symbols, as `export` does) through the graph
executor with the same operator functions the eager forward uses, so results and gradients are unchanged.
`arr` is the NDArray itself (MXNet passes a raw NDArrayHandle); see docs/hybridize.md for what differs.
"""
import warnings

import torch

from ..base import MXNetError
from ..ndarray._state import STATE
from ..ndarray.ndarray import wrap
from ..util import _NP
from ..symbol.graph_exec import run_graph
from ..symbol.symbol import AUX_SLOTS
from ._op_hook_names import HIDDEN_BY_FLAG, ZERO_GRAD_OPS, backward_names, input_names, output_names


def set_hook(block, callback, monitor_all):
    """MXNet's HybridBlock.register_op_hook: this block and its direct children keep the callback."""
    block._callback = callback
    block._monitor_all = monitor_all
    for cld in block._children.values():
        cld._callback = callback
        cld._monitor_all = monitor_all


def active_hook(block):
    """(callback, monitor_all) registered on the block's cached graph, or None.

    As MXNet's `_call_cached_op`: a set callback is (re)registered on every call, with its warning; once
    registered it stays on the cached graph until that is rebuilt (hybridize(clear=True), a new child...),
    even if the block's callback is set to None afterwards."""
    comp = block._compiler
    callback = block._callback
    if callback:
        object.__setattr__(block, "_t2g_op_hook", (comp, callback, block._monitor_all))
        flags = block._flags
        if len(flags) >= 2 and (flags[1] or flags[0]):   # MXNet's test: non-empty (name, value) pairs
            warnings.warn("register_op_hook is experimental when static_alloc=True / static_shape=True "
                          " and may not work correctly")
    reg = block._t2g_op_hook
    if reg is None or reg[0] is not comp:
        return None
    return reg[1], reg[2]


def _regroup(flat, fmt):
    it = iter(flat)

    def build(f):
        return [build(x) if isinstance(x, list) else next(it) for x in f]
    return build(fmt)


def _graph(block):
    """(symbol, output format, single output, operator count, input names) of the block's cached graph for
    its recorded input format (traced once per cached graph and format, as MXNet builds its graph once)."""
    from .symbol_block import _flatten_nd, _input_symbols
    from .. import symbol as _sym
    key = (block._compiler, repr(block._in_format))
    cached = block._t2g_op_hook_graph
    if cached is not None and cached[0] is key[0] and cached[1] == key[1]:
        return cached[2]
    inputs = _input_symbols(block)
    out = block.forward(*inputs)
    single = not isinstance(out, (list, tuple))
    flat, fmt = _flatten_nd([out] if single else out)
    graph = flat[0] if len(flat) == 1 else _sym.Group(flat)
    n_ops = sum(1 for node in graph._topo() if node.op != "null")
    res = (graph, fmt, single, n_ops, [s.name for s in _flatten_nd(inputs)[0] if s is not None])
    object.__setattr__(block, "_t2g_op_hook_graph", (key[0], key[1], res))
    return res


def _finish_deferred(block, args):
    pending = [p for p in block.collect_params().values() if p._deferred_init]
    if not pending:
        return
    if any(p._shape is None or 0 in p._shape for p in pending):
        from ._deferred_shape import infer_param_shapes
        infer_param_shapes(block, args)
    for p in pending:
        p._finish_deferred_init()


def hooked_forward(block, args, hook):
    """Run a hybridized block's graph on NDArray `args` with the registered op hook."""
    from .symbol_block import _flatten_nd
    from .block import _input_format
    callback, monitor_all = hook
    object.__setattr__(block, "_in_format", _input_format(args))
    _finish_deferred(block, args)
    graph, fmt, single, n_ops, names = _graph(block)
    flat = [a for a in _flatten_nd(args)[0] if a is not None]
    ctx = flat[0].context
    params = {p.name: p for p in block.collect_params().values()}

    np_mode = _NP.array   # numpy mode: the graph runs on legacy views, its outputs are mx.np arrays (MXNet)
    if np_mode:
        from ..numpy._wrap import as_nd, as_np_out
        flat = [as_nd(a) for a in flat]

    def provide(name, shape):
        p = params.get(name)
        if p is None:
            raise MXNetError(f"{type(block).__name__}: the graph's variable '{name}' is neither an input nor a "
                             "parameter of the block")
        return as_nd(p.data(ctx)) if np_mode else p.data(ctx)
    flags = dict(block._flags)
    inlined = not flags.get("static_alloc") and n_ops <= int(flags.get("inline_limit", 2))
    monitor = OpMonitor(callback, monitor_all, STATE.recording, STATE.recording and not inlined, graph,
                        bool(flags.get("static_alloc")))
    outs = run_graph(graph, dict(zip(names, flat)), ctx=ctx, param_provider=provide, node_hook=monitor)
    monitor.finish()
    if np_mode:
        outs = as_np_out(outs)
    if single:
        return outs[0]
    return _regroup(outs, fmt)


def graph_monitor(block, graph):
    """The node hook for a hybridized SymbolBlock's own graph run (None without a registered op hook)."""
    if not block._active or STATE.cached or not (block._callback or block._t2g_op_hook):
        return None
    hook = active_hook(block)
    if hook is None:
        return None
    flags = dict(block._flags)
    n_ops = sum(1 for node in graph._topo() if node.op != "null")
    inlined = not flags.get("static_alloc") and n_ops <= int(flags.get("inline_limit", 2))
    return OpMonitor(hook[0], hook[1], STATE.recording, STATE.recording and not inlined, graph,
                     bool(flags.get("static_alloc")))


class OpMonitor:
    """run_graph node hook calling MXNet's op-hook callback with each node's (inputs and) outputs, and, with
    `backward`, the gradients each node's backward computes for its inputs that need one (with `static`,
    MXNet's static_alloc, for every floating-point input but auxiliary states), reported at the end of the
    backward pass in the order MXNet's backward graph runs; call `finish()` after the graph has run."""

    def __init__(self, callback, monitor_all, recording, backward, graph=None, static=False):
        self.callback = callback
        self.monitor_all = monitor_all
        self.recording = recording
        self.backward = backward
        self.static = static
        self.rank = _backward_order(graph) if backward else None
        self.sources = {}    # id(tensor) -> (rank of its producer, [its consumers' views]) for gradient sums
        self.pending = []    # backward reports of the running backward pass
        self.scheduled = False

    def _report(self, name, op, a):
        t = getattr(a, "_t", None)
        if t is not None:
            self.callback(name.encode("utf-8"), op, wrap(t.detach()))

    def __call__(self, node, fn, args, kwargs):
        op = node.op.encode("utf-8")
        if self.monitor_all:
            for name, a in zip(input_names(node.op, len(args)), args):
                self._report(f"{node.name}_{name}", op, a)
        watched = None
        if self.backward:
            args, watched = self._watch(node, args)
        outs = fn(*args, **kwargs)
        listed = list(outs) if isinstance(outs, (list, tuple)) else [outs]
        if watched:
            self._hook_backward(node, len(args), watched, listed)
        if self.recording and node.op in HIDDEN_BY_FLAG and not kwargs.get("output_mean_var"):
            # MXNet reports the hidden outputs too: asked for apart, so that the output is computed as always
            with torch.no_grad():
                listed += list(fn(*args, **dict(kwargs, output_mean_var=True)))[1:]
        for name, out in zip(output_names(node.op, len(listed)), listed):
            self._report(f"{node.name}_{name}", op, out)
        return outs

    def _watch(self, node, args):
        """Route the inputs needing a gradient through views whose gradients are reported, in input order,
        once the node's backward has produced them all."""
        watched, out = [], []
        aux = AUX_SLOTS.get(node.op, ())
        for i, a in enumerate(args):
            t = getattr(a, "_t", None)
            if t is not None and t.is_floating_point() and (t.requires_grad or (self.static and i not in aux)):
                alias = t.view_as(t) if t.requires_grad else t.detach().requires_grad_(True)
                watched.append((i, alias))
                a = wrap(alias)
                if t.requires_grad and node.op not in ZERO_GRAD_OPS:   # MXNet sums the gradients of an entry used twice
                    src, k = node.inputs[i]
                    self.sources.setdefault(id(t), (self.rank.get(("sum", id(src), k)), []))[1].append(alias)
            out.append(a)
        return out, watched

    def _hook_backward(self, node, count, watched, outs):
        """Report the node's backward outputs for its `watched` (slot, view) inputs once all are computed."""
        named = backward_names(node.op, [i for i, _ in watched], count)
        if named:   # an undifferentiated input reports its zeros only when it is a graph variable
            named = [e for e in named if e[2] != "zeros_like" or node.inputs[e[0]][0].op == "null"]
        if not named:
            return
        rank, by_slot = self.rank[id(node)], dict(watched)
        entries = [(f"{node.name}_{n}".encode("utf-8"), bop.encode("utf-8")) for _, n, bop in named]
        tensors = [by_slot[i] for i, _, _ in named]
        # zeros for an input the operator does not differentiate (SoftmaxOutput's label), and for one that needs
        # no gradient under static_alloc (MXNet reports that output unwritten)
        zeros = [not used or t.grad_fn is None for t, used in zip(tensors, _reached(outs, tensors))]

        def report(grads):
            for (name, bop), g, t, zero in zip(entries, grads, tensors, zeros):
                if g is not None:
                    self._emit(rank, name, bop, g.detach())
                elif zero:
                    self._emit(rank, name, bop, torch.zeros_like(t))
                # else: a gradient this backward pass does not need (autograd.grad for other variables)
        torch.autograd.graph.register_multi_grad_hook(tensors, report)

    def finish(self):
        """After the forward: report the sums of gradients of entries that several operators consume."""
        for rank, aliases in self.sources.values():
            if len(aliases) > 1 and rank is not None:
                def report(grads, rank=rank):
                    got = [g for g in grads if g is not None]   # operators without a gradient add nothing
                    if len(got) > 1:
                        self._emit(rank, b"sum_grad_0", b"add_n", sum(got).detach())
                torch.autograd.graph.register_multi_grad_hook(aliases, report)
        self.sources = {}

    def _emit(self, rank, name, op, t):
        self.pending.append((rank, len(self.pending), name, op, t))
        if not self.scheduled:
            self.scheduled = True
            torch.autograd.Variable._execution_engine.queue_callback(self._flush)

    def _flush(self):
        pending, self.pending, self.scheduled = sorted(self.pending, key=lambda e: e[:2]), [], False
        for _, _, name, op, t in pending:
            self.callback(name, op, wrap(t))


def _reached(outs, tensors, limit=100000):
    """For each of a node's input views `tensors`, whether the autograd graph of its outputs `outs` uses it
    (searched inside the operator only: the views are where its inputs enter)."""
    targets = {id(t.grad_fn): k for k, t in enumerate(tensors) if t.grad_fn is not None}
    leaves = {id(t): k for k, t in enumerate(tensors) if t.grad_fn is None}
    found = [False] * len(tensors)
    stack = [o._t.grad_fn for o in outs if getattr(o, "_t", None) is not None and o._t.grad_fn is not None]
    seen = set()
    while stack:
        f = stack.pop()
        if f is None or id(f) in seen:
            continue
        seen.add(id(f))
        if len(seen) > limit:   # not an operator's own graph: take every input as used
            return [True] * len(tensors)
        if id(f) in targets:
            found[targets[id(f)]] = True
            continue
        var = getattr(f, "variable", None)
        if var is not None:
            if id(var) in leaves:
                found[leaves[id(var)]] = True
            continue
        stack.extend(nf for nf, _ in f.next_functions)
    return found


def _backward_order(graph):
    """{key: rank} in the order MXNet's backward graph runs: depth first from the gradients of the graph's
    variables; an entry's gradient needs its consumers' backward nodes (latest consumer first) and, with several
    consumers, a sum (key ('sum', id(node), i)); a node's backward needs the gradients of its outputs."""
    topo = graph._topo()
    pos = {id(n): k for k, n in enumerate(topo)}
    users = {}
    for n in topo:
        for src, i in n.inputs:
            lst = users.setdefault((id(src), i), [])
            if not any(u is n for u in lst):
                lst.append(n)
    rank, seen = {}, set()

    def node_steps(n):
        for i in range(n.num_outputs):
            yield (id(n), i)
        rank[id(n)] = len(rank)

    def entry_steps(e):
        got = users.get(e, ())
        for c in sorted(got, key=lambda c: -pos[id(c)]):
            yield c
        if len(got) > 1:
            rank[("sum",) + e] = len(rank)

    for v in topo:
        if v.op != "null":
            continue
        stack = [entry_steps((id(v), 0))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                continue
            key = step if isinstance(step, tuple) else id(step)
            if key in seen:
                continue
            seen.add(key)
            stack.append(entry_steps(step) if isinstance(step, tuple) else node_steps(step))
    for n in topo:   # nodes no variable reaches (constants)
        rank.setdefault(id(n), len(rank))
    return rank
