"""`mx.np` reductions: sum, prod, mean, std, var, max/min, argmax/argmin, cumsum, all/any (MXNet 1.9.1 dtypes)."""
import numpy as _onp
import torch

from ..base import MXNetError
from ..ndarray import _tie_grad
from ..ndarray._nondiff import link, link_through
from ..ndarray._state import STATE
from ._op_common import need_array, axes_of, keep_of, dtype_arg, result, tin, is_int, no_extra, no_bool
from ._wrap import wrap_np, np_class
from ..ndarray._int_grad import ShadowFunction
from ..ndarray._int_mixed import refuse_bool_reduce

__all__ = ["sum", "prod", "product", "mean", "std", "var", "max", "min", "amax", "amin", "argmax", "argmin",
           "cumsum", "all", "any", "sometrue"]

_NP = np_class()
_py_all = all
_py_any = any


def _count(t, axes):
    n = 1
    for ax in axes:
        n *= t.shape[ax]
    return n


def _prep(a, axis, keepdims, opname, scalar_ok=True):
    need_array(a)
    t = tin(a)
    return t, axes_of(axis, t.dim(), opname, scalar_ok), keep_of(keepdims, opname)


def _sized_out(t, axes, opname):
    """MXNet 1.9.1's sum/prod/mean/std/var fail (at run time) when the result has no elements."""
    if t.numel() == 0 and len(axes) < t.dim():
        rest = 1
        for i, n in enumerate(t.shape):
            if i not in axes:
                rest *= n
        if rest == 0:
            raise MXNetError(f"{opname}: Check failed: this->shape_.Size() == shape.Size() (0 vs. 1) : "
                             "Shape size mismatch 0 v.s. 1 (a reduction with an empty result)")


def _no_initial(initial):
    if initial is not None:
        raise MXNetError("initial is not supported yet")


def _int_dtype(dt):
    return not dt.is_floating_point and dt != torch.bool


def _acc(a, b):
    """The accumulation type of a float reduction from dtype `a` to dtype `b`."""
    return torch.float64 if torch.float64 in (a, b) else torch.float32


def _sum_t(t, axes, keep, rdt):
    if not axes:
        return t.to(rdt).clone() if t.dtype == rdt else link_through(t.to(rdt), t)
    if rdt == torch.bool:  # MXNet sums in the input's type, then casts (a zero sum is False)
        if t.dtype == torch.bool:
            return torch.any(t, dim=axes, keepdim=keep)
        s = torch.sum(t, dim=axes, keepdim=keep)
        return link_through(s != 0, s)
    if t.is_floating_point() and rdt.is_floating_point and (t.dtype != rdt or rdt == torch.float16):
        # MXNet accumulates in the wider of the two float types (float16 in float32), then casts
        return torch.sum(t, dim=axes, keepdim=keep, dtype=_acc(t.dtype, rdt)).to(rdt)
    if t.is_floating_point() and not rdt.is_floating_point:  # MXNet sums in the float type, then casts
        s = torch.sum(t, dim=axes, keepdim=keep)
        return link_through(s.to(rdt), s)  # the cast passes the gradient through
    return torch.sum(t if t.dtype == rdt else t.to(rdt), dim=axes, keepdim=keep, dtype=rdt)


def _fast_input(a, axis, keepdims):
    """The tensor of a float, non-empty `mx.np.ndarray` reduced over one int axis or all axes with a plain bool
    `keepdims` (the common case, served without the general argument checks), else None."""
    if type(a) is not _NP or not (keepdims is False or keepdims is True):
        return None
    t = a._t
    if not t.is_floating_point() or t.dim() == 0 or not t.numel() or t.dtype == torch.float16:
        return None
    if axis is not None and not (type(axis) is int and -t.dim() <= axis < t.dim()):
        return None
    if t.requires_grad and not STATE.recording:
        t = t.detach()
    return t


def sum(a, axis=None, dtype=None, keepdims=False, initial=None, out=None, **kwargs):  # noqa: A001
    """Sum of array elements over `axis` (bool sums are int64; integer sums keep the dtype)."""
    if dtype is None and initial is None and out is None and not kwargs:
        t = _fast_input(a, axis, keepdims)
        if t is not None:
            r = torch.sum(t, dim=axis, keepdim=keepdims) if axis is not None else \
                (torch.sum(t).reshape((1,) * t.dim()) if keepdims else torch.sum(t))
            return wrap_np(r, a._ctx)
    no_extra(kwargs, "_np_sum")
    t, axes, keep = _prep(a, axis, keepdims, "_np_sum")
    rdt = dtype_arg(dtype, "_np_sum")
    _sized_out(t, axes, "_np_sum")
    _no_initial(initial)
    if rdt is None:
        rdt = torch.int64 if t.dtype == torch.bool else t.dtype
    _bool_input_dtype(t, rdt, "_np_sum")
    r = _sum_t(t, axes, keep, rdt)
    if STATE.recording and t.dtype is torch.bool:
        r = refuse_bool_reduce(r, t)
    return result(r, a, out, "_np_sum")


def _bool_input_dtype(t, rdt, opname):
    """MXNet's sum/prod of a bool array take only an int32/int64/float32/float64 `dtype=`."""
    if t.dtype == torch.bool and rdt not in (torch.int32, torch.int64, torch.float32, torch.float64):
        raise MXNetError(f"{opname}: Only support the following output dtypes when input dtype is bool: "
                         "int32, int64, float32, float64.")


def _prod_t(x, axes, keep):
    for ax in sorted(axes, reverse=True):
        x = torch.prod(x, dim=ax, keepdim=keep, dtype=x.dtype)
    return x


class _ProdGrad(ShadowFunction):  # pylint: disable=abstract-method
    """prod with MXNet's gradient `g * prod / x` (NaN where x is 0 and the product is 0, inf where it is not)."""

    @staticmethod
    def forward(ctx, x, axes, keep):  # pylint: disable=arguments-differ
        out = _prod_t(x, axes, keep)
        ctx.axes, ctx.keep = axes, keep
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        x, out = ctx.saved_tensors
        if not ctx.keep:
            for ax in sorted(ctx.axes):
                out, g = out.unsqueeze(ax), g.unsqueeze(ax)
        return g * out / x, None, None


def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, **kwargs):
    """Product of array elements over `axis` (an empty product is 0, as in MXNet 1.9.1)."""
    no_extra(kwargs, "_np_prod")
    t, axes, keep = _prep(a, axis, keepdims, "_np_prod")
    rdt = dtype_arg(dtype, "_np_prod")
    _sized_out(t, axes, "_np_prod")
    _no_initial(initial)
    if rdt is None:
        rdt = torch.int64 if t.dtype == torch.bool else t.dtype
    _bool_input_dtype(t, rdt, "_np_prod")
    float_to_int = t.is_floating_point() and not rdt.is_floating_point
    x = t.to(rdt) if t.dtype != rdt and not float_to_int else t  # MXNet multiplies floats, then casts
    if not axes:
        return result(x.clone(), a, out, "_np_prod")
    if _count(t, axes) == 0:
        shape = [1 if i in axes else n for i, n in enumerate(t.shape)] if keep else \
            [n for i, n in enumerate(t.shape) if i not in axes]
        return result(torch.zeros(shape, dtype=rdt, device=t.device), a, out, "_np_prod")
    if float_to_int:
        return result(_prod_t(x, axes, keep).to(rdt), a, out, "_np_prod")
    if x.requires_grad:
        return result(_ProdGrad.apply(x, axes, keep), a, out, "_np_prod")
    return result(_prod_t(x, axes, keep), a, out, "_np_prod")


product = prod


def _mean_in(t, axes, keep, rdt):
    """Mean computed in dtype `rdt` (integer means truncate; an empty mean is 0 as in MXNet)."""
    n = _count(t, axes)
    if not axes:
        return t.to(rdt).clone() if t.dtype == rdt else link_through(t.to(rdt), t)
    if t.is_floating_point() and rdt.is_floating_point and (t.dtype != rdt or rdt == torch.float16) and n:
        # MXNet: the sum in the accumulation type, cast to the result type, then divided in it; the gradient
        # is the head gradient divided by n in the input's type
        r = torch.sum(t.detach(), dim=axes, keepdim=keep, dtype=_acc(t.dtype, rdt)).to(rdt) / n
        if t.requires_grad:
            m = torch.mean(t, dim=axes, keepdim=keep)
            r = r + (m - m.detach()).to(rdt)
        return r
    if t.dtype == rdt and rdt.is_floating_point and n:  # the common case
        return torch.mean(t, dim=axes, keepdim=keep)
    if t.is_floating_point() and not rdt.is_floating_point:  # MXNet averages in the float type, then casts
        if n == 0:
            return torch.zeros_like(torch.sum(t, dim=axes, keepdim=keep), dtype=rdt)
        m = torch.sum(t, dim=axes, keepdim=keep) / n
        return link_through(m.to(rdt), m)  # the cast passes the gradient through
    s = torch.sum(t.to(rdt) if t.dtype != rdt else t, dim=axes, keepdim=keep, dtype=rdt)
    if n == 0:
        return torch.zeros_like(s)
    if rdt.is_floating_point:
        return s.div_(n) if not s.requires_grad else s / n
    return torch.div(s, n, rounding_mode="trunc")


def mean(a, axis=None, dtype=None, out=None, keepdims=False):
    """Arithmetic mean over `axis`; integer and bool arrays give float32 unless `dtype` says otherwise."""
    if dtype is None and out is None:
        t = _fast_input(a, axis, keepdims)
        if t is not None:
            r = torch.mean(t, dim=axis, keepdim=keepdims) if axis is not None else \
                (torch.mean(t).reshape((1,) * t.dim()) if keepdims else torch.mean(t))
            return wrap_np(r, a._ctx)
    t, axes, keep = _prep(a, axis, keepdims, "_npi_mean")
    rdt = dtype_arg(dtype, "_npi_mean")
    _sized_out(t, axes, "_npi_mean")
    if rdt is None:
        rdt = t.dtype if t.dtype.is_floating_point else torch.float32
    if rdt == torch.bool:
        if t.is_floating_point() and axes and _count(t, axes):  # the float mean cast to bool (gradient 1/n)
            m = torch.sum(t, dim=axes, keepdim=keep) / _count(t, axes)
            return result(link_through(m != 0, m), a, out, "_npi_mean")
        return result(_sum_t(t, axes, keep, torch.bool), a, out, "_npi_mean")
    r = _mean_in(t, axes, keep, rdt)
    if STATE.recording and t.dtype is torch.bool:
        r = refuse_bool_reduce(r, t)
    return result(r, a, out, "_npi_mean")


def _moment(a, axis, dtype, ddof, keepdims, opname):
    t, axes, keep = _prep(a, axis, keepdims, opname)
    rdt = dtype_arg(dtype, opname)
    _sized_out(t, axes, opname)
    no_bool(t)
    if not is_int(ddof):
        raise MXNetError(f"Invalid Parameter format for ddof expect int but value='{ddof}', in operator {opname}")
    if rdt is None:
        rdt = t.dtype
    # MXNet takes the mean in the input's dtype (truncated for integers), the deviations and squares too, and
    # only the sum of squares and the division in the result dtype.
    m = _mean_in(t, axes, True, t.dtype)
    dev = t - m
    sq = dev * dev
    n = _count(t, axes) - int(ddof)
    if t.is_floating_point() and not rdt.is_floating_point:  # float input: all in float, cast at the end
        ss = torch.sum(sq, dim=axes, keepdim=keep) if axes else sq
        return t, rdt, (ss / n).to(rdt)
    ss = torch.sum(sq.to(rdt) if rdt != sq.dtype else sq, dim=axes, keepdim=keep, dtype=rdt) if axes else \
        sq.to(rdt)
    if rdt.is_floating_point:
        return t, rdt, ss / n
    if n == 0:
        raise MXNetError(f"{opname}: integer division by zero (ddof equals the number of elements)")
    return t, rdt, torch.div(ss, n, rounding_mode="trunc")


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """Variance over `axis` with `ddof` delta degrees of freedom (integer arrays stay integer, and the gradient
    is zero, as in MXNet 1.9.1)."""
    t, _rdt, v = _moment(a, axis, dtype, ddof, keepdims, "_npi_var")
    return result(link(v.detach(), [t]), a, out, "_npi_var")  # MXNet 1.9.1: var has a zero gradient


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """Standard deviation over `axis` with `ddof` (integer arrays stay integer, truncated, and the gradient is
    zero, as in MXNet 1.9.1)."""
    t, rdt, v = _moment(a, axis, dtype, ddof, keepdims, "_npi_std")
    v = v.detach()
    if rdt.is_floating_point:
        s = torch.sqrt(v)
    else:
        s = torch.nan_to_num(torch.sqrt(v.to(torch.float64)), nan=0.0).to(rdt)
    return result(link(s, [t]), a, out, "_npi_std")  # MXNet 1.9.1: std has a zero gradient


def _extreme(a, axis, keepdims, out, is_max, kwargs):
    opname = "_np_max" if is_max else "_np_min"
    if out is None and not kwargs and axis is not None:
        t = _fast_input(a, axis, keepdims)
        if t is not None:
            ax = (axis % t.dim(),)
            r = _tie_grad.amax(t, ax, keepdims) if is_max else _tie_grad.amin(t, ax, keepdims)
            return wrap_np(r, a._ctx)
    _no_initial(kwargs.pop("initial", None))
    no_extra(kwargs, opname)
    need_array(a)
    if axis is not None and tin(a).dim() == 0:  # MXNet 1.9.1 takes axis -1 of a 0-d array, not 0
        given = axis if isinstance(axis, (tuple, list)) else (axis,)
        if _py_any(not is_int(x) or int(x) != -1 for x in given):
            raise MXNetError(f"{opname}: index = {axis} must be in range [0, 0) (array of dimension 0)")
    t, axes, keep = _prep(a, axis, keepdims, opname)
    if not axes:
        return result(t.clone(), a, out, opname)
    if _py_all(t.shape[ax] == 0 for ax in axes) or (t.numel() == 0 and _count(t, axes) == 0):
        raise MXNetError(f"{opname}: cannot reduce over a zero-size axis (the identity of max/min is undefined)")
    if t.dtype == torch.bool:
        r = torch.any(t, dim=axes, keepdim=keep) if is_max else torch.all(t, dim=axes, keepdim=keep)
    else:
        r = _tie_grad.amax(t, axes, keep) if is_max else _tie_grad.amin(t, axes, keep)
    return result(r, a, out, opname)


def max(a, axis=None, keepdims=False, out=None, **kwargs):  # noqa: A001 - numpy's name
    """Maximum over `axis` (the gradient goes to every element equal to the maximum, as in MXNet)."""
    return _extreme(a, axis, keepdims, out, True, kwargs)


def min(a, axis=None, keepdims=False, out=None, **kwargs):  # noqa: A001 - numpy's name
    """Minimum over `axis` (the gradient goes to every element equal to the minimum, as in MXNet)."""
    return _extreme(a, axis, keepdims, out, False, kwargs)


amax = max
amin = min


def _arg(a, axis, out, is_max):
    opname = "_npi_argmax" if is_max else "_npi_argmin"
    need_array(a)
    t = tin(a)
    if t.dtype == torch.bool:
        if t.numel():
            raise MXNetError("Unknown type enum 7")
        t = t.to(torch.uint8)  # an empty bool array never reaches MXNet's kernel
    if axis is None:
        if t.numel() == 0:
            raise MXNetError(f"{opname}: attempt to get argmax/argmin of an empty sequence")
        r = (torch.argmax if is_max else torch.argmin)(t.reshape(-1))
    else:
        if not is_int(axis):
            raise MXNetError(f"Invalid Parameter format for axis expect int or None but value='{axis}', "
                             f"in operator {opname}")
        if t.dim() == 0:
            if int(axis) not in (0, -1):
                raise MXNetError(f"{opname}: axis {axis} is out of bounds for array of dimension 0")
            r = torch.zeros((), dtype=torch.int64, device=t.device)
        else:
            ax = axes_of(axis, t.dim(), opname)[0]
            if t.shape[ax] == 0:
                raise MXNetError(f"{opname}: attempt to get argmax/argmin of an empty sequence")
            r = (torch.argmax if is_max else torch.argmin)(t, dim=ax)
    return result(r.detach(), a, out, opname)


def argmax(a, axis=None, out=None):
    """Indices (int64) of the maxima along `axis` (the flattened array by default)."""
    return _arg(a, axis, out, True)


def argmin(a, axis=None, out=None):
    """Indices (int64) of the minima along `axis` (the flattened array by default)."""
    return _arg(a, axis, out, False)


def cumsum(a, axis=None, dtype=None, out=None, **kwargs):
    """Cumulative sum along `axis` (the flattened array by default)."""
    no_extra(kwargs, "_np_cumsum")
    need_array(a)
    t = tin(a)
    rdt = dtype_arg(dtype, "_np_cumsum", ("float16", "float32", "float64", "int32", "int64", "int8"))
    if rdt is None:
        rdt = torch.int64 if t.dtype == torch.bool else t.dtype
    if axis is None:
        t, ax = t.reshape(-1), 0
    else:
        if not is_int(axis):
            raise MXNetError(f"Invalid Parameter format for axis expect int or None but value='{axis}', "
                             f"in operator _np_cumsum")
        if not 0 <= int(axis) < t.dim():  # MXNet 1.9.1 rejects negative axes (and any axis of a 0-d array)
            raise MXNetError(f"_np_cumsum: index = {axis} must be in range [0, {t.dim()})")
        ax = int(axis)
    if rdt == torch.float16 and t.shape[ax] > 1:
        return result(_cumsum_half(t, ax), a, out, "_np_cumsum")
    return result(torch.cumsum(t, dim=ax, dtype=rdt), a, out, "_np_cumsum")


def _cumsum_half(t, ax):
    """float16 cumsum along `ax` rounded to float16 after every addition, as MXNet's kernel (and NumPy) add
    (torch accumulates a half cumsum in float32 and rounds once)."""
    return _CumsumHalf.apply(t, ax)


class _CumsumHalf(torch.autograd.Function):
    """NumPy's sequential float16 accumulation (= MXNet's kernel); the backward is the reversed cumsum of the
    output gradient in the input's dtype, also sequential as MXNet's."""

    @staticmethod
    def forward(ctx, t, ax):
        ctx.ax, ctx.dt = ax, t.dtype
        x = t.detach().to(torch.float16).cpu().numpy()
        return torch.from_numpy(_onp.cumsum(x, axis=ax, dtype=_onp.float16)).to(t.device)

    @staticmethod
    def backward(ctx, g):
        gn = g.detach().to(ctx.dt).cpu().numpy()
        gi = _onp.flip(_onp.cumsum(_onp.flip(gn, ctx.ax), axis=ctx.ax, dtype=gn.dtype), ctx.ax)
        return torch.from_numpy(_onp.ascontiguousarray(gi)).to(g.device), None


def _logical(a, axis, keepdims, out, fn, opname, kwargs):
    no_extra(kwargs, opname)
    t, axes, keep = _prep(a, axis, keepdims, opname)
    b = t if t.dtype == torch.bool else t != 0
    r = fn(b, dim=axes, keepdim=keep) if axes else b.clone()
    return result(r, a, out, opname)


def all(a, axis=None, keepdims=False, out=None, **kwargs):  # noqa: A001 - numpy's name
    """Whether every element along `axis` is true (a bool array)."""
    return _logical(a, axis, keepdims, out, torch.all, "_np_all", kwargs)


def any(a, axis=None, keepdims=False, out=None, **kwargs):  # noqa: A001 - numpy's name
    """Whether any element along `axis` is true (a bool array)."""
    return _logical(a, axis, keepdims, out, torch.any, "_np_any", kwargs)


sometrue = any

from . import _op_sort  # noqa: E402 - sorting and searching live in their own module
from ._op_sort import *  # noqa: E402,F401,F403

__all__ += _op_sort.__all__

from . import _op_stats  # noqa: E402 - average, percentile, bincount live in their own module
from ._op_stats import *  # noqa: E402,F401,F403

__all__ += _op_stats.__all__

from . import _methods_reduce  # noqa: E402,F401 - attaches the ndarray methods of this family
