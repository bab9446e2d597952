"""MXNet's legacy `*_v1` operators, kept for old scripts: thin forms of Convolution and Pooling.

(BatchNorm_v1 is not provided: MXNet 1.9.1 cannot call it imperatively, it wants 5 inputs but its python
signature takes 3.)
"""
from .register import mxop


@mxop("Convolution_v1")
def Convolution_v1(data, weight, bias=None, kernel=None, stride=(), dilate=(), pad=(), num_filter=None,
                   num_group=1, workspace=1024, no_bias=False, cudnn_tune=None, cudnn_off=False, layout=None):
    """The legacy convolution: same arguments and results as `Convolution`."""
    from .ops_conv import Convolution
    return Convolution(data, weight, bias, kernel=kernel, stride=stride, dilate=dilate, pad=pad,
                       num_filter=num_filter, num_group=num_group, workspace=workspace, no_bias=no_bias,
                       cudnn_tune=cudnn_tune, cudnn_off=cudnn_off, layout=layout)


@mxop("Pooling_v1")
def Pooling_v1(data, kernel=(), pool_type="max", global_pool=False, pooling_convention="valid", stride=(), pad=()):
    """The legacy pooling (max/avg/sum, 'valid'/'full' conventions): same results as `Pooling`."""
    from .ops_conv import Pooling
    return Pooling(data, kernel=kernel, pool_type=pool_type, global_pool=global_pool,
                   pooling_convention=pooling_convention, stride=stride, pad=pad)
