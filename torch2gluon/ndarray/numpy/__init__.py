"""`mx.nd.np` (`mxnet.ndarray.numpy`): the functions of `mx.np` over the same `mx.np.ndarray`s, the namespace
`F.np` of a `hybrid_forward` called with arrays. Names resolve lazily to `torch2gluon.numpy`'s."""
from ._forward import forwarder as _forwarder

__getattr__, __dir__ = _forwarder("numpy", "torch2gluon.numpy", submodules=("random", "linalg", "_internal"),
                                  namespace=globals())
