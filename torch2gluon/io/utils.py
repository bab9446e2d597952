"""Helpers of `mx.io`: normalise iterator inputs to sorted (name, NDArray) lists and reorder them."""
from collections import OrderedDict

import numpy as np

from ..ndarray.ndarray import NDArray
from ..ndarray.creation import array

__all__ = ["_init_data", "_has_instance", "_getdata_by_idx"]


def _init_data(data, allow_empty, default_name):
    """A name-sorted list of (name, NDArray) from an array, a list of arrays or a dict of them."""
    assert (data is not None) or allow_empty
    if data is None:
        data = []
    if isinstance(data, (np.ndarray, NDArray)):
        data = [data]
    if isinstance(data, list):
        if not allow_empty:
            assert len(data) > 0
        if len(data) == 1:
            data = OrderedDict([(default_name, data[0])])
        else:
            data = OrderedDict([("_%d_%s" % (i, default_name), d) for i, d in enumerate(data)])
    if not isinstance(data, dict):
        raise TypeError("Input must be NDArray, numpy.ndarray, h5py.Dataset "
                        "a list of them or dict with them as values")
    for k, v in data.items():
        if not isinstance(v, NDArray):
            try:
                data[k] = array(v)
            except Exception:  # noqa: BLE001 - any conversion failure is a type error here
                raise TypeError(f"Invalid type '{type(v)}' for {k}, "
                                "should be NDArray, numpy.ndarray or h5py.Dataset") from None
    return list(sorted(data.items()))


def _has_instance(data, dtype):
    """True when one of the (name, array) pairs holds a `dtype` instance."""
    return any(isinstance(arr, dtype) for _, arr in data)


def _getdata_by_idx(data, idx):
    """The (name, array) pairs with their rows reordered by `idx` (copies)."""
    out = []
    for k, v in data:
        if v.stype == "csr":   # rows of a csr array stay csr (MXNet: through scipy)
            from ..ndarray._sparse_ops import take_csr
            out.append((k, take_csr(v, np.asarray(idx))))
        else:
            out.append((k, array(v.asnumpy()[idx], v.context)))
    return out
