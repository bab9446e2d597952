"""`mx.sym` / `mx.symbol`: symbolic graphs traced from operator calls, MXNet's JSON in and out.

Every operator of `nd` is also a symbol constructor here (`sym.FullyConnected(data, num_hidden=10,
name='fc1')`), which is what `F` is inside `hybrid_forward` while a block is exported. Graphs run through
`gluon.SymbolBlock`, `Symbol.eval` and executors (`bind`/`simple_bind`, mx.executor); shapes and dtypes
are inferred by running the graph on zeros, unknown (0) sizes being decided by their consumers
(shape_infer, partial_shape).
"""
from .symbol import Symbol, var, Variable, Group, load, load_json, make_op  # noqa: F401

# Python-frontend names whose MXNet operator has another (registered) name.
_FRONTEND = {"zeros": "_zeros", "ones": "_ones", "full": "_full", "arange": "_arange", "eye": "_eye",
             "linspace": "_linspace"}


def _maker(op):
    def fn(*args, **kwargs):
        return make_op(op, args, kwargs)
    fn.__name__ = op
    fn.__doc__ = f"Symbolic `{op}`: a node of the graph (same arguments as `nd.{op}`)."
    return fn


class _Namespace:
    """`sym.linalg`, `sym.contrib`, `sym.random`, `sym.image`: operators named `_<ns>_<name>` in MXNet."""

    def __init__(self, prefix):
        self._prefix = prefix

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        from .graph_exec import resolve_op
        op = self._prefix + name
        resolve_op(op)  # raises MXNetError now if torch2gluon has no such operator
        return _maker(op)


linalg = _Namespace("_linalg_")
contrib = _Namespace("_contrib_")
random = _Namespace("_random_")
image = _Namespace("_image_")
_internal = _Namespace("")  # MXNet's internal operators by their own names (`_rnn_param_concat`...)


def __getattr__(name):
    from ..ndarray.register import OPS
    if name in _FRONTEND:
        return _maker(_FRONTEND[name])
    if name in OPS:
        return _maker(name)
    raise AttributeError(f"module 'mxnet.symbol' has no attribute {name!r}")
