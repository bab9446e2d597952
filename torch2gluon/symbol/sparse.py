"""`mx.sym.sparse` (importable as `mxnet.symbol.sparse`): the operators of `mx.nd.sparse` as symbol constructors.

Nodes are the same operators as `mx.sym.<name>` (`sym.sparse.dot(x, w)` is a `dot` node named dot0); MXNet's
sparse-only operators keep their registered names (`retain` is a `_sparse_retain` node). Graphs built here run
through executors and SymbolBlocks like any other; `bind`/`simple_bind` take sparse inputs and gradient
arrays with MXNet's storage types (`torch2gluon/_sparse_bind.py`, docs/sparse.md).
"""
from . import _maker
from ..ndarray import sparse as _nd_sparse

# MXNet's registered names for the operators that only exist in the sparse namespace
_SPARSE_ONLY = {"retain": "_sparse_retain", "adagrad_update": "_sparse_adagrad_update"}
_NOT_IN_MXNET = ("take",)  # mx.nd.sparse extras that MXNet's mx.sym.sparse lacks


def _publish():
    g = globals()
    names = set(_nd_sparse.DISPATCH) | set(_nd_sparse._FALLBACK) | {"broadcast_plus", "broadcast_minus"}
    names |= set(_SPARSE_ONLY)
    for name in sorted(names):
        if name in _NOT_IN_MXNET:
            continue
        g[name] = _maker(_SPARSE_ONLY.get(name, name), hint=name)


_publish()
__all__ = sorted(n for n in globals() if not n.startswith("_"))   # the operators, as MXNet lists them
