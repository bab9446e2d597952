"""`mx.nd.npx.random`: the numpy-extension samplers `bernoulli`, `normal_n`, `uniform_n`."""
from ..numpy._forward import forwarder as _forwarder

__getattr__, __dir__ = _forwarder("numpy_extension.random", "torch2gluon.numpy_extension.random",
                                  names=("bernoulli", "normal_n", "uniform_n"), namespace=globals())
