"""Gluon `Parameter`, `Constant` and `ParameterDict`: MXNet naming, deferred init, per-context torch leaves."""
import re
import warnings
from collections import OrderedDict

import numpy as np
import torch

from .. import initializer
from ..base import MXNetError, torch_dtype
from ..context import Context, cpu, current_context, tag_for
from ..autograd import _mark_variable
from ..ndarray.ndarray import NDArray, unversioned, wrap
from ..symbol.symbol import Symbol as _Symbol
from ..util import _NP, is_np_array
from ..ndarray._np_inputs import is_np
from .utils import _brief_print_list

__all__ = ["DeferredInitializationError", "Parameter", "Constant", "ParameterDict", "tensor_types"]

tensor_types = (_Symbol, NDArray)   # MXNet's mx.gluon.tensor_types (gluon-ts checks isinstance(x, tensor_types))


class DeferredInitializationError(MXNetError):
    """A parameter's data was requested before its shape was known (first forward not run yet)."""


def _shape_known(shape):
    return shape is not None and len(shape) > 0 and all(int(s) > 0 for s in shape)


def _wrap_as(t, like):
    """Tensor `t` wrapped in the array class of `like`: an `mx.np.ndarray` for one, else an NDArray."""
    return wrap(t) if type(like) is NDArray else _wrap_cls(t, _is_np(like))


def _is_np(arr):
    from ..numpy._wrap import np_class
    return isinstance(arr, np_class())


def _wrap_cls(t, np_mode):
    """Tensor `t` as an `mx.np.ndarray` if `np_mode`, else as an NDArray."""
    if not np_mode:
        return wrap(t)
    from ..numpy._wrap import wrap_np
    return wrap_np(t)


def _mark(arr, req, grad_stype="default"):
    """Make `arr` a gradient-tracked variable with a zero gradient buffer (none for 'null').

    The buffer is of the data's array class (`mx.np.ndarray` for parameters created in numpy mode).
    Integer parameters (MXNet allows e.g. int8 weights) get their zero buffer and `grad_req`, but torch
    autograd cannot differentiate them, so their gradient stays zero.
    """
    if req == "null":
        _mark_variable(arr, None, "null")
        return
    if grad_stype != "default":   # a row_sparse (or csr) gradient buffer, e.g. Embedding(sparse_grad=True)
        arr.attach_grad(req, stype=grad_stype)
        return
    buf = _wrap_as(torch.zeros_like(arr._t.detach()), arr)
    buf._ctx = arr._ctx   # the gradient lives on the data's context (cpu(1) included)
    if arr._t.is_floating_point() or arr._t.is_complex():
        _mark_variable(arr, buf, req)
    else:
        _mark_variable(arr, None, "null")
        arr._grad_req, arr._grad = req, buf


_NAMING_DOC = "https://mxnet.io/api/python/docs/tutorials/packages/gluon/blocks/naming.html"


class Parameter:
    """A weight of a Block: data (one torch leaf per context), gradient buffers, grad_req, lr/wd multipliers."""
    _nd_view = None   # numpy mode: (data array, its legacy view) for built-in layers (block._nd_param_views)

    def __init__(self, name, grad_req="write", shape=None, dtype=np.float32, lr_mult=1.0, wd_mult=1.0,
                 init=None, allow_deferred_init=False, differentiable=True, stype="default",
                 grad_stype="default"):
        valid = ("default", "row_sparse", "csr")
        assert stype in valid, f"stype for Parameter '{name}' must be one of 'default', 'row_sparse', or " \
            f"'csr', but got '{stype}'"
        assert grad_stype in valid, f"grad_stype for Parameter '{name}' must be one of 'default', " \
            f"'row_sparse', or 'csr', but got '{grad_stype}'"
        if stype == "csr":
            raise NotImplementedError("Parameter: stype='csr' is not supported (dense or row_sparse weights)")
        self._var = None
        self._data = None
        self._trainer = None   # set by gluon.Trainer: set_data resets its kvstore copy (update_on_kvstore)
        self._deferred_init = ()
        self._differentiable = differentiable
        self._allow_deferred_init = allow_deferred_init
        self._grad_req = None
        if isinstance(shape, int):
            shape = (shape,)
        self._shape = tuple(shape) if shape is not None else None
        self.name = name
        self._dtype = dtype
        self.lr_mult = lr_mult
        self.wd_mult = wd_mult
        self.grad_req = grad_req
        self.init = init
        self._stype = stype
        self._grad_stype = grad_stype
        self._ctx_list = None

    def __repr__(self):
        return f"Parameter {self.name} (shape={self.shape}, dtype={self.dtype})"  # dtype as given, like MXNet

    # ------------------------------------------------------------------ attributes
    @property
    def grad_req(self):
        """'write', 'add' or 'null'."""
        return self._grad_req

    @grad_req.setter
    def grad_req(self, req):
        if req not in ("write", "add", "null"):
            raise AssertionError(f"grad_req must be one of 'write', 'add', or 'null', but got '{req}'")
        if not self._differentiable:
            req = "null"
        if self._grad_req == req:
            return
        self._grad_req = req
        if self._data is not None:
            for d in self._data:
                _mark(d, req, self._grad_stype)

    @property
    def dtype(self):
        """The parameter's dtype (a numpy type)."""
        return self._dtype

    @dtype.setter
    def dtype(self, dtype):
        self.cast(dtype)

    @property
    def shape(self):
        """The shape; unknown dims are 0 until inferred (-1 under numpy shape semantics, as MXNet)."""
        if _NP.shape and self._shape is not None:
            return tuple(-1 if i == 0 else i for i in self._shape)
        return self._shape

    @shape.setter
    def shape(self, new_shape):
        if self._shape is None:
            self._shape = tuple(new_shape)
            return
        if _NP.shape:   # -1 is an unknown dim under numpy shape semantics
            new_shape = tuple(0 if j == -1 else j for j in new_shape)
        if len(self._shape) != len(new_shape) or any(
                i != j and i != 0 for i, j in zip(self._shape, new_shape)):
            raise AssertionError(f"Expected shape {new_shape} is incompatible with given shape "
                                 f"{self._shape} for Parameter {self.name}.")
        self._shape = tuple(new_shape)

    @property
    def stype(self):
        """Storage type ('default')."""
        return self._stype

    # ------------------------------------------------------------------ init
    def initialize(self, init=None, ctx=None, default_init=initializer.Uniform(), force_reinit=False):
        """Create and initialize the data on `ctx` (deferred until the shape is known, if allowed)."""
        if self._data is not None and not force_reinit:
            warnings.warn(f"Parameter '{self.name}' is already initialized, ignoring. "
                          "Set force_reinit=True to re-initialize.", stacklevel=2)
            return
        self._data = None
        self._deferred_init = ()
        if ctx is None:
            ctx = [current_context()]
        if isinstance(ctx, Context):
            ctx = [ctx]
        if init is None:
            init = default_init if self.init is None else self.init
        if not _shape_known(self._shape):
            if self._allow_deferred_init:
                self._deferred_init = (init, list(ctx), default_init, None)
                return
            raise ValueError(f"Cannot initialize Parameter '{self.name}' because it has invalid shape: "
                             f"{self.shape}.")
        self._deferred_init = (init, list(ctx), default_init, None)
        self._finish_deferred_init()

    def _finish_deferred_init(self):
        if not self._deferred_init:
            return
        init, ctx, default_init, data = self._deferred_init
        self._deferred_init = ()
        if not _shape_known(self._shape):
            raise AssertionError(f"Cannot initialize Parameter '{self.name}' because it has invalid shape: "
                                 f"{self.shape}. Please specify in_units, in_channels, etc for `Block`s.")
        if data is None:   # numpy mode makes `mx.np.ndarray` data (and gradients), as MXNet
            data = _wrap_cls(torch.zeros(self._shape, dtype=torch_dtype(self.dtype)), is_np_array())
            initializer.create(default_init)(initializer.InitDesc(self.name, {"__init__": init}), data)
        if self._stype != "default" and data.stype != self._stype:   # a row_sparse weight: every row stored
            from ._sparse_param import all_rows
            data = all_rows(data)
        self._init_impl(data, ctx)

    def _init_impl(self, data, ctx_list):
        if self._stype != "default":
            from ._sparse_param import init_sparse
            return init_sparse(self, data, ctx_list)
        self._ctx_list = list(ctx_list)
        src = data._t.detach()
        self._data = []
        for c in self._ctx_list:
            arr = _wrap_as(src.to(c.torch_device, copy=True), data)   # copyto keeps the array class
            arr._ctx = tag_for(c)
            self._data.append(arr)
            _mark(arr, self._grad_req, self._grad_stype)

    def _load_init(self, data, ctx, cast_dtype=False, dtype_source="current"):
        """Set data from a loaded array (fills in deferred shapes)."""
        if cast_dtype:
            assert dtype_source in ["current", "saved"]
        if self._shape:
            for self_dim, data_dim in zip(self._shape, data.shape):
                assert self_dim in (0, data_dim), (
                    f"Failed loading Parameter '{self.name}' from saved params: shape incompatible "
                    f"expected {self.shape} vs saved {data.shape}")
            self._shape = tuple(i if i != 0 else j for i, j in zip(self._shape, data.shape))
        # an unknown (None) shape stays None, as MXNet (SymbolBlock.imports parameters print shape=None)
        if self.dtype is not None and np.dtype(self.dtype) != np.dtype(data.dtype):
            if cast_dtype:
                if dtype_source == "saved":
                    self.cast(data.dtype)   # MXNet sets `self.dtype`, which casts the current data
                else:
                    data = data.astype(self.dtype)
            else:
                raise AssertionError(f"Failed loading Parameter '{self.name}' from saved params: dtype "
                                     f"incompatible expected {self.dtype} vs saved {data.dtype}. Set "
                                     "cast_dtype=True to cast the dtype of saved params.")
        if isinstance(ctx, Context):
            ctx = [ctx]
        if self._data is not None or self._deferred_init:
            # MXNet loads onto the contexts it was initialized on; another set of contexts is an error
            if ctx is not None and set(ctx) != set(self.list_ctx()):
                raise AssertionError(f"Failed to load Parameter '{self.name}' on {ctx} because it was previous "
                                     f"initialized on {self.list_ctx()}.")
        if is_np_array() and type(data) is NDArray:   # loaded in numpy mode: numpy-mode data
            data = _wrap_cls(data._t, True)
        if self._data is None:
            if self._deferred_init:   # MXNet loads onto the deferred contexts (no shape check)
                dctx = list(self._deferred_init[1])
                self._deferred_init = ()
                if self._stype != "default" and data.stype != self._stype:   # row_sparse: every row stored
                    from ._sparse_param import all_rows
                    data = all_rows(data)
                self._init_impl(data, dctx)
            else:
                self._init_impl(data, ctx or [cpu()])   # MXNet's default here is cpu(), not the current context
        else:
            self.set_data(data)
        self._deferred_init = ()

    # ------------------------------------------------------------------ access
    def _check_and_get(self, arr_list, ctx):
        if arr_list is not None:
            if ctx is list:
                return arr_list
            if ctx is None:
                if len(arr_list) == 1:
                    return arr_list[0]
                ctx = current_context()
            # MXNet maps contexts by (device_typeid & 1, device_id): cpu_pinned and
            # cpu_shared batches find the parameter copy on the matching cpu.
            key = (ctx.device_typeid & 1, ctx.device_id)
            for c, a in zip(self._ctx_list, arr_list):
                if (c.device_typeid & 1, c.device_id) == key:
                    return a
            raise RuntimeError(f"Parameter '{self.name}' was not initialized on context {ctx}. "
                               f"It was only initialized on {self._ctx_list}.")
        if self._deferred_init:
            raise DeferredInitializationError(
                f"Parameter '{self.name}' has not been initialized yet because initialization was "
                "deferred. Actual initialization happens during the first forward pass. Please pass "
                "one batch of data through the network before accessing Parameters. You can also "
                "avoid deferred initialization by specifying in_units, num_features, etc., for "
                "network layers.")
        raise RuntimeError(f"Parameter '{self.name}' has not been initialized. Note that you should "
                           "initialize parameters and create Trainer with Block.collect_params() instead "
                           "of Block.params because the later does not include Parameters of nested "
                           "child Blocks")

    def data(self, ctx=None):
        """The data array on `ctx` (the only one if initialized on a single context)."""
        if self._stype != "default":
            raise RuntimeError(f"Cannot return a copy of Parameter '{self.name}' on ctx {ctx} via data() because "
                               f"its storage type is {self._stype}. Please use row_sparse_data() instead.")
        d = self._data
        if d is not None and ctx is None and len(d) == 1:
            return d[0]
        return self._check_and_get(d, ctx)

    def list_data(self):
        """Data arrays on all contexts, in context order."""
        if self._stype != "default":
            raise RuntimeError(f"Cannot return copies of Parameter '{self.name}' on all contexts via list_data() "
                               f"because its storage type is {self._stype}. Please use row_sparse_data() instead.")
        return self._check_and_get(self._data, list)

    def grad(self, ctx=None):
        """The gradient buffer on `ctx`."""
        if self._data is not None and self._grad_req == "null":
            raise RuntimeError(f"Cannot get gradient array for Parameter '{self.name}' because "
                               "grad_req='null'")
        arrs = self._check_and_get(self._data, list)
        if ctx is None and len(arrs) == 1:
            return arrs[0]._grad
        return self._check_and_get([a._grad for a in arrs], ctx)

    def list_grad(self):
        """Gradient buffers on all contexts."""
        if self._data is not None and self._grad_req == "null":
            raise RuntimeError(f"Cannot get gradient array for Parameter '{self.name}' because "
                               "grad_req='null'")
        return [a._grad for a in self._check_and_get(self._data, list)]

    def list_ctx(self):
        """Contexts this parameter lives on."""
        if self._data is None:
            if self._deferred_init:
                return self._deferred_init[1]
            raise RuntimeError(f"Parameter '{self.name}' has not been initialized")
        return list(self._ctx_list)

    def set_data(self, data):
        """Overwrite the data on every context."""
        self.shape = data.shape
        if self._data is None:
            if not self._deferred_init:
                raise AssertionError(f"Parameter '{self.name}' has not been initialized")
            self._deferred_init = self._deferred_init[:3] + (data,)
            return
        trainer = self._trainer
        if trainer is not None and trainer._kv_initialized and trainer._update_on_kvstore:
            if self not in trainer._params_to_init:
                trainer._reset_kvstore()   # the kvstore's copy must follow, as MXNet re-initialises it
        if isinstance(data, NDArray):
            a0 = self._data[0]
            if type(data) is not type(a0) and is_np(data) != is_np(a0):
                a0[:] = data   # MXNet's `arr[:] = data` refuses the other array kind (TypeError)
            src = data._t.detach()
        else:  # a read-only numpy source is copied (torch warns when wrapping it; MXNet copies silently)
            src = np.asarray(data)
            src = torch.as_tensor(src if src.flags.writeable else src.copy())
        for arr in self._data:
            with torch.no_grad():
                unversioned(arr, arr._t).copy_(src)

    def zero_grad(self):
        """Set the gradient buffers to 0."""
        if self._data is None:
            return
        for arr in self._data:
            if arr._grad is not None:
                arr._grad._t.zero_()

    def reset_ctx(self, ctx):
        """Move the data to other context(s) (None: the current context)."""
        if ctx is None:
            ctx = [current_context()]
        if isinstance(ctx, Context):
            ctx = [ctx]
        if self._data is not None:
            self._init_impl(self._reduce(), ctx)   # MXNet moves the average over the old contexts
        elif self._deferred_init:
            init, _, default_init, data = self._deferred_init
            self._deferred_init = (init, list(ctx), default_init, data)
        else:
            raise ValueError(f"Cannot reset context for Parameter '{self.name}' because it has not "
                             "been initialized.")

    def cast(self, dtype):
        """Cast data and gradient to `dtype`."""
        torch_dtype(dtype)  # validates
        self._dtype = dtype  # kept as given (MXNet reports 'float16' after cast('float16'))
        if self._data is None:
            return
        new = []
        for old in self._data:   # new arrays, as MXNet's astype: references taken before keep their dtype
            arr = _wrap_as(old._t.detach().to(torch_dtype(dtype), copy=True), old)
            arr._ctx = old._ctx
            _mark(arr, self._grad_req, self._grad_stype)
            new.append(arr)
        self._data = new

    @property
    def _grad(self):
        """Gradient buffers per context (None when grad_req is 'null' or before initialization), as MXNet."""
        if self._data is None or self._grad_req == "null":
            return None
        return [a._grad for a in self._data]

    @_grad.setter
    def _grad(self, value):
        # Parameter subclasses (gluon-nlp's WeightDropParameter) copy `_data`/`_grad` from the parameter they
        # wrap: each buffer becomes the gradient of the data array on the same context.
        if value is None:
            if self._data is None or self._grad_req == "null":
                return
            raise NotImplementedError(f"Parameter '{self.name}': setting _grad to None on initialized data "
                                      "is not supported by torch2gluon (set grad_req='null' instead)")
        if self._data is None or len(value) != len(self._data):
            raise NotImplementedError(f"Parameter '{self.name}': _grad must hold one buffer per data array "
                                      "(assign _data first)")
        for arr, buf in zip(self._data, value):
            if arr._grad is not buf:
                _mark_variable(arr, buf, self._grad_req)

    @property
    def _ctx_map(self):
        """MXNet's context lookup table: [cpu-like, gpu-like] lists mapping device_id to the data index."""
        if self._ctx_list is None:
            return None
        table = [[], []]
        for i, c in enumerate(self._ctx_list):
            row = table[c.device_typeid & 1]
            while len(row) <= c.device_id:
                row.append(None)
            row[c.device_id] = i
        return table

    @_ctx_map.setter
    def _ctx_map(self, value):
        # derived from `_ctx_list`; subclasses copying it from a wrapped parameter copy the same table
        if value != self._ctx_map:
            raise NotImplementedError(f"Parameter '{self.name}': _ctx_map is derived from _ctx_list in "
                                      "torch2gluon; assign _ctx_list instead")

    def _reduce(self):
        """The value to save: the average over contexts, on cpu (as MXNet saves multi-device parameters)."""
        from ..autograd import pause
        if self._stype != "default":
            from ._sparse_param import reduce_sparse
            return reduce_sparse(self)
        arrs = self.list_data()
        with pause():
            if len(arrs) == 1:
                out = arrs[0].copyto(cpu())
            else:
                out = arrs[0].copyto(cpu())
                for a in arrs[1:]:
                    out += a.as_in_context(cpu())
                out = out / len(arrs)   # integer dtypes truncate, as MXNet's add_n(...) / n
        return out if type(out) is type(arrs[0]) else _wrap_as(out._t, arrs[0])   # of the data's class

    def var(self):
        """The symbol variable for this parameter (one per parameter, reused), as MXNet's `Parameter.var`."""
        if self._var is None:
            from .. import symbol
            init = self.init if isinstance(self.init, str) or self.init is None else self.init.dumps()
            self._var = symbol.var(self.name, shape=self.shape, dtype=self.dtype, lr_mult=self.lr_mult,
                                   wd_mult=self.wd_mult, init=init)
            self._var._outputs[0][0].attrs["__storage_type__"] = str({"default": 0, "row_sparse": 1,
                                                                      "csr": 2}[self._stype])
        return self._var

    def _set_trainer(self, trainer):
        """Attach the Trainer; a sparse parameter accepts only one (MXNet's RuntimeError otherwise)."""
        if self._stype != "default" and self._trainer and trainer and self._trainer is not trainer:
            raise RuntimeError(f"Failed to set the trainer for Parameter '{self.name}' because it was already set. "
                               f"More than one trainers for a {self._stype} Parameter is not supported.")
        self._trainer = trainer

    def row_sparse_data(self, row_id):
        """The 'row_sparse' parameter's rows `row_id` on row_id's context (pulled through the Trainer)."""
        if self._stype != "row_sparse":
            raise RuntimeError(f"Cannot return a copy of Parameter {self.name} via row_sparse_data() because "
                               f"its storage type is {self._stype}. Please use data() instead.")
        from ._sparse_param import get_row_sparse
        return get_row_sparse(self, self._data, row_id.context, row_id)

    def list_row_sparse_data(self, row_id):
        """The 'row_sparse' parameter's rows `row_id` on every context (pulled through the Trainer)."""
        if self._stype != "row_sparse":
            raise RuntimeError(f"Cannot return copies of Parameter '{self.name}' on all contexts via "
                               f"list_row_sparse_data() because its storage type is {self._stype}. Please "
                               "use data() instead.")
        from ._sparse_param import get_row_sparse
        return get_row_sparse(self, self._data, list, row_id)


class Constant(Parameter):
    """A parameter that holds a constant value and never gets a gradient."""

    def __init__(self, name, value):
        if not isinstance(value, NDArray):
            from ..ndarray.creation import array
            value = array(value)
            if is_np_array():   # MXNet makes an `mx.np.array` in numpy mode
                from ..numpy._wrap import as_np
                value = as_np(value)
        self.value = value

        class _CInit(initializer.Initializer):
            def _init_weight(self, _, arr):
                arr[:] = value

        super().__init__(name, grad_req="null", shape=value.shape, dtype=value.dtype, init=_CInit())

    def __repr__(self):
        return f"Constant {self.name} (shape={self.shape}, dtype={self.dtype})"

    @property
    def grad_req(self):
        return "null"

    @grad_req.setter
    def grad_req(self, req):
        if req != "null":
            warnings.warn(f"Constant parameter \"{self.name}\" does not support grad_req other than "
                          f"\"null\", and new value \"{req}\" is ignored.", stacklevel=2)
        self._grad_req = "null"


class ParameterDict:
    """An ordered name -> Parameter mapping with a shared prefix (`dense0_`)."""

    def __init__(self, prefix="", shared=None):
        self._prefix = prefix
        self._params = OrderedDict()
        self._shared = shared

    def __repr__(self):
        name = self._prefix + " " if self._prefix else ""
        body = "\n".join(f"  {v!r}" for v in self.values())
        return f"{name}(\n{body}\n)"

    def __getitem__(self, key):
        return self._params[key]

    def __iter__(self):
        return iter(self._params)

    # No __len__, as MXNet 1.9.1's ParameterDict: len() raises TypeError and an empty dict is truthy.

    def __contains__(self, key):
        return key in self._params

    def items(self):
        """(name, Parameter) pairs."""
        return self._params.items()

    def keys(self):
        """Parameter names."""
        return self._params.keys()

    def values(self):
        """Parameters."""
        return self._params.values()

    @property
    def prefix(self):
        """Prefix prepended to every name created by `get`."""
        return self._prefix

    def _get_impl(self, name):
        if name in self._params:
            return self._params[name]
        if self._shared is not None and name in self._shared._params:
            self._params[name] = self._shared._params[name]
            return self._shared._params[name]
        return None

    def get(self, name, **kwargs):
        """The Parameter `prefix+name`, created with `kwargs` if it does not exist yet."""
        name = self.prefix + name
        param = self._get_impl(name)
        if param is None:
            param = Parameter(name, **kwargs)
            self._params[name] = param
            return param
        for k, v in kwargs.items():
            if not hasattr(param, k):  # MXNet sets it as a plain attribute (e.g. allow_deferred_init)
                setattr(param, k, v)
                continue
            existing = getattr(param, k) if k != "shape" else param._shape   # 0 = unknown dim, in any mode
            if v is None:
                continue
            if k == "shape" and existing is not None and len(v) == len(existing):
                v = tuple(0 if d == -1 else d for d in v)   # -1: numpy shape semantics' unknown dim
                inferred = []
                for d1, d2 in zip(v, existing):
                    if d1 != d2 and d1 != 0 and d2 != 0:
                        raise AssertionError(f"Cannot retrieve Parameter '{name}' because desired "
                                             f"attribute does not match with stored for attribute "
                                             f"'{k}': desired '{v}' vs stored '{existing}'.")
                    inferred.append(d1 or d2)
                param._shape = tuple(inferred)
                continue
            if k == "dtype" and np.dtype(v) == np.dtype(existing):
                continue
            if existing is not None and existing != v:   # init included (Initializers compare by kwargs)
                raise AssertionError(f"Cannot retrieve Parameter '{name}' because desired attribute "
                                     f"does not match with stored for attribute '{k}': desired '{v}' "
                                     f"vs stored '{existing}'.")
            if existing is None:
                setattr(param, k, v)
        return param

    def get_constant(self, name, value=None):
        """The Constant `prefix+name`, created from `value` if it does not exist yet."""
        name = self.prefix + name
        param = self._get_impl(name)
        if param is None:
            if value is None:
                raise KeyError(f"No constant named '{name}'. Please specify value if you want to "
                               "create a new constant.")
            param = Constant(name, value)
            self._params[name] = param
        elif value is not None:
            if not isinstance(param, Constant):
                raise AssertionError(f"Parameter '{name}' already exists but it is not a constant.")
        return param

    def update(self, other):
        """Copy all Parameters of `other` in (names must not clash with different objects)."""
        for k, v in other.items():
            if k in self._params and self._params[k] is not v:
                raise AssertionError(f"Cannot update self with other because they have different "
                                     f"Parameters with the same name '{k}'")
        for k, v in other.items():
            self._params[k] = v

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose=False, force_reinit=False):
        """Initialize every Parameter (their own `init` wins over `init`)."""
        if verbose:
            init.set_verbosity(verbose=verbose)
        for v in self.values():
            v.initialize(None, ctx, init, force_reinit=force_reinit)

    def zero_grad(self):
        """Zero every gradient buffer."""
        for p in self.values():
            p.zero_grad()

    def reset_ctx(self, ctx):
        """Move every Parameter to other context(s)."""
        for p in self.values():
            p.reset_ctx(ctx)

    def list_ctx(self):
        """All contexts any Parameter lives on."""
        out = []
        for p in self.values():
            for c in p.list_ctx():
                if c not in out:
                    out.append(c)
        return out

    def setattr(self, name, value):
        """Set attribute `name` (e.g. 'grad_req', 'lr_mult') on every Parameter."""
        for p in self.values():
            setattr(p, name, value)

    def select(self, select):
        """A new ParameterDict with the Parameters whose names match regex `select`."""
        pattern = re.compile(select)
        out = ParameterDict(self._prefix)
        out._params.update((k, v) for k, v in self.items() if pattern.match(k))
        return out

    def save(self, filename, strip_prefix=""):
        """Save to MXNet's .params format keyed by full names (optionally without `strip_prefix`)."""
        from ..ndarray import utils as nd_utils
        arg_dict = {}
        for param in self.values():
            weight = param._reduce()   # the average over contexts, on cpu, as MXNet saves
            if not param.name.startswith(strip_prefix):
                raise ValueError(f"Prefix '{strip_prefix}' is to be striped before saving, but "
                                 f"Parameter's name '{param.name}' does not start with '{strip_prefix}'. "
                                 "this may be due to your Block shares parameters from other Blocks or "
                                 "you forgot to use 'with name_scope()' when creating child blocks. For "
                                 "more info on naming, please see "
                                 "https://mxnet.apache.org/api/python/docs/tutorials/packages/gluon/blocks/naming.html")
            arg_dict[param.name[len(strip_prefix):]] = weight
        nd_utils.save(filename, arg_dict)

    def load(self, filename, ctx=None, allow_missing=False, ignore_extra=False, restore_prefix="",
             cast_dtype=False, dtype_source="current"):
        """Load from an MXNet .params file keyed by full names."""
        from ..ndarray import utils as nd_utils
        if restore_prefix:
            for name in self.keys():
                assert name.startswith(restore_prefix), (
                    f"restore_prefix is '{restore_prefix}' but Parameters name '{name}' does not start "
                    f"with '{restore_prefix}'. For more info on naming, please see {_NAMING_DOC}")
        loaded = nd_utils.load(filename)
        if isinstance(loaded, list) and not loaded:
            loaded = {}  # a block without parameters exports an empty file (no names to tell it is a dict)
        if isinstance(loaded, list):
            raise ValueError(f"File {filename} holds a list of arrays, not named parameters")
        self.load_dict(loaded, ctx, allow_missing, ignore_extra, restore_prefix, filename, cast_dtype,
                       dtype_source)

    def load_dict(self, param_dict, ctx=None, allow_missing=False, ignore_extra=False, restore_prefix="",
                  filename=None, cast_dtype=False, dtype_source="current"):
        """Load from a dict of name -> NDArray (names may carry MXNet's 'arg:'/'aux:' prefixes)."""
        lprefix = len(restore_prefix)
        arg_dict = {restore_prefix + (k[4:] if k.startswith(("arg:", "aux:")) else k): v
                    for k, v in param_dict.items()}
        where = f"file: {filename}" if filename else "param_dict"
        if not allow_missing:
            for name in self.keys():
                assert name in arg_dict, (
                    f"Parameter '{name[lprefix:]}' is missing in {where}, which contains parameters: "
                    f"{_brief_print_list(arg_dict.keys())}. Please make sure source and target networks "
                    f"have the same prefix.For more info on naming, please see {_NAMING_DOC}")
        for name in arg_dict:
            if name not in self._params:
                assert ignore_extra, (
                    f"Parameter '{name[lprefix:]}' loaded from {where} is not present in ParameterDict, "
                    f"choices are: {_brief_print_list(self._params.keys())}. Set ignore_extra to True to "
                    "ignore. Please make sure source and target networks have the same prefix.For more "
                    f"info on naming, please see {_NAMING_DOC}")
                continue
            self[name]._load_init(arg_dict[name], ctx, cast_dtype=cast_dtype, dtype_source=dtype_source)
