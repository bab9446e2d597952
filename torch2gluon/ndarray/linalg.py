"""`mx.nd.linalg`: the linear-algebra operators under their short names (gemm, potrf, ...)."""
from .ops_linalg import *  # noqa: F401,F403
from .ops_linalg import __all__  # noqa: F401
