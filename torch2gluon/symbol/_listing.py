"""What `dir()` and `__all__` of the `mx.sym` namespaces list: the operator constructors their module
`__getattr__` resolves (MXNet's generated modules list every operator function), computed on demand so that
importing torch2gluon pays nothing. A name is listed only if getattr() on the namespace gives it (operators that
torch2gluon refuses are listed when they exist as refusing attributes, as their names exist in MXNet)."""
import sys

# mx.sym's own (non-operator) public names in MXNet's __all__
SYM_FRONTEND = ("Group", "Symbol", "Variable", "arange", "eye", "full", "histogram", "hypot", "linspace", "load",
                "load_json", "maximum", "minimum", "ones", "pow", "power", "split_v2", "var", "zeros",
                "contrib", "image", "linalg", "random", "sparse", "numpy", "numpy_extension")
_NS_MODULES = ("torch2gluon.ndarray.refused", "torch2gluon.ndarray.random", "torch2gluon.ndarray.contrib")


def resolvable(module, names):
    """The names of `names` that module `module` gives by getattr (its `__getattr__` included), in order."""
    mod = sys.modules[module]
    out = []
    for n in names:
        try:
            getattr(mod, n)
        except AttributeError:
            continue
        out.append(n)
    return out


def sym_names():
    """`mx.sym`'s public operator and frontend names."""
    from ..ndarray._op_names import OP_NAMES
    return resolvable("torch2gluon.symbol", sorted(set(OP_NAMES) | set(SYM_FRONTEND)))


def contrib_names():
    """`mx.sym.contrib`'s operators: the registered `_contrib_*` ones and `nd.contrib`'s (refused ones included)."""
    from ..ndarray.register import OPS
    from ..ndarray import contrib as ndc
    names = {op[len("_contrib_"):] for op in OPS if op.startswith("_contrib_")}
    for n in dir(ndc):
        if not n.startswith("_") and getattr(getattr(ndc, n, None), "__module__", None) in _NS_MODULES:
            names.add(n)
    return resolvable("torch2gluon.symbol.contrib", sorted(names))


def like_nd(ns):
    """`mx.sym.<ns>`'s operators: those of `mx.nd.<ns>.__all__` that resolve symbolically."""
    import importlib
    nd_ns = importlib.import_module("torch2gluon.ndarray." + ns)
    return resolvable("torch2gluon.symbol." + ns, list(nd_ns.__all__))


def module_dir(module_globals, listing):
    """A PEP 562 `__dir__`: the module's globals and `listing()`."""
    def __dir__():
        return sorted(set(module_globals) | set(listing()))
    return __dir__
