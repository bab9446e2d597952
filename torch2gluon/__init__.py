"""torch2gluon: Apache MXNet 1.9.1's Python API over PyTorch tensors and kernels.

Use it as `import torch2gluon as mx`, run unmodified scripts with `python -m torch2gluon script.py`,
or call `torch2gluon.install_as_mxnet()` so that `import mxnet` resolves here.
"""
# The MXNet release whose API this package implements: code checks `mx.__version__` (gluon-cv, gluon-nlp).
__version__ = "1.9.1"
__t2g_version__ = "0.1.0"  # torch2gluon's own release

from . import base
from .base import MXNetError
from . import context
from .context import Context, cpu, gpu, cpu_pinned, current_context, num_gpus, gpu_memory_info
from . import ndarray
from . import ndarray as nd
from . import autograd
from . import random
from . import random as rnd
from . import initializer
from . import initializer as init
from . import optimizer
from . import lr_scheduler
from . import recordio
from . import io
from . import image
from . import image as img
from . import gluon
from . import kvstore
from . import kvstore as kv
from . import metric
from . import callback
from . import runtime, engine, util, profiler
from . import name
from . import attribute
from .attribute import AttrScope
from .util import is_np_shape, set_np_shape, np_shape, use_np_shape  # noqa: F401
from .util import is_np_array, np_array, use_np_array, use_np  # noqa: F401
# mx.np / mx.npx (mxnet.numpy, mxnet.numpy_extension) load on first use: see __getattr__ (~80 ms of import)
from . import operator
from . import symbol
from . import symbol as sym
from . import executor
from . import model, module
from . import monitor
from . import monitor as mon
from . import module as mod
from . import contrib
from . import visualization
from . import rnn
from . import visualization as viz
from . import error, log, libinfo, library, rtc, onnx





from ._alias import install_as_mxnet

test_utils = None  # replaced lazily below


_LAZY = {"np": ".numpy", "numpy": ".numpy", "npx": ".numpy_extension", "numpy_extension": ".numpy_extension",
         "np_symbol": ".symbol.numpy._symbol"}


def __getattr__(name):
    if name == "test_utils":
        import importlib
        return importlib.import_module(".test_utils", __name__)
    if name in _LAZY:
        import importlib
        mod = importlib.import_module(_LAZY[name], __name__)
        globals()[name] = mod
        return mod
    raise AttributeError(f"module 'torch2gluon' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | {"test_utils"})


del test_utils
