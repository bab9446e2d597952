"""`nd.cast_storage`: torch2gluon arrays are dense, so only stype='default' is supported."""
from ..base import MXNetError
from .ndarray import tensor_of, wrap
from .register import mxop

_STYPES = ("default", "row_sparse", "csr")


@mxop("cast_storage")
def cast_storage(data, stype):
    """A dense copy of `data` for stype='default'; sparse storage types raise NotImplementedError."""
    if stype not in _STYPES:
        raise MXNetError(f"Invalid Input: '{stype}', valid values are: {{'csr', 'default', 'row_sparse'}}, "
                         f"in operator cast_storage(stype=\"{stype}\")")
    if stype != "default":
        raise NotImplementedError(f"mx.nd.cast_storage(stype={stype!r}) is not supported by torch2gluon: "
                                  "sparse storage types (CSR / row_sparse) are not supported")
    return wrap(tensor_of(data).clone())
