"""`Symbol.infer_type`: static dtype propagation over the graph, following MXNet 1.9.1's per-operator rules.

Variables take the dtype given by the caller, else their `__dtype__` attribute. Each operator unifies the
dtypes of its inputs and outputs (MXNet's ElemwiseType, forwards and backwards) except where a rule below
says otherwise (Cast, BatchNorm's float32 parameters for float16 data, Embedding's `dtype`, index inputs,
operators with a `dtype` attribute...). A conflict raises MXNetError as MXNet does.
"""
import warnings

import numpy as np

from ..base import MXNetError
from .graph_exec import parse_attr
from .symbol import _DTYPE_CODES

_CODE_DTYPES = {v: k for k, v in _DTYPE_CODES.items()}
_SUPPORTED = ("float32", "float64", "float16", "uint8", "int32", "int8", "int64", "bool")  # MXNet's by-value set

_CAST = {"Cast", "cast", "amp_cast"}
_BATCHNORM = {"BatchNorm", "SyncBatchNorm", "_contrib_SyncBatchNorm", "BatchNormWithReLU",
              "_contrib_BatchNormWithReLU"}
_INT64_OUT = {"shape_array", "size_array"}
# inputs whose dtype is independent of the others (indices, lengths...), by op
_FREE_INPUTS = {"take": (1,), "pick": (1,), "gather_nd": (1,), "batch_take": (1,), "scatter_nd": (1,),
                "SequenceMask": (1,), "SequenceLast": (1,), "SequenceReverse": (1,), "one_hot": (0,),
                "_contrib_index_copy": (1,), "where": (0,), "slice_like": (1,), "reshape_like": (1,),
                "broadcast_like": (1,), "zeros_like": (), "ones_like": ()}
# ops typed by their data (input 0) only, not by their weights; True: the output may decide the data
_DATA_DRIVEN = {"Convolution": True, "Deconvolution": True, "SoftmaxOutput": False, "Pooling": False}
_DATA_REQUIRED = {"Dropout": "input type to dropout is not specified."}
# ops whose `dtype` attribute types only some outputs (the others follow the data)
_DTYPE_DEFAULT = {"one_hot": "float32", "argsort": "float32", "topk": "float32"}


def _dtype_attr(node, default=None):
    v = node.attrs.get("dtype")
    v = parse_attr(v) if v is not None else None
    if v is None or v == "None":
        return default
    return np.dtype(v).name


def _assign(types, key, value, node, what):
    """Set entry `key` to dtype `value` (a name), raising MXNet's error on a conflict."""
    if value is None:
        return False
    old = types.get(key)
    if old is None:
        types[key] = value
        return True
    if old != value:
        raise MXNetError(f"Error in operator {node.name}: Incompatible attr in node {node.name} at {what}: "
                         f"expected {value}, got {old}")
    return False


def _unify(types, node, in_keys, out_keys):
    known = [types.get(k) for k in in_keys + out_keys]
    first = next((t for t in known if t is not None), None)
    changed = False
    for i, k in enumerate(in_keys):
        changed |= _assign(types, k, first, node, f"{i}-th input")
    for i, k in enumerate(out_keys):
        changed |= _assign(types, k, first, node, f"{i}-th output")
    return changed


def _node_rule(node, types, in_keys, out_keys):
    """Apply `node`'s dtype rule once; True if some dtype was decided."""
    op = node.op
    if op.startswith(("_np_", "_npi_", "_npx_")) or "is_int" in node.attrs:
        from .numpy._types import rule
        return rule(node, types, in_keys, out_keys, _assign)
    if op in _CAST:
        return _assign(types, out_keys[0], _dtype_attr(node), node, "0-th output")
    if not in_keys:  # creation / sampling operators
        return _unify(types, node, [], out_keys) | any(
            _assign(types, k, _dtype_attr(node, "float32"), node, f"{i}-th output") for i, k in enumerate(out_keys))
    if op in _INT64_OUT:
        return _assign(types, out_keys[0], "int64", node, "0-th output")
    if op in _BATCHNORM:
        changed = _unify(types, node, in_keys[:1], out_keys[:1])
        data = types.get(in_keys[0])
        if data is None:
            return changed
        param = "float32" if data == "float16" else data
        for i, k in enumerate(in_keys[1:], 1):
            changed |= _assign(types, k, param, node, f"{i}-th input")
        for i, k in enumerate(out_keys[1:], 1):
            changed |= _assign(types, k, param, node, f"{i}-th output")
        return changed
    if op == "Embedding":
        if types.get(in_keys[0]) is None:
            raise MXNetError(f"Error in operator {node.name}: Check failed: itype != -1 (-1 vs. -1) : "
                             "First input must have specified type")
        dt = _dtype_attr(node, "float32")
        return _assign(types, in_keys[1], dt, node, "1-th input") | _assign(types, out_keys[0], dt, node,
                                                                            "0-th output")
    if op in _DTYPE_DEFAULT:
        dt = _dtype_attr(node, _DTYPE_DEFAULT[op])
        if op == "one_hot":
            return _assign(types, out_keys[0], dt, node, "0-th output")
        ret = str(parse_attr(node.attrs.get("ret_typ", "indices")))
        if op == "argsort" or ret == "indices":
            return _assign(types, out_keys[0], dt, node, "0-th output")
        changed = _unify(types, node, in_keys, out_keys[:1])
        if ret == "both":
            changed |= _assign(types, out_keys[1], dt, node, "1-th output")
        return changed
    if op in _DATA_REQUIRED and types.get(in_keys[0]) is None:
        raise MXNetError(f"Error in operator {node.name}: {_DATA_REQUIRED[op]}")
    if op in _DATA_DRIVEN:
        data = types.get(in_keys[0])
        if data is None and _DATA_DRIVEN[op]:
            data = types.get(out_keys[0])
        keys = in_keys[:1] + out_keys if op == "Pooling" else in_keys + out_keys
        return any([_assign(types, k, data, node, f"{i}-th entry") for i, k in enumerate(keys)])
    free = _FREE_INPUTS.get(op, ())
    return _unify(types, node, [k for i, k in enumerate(in_keys) if i not in free], out_keys)


def infer_types(sym, given):
    """Dtype names of every entry of `sym`'s graph ({(node id, index): name}) from `given` {var: name}."""
    order = sym._topo()
    types = {}
    for n in order:
        if n.op != "null":
            continue
        if n.name in given:
            types[(id(n), 0)] = given[n.name]
        elif n.attrs.get("__dtype__") is not None:
            types[(id(n), 0)] = _CODE_DTYPES.get(int(n.attrs["__dtype__"]))
    ops = [(n, [(id(s), i) for s, i in n.inputs], [(id(n), i) for i in range(n.num_outputs)])
           for n in order if n.op != "null"]
    for _ in range(2 * len(ops) + 2):  # forwards and backwards until nothing changes
        changed = False
        for node, ins, outs in ops:
            changed |= bool(_node_rule(node, types, ins, outs))
        for node, ins, outs in reversed(ops):
            changed |= bool(_node_rule(node, types, ins, outs))
        if not changed:
            break
    return types


def infer_type(sym, args, kwargs, partial=False):
    """(arg_types, out_types, aux_types) for `sym` given input dtypes by position or name (MXNet's layout)."""
    if args and kwargs:
        raise ValueError("Can only specify known argument types either by positional or kwargs way.")
    if len(args) > len(sym.list_arguments()):
        raise MXNetError("infer_type: too many positional arguments")
    given = {}
    for name, v in zip(sym.list_arguments(), args):
        if v is not None:  # positional None: unknown
            if np.dtype(v).name not in _SUPPORTED:
                raise TypeError(f"Argument need to be one of {sorted(_SUPPORTED)}")
            given[name] = np.dtype(v).name
    for name, v in kwargs.items():
        if np.dtype(v).name in _SUPPORTED:  # as MXNet: None means float64, other types are skipped
            given[name] = np.dtype(v).name
    nodes = {n.name: n for n in sym._topo() if n.op == "null"}
    for name in given:
        if name not in nodes:
            raise MXNetError(f"infer_type: {name!r} is not an input of the symbol (inputs: {list(nodes)})")
    types = infer_types(sym, given)

    def of(key):
        t = types.get(key)
        return None if t is None else np.dtype(t).type
    arg_t = [of((id(nodes[n]), 0)) for n in sym.list_arguments()]
    aux_t = [of((id(nodes[n]), 0)) for n in sym.list_auxiliary_states()]
    out_t = [of((id(node), i)) for node, i in sym._outputs]
    if not partial and (None in arg_t or None in aux_t):
        warnings.warn("Cannot decide type for the following arguments. Consider providing them as input:\n\t"
                      + "\n\t".join(f"{n}: None" for n, t in zip(sym.list_arguments(), arg_t) if t is None),
                      stacklevel=3)
        return None, None, None
    return arg_t, out_t, aux_t
