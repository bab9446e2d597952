"""`mx.sym.linalg` (importable as `mxnet.symbol.linalg`): MXNet's `_linalg_*` operators as symbol constructors."""
from ._namespace import namespace_getattr, publish
from . import _listing


def _linalg_listing():
    """The module's operators (its `__all__` and `dir()` listing)."""
    return _listing.like_nd("linalg")


__getattr__ = namespace_getattr("_linalg_", "mxnet.symbol.linalg", listing=_linalg_listing)
__dir__ = _listing.module_dir(globals(), _linalg_listing)
publish(globals(), "_linalg_")
