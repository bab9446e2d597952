"""libstdc++'s `std::hash` (murmur-based `_Hash_bytes`), which MXNet uses for the trace's process ids of
categories and thread ids, so a torch2gluon trace names the same pids as MXNet's for the same category."""
import threading

_MASK = (1 << 64) - 1
_MUL = (0xc6a4a793 << 32) + 0x5bd1e995
_SEED = 0xc70f6907


def _shift_mix(v):
    return v ^ (v >> 47)


def hash_bytes(buf):
    """std::_Hash_bytes(buf, len(buf), 0xc70f6907) on a 64-bit platform."""
    n = len(buf)
    h = (_SEED ^ (n * _MUL)) & _MASK
    aligned = n & ~7
    for i in range(0, aligned, 8):
        data = (_shift_mix((int.from_bytes(buf[i:i + 8], "little") * _MUL) & _MASK) * _MUL) & _MASK
        h = ((h ^ data) * _MUL) & _MASK
    if n & 7:
        h = ((h ^ int.from_bytes(buf[aligned:], "little")) * _MUL) & _MASK
    h = (_shift_mix(h) * _MUL) & _MASK
    return _shift_mix(h)


_CACHE = {}


def str_pid(name):
    """The process id MXNet gives a category in the trace: std::hash<std::string>(name)."""
    pid = _CACHE.get(name)
    if pid is None:
        pid = _CACHE[name] = hash_bytes(name.encode())
    return pid


def thread_tid(ident=None):
    """The thread id MXNet writes: std::hash<std::thread::id> of the pthread handle."""
    ident = threading.get_ident() if ident is None else ident
    return hash_bytes((ident & _MASK).to_bytes(8, "little"))
