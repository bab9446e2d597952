"""`mx.np.io`: MXNet's module of numpy-mode text loading (genfromtxt)."""
from ._io import genfromtxt  # noqa: F401

__all__ = ["genfromtxt"]
