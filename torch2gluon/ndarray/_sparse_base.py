"""`CSRNDArray` / `RowSparseNDArray`: MXNet 1.9.1's sparse arrays, holding their compressed parts as tensors.

Storage (see docs/sparse.md): a sparse array keeps MXNet's compressed components as torch tensors
(csr: data (nnz,), indptr int64 (rows+1,), indices int64 (nnz,); row_sparse: data (k, *shape[1:]),
indices int64 (k,), explicitly stored zero rows included). `_t`, the attribute every dense code path
reads, is a *property* on these classes: reading it materialises (once, cached) the dense tensor, so each
dense operator works unchanged on a sparse input (MXNet's "storage fallback") and dense NDArrays pay
nothing (their `_t` stays a plain slot). Writing the dense tensor in place (an `out=` or `copyto` into a
sparse array) is detected through torch's version counter: the compressed parts are then rebuilt from the
dense values, as MXNet's cast_storage does (rows / entries that are not zero).
"""
import numpy as np
import torch

from ..base import MXNetError, np_dtype
from ..context import ctx_of_device
from .ndarray import NDArray

__all__ = ["BaseSparseNDArray", "CSRNDArray", "RowSparseNDArray", "dense_to_csr", "dense_to_rsp",
           "csr_to_dense", "rsp_to_dense", "make_sparse"]

_DENSE_SLOT = NDArray.__dict__["_t"]   # the base slot: the cached dense tensor of a sparse array


def dense_to_rsp(t):
    """(data, indices) of dense tensor `t`: the rows holding a non-zero value."""
    if t.dim() == 0:
        raise MXNetError("cast_storage: a 0-d array cannot be row_sparse")
    flat = t.reshape(t.shape[0], -1) if t.shape[0] else t.reshape(0, 1)
    idx = torch.nonzero((flat != 0).any(dim=1), as_tuple=False).reshape(-1)
    return t.index_select(0, idx).clone(), idx


def dense_to_csr(t):
    """(data, indptr, indices) of a 2-D dense tensor `t`: its non-zero entries in row-major order."""
    nz = torch.nonzero(t != 0, as_tuple=False)
    rows, cols = nz[:, 0], nz[:, 1]
    counts = torch.bincount(rows, minlength=t.shape[0])
    indptr = torch.zeros(t.shape[0] + 1, dtype=torch.int64, device=t.device)
    torch.cumsum(counts, 0, out=indptr[1:])
    return t[rows, cols].clone(), indptr, cols.clone()


def rsp_to_dense(data, indices, shape):
    """The dense tensor of a row_sparse array."""
    out = torch.zeros(shape, dtype=data.dtype, device=data.device)
    if indices.numel():
        out.index_copy_(0, indices, data)
    return out


def csr_rows(indptr):
    """The row of every stored entry of a csr array."""
    n = indptr.numel() - 1
    return torch.repeat_interleave(torch.arange(n, device=indptr.device), indptr[1:] - indptr[:-1])


def csr_to_dense(data, indptr, indices, shape):
    """The dense tensor of a csr array (duplicate entries add up)."""
    out = torch.zeros(shape, dtype=data.dtype, device=data.device)
    if data.numel():
        out.index_put_((csr_rows(indptr), indices), data, accumulate=True)
    return out


class BaseSparseNDArray(NDArray):
    """The base class of MXNet's sparse arrays (CSRNDArray, RowSparseNDArray)."""

    __slots__ = ("_sp", "_dver", "_sshape")
    _STYPE = None

    # ------------------------------------------------------------ storage
    @classmethod
    def _new(cls, parts, shape, ctx=None):
        a = object.__new__(cls)
        _DENSE_SLOT.__set__(a, None)
        a._sp = tuple(parts)
        a._dver = -1
        a._sshape = tuple(int(s) for s in shape)
        a._grad = None
        a._grad_req = "null"
        a._ctx = ctx
        a._fresh_grad = False
        return a

    def __init__(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__}(...) cannot be built directly; use mx.nd.sparse."
                        f"{'csr_matrix' if self._STYPE == 'csr' else 'row_sparse_array'} or tostype")

    def _get_dense(self):
        d = _DENSE_SLOT.__get__(self)
        if d is None:
            d = self._densify()
            _DENSE_SLOT.__set__(self, d)
            self._dver = d._version
        return d

    def _set_dense(self, t):
        if tuple(t.shape) != self._sshape:
            raise MXNetError(f"{type(self).__name__}: cannot store shape {tuple(t.shape)} in an array of shape "
                             f"{self._sshape}")
        old = _DENSE_SLOT.__get__(self)
        _DENSE_SLOT.__set__(self, t)
        if (old is not None and self._sp is not None and old._version == self._dver
                and t.data_ptr() == old.data_ptr() and t.stride() == old.stride()):
            self._dver = t._version   # the same values (e.g. made an autograd variable): keep the stored rows
            return
        self._sp = None

    _t = property(_get_dense, _set_dense, doc="The dense tensor of this array (materialised on first use).")

    def _parts(self):
        """The compressed components, rebuilt from the dense tensor if that was written since."""
        d = _DENSE_SLOT.__get__(self)
        if self._sp is None or (d is not None and d._version != self._dver):
            self._sp = self._compress(d.detach())
            self._dver = d._version
        return self._sp

    def _set_parts(self, parts):
        """Replace the compressed components (drops the cached dense tensor, except an autograd variable's,
        which is overwritten in place so that the array stays the same variable)."""
        d = _DENSE_SLOT.__get__(self)
        self._sp = tuple(parts)
        if d is not None and d.requires_grad:
            with torch.no_grad():
                d.copy_(self._densify())
            self._dver = d._version
            return
        _DENSE_SLOT.__set__(self, None)

    def _assign(self, src):
        """Write tensor or scalar `src` (dense values) into this array, re-compressing as cast_storage."""
        if isinstance(src, torch.Tensor):
            d = torch.zeros(self._sshape, dtype=self.dtype_t, device=self.device_t)
            d.copy_(src.detach())
        else:
            d = torch.full(self._sshape, src, dtype=self.dtype_t, device=self.device_t)
        self._set_parts(self._compress(d))

    # ------------------------------------------------------------ attributes
    @property
    def dtype_t(self):
        """The torch dtype of the data."""
        return self._sp[0].dtype if self._sp is not None else _DENSE_SLOT.__get__(self).dtype

    @property
    def device_t(self):
        """The torch device of the data."""
        return self._sp[0].device if self._sp is not None else _DENSE_SLOT.__get__(self).device

    @property
    def shape(self):
        """Shape as a tuple of python ints."""
        return self._sshape

    @property
    def ndim(self):
        """Number of dimensions."""
        return len(self._sshape)

    @property
    def size(self):
        """Ambiguous for a sparse array: raises NotImplementedError, as MXNet."""
        raise NotImplementedError()

    @property
    def dtype(self):
        """Element type as a numpy scalar type."""
        return np_dtype(self.dtype_t)

    @property
    def context(self):
        """The Context holding this array."""
        return self._ctx if self._ctx is not None else ctx_of_device(self.device_t)

    ctx = context

    @property
    def stype(self):
        """Storage type: 'csr' or 'row_sparse'."""
        return self._STYPE

    def __len__(self):
        return self._sshape[0]

    def __repr__(self):
        return f"\n<{type(self).__name__} {'x'.join(str(d) for d in self._sshape)} @{self.context}>"

    def _part_nd(self, i):
        from .ndarray import wrap
        out = wrap(self._parts()[i].clone())
        out._ctx = self._ctx
        return out

    def _aux_type(self, i):
        """The numpy type of the i-th aux array (int64)."""
        return np_dtype(self._parts()[i + 1].dtype)

    @property
    def _num_aux(self):
        return len(self._parts()) - 1

    @property
    def _aux_types(self):
        return [self._aux_type(i) for i in range(self._num_aux)]

    def _data(self):
        """A deep copy NDArray of the data array."""
        return self._part_nd(0)

    def _aux_data(self, i):
        """A deep copy NDArray of the i-th aux array (csr: 0 indptr, 1 indices; row_sparse: 0 indices)."""
        return self._part_nd(i + 1)

    @property
    def data(self):
        """A deep copy NDArray of the data array."""
        return self._data()

    @data.setter
    def data(self, value):
        raise NotImplementedError()

    # ------------------------------------------------------------ conversions
    def asnumpy(self):
        """A dense numpy copy."""
        return self.tostype("default").asnumpy()

    def tostype(self, stype):
        """A copy with storage type `stype` (csr <-> row_sparse raises ValueError, as MXNet)."""
        from .ops_storage import cast_storage
        if stype not in ("default", self.stype) and stype in ("csr", "row_sparse"):
            raise ValueError(f"cast_storage from {self.stype} to {stype} is not supported")
        return cast_storage(self, stype=stype)

    def astype(self, dtype, copy=True):
        """A copy cast to `dtype`, same storage type (self for copy=False and the same dtype)."""
        from ._dtypes import py_dtype
        td = py_dtype(dtype)
        if not copy and td is self.dtype_t:
            return self
        parts = self._parts()
        data = parts[0]
        if td in (torch.int8, torch.uint8, torch.int32, torch.int64) and data.is_floating_point():
            data = torch.trunc(data)
        return type(self)._new((data.to(td, copy=True),) + tuple(p.clone() for p in parts[1:]),
                               self._sshape, self._ctx)

    def copy(self):
        """A deep copy, same storage type and context."""
        return type(self)._new(tuple(p.clone() for p in self._parts()), self._sshape, self._ctx)

    def copyto(self, other):
        """Copy into `other` (a dense array or one of the same storage type) or onto a Context."""
        from ..context import Context, tag_for
        if isinstance(other, Context):
            parts = tuple(p.to(other.torch_device, copy=True) for p in self._parts())
            return type(self)._new(parts, self._sshape, tag_for(other))
        if isinstance(other, NDArray):
            if other is self:
                import warnings
                warnings.warn("You are attempting to copy an array to itself", RuntimeWarning)
                return False
            if other.stype not in ("default", self._STYPE):
                raise TypeError(f"copyto does not support destination NDArray stype {other.stype}")
            if tuple(other.shape) != self._sshape:
                raise MXNetError(f"copyto: shape mismatch {self._sshape} vs {tuple(other.shape)}")
            if other.stype == "default":
                other._assign(self._get_dense())
            else:
                dt, dev = other.dtype_t, other.device_t
                parts = self._parts()
                data = parts[0]
                if dt in (torch.int8, torch.uint8, torch.int32, torch.int64) and data.is_floating_point():
                    data = torch.trunc(data)
                other._set_parts((data.to(dev, dt, copy=True),) + tuple(p.to(dev, copy=True) for p in parts[1:]))
            return other
        raise TypeError(f"copyto does not support type {type(other)}")

    def detach(self):
        """A sparse array sharing nothing with the autograd graph (a copy of the stored values)."""
        return self.copy()

    def attach_grad(self, grad_req="write", stype=None):
        """Mark this array as an autograd variable (its dense values are the variable; the gradient buffer has
        storage `stype`, this array's storage type by default)."""
        from ..autograd import _mark_variable
        from ._sparse_grad import attach_sparse_grad
        if stype is None:
            stype = self._STYPE   # MXNet: the gradient takes the array's storage type by default
        if stype != "default":
            attach_sparse_grad(self, grad_req, stype)
            return
        from .ndarray import wrap
        buf = wrap(torch.zeros(self._sshape, dtype=self.dtype_t, device=self.device_t))
        buf._ctx = self._ctx
        _mark_variable(self, buf, grad_req)

    def check_format(self, full_check=True):
        """Raise MXNetError if the compressed components are not a valid array of this storage type."""
        from ._sparse_check import check_format
        check_format(self, full_check)

    def reshape(self, *shape, **kwargs):
        """Not supported for sparse arrays (as MXNet)."""
        raise MXNetError(f"reshape() is not supported for {type(self).__name__}")

    def _sync_copyfrom(self, source_array):
        raise NotImplementedError()

    def wait_to_read(self):
        """Block until the data is ready."""

    def to_torch(self):
        """Refused: a sparse array is not one torch tensor (use tostype('default').to_torch())."""
        raise NotImplementedError(f"{type(self).__name__}.to_torch: a sparse array is several tensors; use "
                                  "tostype('default').to_torch() or .data / .indices")

    def __reduce__(self):
        parts = [p.detach().cpu().numpy().copy() for p in self._parts()]
        return (_rebuild_sparse, (self._STYPE, parts, self._sshape))

    def __getstate__(self):
        raise NotImplementedError(f"{type(self).__name__}: pickling goes through __reduce__")

    # ------------------------------------------------------------ arithmetic (MXNet's output storage rules)
    def __add__(self, other):
        from . import _sparse_ops
        return _sparse_ops.add(self, other)

    def __sub__(self, other):
        from . import _sparse_ops
        return _sparse_ops.subtract(self, other)

    def __mul__(self, other):
        from . import _sparse_ops
        return _sparse_ops.multiply(self, other)

    def __truediv__(self, other):
        from . import _sparse_ops
        return _sparse_ops.divide(self, other)

    __div__ = __truediv__

    # Python tries a subclass's reflected method first: `dense * sparse` must stay NDArray's dense operator
    def __rmul__(self, other):
        if isinstance(other, NDArray):
            return other._bin(self, "mul")
        from . import _sparse_ops
        return _sparse_ops.multiply(self, other)

    def __radd__(self, other):
        if isinstance(other, NDArray):
            return other._bin(self, "add")
        from . import _sparse_ops
        return _sparse_ops.add(self, other)

    def __neg__(self):
        from . import _sparse_ops
        return _sparse_ops.unary("negative", self)

    # comparisons with a scalar keep the storage type when `0 op scalar` is false (zeros stay zeros)
    def _cmp(self, other, name):
        if isinstance(other, (int, float, np.number)) and not isinstance(other, (bool, np.ndarray)):
            from . import _sparse_ops
            return _sparse_ops.compare_scalar(self, other, name)
        return getattr(NDArray, name)(self, other)

    def __eq__(self, other):
        return self._cmp(other, "__eq__")

    def __ne__(self, other):
        return self._cmp(other, "__ne__")

    def __gt__(self, other):
        return self._cmp(other, "__gt__")

    def __ge__(self, other):
        return self._cmp(other, "__ge__")

    def __lt__(self, other):
        return self._cmp(other, "__lt__")

    def __le__(self, other):
        return self._cmp(other, "__le__")

    __hash__ = NDArray.__hash__

    def _at(self, idx):
        raise MXNetError(f"_at() is not supported for {type(self).__name__}")

    def _slice(self, start, stop):
        raise MXNetError(f"_slice() is not supported for {type(self).__name__}")

    def __iadd__(self, other):
        (self + other).copyto(self)
        return self

    def __isub__(self, other):
        (self - other).copyto(self)
        return self

    def __imul__(self, other):
        (self * other).copyto(self)
        return self

    def __itruediv__(self, other):
        (self / other).copyto(self)
        return self

    __idiv__ = __itruediv__

    def _setitem_full(self, key, value, name):
        if key.step is not None or key.start is not None or key.stop is not None:
            raise ValueError(f"Assignment with slice for {name} is not implemented yet.")
        if isinstance(value, NDArray):
            if value is not self:
                value.copyto(self)
            return
        if isinstance(value, (np.ndarray, np.generic)):
            from .creation import array
            array(value, ctx=self.context, dtype=value.dtype).copyto(self)
            return
        raise TypeError(f"type {type(value)} not supported")


class CSRNDArray(BaseSparseNDArray):
    """A 2-D array in compressed sparse row format: `data`, `indices` (columns) and `indptr`."""

    __slots__ = ()
    _STYPE = "csr"

    def _densify(self):
        data, indptr, indices = self._sp
        return csr_to_dense(data, indptr, indices, self._sshape)

    @staticmethod
    def _compress(d):
        return dense_to_csr(d)

    @property
    def indices(self):
        """A deep copy of the column indices (int64)."""
        return self._aux_data(1)

    @indices.setter
    def indices(self, value):
        raise NotImplementedError()

    @property
    def indptr(self):
        """A deep copy of the row pointers (int64)."""
        return self._aux_data(0)

    @indptr.setter
    def indptr(self, value):
        raise NotImplementedError()

    def __getitem__(self, key):
        from . import _sparse_ops
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            begin = self._sshape[0] - 1 if key == -1 else int(key)
            return _sparse_ops.slice_csr(self, begin, begin + 1)
        if isinstance(key, slice):
            if key.step is not None:
                raise ValueError("CSRNDArray only supports continuous slicing on axis 0")
            if key.start is not None or key.stop is not None:
                begin = key.start if key.start else 0
                end = key.stop if key.stop else self._sshape[0]
                return _sparse_ops.slice_csr(self, begin, end)
            return self
        if isinstance(key, tuple):
            raise ValueError("Multi-dimension indexing is not supported")
        raise ValueError(f"Undefined behaviour for {key}")

    def __setitem__(self, key, value):
        if isinstance(key, slice):
            if isinstance(value, (int, float, np.number)) and not isinstance(value, np.ndarray):
                if key.step is None and key.start is None and key.stop is None:
                    raise ValueError("Assigning numeric types to CSRNDArray is not implemented yet.")
            self._setitem_full(key, value, "CSRNDArray")
            return
        raise Exception("CSRNDArray only supports [:] for assignment")  # pylint: disable=broad-exception-raised

    def asscipy(self):
        """A `scipy.sparse.csr_matrix` copy (needs scipy)."""
        try:
            import scipy.sparse as spsp
        except ImportError:
            raise ImportError("scipy could not be imported. Please make sure that the scipy is installed.") \
                from None
        data, indptr, indices = (p.detach().cpu().numpy() for p in self._parts())
        return spsp.csr_matrix((data, indices, indptr), shape=self._sshape, dtype=self.dtype)


class RowSparseNDArray(BaseSparseNDArray):
    """Rows `data[i]` stored at row `indices[i]` of an array whose other rows are zero."""

    __slots__ = ()
    _STYPE = "row_sparse"

    def _densify(self):
        data, indices = self._sp
        return rsp_to_dense(data, indices, self._sshape)

    @staticmethod
    def _compress(d):
        return dense_to_rsp(d)

    @property
    def indices(self):
        """A deep copy of the stored row indices (int64)."""
        return self._aux_data(0)

    @indices.setter
    def indices(self, value):
        raise NotImplementedError()

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            raise Exception("__getitem__ with int key is not implemented for RowSparseNDArray yet")  # pylint: disable=broad-exception-raised
        if isinstance(key, slice):
            if key.step is not None or key.start is not None or key.stop is not None:
                raise Exception("RowSparseNDArray only supports [:] for __getitem__")  # pylint: disable=broad-exception-raised
            return self
        if isinstance(key, tuple):
            raise ValueError("Multi-dimension indexing is not supported")
        raise ValueError(f"Undefined behaviour for {key}")

    def __setitem__(self, key, value):
        if isinstance(key, slice):
            if (isinstance(value, (int, float, np.number)) and not isinstance(value, np.ndarray)
                    and key.step is None and key.start is None and key.stop is None):
                d = torch.full(self._sshape, float(value), dtype=self.dtype_t, device=self.device_t)
                n = self._sshape[0]
                self._set_parts((d, torch.arange(n, device=d.device)))   # every row stored, as _set_value
                return
            self._setitem_full(key, value, "RowSparseNDArray")
            return
        raise TypeError("RowSparseNDArray only supports [:] for assignment")

    def retain(self, indices):
        """The rows of this array at `indices` (see `mx.nd.sparse.retain`)."""
        from . import _sparse_ops
        return _sparse_ops.retain(self, indices)


_CLASSES = {"csr": CSRNDArray, "row_sparse": RowSparseNDArray}


def make_sparse(stype, parts, shape, ctx=None):
    """A sparse array of `stype` from its compressed tensors (csr: data, indptr, indices; rsp: data, indices)."""
    return _CLASSES[stype]._new(parts, shape, ctx)


def _rebuild_sparse(stype, parts, shape):
    return make_sparse(stype, [torch.from_numpy(p) for p in parts], shape)


for _cls in (BaseSparseNDArray, CSRNDArray, RowSparseNDArray):  # type() shows MXNet's path, ndarray.sparse
    _cls.__module__ = "torch2gluon.ndarray.sparse"
