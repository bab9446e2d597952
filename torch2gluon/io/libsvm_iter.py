"""`mx.io.LibSVMIter`: MXNet 1.9.1's iterator over zero-based LibSVM files, yielding CSRNDArray batches.

Each line is `label idx:value idx:value ...` (indices zero-based, ascending). Without `label_libsvm` the
label is the first column (a dense (batch,) array); with it, labels are the csr rows of that file (shape
(batch, label_shape[0])) and the data file's label column is ignored. Batches always wrap around
(round_batch only, as MXNet): the batch that reaches the end is completed from the start, its `pad` counts
the borrowed rows, and the next epoch continues after them. `num_parts`/`part_index` read the lines that
start in the part_index-th of num_parts equal byte ranges of the input (MXNet's uneven byte split).
`prefetch_buffer` and `ctx` are accepted and have no effect on values.
"""
import os

import numpy as np
import torch

from ..base import MXNetError
from ..ndarray._sparse_base import make_sparse
from ..ndarray.ndarray import wrap
from ._dmlc_strtof import strtof
from ._native import NativeIter, RoundBatcher, check_kwargs, required
from .csv_iter import _Rows
from .io import DataBatch

__all__ = ["LibSVMIter"]


def _files(path):
    if os.path.isdir(path):
        return [os.path.join(path, f) for f in sorted(os.listdir(path)) if os.path.isfile(os.path.join(path, f))]
    if not os.path.exists(path):
        raise MXNetError(f"LocalFileSystem.GetPathInfo: {path} error: No such file or directory")
    return [path]


def _read_lines(path, num_parts, part_index):
    raw = b"".join(open(f, "rb").read() for f in _files(path))
    step = -(-len(raw) // num_parts) if num_parts > 1 else len(raw)
    lo, hi = part_index * step, min((part_index + 1) * step, len(raw))
    out, pos = [], 0
    for line in raw.split(b"\n"):
        start, pos = pos, pos + len(line) + 1
        if num_parts > 1 and not lo <= start < hi:
            continue
        if line.strip():
            out.append(line.decode())
    return out


def _number(token):
    """dmlc's float parse of a whole token (ValueError when characters are left over)."""
    value, used = strtof(token)
    if used != len(token) or used == 0:
        raise ValueError(token)
    return value


def _parse(lines, what):
    """(labels float32 (n,), rows: list of (int64 indices, float32 values))."""
    labels, rows = np.zeros(len(lines), dtype=np.float32), []
    for i, line in enumerate(lines):
        parts = line.split()
        try:
            labels[i] = _number(parts[0])
            pairs = [p.split(":") for p in parts[1:]]
            idx = np.array([int(k) for k, _ in pairs], dtype=np.int64)
            val = np.array([_number(v) for _, v in pairs], dtype=np.float32)
        except (ValueError, IndexError):
            raise MXNetError(f"LibSVMIter: cannot parse line {i} of the {what} file: {line!r}") from None
        if idx.size and idx.min() < 0:
            raise MXNetError(f"LibSVMIter: line {i} of the {what} file has a negative index: {line!r}")
        rows.append((idx, val))
    return labels, rows


def _csr_batch(rows, ids, width):
    counts = [rows[i][0].size for i in ids]
    indptr = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    idx = np.concatenate([rows[i][0] for i in ids]) if ids else np.zeros(0, np.int64)
    val = np.concatenate([rows[i][1] for i in ids]) if ids else np.zeros(0, np.float32)
    return make_sparse("csr", (torch.from_numpy(val), torch.from_numpy(indptr), torch.from_numpy(idx)),
                       (len(ids), width))


class LibSVMIter(NativeIter):
    """CSR batches from a zero-based LibSVM file (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        check_kwargs("LibSVMIter", args, kwargs, {"data_libsvm", "data_shape", "label_libsvm", "label_shape",
                                                  "num_parts", "part_index", "batch_size", "round_batch",
                                                  "prefetch_buffer", "ctx", "dtype", "data_name", "label_name"})
        path = required("LibSVMIter", kwargs, "data_libsvm", "string")
        data_shape = tuple(required("LibSVMIter", kwargs, "data_shape"))
        batch_size = int(required("LibSVMIter", kwargs, "batch_size", "int (non-negative)"))
        label_shape = tuple(kwargs.get("label_shape", (1,)))
        label_path = kwargs.get("label_libsvm", "NULL")
        num_parts, part_index = int(kwargs.get("num_parts", 1)), int(kwargs.get("part_index", 0))
        if kwargs.get("dtype") not in (None, "float32", np.float32):
            raise MXNetError("Check failed: mshadow::DataType<DType>::kFlag == type_flag_: TBlob.get_with_shape: "
                             f"data type do not match specified type (LibSVMIter reads float32, got dtype="
                             f"{kwargs.get('dtype')!r})")
        if len(data_shape) != 1:
            raise MXNetError(f"Check failed: param_.data_shape.ndim() == 1 ({len(data_shape)} vs. 1) : dimension "
                             "of data_shape is expected to be 1")
        if not bool(kwargs.get("round_batch", True)):
            raise MXNetError("sparse batch loader doesn't support round_batch == false yet")
        has_label_file = label_path not in (None, "NULL")
        if not has_label_file and int(np.prod(label_shape)) != 1:
            raise MXNetError(f"Check failed: param_.label_shape.Size() == 1 ({int(np.prod(label_shape))} vs. 1) : "
                             "label_shape is expected to be (1,) when param_.label_libsvm is NULL")
        self._labels, self._rows = _parse(_read_lines(path, num_parts, part_index), "data")
        self._width = data_shape[0]
        self._label_rows = None
        if has_label_file:
            if len(label_shape) != 1:
                raise MXNetError("Check failed: dimension of label_shape is expected to be 1")
            _, self._label_rows = _parse(_read_lines(label_path, num_parts, part_index), "label")
            self._label_width = label_shape[0]
        if not self._rows:
            raise MXNetError(f"LibSVMIter: {path!r} holds no examples")
        self._batcher = RoundBatcher(_Rows(len(self._rows)), batch_size, True)
        super().__init__(kwargs.get("data_name", "data"), kwargs.get("label_name", "softmax_label"), args=args)

    def _before_first(self):
        self._batcher.before_first()

    def _next_batch(self):
        got = self._batcher.next()
        if got is None:
            return None
        ids, pad = got
        data = _csr_batch(self._rows, ids, self._width)
        if self._label_rows is not None:
            label = _csr_batch(self._label_rows, ids, self._label_width)
        else:
            label = wrap(torch.from_numpy(self._labels[ids].copy()))
        return DataBatch([data], [label], pad=pad, index=np.array(ids, dtype=np.uint64))
