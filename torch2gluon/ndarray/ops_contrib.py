"""`nd.contrib` operators (registered under MXNet's `_contrib_*` names): arange_like, boolean_mask,
index_copy, index_array, div_sqrt_dim, gradientmultiplier, quadratic, round_ste, sign_ste, allclose,
box_iou, fft/ifft, AdaptiveAvgPooling2D, BilinearResize2D, ROIAlign, interleaved attention matmuls,
SyncBatchNorm, BatchNormWithReLU."""
import math

import torch
import torch.nn.functional as tF

from ..base import MXNetError
from ._args import as_axis, as_bool, as_tuple
from .ndarray import tensor_of, wrap
from .register import mxop
from ._checks import float_only
from ._state import STATE
from ._nondiff import zero_grad_op
from ._deferred_error import failed


@mxop("_contrib_arange_like")
@zero_grad_op
def arange_like(data, start=0.0, step=1.0, repeat=1, ctx=None, axis=None):
    """start, start+step, ... shaped like `data` (or of length data.shape[axis]); each value `repeat` times."""
    t = tensor_of(data)
    n = t.numel() if axis is None else t.shape[as_axis(axis, t.dim(), "arange_like")]
    r = int(repeat)
    vals = float(start) + float(step) * torch.div(torch.arange(n, device=t.device, dtype=torch.float64), r,
                                                  rounding_mode="floor")
    vals = vals.to(t.dtype)
    return wrap(vals.reshape(t.shape) if axis is None else vals)


@mxop("_contrib_boolean_mask")
def boolean_mask(data, index, axis=0):
    """The rows of `data` (axis 0) where `index` is non-zero."""
    t, m = tensor_of(data), tensor_of(index).detach()
    if int(axis) != 0:
        raise MXNetError(f"boolean_mask: Check failed: axis == 0 ({int(axis)} vs. 0) : Not supported yet")
    if m.dim() != 1 or m.shape[0] != t.shape[0]:
        raise MXNetError(f"boolean_mask: index must be 1-d of length {t.shape[0]}, got {tuple(m.shape)}")
    return wrap(t[m != 0])


@mxop("_contrib_index_copy")
def index_copy(old_tensor, index_vector, new_tensor):
    """A copy of `old_tensor` with rows `index_vector` replaced by the rows of `new_tensor`."""
    old, idx, new = tensor_of(old_tensor), tensor_of(index_vector).detach().long(), tensor_of(new_tensor)
    if new.shape[0] != idx.numel() or tuple(new.shape[1:]) != tuple(old.shape[1:]):
        raise MXNetError(f"index_copy: new_tensor {tuple(new.shape)} does not match index {tuple(idx.shape)} "
                         f"and old_tensor {tuple(old.shape)}")
    return wrap(old.index_copy(0, idx.reshape(-1), new))


@mxop("_contrib_index_array")
@zero_grad_op
def index_array(data, axes=None):
    """int64 array of shape data.shape + (len(axes),) holding each element's index along `axes`."""
    t = tensor_of(data)
    # MXNet never range-checks `axes`: its kernel takes each axis modulo ndim (axes=(1,) of a 1-D array is
    # axis 0; sockeye's AutoRegressiveBias relies on it)
    axes = tuple(range(t.dim())) if axes is None else tuple(as_tuple(axes))
    if axes and not t.dim():
        raise MXNetError("index_array: a 0-d input has no axis to index")
    axes = tuple(int(a) % t.dim() for a in axes)
    if not axes:  # a 0-d input (numpy shape semantics): no axes, an empty index list
        return wrap(torch.zeros(tuple(t.shape) + (0,), dtype=torch.int64, device=t.device))
    grids = torch.meshgrid(*[torch.arange(s, device=t.device) for s in t.shape], indexing="ij")
    return wrap(torch.stack([grids[a] for a in axes], dim=-1).to(torch.int64))


@mxop("_contrib_div_sqrt_dim")
def div_sqrt_dim(data):
    """`data / sqrt(data.shape[-1])`."""
    t = tensor_of(data)
    if not t.is_floating_point():  # MXNet divides integers by the truncated square root
        return wrap(torch.div(t, int(math.sqrt(t.shape[-1])), rounding_mode="trunc"))
    return wrap(t / math.sqrt(t.shape[-1]))


@mxop("_contrib_quadratic")
def quadratic(data, a=0.0, b=0.0, c=0.0):
    """`a x^2 + b x + c`."""
    t = tensor_of(data)
    x = t if t.is_floating_point() else t.double()
    return wrap((float(a) * x * x + float(b) * x + float(c)).to(t.dtype))


class _Scaled(torch.autograd.Function):
    """Forward `fn(x)`; backward multiplies the head gradient by a constant (straight-through when 1)."""

    @staticmethod
    def forward(ctx, x, y, scale):  # pylint: disable=arguments-differ
        ctx.scale = scale
        return y.clone()

    @staticmethod
    def backward(ctx, head):  # pylint: disable=arguments-differ
        return head * ctx.scale, None, None


def _ste(x, y, scale=1.0):
    return wrap(_Scaled.apply(x, y.detach(), scale) if x.requires_grad else y)


@mxop("_contrib_gradientmultiplier")
def gradientmultiplier(data, scalar=1.0, is_int=True):
    """Identity forward; the gradient is multiplied by `scalar`."""
    t = tensor_of(data)
    return _ste(t, t, float(scalar))


@mxop("_contrib_round_ste")
def round_ste(data):
    """Round half away from zero; straight-through (identity) gradient."""
    t = tensor_of(data)
    return _ste(t, torch.sign(t) * torch.floor(torch.abs(t) + 0.5))


@mxop("_contrib_sign_ste")
def sign_ste(data):
    """Sign; straight-through (identity) gradient."""
    t = tensor_of(data)
    return _ste(t, torch.sign(t))


@mxop("_contrib_allclose")
def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=True):
    """0-d uint8 array: 1 if |a - b| <= atol + rtol |b| everywhere (NaNs equal with `equal_nan`)."""
    x, y = tensor_of(a).detach(), tensor_of(b).detach()
    ok = torch.isclose(x.double(), y.double(), rtol=float(rtol), atol=float(atol), equal_nan=as_bool(equal_nan))
    return wrap(torch.tensor(int(bool(ok.all())), dtype=torch.uint8, device=x.device))


def _corners(t, fmt):
    if fmt == "corner":
        return t[..., 0], t[..., 1], t[..., 2], t[..., 3]
    if fmt == "center":
        x, y, w, h = t[..., 0], t[..., 1], t[..., 2], t[..., 3]
        return x - w / 2, y - h / 2, x + w / 2, y + h / 2
    raise MXNetError(f"box_iou: invalid format {fmt!r} (corner or center)")


@mxop("_contrib_box_iou")
def box_iou(lhs, rhs, format="corner"):  # noqa: A002
    """Pairwise IoU of boxes (..., 4) x (..., 4) -> lhs.shape[:-1] + rhs.shape[:-1]."""
    a, b = float_only(tensor_of(lhs), "box_iou"), float_only(tensor_of(rhs), "box_iou")
    ax1, ay1, ax2, ay2 = (v.reshape(-1, 1) for v in _corners(a, format))
    bx1, by1, bx2, by2 = (v.reshape(1, -1) for v in _corners(b, format))
    iw = (torch.minimum(ax2, bx2) - torch.maximum(ax1, bx1)).clamp(min=0)
    ih = (torch.minimum(ay2, by2) - torch.maximum(ay1, by1)).clamp(min=0)
    inter = iw * ih
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    iou = torch.where(union > 0, inter / torch.where(union > 0, union, torch.ones_like(union)),
                      torch.zeros_like(union))
    iou = iou.detach()  # MXNet gives box_iou's inputs zero gradient
    for src in (a, b):
        if src.requires_grad:
            iou = iou + src.sum() * 0
    return wrap(iou.reshape(tuple(a.shape[:-1]) + tuple(b.shape[:-1])))


@mxop("_contrib_fft")
def fft(data, compute_size=128):
    """FFT of each row of (N, d) real data as (N, 2d) interleaved real/imaginary parts (any context)."""
    t = tensor_of(data)
    c = torch.fft.fft(t.to(torch.float64) if t.dtype is torch.float64 else t.float(), dim=-1)
    return wrap(torch.view_as_real(c).reshape(*t.shape[:-1], 2 * t.shape[-1]).to(t.dtype))


@mxop("_contrib_ifft")
def ifft(data, compute_size=128):
    """Inverse of `fft`: (N, 2d) interleaved complex rows -> (N, d) real parts, unnormalised (times d)."""
    t = tensor_of(data)
    if t.shape[-1] % 2:
        raise MXNetError("ifft: the last dimension must be even (interleaved real/imaginary parts)")
    c = torch.view_as_complex(t.float().reshape(*t.shape[:-1], t.shape[-1] // 2, 2).contiguous())
    return wrap((torch.fft.ifft(c, dim=-1).real * (t.shape[-1] // 2)).to(t.dtype))


@mxop("_contrib_AdaptiveAvgPooling2D")
def AdaptiveAvgPooling2D(data, output_size=()):
    """Adaptive average pooling of NCHW data to `output_size` (an int or (h, w); empty means 1)."""
    size = as_tuple(output_size) or (1,)
    size = size * 2 if len(size) == 1 else size
    return wrap(tF.adaptive_avg_pool2d(float_only(tensor_of(data), "AdaptiveAvgPooling2D"), size))


@mxop("_contrib_BilinearResize2D")
def BilinearResize2D(data, like=None, height=1, width=1, scale_height=None, scale_width=None, mode="size",
                     align_corners=True):
    """Bilinear resize of NCHW data to (height, width), to scale_* times the size, or to `like`'s size."""
    t = float_only(tensor_of(data), "BilinearResize2D")
    if mode == "like":
        if like is None:
            raise MXNetError("BilinearResize2D: mode 'like' needs the `like` input")
        h, w = tensor_of(like).shape[2], tensor_of(like).shape[3]
    elif mode == "size":
        h = int(t.shape[2] * float(scale_height)) if scale_height is not None else int(height)
        w = int(t.shape[3] * float(scale_width)) if scale_width is not None else int(width)
    elif mode == "odd_scale":
        if scale_height is None or scale_width is None:
            raise MXNetError("BilinearResize2D: mode 'odd_scale' needs scale_height and scale_width")
        # an even size is scaled; an odd one keeps its corners aligned: (size - 1) * scale + 1
        h, w = (int(n * float(sc)) if n % 2 == 0 else int((n - 1) * float(sc)) + 1
                for n, sc in ((t.shape[2], scale_height), (t.shape[3], scale_width)))
    elif mode in _PARITY_MODES:
        want, step = _PARITY_MODES[mode]
        h, w = (n if n % 2 == want else n + step for n in (t.shape[2], t.shape[3]))
    else:
        raise MXNetError(f"Invalid Input: '{mode}', valid values are: {{'like', 'odd_scale', 'size', "
                         "'to_even_down', 'to_even_up', 'to_odd_down', 'to_odd_up'}, in operator "
                         f"_contrib_BilinearResize2D(mode=\"{mode}\")")
    if not as_bool(align_corners):  # MXNet reads row/column 0 for an output size of 1 (torch: the middle)
        t = t[:, :, :1] if h == 1 else t
        t = t[:, :, :, :1] if w == 1 else t
    return wrap(tF.interpolate(t, size=(h, w), mode="bilinear", align_corners=as_bool(align_corners)))


# mode -> (parity the size must have, the step taken when it has not)
_PARITY_MODES = {"to_even_down": (0, -1), "to_even_up": (0, 1), "to_odd_down": (1, -1), "to_odd_up": (1, 1)}


@mxop("_contrib_ROIAlign")
def ROIAlign(data, rois, pooled_size, spatial_scale, sample_ratio=-1, position_sensitive=False, aligned=False):
    """RoIAlign of regions [batch, x1, y1, x2, y2] into `pooled_size` bins (torchvision's kernel).

    `position_sensitive`: output channel c of bin (ph, pw) pools input channel (c * PH + ph) * PW + pw
    (R-FCN), so the data has PH * PW times the output channels."""
    from torchvision.ops import roi_align
    x = float_only(tensor_of(data), "ROIAlign")
    r = tensor_of(rois).detach().to(x.dtype)
    ph, pw = as_tuple(pooled_size)
    batch = torch.trunc(r[:, 0]) if r.dim() == 2 and r.shape[-1] == 5 else None
    if batch is not None and r.shape[0] and int(batch.max()) >= x.shape[0]:
        raise MXNetError(f"ROIAlign: roi batch index {int(batch.max())} out of range for {x.shape[0]} images")
    skip = batch < 0 if batch is not None else None   # MXNet writes zeros for a negative batch index
    if skip is not None and bool(skip.any()):
        r = torch.cat([torch.where(skip, torch.zeros_like(batch), batch)[:, None], r[:, 1:]], dim=1)
    out = roi_align(x, r, (ph, pw), float(spatial_scale), int(sample_ratio), as_bool(aligned))
    if skip is not None and bool(skip.any()):
        out = torch.where(skip[:, None, None, None], torch.zeros((), dtype=out.dtype, device=out.device), out)
    if not as_bool(position_sensitive):
        return wrap(out)
    if x.shape[1] % (ph * pw):
        raise MXNetError(f"ROIAlign: position_sensitive needs channels ({x.shape[1]}) divisible by "
                         f"pooled_size area ({ph * pw})")
    bins = out.reshape(out.shape[0], x.shape[1] // (ph * pw), ph * pw, ph * pw)
    return wrap(torch.diagonal(bins, dim1=2, dim2=3).reshape(out.shape[0], -1, ph, pw))


def _split_heads(t, heads, parts):
    """(L, B, heads * parts * d) -> list of `parts` tensors of shape (B * heads, L, d)."""
    length, batch, width = t.shape
    d = width // (heads * parts)
    x = t.reshape(length, batch, heads, parts, d).permute(3, 1, 2, 0, 4)
    return [x[i].reshape(batch * heads, length, d) for i in range(parts)]


def _fp32_kernel(out, first):
    """MXNet's CPU kernels of the interleaved attention matmuls read float32 only (checked on the first input);
    the kernel's error is reported when the result is read."""
    if first.dtype is torch.float32 or first.device.type == "cuda":
        return wrap(out)
    code = {torch.float64: 1, torch.float16: 2, torch.uint8: 3, torch.int32: 4, torch.int8: 5, torch.int64: 6,
            torch.bool: 7}.get(first.dtype, 12)
    return wrap(failed(MXNetError(f"Check failed: inputs[0].type_flag_ == mshadow::kFloat32 ({code} vs. 0) : "
                                  "Only FP32 is supported on CPU at the moment"), out.shape, out.dtype, out.device))


@mxop("_contrib_interleaved_matmul_selfatt_qk")
def interleaved_matmul_selfatt_qk(queries_keys_values, heads):
    """Scaled q k^T (B*heads, L, L) from interleaved (L, B, heads*3*d) projections."""
    qkv = tensor_of(queries_keys_values)
    q, k, _ = _split_heads(qkv, int(heads), 3)
    return _fp32_kernel(torch.bmm(q / math.sqrt(q.shape[-1]), k.transpose(1, 2)), qkv)


def _merge_heads(o, heads, batch):
    n, length, d = o.shape
    return o.reshape(batch, heads, length, d).permute(2, 0, 1, 3).reshape(length, batch, heads * d)


@mxop("_contrib_interleaved_matmul_selfatt_valatt")
def interleaved_matmul_selfatt_valatt(queries_keys_values, attention, heads):
    """attention @ v, back to (L, B, heads*d), from interleaved (L, B, heads*3*d) projections."""
    qkv = tensor_of(queries_keys_values)
    _, _, v = _split_heads(qkv, int(heads), 3)
    return _fp32_kernel(_merge_heads(torch.bmm(tensor_of(attention), v), int(heads), qkv.shape[1]), qkv)


@mxop("_contrib_interleaved_matmul_encdec_qk")
def interleaved_matmul_encdec_qk(queries, keys_values, heads):
    """Scaled q k^T (B*heads, Lq, Lk) from queries (Lq, B, heads*d) and interleaved (Lk, B, heads*2*d)."""
    qt, kvt = tensor_of(queries), tensor_of(keys_values)
    if qt.dtype is not kvt.dtype:
        raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node  at 1-th input: "
                         f"expected {str(qt.dtype)[6:]}, got {str(kvt.dtype)[6:]}")
    (q,) = _split_heads(qt, int(heads), 1)
    k, _ = _split_heads(kvt, int(heads), 2)
    return _fp32_kernel(torch.bmm(q / math.sqrt(q.shape[-1]), k.transpose(1, 2)), qt)


@mxop("_contrib_interleaved_matmul_encdec_valatt")
def interleaved_matmul_encdec_valatt(keys_values, attention, heads):
    """attention @ v, as (Lq, B, heads*d), from interleaved keys/values (Lk, B, heads*2*d)."""
    kv = tensor_of(keys_values)
    _, v = _split_heads(kv, int(heads), 2)
    return _fp32_kernel(_merge_heads(torch.bmm(tensor_of(attention), v), int(heads), kv.shape[1]), kv)


@mxop("_contrib_SyncBatchNorm")
def SyncBatchNorm(data, gamma, beta, moving_mean, moving_var, eps=1e-3, momentum=0.9, fix_gamma=True,
                  use_global_stats=False, output_mean_var=False, ndev=1, key=None):
    """BatchNorm whose statistics would be synchronised over `ndev` devices (one device here)."""
    if int(ndev) != 1:
        raise NotImplementedError("contrib.SyncBatchNorm: argument 'ndev' > 1 is not supported (use "
                                  "torch.distributed SyncBatchNorm); ndev=1 is plain BatchNorm")
    from .ops_norm import BatchNorm
    out = BatchNorm(data, gamma, beta, moving_mean, moving_var, eps=eps, momentum=momentum,
                    fix_gamma=fix_gamma, use_global_stats=use_global_stats, output_mean_var=output_mean_var)
    if isinstance(out, (list, tuple)) and STATE.training and not as_bool(use_global_stats):
        # unlike BatchNorm (mean, 1/sqrt(var+eps)), SyncBatchNorm's extra outputs are the batch (mean, var)
        x = tensor_of(data)
        red = [i for i in range(x.dim()) if i != 1]
        var = (x.float() if x.dtype in (torch.float16, torch.bfloat16) else x).var(dim=red, unbiased=False)
        out = [out[0], out[1], wrap(var)]
    return out


@mxop("_contrib_BatchNormWithReLU")
def BatchNormWithReLU(data, gamma, beta, moving_mean, moving_var, eps=1e-3, momentum=0.9, fix_gamma=True,
                      use_global_stats=False, output_mean_var=False, axis=1, cudnn_off=False,
                      min_calib_range=None, max_calib_range=None):
    """BatchNorm followed by ReLU."""
    if min_calib_range is not None or max_calib_range is not None:
        raise NotImplementedError("contrib.BatchNormWithReLU: calibration ranges (quantization) are not supported")
    from .ops_norm import BatchNorm
    out = BatchNorm(data, gamma, beta, moving_mean, moving_var, eps=eps, momentum=momentum, fix_gamma=fix_gamma,
                    use_global_stats=use_global_stats, output_mean_var=output_mean_var, axis=axis,
                    cudnn_off=cudnn_off)
    if isinstance(out, (list, tuple)):
        return [wrap(torch.relu(tensor_of(out[0])))] + list(out[1:])
    return wrap(torch.relu(tensor_of(out)))




def _deform(opname, data, offset, mask, weight, bias, kernel, stride, dilate, pad, num_filter, num_group,
            num_deformable_group, no_bias, layout):
    from torchvision.ops import deform_conv2d
    if layout not in (None, "NCHW"):
        raise NotImplementedError(f"contrib.{opname}: argument 'layout'={layout!r} is not supported (NCHW only)")
    x, off, w = tensor_of(data), tensor_of(offset), tensor_of(weight)
    k = as_tuple(kernel)
    if len(k) != 2:
        raise NotImplementedError(f"contrib.{opname}: only 2-d kernels are supported")
    if num_filter is None or int(num_filter) != w.shape[0] or tuple(w.shape[2:]) != k:
        raise MXNetError(f"contrib.{opname}: weight shape {tuple(w.shape)} does not match num_filter={num_filter} "
                         f"and kernel={k}")
    if w.shape[1] * int(num_group) != x.shape[1]:
        raise MXNetError(f"contrib.{opname}: weight shape {tuple(w.shape)} does not match {x.shape[1]} input "
                         f"channels in {num_group} groups")
    if off.shape[1] != 2 * k[0] * k[1] * int(num_deformable_group):
        raise MXNetError(f"contrib.{opname}: offset must have 2*kh*kw*num_deformable_group channels")
    b = None
    if not as_bool(no_bias):
        if bias is None:
            raise MXNetError(f"contrib.{opname}: bias is required unless no_bias=True")
        b = tensor_of(bias)
    st, pd, dl = as_tuple(stride) or (1, 1), as_tuple(pad) or (0, 0), as_tuple(dilate) or (1, 1)
    if mask is not None:
        return wrap(deform_conv2d(x, off, w, b, stride=st, padding=pd, dilation=dl, mask=tensor_of(mask)))
    cols = _deform_columns(x, off, k, st, pd, dl, int(num_deformable_group))   # (N, C*K, L)
    g = int(num_group)
    n, f = x.shape[0], w.shape[0]
    cols = cols.reshape(n, g, -1, cols.shape[-1])
    wg = w.reshape(g, f // g, -1)
    out = torch.einsum("gfk,ngkl->ngfl", wg, cols).reshape(n, f, off.shape[2], off.shape[3])
    if b is not None:
        out = out + b.reshape(1, -1, 1, 1)
    return wrap(out)


def _deform_columns(x, off, k, stride, pad, dilate, dgroups):
    """im2col at offset positions with MXNet's v1 bilinear rule: samples outside [0, H) x [0, W) read 0 and
    the last row/column is replicated (no interpolation past it)."""
    n, c, h, w = x.shape
    ho, wo = off.shape[2], off.shape[3]
    kk = k[0] * k[1]
    ki = torch.arange(k[0], device=x.device).repeat_interleave(k[1]) * dilate[0]
    kj = torch.arange(k[1], device=x.device).repeat(k[0]) * dilate[1]
    by = (torch.arange(ho, device=x.device) * stride[0] - pad[0]).reshape(1, 1, ho, 1) + ki.reshape(1, kk, 1, 1)
    bx = (torch.arange(wo, device=x.device) * stride[1] - pad[1]).reshape(1, 1, 1, wo) + kj.reshape(1, kk, 1, 1)
    o = off.reshape(n, dgroups, kk, 2, ho, wo)
    py = by.unsqueeze(1).to(x.dtype) + o[:, :, :, 0]          # (N, G, K, Ho, Wo)
    px = bx.unsqueeze(1).to(x.dtype) + o[:, :, :, 1]
    valid = (py >= 0) & (px >= 0) & (py < h) & (px < w)
    y0 = torch.floor(py).clamp(0, h - 1)
    x0 = torch.floor(px).clamp(0, w - 1)
    ylast, xlast = y0 >= h - 1, x0 >= w - 1
    py = torch.where(ylast, y0, py)
    px = torch.where(xlast, x0, px)
    y1 = torch.where(ylast, y0, y0 + 1)
    x1 = torch.where(xlast, x0, x0 + 1)
    ly, lx = py - y0, px - x0
    cg = c // dgroups
    xs = x.reshape(n, dgroups, cg, h * w)
    total = 0
    for yy, xx, wt in ((y0, x0, (1 - ly) * (1 - lx)), (y0, x1, (1 - ly) * lx), (y1, x0, ly * (1 - lx)),
                       (y1, x1, ly * lx)):
        idx = (yy * w + xx).long().reshape(n, dgroups, 1, -1).expand(n, dgroups, cg, -1)
        vals = torch.gather(xs, 3, idx).reshape(n, dgroups, cg, kk, ho, wo)
        total = total + vals * (wt * valid.to(x.dtype)).unsqueeze(2)
    return total.reshape(n, c * kk, ho * wo)


@mxop("_contrib_DeformableConvolution")
def DeformableConvolution(data, offset, weight, bias=None, kernel=(), stride=(), dilate=(), pad=(), num_filter=None,
                          num_group=1, num_deformable_group=1, workspace=1024, no_bias=False, layout=None):
    """Deformable convolution v1 (NCHW); offsets are (y, x) per kernel tap, sampled with MXNet's rule."""
    return _deform("DeformableConvolution", data, offset, None, weight, bias, kernel, stride, dilate, pad,
                   num_filter, num_group, num_deformable_group, no_bias, layout)


@mxop("_contrib_ModulatedDeformableConvolution")
def ModulatedDeformableConvolution(data, offset, mask, weight, bias=None, kernel=(), stride=(), dilate=(), pad=(),
                                   num_filter=None, num_group=1, num_deformable_group=1, workspace=1024,
                                   no_bias=False, im2col_step=64, layout=None):
    """Deformable convolution v2 (with a modulation mask) over torchvision's kernel (MXNet: GPU only)."""
    return _deform("ModulatedDeformableConvolution", data, offset, mask, weight, bias, kernel, stride, dilate,
                   pad, num_filter, num_group, num_deformable_group, no_bias, layout)


@mxop("_contrib_count_sketch")
def count_sketch(data, h, s, out_dim, processing_batch_size=32):
    """CountSketch of (N, d) data into (N, out_dim): `out[:, h[j]] += s[j] * data[:, j]` (MXNet: GPU only)."""
    x = float_only(tensor_of(data), "count_sketch")
    hh, ss = tensor_of(h).detach().reshape(-1).long(), tensor_of(s).detach().reshape(-1).to(x.dtype)
    flat = x.reshape(-1, x.shape[-1])
    if hh.numel() != flat.shape[1] or ss.numel() != flat.shape[1]:
        raise MXNetError(f"count_sketch: h and s must have {flat.shape[1]} entries, got {hh.numel()} and {ss.numel()}")
    if bool(((hh < 0) | (hh >= int(out_dim))).any()):
        raise MXNetError(f"count_sketch: h entries must be in [0, {int(out_dim)})")
    out = torch.zeros(flat.shape[0], int(out_dim), dtype=x.dtype, device=x.device)
    out = out.index_add(1, hh.to(x.device), flat * ss.to(x.device))
    return wrap(out.reshape(*x.shape[:-1], int(out_dim)))


@mxop("_contrib_hawkesll")
def hawkesll(lda, alpha, beta, state, lags, marks, valid_length, max_time):
    """[log-likelihood (N,), final state (N, K)] of K independent exponential-kernel Hawkes processes observed
    on (0, max_time] as ragged inter-arrival times `lags` with process ids `marks` (N, T)."""
    mu, a, b, s0 = (float_only(tensor_of(x), "hawkesll") for x in (lda, alpha, beta, state))
    lg, mk = tensor_of(lags), tensor_of(marks).detach().long()
    vl, tmax = tensor_of(valid_length).detach(), tensor_of(max_time)
    n, t_len = lg.shape
    s = s0
    t_prev = torch.zeros(n, dtype=mu.dtype, device=mu.device)
    ll = torch.zeros(n, dtype=mu.dtype, device=mu.device)
    comp_events = torch.zeros_like(s0)   # sum over events of (1 - exp(-b (T - t_i))) per process
    times = torch.cumsum(lg.to(mu.dtype), dim=1)
    for j in range(t_len):
        valid = (j < vl).to(mu.dtype)                      # (N,)
        t = times[:, j]
        dt = (t - t_prev) * valid
        s = s * torch.exp(-b.reshape(1, -1) * dt.reshape(-1, 1))
        onehot = torch.nn.functional.one_hot(mk[:, j].clamp(min=0), s.shape[1]).to(mu.dtype) * valid.reshape(-1, 1)
        lam = mu + a.reshape(1, -1) * b.reshape(1, -1) * s
        ll = ll + torch.log((lam * onehot).sum(dim=1) + (1 - valid))
        decay_to_end = 1 - torch.exp(-b.reshape(1, -1) * (tmax.reshape(-1, 1) - t.reshape(-1, 1)))
        comp_events = comp_events + onehot * decay_to_end
        s = s + onehot
        t_prev = torch.where(valid > 0, t, t_prev)
    comp = (mu * tmax.reshape(-1, 1)).sum(dim=1)
    comp = comp + (a.reshape(1, -1) * comp_events).sum(dim=1)
    comp = comp + (a.reshape(1, -1) * s0 * (1 - torch.exp(-b.reshape(1, -1) * tmax.reshape(-1, 1)))).sum(dim=1)
    s_end = s * torch.exp(-b.reshape(1, -1) * (tmax - t_prev).reshape(-1, 1))
    return [wrap(ll - comp), wrap(s_end)]
