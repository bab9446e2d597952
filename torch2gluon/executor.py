"""`mx.executor.Executor`: a Symbol bound to arrays (`Symbol.bind` / `Symbol.simple_bind`).

A thin front over module.executor.GraphExecutor (the executor the Module API uses): the graph runs with
torch2gluon's operators, `forward(is_train=True)` records with torch autograd and `backward` writes or adds
the gradients into the bound gradient arrays, as MXNet's grad_req says. Arrays given to `bind` are used in
place (no copies), and `outputs` are the same NDArrays from one forward to the next, as in MXNet.
Device groups (`group2ctx`) place arrays and outputs on their group's context (symbol/placement.py; one torch
device only). Not provided (NotImplementedError): executor/memory sharing (`shared_exec`,
`shared_buffer`, `shared_arg_names`), monitor_all and `debug_str` (MXNet's memory plan). Sparse arguments
and gradient arrays: see _sparse_bind.py and docs/sparse.md.
"""
import numpy as np

from .base import MXNetError
from .ndarray.ndarray import NDArray, wrap

__all__ = ["Executor"]


def _refuse(api, **kwargs):
    for k, v in kwargs.items():
        if v is not None:
            raise NotImplementedError(f"{api}: argument '{k}' is not supported by torch2gluon")


def _named(names, values, what, api, required=True):
    """`values` (list in `names` order, or dict) as a dict; MXNet's errors for wrong lengths or keys."""
    if values is None:
        return {}
    if isinstance(values, (list, tuple)):
        if len(values) != len(names):
            raise ValueError(f"Length of {what} does not match the number of arguments")
        out = dict(zip(names, values))
    elif isinstance(values, dict):
        if required:
            for n in names:
                if n not in values:
                    raise ValueError(f"key `{n}` is missing in `{what}`")
        out = {n: values[n] for n in names if n in values}
    else:
        raise TypeError(f"Only accept list of NDArrays or dict of str to NDArray for {what}")
    for n, v in out.items():
        if v is not None and not isinstance(v, NDArray):
            raise TypeError(f"{api}: {what}[{n!r}] must be an NDArray, got {type(v).__name__}")
    return out


def _grad_reqs(names, grad_req):
    if isinstance(grad_req, str):
        return {n: grad_req for n in names}
    if isinstance(grad_req, (list, tuple)):
        if len(grad_req) != len(names):
            raise ValueError("Length of grad_req does not match the number of arguments")
        return dict(zip(names, grad_req))
    if isinstance(grad_req, dict):
        return {n: grad_req.get(n, "null") for n in names}
    raise TypeError("grad_req must be a str, a list or a dict")


class Executor:
    """The arrays (arguments, gradients, auxiliary states, outputs) and the forward/backward of a bound Symbol."""

    def __init__(self, symbol, ctx, graph, grad_req):
        self._symbol = symbol
        self._ctx = ctx
        self._graph = graph
        self._grad_req = grad_req
        self._is_train = None
        from .ndarray import zeros
        # like MXNet, the output arrays exist from binding on (zeros until the first forward), in the
        # outputs' storage types
        self.outputs = [zeros(shape, ctx=c, dtype=dtype, stype=None if st == "default" else st)
                        for shape, dtype, c, st in zip(graph.output_shapes, graph.output_dtypes,
                                                       graph.output_ctxs, graph.output_stypes())]

    # ------------------------------------------------------------------ creation
    @classmethod
    def _bind(cls, symbol, ctx, args, args_grad=None, grad_req="write", aux_states=None, group2ctx=None,
              shared_exec=None):
        from .module.executor import GraphExecutor
        _refuse("Symbol.bind", shared_exec=shared_exec)
        arg_names, aux_names = symbol.list_arguments(), symbol.list_auxiliary_states()
        args = _named(arg_names, args, "args", "Symbol.bind")
        grads = _named(arg_names, args_grad, "args_grad", "Symbol.bind", required=False)
        aux = _named(aux_names, aux_states, "aux_states", "Symbol.bind") if aux_names else \
            _named([], aux_states or [], "aux_states", "Symbol.bind")
        reqs = _grad_reqs(arg_names, grad_req)
        reqs = {n: (r if grads.get(n) is not None else "null") for n, r in reqs.items()}
        arrays = dict(args, **aux)
        shapes = {n: a.shape for n, a in arrays.items()}
        types = {n: a.dtype for n, a in arrays.items()}
        graph = GraphExecutor(symbol, ctx, shapes, types, reqs, shared_arrays=arrays, group2ctx=group2ctx,
                              api="Symbol.bind", array_ctxs={n: a.context for n, a in arrays.items()})
        for n, g in grads.items():
            if g is not None and reqs[n] != "null":
                if g.shape != graph.arg_dict[n].shape:
                    raise MXNetError(f"Symbol.bind: args_grad[{n!r}] has shape {g.shape}, the argument has "
                                     f"{graph.arg_dict[n].shape}")
                graph.grad_dict[n] = g
        graph.check_grad_contexts()
        return cls(symbol, ctx, graph, reqs)

    @classmethod
    def _simple_bind(cls, symbol, ctx, grad_req="write", type_dict=None, stype_dict=None, group2ctx=None,
                     shared_arg_names=None, shared_exec=None, shared_buffer=None, **kwargs):
        from .module.executor import GraphExecutor
        _refuse("Symbol.simple_bind", shared_arg_names=shared_arg_names,
                shared_exec=shared_exec, shared_buffer=shared_buffer)
        inputs = set(symbol.list_inputs())
        for n, st in (stype_dict or {}).items():
            if n not in inputs:
                raise ValueError(f"Symbol.simple_bind: {n!r} in stype_dict is not an input of the symbol")
            if st not in ("default", "row_sparse", "csr"):
                raise ValueError(f"Symbol.simple_bind: invalid storage type {st!r} for {n!r}")
        # like MXNet, keyword arguments that are not inputs of the symbol are ignored (MXNet's own tests pass
        # `axis=`, `force_rebind=` there); type_dict names must be inputs
        kwargs = {n: s for n, s in kwargs.items() if n in inputs}
        for n in type_dict or {}:
            if n not in inputs:
                raise ValueError(f"Symbol.simple_bind: {n!r} is not an input of the symbol")
        reqs = _grad_reqs(symbol.list_arguments(), grad_req)
        types = {n: np.dtype(t) for n, t in (type_dict or {}).items()}
        try:
            graph = GraphExecutor(symbol, ctx, {n: tuple(s) for n, s in kwargs.items()}, types, reqs,
                                  group2ctx=group2ctx, api="Symbol.simple_bind")
        except MXNetError as e:  # MXNet reports any failure of its C simple_bind with the given shapes
            raise RuntimeError("simple_bind error. Arguments:\n" + "\n".join(
                f"{n}: {tuple(s)}" for n, s in kwargs.items()) + "\n" + str(e)) from None
        from ._sparse_bind import sparse_simple_bind
        sparse_simple_bind(symbol, graph, stype_dict)
        return cls(symbol, ctx, graph, reqs)

    # ------------------------------------------------------------------ arrays
    @property
    def arg_dict(self):
        """Argument name -> bound NDArray."""
        return dict(self._graph.arg_dict)

    @property
    def grad_dict(self):
        """Argument name -> gradient NDArray (None where grad_req is 'null')."""
        return {n: self._graph.grad_dict.get(n) for n in self._graph.arg_names}

    @property
    def aux_dict(self):
        """Auxiliary state name -> NDArray."""
        return dict(self._graph.aux_dict)

    @property
    def output_dict(self):
        """Output name -> NDArray (after a forward)."""
        names = self._symbol.list_outputs()
        if len(set(names)) != len(names):
            raise ValueError("Duplicate names detected, %s" % str(names))
        return dict(zip(names, self.outputs))

    @property
    def arg_arrays(self):
        """Bound argument arrays, in list_arguments() order."""
        return [self._graph.arg_dict[n] for n in self._graph.arg_names]

    @property
    def grad_arrays(self):
        """Gradient arrays in list_arguments() order (None where grad_req is 'null')."""
        return [self._graph.grad_dict.get(n) for n in self._graph.arg_names]

    @property
    def aux_arrays(self):
        """Auxiliary state arrays, in list_auxiliary_states() order."""
        return [self._graph.aux_dict[n] for n in self._graph.aux_names]

    # ------------------------------------------------------------------ running
    def forward(self, is_train=False, **kwargs):
        """Copy `kwargs` (name -> NDArray or numpy array) into the arguments, run the graph; returns outputs."""
        from . import ndarray as nd
        for name, value in kwargs.items():
            if name not in self._graph.arg_dict:
                raise ValueError(f"Unknown argument {name}")
            dst = self._graph.arg_dict[name]
            if not isinstance(value, NDArray):
                value = nd.array(np.asarray(value), dtype=dst.dtype)
            if value.shape != dst.shape:
                raise ValueError(f"Shape not match! Argument {name}, need: {dst.shape}, received: {value.shape}")
            value.copyto(dst)
        self._is_train = bool(is_train)
        outs = self._graph.forward(is_train=self._is_train)
        if len(self.outputs) == len(outs) and all(o.shape == p.shape and o.dtype == p.dtype and
                                                  o.stype == p.stype for o, p in zip(outs, self.outputs)):
            for o, p in zip(outs, self.outputs):  # MXNet's outputs are the same arrays from run to run
                if o.stype != "default":
                    p._set_parts(tuple(t.clone() for t in o._parts()))
                else:
                    p._t.copy_(o._t)
        else:
            self.outputs = list(outs)
        return self.outputs

    def backward(self, out_grads=None, is_train=True):
        """Gradients of the last forward into the gradient arrays (grad_req 'write'/'add').

        `is_train` only selects the operators' training behaviour in MXNet's backward pass; here backward
        differentiates the last forward, whose mode forward(is_train=...) fixed (an inference forward is
        re-run once under recording, as MXNet keeps what backward needs). Without any forward, MXNet's
        backward reads the bound arrays as they are (its own tests call backward first for operators whose
        gradient needs no forward values): the graph is run forward on them here, in `is_train` mode."""
        if self._graph._recorded is None:
            mode = self._is_train if self._is_train is not None else bool(is_train)
            self._graph.forward(is_train=mode, record=True, quiet=True)
        self._graph.backward(out_grads)

    def copy_params_from(self, arg_params, aux_params=None, allow_extra_params=False):
        """Copy parameter values into the bound arrays (names not bound raise unless allow_extra_params)."""
        self._graph.copy_params_from(arg_params, aux_params, allow_extra_params)

    def reshape(self, partial_shaping=False, allow_up_sizing=False, **kwargs):
        """A new executor for new input shapes, sharing the arrays whose shapes are unchanged."""
        from .module.executor import GraphExecutor
        g = self._graph
        shapes = {n: a.shape for n, a in list(g.arg_dict.items()) + list(g.aux_dict.items())}
        new = {n: tuple(s) for n, s in kwargs.items()}
        for n in new:
            if n not in shapes:
                raise ValueError(f"Executor.reshape: {n!r} is not an argument of the symbol")
        types = {n: a.dtype for n, a in list(g.arg_dict.items()) + list(g.aux_dict.items())}
        probe = GraphExecutor(self._symbol, self._ctx, new, {n: types[n] for n in new}, self._grad_req)
        shared = {}
        for n, arr in list(probe.arg_dict.items()) + list(probe.aux_dict.items()):
            old = g.arg_dict.get(n, g.aux_dict.get(n))
            if arr.shape == old.shape:
                shared[n] = old
            elif n not in new and not partial_shaping:
                raise MXNetError(f"Shape of unspecified array arg:{n} changed. This can cause the new executor "
                                 "to not share parameters with the old one. Please check for error in network."
                                 "If this is intended, set partial_shaping=True to suppress this warning.")
            elif int(np.prod(arr.shape)) > int(np.prod(old.shape)):
                if not allow_up_sizing:
                    raise MXNetError(f"New shape of arg: {n} larger than original. First making a big executor "
                                     "and then down sizing it is more efficient than the reverse.If you really "
                                     "want to up size, set allow_up_sizing=True to enable allocation of new "
                                     "arrays.")
            elif old._t.is_contiguous():  # down-sizing: like MXNet, the new array is a view of the old memory
                shared[n] = wrap(old._t.reshape(-1)[:int(np.prod(arr.shape))].view(arr.shape))
        graph = GraphExecutor(self._symbol, self._ctx, {n: a.shape for n, a in shared.items()} | new,
                              types, self._grad_req, shared_arrays=shared)
        for n, gr in g.grad_dict.items():
            if n in graph.grad_dict and graph.grad_dict[n].shape == gr.shape:
                graph.grad_dict[n] = gr
        reshaped = Executor(self._symbol, self._ctx, graph, self._grad_req)
        for i, (out, old) in enumerate(zip(reshaped.outputs, self.outputs)):
            # like MXNet's shared memory pool: outputs that fit live in the old outputs' memory
            n = int(np.prod(out.shape))
            if out.dtype == old.dtype and old._t.is_contiguous() and n <= int(np.prod(old.shape)):
                reshaped.outputs[i] = wrap(old._t.reshape(-1)[:n].view(out.shape))
        return reshaped

    def set_monitor_callback(self, callback, monitor_all=False):
        """Call `callback(name, NDArray)` with every operator output ('<node>_output[i]') in forward and
        every operator's input gradients ('<node>_backward_output[i]') in backward. Names are UTF-8 bytes, as
        MXNet's C callback gives them (`mx.base.py_str(name)` decodes); the array is an NDArray (MXNet passes a
        raw handle)."""
        if not callable(callback):
            raise TypeError("Executor.set_monitor_callback: callback must be callable")

        def as_bytes(name, array):
            return callback(name.encode("utf-8") if isinstance(name, str) else name, array)
        self._graph.set_monitor_callback(as_bytes, monitor_all)

    def debug_str(self):
        """Not supported: MXNet's memory plan of the bound graph."""
        raise NotImplementedError("Executor.debug_str is not supported by torch2gluon (no MXNet memory plan)")

    def get_optimized_symbol(self):
        """The bound symbol (torch2gluon applies no graph passes)."""
        return self._symbol
