"""`mx.sym.npx` (`mxnet.symbol.numpy_extension`): the symbolic numpy-extension operators.

Each `mx.npx` operator that aliases a legacy operator writes that operator's node (`FullyConnected`,
`Activation`, `softmax`... as MXNet 1.9.1 does) and returns an `mx.sym.np._Symbol`; `relu`, `sigmoid`,
`reshape` and `nonzero` write their `_npx_*` nodes. Nodes evaluate through the same implementations as
`mx.npx`. Names not built here (npx.random, npx.image...) raise NotImplementedError.
"""
from ..numpy._nodes import np_node as _np_node, legacy_node as _legacy_node
from ..numpy._table import NPX_OPS as _NPX_OPS


def _check(name, x, arg):
    from ..symbol import Symbol
    if not isinstance(x, Symbol):
        raise TypeError(f"mx.sym.npx.{name}: argument '{arg}' must be a Symbol, got {type(x).__name__}")
    return x


def _legacy(name, op):
    def fn(*args, **kwargs):
        if kwargs.get("dtype", 0) is None:  # npx reads dtype=None as "not given"
            del kwargs["dtype"]
        if kwargs.pop("out", None) is not None:
            raise NotImplementedError(f"mx.sym.npx.{name}: argument 'out' is not supported for symbols")
        return _legacy_node(op, args, kwargs, name)
    fn.__name__ = name
    fn.__doc__ = f"Symbolic `npx.{name}` (MXNet's `{op}` node)."
    return fn


def _npx_unary(name, op):
    def fn(data=None, out=None, name=None):  # pylint: disable=redefined-outer-name
        if out is not None:
            raise NotImplementedError(f"mx.sym.npx.{fn.__name__}: argument 'out' is not supported for symbols")
        return _np_node(op, [_check(fn.__name__, data, "data")], {}, fn.__name__, name=name)
    fn.__name__ = name
    fn.__doc__ = f"Symbolic `npx.{name}` (node `{op}`)."
    return fn


def reshape(a, newshape, reverse=False, order="C", name=None):
    """Symbolic `npx.reshape` with its special codes (node `_npx_reshape`)."""
    if order != "C":
        raise NotImplementedError("mx.sym.npx.reshape: argument 'order' must be 'C'")
    attrs = {"newshape": tuple(newshape) if isinstance(newshape, (list, tuple)) else newshape}
    if reverse:
        attrs["reverse"] = True
    return _np_node("_npx_reshape", [_check("reshape", a, "a")], attrs, "reshape", name=name)


def nonzero(a, name=None):
    """Symbolic `npx.nonzero` (node `_npx_nonzero`)."""
    return _np_node("_npx_nonzero", [_check("nonzero", a, "a")], {}, "nonzero", name=name)


def _publish():
    from ...numpy_extension._op import _TABLE
    ns = globals()
    for name, (legacy, _inputs) in _TABLE.items():
        if name in _NPX_OPS:
            if name in ("relu", "sigmoid"):
                ns[name] = _npx_unary(name, _NPX_OPS[name])
            continue
        ns[name] = _legacy(name, legacy)


_publish()


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    from ..numpy._nodes import unsupported
    raise unsupported("mx.sym.npx", name)
