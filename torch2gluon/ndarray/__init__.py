"""`mx.nd`: NDArray and the operator namespace (every op implemented once in the `ops_*` modules)."""
from .ndarray import NDArray, from_torch, waitall
from .creation import array, ones, zeros, full, empty, arange, ones_like, zeros_like, eye, linspace
from . import ops_elemwise, ops_reduce, ops_shape, ops_nn, random
from . import image
from . import ops_ctc  # noqa: F401  (nd.CTCLoss / nd.ctc_loss)
from . import _internal  # noqa: F401  (mx.nd._internal: underscore operators)
from .register import OPS as _OPS
from .. import base as _base

from .ops_elemwise import *  # noqa: F401,F403
from .ops_reduce import sum, mean, prod, max, min, nansum, nanprod, argmax, argmin, norm, sort, argsort, topk  # noqa: A004
from .ops_shape import *  # noqa: F401,F403
from .ops_nn import *  # noqa: F401,F403
from . import ops_math, ops_linalg, linalg, ops_index, ops_spatial, ops_output, contrib, ops_optim, ops_legacy  # noqa: E402,E501
from .ops_index import split_v2  # noqa: F401
from .ops_math import *  # noqa: F401,F403


def _export_registered():
    g = globals()
    for name, fn in _OPS.items():
        if not name.startswith("_") and name not in g:
            g[name] = fn


_export_registered()
from . import ops_storage  # noqa: E402,F401  (nd.cast_storage)
from .refused import refused_in as _refused_in  # noqa: E402
globals().update({_k: _v for _k, _v in _refused_in("").items() if _k not in globals()})
cast_storage = _OPS["cast_storage"]

# NDArray methods that are plain ops (one implementation each).
for _name in ("sum", "mean", "prod", "max", "min", "nansum", "nanprod", "argmax", "argmin", "norm",
              "clip", "abs", "sign", "round", "rint", "ceil", "floor", "trunc", "fix", "square", "sqrt",
              "rsqrt", "cbrt", "rcbrt", "exp", "expm1", "log", "log10", "log2", "log1p", "sin", "cos",
              "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh",
              "arctanh", "degrees", "radians", "reciprocal", "relu", "sigmoid",
              "zeros_like", "ones_like", "argmax_channel", "sort", "argsort", "topk"):
    setattr(NDArray, _name, globals()[_name])
del _name


def from_dlpack(dlpack):
    """An NDArray sharing memory with a DLPack capsule or any object with `__dlpack__`."""
    import torch
    if hasattr(dlpack, "__dlpack__"):
        return from_torch(torch.utils.dlpack.from_dlpack(dlpack))
    try:
        return from_torch(torch.utils.dlpack.from_dlpack(dlpack))
    except (RuntimeError, TypeError, AttributeError):  # MXNet asserts on a used or invalid capsule
        raise AssertionError("Invalid DLPack Tensor. DLTensor capsules can be consumed only once.") from None


def to_dlpack_for_read(data):
    """A DLPack capsule viewing `data`."""
    return data.to_dlpack_for_read()


def to_dlpack_for_write(data):
    """A DLPack capsule viewing `data` (writable)."""
    return data.to_dlpack_for_write()


from .utils import save, load, load_frombuffer  # noqa: E402
from . import _pickle  # noqa: E402
NDArray.__getstate__ = _pickle.getstate
NDArray.__setstate__ = _pickle.setstate
from .cached_op import CachedOp  # noqa: E402
from .ops_conv import Convolution, Deconvolution, Pooling, Pad, pad  # noqa: E402
from .ops_norm import BatchNorm, LayerNorm, InstanceNorm, GroupNorm, Embedding, LeakyReLU  # noqa: E402
from .ops_rnn import RNN  # noqa: E402
from .ops_sequence import SequenceMask, SequenceLast, SequenceReverse  # noqa: E402

ops_index._attach_methods()  # after every operator module is imported (e.g. ops_conv's pad)
from . import sparse  # noqa: E402  (mx.nd.sparse; storage-aware nd.X for sparse inputs)
sparse.install(globals())
contrib._publish_ops()  # likewise: nd.contrib.__dict__ lists every contrib operator
from . import numpy, numpy_extension  # noqa: E402  (mxnet.ndarray.numpy / .numpy_extension: F.np, F.npx)
np = numpy
npx = numpy_extension
from . import op  # noqa: E402,F401  (mx.nd.op: the registered operators)
from . import _module_names  # noqa: E402  (mxnet.ndarray.ndarray's functions and code tables)
_module_names.fill(_module_names.sys_module(__name__ + ".ndarray"), _module_names.sys_module(__name__),
                   _module_names.NDARRAY_FUNCS)

# mx.nd's own (non-operator) public names in MXNet's __all__
_FRONTEND_ALL = ("NDArray", "add", "arange", "array", "concatenate", "contrib", "divide", "empty", "equal", "eye",
                 "from_dlpack", "from_numpy", "full", "greater", "greater_equal", "histogram", "image", "imdecode",
                 "lesser", "lesser_equal", "linalg", "linspace", "load", "load_frombuffer", "logical_and",
                 "logical_or", "logical_xor", "maximum", "minimum", "modulo", "moveaxis", "multiply", "not_equal",
                 "numpy", "numpy_extension", "onehot_encode", "ones", "power", "random", "save", "sparse",
                 "split_v2", "subtract", "to_dlpack_for_read", "to_dlpack_for_write", "true_divide", "waitall",
                 "zeros")


def __getattr__(name):
    """`__all__`: MXNet's list of mx.nd's operators and functions that torch2gluon has (computed when asked)."""
    if name == "__all__":
        g = globals()
        return sorted(n for n in set(op.__all__) | set(_FRONTEND_ALL) if n in g)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
