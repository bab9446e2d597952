"""`mx.sym.np._Symbol`: MXNet 1.9.1's numpy-mode Symbol (what `Symbol.as_np_ndarray()` returns).

It shares the graph of the legacy Symbol it came from (`as_nd_ndarray()` goes back). Its operators build numpy
backend nodes (`a + b` is `_npi_add`, `a * 2` is `_npi_multiply_scalar`, `a[1:3]` a `slice` node, `a[0]` a
`slice` and a `_npx_reshape`), and it has the methods MXNet's `_Symbol` defines (reshape, transpose, T, astype,
sum, mean...); the legacy fluent methods are not there (AttributeError, as in MXNet).
"""
import numbers

import numpy as _onp

from ..symbol import Symbol
from ...base import NotImplementedForSymbol


def _fns():
    from . import _functions
    return _functions


def _ns():
    from .. import numpy as ns
    return ns


def _binary(name, reverse=False):
    def method(self, other):
        if reverse:
            return _fns().binary_node(name, other, self)
        return _fns().binary_node(name, self, other)
    method.__name__ = name
    method.__doc__ = f"x {name} y as `mx.sym.np.{name}`."
    return method


def _int(x):
    return isinstance(x, (numbers.Integral, _onp.integer)) and not isinstance(x, (bool, _onp.bool_))


class _Symbol(Symbol):
    """MXNet's numpy-mode Symbol: numpy operators, indexing and methods over the same graph."""

    __slots__ = ()

    def __repr__(self):
        if len(self._outputs) > 1:
            return f"<_Symbol group [{', '.join(repr(s) for s in self)}]>"
        return f"<_Symbol {self.name}>"

    @property
    def num_outputs(self):
        """The number of outputs."""
        return len(self._outputs)

    def __iter__(self):
        if len(self._outputs) == 1:
            raise TypeError(f"'{self}' is not iterable.")
        return (_Symbol([o]) for o in self._outputs)

    def __len__(self):
        if len(self._outputs) == 1:
            raise TypeError(f"{self} is not a list and does not support len().")
        return len(self._outputs)

    def __getitem__(self, key):  # pylint: disable=too-many-return-statements
        from ._nodes import legacy_node, np_node
        if isinstance(key, str):
            return _Symbol(Symbol.__getitem__(self, key)._outputs)
        n = len(self._outputs)
        if n > 1:
            if _int(key):
                key = int(key)
                if not -n <= key < n:
                    raise IndexError("list index out of range")
                return _Symbol([self._outputs[key]])
            if isinstance(key, slice):
                return _Symbol(self._outputs[key])
            raise TypeError(f"indices of symbol group must be integers or slices, not {type(key)}")
        if _int(key):
            sliced = legacy_node("slice", [self], {"begin": [int(key)], "end": [int(key) + 1]}, "slice")
            return np_node("_npx_reshape", [sliced], {"newshape": (-3, -4)}, "reshape")
        if isinstance(key, slice):
            if key.step == 0:
                raise ValueError("slice step cannot be zero")
            return legacy_node("slice", [self], {"begin": [None] if key.start is None else key.start,
                                                 "end": [None] if key.stop is None else key.stop,
                                                 "step": key.step}, "slice")
        if isinstance(key, tuple):
            if not key:
                return self
            begin, end, step, shape = [], [], [], []
            for index in key:
                if isinstance(index, slice):
                    if index.step == 0:
                        raise ValueError("slice step cannot be zero")
                    begin.append(index.start)
                    end.append(index.stop)
                    step.append(index.step)
                    shape.append(-2)
                elif _int(index):
                    index = int(index)
                    begin.append(index)
                    end.append(index + 1 if index >= 0 else index - 1)
                    step.append(1 if index >= 0 else -1)
                    shape.append(-3)
                else:
                    raise IndexError(f"Only integer, slice, or tuple of these types are supported! Received key={key}")
            sliced = legacy_node("slice", [self], {"begin": begin, "end": end, "step": step}, "slice")
            return np_node("_npx_reshape", [sliced], {"newshape": tuple(shape) + (-4,)}, "reshape")
        raise IndexError(f"Only integer, slice, or tuple of these types are supported! Received key={key}")

    def __setitem__(self, key, value):
        raise NotImplementedError("mx.sym.np._Symbol: item assignment is not supported (as in MXNet)")

    __add__ = _binary("add")
    def __radd__(self, other):
        """MXNet's np Symbol has no __radd__: the legacy one calls __add__ (scalar right), and a legacy Symbol on
        the left adds with its own `_Plus`, which refuses this Symbol (symbol/_kinds.py)."""
        if type(other) is Symbol:
            from .._kinds import refuse_np_symbols  # pylint: disable=import-outside-toplevel
            refuse_np_symbols("_Plus", (self,), {})
        return _fns().binary_node("add", self, other)
    __sub__ = _binary("subtract")
    __rsub__ = _binary("subtract", True)
    __mul__ = _binary("multiply")
    __rmul__ = _binary("multiply", True)
    __truediv__ = _binary("true_divide")
    __rtruediv__ = _binary("true_divide", True)
    __mod__ = _binary("mod")
    __rmod__ = _binary("mod", True)
    __pow__ = _binary("power")
    __rpow__ = _binary("power", True)
    __eq__ = _binary("equal")
    __ne__ = _binary("not_equal")
    __gt__ = _binary("greater")
    __ge__ = _binary("greater_equal")
    __lt__ = _binary("less")
    __le__ = _binary("less_equal")
    __hash__ = Symbol.__hash__

    def __div__(self, other):
        """x / y (MXNet's py2 name)."""
        return self.__truediv__(other)

    def __rdiv__(self, other):
        """y / x (MXNet's py2 name)."""
        return self.__rtruediv__(other)

    def __neg__(self):
        from ._nodes import np_node
        return np_node("_npi_multiply_scalar", [self], {"scalar": -1.0, "is_int": False}, "multiply_scalar")

    def __abs__(self):
        raise AttributeError("_Symbol object has no attribute abs")

    def __getattr__(self, name):
        raise AttributeError(f"'_Symbol' object has no attribute {name!r}")

    def __deepcopy__(self, memo):
        return _Symbol(Symbol.__deepcopy__(self, memo)._outputs)

    def __copy__(self):
        return _Symbol(self._outputs)

    def as_nd_ndarray(self):
        """The legacy `mx.sym.Symbol` of the same graph (its fluent methods)."""
        return Symbol(self._outputs)

    def as_np_ndarray(self):
        """This symbol itself."""
        return self

    @property
    def T(self):  # pylint: disable=invalid-name
        """Same as self.transpose()."""
        return self.transpose()

    def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):  # pylint: disable=too-many-arguments
        """A `Cast` node to `dtype` (MXNet's np Symbol refuses other order/casting/subok values)."""
        from ._nodes import legacy_node
        if order != "K":
            raise NotImplementedError("order must be 'K' for now")
        if casting != "unsafe":
            raise NotImplementedError("Only casting='unsafe' is supported for now")
        if subok is not True:
            raise NotImplementedError("subok must be True for now")
        return legacy_node("Cast", [self], {"dtype": _onp.dtype(dtype).name if dtype is not None else "float32"},
                           "cast")

    def reshape(self, *args, **kwargs):
        """`np.reshape` of this symbol: `reshape((2, 3))` or `reshape(2, 3)`, `order='C'` only."""
        order = kwargs.pop("order", "C")
        if kwargs:
            raise TypeError(f"{sorted(kwargs)[0]} is an invalid keyword argument for this function")
        if len(args) == 1 and isinstance(args[0], (tuple, list)):
            shape = tuple(args[0])
        else:
            shape = args
        if not shape:
            raise TypeError("reshape() takes exactly 1 argument (0 given)")
        from ._nodes import np_node
        return np_node("_np_reshape", [self], {"newshape": tuple(shape), "order": order}, "reshape")

    def transpose(self, *axes):
        """`np.transpose` with the axes as one tuple or as separate arguments."""
        if len(axes) == 0:
            axes = None
        elif len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = None if axes[0] is None else tuple(axes[0])
        return _ns().transpose(self, axes=axes)

    def _reduce(self, name, axis, keepdims, **kw):
        from ._nodes import np_node
        from ._table import SIMPLE
        attrs = {"axis": axis, "keepdims": keepdims}
        attrs.update({k: v for k, v in kw.items() if v is not None})
        return np_node(SIMPLE[name][0], [self], attrs, name)

    def sum(self, axis=None, dtype=None, out=None, keepdims=False):  # pylint: disable=arguments-differ
        """`np.sum` of this symbol."""
        _fns()._no_out("sum", out)
        return self._reduce("sum", axis, keepdims, dtype=dtype)

    def prod(self, axis=None, dtype=None, out=None, keepdims=False):  # pylint: disable=arguments-differ
        """`np.prod` of this symbol."""
        _fns()._no_out("prod", out)
        return self._reduce("prod", axis, keepdims, dtype=dtype)

    def mean(self, axis=None, dtype=None, out=None, keepdims=False):  # pylint: disable=arguments-differ
        """`np.mean` of this symbol."""
        _fns()._no_out("mean", out)
        return self._reduce("mean", axis, keepdims, dtype=dtype)

    def max(self, axis=None, out=None, keepdims=False):  # pylint: disable=arguments-differ
        """`np.max` of this symbol."""
        _fns()._no_out("max", out)
        return self._reduce("max", axis, keepdims)

    def min(self, axis=None, out=None, keepdims=False):  # pylint: disable=arguments-differ
        """`np.min` of this symbol."""
        _fns()._no_out("min", out)
        return self._reduce("min", axis, keepdims)

    def std(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False):  # pylint: disable=too-many-arguments
        """`np.std` of this symbol."""
        _fns()._no_out("std", out)
        return self._reduce("std", axis, keepdims, dtype=dtype, ddof=ddof)

    def var(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False):  # pylint: disable=too-many-arguments
        """`np.var` of this symbol."""
        _fns()._no_out("var", out)
        return self._reduce("var", axis, keepdims, dtype=dtype, ddof=ddof)

    def argmax(self, axis=None, out=None):  # pylint: disable=arguments-differ
        """`np.argmax` of this symbol."""
        _fns()._no_out("argmax", out)
        return self._reduce("argmax", axis, False)

    def argmin(self, axis=None, out=None):  # pylint: disable=arguments-differ
        """`np.argmin` of this symbol."""
        _fns()._no_out("argmin", out)
        return self._reduce("argmin", axis, False)

    def cumsum(self, axis=None, dtype=None, out=None):
        """`np.cumsum` of this symbol."""
        _fns()._no_out("cumsum", out)
        from ._nodes import np_node
        attrs = {"axis": axis}
        if dtype is not None:
            attrs["dtype"] = dtype
        return np_node("_np_cumsum", [self], attrs, "cumsum")

    def flatten(self, order="C"):  # pylint: disable=arguments-differ
        """A 1-D copy (`np.reshape(-1)`)."""
        return self.reshape(-1, order=order)

    def squeeze(self, axis=None):  # pylint: disable=arguments-differ
        """`np.squeeze` of this symbol."""
        from ._nodes import np_node
        return np_node("_np_squeeze", [self], {"axis": axis}, "squeeze")

    def clip(self, min=None, max=None, out=None):  # pylint: disable=redefined-builtin,arguments-differ
        """`np.clip` of this symbol."""
        return _ns().clip(self, min, max, out=out)

    def dot(self, b, out=None):
        """`np.dot` of this symbol and `b`."""
        return _ns().dot(self, b, out=out)

    def repeat(self, repeats, axis=None):  # pylint: disable=arguments-differ
        """`np.repeat` of this symbol."""
        return _ns().repeat(self, repeats, axis=axis)

    def swapaxes(self, axis1, axis2):  # pylint: disable=arguments-differ
        """`np.swapaxes` of this symbol."""
        return _ns().swapaxes(self, axis1, axis2)

    def take(self, indices, axis=None, mode="raise"):  # pylint: disable=arguments-differ
        """`np.take` of this symbol."""
        return _ns().take(self, indices, axis=axis, mode=mode)

    def argsort(self, axis=-1, kind=None, order=None):  # pylint: disable=arguments-differ
        """`np.argsort` of this symbol."""
        return _ns().argsort(self, axis=axis, kind=kind, order=order)

    def round(self, decimals=0, out=None, **kwargs):  # pylint: disable=arguments-differ
        """`np.round` of this symbol."""
        _fns()._no_out("round", out)
        if kwargs:
            raise NotImplementedError(f"_Symbol.round: arguments {sorted(kwargs)} are not supported")
        from ._nodes import np_node
        return np_node("_npi_around", [self], {"decimals": decimals}, "around")

    def copy(self):
        """NDArray-only (MXNet's NotImplementedForSymbol)."""
        raise NotImplementedForSymbol(self.copy, None)
