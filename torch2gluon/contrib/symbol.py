"""`mx.contrib.symbol`: the registered contrib operators (`_contrib_X` as `X`), Symbol flavour."""
__all__ = []


def __getattr__(name):
    from ..ndarray.register import OPS
    if not name.startswith("__") and "_contrib_" + name in OPS:
        from ..symbol import contrib as _sym_contrib
        return getattr(_sym_contrib, name)
    raise AttributeError(f"module 'mxnet.contrib.symbol' has no attribute {name!r}")
