"""Convolution and pooling layers: Conv1D-3D, Conv1D-3DTranspose, Max/Avg/GlobalMax/GlobalAvg pools, ReflectionPad2D."""
import math
import numbers

from ...base import MXNetError
from ..block import HybridBlock
from .activations import Activation

__all__ = ["Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
           "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D",
           "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D", "GlobalAvgPool1D", "GlobalAvgPool2D",
           "GlobalAvgPool3D", "ReflectionPad2D"]


def _ntuple(v, n):
    if isinstance(v, numbers.Integral):
        return (int(v),) * n
    return tuple(v)


def _sized(v, n, what):
    """`v` as an n-tuple; a sequence of another length raises AssertionError, as MXNet's layers assert."""
    v = _ntuple(v, n)
    assert len(v) == n, f"{what} must be a number or a list of {n} ints"
    return v


def _check_conv_args(op, kw, in_channels):
    """The argument checks MXNet's Convolution/Deconvolution shape inference runs when the layer is built."""
    kernel = kw["kernel"]
    for key, label in (("stride", "Stride"), ("dilate", "Dilate"), ("pad", "Padding")):
        if len(kw[key]) != len(kernel):
            raise MXNetError(f"{op}: {label} must have the same number of dimensions with kernel_size, but "
                             f"kernel_size is set to {list(kernel)} while {key} is {list(kw[key])}")
    groups = kw["num_group"]
    if in_channels and in_channels % groups:
        raise MXNetError(f"{op}: input num_filter must divide group size")
    if kw["num_filter"] % groups:
        raise MXNetError(f"{op}: output num_filter must divide group size")
    for key in ("kernel", "stride", "dilate"):
        if math.prod(kw[key]) <= 0:
            raise MXNetError(f"{op}: incorrect {key} size: {list(kw[key])}")
    for i, (st, a) in enumerate(zip(kw["stride"], kw.get("adj", ()))):
        if st - 1 < a:
            raise MXNetError(f"{op}: adj (output_padding) must be smaller than stride[{i}], got {a} vs. {st}")


class _Conv(HybridBlock):
    """Shared implementation of convolution layers (one `Convolution`/`Deconvolution` op call)."""
    _npx_first = staticmethod(lambda b: "_npx_" + b._op_name.lower())   # see _np_kinds.py
    _legacy_first = staticmethod(lambda b: b._op_name)

    def __init__(self, channels, kernel_size, strides, padding, dilation, groups, layout, in_channels=0,
                 activation=None, use_bias=True, weight_initializer=None, bias_initializer="zeros",
                 op_name="Convolution", adj=None, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        n = len(kernel_size)
        with self.name_scope():
            self._channels = channels
            self._in_channels = in_channels
            self._op_name = op_name
            self._layout = layout
            self._kwargs = {"kernel": tuple(kernel_size), "stride": _ntuple(strides, n),
                            "dilate": _ntuple(dilation, n), "pad": _ntuple(padding, n),
                            "num_filter": channels, "num_group": groups, "no_bias": not use_bias,
                            "layout": layout}
            if adj is not None:
                self._kwargs["adj"] = _ntuple(adj, n)
            _check_conv_args(op_name, self._kwargs, in_channels)
            self.weight = self.params.get("weight", shape=self._weight_shape(in_channels),
                                          init=weight_initializer, allow_deferred_init=True)
            if use_bias:
                self.bias = self.params.get("bias", shape=(channels,), init=bias_initializer,
                                            allow_deferred_init=True)
            else:
                self.bias = None
            self.act = Activation(activation, prefix=activation + "_") if activation is not None else None

    def _weight_shape(self, in_channels):
        k = self._kwargs["kernel"]
        g = self._kwargs["num_group"]
        if self._op_name == "Convolution":
            shape = (self._channels, in_channels // g if in_channels else 0) + k
        else:
            shape = (in_channels, self._channels // g) + k
        if self._layout[-1] == "C":  # channel-last layouts keep the weight channel-last too
            shape = (shape[0],) + shape[2:] + (shape[1],)
        return shape

    def infer_shape(self, x, *args):
        """in_channels from the input's channel axis."""
        c = x.shape[self._layout.find("C")]
        self.weight.shape = self._weight_shape(c)

    def hybrid_forward(self, F, x, weight, bias=None):
        op = getattr(F, self._op_name)
        act = op(x, weight, bias, name="fwd", **self._kwargs)
        if self.act is not None:
            act = self.act(act)
        return act

    def _alias(self):
        return "conv"

    def __repr__(self):
        kw = self._kwargs
        n = len(kw["kernel"])
        s = f"{self.__class__.__name__}({{mapping}}, kernel_size={kw['kernel']}, stride={kw['stride']}"
        if kw["pad"] != (0,) * n:
            s += f", padding={kw['pad']}"
        if kw["dilate"] != (1,) * n:
            s += f", dilation={kw['dilate']}"
        if kw["num_group"] != 1:
            s += f", groups={kw['num_group']}"
        if self.bias is None:
            s += ", bias=False"
        if self.act:
            s += f", {self.act}"
        s += ")"
        shape = self.weight.shape
        return s.format(mapping=f"{shape[1] if shape[1] else None} -> {shape[0]}")


class Conv1D(_Conv):
    """1-D convolution over (N, C, W) input."""

    def __init__(self, channels, kernel_size, strides=1, padding=0, dilation=1, groups=1, layout="NCW",
                 activation=None, use_bias=True, weight_initializer=None, bias_initializer="zeros",
                 in_channels=0, **kwargs):
        if layout not in ("NCW", "NWC"):
            raise AssertionError("Only supports 'NCW' and 'NWC' layout for now")
        super().__init__(channels, _sized(kernel_size, 1, "kernel_size"), strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer, bias_initializer, **kwargs)


class Conv2D(_Conv):
    """2-D convolution over (N, C, H, W) input."""

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1,
                 layout="NCHW", activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        if layout not in ("NCHW", "NHWC"):
            raise AssertionError("Only supports 'NCHW' and 'NHWC' layout for now")
        super().__init__(channels, _sized(kernel_size, 2, "kernel_size"), strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer, bias_initializer, **kwargs)


class Conv3D(_Conv):
    """3-D convolution over (N, C, D, H, W) input."""

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0), dilation=(1, 1, 1),
                 groups=1, layout="NCDHW", activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        if layout not in ("NCDHW", "NDHWC"):
            raise AssertionError("Only supports 'NCDHW' and 'NDHWC' layout for now")
        super().__init__(channels, _sized(kernel_size, 3, "kernel_size"), strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer, bias_initializer, **kwargs)


class Conv1DTranspose(_Conv):
    """1-D transposed convolution."""

    def __init__(self, channels, kernel_size, strides=1, padding=0, output_padding=0, dilation=1, groups=1,
                 layout="NCW", activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        if layout not in ("NCW", "NWC"):
            raise AssertionError("Only supports 'NCW' and 'NWC' layout for now")
        super().__init__(channels, _sized(kernel_size, 1, "kernel_size"), strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer, bias_initializer,
                         op_name="Deconvolution", adj=_sized(output_padding, 1, "output_padding"), **kwargs)
        self.outpad = _ntuple(output_padding, 1)


class Conv2DTranspose(_Conv):
    """2-D transposed convolution."""

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0), output_padding=(0, 0),
                 dilation=(1, 1), groups=1, layout="NCHW", activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer="zeros", in_channels=0, **kwargs):
        if layout not in ("NCHW", "NHWC"):
            raise AssertionError("Only supports 'NCHW' and 'NHWC' layout for now")
        super().__init__(channels, _sized(kernel_size, 2, "kernel_size"), strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer, bias_initializer,
                         op_name="Deconvolution", adj=_sized(output_padding, 2, "output_padding"), **kwargs)
        self.outpad = _ntuple(output_padding, 2)


class Conv3DTranspose(_Conv):
    """3-D transposed convolution."""

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0), output_padding=(0, 0, 0),
                 dilation=(1, 1, 1), groups=1, layout="NCDHW", activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer="zeros", in_channels=0, **kwargs):
        if layout not in ("NCDHW", "NDHWC"):
            raise AssertionError("Only supports 'NCDHW' and 'NDHWC' layout for now")
        super().__init__(channels, _sized(kernel_size, 3, "kernel_size"), strides, padding, dilation, groups, layout,
                         in_channels, activation, use_bias, weight_initializer, bias_initializer,
                         op_name="Deconvolution", adj=_sized(output_padding, 3, "output_padding"), **kwargs)
        self.outpad = _ntuple(output_padding, 3)


class _Pooling(HybridBlock):
    """Shared implementation of pooling layers (one `Pooling` op call)."""
    _npx_first = "_npx_pooling"

    def __init__(self, pool_size, strides, padding, ceil_mode, global_pool, pool_type, layout,
                 count_include_pad=None, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        n = len(pool_size)
        if strides is None:
            strides = pool_size
        self._kwargs = {"kernel": tuple(pool_size), "stride": _ntuple(strides, n), "pad": _ntuple(padding, n),
                        "global_pool": global_pool, "pool_type": pool_type, "layout": layout,
                        "pooling_convention": "full" if ceil_mode else "valid"}
        if count_include_pad is not None:
            self._kwargs["count_include_pad"] = count_include_pad

    def _alias(self):
        return "pool"

    def hybrid_forward(self, F, x):
        return F.Pooling(x, name="fwd", **self._kwargs)

    def __repr__(self):
        kw = self._kwargs
        return (f"{self.__class__.__name__}(size={kw['kernel']}, stride={kw['stride']}, padding={kw['pad']}, "
                f"ceil_mode={kw['pooling_convention'] == 'full'}, global_pool={kw['global_pool']}, "
                f"pool_type={kw['pool_type']}, layout={kw['layout']})")


def _check_layout(layout, allowed):
    if layout not in allowed:
        raise AssertionError(f"Only supports {' and '.join(repr(a) for a in allowed)} layout for now")


class MaxPool1D(_Pooling):
    """1-D max pooling."""

    def __init__(self, pool_size=2, strides=None, padding=0, layout="NCW", ceil_mode=False, **kwargs):
        _check_layout(layout, ("NCW", "NWC"))
        super().__init__(_sized(pool_size, 1, "pool_size"), strides, padding, ceil_mode, False, "max", layout, **kwargs)


class MaxPool2D(_Pooling):
    """2-D max pooling."""

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, layout="NCHW", ceil_mode=False, **kwargs):
        _check_layout(layout, ("NCHW", "NHWC"))
        super().__init__(_sized(pool_size, 2, "pool_size"), strides, padding, ceil_mode, False, "max", layout, **kwargs)


class MaxPool3D(_Pooling):
    """3-D max pooling."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False, layout="NCDHW",
                 **kwargs):
        _check_layout(layout, ("NCDHW", "NDHWC"))
        super().__init__(_sized(pool_size, 3, "pool_size"), strides, padding, ceil_mode, False, "max", layout, **kwargs)


class AvgPool1D(_Pooling):
    """1-D average pooling."""

    def __init__(self, pool_size=2, strides=None, padding=0, layout="NCW", ceil_mode=False,
                 count_include_pad=True, **kwargs):
        _check_layout(layout, ("NCW", "NWC"))
        super().__init__(_sized(pool_size, 1, "pool_size"), strides, padding, ceil_mode, False, "avg", layout,
                         count_include_pad, **kwargs)


class AvgPool2D(_Pooling):
    """2-D average pooling."""

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, ceil_mode=False, layout="NCHW",
                 count_include_pad=True, **kwargs):
        _check_layout(layout, ("NCHW", "NHWC"))
        super().__init__(_sized(pool_size, 2, "pool_size"), strides, padding, ceil_mode, False, "avg", layout,
                         count_include_pad, **kwargs)


class AvgPool3D(_Pooling):
    """3-D average pooling."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False, layout="NCDHW",
                 count_include_pad=True, **kwargs):
        _check_layout(layout, ("NCDHW", "NDHWC"))
        super().__init__(_sized(pool_size, 3, "pool_size"), strides, padding, ceil_mode, False, "avg", layout,
                         count_include_pad, **kwargs)


def _global(name, n, pool_type, layouts, doc):
    def __init__(self, layout=layouts[0], **kwargs):
        _check_layout(layout, layouts)
        _Pooling.__init__(self, (1,) * n, None, 0, True, True, pool_type, layout, **kwargs)
    return type(name, (_Pooling,), {"__init__": __init__, "__doc__": doc})


GlobalMaxPool1D = _global("GlobalMaxPool1D", 1, "max", ("NCW", "NWC"), "Global 1-D max pooling.")
GlobalMaxPool2D = _global("GlobalMaxPool2D", 2, "max", ("NCHW", "NHWC"), "Global 2-D max pooling.")
GlobalMaxPool3D = _global("GlobalMaxPool3D", 3, "max", ("NCDHW", "NDHWC"), "Global 3-D max pooling.")
GlobalAvgPool1D = _global("GlobalAvgPool1D", 1, "avg", ("NCW", "NWC"), "Global 1-D average pooling.")
GlobalAvgPool2D = _global("GlobalAvgPool2D", 2, "avg", ("NCHW", "NHWC"), "Global 2-D average pooling.")
GlobalAvgPool3D = _global("GlobalAvgPool3D", 3, "avg", ("NCDHW", "NDHWC"), "Global 3-D average pooling.")
for _c in (GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D, GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D):
    _c.__module__ = __name__


class ReflectionPad2D(HybridBlock):
    """Pad the last two axes of (N, C, H, W) input by reflection."""

    def __init__(self, padding=0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(padding, numbers.Integral):
            padding = (0, 0, 0, 0, padding, padding, padding, padding)
        if len(padding) != 8:
            raise AssertionError("ReflectionPad2D: padding must be an int or a tuple of 8 ints")
        self._padding = tuple(padding)

    def hybrid_forward(self, F, x):
        return F.pad(x, mode="reflect", pad_width=self._padding)
