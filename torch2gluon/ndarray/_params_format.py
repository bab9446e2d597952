"""MXNet's binary NDArray container (`nd.save`, `.params`): a streaming writer and a checked reader.

Layout, little-endian, no padding: u64 list magic 0x112, u64 reserved, u64 N, N array records, u64 K,
K names (u64 length + UTF-8 bytes); K is 0 for a list. A dense record (V2, what MXNet 1.9.1 writes):
u32 magic 0xF993FAC9, i32 stype 0, u32 ndim, ndim x i64 dims, i32 dev_type, i32 dev_id, i32 dtype flag,
then the C-order data. Also read: V1 (magic 0xF993FAC8, no stype) and the original format (the first u32
is ndim, u32 dims). V3 records (magic 0xF993FACA, V2's layout, written in np shape semantics; ndim 0 is a
0-d array) load only in np shape semantics and V2 ones only outside them, as in MXNet.

Every read is bounds-checked against the file size first, so a truncated or corrupted file raises
MXNetError naming the file and the byte offset; nothing is allocated from an unchecked size.
"""
import struct
import sys

import numpy as np
import torch

from ..base import MXNetError, DTYPE_FLAG

LIST_MAGIC = 0x112
V1_MAGIC, V2_MAGIC, V3_MAGIC = 0xF993FAC8, 0xF993FAC9, 0xF993FACA
FLAG_TO_DTYPE = {flag: np.dtype(t) for t, flag in DTYPE_FLAG.items()}
_DEV_TYPES = (1, 2, 3, 5)  # cpu, gpu, cpu_pinned, cpu_shared
_LITTLE = sys.byteorder == "little"


# ---------------------------------------------------------------- writing

def record_header(shape, dev_type, dev_id, flag, magic=V2_MAGIC):
    """The bytes of a dense record before its data (V2; V3 = the same layout saved in np shape semantics)."""
    return (struct.pack("<IiI", magic, 0, len(shape)) + struct.pack(f"<{len(shape)}q", *shape)
            + struct.pack("<iii", dev_type, dev_id, flag))


def record_magic():
    """The record magic MXNet writes now: V3 in np shape semantics, else V2."""
    from ..util import is_np_shape
    return V3_MAGIC if is_np_shape() else V2_MAGIC


def write_container(f, records, names):
    """Write `records` [(header bytes, numpy array or list of them)] and `names` (list of str, or [] for a list) to file `f`."""
    f.write(struct.pack("<QQQ", LIST_MAGIC, 0, len(records)))
    for head, arrays in records:
        f.write(head)
        for a in (arrays if isinstance(arrays, list) else [arrays]):   # a sparse record: data, then aux arrays
            if a.size:
                if not _LITTLE:
                    a = a.astype(a.dtype.newbyteorder("<"))
                f.write(memoryview(np.ascontiguousarray(a)).cast("B"))
    f.write(struct.pack("<Q", len(names)))
    for n in names:
        b = n.encode("utf-8")
        f.write(struct.pack("<Q", len(b)))
        f.write(b)


# ---------------------------------------------------------------- reading

class Reader:
    """Sequential, bounds-checked reads from a binary file object of known size.

    `what` arguments name the field for error messages; they may hold `{idx}`, filled in only on failure.
    """

    def __init__(self, f, size, source):
        self.f, self.size, self.source, self.pos = f, size, source, 0

    def fail(self, what, at=None, idx=None):
        at = self.pos if at is None else at
        return MXNetError(f"nd.load: {self.source} is corrupted: {what.format(idx=idx)} at byte offset {at} "
                          f"(file size {self.size} bytes). Invalid NDArray file format")

    def need(self, n, what, idx=None):
        if n > self.size - self.pos:
            raise MXNetError(f"nd.load: {self.source} is truncated: {what.format(idx=idx)} needs {n} bytes at byte "
                             f"offset {self.pos} but only {self.size - self.pos} remain (file size {self.size} "
                             "bytes). Invalid NDArray file format")

    def take(self, fmt, what, idx=None):
        n = struct.calcsize(fmt)
        if n > self.size - self.pos:
            self.need(n, what, idx)
        b = self.f.read(n)
        if len(b) != n:
            raise self.fail("short read of " + what, idx=idx)
        self.pos += n
        return struct.unpack(fmt, b)

    def peek(self, fmt):
        """Unpack `fmt` at the current position without consuming it (None if not enough bytes)."""
        n = struct.calcsize(fmt)
        if n > self.size - self.pos:
            return None
        b = self.f.read(n)
        self.f.seek(-len(b), 1)
        return struct.unpack(fmt, b) if len(b) == n else None

    def array(self, count, dtype, what, idx=None):
        """Read `count` elements of numpy `dtype` (little-endian in the file) into a fresh array."""
        dt = _U8 if dtype == _BOOL else dtype
        nbytes = count * dt.itemsize
        if nbytes > self.size - self.pos:
            self.need(nbytes, what, idx)
        out = np.empty(count, dtype=dt.newbyteorder("<"))
        if nbytes and self.f.readinto(memoryview(out).cast("B")) != nbytes:
            raise self.fail("short read of " + what, idx=idx)
        self.pos += nbytes
        if not _LITTLE:
            out = out.astype(dt)
        return out != 0 if dtype == _BOOL else out


_U8, _BOOL = np.dtype(np.uint8), np.dtype(np.bool_)


def _shape(r, ndim, fmt, idx):
    size = struct.calcsize(fmt)
    if ndim > (r.size - r.pos) // size:
        r.need(ndim * size, "the dims of record {idx}", idx)
    dims = r.take(f"<{ndim}{fmt}", "the dims of record {idx}", idx) if ndim else ()
    for d in dims:
        if d < 0:
            raise r.fail(f"record {idx} has a negative dim in shape {dims}", r.pos - ndim * size)
    return dims


def _zero_dim_follows(r):
    """Whether MXNet's 0-d payload (context, dtype flag, one element) follows a record with ndim 0."""
    head = r.peek("<iii")
    if head is None:
        return False
    dev_type, dev_id, flag = head
    return (dev_type in _DEV_TYPES and 0 <= dev_id < 65536 and flag in FLAG_TO_DTYPE
            and r.size - r.pos >= 12 + FLAG_TO_DTYPE[flag].itemsize)


def check_shape_semantics(v3, source, idx, start):
    """MXNet's rule: a V3 (np shape) record loads only in np shape semantics, a V2 one only outside them
    (or when np shape semantics are on globally, `set_np_shape(2)`)."""
    from ..util import is_np_shape, _NP_SHAPE_GLOBAL
    if v3 and not is_np_shape():
        raise MXNetError(f"Check failed: Imperative::Get()->is_np_shape(): ndarray was saved in np shape semantics, "
                         f"must be loaded in the same semantics (record {idx} of {source}, byte offset {start}). "
                         "Please turn on np shape semantics in Python using `with np_shape(True)` or decorator "
                         "`use_np_shape` to scope the code of loading the ndarray.")
    if not v3 and is_np_shape() and not _NP_SHAPE_GLOBAL[0]:
        raise MXNetError("Check failed: Imperative::Get()->is_np_shape() == GlobalOn || "
                         "!Imperative::Get()->is_np_shape(): ndarray was not saved in np shape semantics, but being "
                         f"loaded in np shape semantics (record {idx} of {source}, byte offset {start}). Please "
                         "turn off np shape semantics in Python using `with np_shape(False)` to scope the code of "
                         "loading the ndarray.")


def read_record(r, idx):
    """One array record -> a CPU torch tensor."""
    start = r.pos
    (magic,) = r.take("<I", "the magic of record {idx}", idx)
    if magic in (V2_MAGIC, V3_MAGIC):
        check_shape_semantics(magic == V3_MAGIC, r.source, idx, start)
        stype, ndim = r.take("<iI", "the storage type and ndim of record {idx}", idx)
        if stype in (1, 2):
            from ._sparse_format import read_sparse_body
            return read_sparse_body(r, idx, stype, ndim)
        if stype != 0:
            raise r.fail(f"record {idx} has unknown storage type {stype}", r.pos - 8)
        shape = _shape(r, ndim, "q", idx)
    elif magic == V1_MAGIC:
        (ndim,) = r.take("<I", "the ndim of record {idx}", idx)
        shape = _shape(r, ndim, "q", idx)
    elif magic <= 64:  # the original format: the first word is ndim, dims are u32
        shape = _shape(r, magic, "I", idx)
    else:
        raise r.fail(f"record {idx} has unknown magic {magic:#x}", start)
    if not shape and not _zero_dim_follows(r):
        # MXNet writes ndim 0 only for a 'none' array, which its own Python loader cannot build either
        raise r.fail(f"record {idx} holds no array (ndim 0 without data)", start)
    # the context is where the array was saved from; MXNet's CPU build loads every array to cpu(0)
    _dev_type, _dev_id, flag = r.take("<iii", "the context and dtype of record {idx}", idx)
    dtype = FLAG_TO_DTYPE.get(flag)
    if dtype is None:
        raise r.fail(f"record {idx} has unknown dtype flag {flag} (Unknown type enum {flag})", r.pos - 4)
    count, nonzero = 1, 1
    for d in shape:
        count *= d
        nonzero *= d or 1
    if nonzero * dtype.itemsize >= 2 ** 63:
        raise r.fail(f"record {idx} has an impossible shape {shape}", start)
    if count * dtype.itemsize > r.size - r.pos:
        r.need(count * dtype.itemsize, f"the data of record {idx} (shape {shape}, {dtype})")
    data = r.array(count, dtype, "the data of record {idx}", idx)
    return torch.from_numpy(data.reshape(shape))


def read_container(r):
    """Parse a whole container: (list of CPU tensors, list of names)."""
    magic, _reserved, n = r.take("<QQQ", "the header")
    if magic != LIST_MAGIC:
        raise MXNetError(f"nd.load: {r.source} is not an MXNet NDArray file (magic {magic:#x} at byte offset 0, "
                         f"expected {LIST_MAGIC:#x}). Invalid NDArray file format")
    if n > (r.size - r.pos) // 4:
        raise MXNetError(f"nd.load: {r.source} is truncated or corrupted: the header (byte offset 16) claims {n} "
                         f"arrays, more than the remaining {r.size - r.pos} bytes can hold. "
                         "Invalid NDArray file format")
    tensors = [read_record(r, i) for i in range(n)]
    (k,) = r.take("<Q", "the number of names")
    if k and k != n:
        raise r.fail(f"{k} names for {n} arrays", r.pos - 8)
    names = []
    for i in range(k):
        (ln,) = r.take("<Q", "the length of name {idx}", i)
        r.need(ln, "name {idx}", i)
        at = r.pos
        raw = r.f.read(ln)
        r.pos += ln
        try:
            names.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise r.fail(f"name {i} is not valid UTF-8", at) from None
    return tensors, names
