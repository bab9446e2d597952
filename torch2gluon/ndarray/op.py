"""`mx.nd.op`: MXNet's module of the registered operators (the same functions as `mx.nd.<name>`)."""
import sys as _sys

from ._op_names import OP_NAMES as _OP_NAMES
from .cached_op import CachedOp  # noqa: F401

_PKG = _sys.modules[__package__]  # imported at the end of ndarray/__init__.py, after the operator modules
globals().update({_n: getattr(_PKG, _n) for _n in _OP_NAMES if _n in vars(_PKG)})


def __getattr__(name):
    """An operator `mx.nd` gains later (e.g. nd.Custom, with mx.operator) as `mx.nd.op.<name>`; `__all__`: the
    operators MXNet's module lists that torch2gluon has (computed when asked)."""
    if name == "__all__":
        return ["CachedOp"] + [n for n in _OP_NAMES if hasattr(_PKG, n)]
    if name in _OP_NAMES:
        return getattr(_PKG, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_OP_NAMES))
