"""`mx.autograd`: recording scopes, training flags and backward with MXNet's grad_req semantics.

Graphs are built only inside `record()`: outside it every operator detaches its inputs from torch's
autograd, so no graph and no memory is held. Gradients land in the buffers that `attach_grad` (or a
Gluon Parameter) allocated: 'write' overwrites them in place, 'add' accumulates, 'null' keeps none.
"""
import contextlib
import weakref

import torch

from .base import MXNetError
from .ndarray._state import STATE
from .ndarray import _int_grad
from .ndarray.ndarray import NDArray, wrap

# NDArray is listed because MXNet's module has no __all__ and its tests star-import it from here.
__all__ = ["NDArray", "record", "pause", "train_mode", "predict_mode", "is_recording", "is_training",
           "set_recording", "set_training", "mark_variables", "backward", "grad", "get_symbol", "Function"]

# id(tensor) -> the NDArray that owns the gradient buffer of that leaf tensor.
_OWNERS = weakref.WeakValueDictionary()


def is_recording():
    """Whether operators are being recorded for backward."""
    return STATE.recording


def is_training():
    """Whether layers run in training mode (Dropout active, BatchNorm batch statistics)."""
    return STATE.training


def set_recording(is_recording):  # pylint: disable=redefined-outer-name
    """Set the recording flag; returns the previous value."""
    prev = STATE.recording
    STATE.recording = bool(is_recording)
    return prev


def set_training(train_mode):
    """Set the training flag; returns the previous value."""
    prev = STATE.training
    STATE.training = bool(train_mode)
    return prev


class _Scope:
    """A `with` scope that sets the recording and/or training flags and restores them on exit."""
    __slots__ = ("_rec", "_train", "_prev_rec", "_prev_train", "_grad_mode")

    def __init__(self, is_record, train_mode):
        self._rec = is_record
        self._train = train_mode
        self._prev_rec = self._prev_train = self._grad_mode = None

    def __enter__(self):
        st = STATE
        if self._rec is not None:
            if _int_grad._TLS.__dict__.get("mode") is not None:  # pylint: disable=protected-access
                _int_grad.maybe_deactivate()
            self._prev_rec = st.recording
            st.recording = self._rec
            self._grad_mode = torch.is_grad_enabled()
            torch.set_grad_enabled(self._rec)
        if self._train is not None:
            self._prev_train = st.training
            st.training = self._train
        return self

    def __exit__(self, *exc):
        st = STATE
        if self._rec is not None:
            st.recording = self._prev_rec
            torch.set_grad_enabled(self._grad_mode)
        if self._train is not None:
            st.training = self._prev_train
        return False


def record(train_mode=True):
    """Scope in which operators are recorded for backward (training mode by default)."""
    return _Scope(True, bool(train_mode))


def pause(train_mode=False):
    """Scope in which recording is paused: results are constants for backward."""
    return _Scope(False, bool(train_mode))


def train_mode():
    """Scope that sets training mode without changing recording."""
    return _Scope(None, True)


def predict_mode():
    """Scope that sets prediction (inference) mode without changing recording."""
    return _Scope(None, False)


_GRAD_REQS = ("write", "add", "null")


def _mark_variable(var, grad_buf, grad_req):
    if grad_req not in _GRAD_REQS:
        raise KeyError(grad_req)  # MXNet looks grad_req up in a dict
    t = var._t.detach()
    if grad_req != "null":
        if t.is_floating_point():
            t.requires_grad_(True)
        else:  # an integer or bool variable: differentiated through a float shadow (ndarray/_int_grad.py)
            _int_grad.mark(var, t)
    var._t = t
    var._grad_req = grad_req
    # MXNet shows zeros for a fresh 'null' variable but None once a freed graph used it; None is kept here.
    var._grad = grad_buf if grad_req != "null" else None
    _OWNERS[id(t)] = var


def mark_variables(variables, gradients, grad_reqs="write"):
    """Mark arrays as variables whose gradients are written into `gradients` by backward."""
    if isinstance(variables, NDArray):
        variables, gradients = [variables], [gradients]
    if isinstance(grad_reqs, str):
        grad_reqs = [grad_reqs] * len(variables)
    if not len(variables) == len(gradients) == len(grad_reqs):
        raise MXNetError("mark_variables: variables, gradients and grad_reqs must have the same length")
    for v, g, r in zip(variables, gradients, grad_reqs):
        _mark_variable(v, g, r)


_FREED = "torch2gluon_freed"
_HIGHER = "torch2gluon_higher_order"   # marks the nodes of gradients returned by grad(create_graph=True)
_HIGHER_MADE = [False]                 # whether any node was ever so marked (else _free skips looking)
_FREED_MSG = ("Cannot differentiate node because it is not in a computational graph. You need to set "
              "is_recording to true or use autograd.record() to save computational graphs for backward. "
              "If you want to differentiate the same graph twice, you need to pass retain_graph=True to "
              "backward.")


def _leaves_of(roots, nodes=None):
    """Leaf tensors (AccumulateGrad variables) reachable from the given autograd nodes.

    MXNet clears a graph after a backward without retain_graph: its arrays become constants for
    operators recorded later, while operators recorded before the backward can no longer be
    differentiated. So a freed node is a constant boundary when its consumer was created after the
    free (torch's per-thread node sequence numbers tell), and an MXNetError otherwise (a freed head
    included). Interior nodes are appended to `nodes` if given.
    """
    stack = [r for r in roots if r is not None]
    for r in stack:
        if r.metadata.get(_FREED) is not None:
            raise MXNetError(_FREED_MSG)
    seen, leaves, interior = set(stack), [], list(stack)
    while stack:
        fn = stack.pop()
        seq = None
        for nxt, _ in fn.next_functions:
            if nxt is None or nxt in seen:
                continue
            freed_at = nxt.metadata.get(_FREED)
            if freed_at is not None:
                if seq is None:
                    seq = fn._sequence_nr()  # pylint: disable=protected-access
                if seq > freed_at:
                    continue  # recorded after that graph was freed: a constant input
                raise MXNetError(_FREED_MSG)
            seen.add(nxt)
            var = getattr(nxt, "variable", None)
            if var is not None:
                leaves.append(var)
            else:
                stack.append(nxt)
                interior.append(nxt)
    if nodes is not None:
        nodes.extend(interior)
    return leaves


_PROBE = torch.zeros((), requires_grad=True)  # a leaf whose views make throw-away nodes for the counter
_PEEK_SEQ = getattr(torch._C._autograd, "_get_sequence_nr", None)  # pylint: disable=protected-access


def _current_sequence_nr():
    """torch's autograd node counter now (nodes created later get larger numbers)."""
    if _PEEK_SEQ is not None:  # the next node's number, read without making a node: older nodes are <= this - 1
        return _PEEK_SEQ() - 1
    if torch.is_grad_enabled():
        return _PROBE.view_as(_PROBE).grad_fn._sequence_nr()  # pylint: disable=protected-access
    with torch.enable_grad():
        return _PROBE.view_as(_PROBE).grad_fn._sequence_nr()  # pylint: disable=protected-access


def _free(nodes):
    """Mark graph nodes as consumed by a backward without retain_graph (with the counter at that time).

    The arrays those nodes produced become constants, as in MXNet: an array of a freed graph used by an
    operator recorded later (an RNN state carried to the next batch) stops the gradient there, so torch
    never walks into the freed part. An operator that MXNet runs as one node may be several torch nodes
    here (a fused RNN's outputs and final states): an array whose own node was not visited but whose
    inputs were is such a sibling output, and becomes a constant too. Operators recorded before the free
    still reach the freed nodes through torch's graph, and `_leaves_of` refuses them.
    """
    if nodes:
        now = _current_sequence_nr()
        freed = set(nodes)
        arrays = []
        for ref in STATE.live:
            a = ref()
            if a is not None and a._t.grad_fn is not None:
                arrays.append((ref, a, a._t.grad_fn))
        if _HIGHER_MADE[0] and any(fn.metadata.get(_HIGHER) for fn in freed):
            # only a graph made by grad(create_graph=True) shares internal torch nodes with its forward;
            # without one, a freed node consumed by an array's node is a sibling output (an RNN's state)
            _keep_internal_nodes([fn for _, _, fn in arrays if fn not in freed], freed,
                                 {fn for _, _, fn in arrays})
        keep = []
        for ref, a, fn in arrays:
            if fn in freed or any(nxt in freed for nxt, _ in fn.next_functions):
                a._t = a._t.detach()  # freed, or a sibling output of a freed operator (an RNN's final state)
            else:
                keep.append(ref)
        for fn in freed:
            fn.metadata[_FREED] = now
        STATE.live[:] = keep


def _keep_internal_nodes(roots, freed, visible):
    """Take out of `freed` the internal torch nodes of the operators of arrays that stay differentiable.

    An operator here may be several torch nodes (FullyConnected's weight transpose before addmm). A
    backward from a graph made by `grad(create_graph=True)` reaches such an internal node through the
    saved tensors that graph shares with the forward; MXNet has no such node, so the forward output
    stays differentiable. An internal node (no live array's own node) of the operator of a root is kept
    when the backward reached it only from nodes created after that operator (or kept ones)."""
    consumers = {}
    for fn in freed:
        for nxt, _ in fn.next_functions:
            if nxt in freed:
                consumers.setdefault(nxt, []).append(fn)
    oldest = min(fn._sequence_nr() for fn in freed)  # pylint: disable=protected-access
    for root in roots:
        seq = root._sequence_nr()  # pylint: disable=protected-access
        stack, seen = [root], set()
        while stack:
            fn = stack.pop()
            for nxt, _ in fn.next_functions:
                # nodes older than every freed node have no freed input: nothing to look for there
                if nxt is None or nxt in visible or nxt in seen or nxt._sequence_nr() < oldest:  # pylint: disable=protected-access
                    continue
                seen.add(nxt)
                if nxt not in freed:
                    stack.append(nxt)  # another internal node of the root's operator
                elif all(c not in freed or c._sequence_nr() > seq  # pylint: disable=protected-access
                         for c in consumers.get(nxt, ())):
                    freed.discard(nxt)
                    stack.append(nxt)


def _head_tensors(heads, head_grads):
    if isinstance(heads, NDArray):
        heads = [heads]
    if head_grads is None:
        head_grads = [None] * len(heads)
    elif isinstance(head_grads, NDArray):
        head_grads = [head_grads]
    if len(head_grads) != len(heads):
        raise AssertionError("heads and head_grads must be lists of the same length")
    hts, gts = [], []
    for h, g in zip(heads, head_grads):
        t = h._t
        shadow = _int_grad.shadow_of(t) if t.__dict__ and not t.is_floating_point() else None
        if shadow is not None:  # a recorded integer result or an integer variable
            t = shadow
        if not t.requires_grad or t.grad_fn is None:
            if t.requires_grad and (id(t) in _OWNERS or shadow is not None):  # a variable used directly as head
                pass
            elif _int_head(t) is not None:  # a recorded bool/integer result: zero gradients (MXNet)
                t = _int_head(t)
            else:
                _raise_kernel_failure(t)
                raise MXNetError(_FREED_MSG)
        hts.append(t)
        if g is None:
            gts.append(torch.ones_like(t))
        elif _zero_grad_head(t):  # MXNet never reads the head gradient of a zero-gradient operator
            gts.append(torch.zeros_like(t))
        else:
            gts.append(_head_grad(g._t.detach(), t).to(t.dtype))
    return hts, gts


def _raise_kernel_failure(t):
    """A head computed from an operator whose kernel failed (float16 FullyConnected on CPU, ...) has no graph:
    report that operator's error, which MXNet raises when the outputs are read after backward."""
    from .ndarray._deferred_error import check
    check(t)


def _int_head(t):
    from .ndarray._nondiff import int_head
    return int_head(t)


def _zero_grad_head(t):
    from .ndarray._nondiff import has_zero_grad
    return has_zero_grad(t)


try:  # torch's engine entry point, without torch.autograd.grad's argument normalisation (~60 us per call)
    _RUN_BACKWARD = torch.autograd.Variable._execution_engine.run_backward  # pylint: disable=protected-access
except AttributeError:  # pragma: no cover - another torch layout
    _RUN_BACKWARD = None


def _grad(hts, inputs, gts, retain_graph):
    """Gradients of heads `hts` (head gradients `gts`, already of their shapes and dtypes) w.r.t. the leaf
    tensors `inputs`; None where a leaf is unreachable."""
    if _RUN_BACKWARD is None:
        return torch.autograd.grad(hts, inputs, gts, retain_graph=retain_graph, allow_unused=True)
    return _RUN_BACKWARD(tuple(hts), tuple(gts), retain_graph, False, tuple(inputs), True, False)


def _head_grad(gt, t):
    """Head gradient `gt` for head `t`. MXNet reads the buffer without checking its shape: the same number
    of elements in any shape, or the first t.numel() of a larger buffer (row-major). A broadcastable smaller
    one is expanded; any other smaller one (MXNet reads past its end) raises MXNetError."""
    if gt.numel() == t.numel():
        return gt.reshape(t.shape)
    if gt.numel() > t.numel():
        return gt.reshape(-1)[:t.numel()].reshape(t.shape)
    try:
        return gt.expand_as(t)
    except RuntimeError:
        raise MXNetError(f"backward: head gradient of shape {tuple(gt.shape)} has fewer elements than its "
                         f"output of shape {tuple(t.shape)}") from None


def backward(heads, head_grads=None, retain_graph=False, train_mode=True):  # pylint: disable=redefined-outer-name
    """Compute the gradients of `heads` w.r.t. the marked variables and store them per their grad_req."""
    hts, gts = _head_tensors(heads, head_grads)
    leaves = []
    for t in hts:
        if t.grad_fn is None:
            leaves.append(t)
    nodes = []
    leaves += _leaves_of([t.grad_fn for t in hts], nodes)
    owners, inputs, seen, dropped = [], [], set(), False
    int_vars = _int_grad.int_vars()
    for leaf in leaves:
        if id(leaf) in seen:
            continue
        seen.add(id(leaf))
        owner = _OWNERS.get(id(leaf))
        if owner is None or owner._t is not leaf:
            owner = _int_grad.owner_of(leaf, int_vars) if int_vars else None
        if owner is not None and owner._grad is not None and owner._grad_req != "null":
            owners.append(owner)
            inputs.append(leaf)
        elif owner is None and leaf.requires_grad:
            dropped = True   # a marked array that went out of scope (its graph still holds it)
    if not inputs and dropped:
        # MXNet's graph keeps the variable and runs the backward into a gradient no one can read: nothing to
        # compute here, but the graph is spent as after any backward.
        if not retain_graph:
            _free(nodes)
        return
    if not inputs:
        raise MXNetError("Cannot differentiate: none of the arrays in this graph was marked with "
                         "attach_grad() (or all have grad_req='null')")
    prev = STATE.training
    STATE.training = bool(train_mode)
    try:
        grads = _grad(hts, inputs, gts, retain_graph)
    except RuntimeError as e:
        if "backward through the graph a second time" in str(e):
            raise MXNetError("Cannot differentiate node because it is not in a computational graph: "
                             "the graph was freed by a previous backward. Pass retain_graph=True to "
                             "backward to differentiate the same graph twice.") from None
        raise
    finally:
        STATE.training = prev
    if not retain_graph:
        _free(nodes)
    with torch.no_grad():
        for owner, g in zip(owners, grads):
            if g is None:
                continue
            owner._fresh_grad = True
            if g.is_sparse or type(owner._grad).__name__ in _SPARSE_BUFS:
                _write_sparse(owner._grad, g, owner._grad_req == "add", owner._t)
                continue
            buf = owner._grad._t
            if g.dtype is not buf.dtype:  # an integer variable's float shadow gradient
                g = g.to(buf.dtype)
            if owner._grad_req == "add":
                buf.add_(g)
            else:
                buf.copy_(g)


_SPARSE_BUFS = ("CSRNDArray", "RowSparseNDArray")


def _write_sparse(buf, g, add, leaf):
    from .ndarray._sparse_grad import write_grad, is_sparse_embedding_leaf
    write_grad(buf, g, add, dense_ok=not is_sparse_embedding_leaf(leaf))


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph=False, train_mode=True):  # pylint: disable=redefined-outer-name
    """Gradients of `heads` w.r.t. `variables`, returned as a list (`.grad` buffers are untouched)."""
    hts, gts = _head_tensors(heads, head_grads)
    single = isinstance(variables, NDArray)
    if single:
        variables = [variables]
    if retain_graph is None:
        retain_graph = create_graph
    nodes = []
    reachable = {id(t) for t in _leaves_of([t.grad_fn for t in hts], nodes)}
    reachable.update(id(t) for t in hts)
    vts = [_int_grad.shadow_or_self(v._t) for v in variables]
    for i, (v, vt) in enumerate(zip(variables, vts)):
        if id(vt) not in reachable:
            raise MXNetError(f"Cannot differentiate with respect to the {i + 1}-th variable because it is "
                             "unreachable from the outputs.")
    prev = STATE.training
    STATE.training = bool(train_mode)
    try:
        with torch.enable_grad() if create_graph else contextlib.nullcontext():
            gs = torch.autograd.grad(hts, vts, gts, retain_graph=retain_graph,
                                     create_graph=create_graph, allow_unused=True)
    finally:
        STATE.training = prev
    if not retain_graph:
        _free(nodes)
    out = []
    for v, g in zip(variables, gs):
        g = g if g is not None else torch.zeros_like(v._t.detach())
        if g.dtype is not v._t.dtype and not create_graph:  # an integer variable's float shadow gradient
            g = g.to(v._t.dtype)
        if g.is_sparse:  # Embedding(sparse_grad=True): returned dense here
            g = g.to_dense()
        if create_graph and g.grad_fn is None and v._t.requires_grad:
            g = _ZeroLink.apply(g, v._t)
        if create_graph and g.grad_fn is not None:
            g.grad_fn.metadata[_HIGHER] = True  # a backward through it walks a higher-order graph
            _HIGHER_MADE[0] = True
        g = wrap(g)
        g._ctx = v._ctx  # on the variable's context, as MXNet
        out.append(g)
    return out


class _ZeroLink(torch.autograd.Function):  # pylint: disable=abstract-method
    """A constant gradient kept in the graph: differentiating it again gives zeros, as in MXNet.

    With create_graph=True MXNet records the backward operators even when a gradient does not depend
    on the variable (radians, clip, Dropout, BlockGrad...), so a later backward writes zeros into the
    variable's grad instead of failing for lack of a graph.
    """

    @staticmethod
    def forward(ctx, g, var):  # pylint: disable=arguments-differ
        ctx.var_meta = (var.shape, var.dtype, var.device)
        return g.clone()

    @staticmethod
    def backward(ctx, _):  # pylint: disable=arguments-differ
        shape, dtype, device = ctx.var_meta
        return None, torch.zeros(shape, dtype=dtype, device=device)


def get_symbol(x):
    """Not available: torch2gluon has no symbolic graph."""
    raise NotImplementedError("autograd.get_symbol: torch2gluon records torch autograd graphs, not MXNet "
                              "symbols; use HybridBlock.export for a deployable graph")


class Function:
    """User-defined differentiable function with custom `forward` and `backward` (MXNet's autograd.Function)."""

    def __init__(self):
        self._used = False
        self.saved_tensors = ()  # a plain attribute, as in MXNet (backward code may reset it)

    def save_for_backward(self, *args):
        """Keep arrays for use in `backward` (as `self.saved_tensors`)."""
        self.saved_tensors = args

    def forward(self, *inputs):
        """Compute outputs from NDArray inputs."""
        raise NotImplementedError

    def backward(self, *output_grads):
        """Compute input gradients from output gradients."""
        raise NotImplementedError

    def __call__(self, *inputs):
        assert not self._used, "Each Function instance can only be called once. Please create another instance."
        self._used = True
        func = self
        from .numpy._wrap import np_class, wrap_np
        npcls = np_class()
        shape = []  # how forward returned its outputs: (single, container type, [is mx.np array])

        def like(t, is_np):
            return wrap_np(t) if is_np else wrap(t)

        class _Bridge(torch.autograd.Function):
            @staticmethod
            def forward(ctx, *ts):  # pylint: disable=arguments-differ
                with _Scope(False, None):
                    outs = func.forward(*[like(t, isinstance(x, npcls)) for t, x in zip(ts, inputs)])
                single = isinstance(outs, NDArray)
                kind = type(outs)
                outs = (outs,) if single else tuple(outs)
                shape.append((single, kind, [isinstance(o, npcls) for o in outs]))
                return tuple(o._t.detach() for o in outs)

            @staticmethod
            def backward(ctx, *gs):  # pylint: disable=arguments-differ
                with _Scope(False, None):
                    igs = func.backward(*[wrap(g) for g in gs])
                igs = (igs,) if isinstance(igs, NDArray) else tuple(igs)
                return tuple(g._t for g in igs)

        ts = [x._t if STATE.recording else x._t.detach() for x in inputs]
        outs = _Bridge.apply(*ts)
        single, kind, is_np = shape[0]
        res = [like(o, n) for o, n in zip(outs, is_np)]
        # as MXNet: the outputs come back in the classes and container forward used (mx.np arrays stay so)
        return res[0] if single else (res if kind is list else tuple(res))
