"""`mx.np`: MXNet 1.9.1's numpy-compatible array API (`mxnet.numpy`) over torch tensors."""
from .multiarray import ndarray  # noqa: F401
