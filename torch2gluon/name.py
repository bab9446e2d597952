"""`mx.name`: automatic names for symbol nodes (NameManager, Prefix), scoped per thread."""
import threading
import warnings


class _CurrentMeta(type):
    @property
    def current(cls):
        """The active NameManager of this thread (deprecated in MXNet 1.9.1, kept for old code)."""
        warnings.warn("NameManager.current has been deprecated. It is advised to use the `with` statement "
                      "with NameManager.", DeprecationWarning)
        return cls._active()

    @current.setter
    def current(cls, value):
        NameManager._current.value = value


class NameManager(metaclass=_CurrentMeta):
    """Gives each unnamed node `hint` + a per-hint counter (`fullyconnected0`, `fullyconnected1`, ...)."""

    _current = threading.local()

    def __init__(self):
        self._counter = {}
        self._old_manager = None

    def get(self, name, hint):
        """`name` if given, else the next automatic name for `hint`."""
        if name:
            return name
        n = self._counter.get(hint, 0)
        self._counter[hint] = n + 1
        return f"{hint}{n}"

    def __enter__(self):
        self._old_manager = NameManager._active()
        NameManager._current.value = self
        return self

    def __exit__(self, ptype, value, trace):
        NameManager._current.value = self._old_manager

    @staticmethod
    def _active():
        if not hasattr(NameManager._current, "value"):
            NameManager._current.value = NameManager()
        return NameManager._current.value


class Prefix(NameManager):
    """A NameManager that puts `prefix` in front of every name."""

    def __init__(self, prefix):
        super().__init__()
        self._prefix = prefix

    def get(self, name, hint):
        """The prefixed name."""
        return self._prefix + super().get(name, hint)
