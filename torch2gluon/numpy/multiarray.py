"""`mx.np.ndarray`: MXNet 1.9.1's numpy-semantics array, a subclass of `mx.nd.NDArray` over one torch tensor."""
from ..ndarray.ndarray import NDArray
from . import _wrap
from ._wrap import wrap_np

__all__ = ["ndarray"]


class ndarray(NDArray):  # noqa: N801 - MXNet's name
    """An n-dimensional array with numpy semantics (`mxnet.numpy.ndarray`): same storage as NDArray."""

    __slots__ = ()

    @property
    def grad(self):
        """The gradient buffer attached by `attach_grad` (an `mx.np.ndarray`), or None."""
        g = self._grad
        if g is None:
            return None
        return wrap_np(g._t, g._ctx)

    def as_nd_ndarray(self):
        """This array as a legacy `mx.nd.NDArray` (shares data and gradient)."""
        return _wrap.as_nd(self)

    def as_np_ndarray(self):
        """Itself (already an `mx.np.ndarray`)."""
        return self


_wrap._CLASS.append(ndarray)
