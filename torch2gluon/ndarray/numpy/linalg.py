"""`mx.nd.np.linalg`: `mx.np.linalg`'s functions (names resolve lazily to `torch2gluon.numpy.linalg`'s)."""
from ._forward import forwarder as _forwarder

__getattr__, __dir__ = _forwarder("numpy.linalg", "torch2gluon.numpy.linalg", namespace=globals())
