"""Gradients of integer and bool arrays (`attach_grad` on int32/int64/int8/uint8/bool), as MXNet computes them.

torch differentiates floating-point tensors only. An integer variable here gets a float64 *shadow*: a leaf
holding the same values that torch can differentiate. While recording, a torch function mode runs every torch
call that reads a shadowed tensor a second time, on the shadows: an integer result keeps its exact values and
remembers the float result as its own shadow; a floating result is grafted onto the float result (same values,
gradient flowing into the shadows). `backward`/`grad` read the shadows' gradients and write them into the
integer gradient buffers, cast to the buffer's dtype (truncated, as MXNet's integer kernels give integers).

The mode is pushed (per thread) when the first integer variable is marked, and popped by the next recording
scope once no integer variable is alive, so programs without integer variables never pay for it.
"""
import weakref

import torch
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_flatten, tree_unflatten

from ._state import STATE

_SHADOW = "_t2g_shadow"     # on an integer result: the float64 tensor carrying its graph
_LEAF = "_t2g_int_leaf"     # on an integer variable's tensor: [shadow leaf, tensor version it copies, owner ref]
_VARS = {}                  # id -> weak reference of the NDArrays marked as integer variables (alive)
_TLS = __import__("threading").local()


def mark(var, t):
    """Make integer tensor `t` (the data of NDArray `var`) a differentiable variable through a float shadow."""
    t.__dict__[_LEAF] = [None, -1, weakref.ref(var)]
    key = id(var)
    _VARS[key] = weakref.ref(var, lambda _, k=key: _VARS.pop(k, None))
    _activate()


def shadow_of(t):
    """The float tensor carrying `t`'s graph (integer variables and recorded integer results), or None."""
    d = t.__dict__
    if not d:
        return None
    rec = d.get(_LEAF)
    if rec is not None:
        if rec[1] != t._version or rec[0] is None:  # first use, or the values changed in place since
            rec[0] = t.detach().to(torch.float64).requires_grad_(True)
            rec[1] = t._version
        return rec[0]
    return d.get(_SHADOW)


def shadow_or_self(t):
    """The shadow of integer tensor `t` if it has one, else `t`."""
    if t.__dict__ and not t.is_floating_point():
        s = shadow_of(t)
        if s is not None:
            return s
    return t


def is_shadow_leaf(t, leaf):
    """Whether `leaf` is the current shadow leaf of integer variable tensor `t`."""
    rec = t.__dict__.get(_LEAF)
    return rec is not None and rec[0] is leaf


def owner_of(leaf, candidates):
    """The NDArray among `candidates` (integer variables) whose shadow leaf is `leaf`, or None."""
    for var in candidates:
        if is_shadow_leaf(var._t, leaf):
            return var
    return None


def active():
    """Whether any integer variable is alive (else nothing here has work to do)."""
    return bool(_VARS)


def zero_link(base, *shadows):
    """Float `base` unchanged, recorded with a zero gradient for the differentiable shadows `shadows`."""
    return _ZeroTo.apply(base, *shadows)


def set_shadow(o, f):
    """Make float tensor `f` (already carrying its graph) the shadow of integer/bool result `o`."""
    o.__dict__[_SHADOW] = f


def zero_shadow(out, ins):
    """Give integer/bool tensor `out` a shadow with zero gradient w.r.t. the differentiable tensors `ins`."""
    _int_shadow(out, _ZeroTo.apply(out.detach().to(torch.float64), *ins))


def int_vars():
    """The integer variables alive now."""
    return [v for v in (r() for r in list(_VARS.values())) if v is not None]


class _Graft(torch.autograd.Function):  # pylint: disable=abstract-method
    """Values of `o` (the exact result), gradient routed to `f` (the same result computed on the shadows)."""

    @staticmethod
    def forward(ctx, o, f):  # pylint: disable=arguments-differ
        ctx.fdtype = f.dtype
        return o.detach().clone()

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        return None, g.to(ctx.fdtype)


_CASTS = frozenset(("to", "type", "int", "long", "short", "char", "byte", "type_as"))


def _cast_through(func, args, out):
    """A cast of a differentiable tensor to an integer dtype: MXNet's Cast passes the gradient straight through,
    so the source (as float64) becomes the integer result's shadow. Returns whether it applied."""
    if getattr(func, "__name__", "") not in _CASTS or not args or not isinstance(out, torch.Tensor):
        return False
    src = args[0]
    if not isinstance(src, torch.Tensor) or out.is_floating_point() or out.dtype is torch.bool or out is src:
        return False
    s = src if src.is_floating_point() else shadow_of(src)
    if s is None or not s.requires_grad or s.shape != out.shape:
        return False
    _int_shadow(out, s.to(torch.float64))
    return True


class _Trunc(torch.autograd.Function):  # pylint: disable=abstract-method
    """Identity whose gradient is truncated to integer dtype `dt`: MXNet's gradient of an integer array is an
    integer array at every node of the backward pass (the gradient of `mean` over 2 ints is 1 // 2 = 0)."""

    @staticmethod
    def forward(ctx, f, dt):  # pylint: disable=arguments-differ
        ctx.dt = dt
        return f.view_as(f)

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        return g.to(ctx.dt).to(g.dtype), None


def _int_shadow(o, f):
    """Record float `f` as the shadow of integer/bool result `o`."""
    o.__dict__[_SHADOW] = _Trunc.apply(f, o.dtype)


# integer kernels whose gradient MXNet defines as zero (floored modulo, integer division)
_ZERO_GRAD = frozenset(("remainder", "fmod", "__mod__", "__rmod__", "floor_divide", "__floordiv__",
                        "__rfloordiv__"))


class _ZeroTo(torch.autograd.Function):  # pylint: disable=abstract-method
    """`base` unchanged (its own gradient passes), recorded with a zero gradient for the shadows `ss`: an operation
    without a float counterpart (an index or condition input) still writes zeros into those variables, as MXNet."""

    @staticmethod
    def forward(ctx, base, *ss):  # pylint: disable=arguments-differ
        ctx.metas = [(s.shape, s.dtype, s.device) for s in ss]
        return base.detach().clone()

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        return (g,) + tuple(torch.zeros(sh, dtype=d, device=dev) for sh, d, dev in ctx.metas)


def _zero_linked(oflat, ospec, out, shadows):
    """The outputs of a call whose shadow run failed, recorded with zero gradients for `shadows`."""
    shadows = [s for s in shadows if s.requires_grad]
    if not shadows:
        return out
    changed = False
    for i, o in enumerate(oflat):
        if not isinstance(o, torch.Tensor):
            continue
        if o.is_floating_point():
            oflat[i] = _ZeroTo.apply(o, *shadows)
            changed = True
        else:
            _int_shadow(o, _ZeroTo.apply(o.detach().to(torch.float64), *shadows))
    return tree_unflatten(oflat, ospec) if changed else out


def _inplace(func):
    name = getattr(func, "__name__", "")
    return name == "__setitem__" or (name.endswith("_") and not name.endswith("__")) or \
        name in ("__iadd__", "__isub__", "__imul__", "__itruediv__", "__ifloordiv__", "__imod__", "__ipow__")


_REQUIRES_GRAD = torch.Tensor.requires_grad  # the property's descriptor
_Tensor = torch.Tensor


def _shadowed(a):
    d = a.__dict__
    return bool(d) and (_SHADOW in d or _LEAF in d)


def _any_shadowed(args):
    """Whether a tensor among `args` (or inside a list/tuple argument) carries a shadow: a cheap scan that
    spares the common call the generic argument flattening."""
    for a in args:
        if isinstance(a, _Tensor):
            if _shadowed(a):
                return True
        elif type(a) is list or type(a) is tuple:
            for b in a:
                if isinstance(b, _Tensor) and _shadowed(b):
                    return True
    return False


class _ShadowMode(TorchFunctionMode):
    """Runs torch calls that read shadowed integer tensors on the shadows too (while recording)."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        if kwargs is None:
            kwargs = {}
        if not STATE.recording or not torch.is_grad_enabled():
            return func(*args, **kwargs)
        if getattr(func, "__self__", None) is _REQUIRES_GRAD:
            # a shadowed integer tensor counts as differentiable, so operators keep their graph-preserving paths
            t = args[0]
            if not t.is_floating_point() and t.__dict__:
                s = shadow_of(t)
                if s is not None and s.requires_grad:
                    return True
            return func(*args, **kwargs)
        if not (_any_shadowed(args) or (kwargs and _any_shadowed(kwargs.values()))):
            out = func(*args, **kwargs)  # the common call: no shadowed tensor among the arguments
            _cast_through(func, args, out)
            return out
        flat, spec = tree_flatten((args, kwargs))
        found = False
        sflat = []
        for a in flat:
            if type(a) is torch.Tensor or isinstance(a, torch.Tensor):
                s = shadow_of(a)
                if s is not None:
                    found = True
                    sflat.append(s)
                    continue
            elif type(a) is torch.dtype and not a.is_floating_point and not a.is_complex and a is not torch.bool:
                a = torch.float64  # an integer accumulation/result dtype (sum(dtype=int8)): computed in float
            sflat.append(a)
        if not found:
            out = func(*args, **kwargs)
            _cast_through(func, args, out)
            return out
        if "out" in kwargs:
            return func(*args, **kwargs)  # an out= write: the destination drops out of the graph
        if _inplace(func) and flat and isinstance(flat[0], torch.Tensor):
            return _run_inplace(func, args, kwargs, flat, sflat, spec)
        out = func(*args, **kwargs)
        if _cast_through(func, args, out):
            return out
        oflat, ospec = tree_flatten(out)
        if not any(isinstance(o, torch.Tensor) for o in oflat):
            return out
        sargs, skwargs = tree_unflatten(sflat, spec)
        if skwargs.get("rounding_mode") == "trunc":  # integer division: MXNet differentiates the true quotient
            skwargs = dict(skwargs)
            del skwargs["rounding_mode"]
        try:
            if getattr(func, "__name__", "") in _ZERO_GRAD:
                raise TypeError("an integer kernel with zero gradient")
            fout = func(*sargs, **skwargs)
        except Exception:  # pylint: disable=broad-except  (no float counterpart: an index, a condition)
            return _zero_linked(oflat, ospec, out, [s for s, a in zip(sflat, flat) if s is not a
                                                    and isinstance(s, torch.Tensor)])
        return _pair(out, oflat, ospec, fout)


def _pair(out, oflat, ospec, fout):
    """`out` (the exact results) joined to `fout` (the same call on the shadows): floating results are grafted,
    integer ones remember their float counterpart as their shadow."""
    fflat, fspec = tree_flatten(fout)
    if fspec != ospec:
        return out
    changed = False
    for i, (o, f) in enumerate(zip(oflat, fflat)):
        if not (isinstance(o, torch.Tensor) and isinstance(f, torch.Tensor)) or not f.requires_grad:
            continue
        if o.shape != f.shape:
            continue
        if o.is_floating_point():
            oflat[i] = _Graft.apply(o, f)
            changed = True
        else:
            _int_shadow(o, f)
    return tree_unflatten(oflat, ospec) if changed else out


class ShadowFunction(torch.autograd.Function):  # pylint: disable=abstract-method
    """A torch.autograd.Function that integer variables differentiate through: called with a shadowed integer
    tensor while recording, it runs once on the exact inputs (values) and once on the shadows (graph)."""

    @classmethod
    def apply(cls, *args, **kwargs):  # pylint: disable=arguments-differ
        if not _VARS or not STATE.recording or not torch.is_grad_enabled():
            return super().apply(*args, **kwargs)
        sargs = [(shadow_of(a) if isinstance(a, torch.Tensor) and not a.is_floating_point() and a.__dict__
                  else None) for a in args]
        if all(s is None for s in sargs):
            return super().apply(*args, **kwargs)
        out = super().apply(*args, **kwargs)
        oflat, ospec = tree_flatten(out)
        try:
            fout = super().apply(*[a if s is None else s for a, s in zip(args, sargs)], **kwargs)
        except Exception:  # pylint: disable=broad-except
            return _zero_linked(oflat, ospec, out, [s for s in sargs if s is not None])
        return _pair(out, oflat, ospec, fout)


def _run_inplace(func, args, kwargs, flat, sflat, spec):
    """An in-place write into `args[0]`: a float destination records the write from the shadows; an integer
    one gets a new shadow (its old shadow, or its values, with the same write applied)."""
    dest = flat[0]
    if dest.is_floating_point():
        sflat = [dest] + [s.to(dest.dtype) if s is not a else s for s, a in zip(sflat[1:], flat[1:])]
        sargs, skwargs = tree_unflatten(sflat, spec)
        try:
            return func(*sargs, **skwargs)
        except Exception:  # pylint: disable=broad-except
            return func(*args, **kwargs)
    base = sflat[0] if sflat[0] is not dest else dest.detach().to(torch.float64)
    out = func(*args, **kwargs)
    sflat = [base.clone()] + sflat[1:]
    sargs, skwargs = tree_unflatten(sflat, spec)
    try:
        func(*sargs, **skwargs)
    except Exception:  # pylint: disable=broad-except
        dest.__dict__.pop(_SHADOW, None)
        return out
    if sflat[0].requires_grad and dest.__dict__.get(_LEAF) is None:
        _int_shadow(dest, sflat[0])
    return out


def _activate():
    """Push the shadow mode on this thread's torch function mode stack (once)."""
    if getattr(_TLS, "mode", None) is None:
        mode = _ShadowMode()
        mode.__enter__()
        _TLS.mode = mode


def maybe_deactivate():
    """Pop the shadow mode when no integer variable is alive any more (and it is on top of the stack)."""
    mode = getattr(_TLS, "mode", None)
    if mode is None or len(_VARS):
        return
    n = torch._C._len_torch_function_stack()  # pylint: disable=protected-access
    if n and torch._C._get_function_stack_at(n - 1) is mode:  # pylint: disable=protected-access
        mode.__exit__(None, None, None)
        _TLS.mode = None
