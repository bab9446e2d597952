"""`mx.nd._internal`: MXNet's underscore-named operators (`_plus_scalar`, `_slice_assign`, `_zeros`, ...)."""
from . import ops_internal  # noqa: F401  (registers the underscore operators)
from . import ops_unique_sample  # noqa: F401  (_sample_unique_zipfian)
from .register import OPS as _OPS


def __getattr__(name):
    fn = _OPS.get(name)
    if fn is None or not name.startswith("_"):
        raise AttributeError(f"module 'mxnet.ndarray._internal' has no attribute {name!r}")
    return fn


def __dir__():
    return sorted(n for n in _OPS if n.startswith("_"))
