"""`mx.rnn` (MXNet 1.x's symbolic RNN cell API): shared helpers, `RNNParams` and `BaseRNNCell`.

Cells build Symbol graphs step by step (`cell(inputs, states)`) or over a sequence (`unroll`). Node and
variable names follow MXNet 1.9.1 exactly (`<prefix>t<i>_...`, `<prefix>begin_state_<k>`), so graphs,
checkpoints and `Module` code written for MXNet bind the same way.
"""
from .. import symbol, ndarray
from ..base import string_types

__all__ = ["RNNParams", "BaseRNNCell"]

_MODIFIED = ('After applying modifier cells (e.g. DropoutCell) the base cell cannot be called directly. '
             'Call the modifier cell instead.')


def _cells_state_info(cells):
    return [info for c in cells for info in c.state_info]


def _cells_begin_state(cells, **kwargs):
    return [s for c in cells for s in c.begin_state(**kwargs)]


def _cells_unpack_weights(cells, args):
    for cell in cells:
        args = cell.unpack_weights(args)
    return args


def _cells_pack_weights(cells, args):
    for cell in cells:
        args = cell.pack_weights(args)
    return args


def _normalize_sequence(length, inputs, layout, merge, in_layout=None):
    """`inputs` (one Symbol or a list of per-step Symbols) as a list (merge=False), one Symbol (merge=True)
    or as given (merge=None); returns it with the time axis of `layout`."""
    assert inputs is not None, \
        "unroll(inputs=None) has been deprecated. Please create input variables outside unroll."
    axis = layout.find('T')
    in_axis = in_layout.find('T') if in_layout is not None else axis
    if isinstance(inputs, symbol.Symbol):
        if merge is False:
            assert len(inputs.list_outputs()) == 1, \
                "unroll doesn't allow grouped symbol as input. Please convert to list with list(inputs) " \
                "first or let unroll handle splitting."
            inputs = list(symbol.split(inputs, axis=in_axis, num_outputs=length, squeeze_axis=1))
    else:
        assert length is None or len(inputs) == length
        if merge is True:
            inputs = symbol.Concat(*[symbol.expand_dims(i, axis=axis) for i in inputs], dim=axis)
            in_axis = axis
    if isinstance(inputs, symbol.Symbol) and axis != in_axis:
        # (MXNet 1.9.1 passes dim0/dim1 here, which swapaxes rejects; kept as is)
        inputs = symbol.swapaxes(inputs, dim0=axis, dim1=in_axis)
    return inputs, axis


class RNNParams(object):
    """Container of the weight Variables of cells, so that cells can share weights (name -> Variable)."""

    def __init__(self, prefix=''):
        self._prefix = prefix
        self._params = {}

    def get(self, name, **kwargs):
        """The Variable `prefix + name`, created with `kwargs` (attributes, init, shape...) on first use."""
        name = self._prefix + name
        if name not in self._params:
            self._params[name] = symbol.Variable(name, **kwargs)
        return self._params[name]


class BaseRNNCell(object):
    """Abstract symbolic RNN cell: `cell(inputs, states) -> (output, new_states)`, `unroll`, `begin_state`."""

    def __init__(self, prefix='', params=None):
        self._own_params = params is None
        self._prefix = prefix
        self._params = RNNParams(prefix) if params is None else params
        self._modified = False
        self.reset()

    def reset(self):
        """Reset the step and begin-state counters (before a new unroll)."""
        self._init_counter = -1
        self._counter = -1
        for cell in getattr(self, '_cells', ()):
            cell.reset()

    def __call__(self, inputs, states):
        raise NotImplementedError()

    @property
    def params(self):
        """The cell's RNNParams (after this access the cell no longer counts as owning its params)."""
        self._own_params = False
        return self._params

    @property
    def state_info(self):
        """Shape/layout dicts of the recurrent states."""
        raise NotImplementedError()

    @property
    def state_shape(self):
        """Shapes of the recurrent states (0 = unknown batch size)."""
        return [ele['shape'] for ele in self.state_info]

    @property
    def _gate_names(self):
        return ()

    def begin_state(self, func=symbol.zeros, **kwargs):
        """Initial states, made by `func(name='<prefix>begin_state_<k>', **kwargs, **state_info[k])`."""
        assert not self._modified, _MODIFIED
        states = []
        for info in self.state_info:
            self._init_counter += 1
            if info is not None:
                kwargs.update(info)  # (cumulative, as in MXNet)
            states.append(func(name='%sbegin_state_%d' % (self._prefix, self._init_counter), **kwargs))
        return states

    def unpack_weights(self, args):
        """Split the fused i2h/h2h weights and biases of `args` (name -> NDArray) into one per gate."""
        args = args.copy()
        if not self._gate_names:
            return args
        h = self._num_hidden
        for group in ('i2h', 'h2h'):
            weight = args.pop('%s%s_weight' % (self._prefix, group))
            bias = args.pop('%s%s_bias' % (self._prefix, group))
            for j, gate in enumerate(self._gate_names):
                args['%s%s%s_weight' % (self._prefix, group, gate)] = weight[j * h:(j + 1) * h].copy()
                args['%s%s%s_bias' % (self._prefix, group, gate)] = bias[j * h:(j + 1) * h].copy()
        return args

    def pack_weights(self, args):
        """Inverse of unpack_weights: concatenate per-gate weights and biases into the cell's own."""
        args = args.copy()
        if not self._gate_names:
            return args
        for group in ('i2h', 'h2h'):
            for kind in ('weight', 'bias'):
                parts = [args.pop('%s%s%s_%s' % (self._prefix, group, gate, kind)) for gate in self._gate_names]
                args['%s%s_%s' % (self._prefix, group, kind)] = ndarray.concatenate(parts)
        return args

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None):
        """Step the cell `length` times; returns (outputs, last states). `merge_outputs` True gives one
        Symbol with a time axis, False a list, None whatever is cheaper."""
        self.reset()
        inputs, _ = _normalize_sequence(length, inputs, layout, False)
        states = self.begin_state() if begin_state is None else begin_state
        outputs = []
        for i in range(length):
            output, states = self(inputs[i], states)
            outputs.append(output)
        outputs, _ = _normalize_sequence(length, outputs, layout, merge_outputs)
        return outputs, states

    def _get_activation(self, inputs, activation, **kwargs):
        if isinstance(activation, string_types):
            return symbol.Activation(inputs, act_type=activation, **kwargs)
        return activation(inputs, **kwargs)
