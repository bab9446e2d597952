"""`mx.AttrScope`: attributes given to every symbol (variable or operator node) created inside the scope."""
import threading
import warnings
from collections import defaultdict

from .base import string_types

__all__ = ["AttrScope"]


class _CurrentMeta(type):
    @property
    def current(cls):
        """The active AttrScope of this thread (deprecated in MXNet 1.9.1, kept for old code)."""
        warnings.warn("AttrScope.current has been deprecated. It is advised to use the `with` statement with "
                      "AttrScope.", DeprecationWarning)
        return cls._active()

    @current.setter
    def current(cls, value):
        warnings.warn("AttrScope.current has been deprecated. It is advised to use the `with` statement with "
                      "AttrScope.", DeprecationWarning)
        AttrScope._current.value = value


class AttrScope(metaclass=_CurrentMeta):
    """Scope of attributes (strings) set on all symbols created inside it; inner scopes extend outer ones."""

    _current = threading.local()
    _subgraph_names = defaultdict(int)  # control-flow subgraph name -> times used (sym.contrib.foreach/...)

    def __init__(self, **kwargs):
        self._old_scope = None
        for value in kwargs.values():
            if not isinstance(value, string_types):
                raise ValueError("Attributes need to be string")
        self._attr = kwargs

    @classmethod
    def _active(cls):
        if not hasattr(AttrScope._current, "value"):
            AttrScope._current.value = AttrScope()
        return AttrScope._current.value

    def get(self, attr):
        """The scope's attributes updated with `attr` (the ones given at symbol creation win)."""
        if self._attr:
            ret = self._attr.copy()
            if attr:
                ret.update(attr)
            return ret
        return attr if attr else {}

    def __enter__(self):
        self._old_scope = AttrScope._active()
        attr = self._old_scope._attr.copy()
        attr.update(self._attr)
        self._attr = attr
        AttrScope._current.value = self
        return self

    def __exit__(self, ptype, value, trace):
        assert self._old_scope
        AttrScope._current.value = self._old_scope
