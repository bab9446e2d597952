"""`mx.np`: MXNet 1.9.1's numpy-compatible array API (`mxnet.numpy`) over torch tensors."""
from .multiarray import ndarray  # noqa: F401
from ._consts import *  # noqa: F401,F403
from ._op_create import *  # noqa: F401,F403
from ._op_math import *  # noqa: F401,F403
from ._op_reduce import *  # noqa: F401,F403
from ._op_shape import *  # noqa: F401,F403
from ._op_poly import *  # noqa: F401,F403
from . import random, linalg  # noqa: F401,E402
from . import utils, arrayprint, function_base, io, stride_tricks  # noqa: F401,E402  (MXNet's submodules)
from ._io import genfromtxt  # noqa: F401,E402
from .fallback import *  # noqa: F401,F403,E402  (MXNet's NumPy fallbacks: last, as in MXNet nothing overrides them)
from .. import numpy_op_signature as _signatures  # noqa: F401,E402  (MXNet's `__signature__`s of builtin operators)
