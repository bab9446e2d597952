"""`name=` of nd.contrib.foreach/while_loop/cond: MXNet's NDArray versions take no `name`; inside a hybridized
forward (where MXNet runs the symbol versions) it names the subgraphs, counted in AttrScope._subgraph_names."""
import contextlib

from ._state import STATE

UNSET = object()
_TAG = "__subgraph_name__"


def _hybrid():
    return STATE


@contextlib.contextmanager
def _no_scope():
    yield


def check(op, name, default):
    """The subgraph base name for `op` (raising MXNet's TypeError for `name=` outside a hybridized forward)."""
    hyb = _hybrid()
    if name is UNSET:
        return default
    if not hyb.cached:
        raise TypeError(f"{op}() got an unexpected keyword argument 'name'")
    if not isinstance(name, str):
        raise TypeError(f"{op}: name must be a str (got {type(name).__name__})")
    return name


def scope(base):
    """While a hybridized block's graph is built (its first call): count `base` as MXNet's symbol version does
    and run the body under its `AttrScope(__subgraph_name__=...)` (nested subgraphs count as `outer$name`)."""
    if not _hybrid().building:
        return _no_scope()
    from ..attribute import AttrScope
    outer = AttrScope._active()._attr.get(_TAG, "")
    if outer:
        base = f"{outer}${base}"
    AttrScope._subgraph_names[base] += 1
    return AttrScope(**{_TAG: base + str(AttrScope._subgraph_names[base] - 1)})
