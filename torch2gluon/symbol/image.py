"""`mx.sym.image` (importable as `mxnet.symbol.image`): MXNet's `_image_*` operators as symbol constructors."""
from ._namespace import namespace_getattr, publish

__getattr__ = namespace_getattr("_image_", "mxnet.symbol.image")
publish(globals(), "_image_")
