"""`Symbol`: MXNet's symbolic graph, built by tracing operator calls, saved and loaded as MXNet's JSON.

A Symbol is a list of output entries `(node, index)`. Nodes are operator calls (op name, string attrs,
input entries) or variables (op 'null'). The JSON written here is MXNet 1.9.1's `-symbol.json` layout
(`nodes`, `arg_nodes`, `node_row_ptr`, `heads`, `attrs.mxnet_version`); graphs are evaluated by
`graph_exec.run_graph` with torch2gluon's operators.
"""
import inspect
import json

import numpy as np

from ..base import MXNetError, NotImplementedForSymbol, _Null
from ..ndarray.register import OPS
from ..ndarray._lenient_ops import LENIENT_OPS
from ..ndarray._param_check import check_param, kinds_for
from . import _json_layout
from ._ndarray_like import NDArrayLikeMixin
from .auto_inputs import auto_inputs as _auto_inputs
from ._custom_compose import compose_custom as _compose_custom

# Inputs that MXNet treats as auxiliary states (updated in place, saved as 'aux:'), by op and input slot.
AUX_SLOTS = {"BatchNorm": (3, 4), "SyncBatchNorm": (3, 4), "_contrib_SyncBatchNorm": (3, 4),
             "BatchNormWithReLU": (3, 4), "_contrib_BatchNormWithReLU": (3, 4), "BatchNorm_v1": (3, 4)}

# Initializers MXNet attaches to an op's input variables when composing (FSetInputVarAttrOnCompose).
_INPUT_INITS = {"LeakyReLU": ((1, '["Constant", {"value": 0.25}]'),)}

# Keyword arguments of any operator that MXNet stores as `__key__` node attributes instead of op parameters.
HIDDEN_KEYS = ("ctx_group", "lr_mult", "wd_mult", "force_mirroring", "mirror_stage", "profiler_scope")


# Operator names MXNet writes to JSON for front-end aliases (read off MXNet 1.9.1's exported graphs).
CANONICAL = {
    "ElementWiseSum": "add_n", "broadcast_axes": "broadcast_axis", "choose_element_0index": "pick",
    "concat": "Concat", "cumsum": "_np_cumsum", "flatten": "Flatten", "histogram": "_histogram",
    "identity": "_copy", "max_axis": "max", "min_axis": "min", "sum_axis": "sum", "maximum": "_maximum",
    "minimum": "_minimum", "power": "_power", "ravel_multi_index": "_ravel_multi_index", "reshape": "Reshape",
    "shuffle": "_shuffle", "stop_gradient": "BlockGrad", "swapaxes": "SwapAxis", "unravel_index": "_unravel_index",
    "split": "SliceChannel", "cast": "Cast", "pad": "Pad", "crop": "slice",
    "broadcast_plus": "broadcast_add", "broadcast_minus": "broadcast_sub", "Softmax": "SoftmaxOutput",
    # internal aliases of the elementwise binaries (mx.sym._internal._plus(a, b) is an elemwise_add node)
    "_plus": "elemwise_add", "_Plus": "elemwise_add", "_add": "elemwise_add", "_mul": "elemwise_mul",
    "_Mul": "elemwise_mul", "_minus": "elemwise_sub", "_Minus": "elemwise_sub", "_sub": "elemwise_sub",
    "_div": "elemwise_div", "_Div": "elemwise_div", "_Power": "_power", "_Maximum": "_maximum",
    "_Minimum": "_minimum",
    # every spelling of the CTC loss is one CTCLoss node (its visible output named 'output0')
    "ctc_loss": "CTCLoss", "_contrib_ctc_loss": "CTCLoss", "_contrib_CTCLoss": "CTCLoss",
}
from .._op_canonical import CANONICAL as _LEGACY
for _k, _v in _LEGACY.items():  # MXNet's CamelCase aliases (_PlusScalar, _Greater_Equal) write the operator's name
    if _k[:1] == "_" and _k[1:2].isupper():
        CANONICAL.setdefault(_k, _v)
for _p, _ns in (("linalg_", "_linalg_"), ("random_pdf_", "_random_pdf_"), ("sample_", "_sample_")):
    for _k in list(OPS):
        if _k.startswith(_p):
            CANONICAL.setdefault(_k, _ns + _k[len(_p):])

# Operators whose outputs MXNet names individually (list_outputs suffixes).
_OUTPUT_NAMES = {"make_loss": ("loss",), "BatchNorm": ("output", "mean", "var"),
                 "BatchNorm_v1": ("output", "mean", "var"),
                 "SyncBatchNorm": ("output", "mean", "var"),
                 "RNN": ("output", "state_output", "statecell_output"),
                 "LayerNorm": ("output", "mean", "std"), "GroupNorm": ("output", "mean", "std"),
                 "Proposal": ("output", "score"), "MultiProposal": ("output", "score"),
                 "MultiBoxTarget": ("loc_target", "loc_mask", "cls_target"), "CTCLoss": ("output0",)}
for _k in ("SyncBatchNorm", "Proposal", "MultiProposal", "MultiBoxTarget"):  # as `sym.contrib.X` records them
    _OUTPUT_NAMES["_contrib_" + _k] = _OUTPUT_NAMES[_k]
# Node attributes MXNet names differently from torch2gluon's operator argument (sym.histogram(bins=3) is bin_cnt).
_WRITTEN_AS = {"_histogram": {"bins": "bin_cnt"}}
# MXNet operators whose variadic inputs are counted by `num_args` (their key_var_num_args; the frontend
# fills it in from the number of inputs, and a graph without it does not load in MXNet)
# operators whose inputs MXNet counts with `num_args` (its key_var_num_args)
_VAR_NUM_ARGS = frozenset(("Concat", "concat", "stack", "add_n", "ElementWiseSum", "khatri_rao", "UpSampling",
                           "Crop", "_rnn_param_concat", "_contrib_quantized_concat"))
_NUM_ARGS_OPS = ("Concat", "concat", "stack", "add_n", "ElementWiseSum", "amp_multicast", "_rnn_param_concat",
                 "UpSampling", "Crop", "khatri_rao", "_contrib_quantized_concat")


class _Node:
    __slots__ = ("op", "name", "attrs", "inputs", "num_outputs", "_exec", "subgraphs")

    def __init__(self, op, name, attrs=None, inputs=(), num_outputs=1, subgraphs=None):
        self.op = op
        self.name = name
        self.attrs = dict(attrs or {})
        self.inputs = list(inputs)  # list of (node, output index)
        self.num_outputs = num_outputs
        self._exec = None  # (function, keyword arguments), filled by graph_exec on first evaluation
        self.subgraphs = subgraphs  # Symbols of a control-flow node's bodies (_foreach, _while_loop, _cond)


def name_prefix(prefix):
    """Scope that prefixes automatic node names (a `mx.name.Prefix`, as while tracing a block)."""
    from ..name import Prefix
    return Prefix(prefix)


def _auto_name(name, hint):
    from ..name import NameManager
    return NameManager._active().get(name, hint.lower())


def _attr_str(v):
    """An attribute value as MXNet writes it: str() of Python values, dtypes by name."""
    if isinstance(v, str):
        return v
    if isinstance(v, type) and issubclass(v, np.generic):
        return np.dtype(v).name
    if isinstance(v, np.dtype):
        return v.name
    if isinstance(v, list):
        v = tuple(v)
    return str(v)


def _listed_attrs(attrs):
    """A node's attributes as MXNet lists them: hidden `__key__` ones also under their plain name."""
    out = dict(attrs)
    for k in HIDDEN_KEYS:
        if f"__{k}__" in attrs:
            out[k] = attrs[f"__{k}__"]
    return out


class Symbol(NDArrayLikeMixin):
    """A symbolic value: one or more outputs of a graph of MXNet operators."""

    __slots__ = ("_outputs",)

    def __init__(self, outputs):
        self._outputs = list(outputs)

    # ------------------------------------------------------------------ identity
    @property
    def name(self):
        """Name of the node whose outputs this symbol holds (None for a group of several nodes)."""
        node = self._outputs[0][0] if self._outputs else None
        if node is None or any(n is not node for n, _ in self._outputs):
            return None
        return node.name

    def __repr__(self):
        if len(self._outputs) == 1:
            return f"<Symbol {self.name}>"
        return f"<Symbol group [{', '.join(n.name for n, _ in self._outputs)}]>"

    def __iter__(self):
        return (Symbol([o]) for o in self._outputs)

    def __len__(self):
        return len(self._outputs)

    def __getitem__(self, index):
        if isinstance(index, str):
            names = self.list_outputs()
            if names.count(index) > 1:  # MXNet refuses an ambiguous name (a block called twice)
                raise ValueError(f'There are multiple outputs with name "{index}"')
            if index not in names:
                raise ValueError(f'Cannot find output that matches name "{index}"')   # MXNet's text
            index = names.index(index)
        if isinstance(index, slice):
            return Symbol(self._outputs[index])
        if not isinstance(index, int):  # a Symbol, float, tuple, numpy integer...: MXNet's TypeError
            raise TypeError("Symbol only support integer index to fetch i-th output")
        if not -len(self._outputs) <= index < len(self._outputs):
            raise IndexError(f"Symbol index {index} out of range for {len(self._outputs)} outputs")
        return Symbol([self._outputs[index]])

    def __copy__(self):
        return Symbol(self._outputs)

    def __deepcopy__(self, memo):
        return load_json(self.tojson())

    def __bool__(self):
        raise NotImplementedForSymbol(self.__bool__, "bool")

    def __iadd__(self, other):
        raise NotImplementedForSymbol(self.__iadd__, "+=", other, 1)

    def __isub__(self, other):
        raise NotImplementedForSymbol(self.__isub__, "-=", other)

    def __imul__(self, other):
        raise NotImplementedForSymbol(self.__imul__, "*=", other)

    def __itruediv__(self, other):
        raise NotImplementedForSymbol(self.__itruediv__, "/=", other)

    # ------------------------------------------------------------------ graph walks
    def _topo(self):
        return _rewired_order(self._outputs, _NO_REMAP)

    def _aux_ids(self):
        aux = set()
        for n in self._topo():
            slots = AUX_SLOTS.get(n.op, ())
            if n.op == "Custom":
                from ..operator import custom_aux_slots
                slots = custom_aux_slots(n.attrs)
            for slot in slots:
                if slot < len(n.inputs) and n.inputs[slot][0].op == "null":
                    aux.add(id(n.inputs[slot][0]))
        return aux

    def list_arguments(self):
        """Names of the variables that are not auxiliary states, in graph order."""
        aux = self._aux_ids()
        return [n.name for n in self._topo() if n.op == "null" and id(n) not in aux]

    def list_auxiliary_states(self):
        """Names of auxiliary-state variables (e.g. BatchNorm's moving mean and variance)."""
        aux = self._aux_ids()
        return [n.name for n in self._topo() if n.op == "null" and id(n) in aux]

    def list_inputs(self):
        """Names of all variables (arguments and auxiliary states), in graph order."""
        return [n.name for n in self._topo() if n.op == "null"]

    def list_outputs(self):
        """Output names: '<node>_output' for single-output nodes, '<node>_output<i>' otherwise."""
        names = []
        for node, i in self._outputs:
            if node.op == "null":
                names.append(node.name)
            elif node.op in _OUTPUT_NAMES:
                names.append(f"{node.name}_{_OUTPUT_NAMES[node.op][i]}")
            elif node.op == "Custom" and _custom_names(node):  # the registered prop's output names
                names.append(f"{node.name}_{_custom_names(node)[i]}")
            elif node.op == "LeakyReLU" and node.num_outputs == 2:  # rrelu: its output and the sampled slopes
                names.append(f"{node.name}_{('output', 'mask')[i]}")
            elif node.num_outputs == 1:
                names.append(f"{node.name}_output")
            else:
                names.append(f"{node.name}_output{i}")
        return names

    def get_internals(self):
        """A group of every visible output of every node in the graph (BatchNorm's mean/var hidden, as MXNet)."""
        outs = []
        for n in self._topo():
            count = 1 if n.op == "null" else _visible_outputs(n.op, n.attrs, n.num_outputs)
            outs.extend((n, i) for i in range(count))
        return Symbol(outs)

    def get_children(self):
        """The inputs of this symbol's node, as a group (None for a variable)."""
        nodes = []
        for node, _ in self._outputs:  # each node once (the outputs of a multi-output node share inputs)
            if all(node is not n for n in nodes):
                nodes.append(node)
        ins = [e for node in nodes for e in node.inputs]
        return Symbol(ins) if ins else None

    def attr(self, key):
        """Attribute `key` of this single-output symbol's node (None when absent); hidden keys such as
        `lr_mult` read their stored `__lr_mult__` form, as in MXNet."""
        attrs = self._outputs[0][0].attrs
        if key in attrs:
            return attrs[key]
        return attrs.get(f"__{key}__") if key in HIDDEN_KEYS else None

    def _set_attr(self, **kwargs):
        """Set string attributes on this symbol's node (an operator's unknown plain keys are MXNetError)."""
        for v in kwargs.values():
            if not isinstance(v, str):
                raise ValueError("Set Attr only accepts string values")
        attrs = {(f"__{k}__" if k in HIDDEN_KEYS else k): v for k, v in kwargs.items()}
        node = self._outputs[0][0]
        if node.op != "null":
            _check_known_kwargs(node.op, _signature(node.op), attrs)
        node.attrs.update(attrs)

    def __getstate__(self):
        return {"handle": self.tojson()}

    def __setstate__(self, state):
        self._outputs = load_json(state["handle"])._outputs

    def list_attr(self, recursive=False):
        """The node's attributes as a dict of strings."""
        if recursive:
            raise NotImplementedError("Symbol.list_attr: argument 'recursive' is not supported (MXNet "
                                      "removed it too); use attr_dict()")
        return _listed_attrs(self._outputs[0][0].attrs)

    def attr_dict(self):
        """Attributes of every node, keyed by node name."""
        return {n.name: _listed_attrs(n.attrs) for n in self._topo() if n.attrs}

    # ------------------------------------------------------------------ JSON
    def tojson(self, remove_amp_cast=True):
        """MXNet 1.9.1's JSON for this graph."""
        graph = self._graph_dict(remove_amp_cast)
        graph["attrs"] = {"mxnet_version": ["int", 10901]}
        from ..util import is_np_shape
        if is_np_shape():   # MXNet marks graphs saved under numpy shape semantics
            graph["attrs"] = {"is_np_shape": ["int", 1], "mxnet_version": ["int", 10901]}
        return _json_layout.dumps(graph)

    def _graph_dict(self, remove_amp_cast):
        """The graph as MXNet's JSON dict (without the top-level `attrs`; subgraphs of control-flow nodes nested)."""
        from ._json_rows import json_rows
        order = self._topo()
        heads = {}
        if remove_amp_cast:  # MXNet's RemoveAmpCast rewires node inputs; a cast that is a graph output stays
            order, remap = _drop_amp_casts(order)
            heads = {id(n): n for n, _ in self._outputs if n.op in ("amp_cast", "amp_multicast")}
            if heads:
                order = _rewired_order(self._outputs, remap)
        else:
            remap = {}
        index = {id(n): i for i, n in enumerate(order)}
        aux = self._aux_ids()

        def entry(src, i):
            src, i = remap.get((id(src), i), (src, i))
            return [index[id(src)], i, 1 if id(src) in aux else 0]

        nodes, row_ptr = [], [0]
        for n in order:
            d = {"op": n.op, "name": n.name}
            if n.attrs:
                d["attrs"] = {k: n.attrs[k] for k in sorted(n.attrs)}
            d["inputs"] = [entry(s, i) for s, i in n.inputs]
            if n.subgraphs:
                d["subgraphs"] = [g._graph_dict(remove_amp_cast) for g in n.subgraphs]
            nodes.append(d)
            row_ptr.append(row_ptr[-1] + (1 if n.op == "null" else json_rows(n)))
        return {"nodes": nodes, "arg_nodes": [i for i, n in enumerate(order) if n.op == "null"],
                "node_row_ptr": row_ptr,
                "heads": [[index[id(n)], i, 0] if id(n) in heads else entry(n, i) for n, i in self._outputs]}

    def save(self, fname, remove_amp_cast=True):
        """Write the JSON to `fname` (atomically)."""
        import os
        tmp = f"{fname}.tmp"
        with open(tmp, "w") as f:
            f.write(self.tojson(remove_amp_cast))
        os.replace(tmp, fname)

    # ------------------------------------------------------------------ evaluation
    def eval(self, ctx=None, **kwargs):
        """Evaluate with NDArrays for every variable given by name; returns a list of NDArrays."""
        from .graph_exec import run_graph
        return run_graph(self, kwargs, ctx=ctx)

    def infer_shape(self, *args, **kwargs):
        """(arg_shapes, out_shapes, aux_shapes) from known input shapes; (None, None, None) with a warning
        when some cannot be decided. Found by running the graph once on zeros."""
        from .shape_infer import infer_shape
        try:
            return infer_shape(self, args, kwargs)
        except MXNetError:  # MXNet prints the arguments before re-raising
            print("infer_shape error. Arguments:")
            for i, arg in enumerate(args):
                print(f"  #{i}: {arg}")
            for k, v in kwargs.items():
                print(f"  {k}: {v}")
            raise

    def infer_shape_partial(self, *args, **kwargs):
        """Like infer_shape, without the warning (unknown shapes give (None, None, None))."""
        from .shape_infer import infer_shape
        return infer_shape(self, args, kwargs, partial=True)

    def infer_type(self, *args, **kwargs):
        """(arg_types, out_types, aux_types) from known input dtypes."""
        from .type_infer import infer_type
        return infer_type(self, args, kwargs)

    def infer_type_partial(self, *args, **kwargs):
        """Like infer_type; dtypes nothing decides are None instead of failing."""
        from .type_infer import infer_type
        return infer_type(self, args, kwargs, partial=True)

    def _compose_map(self, mapping):
        """A copy of this graph with the variables named in `mapping` replaced by those symbols."""
        new = {}

        def entry(src, i):
            if id(src) not in new:
                return (src, i)
            outs = new[id(src)]
            return outs[0] if src.op == "null" else outs[i]  # a replaced variable is a one-output symbol

        for n in self._topo():
            if n.op == "null":
                if n.name in mapping:
                    new[id(n)] = mapping[n.name]._outputs
                continue
            if not any(id(src) in new for src, _ in n.inputs):
                continue
            clone = _Node(n.op, n.name, n.attrs, [entry(src, i) for src, i in n.inputs], n.num_outputs,
                          n.subgraphs)
            new[id(n)] = [(clone, k) for k in range(n.num_outputs)]
        return Symbol([entry(n, i) for n, i in self._outputs])

    def _composed(self, args, kwargs):
        """MXNet's composition: keyword arguments replace the free variables they name (positional ones are its
        error for any graph); `name` renames the first output's node."""
        name = kwargs.pop("name", None)
        if name is not None and not isinstance(name, str):
            raise AttributeError(f"'{type(name).__name__}' object has no attribute 'encode'")
        if args and kwargs:
            raise TypeError("compose only accept input Symbols either as positional or keyword arguments, not both")
        for v in list(args) + list(kwargs.values()):
            if not isinstance(v, Symbol):
                raise TypeError("Compose expect `Symbol` as arguments")
        if self._outputs[0][0].op == "null" and len(self._outputs) == 1 and (args or name):
            raise NotImplementedError("Symbol.__call__/_compose of a bare Variable with positional arguments or "
                                      "name=: MXNet turns the variable into an operator node with an invented "
                                      "'<name>_data' input; compose the operator that uses it instead")
        if args:
            raise MXNetError("Check failed: args.size() == 0U (%d vs. 0) : General composition only support "
                             "kwargs for now" % len(args))
        free = self.list_arguments()
        unknown = [k for k in kwargs if k not in free]
        if unknown:  # MXNet's nnvm rejects a keyword that names no argument of the graph
            raise MXNetError(f"Symbol.ComposeKeyword argument name {unknown[0]} not found.\nCandidate arguments:\n"
                             + "".join(f"\t[{i}]{a}\n" for i, a in enumerate(free)))
        out = self._compose_map(kwargs) if kwargs else Symbol(self._outputs)
        if name:
            head = out._outputs[0][0]
            renamed = _Node(head.op, name, head.attrs, head.inputs, head.num_outputs, head.subgraphs)
            out = Symbol([(renamed, i) if n is head else (n, i) for n, i in out._outputs])
        return out

    def __call__(self, *args, **kwargs):
        """Compose: a copy with free variables replaced by the symbols given by keyword (`name=` renames)."""
        return self._composed(args, kwargs)

    def _compose(self, *args, **kwargs):
        """Compose in place (MXNet's `_compose`): keyword symbols replace the variables they name; returns None."""
        self._outputs = self._composed(args, kwargs)._outputs

    def bind(self, ctx, args, args_grad=None, grad_req="write", aux_states=None, group2ctx=None,
             shared_exec=None):
        """An Executor running this graph on the given arrays (used in place) on `ctx`."""
        from ..executor import Executor
        from .grad_check import check_differentiable, wants_grad
        if args_grad is not None and wants_grad(grad_req):
            check_differentiable(self)
        return Executor._bind(self, ctx, args, args_grad, grad_req, aux_states, group2ctx, shared_exec)

    def simple_bind(self, ctx, grad_req="write", type_dict=None, stype_dict=None, group2ctx=None,
                    shared_arg_names=None, shared_exec=None, shared_buffer=None, **kwargs):
        """An Executor with arrays allocated from the input shapes (`name=shape`) and dtypes (`type_dict`)."""
        from ..executor import Executor
        from .grad_check import check_differentiable, wants_grad
        if wants_grad(grad_req):
            try:
                check_differentiable(self)
            except MXNetError as e:  # MXNet's simple_bind reports failures with the given shapes
                inputs = set(self.list_inputs())
                raise RuntimeError("simple_bind error. Arguments:\n" + "\n".join(
                    f"{n}: {tuple(s)}" for n, s in kwargs.items() if n in inputs) + "\n" + str(e)) from None
        return Executor._simple_bind(self, ctx, grad_req, type_dict, stype_dict, group2ctx, shared_arg_names,
                                     shared_exec, shared_buffer, **kwargs)

    # ------------------------------------------------------------------ operators
    def _binary(self, other, op, scalar_op, reverse=False):
        # Node names follow MXNet's operator classes: `_Plus` -> '_plus0', `_PlusScalar` -> '_plusscalar0'.
        if isinstance(other, Symbol):
            hint = _OPERATOR_HINTS.get(op, op)
            return make_op(op, [other, self] if reverse else [self, other], {}, hint=hint)
        if isinstance(other, (int, float, np.number, bool)):
            hint = scalar_op if scalar_op in _KEEP_SCALAR_HINT else scalar_op.replace("_scalar", "scalar")
            return make_op(scalar_op, [self], {"scalar": other}, hint=hint)
        raise TypeError(f"type {type(other).__name__} not supported")

    def __add__(self, o): return self._binary(o, "elemwise_add", "_plus_scalar")
    def __radd__(self, o): return self._binary(o, "elemwise_add", "_plus_scalar", True)
    def __sub__(self, o): return self._binary(o, "elemwise_sub", "_minus_scalar")
    def __rsub__(self, o): return self._binary(o, "elemwise_sub", "_rminus_scalar", True)
    def __mul__(self, o): return self._binary(o, "elemwise_mul", "_mul_scalar")
    def __rmul__(self, o): return self._binary(o, "elemwise_mul", "_mul_scalar", True)
    def __truediv__(self, o): return self._binary(o, "elemwise_div", "_div_scalar")
    def __rtruediv__(self, o): return self._binary(o, "elemwise_div", "_rdiv_scalar", True)
    def __mod__(self, o): return self._binary(o, "_mod", "_mod_scalar")
    def __rmod__(self, o): return self._binary(o, "_mod", "_rmod_scalar", True)
    def __pow__(self, o): return self._binary(o, "_power", "_power_scalar")
    def __rpow__(self, o): return self._binary(o, "_power", "_rpower_scalar", True)
    def __eq__(self, o): return self._binary(o, "_equal", "_equal_scalar")
    def __ne__(self, o): return self._binary(o, "_not_equal", "_not_equal_scalar")
    def __gt__(self, o): return self._binary(o, "_greater", "_greater_scalar")
    def __ge__(self, o): return self._binary(o, "_greater_equal", "_greater_equal_scalar")
    def __lt__(self, o): return self._binary(o, "_lesser", "_lesser_scalar")
    def __le__(self, o): return self._binary(o, "_lesser_equal", "_lesser_equal_scalar")
    def __neg__(self): return make_op("_mul_scalar", [self], {"scalar": -1.0}, hint="_mulscalar")
    def __abs__(self): return make_op("abs", [self], {})
    __hash__ = object.__hash__

    def __getattr__(self, name):
        # Fluent methods: x.reshape(...), x.mean(axis=1), x.softmax() ... are the operators of that name.
        if name.startswith("_") or name not in OPS:
            raise AttributeError(f"'Symbol' object has no attribute {name!r}")

        def method(*args, **kwargs):
            return make_op(name, (self,) + args, kwargs)
        return method


_NO_REMAP = {}


def _rewired_order(outputs, remap):
    """Depth-first order of the nodes reached from `outputs` through their inputs, rewired by `remap` (amp casts
    skipped by `tojson(remove_amp_cast=True)`; those that are outputs themselves stay, as MXNet's RemoveAmpCast
    leaves them). With no remap, the graph's topological order (`Symbol._topo`)."""
    order, seen = [], set()
    for node, _ in outputs:
        stack = [(node, False)]
        while stack:
            n, done = stack.pop()
            if done:
                if id(n) not in seen:
                    seen.add(id(n))
                    order.append(n)
                continue
            if id(n) in seen:
                continue
            stack.append((n, True))
            for src, i in reversed(n.inputs):
                src = remap.get((id(src), i), (src, i))[0]
                if id(src) not in seen:
                    stack.append((src, False))
    return order


def _drop_amp_casts(order):
    keep, remap = [], {}
    for n in order:
        if n.op in ("amp_cast", "amp_multicast"):
            for i, (src, j) in enumerate(n.inputs):
                remap[(id(n), i)] = remap.get((id(src), j), (src, j))
        else:
            keep.append(n)
    return keep, remap


def _signature(op):
    fn = OPS.get(op)
    if fn is None:
        return None
    try:
        return list(inspect.signature(inspect.unwrap(fn)).parameters.values())
    except (TypeError, ValueError):
        return None


# Scalar operators whose MXNet node names keep '_scalar' (comparisons, `_rpower_scalar`): `a < 1` is '_lesser_scalar0'.
_KEEP_SCALAR_HINT = ("_lesser_scalar", "_greater_scalar", "_lesser_equal_scalar", "_greater_equal_scalar",
                     "_equal_scalar", "_not_equal_scalar", "_rpower_scalar")
_OPERATOR_HINTS = {"elemwise_add": "_plus", "elemwise_sub": "_minus", "elemwise_mul": "_mul",
                   "elemwise_div": "_div"}


def _check_known_kwargs(op, params, kwargs):
    """Raise MXNetError now (as MXNet does when the node is created) for a keyword `op` does not take
    (operators without a parameter struct keep any keyword as a node attribute, as MXNet's)."""
    if params is None or op in LENIENT_OPS or any(p.kind is p.VAR_KEYWORD for p in params):
        return
    from .graph_exec import _ATTR_RENAME
    known = {p.name for p in params} | set(_ATTR_RENAME.get(op, ()))
    for k in kwargs:
        # `ctx` and `__dunder__` attributes are node metadata that the graph executor drops
        if k in known or k == "ctx" or (k.startswith("__") and k.endswith("__")):
            continue
        raise MXNetError(f"Cannot find argument '{k}', Possible Arguments:\n----------------\n"
                         + "\n".join(p.name for p in params) + f"\n, in operator {op}")


def _check_required(op, sig_op, attrs):
    """MXNet's error when the node is created without a parameter its operator requires (_op_required.py)."""
    from ._op_required import OP_REQUIRED
    req = None
    for name in (op, sig_op):
        for prefix in ("", "_contrib_", "_linalg_", "_random_", "_image_", "_sample_"):
            req = OP_REQUIRED.get(prefix + name)
            if req is not None:
                op = prefix + name
                break
        if req is not None:
            break
    if not req:
        return
    written = _WRITTEN_AS.get(op, {})
    for p, typ in req.items():
        if p not in attrs and written.get(p) not in attrs:
            given = "".join(f', {k}="{v}"' for k, v in attrs.items() if not k.startswith("__"))
            raise MXNetError(f"Required parameter {p} of {typ} is not presented, in operator {op}(name=\"\"{given})")


def _no_bias(op, attrs):
    """Whether `op` has no bias input: its `no_bias` attribute, or the default (True for Deconvolution)."""
    value = attrs.get("no_bias")
    if value is None:
        return op == "Deconvolution"
    return value in ("True", "1", "true")


def _scoped_attrs(attr):
    """`attr` over the active AttrScope's attributes, as strings, hidden keys (`lr_mult`...) as `__key__`."""
    from ..attribute import AttrScope
    merged = AttrScope._active().get(attr)
    return {(f"__{k}__" if k in HIDDEN_KEYS else k): _attr_str(v) for k, v in merged.items()}


# Creation operators: no array inputs, so every keyword is a parameter (OP_INPUTS lists only ops with inputs).
_NO_INPUT_OPS = frozenset(("_zeros", "_ones", "_full", "_arange", "_linspace", "_eye", "_zeros_without_dtype"))


def _is_param_of(op, sig_op, key):
    """Whether `key` is a parameter (not an array input) of MXNet operator `op`; False when unknown."""
    from ._op_inputs import OP_INPUTS
    if op in _NO_INPUT_OPS:
        return True
    for name in (op, sig_op):
        for prefix in ("", "_contrib_", "_linalg_", "_random_", "_image_", "_sample_"):
            if prefix and not name.startswith(prefix):
                continue
            ins = OP_INPUTS.get(name[len(prefix):])
            if ins is not None:
                return key not in ins
    return False


def _param_kinds(sig_op, op):
    """{parameter: declared kind} of operator `op` (ndarray/_param_check.py), {} for unknown operators."""
    return kinds_for((sig_op, op))


def make_op(op, args, kwargs, hint=None):
    """Create the node for `op(*args, **kwargs)`: Symbols become inputs, everything else attributes."""
    kwargs = dict(kwargs)
    sig_op, op = op, CANONICAL.get(op, op)
    name = kwargs.pop("name", None)
    attr = kwargs.pop("attr", None)
    kwargs.pop("out", None)
    params = _signature(sig_op)
    inputs, attrs = [], {}
    named = {}
    if params is not None:
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        var_pos = any(p.kind is p.VAR_POSITIONAL for p in params)
        for i, a in enumerate(args):
            if i < len(positional):
                named[positional[i].name] = a
            elif var_pos:
                named[f"__arg{i}"] = a
            else:
                raise TypeError(f"{op}() takes {len(positional)} positional arguments but {len(args)} were given")
        order = [p.name for p in positional]
    else:
        named = {f"__arg{i}": a for i, a in enumerate(args)}
        order = []
    hidden = {f"__{k}__": _attr_str(kwargs.pop(k)) for k in list(kwargs) if k in HIDDEN_KEYS}
    _check_known_kwargs(op, params, kwargs)
    for k, v in kwargs.items():
        if k in named:
            raise TypeError(f"{op}() got multiple values for argument {k!r}")
        named[k] = v
    keys = order + [k for k in named if k not in order]
    by_slot = {}  # input name -> position in `inputs`, for Symbols given by keyword
    for k in keys:
        if k not in named:
            continue
        v = named[k]
        if isinstance(v, Symbol):
            by_slot[k] = len(inputs)
            if len(v._outputs) != 1:  # MXNet's compose takes one value per input (unpack with *sym)
                what = f"Argument {k[5:]}" if k.startswith("__arg") else f"Keyword Argument {k}"
                raise MXNetError(f"{op}: Check failed: outputs.size() == 1U ({len(v._outputs)} vs. 1) : "
                                 f"{what} is a tuple, single value is required")
            inputs.append(v._outputs[0])
        elif isinstance(v, (list, tuple)) and v and all(isinstance(s, Symbol) for s in v):
            for s in v:
                inputs.extend(s._outputs)
            attrs["num_args"] = str(len(v)) if op in _NUM_ARGS_OPS else attrs.get("num_args")
            if attrs["num_args"] is None:
                del attrs["num_args"]
        elif v is None or v is _Null:
            if v is None and not k.startswith("__arg") and _is_param_of(op, sig_op, k):
                attrs[k] = "None"  # a parameter set to None is an attribute, as MXNet writes it
            continue
        elif k.startswith("__arg"):
            raise MXNetError(f"{op}: positional argument {v!r} must be a Symbol")
        else:
            kind = _param_kinds(sig_op, op).get(k)
            if kind is not None:  # MXNet parses the attributes when the node is created
                check_param(v, kind, k, op)
            attrs[k] = _attr_str(v)
    if op in _NUM_ARGS_OPS and "num_args" not in attrs:
        attrs["num_args"] = str(len(inputs))
    for ours, theirs in _WRITTEN_AS.get(op, {}).items():  # arguments MXNet's node spells differently
        if ours in attrs:
            attrs[theirs] = attrs.pop(ours)
    attrs.update(hidden)
    node_name = _auto_name(name, hint or sig_op)
    created = []  # variables made here for missing inputs; like MXNet they get a copy of the node's attrs

    def new_var(in_name):
        created.append(_Node("null", f"{node_name}_{in_name}"))
        return (created[-1], 0)
    if op in _VAR_NUM_ARGS:
        _var_num_args(op, attrs, inputs, new_var)
    auto_inputs = _auto_inputs(op, sig_op, attrs, params, named, _NUM_ARGS_OPS)
    if auto_inputs and all(k in auto_inputs for k in by_slot) and len(inputs) == len(by_slot):
        # inputs go to their named slots (e.g. only `bias=` or `moving_mean=` given); the others are created
        given = {k: inputs[i] for k, i in by_slot.items()}
        inputs = []
        for in_name in auto_inputs:
            if in_name in given:
                inputs.append(given[in_name])
            elif in_name == "bias" and _no_bias(op, attrs):
                break
            else:
                inputs.append(new_var(in_name))
    for slot, in_name in enumerate(auto_inputs):
        if slot < len(inputs):
            continue
        if in_name == "bias" and _no_bias(op, attrs):
            break
        inputs.append(new_var(in_name))
    if op == "Custom":
        inputs = _compose_custom(attrs, inputs, by_slot, new_var)
    scoped = _scoped_attrs(attr)
    if scoped:
        # plain keys (not `__dunder__`) of `attr` or of an AttrScope are operator parameters to MXNet
        _check_known_kwargs(op, params, {k: v for k, v in scoped.items() if k not in attrs})
        attrs.update(scoped)
    _check_required(op, sig_op, attrs)
    for v in created:
        v.attrs.update(attrs)
    for slot, init in zip(AUX_SLOTS.get(op, ()), ('["zero", {}]', '["one", {}]')):
        # like MXNet, the moving statistics (given or created) carry their initializer as an attribute
        if slot < len(inputs) and inputs[slot][0].op == "null":
            inputs[slot][0].attrs.setdefault("__init__", init)
    for slot, init in _INPUT_INITS.get(op, ()):
        if slot < len(inputs) and inputs[slot][0].op == "null":
            inputs[slot][0].attrs.setdefault("__init__", init)
    n_out = _num_outputs(op, attrs)
    node = _make_node(op, node_name, attrs, inputs, n_out)  # one node, whatever its number of outputs
    return Symbol([(node, i) for i in range(_visible_outputs(op, attrs, n_out))])


def _var_num_args(op, attrs, inputs, new_var):
    """MXNet's composition of a variadic operator: `num_args` (the number of inputs given unless set) is an int
    of at least 1; missing inputs become variables `<node>_arg<i>`, extra ones are MXNet's error."""
    k = check_param(attrs["num_args"], "i", "num_args", op)
    if k < 1:
        raise MXNetError(f"value {k} for Parameter num_args should be greater equal to 1, "
                         f'in operator {op}(name="", num_args="{k}")')
    if op == "UpSampling" and attrs.get("sample_type") == "bilinear":
        if len(inputs) == 1:  # inputs are data and weight whatever num_args says
            inputs.append(new_var("weight"))
        return
    if len(inputs) > k:
        raise MXNetError(f"Check failed: arg_vec.size() <= n_req ({len(inputs)} vs. {k}) : "
                         f"Incorrect number of arguments, requires {k}, provided {len(inputs)}")
    for i in range(len(inputs), k):
        inputs.append(new_var(f"arg{i}"))


def _make_node(op, name, attrs, inputs, n_out):
    return _Node(op, name, attrs, inputs, n_out)


# Operators with a fixed number of outputs other than one (MXNet 1.9.1's NumOutputs), by base name.
_FIXED_OUTPUTS = {"BatchNorm": 3, "BatchNorm_v1": 3, "SyncBatchNorm": 3, "LayerNorm": 3, "GroupNorm": 3, "moments": 2,
                  "_histogram": 2, "histogram": 2, "gelqf": 2, "syevd": 2, "slogdet": 2, "Proposal": 2,
                  "MultiProposal": 2, "bipartite_matching": 2, "MultiBoxTarget": 3, "quantize": 3,
                  "quantize_v2": 3, "box_nms": 2, "box_non_maximum_suppression": 2}
# ... of which only the first is visible unless the attribute is set (mean/var, proposal scores)
_HIDDEN_UNLESS = {"BatchNorm": "output_mean_var", "BatchNorm_v1": "output_mean_var", "SyncBatchNorm": "output_mean_var",
                  "LayerNorm": "output_mean_var", "GroupNorm": "output_mean_var", "Proposal": "output_score",
                  "MultiProposal": "output_score"}


def _base_op(op):
    for prefix in ("_contrib_", "_linalg_", "linalg_"):
        if op.startswith(prefix):
            return op[len(prefix):]
    return op


def _num_outputs(op, attrs):
    if op.startswith("_np"):
        from .numpy._nodes import num_outputs
        n = num_outputs(op, attrs)
        if n is not None:
            return n
    base = _base_op(op)
    if base in ("SliceChannel", "split"):
        return int(attrs.get("num_outputs", "1"))
    if base in _FIXED_OUTPUTS:
        return _FIXED_OUTPUTS[base]
    if base == "topk" and attrs.get("ret_typ") == "both":
        return 2
    if base == "LeakyReLU" and attrs.get("act_type") == "rrelu":
        return 2
    if base == "RNN" and attrs.get("state_outputs") in ("True", "1"):
        return 3 if attrs.get("mode") == "lstm" else 2
    if base in ("_foreach", "_while_loop", "_cond", "amp_multicast") and "num_outputs" in attrs:
        return int(attrs["num_outputs"])
    if base == "Custom":  # as many outputs as the registered prop lists
        from ..operator import custom_output_names, check_op_type
        check_op_type(attrs)
        return len(custom_output_names(attrs) or [None])
    if base == "_split_v2":
        sections = int(attrs.get("sections", "0"))
        return sections if sections > 0 else len(parse_list(attrs.get("indices", "[]")))
    return 1


def _custom_names(node):
    from ..operator import custom_output_names
    names = custom_output_names(node.attrs)
    return names if names and len(names) == node.num_outputs else None


def _visible_outputs(op, attrs, n_out):
    if _base_op(op) in ("box_nms", "box_non_maximum_suppression"):
        return 1  # the second output (kept indices) is internal
    flag = _HIDDEN_UNLESS.get(_base_op(op))
    if flag is not None:
        return n_out if attrs.get(flag) in ("True", "1", "true") else 1
    return n_out


def parse_list(text):
    """The integers of an attribute string such as '[0, 1, 3]' or '(2,)'."""
    return [int(v) for v in text.strip("[]() ").replace(",", " ").split()]


def var(name, attr=None, shape=None, lr_mult=None, wd_mult=None, dtype=None, init=None, stype=None, **kwargs):
    """A variable (graph input or parameter) named `name`."""
    if not isinstance(name, str):
        raise TypeError("Expect a string for variable `name`")
    attrs = _scoped_attrs(attr)
    if shape is not None:  # (an int is a 1-D shape, as MXNet's shape parser reads str(shape))
        attrs["__shape__"] = str((int(shape),) if isinstance(shape, (int, np.integer)) else tuple(shape))
    if lr_mult is not None:
        attrs["__lr_mult__"] = str(lr_mult)
    if wd_mult is not None:
        attrs["__wd_mult__"] = str(wd_mult)
    if dtype is not None:
        attrs["__dtype__"] = str(_DTYPE_CODES[np.dtype(dtype).name])
    if init is not None:
        attrs["__init__"] = init if isinstance(init, str) else init.dumps()
    if stype is not None:   # recorded as MXNet does; binding sparse variables is refused (see simple_bind)
        ids = {"default": 0, "row_sparse": 1, "csr": 2}
        if stype not in ids:
            raise KeyError(stype)
        attrs["__storage_type__"] = str(ids[stype])
    for k, v in kwargs.items():
        if k.startswith("__") and k.endswith("__"):
            attrs[k] = _attr_str(v)
        else:
            raise ValueError(f"Attribute name={k} is not supported. Additional attributes must start and "
                             "end with double underscores, e.g, __yourattr__")
    return Symbol([(_Node("null", name, attrs), 0)])


Variable = var

_DTYPE_CODES = {"float32": 0, "float64": 1, "float16": 2, "uint8": 3, "int32": 4, "int8": 5, "int64": 6,
                "bool": 7, "int16": 8, "uint16": 9, "uint32": 10, "uint64": 11, "bfloat16": 12}


def Group(symbols):  # noqa: N802 - MXNet's name
    """One symbol whose outputs are the outputs of `symbols`, in order."""
    if not symbols or any(not isinstance(s, Symbol) for s in symbols):
        raise TypeError("Expected a list of symbols as input")
    return Symbol([o for s in symbols for o in s._outputs])


def load_json(json_str):
    """A Symbol from MXNet's JSON (as written by MXNet 1.x `tojson()`/`export`, or by torch2gluon)."""
    try:
        graph = json.loads(json_str)
    except (ValueError, TypeError) as e:
        raise MXNetError(f"Invalid symbol JSON: {e}") from None
    return _from_graph_dict(graph)


def _from_graph_dict(graph):
    try:
        raw_nodes = graph["nodes"]
        heads = graph["heads"]
    except (KeyError, TypeError) as e:
        raise MXNetError(f"Invalid symbol JSON: {e}") from None
    nodes = []
    for i, d in enumerate(raw_nodes):
        attrs = d.get("attrs", d.get("attr", d.get("param", {}))) or {}
        try:
            inputs = [(nodes[e[0]], e[1]) for e in d.get("inputs", [])]
        except IndexError:
            raise MXNetError(f"Invalid symbol JSON: node {i} ({d.get('name')}) refers to a later node") from None
        op = d["op"]
        n_out = 1 if op == "null" else _num_outputs(op, attrs)
        subgraphs = [_from_graph_dict(g) for g in d["subgraphs"]] if d.get("subgraphs") else None
        nodes.append(_Node(op, d["name"], attrs, inputs, n_out, subgraphs))
    for n in nodes:  # outputs referenced in the graph may exceed our default count (e.g. multi-output ops)
        for src, i in n.inputs:
            src.num_outputs = max(src.num_outputs, i + 1)
    for e in heads:
        nodes[e[0]].num_outputs = max(nodes[e[0]].num_outputs, e[1] + 1)
    if "mxnet_version" not in (graph.get("attrs") or {}):
        _legacy_input_inits(nodes)
    return Symbol([(nodes[e[0]], e[1]) for e in heads])


def _legacy_input_inits(nodes):
    """A pre-1.0 JSON (no `mxnet_version`): MXNet's upgrade composes its operators again, which gives their
    parameter variables the initializer attributes composing sets (BatchNorm's moving statistics, PReLU's gamma)."""
    for n in nodes:
        inits = list(zip(AUX_SLOTS.get(n.op, ()), ('["zero", {}]', '["one", {}]'))) + list(_INPUT_INITS.get(n.op, ()))
        for slot, init in inits:
            if slot < len(n.inputs) and n.inputs[slot][0].op == "null":
                n.inputs[slot][0].attrs.setdefault("__init__", init)


def load(fname):
    """A Symbol from an MXNet `-symbol.json` file."""
    try:
        with open(fname) as f:
            text = f.read()
    except OSError as e:
        raise MXNetError(f"Cannot read symbol file {fname}: {e}") from None
    return load_json(text)
