"""`nd.save` / `nd.load`: MXNet's binary NDArray container (the `.params` format), read and written with numpy.

Layout (little-endian): u64 magic 0x112, u64 reserved 0, u64 N, N array records, u64 K, K names
(u64 length + UTF-8 bytes). A dense record: u32 magic (0xF993FAC9 legacy, 0xF993FACA numpy-shape),
i32 stype 0, u32 ndim + ndim*i64 shape, i32 dev_type, i32 dev_id, i32 dtype flag, raw C-order data.
"""
import os
import struct

import numpy as np
import torch

from ..base import MXNetError, DTYPE_FLAG
from .ndarray import NDArray, wrap

__all__ = ["save", "load", "load_frombuffer"]

_LIST_MAGIC = 0x112
_V2_MAGIC = 0xF993FAC9
_V3_MAGIC = 0xF993FACA
_V1_MAGIC = 0xF993FAC8
_FLAG_TO_NP = {v: k for k, v in DTYPE_FLAG.items()}


def _record(arr):
    a = arr.asnumpy()
    if a.ndim == 0:
        raise MXNetError("nd.save: a 0-d array cannot be saved in MXNet's legacy format "
                         "(MXNet could not load it back); reshape it to (1,) first")
    key = a.dtype.type
    if key not in DTYPE_FLAG:
        raise MXNetError(f"nd.save: dtype {a.dtype} cannot be saved")
    ctx = arr.context
    dev_type = 2 if ctx.device_typeid == 2 else ctx.device_typeid
    head = struct.pack("<Ii", _V2_MAGIC, 0) + struct.pack("<I", a.ndim) + \
        struct.pack(f"<{a.ndim}q", *a.shape) + struct.pack("<iii", dev_type, ctx.device_id, DTYPE_FLAG[key])
    return head + np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<"), copy=False).tobytes()


def save(fname, data):
    """Save an NDArray, a list of NDArrays or a str->NDArray dict to `fname` in MXNet's format."""
    if isinstance(data, NDArray):
        data = [data]
        names = []
    elif isinstance(data, dict):
        names = list(data.keys())
        if not all(isinstance(k, str) for k in names):
            raise TypeError("save only accept dict str->NDArray or list of NDArray")
        data = list(data.values())
    elif isinstance(data, (list, tuple)):
        names = []
    else:
        raise ValueError("data needs to either be a NDArray, dict of str, NDArray pairs or a list of NDarrays.")
    if not all(isinstance(d, NDArray) for d in data):
        raise TypeError("save only accept dict str->NDArray or list of NDArray")
    parts = [struct.pack("<QQQ", _LIST_MAGIC, 0, len(data))]
    parts += [_record(d) for d in data]
    parts.append(struct.pack("<Q", len(names)))
    for n in names:
        b = n.encode("utf-8")
        parts.append(struct.pack("<Q", len(b)) + b)
    tmp = f"{fname}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(b"".join(parts))
    os.replace(tmp, fname)


class _Reader:
    def __init__(self, buf, source):
        self.buf = memoryview(buf)
        self.pos = 0
        self.source = source

    def take(self, fmt):
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.buf):
            raise MXNetError(f"nd.load: {self.source} is truncated or not an MXNet NDArray file "
                             f"(needed {size} bytes at offset {self.pos})")
        out = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += size
        return out

    def raw(self, n):
        if self.pos + n > len(self.buf):
            raise MXNetError(f"nd.load: {self.source} is truncated (data of {n} bytes at offset {self.pos})")
        out = self.buf[self.pos:self.pos + n]
        self.pos += n
        return out


def _read_shape(r):
    (ndim,) = r.take("<I")
    return r.take(f"<{ndim}q") if ndim else ()


def _read_record(r, idx):
    (magic,) = r.take("<I")
    if magic == _V3_MAGIC:
        raise MXNetError(f"nd.load: record {idx} of {r.source} was saved in numpy-shape mode (npx.save); "
                         "np shape semantics are not supported by the legacy nd.load")
    if magic not in (_V2_MAGIC, _V1_MAGIC):
        raise MXNetError(f"nd.load: record {idx} of {r.source} has bad magic {magic:#x}; "
                         "not an MXNet NDArray file")
    if magic == _V2_MAGIC:
        (stype,) = r.take("<i")
        if stype != 0:
            raise NotImplementedError(f"nd.load: record {idx} of {r.source} is sparse (stype {stype}); "
                                      "sparse storage is not supported")
    shape = _read_shape(r)
    if len(shape) == 0:
        return None
    r.take("<ii")  # context the array was saved from; loaded arrays go to cpu(0) as in MXNet's CPU build
    (flag,) = r.take("<i")
    if flag not in _FLAG_TO_NP:
        raise MXNetError(f"nd.load: record {idx} of {r.source} has unknown dtype flag {flag}")
    dt = np.dtype(_FLAG_TO_NP[flag]).newbyteorder("<")
    n = int(np.prod(shape))
    a = np.frombuffer(r.raw(n * dt.itemsize), dtype=dt).reshape(shape).astype(dt.newbyteorder("="))
    return wrap(torch.from_numpy(a.copy()))


def load_frombuffer(buf, source="<buffer>"):
    """Load arrays from bytes in MXNet's format: a dict if names were saved, else a list."""
    r = _Reader(buf, source)
    magic, _, n = r.take("<QQQ")
    if magic != _LIST_MAGIC:
        raise MXNetError(f"nd.load: {source} is not an MXNet NDArray file (magic {magic:#x})")
    arrays = [_read_record(r, i) for i in range(n)]
    (k,) = r.take("<Q")
    names = []
    for _ in range(k):
        (ln,) = r.take("<Q")
        names.append(bytes(r.raw(ln)).decode("utf-8"))
    if k and k != n:
        raise MXNetError(f"nd.load: {source} has {n} arrays but {k} names")
    if names:
        return dict(zip(names, arrays))
    return arrays


def load(fname):
    """Load arrays saved by `nd.save` (or real MXNet): a dict if names were saved, else a list."""
    if not isinstance(fname, str):
        raise TypeError("fname required to be a string")
    with open(fname, "rb") as f:
        return load_frombuffer(f.read(), fname)
