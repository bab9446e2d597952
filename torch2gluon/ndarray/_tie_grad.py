"""max/min (reductions and element-wise maximum/minimum) with MXNet's gradient at ties.

MXNet routes the whole head gradient to EVERY input element equal to the result (reductions: `x == out`;
`maximum(a, b)`: `a >= b` to a, `a < b` to b; `minimum`: `a <= b` to a, `a > b` to b). torch splits it
evenly among ties instead, which changes training of e.g. min-max normalisation layers.
"""
import torch

from ._int_grad import ShadowFunction

def _unbroadcast(g, shape):
    """Sum a broadcast gradient back to `shape`."""
    if tuple(g.shape) == tuple(shape):
        return g
    extra = g.dim() - len(shape)
    if extra:
        g = g.sum(dim=tuple(range(extra)))
    dims = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(dim=dims, keepdim=True) if dims else g


class _ReduceTie(ShadowFunction):
    @staticmethod
    def forward(ctx, t, axes, keep, is_max):
        out = torch.amax(t, dim=axes, keepdim=keep) if is_max else torch.amin(t, dim=axes, keepdim=keep)
        ctx.axes, ctx.keep = axes, keep
        ctx.save_for_backward(t, out)
        return out

    @staticmethod
    def backward(ctx, g):
        t, out = ctx.saved_tensors
        if not ctx.keep:
            for a in sorted(ctx.axes):
                out, g = out.unsqueeze(a), g.unsqueeze(a)
        return g * (t == out).to(g.dtype), None, None, None


class _BinaryTie(ShadowFunction):
    @staticmethod
    def forward(ctx, a, b, is_max):
        ctx.is_max = is_max
        ctx.save_for_backward(a, b)
        return torch.maximum(a, b) if is_max else torch.minimum(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        to_a = (a >= b) if ctx.is_max else (a <= b)
        ga = _unbroadcast(g * to_a.to(g.dtype), a.shape) if ctx.needs_input_grad[0] else None
        gb = _unbroadcast(g * (~to_a).to(g.dtype), b.shape) if ctx.needs_input_grad[1] else None
        return ga, gb, None


def _grad_needed(t):
    return getattr(t, "requires_grad", False) and torch.is_grad_enabled()


def _grad_needed2(a, b):
    """Whether either operand (a tensor or a python scalar) needs a gradient; no generator on the hot path."""
    return (getattr(a, "requires_grad", False) or getattr(b, "requires_grad", False)) and torch.is_grad_enabled()


def amax(t, axes, keep):
    """torch.amax over `axes`; the gradient goes to every element equal to the maximum (MXNet)."""
    if _grad_needed(t):
        return _ReduceTie.apply(t, axes, keep, True)
    return torch.amax(t, dim=axes, keepdim=keep)


def amin(t, axes, keep):
    """torch.amin over `axes`; the gradient goes to every element equal to the minimum (MXNet)."""
    if _grad_needed(t):
        return _ReduceTie.apply(t, axes, keep, False)
    return torch.amin(t, dim=axes, keepdim=keep)


def maximum(a, b):
    """Element-wise maximum; at ties the gradient goes to `a` (MXNet)."""
    if _grad_needed2(a, b):
        return _BinaryTie.apply(a, b, True)
    return torch.maximum(a, b)


def minimum(a, b):
    """Element-wise minimum; at ties the gradient goes to `a` (MXNet)."""
    if _grad_needed2(a, b):
        return _BinaryTie.apply(a, b, False)
    return torch.minimum(a, b)
