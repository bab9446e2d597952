"""Float power with MXNet's gradient formulas (`b * a**(b-1)`, `a**b * log(a)`), which torch special-cases
(torch gives 0 where MXNet's formulas give nan/inf: a zero base, a zero exponent)."""
import torch

from ._int_grad import ShadowFunction

__all__ = ["pow_mx"]

class _Pow(ShadowFunction):  # pylint: disable=abstract-method
    """`a ** b` of same-shape float tensors; backward by MXNet's formulas."""

    @staticmethod
    def forward(ctx, a, b):  # pylint: disable=arguments-differ
        out = torch.pow(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        a, b, out = ctx.saved_tensors
        ga = g * b * torch.pow(a, b - 1) if ctx.needs_input_grad[0] else None
        gb = g * out * torch.log(a) if ctx.needs_input_grad[1] else None
        return ga, gb


def pow_mx(a, b):
    """`a ** b` for float operands (tensors or numbers, at least one a tensor); MXNet's gradients when recorded."""
    t = a if isinstance(a, torch.Tensor) else b
    if not t.is_floating_point() or not any(isinstance(v, torch.Tensor) and v.requires_grad for v in (a, b)):
        return torch.pow(a, b)
    if not isinstance(a, torch.Tensor):
        a = torch.full((), float(a), dtype=t.dtype, device=t.device)
    if not isinstance(b, torch.Tensor):
        b = torch.full((), float(b), dtype=t.dtype, device=t.device)
    if (a.requires_grad or b.requires_grad) and a.dtype == b.dtype:
        return _Pow.apply(*torch.broadcast_tensors(a, b))
    return torch.pow(a, b)
