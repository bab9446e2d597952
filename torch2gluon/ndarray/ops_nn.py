"""Neural-network operators used by Gluon layers and `hybrid_forward`: FullyConnected, Activation,
softmax family, Dropout, pick, one_hot, dot, batch_dot."""
import numpy as np
import torch
import torch.nn.functional as tF

from ..base import MXNetError, _Null, np_dtype
from ..util import is_np_shape
from ._args import as_axis, as_bool, as_tuple
from ._state import STATE, in_graph
from ._deferred_error import failed
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop
from . import _mx_rng
from ._nondiff import zero_grad_op
from .ops_elemwise import _softsign  # MXNet's gradient at +-inf
from ._checks import float_only
from ._act_relu import activation_relu
from ._dtypes import NO_BOOL, op_dtype
from ._module_names import DTYPE_NP_TO_MX


@mxop("FullyConnected")
def FullyConnected(data, weight, bias=None, num_hidden=None, no_bias=False, flatten=True):
    """`y = x W^T + b`; with `flatten=True` the input is first reshaped to (N, -1)."""
    if num_hidden is None:
        raise MXNetError("Required parameter num_hidden of int is not presented, in operator FullyConnected")
    nh = num_hidden if type(num_hidden) is int else int(num_hidden)
    x = tensor_of(data)
    w = tensor_of(weight)
    if no_bias is True or (no_bias is not False and as_bool(no_bias)):
        if bias is not None:
            raise MXNetError("FullyConnected: no_bias=True but a bias was given (expects 2 inputs)")
        b = None
    else:
        if bias is None:
            raise MXNetError("Operator FullyConnected expects 3 inputs, but got 2 instead.")
        b = tensor_of(bias)
        if b.dim() != 1 or b.shape[0] != nh:
            b = _column_bias(b, nh, (data, weight, bias))
    if x.dim() != 2 and (flatten is True or (flatten is not False and as_bool(flatten))):
        if x.dim() == 0:
            raise MXNetError("FullyConnected: Check failed: i >= 0 && i < ndim(): index = 0 must be in range "
                             "[0, 0) (0-d data)")
        x = x.reshape(x.shape[0], -1)
    if w.dim() != 2 or w.shape[0] != nh or w.shape[1] != x.shape[-1]:
        raise MXNetError(f"FullyConnected: Shape inconsistent, Provided = {list(w.shape)}, "
                         f"inferred shape=({nh},{x.shape[-1]})")
    if x.dtype is not w.dtype:
        raise MXNetError(f"FullyConnected: data dtype {x.dtype} and weight dtype {w.dtype} differ")
    if x.dtype is not torch.float32 and x.dtype is not torch.float64:
        exc = _fc_dtype_error(x)
        if exc is not None:  # MXNet's kernel refuses it: reported when the result is read
            return wrap(failed(exc, tuple(x.shape[:-1]) + (nh,), x.dtype, x.device))
    return wrap(tF.linear(x, w, b))


def _fc_dtype_error(x):
    """MXNet's FullyConnected kernels: float32/float64 (bfloat16 through oneDNN on CPU, float16 on a GPU)."""
    dt, gpu = x.dtype, x.device.type == "cuda"
    if dt is torch.float16 and not gpu:
        return MXNetError("FullyConnected: float16 fully connected layer is currentlyonly supported by CuDNN version.")
    if dt is not torch.float16 and not (dt is torch.bfloat16 and not gpu):
        code = DTYPE_NP_TO_MX.get(np_dtype(dt), 12) if dt is not torch.bfloat16 else 12
        return MXNetError(f"FullyConnected: Unsupported type {code}")
    return None


class _ColumnBias(torch.autograd.Function):
    """A (num_hidden, 1) bias read as (num_hidden,); MXNet's kernel has no backward for it."""

    @staticmethod
    def forward(ctx, b):  # pylint: disable=arguments-differ
        return b.reshape(-1)

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        raise MXNetError("_backward_FullyConnected: Check failed: dim == ndim() (1 vs. 2) : dimension do not "
                         "match target dimension 1 vs 2 (a (num_hidden, 1) bias)")


def _column_bias(b, nh, inputs):
    """MXNet's shape rule also takes a (num_hidden, 1) bias; its MKLDNN kernel refuses it, so only a call with a
    sparse input (MXNet's storage fallback runs the plain kernel) computes with it, forward only."""
    if tuple(b.shape) == (nh, 1) and any(getattr(a, "stype", "default") != "default" for a in inputs):
        return _ColumnBias.apply(b) if b.requires_grad else b.reshape(-1)
    raise MXNetError(f"FullyConnected: Unexpected shape for bias {list(b.shape)} (expected ({nh},))")


def _softrelu(t):
    return tF.softplus(t)


# torch.Tensor methods: the kernels of torch.relu & co., cheaper to call
_ACTS = {"relu": activation_relu, "sigmoid": torch.Tensor.sigmoid, "tanh": torch.Tensor.tanh,
         "softrelu": _softrelu, "softsign": _softsign}


@mxop("Activation")
def Activation(data, act_type):
    """Apply activation `act_type`: 'relu', 'sigmoid', 'tanh', 'softrelu' or 'softsign'."""
    fn = _ACTS.get(act_type)
    if fn is None:
        raise MXNetError(f"Invalid Input: {act_type!r}, valid values are: "
                         "{'relu', 'sigmoid', 'softrelu', 'softsign', 'tanh'}, in operator Activation")
    return wrap(fn(float_only(tensor_of(data), "Activation")))


def _masked_by_length(t, length, axis, fill):
    lt = tensor_of(length)
    if lt.is_floating_point():
        raise MXNetError("softmax: length only support integer types, not float32")
    pos = torch.arange(t.shape[axis], device=t.device)
    shape = [1] * t.dim()
    shape[axis] = t.shape[axis]
    pos = pos.reshape(shape)
    lshape = list(t.shape)
    lshape[axis] = 1
    mask = pos < lt.reshape(lshape).to(pos.dtype)
    return mask, torch.where(mask, t, torch.full_like(t, fill))


def _softmax_common(name, data, axis, temperature, length, use_length, dtype, log):
    if length is not None and not isinstance(length, NDArray):  # MXNet's front-end checks each input's type
        raise AssertionError(f"Argument length must have NDArray type, but got {length}")
    t = tensor_of(data)
    if not t.is_floating_point():
        raise MXNetError(f"{name}: This operation only support floating point types, not {str(t.dtype)[6:]}")
    if length is not None and not as_bool(use_length):
        raise MXNetError(f"Operator {name} expects 1 inputs, but got 2 instead (use_length is False)")
    if t.dim() == 0:  # a scalar: axis 0 or -1 only, and the one element's (log-)softmax
        if int(axis) not in (0, -1):
            raise MXNetError(f"Check failed: axis == 0 || axis == -1: axis {axis} is out of bounds for "
                             "0-dimension tensor")
        out = _softmax_common(name, wrap(t.reshape(1)), 0, temperature, None, False, dtype, log)
        return wrap(out._t.reshape(()))
    ax = as_axis(axis, t.dim(), name)
    if temperature is not None and float(temperature) != 1.0:
        t = t / float(temperature)
    if dtype is not _Null and not (isinstance(dtype, str) and dtype == "None"):  # given: None means float64
        t = t.to(op_dtype(dtype, name, ("float16", "float32", "float64")))
    if as_bool(use_length):
        if length is None:
            raise MXNetError(f"{name}: use_length=True needs `length`")
        mask, tm = _masked_by_length(t, length, ax, float("-inf"))
        out = torch.log_softmax(tm, dim=ax) if log else torch.softmax(tm, dim=ax)
        return wrap(torch.where(mask, out, torch.zeros_like(out)))
    out = torch.log_softmax(t, dim=ax) if log else torch.softmax(t, dim=ax)
    return wrap(out)


@mxop("softmax")
def softmax(data, length=None, axis=-1, temperature=None, use_length=False, dtype=_Null):
    """Softmax along `axis` (optionally with temperature and per-row valid `length`)."""
    if (type(data) is NDArray and length is None and temperature is None and use_length is False
            and dtype is _Null and type(axis) is int):  # the common call: straight to the kernel
        t = data._t
        if t.is_floating_point() and -t.dim() <= axis < t.dim():
            if t.requires_grad and not STATE.recording:  # tensor_of, inlined
                t = t.detach()
            return wrap(torch.softmax(t, axis))
    return _softmax_common("softmax", data, axis, temperature, length, use_length, dtype, False)


@mxop("log_softmax")
def log_softmax(data, axis=-1, temperature=None, dtype=_Null, use_length=False):
    """Log-softmax along `axis` (MXNet's log_softmax takes no `length` input)."""
    if (type(data) is NDArray and temperature is None and use_length is False and dtype is _Null
            and type(axis) is int):  # the common call (a loss's): straight to the kernel
        t = data._t
        if t.is_floating_point() and -t.dim() <= axis < t.dim():
            if t.requires_grad and not STATE.recording:  # tensor_of, inlined
                t = t.detach()
            return wrap(torch.log_softmax(t, axis))
    return _softmax_common("log_softmax", data, axis, temperature, None, use_length, dtype, True)


@mxop("softmin")
def softmin(data, axis=-1, temperature=None, dtype=_Null, use_length=False):
    """Softmax of the negated input along `axis`."""
    return _softmax_common("softmin", wrap(-tensor_of(data)), axis, temperature, None, use_length, dtype, False)


@mxop("Dropout")
def Dropout(data, p=0.5, mode="training", axes=(), cudnn_off=False):
    """Zero elements with probability `p` and scale the rest by 1/(1-p), when training (or `mode='always'`)."""
    if mode not in ("training", "always"):
        raise MXNetError(f"Dropout: invalid mode {mode!r}; valid values are 'training', 'always'")
    t = float_only(tensor_of(data), "Dropout")
    p = float(p)
    if not 0 <= p <= 1:
        raise MXNetError(f"value {p} for Parameter p exceed bound [0,1]")
    axes = as_tuple(axes) or ()
    for a in axes:  # MXNet takes no negative axes here
        if not 0 <= a < t.dim():
            raise MXNetError(f"Dropout: index = {a} must be in range [0, {t.dim()})")
    if p == 0 or (mode == "training" and not STATE.training):
        return wrap(t)
    if _mx_rng.active(t.device, dropout=True):   # MXNet's masks: TORCH2GLUON_MXNET_RNG=all
        return wrap(t * _mx_dropout_mask(t, p, axes))
    if not axes and p < 1 and t.device.type != "cpu":   # p == 1 takes the mask path: MXNet's 0 * (1 / 0) is NaN
        return wrap(tF.dropout(t, p, training=True))
    shape = list(t.shape)
    for a in axes:
        shape[a] = 1
    return wrap(t * _keep_mask(shape, t, p))


def _keep_mask(shape, t, p):
    """Dropout's scaled mask: 1 / (1 - p) with probability 1 - p, else 0, in `t`'s dtype. On CPU from one float32
    uniform draw per element (torch's `bernoulli_` and `F.dropout` cost ~2x more there); elsewhere `bernoulli_`."""
    if t.device.type == "cpu":
        keep = (torch.rand(shape, device=t.device) < 1 - p).to(t.dtype)
    else:
        keep = torch.empty(shape, dtype=t.dtype, device=t.device).bernoulli_(1 - p)
    return keep.div_(1 - p)


def _mx_dropout_mask(t, p, axes):
    """MXNet's CPU Dropout mask from its random stream: keep where u <= 1 - p (u < 1 - p with `axes`), scaled by
    1 / (1 - p) in float32; one draw per element of the (axes-reduced) mask, double draws for non-float32 data."""
    shape = list(t.shape)
    for a in axes:
        shape[a] = 1
    n = int(np.prod(shape))
    pkeep = np.float32(1) - np.float32(p)
    keep = _mx_rng.streams().below(n, pkeep, bool(axes), t.dtype is not torch.float32)
    with np.errstate(divide="ignore", invalid="ignore"):   # p == 1: MXNet's 0 * (1 / 0) is NaN
        mask = keep.astype(np.float32) * (np.float32(1) / pkeep)
    return torch.from_numpy(mask).reshape(shape).to(t.dtype)


@mxop("pick")
def pick(data, index, axis=-1, keepdims=False, mode="clip"):
    """Pick one element per row along `axis` using `index` (clipped or wrapped when out of range)."""
    t = tensor_of(data)
    ax = as_axis(axis, t.dim(), "pick")
    idx = tensor_of(index).detach()
    if idx.dim() == 0 and is_np_shape():  # numpy shape semantics infer no shape for a 0-d index
        raise MXNetError(f"Operator pick inferring shapes failed: index shape () for data shape {tuple(t.shape)}")
    if idx.dim():  # MXNet infers the index's shape: the data's without `axis`, or with it as 1 at the same rank
        want = list(t.shape)
        if idx.dim() == t.dim():
            want[ax] = 1
        else:
            del want[ax]
        if list(idx.shape) != want:
            raise MXNetError(f"pick: Shape inconsistent, Provided = {list(idx.shape)}, inferred shape={want}")
    src = idx
    idx = idx.long()  # a float index truncates toward zero here, as MXNet casts it
    n = t.shape[ax]
    if mode == "clip":
        idx = idx.clamp_(0, n - 1) if idx is not src else idx.clamp(0, n - 1)  # in place on a fresh cast
    elif mode == "wrap":
        idx = idx.remainder(n)
    else:
        raise MXNetError(f"pick: invalid mode {mode!r}")
    want = list(t.shape)
    want[ax] = 1
    try:
        idx = idx.reshape(want)
    except RuntimeError:
        raise MXNetError(f"pick: index shape {tuple(idx.shape)} does not match data shape "
                         f"{tuple(t.shape)} without axis {ax}") from None
    out = torch.gather(t, ax, idx)
    if not as_bool(keepdims):
        out = out.squeeze(ax)
        if out.dim() == 0:
            out = out.reshape(1)
    return wrap(out)


@mxop("one_hot")
@zero_grad_op
def one_hot(indices, depth, on_value=1.0, off_value=0.0, dtype=np.float32):
    """One-hot encode `indices` into a new last axis of size `depth` (float32 by default)."""
    idx = tensor_of(indices).detach()
    if idx.is_floating_point():
        idx = torch.trunc(idx)
    idx = idx.long()
    td = op_dtype(dtype, "one_hot", NO_BOOL)
    depth = int(depth)
    if depth < 0:
        raise MXNetError(f"one_hot: depth must be non-negative, got {depth}")
    if depth == 0:
        return wrap(torch.empty(tuple(idx.shape) + (0,), dtype=td, device=idx.device))
    valid = (idx >= 0) & (idx < depth)
    oh = tF.one_hot(idx.clamp(0, depth - 1), depth).bool() & valid.unsqueeze(-1)
    on = torch.tensor(on_value, dtype=td, device=idx.device)
    off = torch.tensor(off_value, dtype=td, device=idx.device)
    return wrap(torch.where(oh, on, off))


def _matmul_dtypes(a, b, opname):
    """MXNet's dot/batch_dot: both inputs of one dtype, float32/float64 (float16 too on a GPU)."""
    if a.dtype is not b.dtype:
        raise MXNetError(f"{opname}: Incompatible attr in node at 1-th input: expected "
                         f"{str(a.dtype)[6:]}, got {str(b.dtype)[6:]}")
    if not (a.dtype in (torch.float32, torch.float64) or (a.dtype is torch.float16 and a.device.type == "cuda")):
        raise MXNetError(f"{opname}: Check failed: outputs[0].type_flag_ == kFloat32 || outputs[0].type_flag_ == "
                         f"kFloat64 || (outputs[0].type_flag_ == kFloat16 && gpu) : dot only supports "
                         f"float32/float64 for CPU, and float16/float32/float64 for GPU (got {str(a.dtype)[6:]})")


@mxop("dot")
def dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None):
    """Dot product: contracts the last axis of `lhs` with the first axis of `rhs`."""
    if transpose_a is False and transpose_b is False and forward_stype is None:  # hot path: 2-D x 2-D
        a, b = lhs._t, rhs._t  # tensor_of, inlined
        if not STATE.recording:
            if a.requires_grad:
                a = a.detach()
            if b.requires_grad:
                b = b.detach()
        if a.dim() == 2 and b.dim() == 2 and (a.dtype is torch.float32 or a.dtype is torch.float64):
            try:
                return wrap(a.mm(b))
            except RuntimeError:
                pass  # mismatched shapes or dtypes: the general path below reports it
    if forward_stype not in (None, "default"):  # MXNet's output then has that storage type (dense dot, cast)
        from ._sparse_ops import as_forward_stype
        return as_forward_stype(dot(lhs, rhs, transpose_a, transpose_b), forward_stype)
    a, b = tensor_of(lhs), tensor_of(rhs)
    _matmul_dtypes(a, b, "dot")
    ta, tb = as_bool(transpose_a), as_bool(transpose_b)
    if a.dim() == 1 and b.dim() == 1:
        if ta or tb:
            raise MXNetError("dot: Check failed: !param.transpose_a && !param.transpose_b: Cannot transpose vectors")
        if a.shape != b.shape:
            raise MXNetError(f"dot: shape mismatch {tuple(a.shape)} vs {tuple(b.shape)}")
        return wrap(torch.dot(a, b).reshape(1))
    # MXNet views N-D operands as matrices: lhs as (prod(shape[:-1]), shape[-1]), or (shape[0], rest)
    # transposed; rhs as (shape[0], rest), or (prod(shape[:-1]), shape[-1]) transposed.
    a2 = a.reshape(a.shape[0], -1).t() if ta else a.reshape(-1, a.shape[-1])
    b2 = b.reshape(-1, b.shape[-1]).t() if tb else b.reshape(b.shape[0], -1)
    if a2.shape[1] != b2.shape[0]:
        raise MXNetError(f"dot: shape mismatch: lhs {tuple(a.shape)} and rhs {tuple(b.shape)} "
                         f"(transpose_a={ta}, transpose_b={tb}) contract {a2.shape[1]} with {b2.shape[0]}")
    out_shape = tuple(a.shape[1:] if ta else a.shape[:-1]) + tuple(b.shape[:-1] if tb else b.shape[1:])
    return wrap(torch.mm(a2, b2).reshape(out_shape))


@mxop("batch_dot")
def batch_dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None):
    """Batched matrix product of (B, M, K) and (B, K, N)."""
    if forward_stype not in (None, "default"):
        raise NotImplementedError(f"nd.batch_dot: forward_stype={forward_stype!r} is not supported")
    a, b = tensor_of(lhs), tensor_of(rhs)
    _matmul_dtypes(a, b, "batch_dot")
    if as_bool(transpose_a):
        a = a.transpose(-1, -2)
    if as_bool(transpose_b):
        b = b.transpose(-1, -2)
    if a.dim() < 3 or a.shape[:-2] != b.shape[:-2] or a.shape[-1] != b.shape[-2]:
        raise MXNetError(f"batch_dot: shape mismatch: lhs {tuple(a.shape)} and rhs {tuple(b.shape)}")
    return wrap(torch.matmul(a, b))


@mxop("where")
def where(condition, x, y):
    """Elements of `x` where `condition` is non-zero, else of `y`."""
    c = tensor_of(condition)
    xt, yt = tensor_of(x), tensor_of(y)
    if xt.shape != yt.shape:
        raise MXNetError(f"where: x {tuple(xt.shape)} and y {tuple(yt.shape)} must have the same shape")
    if xt.dtype is not yt.dtype:
        raise MXNetError(f"where: Incompatible attr in node at 2-th input: expected {str(xt.dtype)[6:]}, "
                         f"got {str(yt.dtype)[6:]}")
    if c.shape != xt.shape:
        c = _where_condition(c, xt)
    return wrap(torch.where(c != 0, xt, yt))


def _where_condition(c, xt):
    """A condition shaped unlike x: 1-D per-row, or (in a symbol graph, whose shape inference is looser than
    MXNet's imperative check) any shape holding one value per row or one per element of x."""
    batch = (-1,) + (1,) * (xt.dim() - 1)
    if c.dim() == 1 and xt.dim() and c.shape[0] == xt.shape[0]:
        return c.reshape(batch)
    if c.dim() != 1 and xt.dim() and in_graph():
        if c.numel() == xt.numel():
            return c.reshape(xt.shape)
        if c.numel() == xt.shape[0]:
            return c.reshape(batch)
    raise MXNetError(f"where: condition shape {tuple(c.shape)} does not match x {tuple(xt.shape)}")


@mxop("take")
def take(a, indices, axis=0, mode="clip"):
    """Gather slices of `a` along `axis` at `indices` (clipped by default)."""
    t = tensor_of(a)
    ax = as_axis(axis, t.dim(), "take")
    idx = tensor_of(indices).detach()
    if idx.is_floating_point():
        idx = torch.trunc(idx)
    idx = idx.long()
    n = t.shape[ax]
    if mode == "clip":
        idx = idx.clamp(0, n - 1)
    elif mode == "wrap":
        idx = idx.remainder(n)
    elif mode == "raise":
        if idx.numel() and (bool((idx < 0).any()) or bool((idx >= n).any())):  # MXNet's kernel check: reported
            return wrap(failed(MXNetError(  # when the result is read
                "Check failed: is_valid: take operator contains indices out of bound"),
                list(t.shape[:ax]) + list(idx.shape) + list(t.shape[ax + 1:]), t.dtype, t.device))
    else:
        raise MXNetError(f"take: invalid mode {mode!r}")
    out = torch.index_select(t, ax, idx.reshape(-1))
    shape = list(t.shape[:ax]) + list(idx.shape) + list(t.shape[ax + 1:])
    return wrap(out.reshape(shape))


def _attach_methods():
    NDArray.softmax = softmax
    NDArray.log_softmax = log_softmax
    NDArray.pick = pick
    NDArray.one_hot = one_hot
    NDArray.take = take


_attach_methods()
