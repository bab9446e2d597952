"""Sparse storage in `Symbol.simple_bind`: the argument and gradient arrays' storage types.

Arguments take their variable's storage type (`sym.var(stype=...)`, or `stype_dict`), as MXNet allocates
them. Gradient arrays take MXNet's inferred storage type where it is sparse in these cases (observed on
MXNet 1.9.1): the weight of `Embedding(sparse_grad=True)` and of `contrib.SparseEmbedding` (row_sparse),
the right operand of `dot(csr, w)` without `transpose_a` (row_sparse, whatever w's storage type) and the
condition of `where` (its own storage type), and the variables that an output node of a linear storage-keeping operator
(elemwise_add/sub, +, -, * or / by a scalar, negative, add_n) reads directly when that output keeps their
storage type (its head gradient has it). Every other gradient array is dense; MXNet infers a sparse
gradient in a few deeper graphs too: the values are the same, the storage type is then 'default' here.
"""
_LINEAR = frozenset(("elemwise_add", "elemwise_sub", "_plus", "_minus", "_add", "_sub", "_Plus", "_Minus",
                     "_mul_scalar", "_div_scalar", "negative", "add_n", "ElementWiseSum"))
_STYPE_IDS = {"0": "default", "1": "row_sparse", "2": "csr"}


def var_stypes(symbol, stype_dict=None):
    """Variable name -> storage type declared with sym.var(stype=...) (overridden by `stype_dict`)."""
    out = {}
    for node in symbol._topo():
        if node.op == "null":
            out[node.name] = _STYPE_IDS.get(str(node.attrs.get("__storage_type__", "0")), "default")
    out.update(stype_dict or {})
    return out


def _true(v):
    return str(v).lower() in ("true", "1")


def grad_stypes(symbol, stypes, output_stypes=()):
    """Argument name -> sparse storage type of its gradient array (only the sparse ones)."""
    out = {}
    for (node, _), ost in zip(symbol._outputs, output_stypes):
        if node.op in _LINEAR and ost != "default":
            for src, _ in node.inputs:
                if src.op == "null" and stypes.get(src.name) == ost:
                    out[src.name] = ost
    for node in symbol._topo():
        srcs = [src for src, _ in node.inputs]
        if node.op == "Embedding" and _true(node.attrs.get("sparse_grad", False)) or \
                node.op == "_contrib_SparseEmbedding":
            if len(srcs) > 1 and srcs[1].op == "null":
                out[srcs[1].name] = "row_sparse"
        elif node.op == "dot" and len(srcs) == 2 and not _true(node.attrs.get("transpose_a", False)):
            lhs, rhs = srcs
            if lhs.op == "null" and stypes.get(lhs.name) == "csr" and rhs.op == "null":
                out[rhs.name] = "row_sparse"
        elif node.op == "where" and srcs and srcs[0].op == "null" and stypes.get(srcs[0].name, "default") != "default":
            out[srcs[0].name] = stypes[srcs[0].name]
    return out


def sparse_simple_bind(symbol, graph, stype_dict=None):
    """Replace the bound graph's argument / gradient arrays by empty sparse arrays where MXNet's are sparse."""
    stypes = var_stypes(symbol, stype_dict)
    if not any(st != "default" for st in stypes.values()) and not grad_stypes(symbol, stypes):
        return
    for table in (graph.arg_dict, graph.aux_dict):
        _replace(table, stypes)
    _replace(graph.grad_dict, grad_stypes(symbol, stypes, graph.output_stypes()))


def _replace(table, kinds):
    """Empty sparse arrays for the entries of `table` whose storage type in `kinds` is sparse."""
    from .base import MXNetError
    from .ndarray._sparse_ops import zeros_sparse
    for name, arr in list(table.items()):
        st = kinds.get(name, "default")
        if st == "default" or arr is None or arr.stype == st:
            continue
        if st == "csr" and len(arr.shape) != 2:
            raise MXNetError(f"Symbol.simple_bind: a csr array needs 2 dimensions; {name!r} has shape {arr.shape}")
        table[name] = zeros_sparse(st, tuple(arr.shape), arr._t.dtype, arr._t.device, arr._ctx)
