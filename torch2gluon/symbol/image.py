"""`mx.sym.image` (importable as `mxnet.symbol.image`): MXNet's `_image_*` operators as symbol constructors."""
from ._namespace import namespace_getattr, publish
from . import _listing


def _image_listing():
    """The module's operators (its `__all__` and `dir()` listing)."""
    return _listing.like_nd("image")


__getattr__ = namespace_getattr("_image_", "mxnet.symbol.image", listing=_image_listing)
__dir__ = _listing.module_dir(globals(), _image_listing)
publish(globals(), "_image_")
