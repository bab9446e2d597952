"""`npx.nonzero` and `npx.constraint_check`: numpy-extension ops with no legacy counterpart."""
import numpy as np
import torch

from ..base import MXNetError
from ..ndarray.ndarray import NDArray, tensor_of
from ..numpy._wrap import wrap_np, np_class
from ._adapt import legacy_input
from ..numpy._op_common import zero_grad_from

__all__ = ["nonzero", "constraint_check"]


def _np_input(x, argname, opname):
    if type(x) is not np_class():
        if not isinstance(x, NDArray):
            raise AssertionError(f"Argument {argname} must have NDArray type, but got {x}")
        legacy_input(x, opname)
    return tensor_of(x)


def nonzero(a, out=None, **kwargs):  # pylint: disable=unused-argument
    """The indices of the non-zero elements of `a`, one row per element: int64 of shape (count, a.ndim)
    (numpy's `transpose(nonzero(a))`; a 0-d input counts as one element). Other keywords are ignored, as in
    MXNet 1.9.1."""
    src = _np_input(a, "x", "nonzero")
    t = src.detach()
    if t.dim() == 0:
        t = t.reshape(1)
    res = zero_grad_from([torch.nonzero(t)], src)[0]  # recorded with a zero gradient, as MXNet
    if out is None:
        return wrap_np(res, a._ctx)
    legacy_input(out, "nonzero")
    if tuple(out.shape) != tuple(res.shape) or out.dtype != np.int64:
        raise MXNetError(f"npx.nonzero: out= has shape {out.shape} and dtype {np.dtype(out.dtype).name}; the "
                         f"result has shape {tuple(res.shape)} and dtype int64")
    out._assign(res)
    return out


def constraint_check(x, msg="Constraint violated."):
    """`np.array(True)` when every element of boolean `x` is true; otherwise ValueError(`msg`)."""
    t = _np_input(x, "input", "constraint_check")
    if t.dtype is not torch.bool:
        raise MXNetError("Check failed: in_attrs->at(0) == mshadow::kBool: constraint_check needs a boolean "
                         f"input, not {str(t.dtype)[6:]}")
    if not bool(t.all()):
        raise ValueError(f"Check failed: red_output == true (0 vs. 1) : {msg}")
    return wrap_np(torch.ones((), dtype=torch.bool, device=t.device), x._ctx)
