"""Block.__call__'s numpy-mode output check: every array/symbol it returns must be of the numpy kind."""


def check_all_np_outputs(out):
    """Raise TypeError (as MXNet does) if `out` holds a legacy NDArray/Symbol while numpy array semantics are on."""
    from ..ndarray.ndarray import NDArray
    from ..symbol.symbol import Symbol
    from ..numpy.multiarray import ndarray as np_ndarray
    from ..symbol.numpy._symbol import _Symbol as np_symbol
    if isinstance(out, (NDArray, Symbol)) and not isinstance(out, (np_ndarray, np_symbol)):
        raise TypeError("Block's output ndarrays/symbols must be of type `mxnet.numpy.ndarray` or "
                        "`mxnet.symbol.numpy._Symbol`, while got output type {}".format(str(type(out))))
    if isinstance(out, (list, tuple)):
        for item in out:
            check_all_np_outputs(item)
