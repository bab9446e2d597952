"""`DeformableConvolution` (v1) and `ModulatedDeformableConvolution` (v2) layers, as in MXNet 1.9.1.

A plain convolution predicts the sampling offsets (and, for v2, a modulation mask through `sigmoid * 2`)
from the input; `nd.contrib.(Modulated)DeformableConvolution` then convolves at those positions.
"""
import numbers

from ...block import HybridBlock
from ...nn.activations import Activation

__all__ = ["DeformableConvolution", "ModulatedDeformableConvolution"]


def _pair(v, n):
    return (v,) * n if isinstance(v, numbers.Number) else v


class _DeformableBase(HybridBlock):
    """Shared construction: offset-predicting convolution kwargs, deformable kwargs, parameters."""

    _modulated = False

    def __init__(self, channels, kernel_size, strides, padding, dilation, groups, num_deformable_group, layout,
                 use_bias, in_channels, activation, weight_initializer, bias_initializer,
                 offset_weight_initializer, offset_bias_initializer, offset_use_bias, op_name, adj, prefix,
                 params):
        super().__init__(prefix=prefix, params=params)
        with self.name_scope():
            self._channels = channels
            self._in_channels = in_channels
            assert layout in ("NCHW", "NHWC"), "Only supports 'NCHW' and 'NHWC' layout for now"
            kernel_size = _pair(kernel_size, 2)
            n = len(kernel_size)
            strides, padding, dilation = _pair(strides, n), _pair(padding, n), _pair(dilation, n)
            self._op_name = op_name
            taps = kernel_size[0] * kernel_size[1] * num_deformable_group
            offset_channels = (3 if self._modulated else 2) * taps
            self.offset_split_index = 2 * taps
            self._kwargs_offset = {"kernel": kernel_size, "stride": strides, "dilate": dilation, "pad": padding,
                                   "num_filter": offset_channels, "num_group": groups,
                                   "no_bias": not offset_use_bias, "layout": layout}
            self._kwargs_deformable_conv = {"kernel": kernel_size, "stride": strides, "dilate": dilation,
                                            "pad": padding, "num_filter": channels, "num_group": groups,
                                            "num_deformable_group": num_deformable_group,
                                            "no_bias": not use_bias, "layout": layout}
            if adj:
                self._kwargs_offset["adj"] = adj
                self._kwargs_deformable_conv["adj"] = adj
            # MXNet leaves the deformable weight's input-channel dim to shape inference even when
            # in_channels is given; the offset weight gets in_channels // groups (0 = inferred).
            conv_shape = (channels, 0) + tuple(kernel_size[:2]) + (0,) * (n - 2)
            offset_shape = (offset_channels, in_channels // groups if in_channels else 0) + tuple(kernel_size)
            order = ("conv", "offset") if self._modulated else ("offset", "conv")
            for which in order:
                if which == "offset":
                    self.offset_weight = self.params.get("offset_weight", shape=offset_shape,
                                                         init=offset_weight_initializer, allow_deferred_init=True)
                    self.offset_bias = self.params.get(
                        "offset_bias", shape=(offset_channels,), init=offset_bias_initializer,
                        allow_deferred_init=True) if offset_use_bias else None
                else:
                    self.deformable_conv_weight = self.params.get(
                        "deformable_conv_weight", shape=conv_shape, init=weight_initializer,
                        allow_deferred_init=True)
                    self.deformable_conv_bias = self.params.get(
                        "deformable_conv_bias", shape=(channels,), init=bias_initializer,
                        allow_deferred_init=True) if use_bias else None
            self.act = Activation(activation, prefix=activation + "_") if activation else None

    def infer_shape(self, x, *args):
        """Input channels (divided by groups) from the input's channel axis, for both weights."""
        c = x.shape[self._kwargs_offset["layout"].find("C")] // self._kwargs_offset["num_group"]
        for p in (self.offset_weight, self.deformable_conv_weight):
            p.shape = (p.shape[0], c) + tuple(p.shape[2:])

    def hybrid_forward(self, F, x, offset_weight, deformable_conv_weight, offset_bias=None,
                       deformable_conv_bias=None):
        """Predict offsets (and the v2 mask) with a convolution, then convolve at the shifted positions."""
        offset = F.Convolution(x, offset_weight, offset_bias, cudnn_off=True, **self._kwargs_offset)
        kwargs = dict(self._kwargs_deformable_conv)
        if deformable_conv_bias is not None:
            kwargs["bias"] = deformable_conv_bias
        if self._modulated:
            offset_t = F.slice_axis(offset, axis=1, begin=0, end=self.offset_split_index)
            mask = F.sigmoid(F.slice_axis(offset, axis=1, begin=self.offset_split_index, end=None)) * 2
            act = F.contrib.ModulatedDeformableConvolution(data=x, offset=offset_t, mask=mask,
                                                           weight=deformable_conv_weight, name="fwd", **kwargs)
        else:
            act = F.contrib.DeformableConvolution(data=x, offset=offset, weight=deformable_conv_weight,
                                                  name="fwd", **kwargs)
        if self.act:
            act = self.act(act)
        return act

    def __repr__(self):
        kw = self._kwargs_deformable_conv
        n = len(kw["kernel"])
        s = "{name}({mapping}, kernel_size={kernel}, stride={stride}"
        if kw["pad"] != (0,) * n:
            s += ", padding={pad}"
        if kw["dilate"] != (1,) * n:
            s += ", dilation={dilate}"
        if kw["num_group"] != 1:
            s += ", groups={num_group}"
        if self.deformable_conv_bias is None:
            s += ", bias=False"
        if self.act:
            s += f", {self.act}"
        s += ")"
        shape = self.deformable_conv_weight.shape
        return s.format(name=self.__class__.__name__,
                        mapping=f"{shape[1] if shape[1] else None} -> {shape[0]}", **kw)


class DeformableConvolution(_DeformableBase):
    """2-D deformable convolution v1 (Dai et al., 2017): offsets predicted by a convolution of the input."""

    def __init__(self, channels, kernel_size=(1, 1), strides=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1,
                 num_deformable_group=1, layout="NCHW", use_bias=True, in_channels=0, activation=None,
                 weight_initializer=None, bias_initializer="zeros", offset_weight_initializer="zeros",
                 offset_bias_initializer="zeros", offset_use_bias=True, op_name="DeformableConvolution", adj=None,
                 prefix=None, params=None):
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, num_deformable_group, layout,
                         use_bias, in_channels, activation, weight_initializer, bias_initializer,
                         offset_weight_initializer, offset_bias_initializer, offset_use_bias, op_name, adj,
                         prefix, params)

    def _alias(self):
        return "deformable_conv"


class ModulatedDeformableConvolution(_DeformableBase):
    """2-D deformable convolution v2 (Zhu et al., 2018): predicted offsets plus a `sigmoid * 2` modulation mask."""

    _modulated = True
    __repr__ = HybridBlock.__repr__  # MXNet's v2 layer prints as a plain Block (its children only)

    def __init__(self, channels, kernel_size=(1, 1), strides=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1,
                 num_deformable_group=1, layout="NCHW", use_bias=True, in_channels=0, activation=None,
                 weight_initializer=None, bias_initializer="zeros", offset_weight_initializer="zeros",
                 offset_bias_initializer="zeros", offset_use_bias=True, op_name="ModulatedDeformableConvolution",
                 adj=None, prefix=None, params=None):
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, num_deformable_group, layout,
                         use_bias, in_channels, activation, weight_initializer, bias_initializer,
                         offset_weight_initializer, offset_bias_initializer, offset_use_bias, op_name, adj,
                         prefix, params)

    def _alias(self):
        return "modulated_deformable_conv"
