"""`mx.npx`: MXNet 1.9.1's numpy extension (`mxnet.numpy_extension`): mode switches and neural-network ops."""
from ..util import set_np, reset_np, is_np_array, is_np_shape, get_cuda_compute_capability  # noqa: F401
from ..context import Context, cpu, gpu, cpu_pinned, current_context, num_gpus, gpu_memory_info  # noqa: F401
from ..ndarray import waitall  # noqa: F401
from ._op import *  # noqa: F401,F403
from . import _op  # noqa: F401
from . import random  # noqa: F401,E402
from . import image  # noqa: F401,E402
from ..numpy._io import save, load  # noqa: F401,E402  (npx.save / npx.load)
from . import utils  # noqa: F401,E402
from .. import numpy_op_signature as _signatures  # noqa: E402  (MXNet's `__signature__`s of builtin operators)
if hasattr(_signatures, "_register_op_signatures"):  # (absent while that module is the one importing this)
    _signatures._register_op_signatures()  # pylint: disable=protected-access
