"""Gluon `Block` and `HybridBlock`: MXNet 1.9.1 naming scopes, child/parameter registration, deferred init."""
import re
import threading
import warnings
from collections import OrderedDict

from .. import initializer
from ..name import NameManager as _NameManager
from ..name import Prefix as _NamePrefix
from .. import ndarray as _nd
from ..base import MXNetError
from ..context import cpu, op_tag
from ..ndarray.ndarray import NDArray
from ..ndarray._state import STATE as _STATE
from .. import symbol as _symbol_ns
from ..symbol.symbol import Symbol as _Symbol, name_prefix as _name_prefix
from .parameter import Parameter, ParameterDict, DeferredInitializationError
from ..util import _NP
from ._compile import Compiler, check_backend, is_compiling as _is_compiling
from ._arg_structure import check_arg_structure as _check_arg_structure
from ._deferred_shape import finish_in_graph_order as _finish_in_graph_order
from ._block_save import _out_format
from .utils import _brief_print_list, _indent
from ._np_outputs import check_all_np_outputs as _check_all_np_outputs
from . import _np_kinds
from ._np_kinds import DEPTH as _NP_DEPTH
from ._cached_link import link_outputs as _link_outputs
from ._op_hook import active_hook as _active_hook, hooked_forward as _hooked_forward, set_hook as _set_op_hook

_PARAM_DATA = Parameter.data  # forward reads p.data() through subclasses that override it

__all__ = ["Block", "HybridBlock", "SymbolBlock"]
_DEFERRED_FAILED = "Deferred initialization failed because shape cannot be inferred."


class _BlockScope:
    """The naming scope of a Block: children created inside `with block.name_scope():` count from 0."""
    _current = threading.local()

    def __init__(self, block):
        self._block = block
        self._counter = {}
        self._old_scope = None
        self._name_scope = None

    @staticmethod
    def create(prefix, params, hint):
        """Resolve (prefix, ParameterDict) for a new block from the enclosing scope."""
        current = getattr(_BlockScope._current, "value", None)
        if current is None:
            if prefix is None:
                # top-level names come from the current mx.name.NameManager, as in MXNet (one counter
                # shared with symbol nodes; Prefix scopes apply; per thread)
                prefix = _NameManager._active().get(None, hint) + "_"
            if params is None:
                params = ParameterDict(prefix)
            else:
                params = ParameterDict(params.prefix, params)
            return prefix, params
        if prefix is None:
            count = current._counter.get(hint, 0)
            prefix = f"{hint}{count}_"
            current._counter[hint] = count + 1
        if params is None:
            parent = current._block.params
            params = ParameterDict(parent.prefix + prefix, parent._shared)
        else:
            params = ParameterDict(params.prefix, params)
        return current._block.prefix + prefix, params

    def __enter__(self):
        if self._block._empty_prefix:
            return self
        self._old_scope = getattr(_BlockScope._current, "value", None)
        _BlockScope._current.value = self
        # symbol nodes created inside get the block's prefix, with counters fresh on each entry (MXNet)
        self._name_scope = _NamePrefix(self._block.prefix)
        self._name_scope.__enter__()
        return self

    def __exit__(self, *exc):
        if self._block._empty_prefix:
            return False
        self._name_scope.__exit__(*exc)
        self._name_scope = None
        _BlockScope._current.value = self._old_scope
        return False


def _flatten(args, inout_str):
    """Flatten nested lists/tuples of NDArrays into a list plus a format to rebuild them."""
    if isinstance(args, NDArray):
        return [args], int(0)
    if args is None:
        return [None], int(-1)
    if not isinstance(args, (list, tuple)):
        raise AssertionError(f"HybridBlock {inout_str} must be (nested) list of NDArray, but got "
                             f"{args} of type {type(args)}")
    flat, fmts = [], []
    for i in args:
        arg, fmt = _flatten(i, inout_str)
        flat.extend(arg)
        fmts.append(fmt)
    return flat, fmts


class Block:
    """Base class for all neural-network layers and models (MXNet 1.9.1 semantics)."""

    def __init__(self, prefix=None, params=None):
        self._empty_prefix = prefix == ""
        self._prefix, self._params = _BlockScope.create(prefix, params, self._alias())
        self._name = self._prefix[:-1] if self._prefix.endswith("_") else self._prefix
        self._scope = _BlockScope(self)
        self._children = OrderedDict()
        self._reg_params = {}
        self._forward_hooks = OrderedDict()
        self._forward_pre_hooks = OrderedDict()
        self._hook_id = 0

    def __repr__(self):
        s = "{name}(\n{modstr}\n)"
        # MXNet lists the Block-valued attributes (children registered without an attribute are not shown)
        modstr = "\n".join(f"  ({key}): {_indent(repr(block), 2)}" for key, block in self.__dict__.items()
                            if isinstance(block, Block))
        return s.format(name=self.__class__.__name__, modstr=modstr)

    def __setattr__(self, name, value):
        """Register Blocks and Parameters assigned as attributes."""
        if hasattr(self, "_children") and hasattr(self, name):
            existing = getattr(self, name)
            if isinstance(existing, (Parameter, Block)) and not isinstance(value, type(existing)):
                raise TypeError(f"Changing attribute type for {name} from {type(existing)} to "
                                f"{type(value)} is not allowed.")
        if isinstance(value, Block):
            self.register_child(value, name)
        elif isinstance(value, Parameter):
            assert name not in self._reg_params, (
                f"Overriding Parameter attribute {name} is not allowed. If you want to share parameters "
                "between blocks, please set 'params' at Block construction instead.")
            self._reg_params[name] = value
        object.__setattr__(self, name, value)

    def _check_container_with_block(self):
        children = set(self._children.values())

        def _unregistered(data):
            """Whether a (nested) list/tuple/dict holds a Block that is not a registered child."""
            if isinstance(data, (list, tuple)):
                return any(_unregistered(e) for e in data)
            if isinstance(data, dict):
                return any(_unregistered(e) for e in data.values())
            return isinstance(data, Block) and data not in children

        for k, v in self.__dict__.items():
            if isinstance(v, (list, tuple, dict)) and not (k.startswith("__") or k == "_children"):
                if _unregistered(v):
                    warnings.warn(f"\"{self.name}\" is an unregistered container with Blocks. Note that "
                                  "Blocks inside the list, tuple or dict will not be registered "
                                  "automatically. Make sure to register them using register_child() or "
                                  "switching to nn.Sequential/nn.HybridSequential instead. ",
                                  stacklevel=3)

    def _alias(self):
        return self.__class__.__name__.lower()

    @property
    def prefix(self):
        """Prefix of this block's names (`dense0_`)."""
        return self._prefix

    @property
    def name(self):
        """Name of this block, without the trailing '_'."""
        return self._name

    def name_scope(self):
        """Scope in which child blocks get names under this block's prefix."""
        return self._scope

    @property
    def params(self):
        """This block's own ParameterDict (children excluded)."""
        return self._params

    def collect_params(self, select=None):
        """All Parameters of this block and its children, optionally filtered by regex `select`."""
        self._check_container_with_block()
        ret = ParameterDict(self._params.prefix)
        if not select:
            ret.update(self.params)
        else:
            pattern = re.compile(select)
            ret.update({name: value for name, value in self.params.items() if pattern.match(name)})
        for cld in self._children.values():
            ret.update(cld.collect_params(select=select))
        return ret

    def _collect_params_with_prefix(self, prefix=""):
        if prefix:
            prefix += "."
        ret = {prefix + key: val for key, val in self._reg_params.items()}
        for name, child in self._children.items():
            ret.update(child._collect_params_with_prefix(prefix + name))
        return ret

    def save_parameters(self, filename, deduplicate=False):
        """Save parameters to MXNet's .params format under structural keys (`0.weight`, `fc.bias`)."""
        from ..ndarray import utils as nd_utils
        params = self._collect_params_with_prefix()
        if deduplicate:   # a shared parameter is saved once, under its last key, as MXNet
            last = {}
            for k, v in params.items():
                last[id(v)] = (k, v)
            params = dict(last.values())
        _save_param_file(filename, {k: v._reduce() for k, v in params.items()})   # average over contexts

    def save(self, prefix):
        """Save the structure (`prefix-model.json`, with traced graphs of hybridized blocks) and `prefix-model.params`."""
        from ._block_save import save_model
        save_model(self, prefix)

    def load(self, prefix):
        """Load a model written by `save`: restore block names and hybridization, then the parameters."""
        from ._block_save import load_model
        load_model(self, prefix)

    def save_params(self, filename):
        """[Deprecated] Save with full parameter names minus this block's prefix (use save_parameters)."""
        warnings.warn("save_params is deprecated. Please use save_parameters. Note that if you want load from "
                      "SymbolBlock later, please use export instead. For details, see "
                      "https://mxnet.apache.org/tutorials/gluon/save_load_params.html")
        try:
            self.collect_params().save(filename, strip_prefix=self.prefix)
        except ValueError as e:
            raise ValueError(f"{e}\nsave_params is deprecated. Using save_parameters may resolve this error.") \
                from None

    def load_params(self, filename, ctx=None, allow_missing=False, ignore_extra=False):
        """[Deprecated] Same as load_parameters."""
        warnings.warn("load_params is deprecated. Please use load_parameters.")
        self.load_parameters(filename, ctx, allow_missing, ignore_extra)

    def load_parameters(self, filename, ctx=None, allow_missing=False, ignore_extra=False, cast_dtype=False,
                        dtype_source="current"):
        """Load parameters saved by `save_parameters` (or a full-name file, with this block's prefix)."""
        loaded = _load_param_file(filename)
        if isinstance(loaded, list):
            if not loaded:
                loaded = {}
            else:
                raise ValueError(f"File {filename} holds a list of arrays, not named parameters")
        params = self._collect_params_with_prefix()
        if not loaded and not params:
            return
        if not any("." in k for k in loaded):
            self.collect_params().load(filename, ctx, allow_missing, ignore_extra, self.prefix,
                                       cast_dtype=cast_dtype, dtype_source=dtype_source)
            return
        if not allow_missing:
            by_param = {}
            for k, v in params.items():
                by_param.setdefault(id(v), []).append(k)
            for k, v in params.items():
                assert any(n in loaded for n in by_param[id(v)]), (
                    f"Parameter '{k}' is missing in file '{filename}', which contains parameters: "
                    f"{_brief_print_list(loaded.keys())}. Set allow_missing=True to ignore missing "
                    "parameters.")
        for name in loaded:
            if not ignore_extra and name not in params:
                raise ValueError(f"Parameter '{name}' loaded from file '{filename}' is not present in "
                                 f"Block, which contains parameters {_brief_print_list(params.keys())}. "
                                 "Set ignore_extra=True to ignore. ")
            if name in params:
                params[name]._load_init(loaded[name], ctx, cast_dtype=cast_dtype, dtype_source=dtype_source)

    def load_dict(self, param_dict, ctx=None, allow_missing=False, ignore_extra=False, cast_dtype=False,
                  dtype_source="current"):
        """Load parameters from a dict of structural name -> NDArray."""
        params = self._collect_params_with_prefix()
        if not allow_missing:
            for k in params:
                assert k in param_dict, (f"Parameter '{k}' is missing in 'param_dict'. Set "
                                         "allow_missing=True to ignore missing parameters.")
        for name, arr in param_dict.items():
            if name not in params:
                if not ignore_extra:
                    raise ValueError(f"Parameter '{name}' loaded from 'param_dict' is not present in "
                                     "Block. Set ignore_extra=True to ignore.")
                continue
            params[name]._load_init(arr, ctx, cast_dtype=cast_dtype, dtype_source=dtype_source)

    def register_child(self, block, name=None):
        """Register `block` as a child (named by `name` or its position)."""
        if name is None:
            name = str(len(self._children))
        self._children[name] = block

    def register_forward_pre_hook(self, hook):
        """Call `hook(block, inputs)` before each forward; returns a handle with `detach()`."""
        return _HookHandle(self._forward_pre_hooks, hook, self)

    def register_forward_hook(self, hook):
        """Call `hook(block, inputs, outputs)` after each forward; returns a handle with `detach()`."""
        return _HookHandle(self._forward_hooks, hook, self)

    def apply(self, fn):
        """Apply `fn` to every child recursively, then to self; returns self."""
        for cld in self._children.values():
            cld.apply(fn)
        fn(self)
        return self

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose=False, force_reinit=False):
        """Initialize all Parameters (default U(-0.07, 0.07); parameters' own init wins)."""
        self.collect_params().initialize(init, ctx, verbose, force_reinit)

    def hybridize(self, active=True, **kwargs):
        """Hybridize children (HybridBlocks compile their forward; results are unchanged)."""
        for cld in self._children.values():
            cld.hybridize(active, **kwargs)

    def cast(self, dtype):
        """Cast all parameters to `dtype`."""
        for child in self._children.values():
            child.cast(dtype)
        for _, param in self.params.items():
            param.cast(dtype)

    def zero_grad(self):
        """Zero all gradient buffers."""
        self.collect_params().zero_grad()

    def reset_ctx(self, ctx):
        """Move all parameters to `ctx`."""
        self.collect_params().reset_ctx(ctx)

    def __call__(self, *args):
        for hook in self._forward_pre_hooks.values():
            hook(self, args)
        out = self.forward(*args)
        for hook in self._forward_hooks.values():
            hook(self, args, out)
        if not isinstance(self, HybridBlock) and _NP.array:  # a HybridBlock checks its user code's outputs
            _user_np_outputs(out)
        return out

    def forward(self, *args):
        """Override to define the computation."""
        raise NotImplementedError

    def register_op_hook(self, callback, monitor_all=False):
        """Install `callback(node_name, op_name, arr)` on every hybridized descendant's graph (see _op_hook.py)."""
        for cld in self._children.values():
            cld.register_op_hook(callback, monitor_all)

    def summary(self, *inputs):
        """Print MXNet's table of layers, output shapes and parameter counts for one forward of `inputs`."""
        from ._summary import print_summary
        print_summary(self, inputs)


def _save_param_file(fname, arg_dict):
    """Gluon's parameter writer (save_parameters, export): `npx.save` in numpy array semantics, else `nd.save`
    (mx.np is only loaded in numpy mode)."""
    from ..ndarray import utils as nd_utils
    if not _NP.array:
        return nd_utils.save(fname, arg_dict)
    from ..numpy._io import save as np_save
    from ..numpy._wrap import as_np  # MXNet's numpy-mode parameters are mx.np arrays; legacy ones are viewed as such
    return np_save(fname, {k: as_np(v) for k, v in arg_dict.items()})


def _load_param_file(filename):
    """The arrays of a .params file for `load_parameters`; in numpy mode, as MXNet, a file saved outside numpy
    shape semantics is read with them off, and the arrays come back as `mx.np.ndarray`s."""
    from ..ndarray import utils as nd_utils
    if not _NP.array:
        return nd_utils.load(filename)
    try:
        loaded = nd_utils.load(filename)
    except MXNetError as e:
        if "is_np_shape" not in str(e):
            raise
        from ..util import np_array, np_shape
        with np_array(False), np_shape(False):
            loaded = nd_utils.load(filename)
    from ..numpy._wrap import as_np
    if isinstance(loaded, dict):
        return {k: as_np(v) for k, v in loaded.items()}
    return [as_np(v) for v in loaded]


class _HookHandle:
    """Handle returned by register_forward_(pre_)hook; `detach()` removes the hook."""
    _next = 0

    def __init__(self, hooks, hook, block):
        _HookHandle._next += 1
        self._id = _HookHandle._next
        self._hooks = hooks
        hooks[self._id] = hook

    def detach(self):
        """Remove the hook."""
        self._hooks.pop(self._id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.detach()


def _tag_outputs(out, ctx, dev):
    """Carry a CPU context that torch cannot tell apart (cpu(1)) from input to outputs (a cpu_shared or
    cpu_pinned input gives cpu outputs: MXNet's operators do not propagate those kinds)."""
    ctx = op_tag(ctx)
    if ctx is None:
        return
    if isinstance(out, NDArray):
        if out._ctx is None and out._t.device == dev:
            out._ctx = ctx
    elif isinstance(out, (list, tuple)):
        for o in out:
            _tag_outputs(o, ctx, dev)


_LEGACY_OPS = {}


def _legacy_ops(cls):
    """Whether `cls.hybrid_forward` is one of torch2gluon's own (written with legacy operators), not a
    pass-through container's (marked `_np_transparent`) nor user code."""
    res = _LEGACY_OPS.get(cls)
    if res is None:
        fn = cls.hybrid_forward
        module = getattr(fn, "__module__", None) or ""   # None: a class defined by exec()
        res = module.startswith("torch2gluon.") and not getattr(fn, "_np_transparent", False)
        _LEGACY_OPS[cls] = res
    return res


def _any_leaf(x, args, cls):
    """Whether `x` or any (nested) element of `args` is an instance of `cls`."""
    if isinstance(x, cls):
        return True
    stack = [x, args] if isinstance(x, (list, tuple)) else [args]
    while stack:
        v = stack.pop()
        if isinstance(v, cls):
            return True
        if isinstance(v, (list, tuple)):
            stack.extend(v)
    return False


_NPW = []  # [mx.np.ndarray, as_nd, as_np_out]: bound at the first numpy-mode forward (import cycle)


def _user_np_outputs(out):
    """User code's numpy-mode outputs, checked as MXNet's Block.__call__ does (a legacy NDArray is a TypeError)."""
    _check_all_np_outputs(out)
    return out


def _np_wrap():
    """`_NPW`, filled on first use (numpy/_wrap.py's names, bound once rather than imported per call)."""
    if not _NPW:
        from ..numpy import _wrap
        _NPW.extend((_wrap.np_class(), _wrap.as_nd, _wrap.as_np_out))
    return _NPW


def _nd_tree(v):
    """The `mx.np.ndarray`s of a (nested list/tuple/dict) value as legacy NDArray views (no copies)."""
    t = type(v)
    if t is NDArray:
        return v
    npcls, as_nd, _ = _NPW or _np_wrap()
    if t is npcls:
        return as_nd(v)
    if isinstance(v, NDArray):
        return as_nd(v) if isinstance(v, npcls) else v
    if isinstance(v, (list, tuple)):
        if t is tuple and not v:
            return v
        return t(_nd_tree(e) for e in v)
    if isinstance(v, dict):
        return {k: _nd_tree(e) for k, e in v.items()}
    return v


def _nd_param_views(reg, params):
    """Numpy mode: a built-in layer's parameter arrays as legacy views; each view is kept on its Parameter
    and rebuilt when the data array (or its tensor, gradient buffer, grad_req or context) changes."""
    npcls, as_nd, _ = _NPW or _np_wrap()
    out = {}
    for k, v in params.items():
        if type(v) is not npcls:
            out[k] = _nd_tree(v)
            continue
        p = reg[k]
        c = p._nd_view
        if c is not None and c[0] is v:
            w = c[1]
            if w._t is v._t and w._grad is v._grad and w._grad_req == v._grad_req and w._ctx is v._ctx:
                w._fresh_grad = v._fresh_grad
                out[k] = w
                continue
        w = as_nd(v)
        if v._t.is_leaf:   # a recorded result's view is tracked afresh each time (as_nd)
            p._nd_view = (v, w)
        out[k] = w
    return out


def _sym_tree(v, np_mode):
    """The Symbols of a (nested list/tuple) value as numpy-mode `_Symbol`s (`np_mode`) or legacy Symbols."""
    if isinstance(v, _Symbol):
        return v.as_np_ndarray() if np_mode else v.as_nd_ndarray()
    if isinstance(v, (list, tuple)):
        return type(v)(_sym_tree(e, np_mode) for e in v)
    return v


def _np_outputs(out):
    """A HybridBlock's outputs in numpy mode: `mx.np.ndarray`s, as MXNet's layers make with `F.np`/`F.npx`.

    Built-in layers call the shared operator layer, whose results are legacy NDArrays; numpy mode views
    them (no copy) as `mx.np.ndarray`s, (nested) lists and tuples included.
    """
    return (_NPW or _np_wrap())[2](out)


def _tuples_as_lists(out):
    """Nested tuples of outputs as nested lists (MXNet's _regroup of a hybridized block's outputs)."""
    if isinstance(out, (list, tuple)):
        return [_tuples_as_lists(o) for o in out]
    return out


def _in_operator(err, prefix):
    """MXNetError `err` as MXNet reports it from a hybridized graph: 'Error in operator <prefix>fwd: ...'."""
    msg = str(err)
    if msg.startswith("Error in operator "):
        return err
    op_msg = msg.split(": ", 1)[1] if ": " in msg and msg.split(": ", 1)[0].isidentifier() else msg
    out = MXNetError(f"Error in operator {prefix}fwd: {op_msg}")
    out.__cause__ = err
    return out


def _input_format(args):
    """Nesting structure of forward inputs: 0 for an array, -1 for None, a list for a list/tuple (MXNet's
    in_format)."""
    return [_input_format(a) if isinstance(a, (list, tuple)) else -1 if a is None else 0 for a in args]


class HybridBlock(Block):
    """A Block whose computation is `hybrid_forward(F, x, *args, **params)` with `F` the operator namespace."""

    _callback = None        # register_op_hook's callback and monitor_all (MXNet's attributes)
    _monitor_all = False
    _t2g_op_hook = None     # (compiler, callback, monitor_all) registered on the cached graph
    _t2g_op_hook_graph = None

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._active = False
        self._flags = []
        self._in_format = None
        self._out_format = None   # the cached graph's output nesting (MXNet's attribute; GluonTS reads it)
        self._compiler = None

    def register_child(self, block, name=None):
        """Register a child; it must be a HybridBlock too (ValueError otherwise, as MXNet)."""
        if not isinstance(block, HybridBlock):
            raise ValueError(f"Children of HybridBlock must also be HybridBlock, but {block} has type "
                             f"{type(block)}. If you are using Sequential, please try HybridSequential "
                             "instead.")
        super().register_child(block, name)

    def hybridize(self, active=True, backend=None, clear=True, static_alloc=False, static_shape=False,
                  inline_limit=2, forward_bulk_size=None, backward_bulk_size=None, **kwargs):
        """Hybridize: later calls run through torch.compile where it pays (see gluon/_compile.py); same results.

        `backend` names a torch.compile backend ('inductor', 'aot_eager', ...) and the extra keywords are
        its options, as MXNet's backend options (`mode`, `dynamic`, `fullgraph` go to torch.compile, the
        rest to its `options`); with no backend they are unused, as in MXNet, and TORCH2GLUON_HYBRIDIZE
        decides (auto: inductor on CUDA, eager on CPU).
        """
        check_backend(backend, kwargs if backend is not None else None)
        self._active = bool(active)
        if not active:
            self._compiler = None
        elif clear or self._compiler is None:
            self._compiler = Compiler(self, backend, kwargs if backend is not None else None,
                                      static_alloc, static_shape)
        self._flags = [("static_alloc", static_alloc), ("static_shape", static_shape),
                       ("inline_limit", inline_limit)]
        if forward_bulk_size is not None:
            self._flags.append(("forward_bulk_size", forward_bulk_size))
        if backward_bulk_size is not None:
            self._flags.append(("backward_bulk_size", backward_bulk_size))
        # MXNet's condition, precedence included: pre-hooks warn even when deactivating
        if active and self._forward_hooks or self._forward_pre_hooks:
            warnings.warn(f'"{self}" is being hybridized while still having forward hook/pre-hook. If "{self}" '
                          "is a child of HybridBlock, the hooks will not take effect.")
        super().hybridize(active, static_alloc=static_alloc, static_shape=static_shape,
                          inline_limit=inline_limit, forward_bulk_size=forward_bulk_size,
                          backward_bulk_size=backward_bulk_size)

    def register_op_hook(self, callback, monitor_all=False):
        """Install `callback(node_name: bytes, op_name: bytes, arr: NDArray)` on this block's cached graph (and
        its direct children's, as MXNet): called per graph node on hybridized calls; `monitor_all` adds inputs."""
        _set_op_hook(self, callback, monitor_all)

    def infer_shape(self, *args):
        """Fill in unknown parameter dims from the inputs (symbolic shape inference, as MXNet)."""
        if any(p._deferred_init and (p._shape is None or 0 in p._shape) for p in self._reg_params.values()):
            from ._deferred_shape import infer_param_shapes
            infer_param_shapes(self, args)

    def infer_type(self, *args):
        """Check the dtypes of the inputs against the parameters' (MXNet's symbolic type inference);
        a conflict raises MXNetError as MXNet 1.9.1 does (parameter dtypes are fixed at creation)."""
        from ._infer_type import infer_block_types
        infer_block_types(self, args)

    def _make_param_vars(self):
        """Create the symbol variables of this block's (and its children's) parameters, as MXNet does whenever
        it builds the block's graph (first hybridized call, deferred shape inference): the variables keep
        the shapes known then (unknown dims 0, or -1 in np shape semantics), which an exported graph records."""
        for p in self._collect_params_with_prefix().values():
            if p._var is None:
                p.var()

    def _deferred_infer_shape(self, *args):
        if self._in_format is None:  # MXNet caches this block's graph while inferring shapes
            self._in_format = _input_format(args)
        self._make_param_vars()
        try:
            self.infer_shape(*args)
            if type(self).infer_shape is not HybridBlock.infer_shape:
                # a built-in layer's direct rule; parameters a subclass adds (a Bayesian Dense's weight_std)
                # are still unknown: MXNet's symbolic inference over hybrid_forward fills them
                HybridBlock.infer_shape(self, *args)
        except NotImplementedError:
            raise
        except Exception as e:  # noqa: BLE001 - MXNet wraps any failure of the inference alike (ValueError)
            if isinstance(e, ValueError) and str(e).startswith(_DEFERRED_FAILED):
                raise
            raise ValueError(f"{_DEFERRED_FAILED} {e}") from e
        for p in self._reg_params.values():
            p._finish_deferred_init()

    def forward(self, x, *args):
        """Gather this block's parameters on x's context and call `hybrid_forward(nd, x, *args, **params)`."""
        if not self._active or _STATE.cached or not isinstance(x, NDArray) or _is_compiling():
            # not hybridized, or part of a hybridized parent's graph (MXNet traces children into it)
            return self._eager_forward(x, *args)
        building = getattr(self, "_t2g_arg_fmt", (None,))[0] is not self._compiler
        if building:
            self._make_param_vars()   # the first call of a cached graph builds the graph
        args = _check_arg_structure(self, (x,) + args)  # MXNet's cached-graph argument structure check
        if building:   # deferred parameters: MXNet's cached op infers the whole graph, inits in its input order
            _finish_in_graph_order(self, (x,) + args, _input_format)
        st = _STATE
        st.cached += 1
        st.building = building
        try:
            comp = self._compiler
            hook = _active_hook(self) if self._callback or self._t2g_op_hook else None
            if hook is not None:   # register_op_hook: the graph runs node by node, reporting to the callback
                out = _hooked_forward(self, (x,) + args, hook)
            else:
                # numpy mode runs the hybridized forward eagerly (same results; the compiled body is legacy-only)
                out = comp((x,) + args) if comp is not None and not _NP.array else None
                if out is None:
                    out = self._eager_forward(x, *args)
        finally:
            st.cached -= 1
            st.building = False
        if building:
            object.__setattr__(self, "_out_format", _out_format(out))
        out = _link_outputs(self, (x,) + args, out)   # one CachedOp node for autograd: unused outputs' leaves get zeros
        # MXNet regroups a cached graph's outputs into (nested) lists: tuples come back as lists
        return _tuples_as_lists(out) if isinstance(out, (list, tuple)) else out

    def _eager_forward(self, x, *args, nd_params=None):
        """The forward without compilation (what a compiled forward traces); `nd_params` is numpy mode's
        (see `_np_forward`): None until dispatched, then whether parameters are passed as legacy views."""
        if nd_params is None and _NP.array:
            return self._np_forward(x, args)
        reg = self._reg_params
        if isinstance(x, NDArray):
            if self._active:
                object.__setattr__(self, "_in_format", _input_format((x,) + args))  # export() traces with it
            if not reg:
                out = self.hybrid_forward(_nd, x, *args)
                if x._ctx is not None:
                    _tag_outputs(out, x._ctx, x._t.device)
                return out
            xt = x._t
            on_cpu = xt.is_cpu  # a CPU input: a CPU parameter is on its device (no torch.device per parameter)
            dev = None if on_cpu else xt.device
            try:
                params = {}
                for k, p in reg.items():
                    d = p._data
                    # fast path unless a Parameter subclass overrides data() (gluon-nlp's weight drop)
                    if (d is not None and len(d) == 1 and type(p).data is _PARAM_DATA and p._stype == "default"
                            and (d[0]._t.is_cpu if on_cpu else d[0]._t.device == dev)):
                        params[k] = d[0]
                    else:
                        params[k] = p.data(x.context)
            except DeferredInitializationError:
                if type(x) is not NDArray and not _NP.array and _np_kinds.is_np(x):   # MXNet's inference fails
                    _np_kinds.refuse_legacy_mode_np(self)
                self._deferred_infer_shape(x, *args)
                params = {k: p.data(x.context) for k, p in reg.items()}
            if nd_params:
                params = _nd_param_views(reg, params)
            if self._active:  # hybridized: an operator error names its graph node, as MXNet's CachedOp does
                try:
                    out = self.hybrid_forward(_nd, x, *args, **params)
                except MXNetError as e:
                    raise _in_operator(e, self.prefix) from None
            else:
                out = self.hybrid_forward(_nd, x, *args, **params)
            if x._ctx is not None:
                _tag_outputs(out, x._ctx, xt.device)
            return out
        if isinstance(x, _Symbol):
            params = {k: p.var() for k, p in reg.items()}
            if nd_params is False and _NP.array:  # user code in numpy mode: numpy-mode parameter symbols
                params = {k: v.as_np_ndarray() for k, v in params.items()}
            if self._empty_prefix:  # MXNet's name_scope enters no Prefix for '': names count in the parent's
                return self.hybrid_forward(_symbol_ns, x, *args, **params)
            with _name_prefix(self.prefix):
                return self.hybrid_forward(_symbol_ns, x, *args, **params)
        if not reg:  # e.g. a list of arrays or no array input at all
            if self._active:
                object.__setattr__(self, "_in_format", _input_format((x,) + args))
            return self.hybrid_forward(_nd, x, *args)
        raise NotImplementedError(f"{self.__class__.__name__}.forward: the first input must be an NDArray or a "
                                  f"Symbol (got {type(x).__name__})")

    def _np_forward(self, x, args):
        """Numpy mode (`npx.set_np()`): given `mx.np.ndarray` inputs, the outputs are `mx.np.ndarray`s.

        A built-in layer's `hybrid_forward` is written with the legacy operators (MXNet's layers switch to
        `F.npx.X` in numpy mode; the values are the same): it runs on legacy views of the inputs and
        parameters (no copies; gradients reach the same buffers), and its results are viewed back as
        `mx.np.ndarray`s. User code (and containers such as HybridSequential) gets the `mx.np.ndarray`s
        themselves, for `F.np`/`F.npx` and the ndarray methods. A legacy input from user code is refused as
        MXNet's numpy operators refuse it (_np_kinds.py); built-in layers' children take legacy views.
        """
        npcls, as_nd, as_np_out = _NPW or _np_wrap()
        tx = type(x)
        if isinstance(x, _Symbol):   # traced for export / deferred shapes: numpy-mode symbols (mx.sym.np)
            return self._np_symbol_forward(x, args)
        if tx is npcls:   # the common case: an array first (then no need to look for one)
            if _legacy_ops(type(self)):
                if args or self._children:
                    return self._np_builtin_forward(x, args)
                return as_np_out(self._eager_forward(as_nd(x), nd_params=True))
            return as_np_out(_user_np_outputs(self._eager_forward(x, *args, nd_params=False)))
        if _NP_DEPTH.n == 0 and _np_kinds.any_legacy(x, args):   # user code handing legacy arrays to a block
            return self._np_legacy_input(x, args)
        if tx is NDArray and not args:   # e.g. a child called inside a built-in layer's legacy forward
            return self._eager_forward(x, nd_params=_legacy_ops(type(self)))  # legacy ops take legacy params
        if not _any_leaf(x, args, npcls):
            return self._eager_forward(x, *args, nd_params=_legacy_ops(type(self)))
        if _legacy_ops(type(self)):
            out = self._eager_forward(_nd_tree(x), *(_nd_tree(args) if args else ()), nd_params=True)
        else:
            out = _user_np_outputs(self._eager_forward(x, *args, nd_params=False))
        return as_np_out(out)

    def _np_builtin_forward(self, x, args):
        """Numpy mode, a built-in layer with children or several inputs: its legacy forward runs counted in
        `_NP_DEPTH` (its children then take legacy views); a legacy input from user code is refused first."""
        if args and _NP_DEPTH.n == 0 and _np_kinds.any_legacy(None, args):
            return self._np_legacy_input(x, args)
        _, as_nd, as_np_out = _NPW or _np_wrap()
        if not self._children:   # a loss: nothing nested to count
            return as_np_out(self._eager_forward(as_nd(x), *_nd_tree(args), nd_params=True))
        depth = _NP_DEPTH
        depth.n += 1
        try:
            out = self._eager_forward(as_nd(x), *_nd_tree(args), nd_params=True)
        finally:
            depth.n -= 1
        return as_np_out(out)

    def _np_legacy_input(self, x, args):
        """Numpy mode, user code gave this block a legacy NDArray: MXNet's error (see _np_kinds.py), or, for a
        block whose numpy branch starts with legacy operators, the run and Block.__call__'s output check."""
        legacy = _legacy_ops(type(self))
        if legacy:
            _np_kinds.refuse_np_mode_legacy(self, x)
            out = self._eager_forward(_nd_tree(x), *_nd_tree(args), nd_params=True)
        else:
            out = self._eager_forward(x, *args, nd_params=False)
        return _np_outputs(_user_np_outputs(out))

    def _np_symbol_forward(self, x, args):
        """Numpy mode traced with symbols: user code gets `mx.sym.np._Symbol` inputs and parameters (for `F.np`,
        `F.npx` and the numpy operators, which write MXNet's `_npi_*` nodes); built-in layers get legacy
        Symbols of the same graph (their legacy operators write the nodes MXNet's npx layers write). The
        outputs come back as `_Symbol`s, as in MXNet."""
        legacy = _legacy_ops(type(self))
        depth = _NP_DEPTH   # counted: the Symbol kind checks (symbol/_kinds.py) leave built-in layers' own calls alone
        depth.n += legacy
        try:
            out = self._eager_forward(_sym_tree(x, not legacy), *_sym_tree(args, not legacy), nd_params=legacy)
        finally:
            depth.n -= legacy
        return _sym_tree(out, True)

    def hybrid_forward(self, F, x, *args, **kwargs):
        """Override to define the computation with operators from `F`."""
        raise NotImplementedError

    def _clear_cached_op(self):
        """Forget this block's compiled forward (MXNet's private hook that model zoos call after changing an
        attribute the forward reads, e.g. gluon-cv's `set_nms`/`reset_class`): the next call starts afresh."""
        comp = self._compiler
        if comp is not None:
            self._compiler = Compiler(self, comp.backend, comp.opts, comp.static, comp.static)

    def export(self, path, epoch=0, remove_amp_cast=True):
        """Write `path-symbol.json` and `path-%04d.params` (MXNet's deployable pair; needs one hybridized forward)."""
        from .symbol_block import export_block
        export_block(self, path, epoch, remove_amp_cast)  # MXNet 1.9.1 returns None


from .symbol_block import SymbolBlock  # noqa: E402,F401 - defined on top of HybridBlock
