"""`mx.np.stride_tricks`: MXNet's module of broadcast_arrays."""
from ._op_shape import broadcast_arrays  # noqa: F401

__all__ = ["broadcast_arrays"]
