"""NDArray-like methods of `Symbol` that MXNet 1.9.1 defines explicitly: thin operator wrappers and refusals."""
from ..base import NotImplementedForSymbol


class NDArrayLikeMixin:
    """`astype`, py2 division aliases, and the NDArray-only methods MXNet refuses on a Symbol."""

    __slots__ = ()
    __array_priority__ = 1000.0

    def astype(self, *args, **kwargs):
        """Fluent `cast`: a Cast node of this symbol (same arguments as `sym.cast`)."""
        from .symbol import make_op
        return make_op("cast", (self,) + args, kwargs)

    def __div__(self, other):
        """x.__div__(y) <=> x / y (MXNet's py2 name)."""
        return self.__truediv__(other)

    def __rdiv__(self, other):
        """x.__rdiv__(y) <=> y / x (MXNet's py2 name)."""
        return self.__rtruediv__(other)

    def __idiv__(self, other):
        """In-place division is NDArray-only (MXNet's NotImplementedForSymbol)."""
        raise NotImplementedForSymbol(self.__idiv__, "/=", other)

    def __nonzero__(self):
        """Truth value is NDArray-only (MXNet's NotImplementedForSymbol)."""
        raise NotImplementedForSymbol(self.__bool__, "bool")

    def as_nd_ndarray(self):
        """This symbol itself (it already is a legacy `mx.sym` Symbol)."""
        return self

    def as_np_ndarray(self):
        """The numpy-mode Symbol (`mx.sym.np._Symbol`) of the same graph."""
        from .numpy import _Symbol
        return _Symbol(self._outputs)

    def split_v2(self, indices_or_sections, axis=0, squeeze_axis=False):
        """Split into equal sections (an int) or at the given indices (a tuple), as `sym.split_v2`."""
        from . import split_v2
        return split_v2(self, indices_or_sections, axis=axis, squeeze_axis=squeeze_axis)

    def gradient(self, wrt):
        """Refused: symbolic gradients (MXSymbolGrad) are not supported by torch2gluon."""
        raise NotImplementedError("Symbol.gradient: symbolic gradient graphs are not supported by torch2gluon "
                                  "(MXNet 1.9.1 does not implement them either)")

    def debug_str(self):
        """MXNet's text dump of the graph (outputs, then every node with its inputs and attributes)."""
        from .debug_str import debug_str
        return debug_str(self)

    def optimize_for(self, backend, *args, **kwargs):
        """Refused: subgraph backends (MKLDNN, TensorRT...) are not supported by torch2gluon."""
        raise NotImplementedError(f"Symbol.optimize_for: backend={backend!r} is not supported by torch2gluon "
                                  "(no subgraph backends)")

    def get_backend_symbol(self, backend):
        """Refused: subgraph backends (MKLDNN, TensorRT...) are not supported by torch2gluon."""
        raise NotImplementedError(f"Symbol.get_backend_symbol: backend={backend!r} is not supported by "
                                  "torch2gluon (no subgraph backends)")

    @property
    def handle(self):
        """Refused: torch2gluon symbols have no C handle."""
        raise NotImplementedError("Symbol.handle: torch2gluon symbols have no C handle")

    def wait_to_read(self):
        """NDArray-only (MXNet's NotImplementedForSymbol)."""
        raise NotImplementedForSymbol(self.wait_to_read, None)

    def asnumpy(self):
        """NDArray-only (MXNet's NotImplementedForSymbol)."""
        raise NotImplementedForSymbol(self.asnumpy, None)

    def asscalar(self):
        """NDArray-only (MXNet's NotImplementedForSymbol)."""
        raise NotImplementedForSymbol(self.asscalar, None)

    def copy(self):
        """NDArray-only (MXNet's NotImplementedForSymbol); use copy.copy(sym) for a Symbol copy."""
        raise NotImplementedForSymbol(self.copy, None)

    def as_in_context(self):
        """NDArray-only (MXNet's NotImplementedForSymbol)."""
        raise NotImplementedForSymbol(self.as_in_context, None)

    def detach(self):
        """NDArray-only (MXNet's NotImplementedForSymbol)."""
        raise NotImplementedForSymbol(self.detach, None)

    def backward(self):
        """NDArray-only (MXNet's NotImplementedForSymbol)."""
        raise NotImplementedForSymbol(self.backward, None)
