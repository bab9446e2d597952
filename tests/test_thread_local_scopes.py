"""AttrScope / NameManager `current` (deprecated get and set) is per thread, as in MXNet 1.9.1."""
import threading
import warnings

from tests.oracle import check


def _scopes(mx):
    warnings.simplefilter("ignore", DeprecationWarning)
    seen = {}
    mx.AttrScope.current = mx.AttrScope(x="main")

    def worker():
        seen["before"] = dict(mx.AttrScope.current._attr)
        mx.AttrScope.current = mx.AttrScope(x="thread")
        seen["set"] = dict(mx.AttrScope.current._attr)
        with mx.AttrScope(y="inner"):
            seen["nested"] = sorted(mx.AttrScope.current._attr.items())
            seen["var"] = mx.sym.var("v").list_attr()
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    seen["main"] = dict(mx.AttrScope.current._attr)
    seen["main_var"] = mx.sym.var("w").list_attr()
    mx.AttrScope.current = mx.AttrScope()
    seen["reset"] = dict(mx.AttrScope.current._attr)
    seen["is_scope"] = isinstance(mx.AttrScope.__dict__.get("current"), mx.AttrScope)
    return seen


def test_attrscope_current_setter_is_thread_local():
    check(_scopes)


def _names(mx):
    warnings.simplefilter("ignore", DeprecationWarning)
    mx.name.NameManager.current = mx.name.NameManager()
    first = mx.name.NameManager.current.get(None, "a")
    out = {}

    def worker():
        out["thread"] = mx.name.NameManager.current.get(None, "a")
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    out["main"] = (first, mx.name.NameManager.current.get(None, "a"))
    mx.name.NameManager.current = mx.name.NameManager()
    return out


def test_namemanager_current_setter_is_thread_local():
    check(_names)
