"""`nd.save` / `nd.load` / `nd.load_frombuffer`: MXNet's binary NDArray container, byte-compatible both ways.

The format lives in `_params_format`; saving goes through `_atomic.atomic_write` (temp file + fsync +
os.replace), so a failed or interrupted save never leaves a half-written file behind.
"""
import io
import os

from ..base import MXNetError, DTYPE_FLAG
from .ndarray import NDArray, wrap
from ._atomic import atomic_write
from ._params_format import Reader, read_container, record_header, record_magic, write_container, V2_MAGIC

__all__ = ["save", "load", "load_frombuffer"]


def _records(arrays):
    """(header, numpy data) per array, every dtype checked before anything is written; records are V3 in np
    shape semantics (as MXNet writes them), else V2."""
    magic = record_magic()
    out = []
    for a in arrays:
        if a.stype != "default":
            if magic != V2_MAGIC:
                raise MXNetError(f"Check failed: storage_type() == kDefaultStorage : only allow serializing ndarray "
                                 f"of default storage type in np shape semantics (got a {a.stype} array)")
            from ._sparse_format import sparse_record
            out.append(sparse_record(a))
            continue
        data = a.asnumpy()
        flag = DTYPE_FLAG.get(data.dtype.type)
        if flag is None:
            raise MXNetError(f"nd.save: arrays of dtype {data.dtype} cannot be saved in MXNet's format")
        ctx = a.context
        out.append((record_header(data.shape, ctx.device_typeid, ctx.device_id, flag, magic), data))
    return out


def save(fname, data):
    """Save an NDArray, a list of NDArrays or a dict str->NDArray to `fname` in MXNet's binary format
    (`mx.np.ndarray`s are refused: MXNet saves those with `npx.save`)."""
    if isinstance(data, NDArray):
        data = [data]
    if isinstance(data, dict):
        names, arrays = list(data.keys()), list(data.values())
        if any(not isinstance(k, str) for k in names) or any(not isinstance(v, NDArray) for v in arrays):
            raise TypeError("save only accept dict str->NDArray or list of NDArray")
    elif isinstance(data, list):
        names, arrays = [], data
        if any(not isinstance(v, NDArray) for v in arrays):
            raise TypeError("save only accept dict str->NDArray or list of NDArray")
    else:
        raise ValueError("data needs to either be a NDArray, dict of str, NDArray pairs or a list of NDarrays.")
    if any(type(v) is not NDArray and _is_np(v) for v in arrays):
        raise TypeError("cannot save mxnet.numpy.ndarray using mxnet.ndarray.save; use mxnet.numpy.save instead.")
    write_file(fname, arrays, names)


def _is_np(v):
    from ..numpy._wrap import np_class
    return isinstance(v, np_class())


def write_file(fname, arrays, names):
    """Write `arrays` (with `names`, or [] for a list) to `fname` atomically (shared by nd.save and npx.save)."""
    if not isinstance(fname, str):
        # MXNet fails on `fname.encode` here
        raise AttributeError(f"nd.save: fname must be a str, got '{type(fname).__name__}' object")
    records = _records(arrays)
    atomic_write(fname, lambda f: write_container(f, records, names))


def _to_result(tensors, names):
    arrays = [t if isinstance(t, NDArray) else wrap(t) for t in tensors]   # sparse records load as arrays
    if names:
        return dict(zip(names, arrays))
    return arrays


def load_frombuffer(buf):
    """Load what `nd.save` wrote from a bytes buffer: a dict if names were saved, else a list."""
    if isinstance(buf, str):
        raise TypeError("nd.load_frombuffer: buf must be bytes (a str buffer cannot hold binary data on Python 3; "
                        "MXNet 1.9.1 fails on it too)")
    if not isinstance(buf, bytes):
        raise TypeError("buf required to be a string or bytes")
    return _to_result(*read_container(Reader(io.BytesIO(buf), len(buf), "<buffer>")))


def read_file(fname):
    """(tensors, names) read from `fname` (shared by nd.load and npx.load)."""
    try:
        f = open(fname, "rb")
    except OSError as e:
        raise MXNetError(f"nd.load: cannot open {fname!r}: {e.strerror}") from e
    with f:
        return read_container(Reader(f, os.fstat(f.fileno()).st_size, repr(fname)))


def load(fname):
    """Load arrays saved by `nd.save` (or by real MXNet) from `fname`: a dict if names were saved, else a list."""
    if not isinstance(fname, str):
        raise TypeError("fname required to be a string")
    return _to_result(*read_file(fname))
