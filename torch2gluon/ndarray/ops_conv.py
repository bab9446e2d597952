"""Convolution-family operators: Convolution, Deconvolution, Pooling (MXNet conventions and layouts)."""
import math

import torch
import torch.nn.functional as tF

from ..base import MXNetError
from ._checks import float_only
from ._args import as_bool, as_tuple
from .ndarray import tensor_of, wrap
from .register import mxop
from ._deferred_error import failed

_CHANNEL_FIRST = {1: "NCW", 2: "NCHW", 3: "NCDHW"}
_CHANNEL_LAST = {1: "NWC", 2: "NHWC", 3: "NDHWC"}
_CONV = {1: tF.conv1d, 2: tF.conv2d, 3: tF.conv3d}
_DECONV = {1: tF.conv_transpose1d, 2: tF.conv_transpose2d, 3: tF.conv_transpose3d}
_AVG = {1: tF.avg_pool1d, 2: tF.avg_pool2d, 3: tF.avg_pool3d}
_MAX = {1: tF.max_pool1d, 2: tF.max_pool2d, 3: tF.max_pool3d}


def _spatial(v, nd, default, name, opname, extra_ok=False):
    """`v` as `nd` per-axis values; `extra_ok`: longer tuples keep their first `nd` values (MXNet's Pooling
    reads only those: pad=(0, 0, 0) on 1-D data is valid there)."""
    t = as_tuple(v) if v is not None else ()
    if not t:
        return (default,) * nd
    if extra_ok and len(t) > nd:
        return tuple(t[:nd])
    if len(t) != nd:
        raise MXNetError(f"{opname}: {name} must have {nd} elements for {nd}-D input, got {t}")
    return t


def _to_channel_first(x, layout, nd, opname):
    if layout is None or layout == _CHANNEL_FIRST[nd]:
        return x, False
    if layout == _CHANNEL_LAST[nd]:
        return x.movedim(-1, 1), True
    raise MXNetError(f"{opname}: layout {layout!r} is not valid for {nd}-D input; use "
                     f"{_CHANNEL_FIRST[nd]!r} or {_CHANNEL_LAST[nd]!r}")


def _from_channel_first(y, moved):
    return y.movedim(1, -1).contiguous() if moved else y


def _kernel_dtype_error(x):
    """MXNet's Convolution/Deconvolution kernels: float32/float64 (float16 too on a GPU); None when `x` is one."""
    dt = x.dtype
    if dt is torch.float16:
        return None if x.device.type == "cuda" else MXNetError("FP16 gemm on cpu not implemented!")
    if dt is torch.float32 or dt is torch.float64:
        return None
    name = str(dt)[6:].replace("bool", "bool_")
    return MXNetError(f"This operation only support floating point types, not {name}")


def _code(dt):
    return {torch.float32: 0, torch.float64: 1, torch.float16: 2, torch.uint8: 3, torch.int32: 4, torch.int8: 5,
            torch.int64: 6, torch.bool: 7}.get(dt, 12)


def _refused(fn, x, w, b, args, moved, exc):
    """The output of a kernel MXNet refuses for the dtype: its shape and dtype at once, `exc` when read."""
    for name, t in (("weight", w), ("bias", b)):
        if t is not None and t.dtype is not x.dtype:  # MXNet's type inference: at once
            raise MXNetError(f"Check failed: (*in_type)[i] == dtype ({_code(t.dtype)} vs. {_code(x.dtype)}) : "
                             f"This layer requires uniform type. Expected '{str(x.dtype)[6:]}' v.s. given "
                             f"'{str(t.dtype)[6:]}' at '{name}'")
    meta = [None if t is None else t.to(device="meta", dtype=torch.float32) for t in (x, w, b)]
    shape = _from_channel_first(fn(*meta, *args), moved).shape
    return wrap(failed(exc, shape, x.dtype, x.device))


def _check_bias(bias, no_bias, opname, n_inputs):
    if as_bool(no_bias):
        if bias is not None:
            raise MXNetError(f"{opname}: no_bias=True but a bias was given (expects {n_inputs - 1} inputs)")
        return None
    if bias is None:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({n_inputs - 1} vs. {n_inputs}) : "
                         f"Operator {opname} expects {n_inputs} inputs, but got {n_inputs - 1} instead.")
    return tensor_of(bias)


_GEOMETRY = {}  # (kernel, stride, dilate, pad) as given -> _conv_geometry's result (layers repeat theirs)


def _conv_geometry(kernel, stride, dilate, pad):
    """Convolution's kernel, stride, dilate and pad as per-axis int tuples, and the least input size of each
    spatial axis (the dilated kernel minus both pads); cached for hashable arguments."""
    try:
        key = (kernel, stride, dilate, pad)
        hit = _GEOMETRY.get(key)
    except TypeError:  # a list: not hashable
        key = hit = None
    if hit is not None:
        return hit
    k = as_tuple(kernel)
    nd = len(k)
    if nd not in (1, 2, 3):
        raise MXNetError(f"Convolution: kernel must have 1 to 3 dims, got {k}")
    s = _spatial(stride, nd, 1, "stride", "Convolution")
    d = _spatial(dilate, nd, 1, "dilate", "Convolution")
    p = _spatial(pad, nd, 0, "pad", "Convolution")
    hit = (k, s, d, p, tuple(d_ * (k_ - 1) + 1 - 2 * p_ for k_, d_, p_ in zip(k, d, p)))
    if key is not None:
        if len(_GEOMETRY) > 512:
            _GEOMETRY.clear()
        _GEOMETRY[key] = hit
    return hit


@mxop("Convolution")
def Convolution(data, weight, bias=None, kernel=None, stride=(), dilate=(), pad=(), num_filter=None,
                num_group=1, workspace=1024, no_bias=False, cudnn_tune=None, cudnn_off=False, layout=None):
    """N-D convolution (1-D/2-D/3-D) with MXNet's argument names; `workspace`/`cudnn_*` are speed hints."""
    if kernel is None or num_filter is None:
        raise MXNetError("Convolution: required parameters kernel and num_filter are missing")
    if cudnn_tune not in (None, "off", "limited_workspace", "fastest"):
        raise MXNetError(f"Convolution: invalid cudnn_tune {cudnn_tune!r}")
    kernel, stride, dilate, pad, least = _conv_geometry(kernel, stride, dilate, pad)
    nd = len(kernel)
    x = tensor_of(data)
    if x.dim() != nd + 2:
        raise MXNetError(f"Convolution: data must be {nd + 2}-D for a {nd}-D kernel, got shape {tuple(x.shape)}")
    w = tensor_of(weight)
    b = _check_bias(bias, no_bias, "Convolution", 3)
    x, moved = _to_channel_first(x, layout, nd, "Convolution")
    if moved:
        w = w.movedim(-1, 1)
    num_group = num_group if type(num_group) is int else int(num_group)
    shape = x.shape
    expect = (num_filter if type(num_filter) is int else int(num_filter), shape[1] // num_group) + kernel
    if w.shape != expect:
        raise MXNetError(f"Convolution: Shape inconsistent, Provided = {list(w.shape)}, inferred shape={expect}")
    for i, m in enumerate(least, 2):
        if shape[i] < m:
            k, d, p_, n = kernel[i - 2], dilate[i - 2], pad[i - 2], shape[i]
            raise MXNetError(f"Convolution: Check failed: dilated kernel size {d * (k - 1) + 1} <= padded input "
                             f"size {n + 2 * p_} : kernel size exceed input")
    if x.dtype is not torch.float32 and x.dtype is not torch.int8:  # int8: MXNet's oneDNN kernel (not here)
        exc = _kernel_dtype_error(x)
        if exc is not None:  # MXNet's kernel refuses it: reported when the result is read
            return _refused(_CONV[nd], x, w, b, (stride, pad, dilate, num_group), moved, exc)
    y = _CONV[nd](x, w, b, stride, pad, dilate, num_group)
    return wrap(_from_channel_first(y, moved))


@mxop("Deconvolution")
def Deconvolution(data, weight, bias=None, kernel=None, stride=(), dilate=(), pad=(), adj=(), target_shape=(),
                  num_filter=None, num_group=1, workspace=512, no_bias=True, cudnn_tune=None, cudnn_off=False,
                  layout=None):
    """Transposed convolution; `target_shape` picks pad/adj the way MXNet does."""
    if kernel is None or num_filter is None:
        raise MXNetError("Deconvolution: required parameters kernel and num_filter are missing")
    kernel = as_tuple(kernel)
    nd = len(kernel)
    x = tensor_of(data)
    if x.dim() != nd + 2:
        raise MXNetError(f"Deconvolution: data must be {nd + 2}-D for a {nd}-D kernel, got {tuple(x.shape)}")
    w = tensor_of(weight)
    b = _check_bias(bias, no_bias, "Deconvolution", 3)
    x, moved = _to_channel_first(x, layout, nd, "Deconvolution")
    if moved:
        w = w.movedim(-1, 1)
    stride = _spatial(stride, nd, 1, "stride", "Deconvolution")
    dilate = _spatial(dilate, nd, 1, "dilate", "Deconvolution")
    pad = list(_spatial(pad, nd, 0, "pad", "Deconvolution"))
    adj = list(_spatial(adj, nd, 0, "adj", "Deconvolution"))
    target = as_tuple(target_shape) or ()
    if target and any(target):
        for i in range(nd):
            full = stride[i] * (x.shape[2 + i] - 1) + dilate[i] * (kernel[i] - 1) + 1
            if full < target[i]:
                raise MXNetError(f"Deconvolution: too big target shape {target}")
            total = full - target[i]
            adj[i] = total % 2
            pad[i] = (total + 1) // 2
    for i in range(nd):
        if adj[i] >= stride[i]:
            raise MXNetError(f"Deconvolution: adj({adj[i]}) must be smaller than stride[{i}] ({stride[i]})")
    if nd == 3 and any(d != 1 for d in dilate):
        raise MXNetError("Deconvolution: Dilate is not supported in 3d deconvolution")
    num_group = int(num_group)
    expect = (x.shape[1], int(num_filter) // num_group) + kernel
    if tuple(w.shape) != expect:
        raise MXNetError(f"Deconvolution: Shape inconsistent, Provided = {list(w.shape)}, inferred shape={expect}")
    if x.dtype is not torch.float32:
        exc = _kernel_dtype_error(x)
        if exc is not None:  # MXNet's kernel refuses it: reported when the result is read
            return _refused(_DECONV[nd], x, w, b, (stride, tuple(pad), tuple(adj), num_group, dilate), moved, exc)
    y = _DECONV[nd](x, w, b, stride, tuple(pad), tuple(adj), num_group, dilate)
    return wrap(_from_channel_first(y, moved))


def _out_size(x, k, s, p, convention):
    if convention == "full":
        return 1 + int(math.ceil((x + 2 * p - k) / s))
    return 1 + (x + 2 * p - k) // s


_LOWEST = {torch.float32: -3.4028234663852886e38, torch.float64: -1.7976931348623157e308,
           torch.float16: -65504.0}


def _check_global_params(kernel, stride, pad, nd):
    """MXNet checks a global pooling's kernel, stride and pad against each other though it ignores them: a given
    kernel must have one entry per spatial axis, a given stride or pad at least as many as the kernel."""
    if not kernel:
        return
    if len(kernel) != nd:
        raise MXNetError(f"Pooling: a kernel of {len(kernel)} dimensions {tuple(kernel)} for {nd}-D pooling: "
                         "dimensions are invalid")
    for name, v in (("stride", stride), ("pad", pad)):
        v = as_tuple(v) or ()
        if v and len(v) < nd:
            raise MXNetError(f"Pooling: Check failed: param.{name}.ndim() >= {nd} ({len(v)} vs. {nd})")


@mxop("Pooling")
def Pooling(data, kernel=(), pool_type="max", global_pool=False, cudnn_off=False, pooling_convention="valid",
            stride=(), pad=(), p_value=None, count_include_pad=None, layout=None):
    """Max/avg/sum/lp pooling with MXNet's 'valid'/'full' output-size conventions and global pooling."""
    if pool_type not in ("max", "avg", "sum", "lp"):
        raise MXNetError(f"Pooling: invalid pool_type {pool_type!r}; valid values are 'avg', 'lp', 'max', 'sum'")
    if pooling_convention not in ("valid", "full", "same"):
        raise MXNetError(f"Pooling: invalid pooling_convention {pooling_convention!r}")
    x = float_only(tensor_of(data), "Pooling")
    nd = x.dim() - 2
    if nd not in (1, 2, 3):
        raise MXNetError(f"Pooling: data must be 3-D, 4-D or 5-D, got shape {tuple(x.shape)}")
    x, moved = _to_channel_first(x, layout, nd, "Pooling")
    if as_bool(global_pool):
        _check_global_params(as_tuple(kernel) or (), stride, pad, nd)
        kernel, stride, pad = tuple(x.shape[2:]), (1,) * nd, (0,) * nd
    else:
        if not as_tuple(kernel):  # MXNet's shape check of an empty kernel (never filled with 1s)
            raise MXNetError(f"Pooling: Check failed: param.kernel.ndim() == {nd}U (0 vs. {nd}) : 0D pooling "
                             "not supported (kernel is required unless global_pool=True)")
        kernel = _spatial(kernel, nd, 1, "kernel", "Pooling")
        stride = _spatial(stride, nd, 1, "stride", "Pooling", extra_ok=True)
        pad = _spatial(pad, nd, 0, "pad", "Pooling", extra_ok=True)
    if pooling_convention == "same":
        if any(int(v) != 0 for v in pad):
            raise MXNetError("Pooling: Check failed: param.pad[0] == 0 && param.pad[1] == 0 && param.pad[2] == 0: "
                             "Same pooling convention disables the use of pad parameter.")
        if nd != 1:
            raise MXNetError("Pooling: pooling_convention='same' supports only 1-D input "
                             "(batch, channel, x)")
        out = [int(math.ceil(x.shape[2] / stride[0]))]
        total = max((out[0] - 1) * stride[0] + kernel[0] - x.shape[2], 0)
        lpad = [total // 2]
        rpad = [total - total // 2]
    else:
        out = [_out_size(x.shape[2 + i], kernel[i], stride[i], pad[i], pooling_convention) for i in range(nd)]
        lpad = list(pad)
        rpad = [max((out[i] - 1) * stride[i] + kernel[i] - x.shape[2 + i] - pad[i], 0) for i in range(nd)]
    if any(o <= 0 for o in out):
        raise MXNetError(f"Pooling: kernel {kernel} is too big for input {tuple(x.shape)}")
    include = True if count_include_pad is None else as_bool(count_include_pad)
    simple = pooling_convention == "valid" and all(p <= k // 2 for p, k in zip(pad, kernel))
    if pool_type == "max":
        if simple:
            y = _MAX[nd](x, kernel, stride, pad)
        else:
            fill = _LOWEST.get(x.dtype, torch.iinfo(x.dtype).min if not x.is_floating_point() else -math.inf)
            xp = tF.pad(x, _torch_pad(lpad, rpad), value=fill)
            y = _MAX[nd](xp, kernel, stride, 0)
    elif pool_type == "avg" and simple and pooling_convention == "valid":
        y = _AVG[nd](x, kernel, stride, pad, False, include) if nd > 1 else \
            tF.avg_pool1d(x, kernel, stride, pad, False, include)
    else:
        y = _sum_pool(x, kernel, stride, lpad, rpad, nd, pool_type, p_value)
        if pool_type == "avg":
            y = y / _window_counts(x, kernel, stride, pad, lpad, rpad, nd, include).clamp_min(1)
    return wrap(_from_channel_first(y, moved))


def _torch_pad(lpad, rpad):
    out = []
    for lp, rp in zip(reversed(lpad), reversed(rpad)):
        out += [lp, rp]
    return out


def _sum_pool(x, kernel, stride, lpad, rpad, nd, pool_type, p_value):
    k = math.prod(kernel)
    p = _lp_power(p_value) if pool_type == "lp" else 1
    xs = x if p == 1 else x * x if p == 2 else x * x * x  # MXNet's lp: signed powers, no abs
    xp = tF.pad(xs, _torch_pad(lpad, rpad))
    s = _AVG[nd](xp, kernel, stride, 0) * k
    if p == 1:
        return s
    zero = s == 0  # MXNet's gradient is 0 where the window's sum is 0 (the root's derivative is infinite there)
    safe = torch.where(zero, torch.ones_like(s), s)
    root = safe.sqrt() if p == 2 else torch.sign(safe) * safe.abs().pow(1.0 / 3)  # a cube root keeps the sign
    return torch.where(zero, torch.zeros_like(s), root)


def _lp_power(p_value):
    """The p of MXNet's lp pooling: required, and 1, 2 or 3 only."""
    if p_value is None:
        raise MXNetError("Pooling: Check failed: param.p_value.has_value(): pool_type='lp' needs p_value")
    p = int(p_value)
    if p not in (1, 2, 3):
        raise MXNetError(f"Pooling: p value of {p} is not supported yet...")
    return p


def _window_counts(x, kernel, stride, pad, lpad, rpad, nd, include):
    spatial = x.shape[2:]
    ones = torch.zeros((1, 1) + tuple(s + lp + rp for s, lp, rp in zip(spatial, lpad, rpad)),
                       dtype=x.dtype, device=x.device)
    sl = [slice(None), slice(None)]
    for i in range(nd):
        if include:
            lo, hi = 0, min(spatial[i] + lpad[i] + pad[i], ones.shape[2 + i])
        else:
            lo, hi = lpad[i], lpad[i] + spatial[i]
        sl.append(slice(lo, hi))
    ones[tuple(sl)] = 1
    return _AVG[nd](ones, kernel, stride, 0) * math.prod(kernel)


_PAD_MODES = {"constant": "constant", "edge": "replicate", "reflect": "reflect"}


@mxop("Pad", "pad")
def Pad(data, mode="constant", pad_width=None, constant_value=0.0):
    """Pad a 4-D or 5-D array: `pad_width` has 2 entries per axis, the first four (N, C) must be 0."""
    if mode not in _PAD_MODES:
        raise MXNetError(f"Pad: invalid mode {mode!r}; valid values are 'constant', 'edge', 'reflect'")
    x = tensor_of(data)
    pw = as_tuple(pad_width)
    if x.dim() not in (4, 5):
        raise MXNetError(f"Pad: only 4-D and 5-D input is supported, got {x.dim()}-D")
    if pw is None or len(pw) != 2 * x.dim():
        raise MXNetError(f"Pad: pad_width must have {2 * x.dim()} entries, got {pw}")
    if any(pw[:4]):
        raise MXNetError("Pad: padding the N and C axes is not supported (first four pad_width entries must be 0)")
    tpad = []
    for i in range(x.dim() - 1, 1, -1):
        tpad += [pw[2 * i], pw[2 * i + 1]]
    if mode == "constant":
        return wrap(tF.pad(x, tpad, mode="constant", value=float(constant_value)))
    return wrap(tF.pad(x, tpad, mode=_PAD_MODES[mode]))


pad = Pad
