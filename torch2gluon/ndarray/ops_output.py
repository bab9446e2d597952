"""Output/loss-layer operators whose backward is defined by the operator, not by the chain rule:
SoftmaxOutput, the regression outputs, SVMOutput, MakeLoss; and softmax_cross_entropy,
SoftmaxActivation, L2Normalization, LRN."""
import torch
import torch.nn.functional as tF

from ..base import MXNetError
from ._args import as_bool
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop
from ._checks import float_only, F32

__all__ = ["SoftmaxOutput", "Softmax", "LinearRegressionOutput", "LogisticRegressionOutput",
           "MAERegressionOutput", "SVMOutput", "MakeLoss", "make_loss", "softmax_cross_entropy",
           "SoftmaxActivation", "L2Normalization", "LRN"]


class _OutputGrad(torch.autograd.Function):
    """Forward returns `out`; backward returns the precomputed `grad` (times the head gradient if asked)."""

    @staticmethod
    def forward(ctx, x, out, grad, use_head):  # pylint: disable=arguments-differ
        ctx.save_for_backward(grad)
        ctx.use_head = use_head
        return out.clone()

    @staticmethod
    def backward(ctx, head):  # pylint: disable=arguments-differ
        (grad,) = ctx.saved_tensors
        return (grad * head if ctx.use_head else grad), None, None, None


def _attach(x, out, grad, use_head=False):
    if x.requires_grad:
        return wrap(_OutputGrad.apply(x, out.detach(), grad.detach(), use_head))
    return wrap(out.detach())


def _norm_mode(normalization, opname):
    if normalization not in ("null", "batch", "valid"):
        raise MXNetError(f"{opname}: invalid normalization {normalization!r} (null, batch or valid)")
    return normalization


@mxop("SoftmaxOutput", "Softmax")
def SoftmaxOutput(data, label, grad_scale=1.0, ignore_label=-1.0, multi_output=False, use_ignore=False,
                  preserve_shape=False, normalization="null", out_grad=False, smooth_alpha=0.0):
    """Softmax forward; backward is `grad_scale * (softmax - target)` (the cross-entropy gradient) and
    ignores the head gradient; optional label smoothing, ignore_label and normalization ('null' divides
    multi-output gradients by the spatial size, 'batch' also by N, 'valid' by the count of valid labels).
    With `out_grad`, MXNet 1.9.1 multiplies by the softmax output (not the head gradient); so does this."""
    x, lab = float_only(tensor_of(data), "SoftmaxOutput"), tensor_of(label).detach()
    norm = _norm_mode(normalization, "SoftmaxOutput")
    if lab.dtype != x.dtype:
        raise MXNetError(f"SoftmaxOutput: This layer requires uniform type. Expected "
                         f"'{str(x.dtype)[6:]}' v.s. given '{str(lab.dtype)[6:]}' at 'label'")
    if as_bool(multi_output) and x.dim() < 2:
        raise MXNetError(f"SoftmaxOutput: multi_output needs data of at least 2 dimensions, got {tuple(x.shape)}")
    if tuple(lab.shape) == tuple(x.shape):
        return _soft_label(x, lab, grad_scale, as_bool(multi_output), as_bool(preserve_shape), as_bool(out_grad))
    if as_bool(multi_output):
        if tuple(lab.shape) != (x.shape[0],) + tuple(x.shape[2:]) and lab.numel() != x.shape[0] * x[0, 0].numel():
            raise MXNetError(f"SoftmaxOutput: Shape inconsistent, label {tuple(lab.shape)} for data {tuple(x.shape)}")
        z = x.reshape(x.shape[0], x.shape[1], -1)  # (N, C, S)
        lab2 = lab.reshape(x.shape[0], -1)
        p = torch.softmax(z, dim=1)
        classes, spatial = x.shape[1], z.shape[2]
        onehot_dim = 1
    elif as_bool(preserve_shape):
        if tuple(lab.shape) != tuple(x.shape[:-1]):
            raise MXNetError(f"SoftmaxOutput: Shape inconsistent, label {tuple(lab.shape)} for data {tuple(x.shape)}")
        z = x.reshape(-1, x.shape[-1])
        lab2 = lab.reshape(-1)
        p = torch.softmax(z, dim=1)
        classes, spatial = x.shape[-1], 1
        onehot_dim = 1
    else:
        z = x.reshape(x.shape[0], -1)
        if x.dim() > 2 and tuple(lab.shape) == tuple(x.shape[:-1]):
            raise NotImplementedError("SoftmaxOutput: data of more than 2 dimensions with a label of shape "
                                      "data.shape[:-1] is not supported without multi_output or preserve_shape")
        if lab.numel() != x.shape[0] or x.dim() > 2:
            raise MXNetError(f"SoftmaxOutput: Shape inconsistent, Provided = {list(lab.shape)}, inferred "
                             f"shape=[{x.shape[0]}]")
        lab2 = lab.reshape(-1)
        p = torch.softmax(z, dim=1)
        classes, spatial = z.shape[1], 1
        onehot_dim = 1
    out = p.reshape(x.shape) if not as_bool(multi_output) else p.reshape(x.shape)
    if not x.requires_grad:
        return wrap(out.detach())
    pd = p.detach()
    idx = lab2.long()
    valid = lab2 != float(ignore_label)
    safe = torch.where(valid, idx, torch.zeros_like(idx)).clamp(0, classes - 1)
    # a label outside [0, classes) matches no class in MXNet's kernel: no -1 term for it
    hit = (valid & (idx >= 0) & (idx < classes)).to(pd.dtype).unsqueeze(onehot_dim)
    target = torch.zeros_like(pd).scatter_(onehot_dim, safe.unsqueeze(onehot_dim), hit)
    alpha = float(smooth_alpha)
    if alpha:
        target = target * (1 - alpha) + (1 - target) * (alpha / (classes - 1))
    grad = pd - target
    if as_bool(use_ignore):
        grad = grad * valid.unsqueeze(onehot_dim).to(grad.dtype)
    if as_bool(out_grad):  # MXNet 1.9.1 scales by the output here, whatever the head gradient
        grad = grad * pd
    scale = float(grad_scale)
    if norm == "null":
        scale /= spatial
    elif norm == "batch":
        scale /= x.shape[0] * spatial
    else:
        scale /= max(int(valid.sum()), 1)
    return _attach(x, out, (grad * scale).reshape(x.shape))


Softmax = SoftmaxOutput


def _soft_label(x, lab, grad_scale, multi_output, preserve_shape, out_grad):
    """SoftmaxOutput with a probability label shaped like the data: backward is grad_scale * (softmax - label)
    (times the softmax with out_grad); MXNet 1.9.1 applies no normalization, ignore_label or smoothing here."""
    if x.dim() == 0:
        raise MXNetError("SoftmaxOutput: data must have at least 1 dimension")
    if multi_output:
        z, dim = x.reshape(x.shape[0], x.shape[1], -1), 1
    elif preserve_shape:
        z, dim = x.reshape(-1, x.shape[-1]), 1
    else:
        z, dim = x.reshape(x.shape[0], -1), 1
    out = torch.softmax(z, dim=dim).reshape(x.shape)
    if not x.requires_grad:
        return wrap(out.detach())
    pd = out.detach()
    grad = (pd - lab) * float(grad_scale)
    if out_grad:  # as MXNet 1.9.1: scaled by the output, whatever the head gradient
        grad = grad * pd
    return _attach(x, out, grad)


def _per_sample(lab, x):
    if lab.numel() != x.numel():
        raise MXNetError(f"Shape inconsistent: label {tuple(lab.shape)} for data {tuple(x.shape)}")
    return lab.reshape(x.shape)


def _regression(name, forward, grad_fn):
    def op(data, label, grad_scale=1.0):
        x = float_only(tensor_of(data), name)
        lab = _per_sample(tensor_of(label).detach(), x)
        out = forward(x)
        num_output = max(x.numel() // max(x.shape[0], 1), 1) if x.dim() > 0 else 1
        grad = grad_fn(out.detach(), lab) * (float(grad_scale) / num_output)
        return _attach(x, out, grad)
    op.__name__ = name
    op.__doc__ = (f"{name}: forward `{forward.__name__}`; backward `grad_scale / outputs_per_sample` times "
                  "the regression gradient (the head gradient is ignored).")
    return mxop(name)(op)


def _identity(t):
    return t


LinearRegressionOutput = _regression("LinearRegressionOutput", _identity, lambda o, y: o - y)
LogisticRegressionOutput = _regression("LogisticRegressionOutput", torch.sigmoid, lambda o, y: o - y)
MAERegressionOutput = _regression("MAERegressionOutput", _identity,
                                  lambda o, y: torch.where(o > y, torch.ones_like(o), -torch.ones_like(o)))


@mxop("SVMOutput")
def SVMOutput(data, label, margin=1.0, regularization_coefficient=1.0, use_linear=False):
    """Identity forward; backward is the one-vs-all hinge (L1 with `use_linear`, else squared) gradient."""
    x, lab = tensor_of(data), tensor_of(label).detach()
    z = x.reshape(x.shape[0], -1)
    m, c = float(margin), float(regularization_coefficient)
    zd = z.detach()
    is_y = torch.zeros_like(zd, dtype=torch.bool).scatter_(1, lab.long().reshape(-1, 1), True)
    if as_bool(use_linear):
        g = torch.where(is_y, -(m > zd).to(zd.dtype), (m > -zd).to(zd.dtype))
    else:
        g = torch.where(is_y, torch.where(m > zd, 2 * (zd - m), torch.zeros_like(zd)),
                        torch.where(m > -zd, 2 * (m + zd), torch.zeros_like(zd)))
    return _attach(x, x, (g * c).reshape(x.shape))


@mxop("MakeLoss")
def MakeLoss(data, grad_scale=1.0, valid_thresh=0.0, normalization="null"):
    """Identity forward marking a loss: backward is `grad_scale`, divided by the row count of the data
    flattened to 2-D ('batch': size/last axis, 1 for 1-D data, as MXNet 1.9.1) or the 'valid' count."""
    x = float_only(tensor_of(data), "MakeLoss")
    norm = _norm_mode(normalization, "MakeLoss")
    scale = float(grad_scale)
    if norm == "batch":  # MXNet flattens to 2-D (rows = all axes but the last): a 1-D loss divides by 1
        scale /= max(x.numel() // max(x.shape[-1], 1), 1) if x.dim() > 1 else 1
    elif norm == "valid":
        scale /= max(int((x.detach() > float(valid_thresh)).sum()), 1)
    return _attach(x, x, torch.full_like(x, scale))


@mxop("make_loss")
def make_loss(data):
    """Identity forward; backward is ones (the head gradient is ignored)."""
    x = tensor_of(data)
    return _attach(x, x, torch.ones_like(x))


@mxop("softmax_cross_entropy")
def softmax_cross_entropy(data, label):
    """Summed cross-entropy of softmax(data) (N, C) with integer labels (N,): shape (1,)."""
    x, lab = float_only(tensor_of(data), "softmax_cross_entropy"), tensor_of(label).detach()
    if x.dim() != 2 or lab.shape != (x.shape[0],):
        raise MXNetError(f"softmax_cross_entropy: expects data (N, C) and label (N,), got {tuple(x.shape)} "
                         f"and {tuple(lab.shape)}")
    logp = torch.log_softmax(x, dim=1)
    return wrap(-logp.gather(1, lab.long().reshape(-1, 1)).sum().reshape(1))


class _InstanceSoftmax(torch.autograd.Function):
    """Softmax over the last axis whose backward reduces over axis 1, as MXNet 1.9.1 does for ndim > 2."""

    @staticmethod
    def forward(ctx, x):  # pylint: disable=arguments-differ
        p = torch.softmax(x, dim=-1)
        ctx.save_for_backward(p)
        return p

    @staticmethod
    def backward(ctx, head):  # pylint: disable=arguments-differ
        (p,) = ctx.saved_tensors
        return p * (head - (p * head).sum(dim=1, keepdim=True))


@mxop("SoftmaxActivation")
def SoftmaxActivation(data, mode="instance"):
    """Softmax over the last axis ('instance') or over axis 1 at each position ('channel')."""
    x = tensor_of(data)
    if isinstance(mode, NDArray):  # an array passed for `mode`: MXNet's parameter parser refuses it
        raise MXNetError("Invalid Input: an NDArray for parameter 'mode' of SoftmaxActivation "
                         "(valid values are: {'channel', 'instance'})")
    if mode in ("instance", "channel") and x.dtype is not torch.float32:  # MXNet's kernel is float32-only
        raise MXNetError(f"SoftmaxActivation: TBlob.get_with_shape: data type do not match specified type. "
                         f"Expected: {x.dtype} v.s. given float (the operator takes float32 only)")
    if mode == "instance":
        if x.dim() > 2 and x.requires_grad:
            return wrap(_InstanceSoftmax.apply(x))
        return wrap(torch.softmax(x, dim=-1))
    if mode == "channel":
        if x.dim() < 3:
            raise MXNetError("SoftmaxActivation: mode 'channel' needs at least 3 dimensions")
        return wrap(torch.softmax(x, dim=1))
    raise MXNetError(f"SoftmaxActivation: invalid mode {mode!r} (instance or channel)")


@mxop("L2Normalization")
def L2Normalization(data, eps=1e-10, mode="instance"):
    """Divide by the L2 norm (sqrt(sum x^2 + eps)) per instance, per channel vector or per spatial map."""
    x = float_only(tensor_of(data), "L2Normalization")
    if mode == "instance":
        dims = tuple(range(1, x.dim()))
    elif mode == "channel":
        dims = (1,)
    elif mode == "spatial":
        dims = tuple(range(2, x.dim()))
    else:
        raise MXNetError(f"L2Normalization: invalid mode {mode!r} (instance, channel or spatial)")
    if x.dim() < (2 if mode == "instance" else 3):
        raise MXNetError(f"L2Normalization: input of shape {tuple(x.shape)} is too small for mode {mode!r}")
    return wrap(x / torch.sqrt(torch.sum(x * x, dim=dims, keepdim=True) + float(eps)))


@mxop("LRN")
def LRN(data, alpha=1e-4, beta=0.75, knorm=2.0, nsize=None):
    """Local response normalisation across `nsize` neighbouring channels."""
    if nsize is None:
        raise MXNetError("Required parameter nsize of int is not presented, in operator LRN")
    x = float_only(tensor_of(data), "LRN", F32)
    return wrap(tF.local_response_norm(x, int(nsize), alpha=float(alpha), beta=float(beta), k=float(knorm)))
