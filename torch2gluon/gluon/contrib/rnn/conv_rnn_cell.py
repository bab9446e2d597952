"""Convolutional recurrent cells: Conv{1,2,3}D{RNN,LSTM,GRU}Cell (i2h and h2h are convolutions)."""
from ....base import numeric_types
from ...rnn import HybridRecurrentCell

__all__ = ["Conv1DRNNCell", "Conv2DRNNCell", "Conv3DRNNCell", "Conv1DLSTMCell", "Conv2DLSTMCell", "Conv3DLSTMCell",
           "Conv1DGRUCell", "Conv2DGRUCell", "Conv3DGRUCell"]


def _conv_out_size(dims, kernels, pads, dilates):
    """Spatial output size of a stride-1 convolution (0 stays 0: unknown)."""
    return tuple(int(x + 2 * p - d * (k - 1) - 1) + 1 if x else 0
                 for x, k, p, d in zip(dims, kernels, pads, dilates))


class _BaseConvRNNCell(HybridRecurrentCell):
    """Shared parameters and shapes of the convolutional cells; `input_shape` excludes the batch axis."""
    _gate_count = 1

    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad, i2h_dilate, h2h_dilate,
                 i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                 dims, conv_layout, activation, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._hidden_channels = hidden_channels
        self._input_shape = input_shape
        self._conv_layout = conv_layout
        self._activation = activation
        for spec in (i2h_kernel, i2h_pad, i2h_dilate, h2h_kernel, h2h_dilate):
            if not (isinstance(spec, int) or len(spec) == dims):
                raise AssertionError(f"For {dims}D convolution, the convolution settings can only be either int "
                                     f"or list/tuple of length {dims}")

        def spatial(v):
            return (v,) * dims if isinstance(v, numeric_types) else tuple(v)

        self._i2h_kernel = spatial(i2h_kernel)
        self._stride = (1,) * dims
        self._i2h_pad = spatial(i2h_pad)
        self._i2h_dilate = spatial(i2h_dilate)
        self._h2h_kernel = spatial(h2h_kernel)
        if not all(k % 2 == 1 for k in self._h2h_kernel):
            raise AssertionError(f"Only support odd number, get h2h_kernel= {h2h_kernel}")
        self._h2h_dilate = spatial(h2h_dilate)
        self._channel_axis = conv_layout.find("C")
        first = self._channel_axis == 1
        self._in_channels = input_shape[self._channel_axis - 1]
        spatial_in = input_shape[1:] if first else input_shape[:-1]
        out = _conv_out_size(spatial_in, self._i2h_kernel, self._i2h_pad, self._i2h_dilate)
        self._h2h_pad = tuple(d * (k - 1) // 2 for d, k in zip(self._h2h_dilate, self._h2h_kernel))
        total = hidden_channels * self._gate_count
        if first:
            i2h_shape = (total, self._in_channels) + self._i2h_kernel
            h2h_shape = (total, hidden_channels) + self._h2h_kernel
            self._state_shape = (hidden_channels,) + out
        else:
            i2h_shape = (total,) + self._i2h_kernel + (self._in_channels,)
            h2h_shape = (total,) + self._h2h_kernel + (hidden_channels,)
            self._state_shape = out + (hidden_channels,)
        self.i2h_weight = self.params.get("i2h_weight", shape=i2h_shape, init=i2h_weight_initializer,
                                          allow_deferred_init=True)
        self.h2h_weight = self.params.get("h2h_weight", shape=h2h_shape, init=h2h_weight_initializer,
                                          allow_deferred_init=True)
        self.i2h_bias = self.params.get("i2h_bias", shape=(total,), init=i2h_bias_initializer,
                                        allow_deferred_init=True)
        self.h2h_bias = self.params.get("h2h_bias", shape=(total,), init=h2h_bias_initializer,
                                        allow_deferred_init=True)

    def __repr__(self):
        shape = self.i2h_weight.shape
        in_channels = shape[1 if self._channel_axis == 1 else -1]
        return (f"{self.__class__.__name__}({in_channels if in_channels else None} -> {shape[0]}, "
                f"{self._activation}, {self._conv_layout})")

    def infer_shape(self, inputs, *args):
        """The i2h weight's input channels from the input's channel axis (input_shape may give 0)."""
        c = inputs.shape[self._channel_axis]
        shape = list(self.i2h_weight.shape)
        shape[1 if self._channel_axis == 1 else -1] = c
        self.i2h_weight.shape = tuple(shape)

    def state_info(self, batch_size=0):
        """One state (two for LSTM) of shape (batch,) + the convolution's output shape."""
        return [{"shape": (batch_size,) + self._state_shape, "__layout__": self._conv_layout}
                for _ in range(self._n_states)]

    _n_states = 1

    def _conv_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix):
        nf = self._hidden_channels * self._gate_count
        i2h = F.Convolution(data=inputs, num_filter=nf, kernel=self._i2h_kernel, stride=self._stride,
                            pad=self._i2h_pad, dilate=self._i2h_dilate, weight=i2h_weight, bias=i2h_bias,
                            layout=self._conv_layout, name=prefix + "i2h")
        h2h = F.Convolution(data=states[0], num_filter=nf, kernel=self._h2h_kernel, dilate=self._h2h_dilate,
                            pad=self._h2h_pad, stride=self._stride, weight=h2h_weight, bias=h2h_bias,
                            layout=self._conv_layout, name=prefix + "h2h")
        return i2h, h2h


class _ConvRNNCell(_BaseConvRNNCell):
    def _alias(self):
        return "conv_rnn"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = f"t{self._counter}_"  # node names follow MXNet's (symbolic unrolls list the same outputs)
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
        output = self._get_activation(F, i2h + h2h, self._activation, name=prefix + "out")
        return output, [output]


class _ConvLSTMCell(_BaseConvRNNCell):
    _gate_count = 4
    _n_states = 2

    def _alias(self):
        return "conv_lstm"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = f"t{self._counter}_"
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
        gates = F.SliceChannel(i2h + h2h, num_outputs=4, axis=self._channel_axis, name=prefix + "slice")
        in_gate = F.Activation(gates[0], act_type="sigmoid", name=prefix + "i")
        forget_gate = F.Activation(gates[1], act_type="sigmoid", name=prefix + "f")
        in_transform = self._get_activation(F, gates[2], self._activation, name=prefix + "c")
        out_gate = F.Activation(gates[3], act_type="sigmoid", name=prefix + "o")
        next_c = F.elemwise_add(forget_gate * states[1], in_gate * in_transform, name=prefix + "state")
        next_h = F.elemwise_mul(out_gate, self._get_activation(F, next_c, self._activation), name=prefix + "out")
        return next_h, [next_h, next_c]


class _ConvGRUCell(_BaseConvRNNCell):
    _gate_count = 3

    def _alias(self):
        return "conv_gru"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = f"t{self._counter}_"
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
        i2h_r, i2h_z, i2h = F.SliceChannel(i2h, num_outputs=3, axis=self._channel_axis, name=prefix + "i2h_slice")
        h2h_r, h2h_z, h2h = F.SliceChannel(h2h, num_outputs=3, axis=self._channel_axis, name=prefix + "h2h_slice")
        reset_gate = F.Activation(i2h_r + h2h_r, act_type="sigmoid", name=prefix + "r_act")
        update_gate = F.Activation(i2h_z + h2h_z, act_type="sigmoid", name=prefix + "z_act")
        next_h_tmp = self._get_activation(F, i2h + reset_gate * h2h, self._activation, name=prefix + "h_act")
        next_h = F.elemwise_add((1.0 - update_gate) * next_h_tmp, update_gate * states[0], name=prefix + "out")
        return next_h, [next_h]


def _make(base, dims, layout):
    """The public constructor of a `dims`-D cell: MXNet's defaults for pads, dilations and layout."""
    zeros, ones = (0,) * dims, (1,) * dims

    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad=zeros, i2h_dilate=ones,
                 h2h_dilate=ones, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", conv_layout=layout, activation="tanh",
                 prefix=None, params=None):
        base.__init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad, i2h_dilate, h2h_dilate,
                      i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                      dims, conv_layout, activation, prefix=prefix, params=params)

    return __init__


class Conv1DRNNCell(_ConvRNNCell):
    """1-D convolutional RNN cell (layout NCW or NWC)."""
    __init__ = _make(_ConvRNNCell, 1, "NCW")


class Conv2DRNNCell(_ConvRNNCell):
    """2-D convolutional RNN cell (layout NCHW or NHWC)."""
    __init__ = _make(_ConvRNNCell, 2, "NCHW")


class Conv3DRNNCell(_ConvRNNCell):
    """3-D convolutional RNN cell (layout NCDHW or NDHWC)."""
    __init__ = _make(_ConvRNNCell, 3, "NCDHW")


class Conv1DLSTMCell(_ConvLSTMCell):
    """1-D convolutional LSTM cell (Shi et al., 2015)."""
    __init__ = _make(_ConvLSTMCell, 1, "NCW")


class Conv2DLSTMCell(_ConvLSTMCell):
    """2-D convolutional LSTM cell (Shi et al., 2015)."""
    __init__ = _make(_ConvLSTMCell, 2, "NCHW")


class Conv3DLSTMCell(_ConvLSTMCell):
    """3-D convolutional LSTM cell (Shi et al., 2015)."""
    __init__ = _make(_ConvLSTMCell, 3, "NCDHW")


class Conv1DGRUCell(_ConvGRUCell):
    """1-D convolutional GRU cell."""
    __init__ = _make(_ConvGRUCell, 1, "NCW")


class Conv2DGRUCell(_ConvGRUCell):
    """2-D convolutional GRU cell."""
    __init__ = _make(_ConvGRUCell, 2, "NCHW")


class Conv3DGRUCell(_ConvGRUCell):
    """3-D convolutional GRU cell."""
    __init__ = _make(_ConvGRUCell, 3, "NCDHW")
