"""MXNet's fused `RNN` operator (rnn_relu / rnn_tanh / lstm / gru) over torch's fused RNN kernels.

MXNet keeps every weight of the stack in one flat vector: first all weight matrices, layer by layer and
direction by direction (`i2h` (G*H, I), `h2h` (G*H, P or H), then `h2r` (P, H) when projecting), then all
biases in the same order (`i2h`, `h2h`, each (G*H,)). The gate order inside each matrix is the same as
torch's (LSTM: i, f, g, o; GRU: r, z, n), so the flat vector is cut into views and handed to
`torch._VF.{lstm,gru,rnn_tanh,rnn_relu}` unchanged; gradients flow back into the flat vector. A CPU GRU or
Elman RNN that autograd records runs `_rnn_cpu` instead (one autograd node per layer and direction, same
formulas; torch's CPU kernel records a dozen small ops per time step).

`use_sequence_length` runs torch's packed-sequence kernels (cuDNN's semantics: outputs past a sequence's
length are 0, the final states are taken at its last valid step, the reverse direction starts there).
LSTM state clipping (`lstm_state_clip_min/max`) runs an explicit time loop that clamps the cell state at
every step, as cuDNN does. MXNet 1.9.1's CPU kernel silently ignores both arguments; we honour them.
"""
import contextlib
import warnings

import torch
import torch.nn.functional as tF
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from ..base import MXNetError, _Null
from . import _rnn_cpu
from ._args import as_bool
from ._state import STATE
from .ndarray import tensor_of, wrap
from .register import mxop

__all__ = ["RNN", "rnn_param_concat"]

_GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}
_KERNELS = {"rnn_relu": "rnn_relu", "rnn_tanh": "rnn_tanh", "lstm": "lstm", "gru": "gru"}


def _given(v):
    return v is not None and v is not _Null


def rnn_param_size(mode, num_layers, input_size, state_size, bidirectional=False, projection_size=None):
    """Length of MXNet's flat RNN parameter vector for this configuration."""
    g, h, d = _GATES[mode], state_size, 2 if bidirectional else 1
    r = projection_size or h
    size, ni = 0, input_size
    for _ in range(num_layers):
        size += d * (g * h * ni + g * h * r + 2 * g * h + (r * h if projection_size else 0))
        ni = r * d
    return size


def _split_params(flat, mode, layers, dirs, ni, h, proj):
    """Cut the flat vector into per-(layer, direction) lists in torch's order [w_ih, w_hh, b_ih, b_hh(, w_hr)]."""
    g = _GATES[mode]
    r = proj or h
    groups, off = [], 0
    for _ in range(layers):
        for _ in range(dirs):
            w_ih = flat[off:off + g * h * ni].view(g * h, ni)
            off += g * h * ni
            w_hh = flat[off:off + g * h * r].view(g * h, r)
            off += g * h * r
            grp = [w_ih, w_hh]
            if proj:
                grp.append(flat[off:off + r * h].view(r, h))
                off += r * h
            groups.append(grp)
        ni = r * dirs
    for grp in groups:
        b_ih = flat[off:off + g * h]
        b_hh = flat[off + g * h:off + 2 * g * h]
        off += 2 * g * h
        if proj:
            grp[2:2] = [b_ih, b_hh]  # torch: w_ih, w_hh, b_ih, b_hh, w_hr
        else:
            grp += [b_ih, b_hh]
    return groups


def _check_shape(t, shape, what):
    if tuple(t.shape) != tuple(shape):
        raise MXNetError(f"RNN: {what} has shape {tuple(t.shape)}, expected {tuple(shape)}")


def _reverse_in_length(x, lens):
    """Reverse each sequence (time axis 0) within its own length; padding stays where it is."""
    t_len = x.shape[0]
    steps = torch.arange(t_len, device=x.device).unsqueeze(1)
    ln = lens.unsqueeze(0)
    idx = torch.where(steps < ln, ln - 1 - steps, steps)
    idx = idx.view(t_len, -1, *([1] * (x.dim() - 2))).expand_as(x)
    return torch.gather(x, 0, idx)


def _lstm_clipped(x, h0, c0, groups, layers, dirs, p, train, lens, cmin, cmax):
    """LSTM stack as an explicit time loop that clamps the cell state to [cmin, cmax] after every step."""
    inp, hs, cs = x, [], []
    t_len = x.shape[0]
    for layer in range(layers):
        outs = []
        for d in range(dirs):
            k = layer * dirs + d
            w_ih, w_hh, b_ih, b_hh = groups[k][:4]
            w_hr = groups[k][4] if len(groups[k]) > 4 else None
            h, c = h0[k], c0[k]
            seq = inp if d == 0 else (_reverse_in_length(inp, lens) if lens is not None else inp.flip(0))
            pre = tF.linear(seq, w_ih, b_ih)
            ys = []
            for t in range(t_len):
                i, f, g, o = (pre[t] + tF.linear(h, w_hh, b_hh)).chunk(4, 1)
                c_new = (torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)).clamp(cmin, cmax)
                h_new = torch.sigmoid(o) * torch.tanh(c_new)
                if w_hr is not None:
                    h_new = tF.linear(h_new, w_hr)
                if lens is not None:
                    m = (lens > t).unsqueeze(1)
                    h, c = torch.where(m, h_new, h), torch.where(m, c_new, c)
                    ys.append(torch.where(m, h_new, torch.zeros_like(h_new)))
                else:
                    h, c = h_new, c_new
                    ys.append(h_new)
            y = torch.stack(ys)
            if d == 1:
                y = _reverse_in_length(y, lens) if lens is not None else y.flip(0)
            outs.append(y)
            hs.append(h)
            cs.append(c)
        inp = torch.cat(outs, 2) if dirs == 2 else outs[0]
        if p > 0 and train and layer < layers - 1:
            inp = tF.dropout(inp, p, True)
    return inp, torch.stack(hs), torch.stack(cs)


class _QuietProjection(warnings.catch_warnings):
    """Silence torch's note that oneDNN lacks LSTM projections (it then falls back to its own kernel)."""

    def __enter__(self):
        super().__enter__()
        warnings.filterwarnings("ignore", message="LSTM with projections")


def _fused(mode, x, hx, weights, layers, p, train, bidir, lens, proj):
    kernel = getattr(torch._VF, _KERNELS[mode])  # pylint: disable=protected-access
    quiet = _QuietProjection if proj else contextlib.nullcontext
    if lens is None:
        with quiet():
            res = kernel(x, hx, weights, True, layers, p, train, bidir, False)
        return res[0], res[1:]
    packed = pack_padded_sequence(x, lens.cpu(), enforce_sorted=False)
    order, unorder = packed.sorted_indices, packed.unsorted_indices
    hx = tuple(s.index_select(1, order) for s in hx) if isinstance(hx, tuple) else hx.index_select(1, order)
    with quiet():
        res = kernel(packed.data, packed.batch_sizes, hx, weights, True, layers, p, train, bidir)
    out, _ = pad_packed_sequence(packed._replace(data=res[0]), total_length=x.shape[0])
    return out, tuple(s.index_select(1, unorder) for s in res[1:])


def rnn_param_concat(*data):
    """Flatten and concatenate RNN parameters into MXNet's flat vector (one `torch.cat`; Gluon layers use it)."""
    return wrap(torch.cat([tensor_of(a).reshape(-1) for a in data]))


@mxop("RNN")
def RNN(data=None, parameters=None, state=None, state_cell=None, sequence_length=None, state_size=None,
        num_layers=None, bidirectional=False, mode=None, p=0.0, state_outputs=False, projection_size=None,
        lstm_state_clip_min=None, lstm_state_clip_max=None, lstm_state_clip_nan=False,
        use_sequence_length=False):
    """MXNet's fused multi-layer RNN: data (T, N, C), flat parameters, initial state(s) -> output (and states)."""
    for name, val in (("state_size", state_size), ("num_layers", num_layers), ("mode", mode)):
        if not _given(val):
            raise MXNetError(f"Required parameter {name} is not presented, in operator RNN")
    if mode not in _GATES:
        raise MXNetError(f"Invalid Input: '{mode}', valid values are: 'gru', 'lstm', 'rnn_relu', 'rnn_tanh', "
                         "in operator RNN")
    h, layers = int(state_size), int(num_layers)
    bidir, use_len = as_bool(bidirectional), as_bool(use_sequence_length)
    proj = int(projection_size) if _given(projection_size) else None
    p = float(p) if _given(p) else 0.0
    if not 0.0 <= p <= 1.0:
        raise MXNetError(f"RNN: dropout p={p} must be in [0, 1]")
    if h <= 0 or layers <= 0:
        raise MXNetError(f"RNN: state_size ({h}) and num_layers ({layers}) must be positive")
    if proj is not None and mode != "lstm":
        raise MXNetError("RNN: projection_size is only supported for mode='lstm'")
    if proj is not None and not 0 < proj < h:
        raise MXNetError(f"RNN: projection_size ({proj}) must be positive and smaller than state_size ({h})")
    cmin = lstm_state_clip_min if _given(lstm_state_clip_min) else None
    cmax = lstm_state_clip_max if _given(lstm_state_clip_max) else None
    clip = cmin is not None or cmax is not None
    if clip and (cmin is None or cmax is None):
        raise MXNetError("RNN: lstm_state_clip_min and lstm_state_clip_max must be given together")
    if clip and mode != "lstm":
        raise MXNetError("RNN: lstm_state_clip_min/max are only supported for mode='lstm'")
    if clip and float(cmin) > float(cmax):
        raise MXNetError(f"RNN: lstm_state_clip_min ({cmin}) is larger than lstm_state_clip_max ({cmax})")
    if clip and as_bool(lstm_state_clip_nan):
        raise NotImplementedError("nd.RNN: argument 'lstm_state_clip_nan' is not supported (which bound a "
                                  "NaN cell state becomes is not specified by MXNet)")

    inputs = [a for a in (data, parameters, state, state_cell, sequence_length) if a is not None]
    names = ["data", "parameters", "state"] + (["state_cell"] if mode == "lstm" else []) + \
        (["sequence_length"] if use_len else [])
    if len(inputs) != len(names):
        raise MXNetError(f"RNN: mode={mode!r}{' with use_sequence_length' if use_len else ''} expects "
                         f"{len(names)} inputs ({', '.join(names)}), got {len(inputs)}")
    args = dict(zip(names, inputs))
    x = tensor_of(args["data"])
    if x.dim() != 3:
        raise MXNetError(f"RNN: data must be 3-D (seq_length, batch, input_size), got shape {tuple(x.shape)}")
    t_len, n, ni = x.shape
    dirs = 2 if bidir else 1
    flat = tensor_of(args["parameters"])
    _check_shape(flat, (rnn_param_size(mode, layers, ni, h, bidir, proj),), "parameters")
    hx = tensor_of(args["state"])
    _check_shape(hx, (layers * dirs, n, proj or h), "state")
    for name, t in (("parameters", flat), ("state", hx)):
        if t.dtype != x.dtype:
            raise MXNetError(f"RNN: {name} has dtype {t.dtype}, but data has dtype {x.dtype}")
    if mode == "lstm":
        cx = tensor_of(args["state_cell"])
        _check_shape(cx, (layers * dirs, n, h), "state_cell")
        hx = (hx, cx)
    lens = None
    if use_len:
        lens = tensor_of(args["sequence_length"]).detach()
        _check_shape(lens, (n,), "sequence_length")
        lens = lens.to(torch.int64)
        if n and (int(lens.min()) < 1 or int(lens.max()) > t_len):
            raise MXNetError(f"RNN: sequence_length values must be in [1, {t_len}], got {lens.tolist()}")
    groups = _split_params(flat, mode, layers, dirs, ni, h, proj)
    train = STATE.training
    if clip:
        out, hy, cy = _lstm_clipped(x, hx[0], hx[1], groups, layers, dirs, p, train, lens,
                                    float(cmin), float(cmax))
        states = (hy, cy)
    else:
        weights = [w for grp in groups for w in grp]
        if _rnn_cpu.applies(mode, x, hx, weights, lens, proj):  # CPU GRU/RNN training: one node per layer
            out, hy = _rnn_cpu.stack(mode, x, hx, groups, layers, dirs, p, train)
            states = (hy,)
        else:
            out, states = _fused(mode, x, hx, weights, layers, p, train, bidir, lens, proj)
    if not as_bool(state_outputs):
        return wrap(out)
    return [wrap(out)] + [wrap(s) for s in states]
