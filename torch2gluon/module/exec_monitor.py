"""Per-operator monitor callbacks for GraphExecutor (Executor.set_monitor_callback, mx.mon.Monitor):
each operator's forward outputs ('<node>_output[i]') as it runs, and after backward each operator's
gradients with respect to its own inputs ('<node>_backward_output[i]', last operator first) and the sums
of gradients of tensors used by several operators ('sum_grad_output'), as MXNet's backward graph does.
With `monitor_all`, each operator's inputs are reported before it runs, as MXNet 1.9.1's executor does: an input
that is a variable first under the variable's name, then every input as '<node>_<input name>' (the operator's
input names, 'input<i>' where MXNet registers none: gluon/_op_hook_names.py)."""
import torch

from ..ndarray.ndarray import wrap
from ..symbol import symbol as _symbol_mod

# operators with hidden outputs (mean, var) that MXNet's monitor reports although the graph shows one output
_HIDDEN_MEAN_VAR = frozenset(("BatchNorm", "BatchNorm_v1", "SyncBatchNorm", "_contrib_SyncBatchNorm"))
# operators whose gradient MXNet passes on without a backward node (CloneGradient)
_NO_BACKWARD_NODE = frozenset(("elemwise_add", "_add", "_plus", "_Plus", "ElementWiseSum", "add_n"))


def output_names(node, count):
    """MXNet's names of an operator node's outputs."""
    names = getattr(_symbol_mod, "_OUTPUT_NAMES", {})
    if node.op in names:
        return [f"{node.name}_{n}" for n in names[node.op][:count]]
    if count == 1:
        return [f"{node.name}_output"]
    return [f"{node.name}_output{i}" for i in range(count)]


def _aux_slots(node):
    """Input positions of a node's auxiliary states, which have no gradient (no backward-node output)."""
    if node.op == "Custom":
        from ..operator import custom_aux_slots
        return custom_aux_slots(node.attrs)
    return _symbol_mod.AUX_SLOTS.get(node.op, ())


class NodeMonitor:
    """run_graph node hook: reports outputs to `callback(name, NDArray)`; with `record`, runs each operator
    on private aliases of its floating-point inputs to keep its own input gradients for `report_backward`
    (computed even for arguments with grad_req 'null', as MXNet's backward nodes do)."""

    def __init__(self, callback, record, quiet=False, monitor_all=False):
        self.callback = callback
        self.monitor_all = monitor_all
        self.record = record
        self.quiet = quiet
        self.pending = []  # (node, aliases, source ids) in forward order
        self.grads = {}
        self.uses = {}  # source id -> [alias, ...] of the consumers; and whether the source needs a gradient
        self.needs = {}
        self.extra = []

    def __call__(self, node, fn, args, kwargs):
        if self.monitor_all and not self.quiet:
            self._report_inputs(node, args)
        sources = [id(getattr(a, "_t", a)) for a in args]
        if self.record:
            aux = _aux_slots(node)  # auxiliary states (moving mean/var...) get no gradient in MXNet
            args = [a if i in aux else self._alias(a) for i, a in enumerate(args)]
        hidden = node.op in _HIDDEN_MEAN_VAR and not kwargs.get("output_mean_var")
        if hidden:  # MXNet's monitor also sees the hidden outputs (batch mean and inverse std)
            kwargs = dict(kwargs, output_mean_var=True)
        outs = fn(*args, **kwargs)
        listed = list(outs) if isinstance(outs, (list, tuple)) else [outs]
        for name, out in zip(output_names(node, len(listed)), listed):
            if not self.quiet:
                self.callback(name, wrap(out._t.detach()))
        if hidden:
            outs = listed[0]
        if self.record:
            aliases = [None if i in aux else getattr(a, "_t", None) for i, a in enumerate(args)]
            for src, alias in zip(sources, aliases):
                if alias is not None and alias.requires_grad:
                    self.uses.setdefault(src, []).append(alias)
            self.pending.append((node, aliases, sources))
        return outs

    def _report_inputs(self, node, args):
        from ..gluon._op_hook_names import input_names
        for (src, _), name, a in zip(node.inputs, input_names(node.op, len(args)), args):
            t = getattr(a, "_t", None)
            if t is None:
                continue
            if src.op == "null":
                self.callback(src.name, wrap(t.detach()))
            self.callback(f"{node.name}_{name}", wrap(t.detach()))

    def _alias(self, a):
        t = getattr(a, "_t", None)
        if t is None or not t.is_floating_point():
            return a
        self.needs[id(t)] = self.needs.get(id(t), False) or t.requires_grad
        alias = t.view_as(t) if t.requires_grad else t.detach().requires_grad_(True)
        if not t.requires_grad:
            self.extra.append(alias)  # backward must ask for its gradient, or autograd skips it
        alias.register_hook(lambda g, key=id(alias): None if g is None else self.grads.__setitem__(key, g.detach()))
        return wrap(alias)

    def _grad(self, t):
        g = self.grads.get(id(t)) if t is not None else None
        if g is None:
            return torch.zeros_like(t) if t is not None else torch.zeros(())
        return g

    def report_backward(self):
        """Report the backward-node outputs, last node first, and the gradient sums (zeros where none)."""
        left = {src: len(aliases) for src, aliases in self.uses.items()}
        for node, inputs, sources in reversed(self.pending):
            if any(t is not None and t.requires_grad for t in inputs) and node.op not in _NO_BACKWARD_NODE:
                aux = _aux_slots(node)
                grads_of = [t for i, t in enumerate(inputs) if i not in aux]
                names = [f"{node.name}_backward_output"] if len(grads_of) == 1 else \
                    [f"{node.name}_backward_output{i}" for i in range(len(grads_of))]
                for name, t in zip(names, grads_of):
                    self.callback(name, wrap(self._grad(t)))
            for src, t in zip(sources, inputs):
                if t is None or not t.requires_grad:
                    continue
                left[src] -= 1
                if left[src] == 0 and len(self.uses[src]) > 1 and self.needs.get(src):
                    self.callback("sum_grad_output", wrap(sum(self._grad(a) for a in self.uses[src])))
        self.pending, self.grads, self.uses, self.needs, self.extra = [], {}, {}, {}, []
