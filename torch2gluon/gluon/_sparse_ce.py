"""One-kernel eager path of SoftmaxCrossEntropyLoss's common case (2-D logits, sparse labels, batch axis 0).

`-pick(log_softmax(pred), label)` averaged over its one-element class axis is torch's
`cross_entropy(pred, label, reduction='none')` (or `nll_loss` on logits already normalised): the same
log_softmax kernel, the same picked values, the same gradient (the head gradient negated at the label,
then log_softmax's backward), so results are bit-identical while the forward makes 2 torch nodes instead
of 5 and no intermediate NDArrays. While mx.profiler records operators the general path runs (MXNet reports
log_softmax, pick, negative and mean there). The label is truncated to int and clipped to the class range first, as
`pick(mode='clip')` does. Any other input (other ranks, axes, dtypes, devices, shapes) returns None and the
loss takes its general operator path, which also raises MXNet's errors.
"""
import torch
import torch.nn.functional as tF

from .._prof.hooks import _INSTALLED as _PROFILING
from ..ndarray._state import STATE
from ..ndarray.ndarray import NDArray, wrap
from ..ndarray.register import _tag

_FLOATS = (torch.float32, torch.float64)
_LABEL_DTYPES = (torch.float32, torch.float64, torch.float16, torch.int32, torch.int64, torch.int8, torch.uint8)


def sparse_ce(pred, label, axis, from_logits):
    """Per-sample loss NDArray of shape (N,) for `pred` (N, C) and N labels, or None when not applicable."""
    if type(pred) is not NDArray or type(label) is not NDArray or type(axis) is not int or _PROFILING[0]:
        return None
    t = pred._t
    lt = label._t
    if t.dim() != 2 or axis not in (1, -1) or t.dtype not in _FLOATS or lt.dtype not in _LABEL_DTYPES:
        return None
    n, c = t.shape
    ls = lt.shape
    if not (ls == (n,) or ls == (n, 1)) or not n or not c or t.device != lt.device:  # pick's index shapes
        return None
    if t.requires_grad and not STATE.recording:  # tensor_of, inlined
        t = t.detach()
    if lt.requires_grad:
        lt = lt.detach()
    idx = lt.long()  # MXNet casts a float index to int (truncation toward zero)
    idx = (idx.clamp_(0, c - 1) if idx is not lt else idx.clamp(0, c - 1)).reshape(n)  # never clip the label
    out = wrap(tF.nll_loss(t, idx, reduction="none") if from_logits else
               tF.cross_entropy(t, idx, reduction="none"))
    if pred._ctx is not None:  # cpu(k)/cpu_shared: the result carries the input's context, as operators do
        _tag(out, pred._ctx)
    return out
