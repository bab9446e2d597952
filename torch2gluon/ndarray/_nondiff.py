"""Keep MXNet's graph through operators that torch cannot differentiate (BlockGrad, zeros_like, argmax, ...).

MXNet records every operator called under `autograd.record()` on an array in the graph, including those
whose gradient is zero (comparisons, argmax/argsort/topk indices, one_hot, zeros_like, BlockGrad). A head
reached only through such operators backpropagates zeros: 'write' variables get zero gradients instead of
an error. torch drops such outputs from its graph, so `zero_grad_op` links them back with a zero gradient.
Integer outputs cannot join a torch graph and stay unlinked.
"""
import functools
import weakref

import torch

from ._state import STATE
from . import _int_grad


class _ZeroGrad(torch.autograd.Function):  # pylint: disable=abstract-method
    """Identity on `out` recorded as a function of `ins` whose gradient is zero."""

    @staticmethod
    def forward(ctx, out, *ins):  # pylint: disable=arguments-differ
        ctx.metas = [(t.shape, t.dtype, t.device) for t in ins]
        return out.view_as(out)

    @staticmethod
    def backward(ctx, _):  # pylint: disable=arguments-differ
        return (None,) + tuple(torch.zeros(s, dtype=d, device=dev) for s, d, dev in ctx.metas)


def link(out, ins):
    """`out` (a tensor) recorded with zero gradient w.r.t. the tensors in `ins` that require grad (an
    integer `out` through link_int: it can be a backward head)."""
    if out.requires_grad:
        return out
    if not out.is_floating_point():
        return link_int(out, ins)
    # an output of an operator without gradient (no_fgradient_op) links to that operator's inputs: a zero
    # gradient skips it, as MXNet's gradient pass skips nodes whose output gradients are all zero
    ins = differentiable([u for t in ins if isinstance(t, torch.Tensor)
                          for u in getattr(t, "_t2g_refused_ins", (t,))])
    if not ins:
        return out
    return _ZeroGrad.apply(out, *ins)


_INT_HEADS = {}  # id(bool/integer result tensor) -> (weak reference to it, its zero-gradient float stand-in)


def link_int(out, ins):
    """Bool/integer `out` recorded from the tensors `ins`: torch cannot put it in a graph, so remember a float
    stand-in with zero gradient w.r.t. `ins`, used when `out` is a backward head (MXNet backpropagates zeros
    through comparisons such as `mx.np.equal`)."""
    ins = differentiable([t for t in ins if isinstance(t, torch.Tensor)])
    if ins:
        if _int_grad.active():  # later operators on `out` see zero gradients too
            _int_grad.zero_shadow(out, ins)
        key = id(out)
        _INT_HEADS[key] = (weakref.ref(out, lambda _, k=key: _INT_HEADS.pop(k, None)),
                           _ZeroGrad.apply(torch.zeros((), device=out.device).expand(out.shape), *ins))
    return out


def differentiable(ts):
    """The tensors of `ts` that carry a graph (an integer variable or result counts through its float shadow)."""
    if _int_grad.active():
        ts = [_int_grad.shadow_or_self(t) for t in ts]
    return [t for t in ts if t.requires_grad]


def link_through(out, src):
    """Bool/integer `out` cast from float tensor `src` (same shape) under `record()`: MXNet's Cast passes the
    gradient straight through, so `src` stands in for `out` when `out` is a backward head."""
    if (isinstance(src, torch.Tensor) and src.requires_grad and src.is_floating_point()
            and not out.is_floating_point() and tuple(src.shape) == tuple(out.shape)):
        key = id(out)
        _INT_HEADS[key] = (weakref.ref(out, lambda _, k=key: _INT_HEADS.pop(k, None)), src)
    return out


def link_copy(t, src):
    """A recorded float `src` copied over the whole integer/bool array `t` (`x[:] = y`): MXNet's cast passes its
    gradient, so `src` (reshaped or broadcast to `t`'s shape) stands in for `t` as a backward head."""
    if not t.is_floating_point() and src.is_floating_point():
        if tuple(src.shape) != tuple(t.shape):  # new axes in the key, or a broadcast value
            src = src.reshape(t.shape) if src.numel() == t.numel() else src.expand(t.shape)
        link_through(t, src)


def int_head(t):
    """The zero-gradient stand-in `link_int` recorded for bool/integer tensor `t`, or None."""
    entry = _INT_HEADS.get(id(t))
    if entry is None or entry[0]() is not t:
        return None
    return entry[1]


def has_zero_grad(t):
    """True when `t` comes straight out of a zero-gradient operator (its gradient never reads a head)."""
    return isinstance(t.grad_fn, _ZeroGrad._backward_cls)  # pylint: disable=protected-access


def _inputs(args, kwargs):
    from .ndarray import NDArray
    ts = []
    for v in list(args) + list(kwargs.values()):
        if isinstance(v, NDArray):
            ts.append(v._t)
        elif isinstance(v, (list, tuple)):
            ts.extend(x._t for x in v if isinstance(x, NDArray))
    return ts


def _link_result(res, ins):
    from .ndarray import NDArray
    if isinstance(res, NDArray):
        res._t = link(res._t, ins)
    elif isinstance(res, (list, tuple)):
        for r in res:
            _link_result(r, ins)
    return res


NO_FGRADIENT_OPS = set()  # names of the operators decorated by no_fgradient_op (binding checks graphs for them)


def no_fgradient_op(opname):
    """Decorate an operator that MXNet registers without a gradient (no FGradient): a backward pass through
    its recorded output raises MXNet's MXNetError ('Operator X is non-differentiable ...')."""
    NO_FGRADIENT_OPS.add(opname)

    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            res = fn(*args, **kwargs)
            if STATE.recording:
                ins = [t for t in _inputs(args, kwargs) if t.requires_grad]
                if ins:
                    from ..numpy._op_common import refuse_grad, no_fgradient
                    msg = no_fgradient(opname)
                    for r in (res if isinstance(res, (list, tuple)) else [res]):
                        r._t = refuse_grad(r._t, ins, msg)
                        if r._t.requires_grad:
                            r._t._t2g_refused_ins = tuple(ins)  # see link(): zero gradients skip the node
            return res
        return wrapper
    return deco


def zero_grad_op(fn):
    """Decorate an operator whose outputs have zero gradient so that, under `record()`, they stay in the graph."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        res = fn(*args, **kwargs)
        if STATE.recording:
            ins = _inputs(args, kwargs)
            if differentiable(ins):
                _link_result(res, ins)
        return res

    return wrapper
