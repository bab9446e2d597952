"""Atomic file writing: write a temporary file next to the target, fsync it, then `os.replace` it in place."""
import os
import threading
import uuid

from ..base import MXNetError

__all__ = ["atomic_write"]


def atomic_write(fname, write, api="nd.save"):
    """Call `write(fileobj)` on a temp file in `fname`'s directory and rename it over `fname` when complete.

    A failure (an exception, a full disk, a crash) never leaves a half-written `fname`: the old file stays
    intact and the temp file is removed. A symlink is followed (its target is replaced, as MXNet writes
    through it); an existing target keeps its permission bits.
    """
    target = os.path.realpath(fname)
    folder, base = os.path.split(target)
    tmp = os.path.join(folder, f".{base}.{os.getpid()}.{threading.get_ident()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as e:
        raise MXNetError(f"{api}: cannot open {fname!r} for writing: {e.strerror}") from e
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, os.stat(target).st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise MXNetError(f"{api}: writing {fname!r} failed ({e.strerror or e}); the previous file, if any, "
                             "is left unchanged") from e
        raise
