"""`mx.nd.npx` (`mxnet.ndarray.numpy_extension`): the `mx.npx` operators, the namespace `F.npx` of a
`hybrid_forward` called with arrays (the operators only: mode switches and contexts live in `mx.npx`)."""
from ..numpy._forward import forwarder as _forwarder

_OPS = ("activation", "arange_like", "batch_dot", "batch_flatten", "batch_norm", "cast", "constraint_check",
        "convolution", "deconvolution", "dropout", "embedding", "erf", "erfinv", "fully_connected", "gamma",
        "gammaln", "gather_nd", "layer_norm", "leaky_relu", "log_softmax", "multibox_detection",
        "multibox_prior", "multibox_target", "nonzero", "one_hot", "pick", "pooling", "relu", "reshape",
        "reshape_like", "rnn", "roi_pooling", "sequence_mask", "shape_array", "sigmoid", "slice", "smooth_l1",
        "softmax", "topk")
__all__ = list(_OPS)

__getattr__, __dir__ = _forwarder("numpy_extension", "torch2gluon.numpy_extension", names=_OPS,
                                  submodules=("image", "random"), namespace=globals())
