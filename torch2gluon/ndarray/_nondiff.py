"""Keep MXNet's graph through operators that torch cannot differentiate (BlockGrad, zeros_like, argmax, ...).

MXNet records every operator called under `autograd.record()` on an array in the graph, including those
whose gradient is zero (comparisons, argmax/argsort/topk indices, one_hot, zeros_like, BlockGrad). A head
reached only through such operators backpropagates zeros: 'write' variables get zero gradients instead of
an error. torch drops such outputs from its graph, so `zero_grad_op` links them back with a zero gradient.
Integer outputs cannot join a torch graph and stay unlinked.
"""
import functools

import torch

from ._state import STATE


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
    """`out` (a tensor) recorded with zero gradient w.r.t. the tensors in `ins` that require grad."""
    if out.requires_grad or not out.is_floating_point():
        return out
    ins = [t for t in ins if isinstance(t, torch.Tensor) and t.requires_grad]
    if not ins:
        return out
    return _ZeroGrad.apply(out, *ins)


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


def zero_grad_op(fn):
    """Decorate an operator whose outputs have zero gradient so that, under `record()`, they stay in the graph."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        res = fn(*args, **kwargs)
        if STATE.recording:
            ins = _inputs(args, kwargs)
            if any(t.requires_grad for t in ins):
                _link_result(res, ins)
        return res

    return wrapper
