"""`mx.sym.random` (importable as `mxnet.symbol.random`): MXNet's `_random_*` operators as symbol constructors."""
from ._namespace import namespace_getattr, publish

__getattr__ = namespace_getattr("_random_", "mxnet.symbol.random", name_nodes_by_function=False)
publish(globals(), "_random_", name_nodes_by_function=False)
