"""Module-level attribute forwarding for the `mx.nd.np*` / `mx.nd.npx*` namespaces (imported lazily: the
numpy packages build on `mx.nd`, which imports these namespaces)."""
import importlib


def forwarder(public_name, target, names=None, submodules=(), namespace=None):
    """(`__getattr__`, `__dir__`) for a namespace module `public_name` whose attributes are those of module
    `target` (only `names` when given; `submodules` are imported from the namespace package itself).
    A name found is stored in `namespace` (the module's globals), so later lookups cost a plain attribute
    access (`F.npx.relu` is a hot path)."""

    def _target():
        return importlib.import_module(target)

    def _names():
        return sorted(names) if names is not None else [n for n in dir(_target()) if not n.startswith("__")]

    def getattr_(name):
        if name in submodules:
            value = importlib.import_module(f"{__package__.rsplit('.', 1)[0]}.{public_name}.{name}")
        elif not name.startswith("__") and (names is None or name in names):
            try:
                value = getattr(_target(), name)
            except AttributeError:
                value = None
        else:
            value = None
        if value is not None:
            if namespace is not None:
                namespace[name] = value
            return value
        raise AttributeError(f"module 'mxnet.ndarray.{public_name}' has no attribute '{name}'")

    def dir_():
        return sorted(set(_names()) | set(submodules))

    return getattr_, dir_
