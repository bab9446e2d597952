"""`mx.np.random`: MXNet 1.9.1's numpy-style samplers over torch's generators.

Semantics follow `mxnet.numpy.random` (which is not official numpy's):
- parameters are python/numpy scalars or `mx.np.ndarray`s (broadcast together); anything else is MXNet's
  'Invalid Parameter format' MXNetError;
- `size=None` gives the parameters' broadcast shape (a 0-d array for scalars); a given `size` is the output
  shape and the parameters must broadcast to it;
- the output dtype is the `dtype` argument where there is one (float32 by default, int64 for randint and
  choice), float32 otherwise, whatever the parameters' dtypes; the output lives on the parameters' context
  when they are arrays, else on `ctx`;
- `out=` must already have the result's shape and dtype (MXNetError otherwise) and is filled in place;
- gradients: normal, logistic, gumbel, exponential, rayleigh, weibull and pareto are reparameterised
  (pathwise gradients to their array parameters, as MXNet); uniform, gamma and power give zero gradients;
  multivariate_normal refuses backward (MXNetError), as MXNet.
MXNet 1.9.1's quirks are kept: `chisquare(df)` draws Gamma(df/2, scale=1/2) (mean df/4), multivariate_normal
adds `L^T @ noise` (L = cholesky(cov)) and ignores `check_valid`/`tol`, `lognormal(out=o)` leaves the
underlying normal sample in `o`. On CPU, uniform, normal, gamma (beta, chisquare) and the one-word samplers read
MXNet's own np twister (`ndarray/_mx_rng_global.py`), randint the parallel stream as `nd.random.randint`: a seed
gives MXNet's numbers (docs/numpy_random_linalg_io.md says which exactly); the others, and every GPU draw, use
torch's generators, which `mx.random.seed`/`npx.random.seed` seed too.
"""
import numbers

import numpy as onp
import torch

from ..base import MXNetError
from ..context import tag_for
from ..ndarray.creation import _device
from ..ndarray.ndarray import NDArray
from ..ndarray._nondiff import link
from ..ndarray import _mx_rng, _mx_rng_global, _mx_rng_samplers
from ..util import is_np_shape
from ._wrap import wrap_np, np_class, tensor_in, np_operand
from . import _mx_np_transforms as _tf

__all__ = ["randint", "uniform", "normal", "choice", "rand", "multinomial", "multivariate_normal",
           "logistic", "gumbel", "rayleigh", "shuffle", "gamma", "beta", "chisquare", "exponential",
           "lognormal", "weibull", "pareto", "power", "randn"]

_FLOATS = {"float16": torch.float16, "float32": torch.float32, "float64": torch.float64}
_NUM = (numbers.Number, onp.generic)


# ---------------------------------------------------------------- argument plumbing


def _fmt(v):
    return str(v)


def _size(size, opname):
    """`size` as a tuple (None stays None)."""
    if size is None:
        return None
    if isinstance(size, (numbers.Integral, onp.integer)) and not isinstance(size, bool):
        return (int(size),)
    try:
        ok = all(isinstance(s, (numbers.Integral, onp.integer)) and not isinstance(s, bool) for s in size)
    except TypeError:
        ok = False
    if not ok:
        raise MXNetError(f"Invalid Parameter format for size expect Shape or None but value='{size}', "
                         f"in operator {opname}")
    size = tuple(int(s) for s in size)
    if any(s < 0 for s in size):
        raise MXNetError(f"{opname}: negative dimension in size {size}")
    return size


_DT_CACHE = {}


def _dtype(dtype, opname, default="float32"):
    try:
        return _DT_CACHE[(dtype, opname)]
    except (KeyError, TypeError):
        pass
    out = _resolve_dtype(dtype, opname, default)
    try:
        _DT_CACHE[(dtype, opname)] = out
    except TypeError:
        pass
    return out


def _resolve_dtype(dtype, opname, default):
    if dtype is None:
        dtype = default
    name = onp.dtype(dtype).name if not isinstance(dtype, torch.dtype) else str(dtype).split(".")[-1]
    if name not in _FLOATS:
        raise MXNetError(f"Invalid Input: '{name}', valid values are: {{'float16', 'float32', 'float64'}}, "
                         f"in operator {opname}")
    return _FLOATS[name]


def _params(opname, names, values):
    """Split parameters into tensors (np arrays) / floats; checks MXNet's accepted kinds."""
    out = []
    for n, v in zip(names, values):
        if isinstance(v, np_class()):
            out.append(tensor_in(v))
        elif isinstance(v, _NUM) and not isinstance(v, complex):
            out.append(float(v))
        else:
            raise MXNetError(f"Invalid Parameter format for {n} expect float or None but value='{_fmt(v)}', "
                             f"in operator {opname}")
    ts = [t for t in out if isinstance(t, torch.Tensor)]
    for t in ts:
        if t.dtype == torch.bool:
            raise MXNetError(f"Unknown type enum 7 (boolean parameter array in operator {opname})")
    if len({t.dtype for t in ts}) > 1:
        raise MXNetError("Check failed: mshadow::DataType<DType>::kFlag == type_flag_: TBlob.get_with_shape: data "
                         f"type do not match specified type (parameter arrays of different dtypes in {opname})")
    return out


def _broadcast(shapes):
    res = ()
    for s in shapes:
        if s == res or not s:
            continue
        if not res:
            res = s
            continue
        n = max(len(res), len(s))
        a, b = (1,) * (n - len(res)) + res, (1,) * (n - len(s)) + s
        out = []
        for x, y in zip(a, b):
            if x != y and x != 1 and y != 1:
                raise MXNetError(f"Check failed: l == 1 || r == 1: operands could not be broadcast together with "
                                 f"shapes {list(res)} {list(s)}")
            out.append(y if x == 1 else x)
        res = tuple(out)
    return res


def _out_shape(vals, size):
    pshape = _broadcast([tuple(v.shape) for v in vals if isinstance(v, torch.Tensor)])
    if size is None:
        return pshape
    if not pshape:
        return size
    full = _broadcast([pshape, size])
    if full != size:
        raise MXNetError(f"Check failed: l == 1 || r == 1: operands could not be broadcast together with "
                         f"shapes {list(size)} {list(pshape)}")
    return size


def _placement(values, vals, ctx):
    """(torch device, context tag) of the result: the first array parameter's context, else `ctx`."""
    for a, v in zip(values, vals):
        if isinstance(v, torch.Tensor):
            return v.device, a._ctx
    c = _device(ctx)
    return c.torch_device, tag_for(c)


def _check_out(out, shape, dtype, opname):
    """`out=` must have the result's shape and dtype (MXNet checks before it draws)."""
    if tuple(out.shape) != tuple(shape):
        raise MXNetError(f"Shape inconsistent, Provided = {list(out.shape)}, inferred shape={list(shape)}")
    if out._t.dtype != dtype:
        raise MXNetError(f"Check failed: outputs[i]->dtype() == out_types[i]: 0-th output has invalid type in "
                         f"operator {opname}")


def _finish(t, tag, out, opname):
    """Wrap `t` as an np array, or write it into `out` (same shape and dtype required)."""
    if out is None:
        return wrap_np(t, tag)
    _check_out(out, t.shape, t.dtype, opname)
    out._assign(t.detach())
    return out


def _zero_link(sample, vals):
    """Connect `sample` to recorded parameters with zero gradient (MXNet's non-reparameterised samplers)."""
    for v in vals:
        if isinstance(v, torch.Tensor) and v.requires_grad:
            sample = sample + (v * 0).to(sample.dtype)
    return sample


def _as_t(v, dtype):
    """Parameter arrays in the compute dtype; scalars stay python floats."""
    return v.to(dtype) if isinstance(v, torch.Tensor) else v


def _check(vals, bad, scalar_msg, array_msg):
    """MXNet's parameter checks: `bad(x)` True for any element raises ValueError (MXNet's Check failed)."""
    for v in vals:
        if isinstance(v, torch.Tensor):
            if v.numel() and bool(bad(v.detach()).any()):
                raise ValueError(f"Check failed: indicator_host >= 0.0 (-1 vs. 0) : {array_msg}")
        elif bad(v):
            raise ValueError(f"Check failed: {scalar_msg}")


def _compute_dtype(td):
    return torch.float64 if td == torch.float64 else torch.float32


def _sample(opname, names, values, size, dtype, ctx, out, draw, *, checks=None, differentiable=True, mx=None):
    """Shared driver: broadcast the parameters to the output shape and call `draw(shape, dev, cdt, *params)`;
    on CPU, `mx = (base, combine)` draws from MXNet's own stream instead (see `_mx_draw`)."""
    size = _size(size, opname)
    if size == ():
        size = None
    vals = _params(opname, names, values)
    shape = _out_shape(vals, size)
    dev, tag = _placement(values, vals, ctx)
    td = dtype
    if out is not None:
        _check_out(out, shape, td, opname)
    on_stream = mx is not None and _mx_rng.active(dev)
    if checks is not None:
        try:
            checks(vals)
        except (ValueError, MXNetError):
            if on_stream:                   # MXNet's kernel draws before it checks the parameters' values
                mx[0](_mx_rng_global.stream(), _numel(shape))
            raise
    if on_stream:
        if differentiable:
            t = _mx_draw(mx, shape, vals, td)
        else:
            with torch.no_grad():
                t = _mx_draw(mx, shape, vals, td)
            t = _zero_link(t, vals)
        if mx is _MX_GAMMA and td == torch.float16:    # MXNet's half_t from double goes through float
            t = t.to(torch.float32)
        return _finish(t.to(td), tag, out, opname)
    cdt = _compute_dtype(td)
    ps = [_as_t(v, cdt) for v in vals]
    if differentiable:
        t = draw(shape, dev, cdt, *ps)
    else:
        with torch.no_grad():
            t = draw(shape, dev, cdt, *ps)
        t = _zero_link(t, ps)
    return _finish(t.to(td), tag, out, opname)


def _mx_draw(mx, shape, vals, td=None):
    """A sample from MXNet's CPU stream, transformed as MXNet's kernels do: `base(stream, n)` gives n float32
    standard values, `combine(base, wide, *params)` applies the parameters, and an optional third item is the
    compute dtype when all parameters are scalars (float32 by default; MXNet holds scalars as float32). With
    parameter arrays MXNet computes in their dtype; a float16 computation rounds after every operation, and the
    float32 base meets the parameters in float32 or wider (`wide`). An optional fourth item computes the values
    exactly as MXNet's kernel (`_mx_np_transforms`); the torch computation then only carries the gradient."""
    if mx is _MX_GAMMA:
        return _mx_gamma(shape, vals)
    base, combine = mx[:2]
    z = torch.from_numpy(base(_mx_rng_global.stream(), _numel(shape))).reshape(shape)
    arrays = [v for v in vals if isinstance(v, torch.Tensor)]
    cdt = arrays[0].dtype if arrays else (mx[2] if len(mx) > 2 else torch.float32)
    wide = torch.float64 if cdt == torch.float64 else torch.float32
    ps = [v.to(cdt) if isinstance(v, torch.Tensor) else torch.tensor(onp.float32(v).item(), dtype=cdt)
          for v in vals]
    t = combine(z, wide, *ps)
    if len(mx) > 3 and td is not None:
        nps = [onp.broadcast_to(v.detach().numpy(), shape).reshape(-1) if isinstance(v, torch.Tensor) else
               onp.float32(v) for v in vals]
        ex = mx[3](z.numpy().reshape(-1), *nps, torch.empty((), dtype=td).numpy().dtype)
        t = _Exact.apply(t, torch.from_numpy(onp.ascontiguousarray(ex)).reshape(shape))
    return t


class _Exact(torch.autograd.Function):
    """MXNet's exact values in the forward pass; the gradient of the differentiable computation `t`."""

    @staticmethod
    def forward(ctx, t, exact):
        ctx.dt = t.dtype
        return exact

    @staticmethod
    def backward(ctx, grad):
        return grad.to(ctx.dt), None


def _numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _mx_shift_scale(z, wide, shift, scale):
    """shift + z * scale, in MXNet's order and precision."""
    return shift + (z.to(wide) * scale.to(wide)).to(shift.dtype)


def _mx_uniform(z, wide, lo, hi):
    return lo + (z.to(wide) * (hi - lo).to(wide)).to(lo.dtype)


def _log_u(z, dtype, f=lambda u: u):
    """log(f(u)) of the stream's float32 uniforms in `dtype`: the C library's logf for float32 (MXNet's kernels
    call `log` on float), double precision otherwise; no gradient (the parameters carry it)."""
    u = z.numpy()
    if dtype == torch.float32:
        v = onp.asarray(f(u), onp.float32)
        return torch.from_numpy(_mx_rng.c_log(v.reshape(-1)).reshape(v.shape))  # (a 0-d result: one draw)
    return torch.log(f(torch.from_numpy(u).to(dtype)))


def _e_of(z, dt):
    """-log(u): a standard exponential from the stream's uniforms."""
    return -_log_u(z, dt)


_UNIF = (lambda st, n: st.uniform(n))
_MX_UNIFORM = (_UNIF, _mx_uniform)
_MX_NORMAL = (lambda st, n: st.normal(n), _mx_shift_scale)
# One uniform word per value. The torch transforms carry the gradients (double for scalar parameters, the parameter
# arrays' dtype otherwise); the fourth item, where there is one, gives the values with MXNet's exact rounding.
_MX_EXPONENTIAL = (_UNIF, lambda z, w, sc: _e_of(z, sc.dtype) * sc, torch.float64, _tf.exponential)
_MX_RAYLEIGH = (_UNIF, lambda z, w, sc: sc * torch.sqrt(2 * _e_of(z, sc.dtype)), torch.float64, _tf.rayleigh)
_MX_PARETO = (_UNIF, lambda z, w, a: torch.exp(_e_of(z, a.dtype) / a) - 1, torch.float64, _tf.pareto)
_MX_WEIBULL = (_UNIF, lambda z, w, a: _e_of(z, a.dtype) ** (1 / a), torch.float64, _tf.weibull)
_MX_LOGISTIC = (_UNIF, lambda z, w, m, sc: m + sc * _log_u(z, m.dtype, lambda u: u / (1 - u)), torch.float64,
                _tf.logistic)
_MX_GUMBEL = (_UNIF, lambda z, w, m, sc: m - sc * torch.log(_e_of(z, m.dtype)), torch.float64, _tf.gumbel)
# power draws one uniform more than it uses: MXNet samples its whole workspace, the failure flag's slot included
_MX_POWER = (lambda st, n: st.uniform(n + 1)[:n], lambda z, w, a: (1 - z.to(a.dtype)) ** (1 / a), torch.float64,
             _tf.power)


def _u(shape, dev, cdt):
    return torch.rand(shape, device=dev, dtype=cdt)


def _e(shape, dev, cdt):
    return torch.empty(shape, device=dev, dtype=cdt).exponential_(1.0)


# ---------------------------------------------------------------- samplers


def randint(low, high=None, size=None, dtype=None, ctx=None, out=None):
    """Random integers in [low, high) (or [0, low) when high is None); int64 by default."""
    opname = "_random_randint"
    if high is None:
        low, high = 0, low
    for n, v in (("low", low), ("high", high)):
        if not isinstance(v, (numbers.Integral, onp.integer)) or isinstance(v, bool):
            raise MXNetError(f"Invalid Parameter format for {n} expect long but value='{_fmt(v)}', "
                             f"in operator {opname}")
    low, high = int(low), int(high)
    name = "int64" if dtype is None else onp.dtype(dtype).name
    if name not in ("int32", "int64"):
        raise MXNetError(f"Invalid Input: '{name}', valid values are: {{'None', 'int32', 'int64'}}, "
                         f"in operator {opname}")
    td = torch.int64 if name == "int64" else torch.int32
    shape = () if size is None else _size(size, opname)
    if not is_np_shape() and (shape == () or 0 in shape):
        raise MXNetError(f"Operator {opname} inferring shapes failed: shape {shape} is unknown outside "
                         "numpy shape semantics (npx.set_np())")
    if high < low:
        raise MXNetError(f"Check failed: param.high >= param.low ({high} vs. {low}) : low must be less or "
                         "equal to high in uniform distribution")
    if out is not None and out._t.dtype != td:
        raise MXNetError("Check failed: dtype_out == param.dtype: Output type does not match requested type")
    c = _device(ctx)
    if high == low:   # MXNet 1.9.1 dies of a division by zero here (SIGFPE); its only possible value
        t = torch.full(shape, low, dtype=torch.int64, device=c.torch_device)
    elif _mx_rng.active(c.torch_device):   # MXNet's `_random_randint` on the parallel CPU stream, as nd's
        n = _numel(shape)
        r = _mx_rng_samplers.randint(_mx_rng.streams(), n, low, high) if n else onp.empty(0, onp.int64)
        t = torch.from_numpy(r).reshape(shape)
    else:
        t = torch.randint(low, high, shape, dtype=torch.int64, device=c.torch_device)
    if td == torch.int32:  # MXNet draws in the requested width: values wrap like a 32-bit integer
        t = t.to(torch.int32)
    return _finish(t, tag_for(c), out, opname)


def _is(v, x):
    return not isinstance(v, torch.Tensor) and v == x


def _uniform_draw(s, d, c, lo, hi):
    u = _u(s, d, c)
    return u if _is(lo, 0) and _is(hi, 1) else lo + (hi - lo) * u


def _normal_draw(s, d, c, m, sd):
    z = torch.randn(s, device=d, dtype=c)
    return z if _is(m, 0) and _is(sd, 1) else m + sd * z


def uniform(low=0.0, high=1.0, size=None, dtype=None, ctx=None, out=None):
    """Samples from U[low, high); `low`/`high` may be np arrays (broadcast). Zero gradients."""
    td = _dtype(dtype, "_npi_uniform")
    return _sample("_npi_uniform", ("low", "high"), (low, high), size, td, ctx, out,
                   _uniform_draw, differentiable=False, mx=_MX_UNIFORM)


def _neg_scale(vals, what="scale < 0"):
    _check(vals[1:], lambda x: x < 0, f"param.scale.value() >= 0.0 : {what}", what)


def normal(loc=0.0, scale=1.0, size=None, dtype=None, ctx=None, out=None):
    """Samples from N(loc, scale^2); reparameterised (gradients to loc and scale)."""
    td = _dtype(dtype, "_npi_normal")
    return _sample("_npi_normal", ("loc", "scale"), (loc, scale), size, td, ctx, out,
                   _normal_draw, checks=_neg_scale, mx=_MX_NORMAL)


def lognormal(mean=0.0, sigma=1.0, size=None, dtype=None, ctx=None, out=None):
    """exp of a normal sample (as MXNet: with `out=`, `out` holds the normal sample, the exp is returned)."""
    res = normal(loc=mean, scale=sigma, size=size, dtype=dtype, ctx=ctx, out=out)
    return wrap_np(torch.exp(res._t), res._ctx)


def logistic(loc=0.0, scale=1.0, size=None, ctx=None, out=None):
    """Samples from the logistic distribution; reparameterised."""
    def draw(s, d, c, m, sc):
        u = _u(s, d, c)
        return m + sc * torch.log(u / (1 - u))
    return _sample("_npi_logistic", ("loc", "scale"), (loc, scale), size, torch.float32, ctx, out, draw,
                   checks=_neg_scale, mx=_MX_LOGISTIC)


def gumbel(loc=0.0, scale=1.0, size=None, ctx=None, out=None):
    """Samples from the Gumbel distribution; reparameterised."""
    def draw(s, d, c, m, sc):
        return m - sc * torch.log(_e(s, d, c))
    return _sample("_npi_gumbel", ("loc", "scale"), (loc, scale), size, torch.float32, ctx, out, draw,
                   checks=_neg_scale, mx=_MX_GUMBEL)


def _nonneg_scale(vals):
    _check(vals, lambda x: x < 0, "param.scale.value() >= 0.0 : expect scale >= 0", "expect scale >= 0")


def _positive_a(vals):
    _check(vals, lambda x: x <= 0, "param.a.value() > 0.0 : expect a > 0", "expect a > 0")


def rayleigh(scale=1.0, size=None, ctx=None, out=None):
    """Samples from the Rayleigh distribution; reparameterised."""
    return _sample("_npi_rayleigh", ("scale",), (scale,), size, torch.float32, ctx, out,
                   lambda s, d, c, sc: sc * torch.sqrt(2 * _e(s, d, c)), checks=_nonneg_scale,
                   mx=_MX_RAYLEIGH)


def exponential(scale=1.0, size=None, ctx=None, out=None):
    """Samples from the exponential distribution with the given scale (1/rate); reparameterised."""
    return _sample("_npi_exponential", ("scale",), (scale,), size, torch.float32, ctx, out,
                   lambda s, d, c, sc: sc * _e(s, d, c), checks=_nonneg_scale,
                   mx=_MX_EXPONENTIAL)


def weibull(a, size=None, ctx=None, out=None):
    """Samples from the 1-parameter Weibull distribution (scale 1); reparameterised."""
    return _sample("_npi_weibull", ("a",), (a,), size, torch.float32, ctx, out,
                   lambda s, d, c, k: _e(s, d, c) ** (1 / k), checks=_positive_a, mx=_MX_WEIBULL)


def pareto(a, size=None, ctx=None, out=None):
    """Samples from the Pareto II (Lomax) distribution with shape a; reparameterised."""
    return _sample("_npi_pareto", ("a",), (a,), size, torch.float32, ctx, out,
                   lambda s, d, c, k: torch.expm1(_e(s, d, c) / k), checks=_positive_a,
                   mx=_MX_PARETO)


def power(a, size=None):
    """Samples in [0, 1] from the power distribution a*x^(a-1). Zero gradients."""
    return _sample("_npi_powerd", ("a",), (a,), size, torch.float32, None, None,
                   lambda s, d, c, k: _u(s, d, c) ** (1 / k), checks=_positive_a, differentiable=False,
                   mx=_MX_POWER)


def _gamma_draw(s, d, c, k, theta):
    k = k.expand(s).contiguous() if isinstance(k, torch.Tensor) else torch.full(s, k, dtype=c, device=d)
    return torch._standard_gamma(k) * theta


def _gamma_checks(vals):
    for n, v in zip(("shape", "scale"), vals):
        if isinstance(v, torch.Tensor) and not v.is_floating_point():
            raise MXNetError(f"This operation only support floating point types, not {str(v.dtype).split('.')[-1]}")
        if isinstance(v, torch.Tensor):
            if v.numel() and bool((v.detach() <= 0).any()):
                raise ValueError(f"expect {n} > 0")
        elif v <= 0:
            raise ValueError(f"Check failed: false: expect {n} > 0")


def _mx_gamma(shape, vals):
    """MXNet's `_npi_gamma` kernel on its single CPU twister (float64 values, as MXNet's kernel computes them):
    parameter arrays in their dtype, broadcast to the output; scalars as float32, or in the array's dtype."""
    arrays = [v for v in vals if isinstance(v, torch.Tensor)]
    it = arrays[0].numpy().dtype if arrays else onp.float32
    a, b = (onp.broadcast_to(v.detach().numpy() if isinstance(v, torch.Tensor) else
                             onp.array(onp.float32(v), it), shape).reshape(-1).astype(it) for v in vals)
    res = _mx_rng_samplers.np_gamma(_mx_rng_global.stream(), a, b, wasted_first=False)
    return torch.from_numpy(res).reshape(shape)


def _mx_gamma_failed(stream, n):
    """A failing parameter check comes after MXNet's first draw of 2n uniforms and 2n normals (double)."""
    with stream.lock:
        _mx_rng_samplers.np_gamma_draw(stream, n)


_MX_GAMMA = (_mx_gamma_failed,)


def gamma(shape, scale=1.0, size=None, dtype=None, ctx=None, out=None):
    """Samples from Gamma(shape, scale). Zero gradients. With `out=`, `size` is `out`'s shape (as MXNet)."""
    td = _dtype(dtype, "_npi_gamma")
    if out is not None:
        size = out.shape
    return _sample("_npi_gamma", ("shape", "scale"), (shape, scale), size, td, ctx, out, _gamma_draw,
                   checks=_gamma_checks, differentiable=False, mx=_MX_GAMMA)


def beta(a, b, size=None, dtype=None, ctx=None):
    """Samples from Beta(a, b) as X/(X+Y) of two float64 gamma samples, cast with `astype` to `dtype` (float32;
    any dtype `astype` takes, integer ones included, as MXNet)."""
    if dtype is None:
        dtype = "float32"
    if size == ():
        size = None
    x = gamma(a, 1, size=size, dtype="float64", ctx=ctx)
    y = gamma(b, 1, size=size, dtype="float64", ctx=ctx)
    xt, yt = x._t, y._t
    if xt.dim() == 0 and not is_np_shape():  # MXNet's X / (X + Y) on 0-d arrays needs np shape semantics
        raise MXNetError("Operator _npi_add inferring shapes failed: 0-d arrays need numpy shape semantics "
                         "(np.random.beta with scalar parameters: run npx.set_np() first)")
    return wrap_np(xt / (xt + yt), x._ctx).astype(dtype)


def chisquare(df, size=None, dtype=None, ctx=None):
    """MXNet 1.9.1's chisquare: Gamma(df/2, scale=1/2) samples (its mean is df/4, not numpy's df)."""
    _dtype(dtype, "_npi_gamma")
    if size == ():
        size = None
    if isinstance(df, np_class()):
        half = wrap_np(tensor_in(df) / 2, df._ctx)
    elif isinstance(df, _NUM):
        half = df / 2
    else:
        raise TypeError(f"unsupported operand type(s) for /: '{type(df).__name__}' and 'int'")
    return gamma(half, 1 / 2, size=size, dtype=dtype, ctx=ctx)


def rand(*size, **kwargs):
    """Uniform [0, 1) samples of shape `size` (keywords go to `uniform`)."""
    return uniform(0, 1, size=tuple(size), **kwargs)


def randn(*size, **kwargs):
    """Standard normal samples of shape `size` (keywords go to `normal`)."""
    return normal(0, 1, size=tuple(size), **kwargs)


def multinomial(n, pvals, size=None, **kwargs):
    """Counts of `n` trials over len(pvals) outcomes (the last probability is 1 - sum of the others); int64."""
    if kwargs:
        raise TypeError(f"multinomial() got an unexpected keyword argument '{next(iter(kwargs))}'")
    opname = "_npi_multinomial"
    if isinstance(pvals, NDArray):
        p_rec = np_operand(pvals, "multinomial")
        p0 = p_rec.detach()
        p = p0.to(torch.float64)
        if p.dim() != 1:
            raise MXNetError(f"Check failed: ishape.ndim() == 1U ({p.dim()} vs. 1) : object too deep for "
                             "desired array")
        dev, tag = p.device, pvals._ctx
    else:
        if isinstance(pvals, onp.ndarray):
            raise ValueError("numpy ndarray is not supported!")
        if any(isinstance(i, list) for i in pvals):
            raise ValueError("object too deep for desired array")
        p = torch.tensor([float(x) for x in pvals], dtype=torch.float64)
        p0 = p_rec = p
        c = _device(None)  # the current context, as MXNet's operator without inputs
        dev, tag = c.torch_device, tag_for(c)
        p = p.to(dev)
    if not isinstance(n, (numbers.Integral, onp.integer)):
        raise MXNetError(f"Invalid Parameter format for n expect int but value='{n}', in operator {opname}")
    k = p.shape[0]
    head = float(p[:-1].sum()) if k else 0.0
    total = float(p0.sum())  # in the parameters' own dtype
    if total > 1.0 + 1e-12:  # MXNet checks the sum of all of pvals (its message says pvals[:-1])
        raise MXNetError(f"Check failed: sum <= 1.0 + 1e-12 ({total:g} vs. 1) : sum(pvals[:-1]) > 1.0")
    size = _size(size, opname)
    bshape = () if size is None else size
    if k and int(n) >= 0 and _mx_rng.active(dev):
        pv = p0.detach().numpy() if isinstance(pvals, NDArray) else p0.numpy()
        counts = _mx_rng_samplers.np_multinomial(_mx_rng_global.stream(), int(n), pv, _numel(bshape),
                                                 not isinstance(pvals, NDArray))
        return wrap_np(link(torch.from_numpy(counts).reshape(bshape + (k,)), [p_rec]), tag)
    probs = p.clone()
    if k:
        probs[-1] = max(1.0 - head, 0.0)
    counts = torch.zeros(bshape + (k,), dtype=torch.float64, device=dev)
    remaining = torch.full(bshape, float(int(n)), dtype=torch.float64, device=dev)
    left = 1.0
    for i in range(k):  # conditional binomials: x_i ~ Bin(remaining, p_i / mass left)
        if i == k - 1:
            xi = remaining.clone()
        else:
            q = min(max(float(probs[i]) / left, 0.0), 1.0) if left > 0 else 0.0
            xi = torch.binomial(remaining, torch.full_like(remaining, q))
        counts[..., i] = xi
        remaining = remaining - xi
        left -= float(probs[i])
    return wrap_np(link(counts.to(torch.int64), [p_rec]), tag)


class _NoGrad(torch.autograd.Function):
    """Identity whose backward raises, like MXNet's multivariate_normal."""

    @staticmethod
    def forward(ctx, x, *params):
        return x.clone()

    @staticmethod
    def backward(ctx, *grads):
        raise MXNetError("Operator random.multivariate_normal does not support gradient computation")


def multivariate_normal(mean, cov, size=None, check_valid=None, tol=None):
    """Batched multivariate normal samples `mean + L^T noise` (L = cholesky(cov)), MXNet 1.9.1's formula.

    `check_valid` and `tol` are ignored, as by MXNet 1.9.1's `mx.np.random.multivariate_normal`.
    """
    for v in (mean, cov):
        if not isinstance(v, NDArray):
            raise AssertionError(f"Positional arguments must have NDArray type, but got {v}")
    m, c = np_operand(mean, "Custom"), np_operand(cov, "Custom")
    if m.dim() < 1:
        raise MXNetError("mean must be at least 1 dimensional")
    if c.dim() < 2:
        raise MXNetError("cov must be at least 2 dimensional")
    if c.shape[-1] != c.shape[-2]:
        raise MXNetError("the last two dimentions of the parameter cov have to be the same, whereas the "
                         f"shape of cov is {list(c.shape)}")
    if c.shape[-1] != m.shape[-1]:
        raise MXNetError("mean and cov must have same length.The shape of mean is "
                         f"{list(m.shape[-1:])} but the shape of cov is {list(c.shape[-2:])}")
    oshape = _broadcast([tuple(m.shape), tuple(c.shape[:-1])])
    size = _size(size, "mvn_fallback")
    if size is not None:
        oshape = size + oshape
    if m.dtype not in _FLOATS.values():
        raise MXNetError(f"Invalid Input: '{str(m.dtype).split('.')[-1]}', valid values are: "
                         "{'float16', 'float32', 'float64'}, in operator _npi_normal")
    with torch.no_grad():
        cd = torch.float32 if c.dtype == torch.float16 else c.dtype
        try:
            L = torch.linalg.cholesky(c.detach().to(cd))
        except RuntimeError as e:
            raise MXNetError(f"multivariate_normal: cholesky of cov failed: {e}") from None
        L = L.to(c.dtype).to(m.dtype)
        noise = torch.randn(oshape, dtype=m.dtype, device=m.device)
        t = m.detach() + torch.einsum("...jk,...j->...k", L, noise)
    if m.requires_grad or c.requires_grad:
        t = _NoGrad.apply(t, m, c)
    return wrap_np(t, mean._ctx)


def choice(a, size=None, replace=True, p=None, ctx=None, out=None):
    """Random sample of `a` (an int: from arange(a); an array: rows of a along axis 0), `p` weights."""
    opname = "_npi_choice"
    if p is not None and not isinstance(p, NDArray):
        raise AssertionError(f"Argument input1 must have NDArray type, but got {p}")
    size = _size(size, opname)
    shape = () if size is None else size
    if isinstance(a, np_class()):
        at = tensor_in(a)
        pop, dev, tag = at.shape[0] if at.dim() else 0, at.device, a._ctx
    elif isinstance(a, (numbers.Integral, onp.integer)) and not isinstance(a, bool):
        at, pop = None, int(a)
        c = _device(ctx)
        dev, tag = c.torch_device, tag_for(c)
    else:
        raise MXNetError(f"Invalid Parameter format for a expect  but value='{a}', in operator {opname}")
    if pop <= 0:
        raise ValueError("a must be greater than 0")
    num = 1
    for s in shape:
        num *= s
    if not replace and num > pop:
        if p is None:  # MXNet 1.9.1's kernel fails here ("Failed to allocate CPU Memory"): an MXNetError
            raise MXNetError(f"{opname}: cannot take a larger sample ({num}) than the population ({pop}) when "
                             "replace=False")
        raise ValueError("Cannot take a larger sample than population when 'replace=False'")
    if p is None:
        if replace and _mx_rng.active(dev):           # MXNet: each index is a twister word modulo the population
            idx = torch.from_numpy(_mx_rng_global.stream().modulo(num, pop))
        elif replace:
            idx = torch.randint(0, pop, (num,), device=dev)
        else:
            idx = torch.randperm(pop, device=dev)[:num]
    else:
        p_t = np_operand(p, "choice", "input1")
        w = p_t.detach().to(torch.float64).reshape(-1)
        if w.shape[0] != pop:
            raise MXNetError(f"Check failed: a and p must have the same size ({pop} vs. {w.shape[0]})")
        if bool((w < 0).any()) or not bool(torch.isfinite(w).all()) or float(w.sum()) <= 0:
            raise MXNetError(f"{opname}: probabilities p must be finite, non-negative and not all zero")
        if not replace and num > int((w > 0).sum()):
            raise ValueError("Fewer non-zero entries in p than size")
        idx = torch.multinomial(w.to(dev), num, replacement=bool(replace)) if num else \
            torch.zeros(0, dtype=torch.int64, device=dev)
    idx = idx.reshape(shape)
    if at is None:
        idx = idx.to(torch.int64)
        if p is not None:  # recorded weights get zero gradients (MXNet), through a float stand-in
            idx = link(idx, [p_t])
        return _finish(idx, tag, out, opname)
    return wrap_np(at[idx], tag)


def shuffle(x):
    """Shuffle `x` in place along its first axis; returns None."""
    np_operand(x, "shuffle")
    t = x._t
    if t.dim() == 0 or t.shape[0] <= 1:
        return None
    from ..ndarray.random import shuffle_index
    x._assign(t.detach()[shuffle_index(t)].clone())
    return None
