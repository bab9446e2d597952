"""`mx.engine`: bulk-execution settings. torch runs operators eagerly, so bulking changes no result here."""
_BULK_SIZE = [0]  # MXNet 1.9.1 starts imperative bulking at 0


def set_bulk_size(size):
    """Set the bulk size (recorded only: torch has no operator bulking); returns the previous value."""
    prev = _BULK_SIZE[0]
    _BULK_SIZE[0] = int(size)
    return prev


class _BulkScope:
    """Scope that sets the bulk size on entry and restores it on exit."""

    def __init__(self, size):
        self._size = size
        self._old_size = None

    def __enter__(self):
        self._old_size = set_bulk_size(self._size)
        return self

    def __exit__(self, ptype, value, trace):
        set_bulk_size(self._old_size)


def bulk(size):
    """`with mx.engine.bulk(n):` scope (results are identical with or without it)."""
    return _BulkScope(size)
