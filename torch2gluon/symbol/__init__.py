"""`mx.sym` / `mx.symbol`: symbolic graphs traced from operator calls, MXNet's JSON in and out.

Every operator of `nd` is also a symbol constructor here (`sym.FullyConnected(data, num_hidden=10,
name='fc1')`), which is what `F` is inside `hybrid_forward` while a block is exported. Graphs run through
`gluon.SymbolBlock`, `Symbol.eval` and executors (`bind`/`simple_bind`, mx.executor); shapes and dtypes
are inferred by running the graph on zeros, unknown (0) sizes being decided by their consumers
(shape_infer, partial_shape).
"""
from .symbol import Symbol, var, Variable, Group, load, load_json, make_op  # noqa: F401
from ._kinds import refuse_np_symbols

# Python-frontend names whose MXNet operator has another (registered) name.
_FRONTEND = {"zeros": "_zeros", "ones": "_ones", "full": "_full", "arange": "_arange", "eye": "_eye",
             "linspace": "_linspace", "BatchNorm_v1": "BatchNorm_v1"}  # BatchNorm_v1: symbolic only


def _maker(op, hint=None):
    def fn(*args, **kwargs):
        for a in args:
            if type(a) is not Symbol:   # MXNet's refusal of mx.sym.np Symbols (_kinds.py)
                refuse_np_symbols(op, args, kwargs)
                break
        else:
            if kwargs:
                refuse_np_symbols(op, (), kwargs)
        return make_op(op, args, kwargs, hint=hint)
    fn.__name__ = op
    fn.__doc__ = f"Symbolic `{op}`: a node of the graph (same arguments as `nd.{op}`)."
    return fn


class _Namespace:
    """`sym._internal`: MXNet's internal operators by their own names, `<prefix><name>`."""

    def __init__(self, prefix):
        self._prefix = prefix

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        from ..base import MXNetError
        from .graph_exec import resolve_op
        op = self._prefix + name
        try:
            resolve_op(op)
        except MXNetError as e:  # an unknown name is a missing attribute (hasattr/getattr), as in MXNet
            raise AttributeError(f"module 'mxnet.symbol._internal' has no attribute {name!r} ({e})") from None
        return _maker(op)


from . import linalg, contrib, random, image, sparse  # noqa: E402  (importable submodules, like MXNet's)
# mx.sym.np / mx.sym.npx (`numpy`, `numpy_extension`) load on first use: see __getattr__ (they pull in mx.np/mx.npx)
_LAZY = {"np": "numpy", "numpy": "numpy", "npx": "numpy_extension", "numpy_extension": "numpy_extension"}
_internal = _Namespace("")  # MXNet's internal operators by their own names (`_rnn_param_concat`...)


def _scalar_or_symbol(name, both, scalar, rscalar, pyfn):
    from numbers import Number

    def fn(left, right):
        if isinstance(left, Symbol) and isinstance(right, Symbol):
            return make_op(both, [left, right], {}, hint=both.lower())
        if isinstance(left, Symbol) and isinstance(right, Number):
            return make_op(scalar, [left], {"scalar": right}, hint=scalar.replace("_scalar", "scalar"))
        if isinstance(left, Number) and isinstance(right, Symbol):
            return make_op(rscalar, [right], {"scalar": left}, hint=rscalar.replace("_scalar", "scalar"))
        if isinstance(left, Number) and isinstance(right, Number):
            return pyfn(left, right)
        raise TypeError(f"types ({type(left)}, {type(right)}) not supported")
    fn.__name__ = name
    fn.__doc__ = f"`{name}` of two Symbols, a Symbol and a scalar (either side), or two numbers (MXNet's sym.{name})."
    return fn


power = _scalar_or_symbol("power", "_power", "_power_scalar", "_rpower_scalar", lambda a, b: a ** b)
pow = _scalar_or_symbol("pow", "_power", "_power_scalar", "_rpower_scalar", lambda a, b: a ** b)  # noqa: A001
maximum = _scalar_or_symbol("maximum", "_maximum", "_maximum_scalar", "_maximum_scalar",
                            lambda a, b: a if a > b else b)
minimum = _scalar_or_symbol("minimum", "_minimum", "_minimum_scalar", "_minimum_scalar",
                            lambda a, b: a if a < b else b)
hypot = _scalar_or_symbol("hypot", "_hypot", "_hypot_scalar", "_hypot_scalar", lambda a, b: (a * a + b * b) ** 0.5)


def split_v2(ary, indices_or_sections, axis=0, squeeze_axis=False):
    """Symbolic split into `indices_or_sections` equal parts (int) or at the given indices (tuple): MXNet's
    `_split_v2` node, with `indices` starting at 0 and `sections` 0 when indices are given."""
    if isinstance(indices_or_sections, int):
        indices, sections = [], indices_or_sections
    elif isinstance(indices_or_sections, tuple):
        indices, sections = [0] + list(indices_or_sections), 0
    else:
        raise ValueError("indices_or_sections must either int or tuple of ints")
    return make_op("_split_v2", [ary], dict(indices=str(indices), axis=axis, squeeze_axis=squeeze_axis,
                                            sections=sections), hint="_split_v2")


def zeros(shape, dtype=None, **kwargs):
    """Symbolic `_zeros` node (dtype float32 unless given, recorded as an attribute like MXNet)."""
    return make_op("_zeros", [], dict(shape=shape, dtype="float32" if dtype is None else dtype, **kwargs))


def ones(shape, dtype=None, **kwargs):
    """Symbolic `_ones` node (dtype float32 unless given)."""
    return make_op("_ones", [], dict(shape=shape, dtype="float32" if dtype is None else dtype, **kwargs))


def full(shape, val, dtype=None, **kwargs):
    """Symbolic `_full` node filled with `val` (stored as MXNet's float attribute `value`)."""
    return make_op("_full", [], dict(shape=shape, dtype="float32" if dtype is None else dtype, value=float(val),
                                     **kwargs))


def arange(start, stop=None, step=1.0, repeat=1, infer_range=False, name=None, dtype=None):
    """Symbolic `_arange` node with MXNet's explicit attributes."""
    return make_op("_arange", [], dict(start=start, stop=stop, step=step, repeat=repeat, infer_range=infer_range,
                                       name=name, dtype="float32" if dtype is None else dtype))


def linspace(start, stop, num, endpoint=True, name=None, dtype=None):
    """Symbolic `_linspace` node with MXNet's explicit attributes."""
    return make_op("_linspace", [], dict(start=start, stop=stop, num=num, endpoint=endpoint, name=name,
                                         dtype="float32" if dtype is None else dtype))


def eye(N, M=0, k=0, dtype=None, **kwargs):
    """Symbolic `_eye` node (N x M, diagonal k)."""
    return make_op("_eye", [], dict(N=N, M=M, k=k, dtype="float32" if dtype is None else dtype, **kwargs))


def __getattr__(name):
    if name == "__all__":   # MXNet's list of mx.sym's operators and functions (computed when asked)
        from ._listing import sym_names
        return sym_names()
    if name in _LAZY:
        import importlib
        mod = importlib.import_module("." + _LAZY[name], __name__)
        globals()[name] = mod
        return mod
    from ..ndarray.register import OPS
    if name in _FRONTEND:
        return _maker(_FRONTEND[name])
    if name in OPS:
        return _maker(name)
    raise AttributeError(f"module 'mxnet.symbol' has no attribute {name!r}")


def __dir__():
    from ._listing import sym_names
    return sorted(set(globals()) | set(_LAZY) | set(sym_names()))


from ..ndarray import _module_names  # noqa: E402  (mxnet.symbol.symbol's functions and code tables)
_module_names.fill(_module_names.sys_module(__name__ + ".symbol"), _module_names.sys_module(__name__),
                   _module_names.SYMBOL_FUNCS)
