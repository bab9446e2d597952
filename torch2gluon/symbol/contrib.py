"""`mx.sym.contrib` (importable as `mxnet.symbol.contrib`): MXNet's `_contrib_*` operators as symbol constructors,
and the control-flow builders `foreach`, `while_loop` and `cond` (symbol/control_flow.py), `rand_zipfian`."""
from ._namespace import namespace_getattr, publish
from . import _listing
from .control_flow import foreach, while_loop, cond  # noqa: F401
from .contrib_zipfian import rand_zipfian  # noqa: F401

__getattr__ = namespace_getattr("_contrib_", "mxnet.symbol.contrib", listing=_listing.contrib_names)
__dir__ = _listing.module_dir(globals(), _listing.contrib_names)
publish(globals(), "_contrib_")
