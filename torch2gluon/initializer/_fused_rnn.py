"""FusedRNN: initialize the flat parameter vector of a fused (cuDNN-layout) RNN piece by piece."""
import json

import torch

from ..ndarray.ndarray import wrap
from ._core import Initializer, InitDesc, register, create

__all__ = ["FusedRNN"]

_GATES = {"rnn_relu": [""], "rnn_tanh": [""], "lstm": ["_i", "_f", "_c", "_o"], "gru": ["_r", "_z", "_o"]}


def fused_slices(num_input, num_hidden, num_layers, mode, bidirectional):
    """[(name, offset, shape)] of every weight and bias in MXNet's fused RNN layout (all weights, then biases)."""
    gates = _GATES[mode]
    dirs = ["l", "r"] if bidirectional else ["l"]
    b, h = len(dirs), num_hidden
    out, p = [], 0
    for layer in range(num_layers):
        for d in dirs:
            for g in gates:
                shape = (h, b * h) if layer > 0 else (h, num_input)
                out.append((f"{d}{layer}_i2h{g}_weight", p, shape))
                p += shape[0] * shape[1]
            for g in gates:
                out.append((f"{d}{layer}_h2h{g}_weight", p, (h, h)))
                p += h * h
    for layer in range(num_layers):
        for d in dirs:
            for kind in ("i2h", "h2h"):
                for g in gates:
                    out.append((f"{d}{layer}_{kind}{g}_bias", p, (h,)))
                    p += h
    return out, p


@register
class FusedRNN(Initializer):
    """Unpack a fused RNN's flat parameters, initialize each piece (with `init` or the global init), repack."""

    def __init__(self, init, num_hidden, num_layers, mode, bidirectional=False, forget_bias=1.0):
        if isinstance(init, str):
            # MXNet 1.9.1 fails on any string here (a registry lookup bug, KeyError); we build it
            klass, kwargs = json.loads(init)
            init = create(klass, **kwargs)
        super().__init__(init=init.dumps() if init is not None else None, num_hidden=num_hidden,
                         num_layers=num_layers, mode=mode, bidirectional=bidirectional, forget_bias=forget_bias)
        self._init = init
        self._num_hidden = num_hidden
        self._num_layers = num_layers
        self._mode = mode
        self._bidirectional = bidirectional
        self._forget_bias = forget_bias

    def _init_weight(self, desc, arr):
        if self._mode not in _GATES:
            raise ValueError(f"FusedRNN: mode must be one of {sorted(_GATES)}, got {self._mode!r}")
        b = 2 if self._bidirectional else 1
        m, h, nl = len(_GATES[self._mode]), self._num_hidden, self._num_layers
        num_input = arr.size // b // h // m - (nl - 1) * (h + b * h + 2) - h - 2
        pieces, total = fused_slices(num_input, h, nl, self._mode, self._bidirectional)
        if num_input <= 0:
            raise ValueError(f"FusedRNN: {arr.size} parameters are too few for num_hidden={h}, "
                             f"num_layers={nl}, mode={self._mode!r}")
        assert total == arr.size, "Invalid parameters size for FusedRNNCell"
        flat = torch.zeros(total, dtype=arr._t.dtype, device=arr._t.device)
        for name, off, shape in pieces:
            n = shape[0] * (shape[1] if len(shape) > 1 else 1)
            piece = wrap(flat[off:off + n].view(shape))
            arg_desc = InitDesc(name, global_init=desc.global_init)
            if self._mode == "lstm" and name.endswith("_f_bias"):
                piece[:] = self._forget_bias  # both i2h and h2h forget biases, as MXNet does
            elif self._init is None:
                desc.global_init(arg_desc, piece)
            else:
                self._init(arg_desc, piece)
        arr[:] = wrap(flat.view(arr.shape))
