"""`mx.recordio`: MXNet's RecordIO `.rec`/`.idx` files (dmlc-core byte format) and image-record packing.

On disk a record is `magic (0xced7230a, uint32 LE)`, `lrec (uint32 LE: cflag << 29 | length)`, the payload, and
zero padding to a multiple of 4 bytes. A payload that contains the magic word at a 4-aligned offset is split
there into parts (cflag 1 = first, 2 = middle, 3 = last; 0 = whole record); the reader joins the parts and puts
the magic word back. Files written here are byte-identical to MXNet's.
"""
import numbers
import struct
import threading
from collections import namedtuple
from multiprocessing import current_process

import numpy as np

from .base import MXNetError

__all__ = ["MXRecordIO", "MXIndexedRecordIO", "IRHeader", "pack", "unpack", "pack_img", "unpack_img"]

_MAGIC = 0xced7230a
_MAGIC_BYTES = struct.pack("<I", _MAGIC)
_LEN_MASK = (1 << 29) - 1


def _encode_parts(buf):
    """The on-disk bytes of one record (dmlc-core `RecordIOWriter::WriteRecord`)."""
    n = len(buf)
    if n >= (1 << 29):
        raise MXNetError("RecordIO only accept record less than 2^29 bytes")
    out = []
    start = 0
    pos = buf.find(_MAGIC_BYTES)
    while 0 <= pos <= n - 4:
        if pos % 4 == 0:
            out.append(_MAGIC_BYTES + struct.pack("<I", ((1 if start == 0 else 2) << 29) | (pos - start)))
            out.append(buf[start:pos])
            start = pos + 4
            pos = buf.find(_MAGIC_BYTES, start)
        else:
            pos = buf.find(_MAGIC_BYTES, pos + 1)
    out.append(_MAGIC_BYTES + struct.pack("<I", ((3 if start else 0) << 29) | (n - start)))
    out.append(buf[start:])
    pad = (-n) % 4
    if pad:
        out.append(b"\0" * pad)
    return b"".join(out)


class MXRecordIO:
    """Sequential reader ('r') or writer ('w') of a RecordIO file."""

    def __init__(self, uri, flag):
        self.uri = uri
        self.flag = flag
        self.pid = None
        self.is_open = False
        self._file = None
        self._lock = threading.Lock()
        self.open()

    def open(self):
        """Opens the record file ('w' truncates it)."""
        if self.flag == "w":
            mode, self.writable = "wb", True
        elif self.flag == "r":
            mode, self.writable = "rb", False
        else:
            raise ValueError(f"Invalid flag {self.flag}")
        try:
            self._file = open(self.uri, mode)
        except OSError as e:
            raise MXNetError(f"RecordIO: cannot open {self.uri!r} for {'writing' if self.writable else 'reading'}:"
                             f" {e.strerror or e}") from None
        self.pid = current_process().pid
        self.is_open = True

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass

    def __getstate__(self):
        """Pickle support: closes this handle; the copy reopens the file (from the start) if it was open."""
        is_open = self.is_open
        self.close()
        d = dict(self.__dict__)
        d["is_open"] = is_open
        d["_file"] = None
        d["_lock"] = None
        return d

    def __setstate__(self, d):
        """Restore from pickled state (reopening the file when it was open)."""
        self.__dict__ = d
        is_open = d["is_open"]
        self.is_open = False
        self._lock = threading.Lock()
        if is_open:
            self.open()

    def _check_pid(self, allow_reset=False):
        """Reopen in a forked child when allowed; otherwise refuse use from another process."""
        if self.pid != current_process().pid:
            if allow_reset:
                self.reset()
            else:
                raise RuntimeError("Forbidden operation in multiple processes")

    def close(self):
        """Closes the record file."""
        if not self.is_open:
            return
        self._file.close()
        self._file = None
        self.is_open = False
        self.pid = None

    def reset(self):
        """Back to the first record (a writer truncates the file)."""
        self.close()
        self.open()

    def write(self, buf):
        """Appends the bytes `buf` as one record."""
        assert self.writable
        self._check_pid(allow_reset=False)
        if not isinstance(buf, bytes):
            raise TypeError(f"bytes or integer address expected instead of {type(buf).__name__} instance")
        self._file.write(_encode_parts(buf))

    def read(self):
        """The next record as bytes, or None at the end of the file."""
        assert not self.writable
        self._check_pid(allow_reset=False)
        f = self._file
        parts = []
        while True:
            offset = f.tell()
            head = f.read(8)
            if not head and not parts:
                return None
            if len(head) != 8:
                raise MXNetError(f"Invalid RecordIO File {self.uri!r}: truncated record header at byte {offset}")
            magic, lrec = struct.unpack("<II", head)
            if magic != _MAGIC:
                raise MXNetError(f"Invalid RecordIO File {self.uri!r}: bad magic 0x{magic:08x} at byte {offset} "
                                 "(not a .rec file, corrupted, or a wrong .idx offset)")
            cflag, length = lrec >> 29, lrec & _LEN_MASK
            padded = (length + 3) & ~3
            data = f.read(padded)
            if len(data) != padded:
                raise MXNetError(f"Invalid RecordIO File {self.uri!r}: record at byte {offset} needs {padded} bytes,"
                                 f" only {len(data)} left")
            parts.append(data[:length])
            if cflag in (0, 3):
                break
            parts.append(_MAGIC_BYTES)
        return parts[0] if len(parts) == 1 else b"".join(parts)


class MXIndexedRecordIO(MXRecordIO):
    """RecordIO with an `.idx` text file (`key\\toffset` lines) for random access by key."""

    def __init__(self, idx_path, uri, flag, key_type=int):
        self.idx_path = idx_path
        self.idx = {}
        self.keys = []
        self.key_type = key_type
        self.fidx = None
        super().__init__(uri, flag)

    def open(self):
        """Opens the record and index files (reading loads every key)."""
        super().open()
        self.idx = {}
        self.keys = []
        self.fidx = open(self.idx_path, self.flag)
        if not self.writable:
            for num, raw in enumerate(iter(self.fidx.readline, ""), 1):
                line = raw.strip().split("\t")
                try:
                    key = self.key_type(line[0])
                    self.idx[key] = int(line[1])
                except (ValueError, IndexError) as e:  # MXNet's exception kind, with the file and line named
                    raise type(e)(f"{self.idx_path!r} line {num}: malformed index entry {raw!r} (expected "
                                  f"'key<TAB>offset'): {e}") from None
                self.keys.append(key)

    def close(self):
        """Closes the record and index files."""
        if not self.is_open:
            return
        super().close()
        self.fidx.close()

    def __getstate__(self):
        """Pickle support (see MXRecordIO)."""
        d = super().__getstate__()
        d["fidx"] = None
        return d

    def seek(self, idx):
        """Moves the read position to the record of key `idx`."""
        assert not self.writable
        self._check_pid(allow_reset=True)
        self._file.seek(self.idx[idx])

    def tell(self):
        """The current write position in bytes."""
        assert self.writable
        return self._file.tell()

    def read_idx(self, idx):
        """The record of key `idx` (seek and read happen under a lock, so threads may share the reader)."""
        with self._lock:
            self.seek(idx)
            try:
                return self.read()
            except MXNetError as e:
                raise MXNetError(f"{e} [record of key {idx!r} in index {self.idx_path!r}]") from None

    def write_idx(self, idx, buf):
        """Appends `buf` as the record of key `idx` and indexes it."""
        key = self.key_type(idx)
        pos = self.tell()
        self.write(buf)
        self.fidx.write("%s\t%d\n" % (str(key), pos))
        self.idx[key] = pos
        self.keys.append(key)


IRHeader = namedtuple("HEADER", ["flag", "label", "id", "id2"])
IRHeader.__doc__ = """Image record header: flag (label count when the label is an array), label, id, id2."""

_IR_FORMAT = "IfQQ"
_IR_SIZE = struct.calcsize(_IR_FORMAT)


def pack(header, s):
    """Prefix the bytes `s` with an IRHeader (an array label goes, as float32, between header and payload)."""
    header = IRHeader(*header)
    if isinstance(header.label, numbers.Number):
        header = header._replace(flag=0)
    else:
        label = np.asarray(header.label, dtype=np.float32)
        header = header._replace(flag=label.size, label=0)
        s = label.tobytes() + s
    return struct.pack(_IR_FORMAT, *header) + s


def unpack(s):
    """Split a packed record into (IRHeader, payload bytes); an array label comes back as float32 numpy."""
    header = IRHeader(*struct.unpack(_IR_FORMAT, s[:_IR_SIZE]))
    s = s[_IR_SIZE:]
    if header.flag > 0:
        header = header._replace(label=np.frombuffer(s, np.float32, header.flag))
        s = s[header.flag * 4:]
    return header, s


def _swap_rb(img):
    if img is not None and img.ndim == 3 and img.shape[2] in (3, 4):
        img = img.copy()
        img[..., [0, 2]] = img[..., [2, 0]]
    return img


def unpack_img(s, iscolor=-1):
    """Unpack a record to (IRHeader, numpy image) in OpenCV's layout: BGR(A), or 2-D for grayscale.

    `iscolor` is OpenCV's imread flag: -1 keeps the stored channels, 0 gives grayscale, 1 gives BGR.
    An undecodable payload gives None as the image, as `cv2.imdecode` does.
    """
    from . import _imgcodec
    header, s = unpack(s)
    if iscolor not in (-1, 0, 1):
        raise NotImplementedError(f"recordio.unpack_img: iscolor={iscolor} is not supported (-1, 0 or 1)")
    try:
        img = _imgcodec.decode(s, flag=max(iscolor, 0), unchanged=iscolor == -1)
    except _imgcodec.DecodeError:
        return header, None
    if iscolor == 0:
        img = img[..., 0]
    return header, _swap_rb(img)


def pack_img(header, img, quality=95, img_fmt=".jpg"):
    """Encode a numpy image in OpenCV's BGR(A)/gray layout (JPEG quality 1-100, PNG compression 0-9) and pack it.

    Encoding is Pillow's libjpeg/zlib: the bytes may differ from OpenCV's encoder, the decoded pixels do not
    for PNG and follow the same quality tables for JPEG.
    """
    from . import _imgcodec
    buf = _imgcodec.encode(_swap_rb(np.asarray(img)), img_fmt, quality)
    return pack(header, buf)
