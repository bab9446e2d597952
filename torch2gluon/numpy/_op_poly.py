"""`mx.np` polynomials (MXNet 1.9.1): polyval."""
import numpy as onp
import torch

from ..base import MXNetError
from ..util import is_np_shape
from ._dtypes import name as dname
from ._ufunc import tensor, result
from .multiarray import ndarray
from ._op_common import no_bool

__all__ = ["polyval"]


def polyval(p, x):
    """Evaluate the polynomial with coefficients `p` (1-D, highest degree first) at each element of `x`; two
    mx.np arrays of one dtype (differentiable in both), or two non-arrays (official NumPy's result)."""
    if not isinstance(p, ndarray) and not isinstance(x, ndarray):
        return onp.polyval(p, x)
    if not (isinstance(p, ndarray) and isinstance(x, ndarray)):
        raise TypeError("type not supported")
    if p.ndim != 1:  # checked before the shapes are known (a 0-d p outside numpy shape mode reads as ndim -1)
        nd = p.ndim if p.ndim or is_np_shape() else -1
        raise ValueError(f"Check failed: p_shape.ndim() == 1U ({nd} vs. 1) : p has to be an 1-D array.")
    tp, tx = tensor(p), tensor(x)
    if tp.dtype is not tx.dtype:
        raise MXNetError(f"polyval: Type inconsistent, Provided = {dname(tx.dtype)}, "
                         f"inferred type = {dname(tp.dtype)}")
    no_bool(tp)  # MXNet's kernel has no bool instantiation (empty arrays too)
    r = tx.new_zeros(tx.shape)
    for k in range(tp.shape[0]):  # Horner's rule, in the arrays' dtype
        r = r * tx + tp[k]
    return result(r, x)
