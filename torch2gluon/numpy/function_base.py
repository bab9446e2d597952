"""`mxnet.numpy.function_base`: `meshgrid` (as MXNet's module of that name)."""
from ._op_create import meshgrid  # noqa: F401

__all__ = ["meshgrid"]
