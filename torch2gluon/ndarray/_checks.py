"""Input dtype checks shared by the operators that MXNet 1.9.1 runs on floating-point data only."""
import numpy as np
import torch

from ..base import MXNetError, np_dtype

FLOATS = (torch.float32, torch.float64, torch.float16)
F32_F64 = (torch.float32, torch.float64)
F32 = (torch.float32,)


def float_only(t, opname, allowed=FLOATS):
    """Raise MXNet's error unless tensor `t` has one of the `allowed` float dtypes; returns `t`."""
    if t.dtype not in allowed:
        name = np.dtype(np_dtype(t.dtype)).name
        if allowed == FLOATS:
            raise MXNetError(f"{opname}: This operation only support floating point types, not {name}")
        want = " or ".join(np.dtype(np_dtype(d)).name for d in allowed)
        raise MXNetError(f"{opname}: This operation only supports {want} inputs, not {name}")
    return t
