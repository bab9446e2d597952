"""Normalization and lookup operators: BatchNorm, LayerNorm, InstanceNorm, GroupNorm, Embedding, LeakyReLU."""
import numpy as np
import torch
import torch.nn.functional as tF

from ..base import MXNetError, dtype_name
from ._args import as_axis, as_bool
from ._checks import float_only, F32
from ._dtypes import NO_BOOL, op_dtype
from ._state import STATE
from .ndarray import tensor_of, wrap
from .register import mxop


class _RunningStatsOnBackward(torch.autograd.Function):
    """Identity on the BatchNorm output whose backward updates the running statistics, as MXNet does."""

    @staticmethod
    def forward(ctx, out, mean, var, running_mean, running_var, momentum):  # pylint: disable=arguments-differ
        ctx.stats = (mean, var, running_mean, running_var, momentum)
        return out.view_as(out)

    @staticmethod
    def backward(ctx, grad):  # pylint: disable=arguments-differ
        mean, var, rm, rv, m = ctx.stats
        rest = float(np.float32(1) - np.float32(m))  # MXNet's float32 `1 - momentum` (0.9 -> 0.100000024)
        with torch.no_grad():
            rm.mul_(m).add_(mean.to(rm.dtype) * rest)  # two roundings, as MXNet's a * m + b * (1 - m)
            rv.mul_(m).add_(var.to(rv.dtype) * rest)
        return grad, None, None, None, None, None


class _FixedGamma(torch.autograd.Function):
    """Ones in place of a fixed gamma; its gradient is written as zeros (MXNet's fix_gamma backward)."""

    @staticmethod
    def forward(ctx, g):  # pylint: disable=arguments-differ
        return torch.ones_like(g)

    @staticmethod
    def backward(ctx, grad):  # pylint: disable=arguments-differ
        return torch.zeros_like(grad)


class _RunningStatsBatchGrad(torch.autograd.Function):
    """BatchNorm recorded in predict mode (running stats, use_global_stats=False), as MXNet differentiates it.

    The forward normalises with the running stats. A backward run in train mode (MXNet's default,
    `backward(train_mode=True)`) applies the training-mode input gradient, with its batch-mean terms,
    but with the running mean/var standing in for the batch stats; `train_mode=False` gives the plain
    affine gradient. gamma/beta gradients are the same either way.
    """

    @staticmethod
    def forward(ctx, x, g, b, mean, inv, ax):  # pylint: disable=arguments-differ
        shape = [1] * x.dim()
        shape[ax] = x.shape[ax]
        xhat = (x - mean.reshape(shape)) * inv.reshape(shape)
        ctx.save_for_backward(x, g, mean, inv)
        ctx.ax = ax
        return xhat * g.reshape(shape) + b.reshape(shape)

    @staticmethod
    def backward(ctx, dy):  # pylint: disable=arguments-differ
        x, g, mean, inv = ctx.saved_tensors
        ax = ctx.ax
        shape = [1] * x.dim()
        shape[ax] = x.shape[ax]
        red = [i for i in range(x.dim()) if i != ax]
        xhat = (x - mean.reshape(shape)) * inv.reshape(shape)
        dxhat = dy * g.reshape(shape)
        if STATE.training:
            dxhat = dxhat - dxhat.mean(dim=red, keepdim=True) - xhat * (dxhat * xhat).mean(dim=red, keepdim=True)
        dx = dxhat * inv.reshape(shape)
        return dx, (dy * xhat).sum(dim=red), dy.sum(dim=red), None, None, None


@mxop("BatchNorm")
def BatchNorm(data, gamma, beta, moving_mean, moving_var, eps=1e-3, momentum=0.9, fix_gamma=True,
              use_global_stats=False, output_mean_var=False, axis=1, cudnn_off=False, min_calib_range=None,
              max_calib_range=None):
    """Batch normalization over all axes but `axis`; in training the running stats update during backward."""
    if min_calib_range is not None or max_calib_range is not None:
        raise NotImplementedError("nd.BatchNorm: arguments 'min_calib_range'/'max_calib_range' (quantization) "
                                  "are not supported")
    if as_bool(fix_gamma):
        from ._sparse_base import BaseSparseNDArray
        if any(isinstance(a, BaseSparseNDArray) for a in (data, gamma, beta, moving_mean, moving_var)):
            raise MXNetError("BatchNorm: fix_gamma=True is not supported for sparse ndarrays. Tracked at #11647")
    x = tensor_of(data)
    ax = as_axis(axis, x.dim(), "BatchNorm")
    c = x.shape[ax]
    g, b = tensor_of(gamma), tensor_of(beta)
    rm, rv = moving_mean._t, moving_var._t
    # MXNet: parameters are float32 for float16 data (statistics accumulate in float32, the output is
    # float16), otherwise they share the data's dtype
    half = x.dtype in (torch.float16, torch.bfloat16)
    want = torch.float32 if half else x.dtype
    shp = (c,)
    if (g.dtype is want and b.dtype is want and rm.dtype is want and rv.dtype is want and g.shape == shp
            and b.shape == shp and rm.shape == shp and rv.shape == shp):
        pass  # the common call: no error to find below
    else:
        _check_bn_params(want, c, g, b, rm, rv)
    if half:
        out = _batch_norm(x.float(), gamma, g, b, rm, rv, eps, momentum, fix_gamma, use_global_stats,
                          output_mean_var, ax, c)
        if isinstance(out, list):
            return [wrap(out[0].to(x.dtype)), wrap(out[1]), wrap(out[2])]
        return wrap(out.to(x.dtype))
    out = _batch_norm(x, gamma, g, b, rm, rv, eps, momentum, fix_gamma, use_global_stats, output_mean_var, ax, c)
    return [wrap(t) for t in out] if isinstance(out, list) else wrap(out)


def _check_bn_params(want, c, g, b, rm, rv):
    """MXNet's BatchNorm checks of the parameters: one dtype (`want`), shape (c,)."""
    for name, t in (("gamma", g), ("beta", b), ("moving_mean", rm), ("moving_var", rv)):
        if t.dtype != want:
            raise MXNetError(f"BatchNorm: This layer requires uniform type. Expected '{dtype_name(want)}' "
                             f"v.s. given '{dtype_name(t.dtype)}' at '{name}'")
    for name, t in (("gamma", g), ("beta", b), ("moving_mean", rm), ("moving_var", rv)):
        if tuple(t.shape) != (c,):
            raise MXNetError(f"BatchNorm: {name} must have shape ({c},), got {tuple(t.shape)}")


def _batch_norm(x, gamma, g, b, rm, rv, eps, momentum, fix_gamma, use_global_stats, output_mean_var, ax, c):
    """BatchNorm over tensors of one dtype: the output tensor, or [out, mean, inv_std]."""
    if as_bool(fix_gamma):
        if STATE.recording or not STATE.cached:
            # MXNet's forward writes the fixed gamma back as 1 (training or not), except in a CachedOp
            # (hybridized block, SymbolBlock) run outside record()
            with torch.no_grad():
                gamma._t.fill_(1)
        g = _FixedGamma.apply(g) if g.requires_grad and STATE.recording else torch.ones_like(g)
    shape = [1] * x.dim()
    shape[ax] = c
    red = [i for i in range(x.dim()) if i != ax]
    if STATE.training and not as_bool(use_global_stats):
        if ax == 1 and not as_bool(output_mean_var) and x.numel() > c:
            # torch's fused kernels, forward and backward (~2-3x less than the composite below); its batch mean
            # and 1 / sqrt(var + eps) give the variance for the running-stats update on backward
            out, mean, inv = torch.native_batch_norm(x, g, b, None, None, True, 0.0, float(eps))
            if STATE.recording and out.requires_grad:
                with torch.no_grad():
                    var = (inv.double() ** -2 - float(eps)).to(x.dtype)
                out = _RunningStatsOnBackward.apply(out, mean.detach(), var, rm, rv, float(momentum))
            return out
        mean = x.mean(dim=red)
        var = x.var(dim=red, unbiased=False)
        inv = torch.rsqrt(var + eps)
        out = (x - mean.reshape(shape)) * (inv * g).reshape(shape) + b.reshape(shape)
        if STATE.recording and out.requires_grad:
            out = _RunningStatsOnBackward.apply(out, mean.detach(), var.detach(), rm, rv, float(momentum))
    else:
        mean, var = rm.detach(), rv.detach()
        if STATE.recording and not as_bool(use_global_stats) \
                and (x.requires_grad or g.requires_grad or b.requires_grad):
            inv = torch.rsqrt(var + eps)
            out = _RunningStatsBatchGrad.apply(x, g, b, mean, inv, ax)
            return [out, mean, inv] if as_bool(output_mean_var) else out
        if ax == 1 and not as_bool(output_mean_var) and x.dtype == g.dtype == b.dtype == mean.dtype == var.dtype:
            # one fused pass (inference of every CNN runs through here)
            # torch.batch_norm: tF.batch_norm's kernel without its python checks (done above)
            return torch.batch_norm(x, g, b, mean, var, False, 0.0, float(eps), torch.backends.cudnn.enabled)
        inv = torch.rsqrt(var + eps)
        scale = inv * g
        out = x * scale.reshape(shape) + (b - mean * scale).reshape(shape)
    if as_bool(output_mean_var):
        return [out, mean, inv]
    return out


@mxop("LayerNorm")
def LayerNorm(data, gamma, beta, axis=-1, eps=1e-5, output_mean_var=False):
    """Layer normalization over `axis` with per-feature gamma/beta."""
    x = float_only(tensor_of(data), "LayerNorm")
    ax = as_axis(axis, x.dim(), "LayerNorm")
    g, b = tensor_of(gamma), tensor_of(beta)
    for i, p in ((1, g), (2, b)):  # MXNet's type inference: one dtype for data, gamma and beta
        if p.dtype is not x.dtype:
            raise MXNetError(f"LayerNorm: Incompatible attr in node at {i}-th input: expected "
                             f"{dtype_name(x.dtype)}, got {dtype_name(p.dtype)}")
    if tuple(g.shape) != (x.shape[ax],) or tuple(b.shape) != (x.shape[ax],):
        raise MXNetError(f"LayerNorm: gamma/beta must have shape ({x.shape[ax]},)")
    if ax == x.dim() - 1 and not as_bool(output_mean_var):
        if g.requires_grad or b.requires_grad:
            # torch's fused backward sums gamma/beta's gradients in one pass (4e-4 off at 4096 rows); its
            # autograd of the affine step reduces with torch.sum, as accurately as MXNet's reduction
            return wrap(torch.addcmul(b, tF.layer_norm(x, (x.shape[ax],), None, None, float(eps)), g))
        return wrap(tF.layer_norm(x, (x.shape[ax],), g, b, float(eps)))
    mean = x.mean(dim=ax, keepdim=True)
    var = x.var(dim=ax, keepdim=True, unbiased=False)
    std = torch.sqrt(var + eps)
    shape = [1] * x.dim()
    shape[ax] = x.shape[ax]
    out = (x - mean) / std * g.reshape(shape) + b.reshape(shape)
    if as_bool(output_mean_var):
        return [wrap(out), wrap(mean), wrap(std)]
    return wrap(out)


@mxop("InstanceNorm")
def InstanceNorm(data, gamma, beta, eps=1e-3):
    """Instance normalization: per sample and channel over the spatial axes (float32 only, as MXNet's)."""
    x, g, b = (float_only(tensor_of(a), "InstanceNorm", F32) for a in (data, gamma, beta))
    if x.dim() < 3:
        raise MXNetError(f"InstanceNorm: data must be at least 3-D, got {tuple(x.shape)}")
    red = tuple(range(2, x.dim()))
    mean = x.mean(dim=red, keepdim=True)
    var = x.var(dim=red, keepdim=True, unbiased=False)
    shape = (1, x.shape[1]) + (1,) * (x.dim() - 2)
    return wrap((x - mean) * torch.rsqrt(var + eps) * g.reshape(shape) + b.reshape(shape))


@mxop("GroupNorm")
def GroupNorm(data, gamma, beta, num_groups=1, eps=1e-5, output_mean_var=False):
    """Group normalization; in MXNet 1.9.1 gamma and beta have one value per *group*."""
    x = tensor_of(data)
    ng = int(num_groups)
    n, c = x.shape[0], x.shape[1]
    if c % ng:
        raise MXNetError(f"GroupNorm: {c} channels are not divisible by num_groups={ng}")
    g, b = tensor_of(gamma), tensor_of(beta)
    if tuple(g.shape) != (ng,) or tuple(b.shape) != (ng,):
        raise MXNetError(f"GroupNorm: gamma and beta must have shape ({ng},) (one per group), got "
                         f"{tuple(g.shape)} and {tuple(b.shape)}")
    xg = x.reshape(n, ng, -1)
    mean = xg.mean(dim=2, keepdim=True)
    var = xg.var(dim=2, keepdim=True, unbiased=False)
    std = torch.sqrt(var + eps)
    out = ((xg - mean) / std * g.reshape(1, ng, 1) + b.reshape(1, ng, 1)).reshape(x.shape)
    if as_bool(output_mean_var):
        return [wrap(out), wrap(mean.reshape(n, ng)), wrap(std.reshape(n, ng))]
    return wrap(out)


@mxop("Embedding")
def Embedding(data, weight, input_dim=None, output_dim=None, dtype="float32", sparse_grad=False):
    """Look up rows of `weight` (input_dim x output_dim) at `data` (indices clipped to range)."""
    sparse = as_bool(sparse_grad)  # the weight's gradient arrives as torch sparse COO (see _sparse_grad)
    w = tensor_of(weight)
    if input_dim is None or output_dim is None:
        raise MXNetError("Embedding: required parameters input_dim and output_dim are missing")
    if tuple(w.shape) != (int(input_dim), int(output_dim)):
        raise MXNetError(f"Embedding: weight shape {tuple(w.shape)} != ({input_dim}, {output_dim})")
    op_dtype(dtype, "Embedding", NO_BOOL)  # validated only: the output has the weight's dtype, as in MXNet
    idx = tensor_of(data).detach()
    if idx.is_floating_point():
        idx = torch.trunc(idx)
    idx = idx.long().clamp(0, int(input_dim) - 1)
    if sparse and w.requires_grad:
        from ._sparse_grad import note_sparse_embedding
        note_sparse_embedding(w)
    return wrap(tF.embedding(idx, w, sparse=sparse and w.requires_grad))


_SELU_ALPHA = 1.6732632423543772
_SELU_LAMBDA = 1.0507009873554805


class _MXSelu(torch.autograd.Function):
    """SELU with MXNet 1.9.1's gradient: for x <= 0 it is lambda * (out + alpha), where out already holds
    lambda (the mathematically exact value is out + lambda * alpha). Reproduced so training follows MXNet."""

    @staticmethod
    def forward(ctx, x):  # pylint: disable=arguments-differ
        out = _SELU_LAMBDA * torch.where(x > 0, x, _SELU_ALPHA * torch.expm1(x))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        x, out = ctx.saved_tensors
        return g * torch.where(x > 0, torch.full_like(x, _SELU_LAMBDA), _SELU_LAMBDA * (out + _SELU_ALPHA))


def _prelu_gamma(gm, x):
    """PReLU slopes shaped for `x` as MXNet broadcasts them: a 1-D gamma as long as the channel axis (1)
    is per channel; any other gamma lines up with the leading axes of the data (trailing axes broadcast)."""
    if gm.dim() == 1 and x.dim() > 1 and gm.shape[0] == x.shape[1]:
        return gm.reshape((1, -1) + (1,) * (x.dim() - 2))
    shape = tuple(gm.shape) + (1,) * (x.dim() - gm.dim())
    if gm.dim() > x.dim() or any(g not in (1, d) for g, d in zip(shape, x.shape)):
        raise MXNetError(f"LeakyReLU: gamma of shape {tuple(gm.shape)} does not broadcast to data of shape "
                         f"{tuple(x.shape)} (per channel: ({x.shape[1] if x.dim() > 1 else 1},))")
    return gm.reshape(shape)


def _elu_negative(xn, slope):
    """slope * expm1(xn) with MXNet's gradient: slope * exp(x) from the input in float32 (its MKLDNN kernel),
    out + slope from the output in other dtypes (its native kernel, which cancels to 0 for very negative x);
    torch's expm1 backward (result + 1) would match neither. Second-order gradients stay slope * exp(x)."""
    out = slope * torch.expm1(xn)
    if not out.requires_grad:
        return out
    ge = slope * torch.exp(xn)
    res = out.detach() + (ge - ge.detach())
    if xn.dtype != torch.float32:
        res = res + (xn - xn.detach()) * (out.detach() + slope - ge.detach())
    return res


@mxop("LeakyReLU")
def LeakyReLU(data, gamma=None, act_type="leaky", slope=0.25, lower_bound=0.125, upper_bound=0.334):
    """Leaky family: 'leaky', 'prelu' (learned per-channel gamma), 'rrelu', 'elu', 'selu', 'gelu'."""
    x = float_only(tensor_of(data), "LeakyReLU")
    if gamma is not None and act_type == "prelu" and tensor_of(gamma).dtype is not x.dtype:
        raise MXNetError(f"LeakyReLU: Type inconsistent, Provided = {dtype_name(tensor_of(gamma).dtype)}, "
                         f"inferred type = {dtype_name(x.dtype)}")
    if x.dim() == 0:
        raise MXNetError("LeakyReLU: Check failed: i >= 0 && i < ndim(): index = 0 must be in range [0, 0)")
    if gamma is not None and act_type != "prelu":  # MXNet's input count follows act_type
        raise MXNetError(f"LeakyReLU: Operator LeakyReLU expects 1 inputs, but got 2 instead "
                         f"(gamma is given for act_type={act_type!r})")
    # MXNet's slope and bounds are C++ floats: float64 data sees them rounded to float32
    slope, lower_bound, upper_bound = (float(np.float32(v)) for v in (slope, lower_bound, upper_bound))
    if act_type == "leaky":
        return wrap(tF.leaky_relu(x, float(slope)))
    if act_type == "elu":  # expm1 of the non-positive part only: no nan gradient where exp overflows;
        # x <= 0 picks the exponential branch, so nan takes the identity's gradient 1, as MXNet's
        neg = x <= 0
        xn = torch.where(neg, x, torch.zeros((), dtype=x.dtype, device=x.device))
        return wrap(torch.where(neg, _elu_negative(xn, float(slope)), x))
    if act_type == "selu":
        return wrap(_MXSelu.apply(x))
    if act_type == "gelu":
        return wrap(tF.gelu(x))
    if act_type == "prelu":
        if gamma is None:
            raise MXNetError("LeakyReLU: act_type='prelu' needs gamma")
        return wrap(torch.where(x > 0, x, _prelu_gamma(tensor_of(gamma), x) * x))
    if act_type == "rrelu":  # MXNet returns [output, mask]: the sampled slopes when training, zeros otherwise
        if STATE.training:
            s = torch.empty_like(x).uniform_(float(lower_bound), float(upper_bound))
            mask = s.detach()
        else:
            s = (float(lower_bound) + float(upper_bound)) / 2
            mask = torch.zeros_like(x.detach())
        return [wrap(torch.where(x > 0, x, s * x)), wrap(mask)]
    raise MXNetError(f"Invalid Input: {act_type!r}, valid values are: "
                     "{'elu', 'gelu', 'leaky', 'prelu', 'rrelu', 'selu'}, in operator LeakyReLU")
