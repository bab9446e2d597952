"""`nd.CachedOp`: call a symbol graph like a function on NDArrays (inputs in `list_inputs()` order)."""
from ..base import MXNetError


class CachedOp:
    """A symbol graph made callable: `op(*arrays, out=None)` returns its output(s)."""

    def __init__(self, sym, flags=()):
        for k, _ in (flags.items() if isinstance(flags, dict) else flags):
            if k not in ("static_alloc", "static_shape", "inline_limit", "forward_bulk_size",
                         "backward_bulk_size", "data_indices", "param_indices"):
                raise NotImplementedError(f"nd.CachedOp: flag {k!r} is not supported")
        self._sym = sym
        self._inputs = sym.list_inputs()

    def __call__(self, *args, **kwargs):
        from ..symbol.graph_exec import run_graph
        out = kwargs.pop("out", None)
        kwargs.pop("default_ctx", None)
        if kwargs:
            raise TypeError(f"CachedOp.__call__ got unexpected keyword arguments {sorted(kwargs)}")
        if len(args) != len(self._inputs):
            raise MXNetError(f"CachedOp expects {len(self._inputs)} inputs ({self._inputs}), got {len(args)}")
        outs = run_graph(self._sym, dict(zip(self._inputs, args)))
        if out is not None:
            targets = out if isinstance(out, (list, tuple)) else [out]
            if len(targets) != len(outs):
                raise MXNetError(f"CachedOp: out= needs {len(outs)} arrays, got {len(targets)}")
            for t, o in zip(targets, outs):
                t[:] = o
            return out
        return outs[0] if len(outs) == 1 else outs
