"""`nd.CTCLoss` / `nd.ctc_loss`: connectionist temporal classification loss (MXNet 1.9.1), via torch's ctc_loss.

`data` is (T, N, C) unnormalised activations (a log-softmax over C is applied inside), `label` is (N, L).
`blank_label='first'`: class 0 is the blank and 0 pads labels; `'last'`: class C-1 is the blank and -1
pads labels. Without `label_lengths` a label ends at its first padding value. With `use_data_lengths` /
`use_label_lengths` the lengths are extra inputs, in that order (None arguments are skipped, as in
MXNet's generated functions). Sequences that cannot be aligned (too short for their label) get loss 0
and gradient 0, as MXNet's warp-ctc kernel gives. The result is (N,) float32.
"""
import torch
import torch.nn.functional as tF

from ..base import MXNetError
from ._args import as_bool
from .ndarray import NDArray, tensor_of, wrap
from .register import mxop

__all__ = ["CTCLoss", "ctc_loss"]


def _check(cond, msg):
    if not cond:
        raise MXNetError(msg)


def _label_lengths(lab, padding):
    """Per-row index of the first `padding` value (the row length when there is none)."""
    hit = lab == padding
    width = lab.shape[1]
    idx = torch.arange(width, device=lab.device).expand_as(lab)
    return torch.where(hit, idx, torch.full_like(idx, width)).min(dim=1).values


@mxop("CTCLoss", "ctc_loss", "_contrib_CTCLoss", "_contrib_ctc_loss")
def CTCLoss(data, label, data_lengths=None, label_lengths=None, use_data_lengths=False,
            use_label_lengths=False, blank_label="first"):
    """CTC loss per sequence of (T, N, C) activations against (N, L) labels."""
    if blank_label not in ("first", "last"):
        raise MXNetError(f"Invalid Input: '{blank_label}', valid values are: {{'first', 'last'}}, "
                         f"in operator CTCLoss(blank_label=\"{blank_label}\")")
    use_dl, use_ll = as_bool(use_data_lengths), as_bool(use_label_lengths)
    extra = [a for a in (data_lengths, label_lengths) if a is not None]
    want = 2 + int(use_dl) + int(use_ll)
    _check(2 + len(extra) == want, f"Check failed: num_inputs == infered_num_inputs ({2 + len(extra)} vs. "
           f"{want}) : Operator CTCLoss expects {want} inputs, but got {2 + len(extra)} instead.")
    dl = extra.pop(0) if use_dl else None
    ll = extra.pop(0) if use_ll else None
    for a in (data, label, dl, ll):
        if a is not None and not isinstance(a, NDArray):
            raise TypeError(f"CTCLoss: expected NDArray inputs, got {type(a).__name__}")
    x, lab = tensor_of(data), tensor_of(label)
    _check(x.dim() == 3, f"Check failed: dshape.ndim() == 3U ({x.dim()} vs. 3) : The number of dimensions "
           "of data array must be 3.")
    _check(lab.dim() == 2, f"Check failed: lshape.ndim() == 2U ({lab.dim()} vs. 2) : The number of "
           "dimensions of labels array must be 2.")
    T, N, C = x.shape
    _check(N == lab.shape[0], f"Check failed: dshape[1] == lshape[0] ({N} vs. {lab.shape[0]}) : The batch "
           "size for the labels and data arrays must be the same.")
    _check(T >= lab.shape[1], f"Check failed: dshape[0] >= lshape[1] ({T} vs. {lab.shape[1]}) : The max "
           "number of labels cannot exceed the maximum sequence length of the data.")
    if x.dtype != torch.float32:
        raise MXNetError(f"CTCLoss: data must be float32 (MXNet's kernel rejects {x.dtype})")
    if dl is not None:
        d = tensor_of(dl)
        _check(d.dim() == 1 and d.shape[0] == N, f"Check failed: dlshape[0] == dshape[1] "
               f"({d.shape[0] if d.dim() else 0} vs. {N}) : The batch size for the data and data lengths "
               "must be the same.")
        in_lens = d.detach().to(torch.long)
    else:
        in_lens = torch.full((N,), T, dtype=torch.long)
    lab_l = lab.detach().to(torch.long)
    blank = 0 if blank_label == "first" else C - 1
    if ll is not None:
        lt = tensor_of(ll)
        _check(lt.dim() == 1 and lt.shape[0] == N, f"Check failed: llshape[0] == lshape[0] "
               f"({lt.shape[0] if lt.dim() else 0} vs. {N}) : The batch size for the labels and label "
               "lengths must be the same.")
        tgt_lens = lt.detach().to(torch.long)
    else:
        tgt_lens = _label_lengths(lab_l, 0 if blank_label == "first" else -1)
    if dl is not None:
        # steps past a sequence's length are never read: their values (even NaN padding) get zero gradient
        valid = torch.arange(T, device=x.device).unsqueeze(1) < in_lens.to(x.device).unsqueeze(0)
        x = torch.where(valid.unsqueeze(2), x, torch.zeros((), dtype=x.dtype, device=x.device))
    logp = torch.log_softmax(x, dim=2)
    if lab_l.shape[1] == 0:
        lab_l = torch.zeros((N, 1), dtype=torch.long)
    loss = tF.ctc_loss(logp, lab_l.clamp(0, C - 1), in_lens.cpu(), tgt_lens.cpu(), blank=blank,
                       reduction="none", zero_infinity=True)
    return wrap(loss.to(torch.float32))


ctc_loss = CTCLoss
