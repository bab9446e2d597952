"""Variable-length sequence operators: SequenceMask, SequenceLast, SequenceReverse (time axis 0 or 1)."""
import torch

from ..base import MXNetError
from ._args import as_bool
from .ndarray import tensor_of, wrap, _scalar_for
from .register import mxop

__all__ = ["SequenceMask", "SequenceLast", "SequenceReverse"]


def _setup(opname, data, sequence_length, use_sequence_length, axis, axes=(0, 1)):
    """(tensor, time axis, lengths or None) after MXNet's checks; lengths are int64 on the data's device."""
    x = tensor_of(data)
    ax = int(axis)
    if ax not in axes:
        raise MXNetError(f"{opname}: axis must be {' or '.join(map(str, axes))}, got {axis}")
    if x.dim() < 2:
        raise MXNetError(f"{opname}: data must have at least 2 dimensions, got shape {tuple(x.shape)}")
    if not as_bool(use_sequence_length):
        if sequence_length is not None:  # MXNet's input count follows use_sequence_length
            raise MXNetError(f"{opname}: Operator {opname} expects 1 inputs, but got 2 instead "
                             "(sequence_length is given but use_sequence_length is False)")
        return x, ax, None
    if sequence_length is None:
        raise MXNetError(f"{opname}: use_sequence_length=True needs a sequence_length input")
    lens = tensor_of(sequence_length).detach()
    batch = x.shape[1 - ax]
    if tuple(lens.shape) != (batch,):
        raise MXNetError(f"{opname}: Shape inconsistent, Provided = {list(lens.shape)}, "
                         f"inferred shape=({batch},)")
    return x, ax, lens.to(device=x.device, dtype=torch.int64)


def _time_mask(lens, t_len, ax, ndim):
    """Boolean mask broadcastable to the data: True where the step lies inside the sequence."""
    steps = torch.arange(t_len, device=lens.device)
    m = steps.unsqueeze(1) < lens.unsqueeze(0)  # (T, N)
    if ax == 1:
        m = m.t()
    return m.view(*m.shape, *([1] * (ndim - 2)))


@mxop("SequenceMask")
def SequenceMask(data, sequence_length=None, use_sequence_length=False, value=0.0, axis=0):
    """Set the steps past each sequence's length to `value` (identity without use_sequence_length)."""
    x, ax, lens = _setup("SequenceMask", data, sequence_length, use_sequence_length, axis)
    if lens is None:
        return wrap(x)
    m = _time_mask(lens, x.shape[ax], ax, x.dim())
    fill = _scalar_for(x, float(value))  # C's cast into the data's dtype (-1 in uint8 is 255)
    return wrap(torch.where(m, x, torch.full((), fill, dtype=x.dtype, device=x.device)))


@mxop("SequenceLast")
def SequenceLast(data, sequence_length=None, use_sequence_length=False, axis=0):
    """The last valid step of every sequence (the last step without use_sequence_length)."""
    x, ax, lens = _setup("SequenceLast", data, sequence_length, use_sequence_length, axis)
    t_len = x.shape[ax]
    if lens is None:
        return wrap(x.select(ax, t_len - 1))
    if x.shape[1 - ax] and (int(lens.min()) < 1 or int(lens.max()) > t_len):
        raise MXNetError(f"SequenceLast: sequence_length values must be in [1, {t_len}], got {lens.tolist()}")
    xt = x if ax == 0 else x.transpose(0, 1)
    return wrap(xt[lens - 1, torch.arange(xt.shape[1], device=x.device)])


@mxop("SequenceReverse")
def SequenceReverse(data, sequence_length=None, use_sequence_length=False, axis=0):
    """Reverse every sequence along axis 0 within its length (padding stays in place)."""
    x, _, lens = _setup("SequenceReverse", data, sequence_length, use_sequence_length, axis, axes=(0,))
    t_len = x.shape[0]
    if lens is None:
        return wrap(x.flip(0))
    lens = lens.clamp(max=t_len)
    steps = torch.arange(t_len, device=x.device).unsqueeze(1)
    idx = torch.where(steps < lens.unsqueeze(0), lens.unsqueeze(0) - 1 - steps, steps)
    idx = idx.view(t_len, -1, *([1] * (x.dim() - 2))).expand_as(x)
    return wrap(torch.gather(x, 0, idx))
