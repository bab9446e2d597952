"""`nd.cast_storage`: conversions between dense ('default'), 'csr' (2-D) and 'row_sparse' storage."""
from ..base import MXNetError
from .ndarray import tensor_of, wrap
from .register import mxop

_STYPES = ("default", "row_sparse", "csr")


@mxop("cast_storage")
def cast_storage(data, stype):
    """A copy of `data` in storage type `stype` (csr <-> row_sparse is not supported, as in MXNet)."""
    from ._sparse_base import BaseSparseNDArray, make_sparse, dense_to_csr, dense_to_rsp
    if stype not in _STYPES:
        raise MXNetError(f"Invalid Input: '{stype}', valid values are: {{'csr', 'default', 'row_sparse'}}, "
                         f"in operator cast_storage(stype=\"{stype}\")")
    src = data.stype
    if isinstance(data, BaseSparseNDArray) and stype != "default" and stype != src:
        raise MXNetError("Check failed: infer_stype_success: Operator not implemented: operator = cast_storage\n"
                         f"input storage types = [{src}, ]\noutput storage types = [unknown, ]\n"
                         f'params = {{"stype" : {stype}, }}')
    from ._sparse_ops import _graded
    if _graded(data):  # recorded for autograd: the dense values keep the graph (MXNet's gradient is identity)
        out = wrap(data._t.clone())
        out._ctx = data._ctx
        return out
    if isinstance(data, BaseSparseNDArray):
        if stype == "default":
            out = wrap(data._t.detach().clone())
            out._ctx = data._ctx
            return out
        return data.copy()
    t = tensor_of(data).detach()
    if stype == "default":
        return wrap(t.clone())
    if stype == "csr":
        if t.dim() != 2:
            raise ValueError(f"To convert to a CSR, the NDArray should be 2 Dimensional. Current shape is "
                             f"{tuple(t.shape)}")
        return make_sparse("csr", dense_to_csr(t), tuple(t.shape), data._ctx)
    return make_sparse("row_sparse", dense_to_rsp(t), tuple(t.shape), data._ctx)
