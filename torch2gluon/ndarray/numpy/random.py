"""`mx.nd.np.random`: `mx.np.random`'s samplers (names resolve lazily to `torch2gluon.numpy.random`'s)."""
from ._forward import forwarder as _forwarder

__getattr__, __dir__ = _forwarder("numpy.random", "torch2gluon.numpy.random", namespace=globals())
