"""`mxnet.library`: loading C++ extension libraries of custom operators (not supported)."""
import os

from .base import MXNetError


def load(path, verbose=True):  # pylint: disable=unused-argument
    """Load an MXNet extension library: the path is checked as MXNet does, then NotImplementedError (its
    operators are compiled against MXNet's C++ API, which torch2gluon does not have)."""
    if not os.path.exists(path):
        raise MXNetError(f"load path {path} does NOT exist")
    if not os.path.isabs(path):
        raise MXNetError(f"load path {path} is not an absolute path")
    if os.path.splitext(path)[1] not in (".so", ".dll"):
        raise MXNetError(f"load path {path} is NOT a library file")
    raise NotImplementedError("mx.library.load is not supported by torch2gluon: extension libraries are "
                              "compiled against MXNet's C++ operator API; write the operator with "
                              "mx.operator.CustomOp or autograd.Function instead")
