"""`mx.sym.linalg` (importable as `mxnet.symbol.linalg`): MXNet's `_linalg_*` operators as symbol constructors."""
from ._namespace import namespace_getattr, publish

__getattr__ = namespace_getattr("_linalg_", "mxnet.symbol.linalg")
publish(globals(), "_linalg_")
