"""Block.__call__'s numpy-mode output check: every array/symbol it returns must be of the numpy kind."""

_KINDS = []  # [(NDArray, Symbol), (mx.np.ndarray, mx.sym.np._Symbol)], bound on first use (import cycle)


def _kinds():
    if not _KINDS:
        from ..ndarray.ndarray import NDArray
        from ..symbol.symbol import Symbol
        from ..numpy.multiarray import ndarray as np_ndarray
        from ..symbol.numpy._symbol import _Symbol as np_symbol
        _KINDS.extend(((NDArray, Symbol), (np_ndarray, np_symbol)))
    return _KINDS


def check_all_np_outputs(out):
    """Raise TypeError (as MXNet does) if `out` holds a legacy NDArray/Symbol while numpy array semantics are on."""
    legacy, numpy_kinds = _KINDS or _kinds()
    if type(out) is numpy_kinds[0]:
        return
    if isinstance(out, legacy) and not isinstance(out, numpy_kinds):
        raise TypeError("Block's output ndarrays/symbols must be of type `mxnet.numpy.ndarray` or "
                        "`mxnet.symbol.numpy._Symbol`, while got output type {}".format(str(type(out))))
    if isinstance(out, (list, tuple)):
        for item in out:
            check_all_np_outputs(item)
