"""`NDArray.__getstate__` / `__setstate__` in MXNet's form: `{'handle': bytearray}` holding one array record
of MXNet's binary format (what `MXNDArraySaveRawBytes` writes), so arrays pickled by real MXNet unpickle
here, and `a.__setstate__(state)` replaces an array's content as in MXNet. Arrays saved from a GPU load
onto the CPU when no GPU is present, like MXNet's CPU build.
"""
import io

import numpy as np
import torch

from ..base import MXNetError, DTYPE_FLAG
from ._params_format import Reader, read_record, record_header, record_magic


def getstate(self):
    """MXNet's pickle state: the array as one raw binary record."""
    data = self.asnumpy()
    flag = DTYPE_FLAG.get(data.dtype.type)
    if flag is None:
        raise MXNetError(f"NDArray.__getstate__: dtype {data.dtype} has no MXNet binary form")
    ctx = self.context
    raw = record_header(data.shape, ctx.device_typeid, ctx.device_id, flag, record_magic()) + np.ascontiguousarray(
        data.astype(data.dtype.newbyteorder("<"))).tobytes()
    return {"handle": bytearray(raw)}


def setstate(self, state):
    """Rebuild (or overwrite) this array from MXNet's pickle state."""
    handle = state.get("handle") if isinstance(state, dict) else None
    if handle is None:
        for slot, value in (("_grad", None), ("_grad_req", "null"), ("_ctx", None), ("_fresh_grad", False)):
            setattr(self, slot, value)
        raise MXNetError("NDArray.__setstate__: the state holds no 'handle' bytes")
    buf = bytes(handle)
    t = read_record(Reader(io.BytesIO(buf), len(buf), "<pickled NDArray>"), 0)
    if not isinstance(t, torch.Tensor):
        raise NotImplementedError("NDArray.__setstate__: the state holds a sparse array; unpickle it as a "
                                  "CSRNDArray / RowSparseNDArray instead")
    self._t = t
    self._grad = None
    self._grad_req = "null"
    self._ctx = None
    self._fresh_grad = False
