"""`GraphExecutor`: one bound symbol graph (MXNet's Executor as the Module uses it), over torch autograd.

The executor owns one NDArray per graph argument and auxiliary state, and one gradient array per argument
whose grad_req is not 'null'. `forward(is_train=True)` runs the graph (graph_exec.run_graph, torch2gluon's
operators) while recording, with the arguments that need gradients as fresh torch leaves sharing the
arrays' storage; `backward()` takes torch.autograd.grad of the outputs and writes ('write') or adds ('add')
the results into the gradient arrays. Loss heads (SoftmaxOutput, the regression outputs, MakeLoss,
make_loss, SVMOutput) ignore their head gradient, as in MXNet; every other output needs one in `out_grads`.
"""
import numpy as np
import torch

from .. import autograd
from ..base import MXNetError
from ..ndarray import zeros as _zeros
from ..ndarray import _int_grad
from ..ndarray._nondiff import has_zero_grad, int_head
from ..ndarray._sparse_base import BaseSparseNDArray
from ..ndarray.ndarray import NDArray, wrap
from ..symbol.graph_exec import run_graph
from . import _rng_replay
from .exec_monitor import NodeMonitor

# Output operators whose backward does not use the head gradient (MXNet's loss layers).
LOSS_OPS = frozenset(("SoftmaxOutput", "Softmax", "LinearRegressionOutput", "LogisticRegressionOutput",
                      "MAERegressionOutput", "SVMOutput", "MakeLoss", "make_loss"))
_NO_GRAD_OPS = frozenset(("BlockGrad", "stop_gradient"))
_GRAD_REQS = ("write", "add", "null")


def _sparse_leaf(arr, leaf):
    """Sparse `arr` as an autograd variable: the same storage type and stored parts, its dense values the
    recorded `leaf` (sparse operators then run on those values, keeping the graph; row_sparse-only ones work)."""
    from ..ndarray._sparse_base import _DENSE_SLOT, make_sparse
    out = make_sparse(arr.stype, arr._parts(), arr.shape, arr._ctx)
    _DENSE_SLOT.__set__(out, leaf)
    out._dver = leaf._version
    return out


def check_head_grad_shape(given, output):
    """MXNet copies a head gradient into its output's gradient buffer: the shapes must be equal."""
    if tuple(given) != tuple(output):
        fmt = lambda s: "[" + ",".join(str(d) for d in s) + "]"  # noqa: E731
        raise MXNetError(f"Check failed: from.shape() == to.shape(): operands shape mismatch "
                         f"from.shape = {fmt(given)} to.shape={fmt(output)}")


def _custom_is_loss(attrs):
    from ..operator import custom_is_loss
    return custom_is_loss(attrs)


def _computed_0d(value):
    """A computed 0-d output (only numpy operators make one): a known shape (), as MXNet's np shape inference."""
    return hasattr(value, "_t") and value._t.dim() == 0


class GraphExecutor:
    """The arrays and the forward/backward of `symbol` bound to input shapes on context `ctx`."""

    def __init__(self, symbol, ctx, input_shapes, input_types, grad_req, shared_arrays=None, group2ctx=None,
                 api="Module.bind", array_ctxs=None, shared_grads=None):
        from ..symbol.placement import place_nodes, variable_contexts, output_contexts
        self._symbol = symbol
        self._ctx = ctx
        placed = place_nodes(symbol, ctx, group2ctx, api, array_ctxs)  # device groups (one torch device)
        self._var_ctx = variable_contexts(symbol, placed)
        self.output_ctxs = output_contexts(symbol, placed, ctx)
        self._placed = placed is not None
        self._placement = placed
        self.arg_names = symbol.list_arguments()
        self.aux_names = symbol.list_auxiliary_states()
        for name, req in grad_req.items():
            if req not in _GRAD_REQS:
                raise ValueError(f"grad_req must be one of {_GRAD_REQS}, got {req!r} for {name!r}")
        self.grad_req = {n: grad_req.get(n, "null") for n in self.arg_names}
        self.arg_dict, self.aux_dict, self.grad_dict = {}, {}, {}
        self._shared = shared_arrays or {}
        self._shared_grads = shared_grads or {}  # gradient arrays of a shared module (bucketing), same memory
        self.outputs = []
        self._recorded = None
        self._rng_at_forward = None  # generator state at the last forward (module/_rng_replay.py)
        self._allocate(input_shapes, input_types)
        if array_ctxs is None:  # (Symbol.bind checks the gradient arrays it is given instead)
            self.check_grad_contexts()

    # ------------------------------------------------------------------ binding
    def _allocate(self, input_shapes, input_types, reshaping=False):
        from ..symbol.shape_infer import _run  # one run on zeros gives shapes, dtypes and output shapes
        floats = [np.dtype(t).name for t in input_types.values() if np.dtype(t).kind == "f"]
        default = floats[0] if floats else "float32"  # like MXNet's type propagation to the parameters
        res = _run(self._symbol, {k: tuple(v) for k, v in input_shapes.items()},
                   {k: np.dtype(v).name for k, v in input_types.items()}, True, default)
        from ..symbol.shape_infer import _known
        names = self.arg_names + self.aux_names
        if res is None or not all(_known(res[0].get(n)) for n in names) or \
                not all((_known(tuple(o.shape)) or _computed_0d(o)) and not getattr(o, "unknowns", list)()
                        for o in res[2]):
            raise MXNetError("Module.bind: cannot infer the shapes of all arguments from "
                             f"{dict(input_shapes)}")
        shapes, types, outs = res
        arg_shapes = [shapes[n] for n in self.arg_names]
        arg_types = [types[n] for n in self.arg_names]
        aux_shapes = [shapes[n] for n in self.aux_names]
        aux_types = [types[n] for n in self.aux_names]
        out_shapes = [o.shape for o in outs]
        old_args, old_aux, old_grads = self.arg_dict, self.aux_dict, self.grad_dict
        if reshaping:  # like MXNet's Executor.reshape without partial_shaping
            for name, shape in zip(self.arg_names, arg_shapes):
                if name not in input_shapes and name in old_args and old_args[name].shape != tuple(shape):
                    raise MXNetError(f"Shape of unspecifie arg: {name} changed. This can cause the new executor "
                                     "to not share parameters with the old one. Please check for error in "
                                     "network.If this is intended, set partial_shaping=True to suppress this "
                                     "warning.")
        self.arg_dict, self.aux_dict, self.grad_dict = {}, {}, {}
        for name, shape, dtype in zip(self.arg_names, arg_shapes, arg_types):
            self.arg_dict[name] = self._array(name, shape, dtype, old_args)
            if self.grad_req[name] != "null":
                reuse = self._shared_grads.get(name, old_grads.get(name))
                if reuse is not None and reuse.shape == tuple(shape) and reuse.dtype == np.dtype(dtype):
                    self.grad_dict[name] = reuse  # as MXNet's shared executors and reshape share gradients
                else:
                    self.grad_dict[name] = _zeros(shape, ctx=self._var_ctx.get(name, self._ctx), dtype=dtype)
        for name, shape, dtype in zip(self.aux_names, aux_shapes, aux_types):
            self.aux_dict[name] = self._array(name, shape, dtype, old_aux)
        self.output_shapes = [tuple(s) for s in out_shapes]
        self.output_dtypes = [o.dtype for o in outs]

    def check_grad_contexts(self):
        """MXNetError when a gradient array is not on the context its gradient is computed on (device groups)."""
        from ..symbol.placement import check_grad_contexts
        check_grad_contexts(self._symbol, self._placement, {n: g.context for n, g in self.grad_dict.items()})

    def _array(self, name, shape, dtype, old):
        shape = tuple(shape)
        if name in self._shared:
            arr = self._shared[name]
            if arr.shape != shape:
                raise MXNetError(f"Module.bind: shared parameter {name!r} has shape {arr.shape}, the graph "
                                 f"needs {shape}")
            return arr
        prev = old.get(name)
        if prev is not None and prev.shape == shape:
            return prev  # parameters survive a reshape
        return _zeros(shape, ctx=self._var_ctx.get(name, self._ctx), dtype=dtype)

    def reshape(self, input_shapes, input_types):
        """Re-bind to new input shapes; parameters and auxiliary states keep their arrays (a sparse argument
        cannot change its shape: MXNet's reshape check)."""
        for name, shape in input_shapes.items():
            arr = self.arg_dict.get(name)
            if isinstance(arr, BaseSparseNDArray) and tuple(shape) != arr.shape:
                raise MXNetError("Check failed: storage_type() == kDefaultStorage (%d vs. 0) : reshape of the "
                                 "%s argument %r from %s to %s" % ({"row_sparse": 1, "csr": 2}[arr.stype],
                                                                   arr.stype, name, arr.shape, tuple(shape)))
        self._allocate(input_shapes, input_types, reshaping=True)
        self.outputs = []
        self._recorded = None
        self._out_stypes = None

    def copy_params_from(self, arg_params, aux_params=None, allow_extra_params=False):
        """Copy values (cast to the bound dtype) into the bound arrays, as MXNet's Executor does."""
        for name, array in arg_params.items():
            if name in self.arg_dict:
                array.astype(self.arg_dict[name].dtype).copyto(self.arg_dict[name])
            elif not allow_extra_params:
                raise ValueError('Find name "%s" that is not in the arguments' % name)
        for name, array in (aux_params or {}).items():
            if name in self.aux_dict:
                array.astype(self.aux_dict[name].dtype).copyto(self.aux_dict[name])
            elif not allow_extra_params:
                raise ValueError("Find name %s that is not in the auxiliary states" % name)

    @property
    def arg_arrays(self):
        """Argument arrays, in list_arguments() order."""
        return [self.arg_dict[n] for n in self._symbol.list_arguments()]

    @property
    def aux_arrays(self):
        """Auxiliary state arrays, in list_auxiliary_states() order."""
        return [self.aux_dict[n] for n in self._symbol.list_auxiliary_states()]

    def set_monitor_callback(self, callback, monitor_all=False):
        """Report operator outputs and backward input gradients to `callback(name, NDArray)`; `monitor_all`
        reports each operator's inputs too (forward only: a backward() with it raises NotImplementedError, since
        MXNet then reports the inputs of its internal gradient nodes, which torch2gluon does not build)."""
        if not callable(callback):
            raise TypeError("Executor.set_monitor_callback: callback must be callable")
        self._monitor = callback
        self._monitor_all = bool(monitor_all)

    # ------------------------------------------------------------------ running
    def forward(self, is_train=False, record=None, quiet=False):
        """Run the graph on the bound arrays; `is_train` sets training mode and records for backward
        (`record=True` records an inference-mode forward too, for Executor.backward after forward(); `quiet`
        keeps such a re-run from reporting outputs to an installed monitor again)."""
        values, leaves = {}, {}
        record = is_train if record is None else record
        for name, arr in self.arg_dict.items():
            if record and self.grad_req[name] != "null" and arr._t.is_floating_point():
                leaf = arr._t.detach().requires_grad_(True)
                leaves[name] = leaf
                values[name] = _sparse_leaf(arr, leaf) if isinstance(arr, BaseSparseNDArray) else wrap(leaf)
            elif record and self.grad_req[name] != "null" and not isinstance(arr, BaseSparseNDArray):
                # an integer argument: differentiated through a float shadow (ndarray/_int_grad.py), as MXNet
                # computes integer gradients
                var = wrap(arr._t.detach())
                _int_grad.mark(var, var._t)
                leaves[name] = _int_grad.shadow_of(var._t)
                values[name] = var
            else:
                values[name] = arr
        values.update(self.aux_dict)
        scope = autograd.record(train_mode=is_train) if record else autograd.pause(train_mode=False)
        mon = getattr(self, "_monitor", None)
        self._node_monitor = NodeMonitor(mon, record, quiet, getattr(self, "_monitor_all", False)) \
            if mon is not None else None
        if not quiet:  # a backward re-running an inference forward recorded must draw the same random values
            self._rng_at_forward = None if record else _rng_replay.capture()
        replay = self._rng_at_forward if quiet else None
        with scope, _rng_replay.replaying(replay):
            outs = run_graph(self._symbol, values, ctx=self._ctx, node_hook=self._node_monitor)
        self.outputs = self._stored_outputs(outs, record)
        if self._placed:  # each output lives on its node's group context
            for out, c in zip(self.outputs, self.output_ctxs):
                out._ctx = c
        self._recorded = (outs, leaves) if record else None
        self._last_is_train = is_train
        return self.outputs

    def output_stypes(self):
        """The outputs' storage types (MXNet infers them at binding): 'default' unless an argument or
        auxiliary state is sparse, then those of one inference run on the bound arrays (cached)."""
        from ..ndarray._sparse_base import BaseSparseNDArray
        if not any(isinstance(a, BaseSparseNDArray) for a in list(self.arg_dict.values()) +
                   list(self.aux_dict.values())):
            return ["default"] * len(self._symbol.list_outputs())
        if getattr(self, "_out_stypes", None) is None:
            with autograd.pause(train_mode=False):
                probe = run_graph(self._symbol, dict(self.arg_dict, **self.aux_dict), ctx=self._ctx)
            self._out_stypes = [o.stype for o in probe]
        return self._out_stypes

    def _stored_outputs(self, outs, record):
        """The outputs as arrays detached from the graph, in MXNet's output storage types: with sparse
        arguments, a recorded run computes on dense values, so its outputs take the storage types of an
        unrecorded (inference) run, found once per binding (storage types depend on the operators and the
        inputs' storage types, not on values or on the training mode)."""
        from ..ndarray._sparse_base import BaseSparseNDArray
        if not any(isinstance(a, BaseSparseNDArray) for a in list(self.arg_dict.values()) +
                   list(self.aux_dict.values())):
            return [wrap(o._t.detach()) for o in outs]
        if not record:
            self._out_stypes = [o.stype for o in outs]
            bound = {id(a) for a in list(self.arg_dict.values()) + list(self.aux_dict.values())}
            return [(o.copy() if id(o) in bound else o) if isinstance(o, BaseSparseNDArray) else wrap(o._t.detach())
                    for o in outs]
        self.output_stypes()
        res = []
        for o, st in zip(outs, self._out_stypes):
            d = wrap(o._t.detach())
            res.append(d.tostype(st) if st != "default" and o.stype != st else
                       (o.copy() if isinstance(o, BaseSparseNDArray) else d))
        return res

    def backward(self, out_grads=None):
        """Gradients of the outputs (loss heads: their own; others: times `out_grads`) into grad arrays."""
        if getattr(self, "_monitor", None) is not None and getattr(self, "_monitor_all", False):
            raise NotImplementedError("Executor.backward: set_monitor_callback(monitor_all=True) reports the inputs "
                                      "of MXNet's internal gradient nodes in backward, which torch2gluon does not "
                                      "build; set monitor_all=False for backward")
        if isinstance(out_grads, NDArray):
            out_grads = [out_grads]
        elif isinstance(out_grads, dict):
            out_grads = [out_grads[k] for k in self._symbol.list_outputs()]
        out_grads = list(out_grads or [])
        for g in out_grads:
            if not isinstance(g, NDArray):
                raise TypeError("inputs must be NDArray")
        if self._recorded is None:
            # MXNet's backward never refuses: it differentiates what the last forward left in its buffers
            # (zero buffers after a fresh bind). Here the last forward's mode (training when there was none)
            # is re-run on the bound arrays under recording, which is that same computation when the inputs
            # are unchanged (SVRGModule backpropagates its auxiliary module this way).
            self.forward(is_train=getattr(self, "_last_is_train", True), record=True, quiet=True)
        outs, leaves = self._recorded
        tensors, heads = [], []
        for i, ((node, _), out) in enumerate(zip(self._symbol._outputs, outs)):
            t = out._t
            if not t.is_floating_point():  # an integer output: its shadow, or the float source of a cast
                s = _int_grad.shadow_or_self(t)
                if s is t:
                    s = int_head(t)
                t = t if s is None else s
            if node.op in _NO_GRAD_OPS or not t.requires_grad:
                continue
            is_loss = node.op in LOSS_OPS or node.op == "Custom" and _custom_is_loss(node.attrs)
            if not is_loss and has_zero_grad(t):
                continue  # a comparison, argmax, shape_array ... output: its zero gradient never reads a head (a
                # given one is not even shape-checked, as in MXNet)
            if is_loss:
                heads.append(torch.ones_like(t))
            elif i < len(out_grads):
                check_head_grad_shape(out_grads[i].shape, out.shape)
                heads.append(out_grads[i]._t.detach().to(t.dtype).reshape(t.shape))
            else:
                raise MXNetError("Because the last operator is not Loss function, head_gradient is required "
                                 "when calling backward. If you are attempting to minimize the output as an "
                                 "objective, please modify your network and pass it through the make_loss "
                                 "symbol.")
            tensors.append(t)
        names = list(leaves)
        grads = [None] * len(names)
        mon = getattr(self, "_node_monitor", None)
        extra = mon.extra if mon is not None and mon.record else []
        if tensors and (names or extra):
            grads = torch.autograd.grad(tensors, [leaves[n] for n in names] + extra, heads,
                                        allow_unused=True)[:len(names)]
        self._recorded = None
        if getattr(self, "_node_monitor", None) is not None and self._node_monitor.record:
            self._node_monitor.report_backward()
        from ..ndarray._sparse_base import BaseSparseNDArray
        from ..ndarray._sparse_grad import write_grad
        with torch.no_grad():
            for name, g in zip(names, grads):
                arr = self.grad_dict[name]
                if isinstance(arr, BaseSparseNDArray):  # a sparse gradient array: stored as MXNet casts it
                    if g is None:
                        g = torch.zeros(arr.shape, dtype=arr.dtype_t, device=arr.device_t)
                    write_grad(arr, g, self.grad_req[name] == "add", dense_ok=True)
                    continue
                buf = arr._t
                if g is not None and g.layout != torch.strided:  # a sparse weight's gradient, to a dense array
                    g = g.to_dense()
                if self.grad_req[name] == "add":
                    if g is not None:
                        buf.add_(g.to(buf.dtype))
                elif g is None:
                    buf.zero_()
                else:
                    buf.copy_(g.to(buf.dtype))
