"""`mxnet.numpy.arrayprint`: print options of `mx.np` arrays (as MXNet's module of that name)."""
from ._consts import set_printoptions  # noqa: F401

__all__ = ["set_printoptions"]
