"""Floored modulo with MXNet's zero-divisor rule: `x % 0` is 0, yet the gradients keep MXNet's formulas."""
import torch

__all__ = ["mod_by_zero"]


class _ModByZero(torch.autograd.Function):  # pylint: disable=abstract-method
    """Floored modulo of same-shape float tensors where some divisors are 0: the value there is 0, the gradients
    MXNet's everywhere (1 for `a`, -floor(a / b) for `b`: +-inf or nan at a zero divisor)."""

    @staticmethod
    def forward(ctx, a, b):  # pylint: disable=arguments-differ
        ctx.save_for_backward(a, b)
        zero = b == 0
        safe = torch.where(zero, torch.ones_like(b), b)
        return torch.where(zero, torch.zeros((), dtype=a.dtype, device=a.device), torch.remainder(a, safe))

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        a, b = ctx.saved_tensors
        return g, -g * torch.floor(a / b)


def mod_by_zero(a, b):
    """`a % b` for float tensors (`b` a tensor or a number) with some zero divisor, differentiable as in MXNet."""
    if not isinstance(b, torch.Tensor):
        b = torch.full((), float(b), dtype=a.dtype, device=a.device)
    return _ModByZero.apply(*torch.broadcast_tensors(a, b))
