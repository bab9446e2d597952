"""Import alias: makes `import mxnet[.x.y]` resolve to `torch2gluon[.x.y]` (same module objects)."""
import importlib
import importlib.abc
import importlib.util
import sys

_ALIAS = "mxnet"
_TARGET = "torch2gluon"
# Set by `python -m torch2gluon`: the package was imported before the script, so values MXNet reads when the
# script imports it (MXNET_HOME for dataset default roots) are read again when used.
LAUNCHED = False


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target):
        self._target = target

    def create_module(self, spec):
        module = importlib.import_module(self._target)
        self._own_spec = module.__spec__
        return module

    def exec_module(self, module):
        # importlib has just set the alias spec (mxnet.x.y) on the shared module: restore torch2gluon's own, so
        # __spec__.parent matches __package__ (relative imports inside functions would warn ImportWarning).
        module.__spec__ = self._own_spec


class _AliasFinder(importlib.abc.MetaPathFinder):
    """Resolves `mxnet` and `mxnet.*` to the torch2gluon module of the same dotted path."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != _ALIAS and not fullname.startswith(_ALIAS + "."):
            return None
        real = _TARGET + fullname[len(_ALIAS):]
        if importlib.util.find_spec(real) is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real))


_FINDER = _AliasFinder()


def install_as_mxnet():
    """Make `import mxnet ...` import torch2gluon from now on in this process (real mxnet is never loaded)."""
    for name in [n for n in sys.modules if n == _ALIAS or n.startswith(_ALIAS + ".")]:
        mod = sys.modules[name]
        if not getattr(mod, "__name__", "").startswith(_TARGET):
            raise ImportError(f"install_as_mxnet: the real {name!r} is already imported in this process; "
                              "call install_as_mxnet() before importing mxnet")
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    sys.modules[_ALIAS] = importlib.import_module(_TARGET)
    return sys.modules[_ALIAS]
