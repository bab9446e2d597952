"""`mx.rnn.FusedRNNCell`: a whole multi-layer (bi)RNN as one `RNN` operator with a flat parameter vector."""
import warnings

from .. import symbol, init, ndarray
from ._cell_base import BaseRNNCell, _normalize_sequence

__all__ = ["FusedRNNCell"]

_GATES = {'rnn_relu': [''], 'rnn_tanh': [''], 'lstm': ['_i', '_f', '_c', '_o'], 'gru': ['_r', '_z', '_o']}


class FusedRNNCell(BaseRNNCell):
    """Fused RNN ('rnn_relu', 'rnn_tanh', 'lstm', 'gru'); the parameters variable is `<prefix>parameters`."""

    def __init__(self, num_hidden, num_layers=1, mode='lstm', bidirectional=False, dropout=0., get_next_state=False,
                 forget_bias=1.0, prefix=None, params=None):
        if prefix is None:
            prefix = '%s_' % mode
        super(FusedRNNCell, self).__init__(prefix=prefix, params=params)
        self._num_hidden = num_hidden
        self._num_layers = num_layers
        self._mode = mode
        self._bidirectional = bidirectional
        self._dropout = dropout
        self._get_next_state = get_next_state
        self._directions = ['l', 'r'] if bidirectional else ['l']
        initializer = init.FusedRNN(None, num_hidden, num_layers, mode, bidirectional, forget_bias)
        self._parameter = self.params.get('parameters', init=initializer)

    @property
    def state_info(self):
        """(layers*directions, batch, num_hidden) states in layout LNC: two for LSTM, one otherwise."""
        n = 2 if self._mode == 'lstm' else 1
        shape = ((self._bidirectional + 1) * self._num_layers, 0, self._num_hidden)
        return [{'shape': shape, '__layout__': 'LNC'} for _ in range(n)]

    @property
    def _gate_names(self):
        return _GATES[self._mode]

    @property
    def _num_gates(self):
        return len(self._gate_names)

    def _slice_weights(self, arr, li, lh):
        """Views of the flat vector `arr`: per layer/direction/gate i2h and h2h weights, then all biases."""
        out, p = {}, 0
        b = len(self._directions)
        for layer in range(self._num_layers):
            for d in self._directions:
                for gate in self._gate_names:
                    cols = li if layer == 0 else b * lh
                    out['%s%s%d_i2h%s_weight' % (self._prefix, d, layer, gate)] = \
                        arr[p:p + lh * cols].reshape((lh, cols))
                    p += lh * cols
                for gate in self._gate_names:
                    out['%s%s%d_h2h%s_weight' % (self._prefix, d, layer, gate)] = \
                        arr[p:p + lh * lh].reshape((lh, lh))
                    p += lh * lh
        for layer in range(self._num_layers):
            for d in self._directions:
                for group in ('i2h', 'h2h'):
                    for gate in self._gate_names:
                        out['%s%s%d_%s%s_bias' % (self._prefix, d, layer, group, gate)] = arr[p:p + lh]
                        p += lh
        assert p == arr.size, "Invalid parameters size for FusedRNNCell"
        return out

    def unpack_weights(self, args):
        """Replace `<prefix>parameters` in `args` by per-layer, per-direction, per-gate arrays (copies)."""
        args = args.copy()
        arr = args.pop(self._parameter.name)
        b, m, h = len(self._directions), self._num_gates, self._num_hidden
        num_input = arr.size // b // h // m - (self._num_layers - 1) * (h + b * h + 2) - h - 2
        args.update({name: a.copy() for name, a in self._slice_weights(arr, num_input, h).items()})
        return args

    def pack_weights(self, args):
        """Inverse of unpack_weights: gather the per-gate arrays into one `<prefix>parameters` vector."""
        args = args.copy()
        b, m, h = self._bidirectional + 1, self._num_gates, self._num_hidden
        w0 = args['%sl0_i2h%s_weight' % (self._prefix, self._gate_names[0])]
        num_input = w0.shape[1]
        total = (num_input + h + 2) * h * m * b + (self._num_layers - 1) * m * h * (h + b * h + 2) * b
        arr = ndarray.zeros((total,), ctx=w0.context, dtype=w0.dtype)
        for name, view in self._slice_weights(arr, num_input, h).items():
            view[:] = args.pop(name)
        args[self._parameter.name] = arr
        return args

    def __call__(self, inputs, states):
        raise NotImplementedError("FusedRNNCell cannot be stepped. Please use unroll")

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None):
        """One `RNN` node over the whole sequence (swapping NTC input to TNC and back)."""
        self.reset()
        inputs, axis = _normalize_sequence(length, inputs, layout, True)
        if axis == 1:
            warnings.warn("NTC layout detected. Consider using TNC for FusedRNNCell for faster speed")
            inputs = symbol.swapaxes(inputs, dim1=0, dim2=1)
        else:
            assert axis == 0, "Unsupported layout %s" % layout
        states = self.begin_state() if begin_state is None else begin_state
        if self._mode == 'lstm':
            states = {'state': states[0], 'state_cell': states[1]}
        else:
            states = {'state': states[0]}
        rnn = symbol.RNN(data=inputs, parameters=self._parameter, state_size=self._num_hidden,
                         num_layers=self._num_layers, bidirectional=self._bidirectional, p=self._dropout,
                         state_outputs=self._get_next_state, mode=self._mode, name=self._prefix + 'rnn', **states)
        if not self._get_next_state:
            outputs, states = rnn, []
        else:
            n = 3 if self._mode == 'lstm' else 2
            for k in range(1, n):
                rnn[k]._set_attr(__layout__='LNC')
            outputs, states = rnn[0], [rnn[k] for k in range(1, n)]
        if axis == 1:
            outputs = symbol.swapaxes(outputs, dim1=0, dim2=1)
        outputs, _ = _normalize_sequence(length, outputs, layout, merge_outputs)
        return outputs, states

    def unfuse(self):
        """The same network as a SequentialRNNCell of unfused cells (names `<prefix>l<i>_` / `r<i>_`)."""
        from ._cells import RNNCell, LSTMCell, GRUCell
        from ._wrappers import SequentialRNNCell, BidirectionalCell, DropoutCell
        make = {'rnn_relu': lambda p: RNNCell(self._num_hidden, activation='relu', prefix=p),
                'rnn_tanh': lambda p: RNNCell(self._num_hidden, activation='tanh', prefix=p),
                'lstm': lambda p: LSTMCell(self._num_hidden, prefix=p),
                'gru': lambda p: GRUCell(self._num_hidden, prefix=p)}[self._mode]
        stack = SequentialRNNCell()
        for i in range(self._num_layers):
            if self._bidirectional:
                stack.add(BidirectionalCell(make('%sl%d_' % (self._prefix, i)), make('%sr%d_' % (self._prefix, i)),
                                            output_prefix='%sbi_l%d_' % (self._prefix, i)))
            else:
                stack.add(make('%sl%d_' % (self._prefix, i)))
            if self._dropout > 0 and i != self._num_layers - 1:
                stack.add(DropoutCell(self._dropout, prefix='%s_dropout%d_' % (self._prefix, i)))
        return stack
