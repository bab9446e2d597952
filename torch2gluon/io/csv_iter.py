"""`mx.io.CSVIter`: batches from CSV files of numbers (MXNet 1.9.1's C++ iterator, re-implemented)."""
import re

import numpy as np
import torch

from ..base import MXNetError
from ..ndarray.ndarray import wrap
from ._dmlc_strtof import strtof
from ._native import NativeIter, RoundBatcher, check_kwargs, required
from .io import DataBatch

__all__ = ["CSVIter"]

_DTYPES = {None: np.float32, "None": np.float32, "float32": np.float32, "int32": np.int32, "int64": np.int64}


_LEADING_INT = re.compile(r"\s*([+-]?\d+)")


def _int_prefix(token):
    """dmlc's integer parse: the leading integer digits of the token ("1.2e+01" -> 1), else 0."""
    m = _LEADING_INT.match(token)
    return int(m.group(1)) if m else 0


def _read_csv(path, shape, what, integer=False):
    try:
        with open(path) as f:
            rows = [line for line in f.read().splitlines() if line.strip()]
    except OSError as e:
        raise MXNetError(f"CSVIter: cannot read {what} file {path!r}: {e.strerror or e}") from None
    width = int(np.prod(shape))
    out = np.empty((len(rows), width), dtype=np.float64)
    for i, line in enumerate(rows):
        vals = [v for v in line.replace(" ", "").split(",") if v != ""]
        if len(vals) != width:
            raise MXNetError(f"CSVIter: line {i + 1} of {path!r} has {len(vals)} values, "
                             f"the shape {tuple(shape)} needs {width}")
        out[i] = [_int_prefix(v) for v in vals] if integer else [strtof(v)[0] for v in vals]
    return out.reshape((len(rows),) + tuple(shape))


class _Rows:
    def __init__(self, n):
        self.n, self.pos = n, 0

    def before_first(self):
        self.pos = 0

    def next(self):
        if self.pos >= self.n:
            return None
        self.pos += 1
        return self.pos - 1


class CSVIter(NativeIter):
    """Iterate over `data_csv` (rows reshaped to `data_shape`) and optional `label_csv` (else zero labels).

    Arguments as MXNet: data_csv, data_shape, label_csv, label_shape=(1,), batch_size, round_batch=True,
    prefetch_buffer and ctx (accepted, no effect on values), dtype (float32, int32 or int64; integer dtypes
    parse each field's leading integer digits as MXNet does, so "1.2e+01" reads as 1).
    """

    def __init__(self, *args, **kwargs):
        check_kwargs("CSVIter", args, kwargs, {"data_csv", "data_shape", "label_csv", "label_shape", "batch_size",
                                              "round_batch", "prefetch_buffer", "ctx", "dtype", "data_name",
                                              "label_name"})
        data_csv = required("CSVIter", kwargs, "data_csv", "string")
        data_shape = tuple(required("CSVIter", kwargs, "data_shape"))
        batch_size = int(required("CSVIter", kwargs, "batch_size", "int (non-negative)"))
        label_shape = tuple(kwargs.get("label_shape", (1,)))
        dtype = kwargs.get("dtype", None)
        if dtype not in _DTYPES:
            raise NotImplementedError(f"io.CSVIter: argument 'dtype'={dtype!r} is not supported "
                                      "(float32, int32, int64)")
        self._dtype = _DTYPES[dtype]
        integer = self._dtype is not np.float32
        self._data = _read_csv(data_csv, data_shape, "data", integer)
        label_csv = kwargs.get("label_csv", "NULL")
        if label_csv not in (None, "NULL"):
            self._label = _read_csv(label_csv, label_shape, "label", integer)
            if len(self._label) != len(self._data):
                raise MXNetError(f"CSVIter: {data_csv!r} has {len(self._data)} rows but {label_csv!r} has "
                                 f"{len(self._label)}")
        else:
            self._label = np.zeros((len(self._data),) + label_shape)
        self._batcher = RoundBatcher(_Rows(len(self._data)), batch_size, bool(kwargs.get("round_batch", True)))
        bd = (batch_size,) + data_shape
        bl = (batch_size,) + (label_shape if label_shape != (1,) else ())
        self._buf_data = np.zeros(bd, dtype=self._dtype)
        self._buf_label = np.zeros(bl, dtype=self._dtype)
        self._buf_index = np.zeros(batch_size, dtype=np.uint64)
        super().__init__(kwargs.get("data_name", "data"), kwargs.get("label_name", "softmax_label"), args=args)

    def _before_first(self):
        self._batcher.before_first()

    def _next_batch(self):
        got = self._batcher.next()
        if got is None:
            return None
        rows, pad = got
        n = len(rows)
        self._buf_data[:n] = self._data[rows].astype(self._dtype)  # stale rows stay when not round_batch
        self._buf_label[:n] = self._label[rows].reshape((n,) + self._buf_label.shape[1:]).astype(self._dtype)
        self._buf_index[:n] = rows
        return DataBatch([wrap(torch.from_numpy(self._buf_data.copy()))],
                         [wrap(torch.from_numpy(self._buf_label.copy()))], pad=pad, index=self._buf_index.copy())
