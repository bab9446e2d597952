"""`mx.contrib`: experimental namespaces (`contrib.autograd`, and the contrib operators as `contrib.nd`/`contrib.sym`)."""
from . import autograd, ndarray, symbol
from . import ndarray as nd
from . import symbol as sym

__all__ = ["autograd", "ndarray", "symbol", "nd", "sym"]
