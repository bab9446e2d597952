"""`mx.nd.np._internal`: the few internal `_npi_*` operators that MXNet code calls by this name (boolean mask
assignment, nonzero). Other names raise AttributeError."""
import numpy as _onp
import torch

from ...base import MXNetError

__all__ = ["boolean_mask_assign_scalar", "boolean_mask_assign_tensor", "nonzero"]


def _array_cls():
    from ...numpy import ndarray  # pylint: disable=import-outside-toplevel
    return ndarray


def _need(x, what, opname):
    if not isinstance(x, _array_cls()):
        raise TypeError(f"{opname}: {what} must be an mxnet.numpy.ndarray, got {type(x).__name__}")


def _mask_index(data, mask, start_axis, out, opname):
    """The index `(:,)*start_axis + (mask,)` after MXNet's checks (in-place only, a mask matching the data's
    dimensions from `start_axis`; a numeric mask selects its nonzero entries)."""
    _need(data, "data", opname)
    _need(mask, "mask", opname)
    if out is None or out is not data:
        raise MXNetError(f"{opname}: Check failed: req[0] == kWriteInplace: Only WriteInplace is supported for "
                         "npi_boolean_assign (pass out=data)")
    if mask.dtype != bool:  # MXNet selects the nonzero entries of a numeric mask
        mask = mask != 0
    start_axis = 0 if start_axis is None else int(start_axis)
    if start_axis < 0:
        start_axis += data.ndim
    dshape, mshape = tuple(data.shape), tuple(mask.shape)
    if not 0 <= start_axis <= data.ndim - mask.ndim or dshape[start_axis:start_axis + len(mshape)] != mshape:
        raise MXNetError(f"{opname}: mask of shape {mshape} does not match data of shape {dshape} from axis "
                         f"{start_axis}")
    return ((slice(None),) * start_axis + (mask,) if start_axis else mask), start_axis


def boolean_mask_assign_scalar(data, mask, value, start_axis=0, out=None, **kwargs):
    """`data[(:,)*start_axis + (mask,)] = value` in place (`out` must be `data`); returns `data`."""
    if kwargs:
        raise TypeError(f"_npi_boolean_mask_assign_scalar: unexpected arguments {sorted(kwargs)}")
    idx, _ = _mask_index(data, mask, start_axis, out, "_npi_boolean_mask_assign_scalar")
    data[idx] = float(value)
    return data


def boolean_mask_assign_tensor(data, mask, value, start_axis=0, out=None, **kwargs):
    """`data[(:,)*start_axis + (mask,)] = value` in place (`out` must be `data`, `value` of its dtype); returns
    `data`."""
    opname = "_npi_boolean_mask_assign_tensor"
    if kwargs:
        raise TypeError(f"{opname}: unexpected arguments {sorted(kwargs)}")
    idx, start_axis = _mask_index(data, mask, start_axis, out, opname)
    _need(value, "value", opname)
    if value.dtype != data.dtype:
        raise MXNetError(f"{opname}: Type inconsistent, Provided = {_onp.dtype(value.dtype).name}, "
                         f"inferred type = {_onp.dtype(data.dtype).name}")
    if value.size == 1:  # one element: assigned to every selected item
        data[idx] = value.reshape(())
        return data
    # MXNet: the value's first dimensions are the data's before `start_axis`, its last ones those after the mask
    # (both exact); between them nothing (broadcast), or one axis of size 1 or of the number of selected items
    lead, trail = tuple(data.shape[:start_axis]), tuple(data.shape[start_axis + mask.ndim:])
    vshape = tuple(value.shape)
    mid = vshape[len(lead):len(vshape) - len(trail)]
    valid = int(mask.asnumpy().sum())
    if (len(vshape) < len(lead) + len(trail) or vshape[:len(lead)] != lead
            or vshape[len(vshape) - len(trail):] != trail or len(mid) > 1 or (mid and mid[0] not in (1, valid))):
        raise MXNetError(f"{opname}: value of shape {vshape} does not fit the selection of shape "
                         f"{lead + (valid,) + trail}")
    data[idx] = value.reshape(lead + (mid[0] if mid else 1,) + trail)
    return data


def nonzero(a, out=None, **kwargs):
    """The indices of the nonzero elements of `a` as an (N, max(a.ndim, 1)) int64 array (`_npi_nonzero`)."""
    from ...numpy._op_common import result, tin  # pylint: disable=import-outside-toplevel
    if kwargs:
        raise TypeError(f"_npi_nonzero: unexpected arguments {sorted(kwargs)}")
    _need(a, "a", "_npi_nonzero")
    t = tin(a).detach()
    if t.dim() == 0:
        t = t.reshape(1)
    return result(torch.nonzero(t).to(torch.int64), a, out, "_npi_nonzero")

