"""Module-level `__getattr__` for `mxnet.symbol.<ns>` submodules: `_<ns>_<name>` operators as constructors."""


def namespace_getattr(prefix, module, name_nodes_by_function=True, listing=None):
    """Return a PEP 562 `__getattr__` resolving `name` to the symbol constructor of operator `prefix+name`.
    `name_nodes_by_function`: nodes are named after `name` (MXNet's generated `contrib`/`linalg`/`image`
    functions); otherwise after the operator (`random`'s python functions call `_random_*` operators).
    `listing`: a function giving the module's `__all__` (computed when asked, see _listing.py)."""
    def __getattr__(name):
        if name == "__all__" and listing is not None:
            return listing()
        if name.startswith("__"):
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        from ..base import MXNetError
        from . import _maker
        from .graph_exec import resolve_op
        op = prefix + name
        try:
            resolve_op(op)
        except MXNetError as e:  # hasattr() False and `from ... import` ImportError, as for any module
            raise AttributeError(f"module {module!r} has no attribute {name!r} ({e})") from None
        return _maker(op, hint=name if name_nodes_by_function else None)  # box_nms0, gemm20
    return __getattr__


def publish(namespace, prefix, name_nodes_by_function=True):
    """Fill a namespace module's globals with a constructor for every registered `prefix*` operator, so that
    `'box_decode' in F.contrib.__dict__` (gluon-cv's probe for the fused operators) holds as in MXNet.
    Nodes are named as by `namespace_getattr` (after the function: box_nms0, gemm20)."""
    from ..ndarray.register import OPS
    from . import _maker
    for op in OPS:
        if op.startswith(prefix):
            name = op[len(prefix):]
            namespace.setdefault(name, _maker(op, hint=name if name_nodes_by_function else None))
