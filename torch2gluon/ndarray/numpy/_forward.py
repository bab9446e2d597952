"""Module-level attribute forwarding for the `mx.nd.np*` / `mx.nd.npx*` namespaces (imported lazily: the
numpy packages build on `mx.nd`, which imports these namespaces)."""
import importlib


def forwarder(public_name, target, names=None, submodules=()):
    """(`__getattr__`, `__dir__`) for a namespace module `public_name` whose attributes are those of module
    `target` (only `names` when given; `submodules` are imported from the namespace package itself)."""

    def _target():
        return importlib.import_module(target)

    def _names():
        return sorted(names) if names is not None else [n for n in dir(_target()) if not n.startswith("__")]

    def getattr_(name):
        if name in submodules:
            return importlib.import_module(f"{__package__.rsplit('.', 1)[0]}.{public_name}.{name}")
        if not name.startswith("__") and (names is None or name in names):
            try:
                return getattr(_target(), name)
            except AttributeError:
                pass
        raise AttributeError(f"module 'mxnet.ndarray.{public_name}' has no attribute '{name}'")

    def dir_():
        return sorted(set(_names()) | set(submodules))

    return getattr_, dir_
