"""`mx.contrib`: experimental namespaces (`contrib.autograd`, `contrib.text`, contrib operators as `contrib.nd`/`.sym`)."""
from . import autograd, ndarray, symbol, text
from . import ndarray as nd
from . import symbol as sym

__all__ = ["autograd", "ndarray", "symbol", "text", "nd", "sym"]
