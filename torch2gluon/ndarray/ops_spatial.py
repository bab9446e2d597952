"""Spatial operators on NCHW data: UpSampling, GridGenerator, BilinearSampler, SpatialTransformer,
ROIPooling, Crop, im2col, col2im."""
import math

import torch
import torch.nn.functional as tF

from ..base import MXNetError, _Null
from ._int_grad import ShadowFunction
from ._args import as_bool, as_tuple
from .ndarray import tensor_of, wrap
from .register import mxop
from ._checks import float_only, F32
from ._roi_batch import roi_image
from ._num_args import check_num_args

__all__ = ["UpSampling", "GridGenerator", "BilinearSampler", "SpatialTransformer", "ROIPooling", "Crop",
           "im2col", "col2im"]


def _nchw(t, opname):
    float_only(t, opname)
    if t.dim() != 4:
        raise MXNetError(f"{opname}: expects 4-d NCHW input, got shape {tuple(t.shape)}")
    return t


@mxop("UpSampling")
def UpSampling(*data, scale, num_filter=0, sample_type="nearest", multi_input_mode="concat", num_args=_Null,
               workspace=512):
    """Nearest (repeat each pixel `scale` times; several inputs are concatenated or summed) or bilinear
    (a grouped deconvolution with the given weight) upsampling."""
    s = int(scale)
    ts = [tensor_of(d) for d in data]
    if sample_type == "bilinear":  # data and weight, whatever num_args says (parsed all the same)
        check_num_args("UpSampling", 1 if num_args is _Null else num_args, None)
    else:
        check_num_args("UpSampling", num_args, len(ts))
    if sample_type == "bilinear":
        if len(ts) != 2:
            raise MXNetError("UpSampling: bilinear upsampling needs 2 inputs (data and weight)")
        x, w = _nchw(ts[0], "UpSampling"), ts[1]
        k = 2 * s - s % 2
        c = x.shape[1]
        if int(num_filter) != c or tuple(w.shape) != (c, 1, k, k):
            raise MXNetError(f"UpSampling: Shape inconsistent, Provided = {list(w.shape)}, inferred "
                             f"shape=({c},1,{k},{k}) (num_filter must equal the channels)")
        pad = int(math.ceil((s - 1) / 2.0))
        return wrap(tF.conv_transpose2d(x, w, stride=s, padding=pad, groups=c))
    if sample_type != "nearest":
        raise MXNetError(f"UpSampling: invalid sample_type {sample_type!r}")
    if multi_input_mode not in ("concat", "sum"):
        raise MXNetError(f"UpSampling: invalid multi_input_mode {multi_input_mode!r}")
    oh, ow = ts[0].shape[2] * s, ts[0].shape[3] * s
    outs = []
    for t in ts:
        _nchw(t, "UpSampling")
        if oh % t.shape[2] or ow % t.shape[3]:
            raise MXNetError("UpSampling: every input size must divide the output size")
        outs.append(t.repeat_interleave(oh // t.shape[2], 2).repeat_interleave(ow // t.shape[3], 3))
    if len(outs) == 1:
        return wrap(outs[0])
    if multi_input_mode == "sum":
        r = outs[0]
        for o in outs[1:]:
            r = r + o
        return wrap(r)
    return wrap(torch.cat(outs, dim=1))


def _axis_coords(n, dtype, device):
    if n > 1:
        return torch.linspace(-1, 1, n, dtype=dtype, device=device)
    return torch.full((1,), -1.0, dtype=dtype, device=device)


def _base_grid(n, h, w, dtype, device):
    ys, xs = _axis_coords(h, dtype, device), _axis_coords(w, dtype, device)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack([gx, gy, torch.ones_like(gx)]).reshape(3, h * w)


@mxop("GridGenerator")
def GridGenerator(data, transform_type, target_shape=(0, 0)):
    """Sampling grids (N, 2, H, W) of normalised (x, y): from affine parameters (N, 6) or from a flow
    field (N, 2, H, W) added to the pixel coordinates (`transform_type` 'warp')."""
    t = float_only(tensor_of(data), "GridGenerator", F32)
    if transform_type == "affine":
        h, w = as_tuple(target_shape)
        if t.dim() != 2 or t.shape[1] != 6:
            raise MXNetError(f"GridGenerator: affine parameters must have shape (N, 6), got {tuple(t.shape)}")
        grid = torch.matmul(t.reshape(-1, 2, 3), _base_grid(t.shape[0], h, w, t.dtype, t.device))
        return wrap(grid.reshape(-1, 2, h, w))
    if transform_type == "warp":
        _nchw(t, "GridGenerator")
        if t.shape[1] != 2:
            raise MXNetError("GridGenerator: a warp flow field must have 2 channels")
        h, w = t.shape[2], t.shape[3]
        ys = torch.arange(h, dtype=t.dtype, device=t.device).reshape(1, h, 1).expand(1, h, w)
        xs = torch.arange(w, dtype=t.dtype, device=t.device).reshape(1, 1, w).expand(1, h, w)
        gx = (t[:, 0] + xs) / ((w - 1) / 2.0) - 1
        gy = (t[:, 1] + ys) / ((h - 1) / 2.0) - 1
        return wrap(torch.stack([gx, gy], dim=1))
    raise MXNetError(f"GridGenerator: invalid transform_type {transform_type!r} (affine or warp)")


@mxop("BilinearSampler")
def BilinearSampler(data, grid, cudnn_off=None):
    """Bilinear sampling of `data` (N, C, H, W) at the normalised (x, y) of `grid` (N, 2, H', W');
    points outside the input read zeros."""
    x, g = _nchw(tensor_of(data), "BilinearSampler"), tensor_of(grid)
    if g.dim() != 4 or g.shape[1] != 2 or g.shape[0] != x.shape[0]:
        raise MXNetError(f"BilinearSampler: grid must have shape (N, 2, H, W), got {tuple(g.shape)}")
    return wrap(tF.grid_sample(x, g.permute(0, 2, 3, 1), mode="bilinear", padding_mode="zeros",
                               align_corners=True))


@mxop("SpatialTransformer")
def SpatialTransformer(data, loc, target_shape=(0, 0), transform_type="affine", sampler_type="bilinear",
                       cudnn_off=None):
    """Affine spatial transformer: GridGenerator(loc) then BilinearSampler(data, grid)."""
    if transform_type != "affine" or sampler_type != "bilinear":
        raise MXNetError("SpatialTransformer: only transform_type='affine' and sampler_type='bilinear' exist")
    grid = GridGenerator(loc, "affine", target_shape)
    return BilinearSampler(data, grid)


@mxop("ROIPooling")
def ROIPooling(data, rois, pooled_size, spatial_scale):
    """Max-pool each region [batch, x1, y1, x2, y2] (scaled by `spatial_scale`) into `pooled_size` bins."""
    x, r = _nchw(tensor_of(data), "ROIPooling"), tensor_of(rois)
    ph, pw = as_tuple(pooled_size)
    if r.dim() != 2 or r.shape[1] != 5:
        raise MXNetError(f"ROIPooling: rois must have shape (R, 5), got {tuple(r.shape)}")
    h, w = x.shape[2], x.shape[3]
    sc = float(spatial_scale)
    boxes = r.detach().double().cpu().tolist()
    outs = []
    for b, x1, y1, x2, y2 in boxes:
        xs, ys = int(_round(x1 * sc)), int(_round(y1 * sc))
        xe, ye = int(_round(x2 * sc)), int(_round(y2 * sc))
        rh, rw = max(ye - ys + 1, 1), max(xe - xs + 1, 1)
        bh, bw = rh / ph, rw / pw
        img = roi_image(x, b, "ROIPooling")
        if img is None:
            outs.append(x.new_zeros((x.shape[1], ph, pw)))
            continue
        cells = []
        for i in range(ph):
            h0 = min(max(int(math.floor(i * bh)) + ys, 0), h)
            h1 = min(max(int(math.ceil((i + 1) * bh)) + ys, 0), h)
            for j in range(pw):
                w0 = min(max(int(math.floor(j * bw)) + xs, 0), w)
                w1 = min(max(int(math.ceil((j + 1) * bw)) + xs, 0), w)
                if h1 <= h0 or w1 <= w0:
                    cells.append(torch.zeros(x.shape[1], dtype=x.dtype, device=x.device))
                else:
                    cells.append(img[:, h0:h1, w0:w1].amax(dim=(1, 2)))
        outs.append(torch.stack(cells, dim=1).reshape(x.shape[1], ph, pw))
    return wrap(torch.stack(outs) if outs else x.new_zeros((0, x.shape[1], ph, pw)))


def _round(v):
    """Round half away from zero (C's round)."""
    return math.floor(v + 0.5) if v >= 0 else -math.floor(-v + 0.5)


@mxop("Crop")
def Crop(*data, num_args=_Null, offset=(0, 0), h_w=(0, 0), center_crop=False):
    """Crop the spatial axes of data[0] to `h_w` or to the size of data[1], at `offset` (y, x) or centred."""
    ts = [tensor_of(d) for d in data]
    check_num_args("Crop", num_args, len(ts))
    x = _nchw(ts[0], "Crop")
    if len(ts) == 2:
        ch, cw = ts[1].shape[2], ts[1].shape[3]
    elif len(ts) == 1:
        ch, cw = as_tuple(h_w)
    else:
        raise MXNetError("Crop: expects 1 or 2 inputs")
    if as_bool(center_crop):
        oy, ox = (x.shape[2] - ch) // 2, (x.shape[3] - cw) // 2
    else:
        oy, ox = as_tuple(offset)
    if ch <= 0 or cw <= 0 or oy < 0 or ox < 0 or oy + ch > x.shape[2] or ox + cw > x.shape[3]:
        raise MXNetError(f"Crop: the crop ({ch}, {cw}) at offset ({oy}, {ox}) does not fit the input "
                         f"{tuple(x.shape)}")
    return wrap(x[:, :, oy:oy + ch, ox:ox + cw].clone())


def _conv_args(kernel, stride, dilate, pad):
    k = as_tuple(kernel)
    n = len(k)
    s = as_tuple(stride) or (1,) * n
    d = as_tuple(dilate) or (1,) * n
    p = as_tuple(pad) or (0,) * n
    if n != 2:
        raise NotImplementedError("im2col/col2im: only 2-d kernels are supported")
    return k, s, d, p


@mxop("im2col")
def im2col(data, kernel, stride=(), dilate=(), pad=()):
    """Sliding-window patches of NCHW data as columns: (N, C*kh*kw, L)."""
    k, s, d, p = _conv_args(kernel, stride, dilate, pad)
    return wrap(tF.unfold(_nchw(tensor_of(data), "im2col"), k, dilation=d, padding=p, stride=s))


@mxop("col2im")
def col2im(data, output_size, kernel, stride=(), dilate=(), pad=()):
    """Sum columns (N, C*kh*kw, L) back into an image of `output_size` (the adjoint of im2col)."""
    k, s, d, p = _conv_args(kernel, stride, dilate, pad)
    return wrap(tF.fold(float_only(tensor_of(data), "col2im"), as_tuple(output_size), k, dilation=d, padding=p,
                        stride=s))


class _AbsDiff(ShadowFunction):  # pylint: disable=abstract-method
    """|a - b| whose gradient at a tie is +1 for a and -1 for b (MXNet's Correlation kernel), not 0."""

    @staticmethod
    def forward(ctx, a, b):  # pylint: disable=arguments-differ
        ctx.save_for_backward(a, b)
        return torch.abs(a - b)

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        a, b = ctx.saved_tensors
        sign = torch.where(a >= b, 1.0, -1.0).to(g.dtype)
        return g * sign, -g * sign


@mxop("Correlation")
def Correlation(data1, data2, kernel_size=1, max_displacement=1, stride1=1, stride2=1, pad_size=0,
                is_multiply=True):
    """FlowNet correlation: for each displacement on a (2r+1)^2 grid (r = max_displacement // stride2),
    the mean over channels and a kernel window of data1 * shifted data2 (|difference| if not is_multiply)."""
    a, b = _nchw(tensor_of(data1), "Correlation"), _nchw(tensor_of(data2), "Correlation")
    if a.shape != b.shape:
        raise MXNetError(f"Correlation: data1 {tuple(a.shape)} and data2 {tuple(b.shape)} must have the same shape")
    k, md, s1, s2, p = int(kernel_size), int(max_displacement), int(stride1), int(stride2), int(pad_size)
    if k % 2 == 0:
        raise MXNetError("Correlation: kernel_size must be odd")
    n, c, h, w = a.shape
    pa, pb = tF.pad(a, (p, p, p, p)), tF.pad(b, (p, p, p, p))
    ph, pw = h + 2 * p, w + 2 * p
    border = md + (k - 1) // 2
    oh, ow = int(math.ceil((ph - 2 * border) / s1)), int(math.ceil((pw - 2 * border) / s1))
    if oh < 1 or ow < 1:
        raise MXNetError("Correlation: the output would be empty; increase pad_size or reduce max_displacement")
    r = md // s2
    ys = torch.arange(oh, device=a.device) * s1 + md
    xs = torch.arange(ow, device=a.device) * s1 + md
    outs = []
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            acc = 0
            for i in range(k):
                for j in range(k):
                    f1 = pa[:, :, ys + i][:, :, :, xs + j]
                    f2 = pb[:, :, ys + i + dy * s2][:, :, :, xs + j + dx * s2]
                    acc = acc + ((f1 * f2) if as_bool(is_multiply) else _AbsDiff.apply(f1, f2)).sum(dim=1)
            outs.append(acc / (k * k * c))
    return wrap(torch.stack(outs, dim=1))
