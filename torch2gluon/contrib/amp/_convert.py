"""`amp.convert_symbol`'s graph pass: a copy of a float32 graph with `amp_cast`/`amp_multicast` nodes where MXNet
1.9.1's ReducePrecision pass puts them (same node names), and `__dtype__` attributes on the model parameters.

Nodes are visited in topological order, each copied; the pass remembers which outputs are known to be float16
("low") or float32 and reuses one cast node per (output, dtype):
- float32 ops (and excluded names, and conditional ops whose attribute matches): inputs not known float32 and not
  variables get a float32 cast; outputs are float32;
- float16 ops (FullyConnected, Convolution, Deconvolution, RNN): every input gets a float16 cast unless known
  float16 (with `cast_optional_params`, parameters are used as they are and become float16); outputs float16;
- widest-type ops: if every input's dtype is known, inputs are cast to float32 when one is float32, else to
  float16; otherwise one `amp_multicast` node;
- other ops: copied; where the first input's dtype is known (an output or a cast of it), their outputs get that
  dtype, except for operators that set their own (_OWN_DTYPE), whose dtype stays unknown (an unknown dtype
  only ever costs a redundant cast, never a wrong value);
- graph outputs not known float32 get a float32 cast.
"""
from ...base import MXNetError
from ...symbol import Symbol
from ...symbol.symbol import _Node
from .lists.symbol_fp16 import CAST_SUFFIXES

_LOW_OPS = ("FullyConnected", "Convolution", "Deconvolution", "RNN")
# operators whose output dtype is not their first input's (an attribute or a fixed type decides it): the pass
# derives no dtype for them; every other operator's outputs take the first input's dtype (BatchNorm's mean/var
# excepted: float32), as MXNet's type inference does with only the first input known
_OWN_DTYPE = frozenset({
    "Cast", "cast", "amp_cast", "amp_multicast", "Embedding", "_sparse_Embedding", "_contrib_SparseEmbedding",
    "argmax", "argmin", "argmax_channel", "argsort", "topk", "shape_array", "size_array", "one_hot",
    "_onehot_encode", "_histogram", "histogram", "_ravel_multi_index", "_unravel_index", "ravel_multi_index",
    "unravel_index", "_contrib_getnnz", "_contrib_index_array", "all_finite", "multi_all_finite",
    "_cvimdecode", "_cvimread", "_imdecode", "_image_to_tensor", "_contrib_bipartite_matching",
    "_contrib_boolean_mask", "_cond", "_foreach", "_while_loop", "_CachedOp", "_CustomFunction", "Custom",
    "_TensorRT", "_sg_mkldnn_conv", "_sg_mkldnn_fully_connected", "BatchNorm_v1", "CuDNNBatchNorm",
    "_rnn_param_concat"})
_OWN_PREFIXES = ("_random_", "_sample_", "random_", "sample_", "_contrib_quantize", "_contrib_dequantize",
                 "_contrib_requantize", "_contrib_quantized")
_MULTI_NAMES = {"BatchNorm": ("output", "mean", "var")}
_F32, _LOW = "float32", "low"


def _suffix(node, index):
    """The part of a cast node's name naming the output it casts (empty for a variable)."""
    if node.op == "null":
        return ""
    name = CAST_SUFFIXES.get(node.op)
    if name is None:
        return f"_{index}"
    if node.op in _MULTI_NAMES:
        return "_" + _MULTI_NAMES[node.op][index]
    if name == "output0":  # SliceChannel / split
        return f"_output{index}"
    return f"_{name}" if index == 0 else f"_{index}"


def _conditional(node, cond):
    return any(node.attrs.get(param) in values for op, param, values in cond if op == node.op)


def reduce_precision(sym, target, low_ops, f32_ops, widest_ops, cond, excluded, data_names, cast_optional):
    """The converted graph (a Symbol); `target` is 'float16'."""
    low_ops, f32_ops, widest_ops, excluded = set(low_ops), set(f32_ops), set(widest_ops), set(excluded)
    for op in low_ops - set(_LOW_OPS):
        raise NotImplementedError(f"mx.contrib.amp.convert_symbol: argument target_dtype_ops with {op!r} is not "
                                  "supported by torch2gluon (only FullyConnected, Convolution, Deconvolution, RNN)")
    mirror = {}          # id(old node) -> new node
    known = {}           # (id(old node), index) -> (kind, new entry) for outputs of known dtype
    casts = {}           # (id(old node), index, dtype) -> new entry of the shared cast node

    def copy_entry(e):
        return (mirror[id(e[0])], e[1])

    def cast(e, dtype):
        key = (id(e[0]), e[1], dtype)
        if key not in casts:
            name = e[0].name + _suffix(e[0], e[1]) + "_amp_cast_" + dtype
            casts[key] = (_Node("amp_cast", name, {"dtype": dtype}, [copy_entry(e)]), 0)
        return casts[key]

    def lookup(e, kind):
        """The new entry of `e` in float32 / low precision (an output of that kind or a cast made earlier)."""
        k = known.get((id(e[0]), e[1]))
        if k is not None and k[0] == kind:
            return k[1]
        return casts.get((id(e[0]), e[1], _F32 if kind == _F32 else target))

    def mark(node, new, kind):
        for i in range(node.num_outputs):
            low = kind == _LOW and not (node.op in _MULTI_NAMES and i)  # BatchNorm's mean/var stay float32
            known[(id(node), i)] = (_LOW if low else _F32, (new, i))

    def to_f32(e, keep_variables):
        got = lookup(e, _F32)
        if got is not None:
            return got
        return copy_entry(e) if keep_variables and e[0].op == "null" else cast(e, _F32)

    def to_low(e):
        got = lookup(e, _LOW)
        return got if got is not None else cast(e, target)

    for node in sym._topo():
        if node.subgraphs:
            raise NotImplementedError(f"mx.contrib.amp.convert_symbol: control-flow node {node.name!r} "
                                      f"({node.op}) is not supported by torch2gluon")
        new = _Node(node.op, node.name, dict(node.attrs), [], node.num_outputs, None)
        mirror[id(node)] = new
        is_op = node.op != "null"
        if (is_op and node.op in f32_ops) or node.name in excluded:
            mark(node, new, _F32)
            new.inputs = [to_f32(e, True) for e in node.inputs]
        elif is_op and node.op in low_ops:
            if node.op == "RNN" and str(node.attrs.get("use_sequence_length", "False")) in ("True", "1", "true"):
                raise NotImplementedError("mx.contrib.amp.convert_symbol: RNN with use_sequence_length is not "
                                          "supported by torch2gluon")
            mark(node, new, _LOW)
            ins = []
            for e in node.inputs:
                got = lookup(e, _LOW)
                if got is None and cast_optional and e[0].op == "null" and e[0].name not in data_names:
                    got = copy_entry(e)
                    known[(id(e[0]), e[1])] = (_LOW, got)
                ins.append(got if got is not None else cast(e, target))
            new.inputs = ins
        elif is_op and node.op in widest_ops:
            if not node.inputs:
                raise MXNetError(f"Please check the symbol. node name: {node.name}op name {node.op} has no inputs.")
            f32 = [lookup(e, _F32) is not None for e in node.inputs]
            low = [lookup(e, _LOW) is not None for e in node.inputs]
            if not all(a or b for a, b in zip(f32, low)):
                e0 = node.inputs[0]
                multi = _Node("amp_multicast", e0[0].name + _suffix(e0[0], e0[1]) + "_amp_multicast",
                              {"num_outputs": str(len(node.inputs))}, [copy_entry(e) for e in node.inputs],
                              len(node.inputs))
                new.inputs = [(multi, i) for i in range(len(node.inputs))]
            else:
                kind = _F32 if any(f32) else _LOW
                mark(node, new, kind)
                new.inputs = [to_f32(e, False) if kind == _F32 else to_low(e) for e in node.inputs]
        elif is_op and _conditional(node, cond):
            mark(node, new, _F32)
            new.inputs = [to_f32(e, False) for e in node.inputs]
        else:
            if is_op and node.inputs and node.op not in _OWN_DTYPE and not node.op.startswith(_OWN_PREFIXES):
                e0 = node.inputs[0]
                kind = _LOW if lookup(e0, _LOW) is not None else _F32 if lookup(e0, _F32) is not None else None
                if kind is not None:
                    mark(node, new, kind)
            new.inputs = [copy_entry(e) for e in node.inputs]
    outs = []
    for e in sym._outputs:
        outs.append(to_f32(e, False))
    return Symbol(outs)
