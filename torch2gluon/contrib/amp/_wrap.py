"""Operator casting installed by `amp.init`: the operator functions of `mx.nd` and `mx.sym` are replaced by
wrappers that cast their inputs, as MXNet 1.9.1's AMP does.

MXNet patches module attributes, not its operator registry, and so does this module: every call that looks an
operator up by name at call time (`mx.nd.X`, `mx.nd.op.X`, `F.X` in Gluon layers, `mx.sym.X`) is cast, while
code that holds the function itself (optimizers, internal helpers) runs unchanged. When AMP is off nothing is
patched, so it costs nothing. Besides the namespaces, the NDArray methods MXNet routes through `mx.nd.op`
(`x + y`, `x == y`, `x.sum()`, `x.exp()`, ...; FLUENT_METHODS in lists/symbol_fp16.py) and the Symbol
operators routed through `mx.sym._internal` (`s + t` is `_Plus`) get the same casts.

Rules (per operator list):
- low-precision ops: every NDArray input is cast to the target dtype; every Symbol input gets an `amp_cast`
  node (auxiliary states excepted);
- float32 ops: the same towards float32; conditional ops only when the keyword argument holds a listed value;
- widest-type ops: NDArrays of the target dtype are cast to float32 when any input is float32; Symbol inputs
  go through one `amp_multicast` node.
An NDArray is cast only as MXNet's cast does: on CPU a float32 array (bfloat16 is not supported), on a GPU a
float16 or float32 array, and only when its dtype differs from the wanted one. Inside a hybridized forward
(MXNet runs the block's symbol graph, where every listed operator got `amp_cast`/`amp_multicast` nodes)
float16 and float32 arrays are cast on any device, and widest-type inputs go through `amp_multicast`.
"""
import numpy as np

from ... import ndarray as _nd
from ... import symbol as _sym
from ...ndarray import NDArray
from ...ndarray._state import STATE
from ...ndarray.register import OPS
from ...symbol import Symbol, make_op

_PREFIXES = ("_contrib_", "_linalg_", "_sparse_", "_image_", "_random_")
_SUBMODULES = {"_contrib_": "contrib", "_linalg_": "linalg", "_sparse_": "sparse", "_image_": "image",
               "_random_": "random"}
_ABSENT = object()

# NDArray operators and python functions MXNet computes with a broadcast operator of the widest-type list
# (two NDArrays; a scalar operand takes a `_X_scalar` operator, which casts nothing).
_ND_BINARY = ("__add__", "__radd__", "__iadd__", "__sub__", "__rsub__", "__isub__", "__mul__", "__rmul__",
              "__imul__", "__truediv__", "__rtruediv__", "__itruediv__", "__div__", "__rdiv__", "__idiv__",
              "__mod__", "__rmod__", "__imod__", "__eq__", "__ne__", "__gt__", "__ge__", "__lt__", "__le__")
_ND_FUNCS = ("add", "subtract", "multiply", "divide", "true_divide", "modulo", "maximum", "minimum", "equal",
             "not_equal", "greater", "greater_equal", "lesser", "lesser_equal", "logical_and", "logical_or",
             "logical_xor")
# Symbol operators whose Symbol-Symbol form is a `_internal` operator of the widest-type list
_SYM_BINARY = ("__add__", "__sub__", "__mul__", "__truediv__", "__div__", "__mod__", "__eq__", "__ne__",
               "__gt__", "__ge__", "__lt__", "__le__")
_SYM_FUNCS = ("maximum", "minimum")


def _nd_cast(x, dtype):
    """`x` cast to `dtype` where MXNet's AMP casts an NDArray (Symbols get an amp_cast node)."""
    if isinstance(x, NDArray):
        d = x.dtype
        if d == dtype:
            return x
        if x.context.device_type == "cpu" and not STATE.cached:
            ok = d == np.float32  # MXNet's CPU rule: float32 or bfloat16 inputs
        else:  # a GPU array, or a hybridized forward (MXNet's graph gets an amp_cast node: any float16/32)
            ok = d in (np.float16, np.float32)
        return OPS["amp_cast"](x, dtype=dtype) if ok else x
    if isinstance(x, Symbol):
        return make_op("amp_cast", [x], {"dtype": dtype})
    return x


def _skip(cond, kwargs):
    return cond is not None and kwargs.get(cond[0], _ABSENT) not in cond[1]


def _named(new, f):
    new.__name__ = getattr(f, "__name__", "op")
    new.__qualname__ = getattr(f, "__qualname__", new.__name__)
    new.__module__ = getattr(f, "__module__", None)
    new.__doc__ = getattr(f, "__doc__", None)
    new.__wrapped_amp__ = f
    return new


def nd_wrapper(f, dtype, cond=None):
    """`f` with every NDArray argument cast to `dtype` (unless `cond` = (keyword, values) does not match)."""
    def amp_op(*args, **kwargs):
        if _skip(cond, kwargs):
            return f(*args, **kwargs)
        args = [_nd_cast(a, dtype) for a in args]
        kwargs = {k: _nd_cast(v, dtype) for k, v in kwargs.items()}
        return f(*args, **kwargs)
    return _named(amp_op, f)


def sym_wrapper(f, dtype, cond=None):
    """`f` whose node reads each input (auxiliary states excepted) through an `amp_cast` to `dtype`."""
    def amp_op(*args, **kwargs):
        if _skip(cond, kwargs):
            return f(*args, **kwargs)
        out = f(*args, **kwargs)
        aux = set(out.list_auxiliary_states())
        nodes = []
        for node, _ in out._outputs:
            if all(node is not n for n in nodes):
                nodes.append(node)
        for node in nodes:
            node.inputs = [e if (e[0].op == "null" and e[0].name in aux) or _aux_output(e, aux)
                           else make_op("amp_cast", [Symbol([e])], {"dtype": dtype})._outputs[0]
                           for e in node.inputs]
        return out
    return _named(amp_op, f)


def _aux_output(entry, aux):
    node = entry[0]
    return node.op != "null" and Symbol([entry]).name in aux


def widest_wrapper(f, target):
    """`f` with its array inputs brought to the widest float type among them (amp_multicast for Symbols)."""
    def amp_op(*args, **kwargs):
        args = list(args)
        found = [(args, i, a) for i, a in enumerate(args) if isinstance(a, (Symbol, NDArray))]
        found += [(kwargs, k, a) for k, a in kwargs.items() if isinstance(a, (Symbol, NDArray))]
        if found and STATE.cached and not any(isinstance(a, Symbol) for _, _, a in found):
            # a hybridized forward: MXNet's graph has an amp_multicast node (the widest float type wins)
            if len({a.dtype for _, _, a in found}) > 1:
                cast = OPS["amp_multicast"](*[a for _, _, a in found], num_outputs=len(found))
                for (box, k, _), a in zip(found, cast):
                    box[k] = a
        elif not any(isinstance(a, Symbol) for _, _, a in found):
            wide = np.float32 if any(a.dtype == np.float32 for _, _, a in found) else target
            for box, k, a in found:
                if a.dtype != wide and a.dtype == target:
                    box[k] = OPS["amp_cast"](a, dtype=wide)
        elif found:
            cast = make_op("amp_multicast", [a for _, _, a in found], {"num_outputs": len(found)})
            for (box, k, _), s in zip(found, cast):
                box[k] = s
        return f(*args, **kwargs)
    return _named(amp_op, f)


def _site(name, pkg):
    """(namespace, attribute) where MXNet's AMP finds operator `name` of package `pkg` (nd or sym)."""
    for p in _PREFIXES:
        if name.startswith(p):
            if p != "_random_" or name.endswith("_like"):
                return getattr(pkg, _SUBMODULES[p]), name[len(p):]
            return pkg._internal, name
    if name.startswith("_"):
        return pkg._internal, name
    return pkg, name


def _patch(pkg, name, make):
    """Replace operator `name` of `pkg` (and of `pkg.op`, for top-level names) by `make(original)`."""
    ns, attr = _site(name, pkg)
    try:
        f = getattr(ns, attr)
    except (AttributeError, NotImplementedError):
        return  # an operator torch2gluon does not provide: nothing can call it
    setattr(ns, attr, make(f))
    op_ns = getattr(pkg, "op", None) if ns is pkg else None
    if op_ns is not None and hasattr(op_ns, attr):
        setattr(op_ns, attr, make(f))


def install(target, lp16_ops, fp32_ops, cond_ops, widest_ops):
    """Patch mx.nd and mx.sym (and NDArray/Symbol operators) for AMP with the given operator lists."""
    f32 = np.dtype(np.float32)
    for pkg, wrap in ((_sym, sym_wrapper), (_nd, nd_wrapper)):
        kinds = {}  # operator -> [(dtype, condition)] in wrapping order (the NDArray methods follow them)
        for name in lp16_ops:
            _patch(pkg, name, lambda f, w=wrap: w(f, target))
            kinds.setdefault(name, []).append((target, None))
        for name in fp32_ops:
            _patch(pkg, name, lambda f, w=wrap: w(f, f32))
            kinds.setdefault(name, []).append((f32, None))
        for name, arg, values in cond_ops:
            _patch(pkg, name, lambda f, w=wrap, c=(arg, values): w(f, f32, cond=c))
            kinds.setdefault(name, []).append((f32, (arg, values)))
        for name in widest_ops:
            _patch(pkg, name, lambda f: widest_wrapper(f, target))
    _patch_methods(target, kinds, widest_ops)


def _patch_methods(target, kinds, widest_ops):
    from .lists.symbol_fp16 import FLUENT_METHODS
    for meth, op in FLUENT_METHODS.items():
        f = NDArray.__dict__.get(meth)
        if f is None or op not in kinds:
            continue
        for dtype, cond in kinds[op]:
            f = nd_wrapper(f, dtype, cond)
        setattr(NDArray, meth, f)
    if "broadcast_add" in widest_ops:
        for meth in _ND_BINARY:
            f = NDArray.__dict__.get(meth)
            if f is not None:
                setattr(NDArray, meth, widest_wrapper(f, target))
        for name in _ND_FUNCS:
            f = getattr(_nd, name, None)
            if f is not None:
                setattr(_nd, name, widest_wrapper(f, target))
    if "_Plus" in widest_ops:
        for meth in _SYM_BINARY:
            f = Symbol.__dict__.get(meth)
            if f is not None:
                setattr(Symbol, meth, _sym_binary(f))
    if "_Maximum" in widest_ops:
        for name in _SYM_FUNCS:
            f = getattr(_sym, name, None)
            if f is not None:
                setattr(_sym, name, widest_wrapper(f, target))


def _sym_binary(f):
    """A Symbol operator that sends two Symbols through one amp_multicast node first."""
    def amp_op(self, other):
        if isinstance(other, Symbol):
            self, other = make_op("amp_multicast", [self, other], {"num_outputs": 2})
        return f(self, other)
    return _named(amp_op, f)
