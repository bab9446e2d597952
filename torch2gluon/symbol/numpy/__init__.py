"""`mx.sym.np` (`mxnet.symbol.numpy`): MXNet 1.9.1's symbolic numpy interface.

`mx.sym.var('x').as_np_ndarray()` is an `_Symbol`; the functions here build the backend nodes MXNet writes
(`_npi_add`, `_np_sum`, `_npi_tensordot`...; see `_table`), so `tojson()` loads in MXNet and MXNet's numpy
graphs load here. Nodes evaluate through the imperative `mx.np` functions (values and gradients as
`mx.np`), in `Symbol.eval`, executors, `SymbolBlock` and the test utilities. Names not built here raise
NotImplementedError naming the function.
"""
from ._symbol import _Symbol  # noqa: F401
from ._functions import build_namespace as _build_namespace
from . import linalg, random  # noqa: F401

globals().update(_build_namespace())


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    from ._nodes import unsupported
    raise unsupported("mx.sym.np", name)
