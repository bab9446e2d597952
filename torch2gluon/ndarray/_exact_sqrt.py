"""Correctly rounded square root, as MXNet's kernels compute it (`std::sqrt`).

torch's CPU `sqrt` for float32/float64 is off by one ulp on a sizeable share of inputs (about one float32
value in six); MXNet's `sqrt` and its optimizer kernels give the IEEE result, which numpy's `sqrt` gives too.
"""
import numpy as np
import torch


def _exact(t):
    if t.device.type == "cpu" and t.dtype in (torch.float32, torch.float64):
        with np.errstate(invalid="ignore"):  # sqrt of a negative is nan, silently, as in MXNet
            return torch.from_numpy(np.sqrt(t.detach().contiguous().numpy()))
    if t.dtype in (torch.float16, torch.bfloat16):
        return torch.sqrt(t.detach().double()).to(t.dtype)
    return torch.sqrt(t.detach())


class _Sqrt(torch.autograd.Function):
    """sqrt with MXNet's gradient `og * (0.5 / out)` (differentiable again through the saved output)."""

    @staticmethod
    def forward(ctx, t):  # pylint: disable=arguments-differ
        r = _exact(t)
        ctx.save_for_backward(r)
        return r

    @staticmethod
    def backward(ctx, og):  # pylint: disable=arguments-differ
        r, = ctx.saved_tensors
        return og * (0.5 / r)


def sqrt_exact(t):
    """`sqrt(t)` rounded correctly, with MXNet's `_backward_sqrt` gradient."""
    return _Sqrt.apply(t) if t.requires_grad else _exact(t)
