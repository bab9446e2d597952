"""`mx.contrib.ndarray`: the registered contrib operators (`_contrib_X` as `X`), NDArray flavour."""
__all__ = []


def __getattr__(name):
    from ..ndarray.register import OPS
    if not name.startswith("__") and "_contrib_" + name in OPS:
        from ..ndarray import contrib as _nd_contrib
        return getattr(_nd_contrib, name)
    raise AttributeError(f"module 'mxnet.contrib.ndarray' has no attribute {name!r}")
