"""`npx.utils` (`mxnet.numpy_extension.utils`): `save` / `load` of `mx.np.ndarray`s (MXNet's V3 records)."""
from ..numpy._io import save, load  # noqa: F401

__all__ = ["save", "load"]
