"""Symbolic control flow: `sym.contrib.foreach`, `while_loop` and `cond` build MXNet 1.9.1's `_foreach`,
`_while_loop` and `_cond` nodes, and graph_exec runs them.

Building follows MXNet. The user's function runs on fresh variables inside
`AttrScope(__subgraph_name__=<unique name>)`, so every node it creates carries that name. Its outputs form
the node's subgraph. Inputs of subgraph nodes that come from outside (symbols the function closes over)
are cut: in the subgraph they become a variable named after the outer output (`<node>_output`, or a
variable's own name), and the outer symbol becomes an input of the node. Variables created inside the
function (e.g. a cell's weights) are inputs too. The `*_locs` attributes say where each node input sits
among a subgraph's inputs, as in MXNet's JSON (subgraphs are nested under the node's `subgraphs`).

Running evaluates the subgraphs with torch2gluon's operators: per slice of axis 0 (`_foreach`), while the
condition subgraph holds and fewer than `max_iterations` steps ran (`_while_loop`; step outputs are
stacked and padded with zeros up to `max_iterations`), or one branch (`_cond`). Autograd records through
them like any other operator.
"""
import copy

import torch

from ..attribute import AttrScope
from ..base import MXNetError
from .symbol import Group, Symbol, _Node, _auto_name, _scoped_attrs, make_op, var

__all__ = ["foreach", "while_loop", "cond", "bind_control_flow"]

_TAG = "__subgraph_name__"


# ---------------------------------------------------------------------------------------------- building
def _flatten(args, what):
    """Nested lists of Symbols -> (flat list, format); a multi-output Symbol counts as a list of its outputs."""
    if isinstance(args, Symbol):
        if len(args._outputs) > 1:
            return [Symbol([o]) for o in args._outputs], len(args._outputs)
        return [args], 0
    if not isinstance(args, (list, tuple)):
        raise AssertionError(f"{what} must be (nested) list of Symbol, but got {args!r} of type {type(args)}")
    flat, fmts = [], []
    for a in args:
        f, fmt = _flatten(a, what)
        flat.extend(f)
        fmts.append(fmt)
    return flat, fmts


def _regroup(args, fmt):
    """Inverse of `_flatten`: (nested structure, remaining items)."""
    if isinstance(fmt, int):
        if fmt == 0:
            return args[0], args[1:]
        return list(args[:fmt]), args[fmt:]
    out = []
    for f in fmt:
        item, args = _regroup(args, f)
        out.append(item)
    return out, args


def _uniq_name(sym):
    node, index = sym._outputs[0]
    return f"{node.name}-{index}"


def _subgraph_name(name):
    """A unique subgraph name (nested under the enclosing subgraph's, joined by '$'), counted as MXNet does."""
    outer = AttrScope._active()._attr.get(_TAG, "")
    if outer:
        name = f"{outer}${name}"
    AttrScope._subgraph_names[name] += 1
    return name + str(AttrScope._subgraph_names[name] - 1)


def _tag(sym):
    return sym._outputs[0][0].attrs.get(_TAG, "")


def _outputs_graph(outputs, name, states=(), distinct_states=False):
    """Group the function's outputs; an output that is an input variable or was built outside the subgraph
    (or, for foreach, a state that is also an output) goes through `identity`, as subgraph outputs must be
    nodes of the subgraph distinct from its inputs. Call inside the subgraph's AttrScope."""
    inputs = set(Group(list(outputs) + list(states)).list_inputs()) if list(outputs) + list(states) else set()
    out_names = {o.name for o in outputs}
    flat = [make_op("identity", [o], {}) if o.name in inputs or _tag(o) != name else o for o in outputs]
    for s in states:
        copy_it = s.name in inputs or _tag(s) != name or (distinct_states and s.name in out_names)
        flat.append(make_op("identity", [s], {}) if copy_it else s)
    return Group(flat)


def _cut(graph, name):
    """Replace every input of the subgraph's nodes that comes from outside it by a variable named after that
    output (the same output gives the same variable). Returns {variable name: outer Symbol}."""
    cut_vars, outer = {}, {}
    seen = set()
    stack = [n for n, _ in graph._outputs]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if n.attrs.get(_TAG) != name:
            continue
        for k, (src, i) in enumerate(n.inputs):
            if src.attrs.get(_TAG) == name:
                stack.append(src)
                continue
            key = (id(src), i)
            if key not in cut_vars:
                sym = Symbol([(src, i)])
                vname = sym.list_outputs()[0]
                cut_vars[key] = _Node("null", vname)
                outer[vname] = sym
            n.inputs[k] = (cut_vars[key], 0)
    names = graph.list_inputs()
    if len(set(names)) != len(names):
        raise AssertionError(f"The inputs of the subgraph don't have unique names: {names}")
    return outer


def _variables(graph):
    return {n.name: Symbol([(n, 0)]) for n in graph._topo() if n.op == "null"}


def _attr(value):
    return str(value) if not isinstance(value, str) else value


def _node(op, subgraphs, inputs, attrs):
    attrs = {k: _attr(v) for k, v in attrs.items()}
    attrs["num_args"] = str(len(inputs) + len(subgraphs))
    attrs.update(_scoped_attrs(None))
    n_out = int(attrs["num_outputs"])
    node = _Node(op, _auto_name(None, op), attrs, [s._outputs[0] for s in inputs], n_out, list(subgraphs))
    return Symbol([(node, i) for i in range(n_out)])


def _check_symbols(items, msg):
    if not all(isinstance(x, Symbol) for x in items):
        raise AssertionError(msg)


def foreach(body, data, init_states, name="foreach"):
    """Symbolic for loop over axis 0 of `data`: `out, states = body(data_slice, states)` per step; returns
    (outputs stacked over the steps, final states), keeping the structure `body` returns."""
    flat_data, data_fmt = _flatten(data, "foreach input")
    flat_states, state_fmt = _flatten(init_states, "foreach states")
    name = _subgraph_name(name)
    with AttrScope(**{_TAG: name}):
        in_vars, _ = _regroup([var(_uniq_name(s)) for s in flat_data], data_fmt)
        st_vars, _ = _regroup([var(_uniq_name(s)) for s in flat_states], copy.deepcopy(state_fmt))
        sym_out, sym_states = body(in_vars, st_vars)
        sym_out, out_fmt = _flatten(sym_out, "foreach output")
        sym_states, new_state_fmt = _flatten(sym_states, "foreach loop_vars")
        if state_fmt != new_state_fmt:
            raise AssertionError("The input and output loop_vars have different format")
        num_out_data, num_states = len(sym_out), len(sym_states)
        graph = _outputs_graph(sym_out, name, sym_states, distinct_states=True)
    cut = _cut(graph, name)
    names = graph.list_inputs()
    variables = _variables(graph)
    data_names = [_uniq_name(s) for s in flat_data]
    state_names = [_uniq_name(s) for s in flat_states]
    if any(d not in names for d in data_names):
        raise AssertionError("the data arrays have to be used in the loop body")
    if any(s not in names for s in state_names):
        raise AssertionError("the state arrays have to be used in the loop body")
    inputs = list(flat_data) + list(flat_states)
    remain_locs = []
    for k, n in enumerate(names):
        if n in cut:
            inputs.append(cut[n])
        elif n not in data_names and n not in state_names:
            inputs.append(copy.deepcopy(variables[n]))  # a variable made inside the body: the node's own copy
        else:
            continue
        remain_locs.append(k)
    ret = _node("_foreach", [graph], inputs, {
        "num_outputs": num_out_data + num_states, "num_out_data": num_out_data,
        "in_state_locs": [names.index(s) for s in state_names],
        "in_data_locs": [names.index(d) for d in data_names], "remain_locs": remain_locs})
    outs, _ = _regroup([ret[i] for i in range(num_out_data)], out_fmt)
    states, _ = _regroup([ret[num_out_data + i] for i in range(num_states)], state_fmt)
    return outs, states


def _to_int(value, what):
    if hasattr(value, "asscalar"):
        value = value.asscalar()
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"Cannot convert {what} to python int") from None


def _union_inputs(graphs, known):
    """Inputs of the node for several subgraphs: `known(name)` gives a Symbol already decided (loop vars),
    else the cut outer symbol, else a copy of a variable made inside. Returns (inputs, per-graph locs)."""
    inputs, loc_of, locs = [], {}, []
    for graph, sub in graphs:
        cut = _cut(graph, sub)
        variables = _variables(graph)
        input_locs = []
        for n in graph.list_inputs():
            sym = known(n, inputs)
            if sym is None:
                sym = cut[n] if n in cut else copy.deepcopy(variables[n])
            if id(sym) not in loc_of:
                loc_of[id(sym)] = len(inputs)
                inputs.append(sym)
            input_locs.append(loc_of[id(sym)])
        locs.append(input_locs)
    return inputs, locs


def while_loop(cond, func, loop_vars, max_iterations=None, name="while_loop"):  # pylint: disable=redefined-outer-name
    """Symbolic while loop: while `cond(*vars)` and fewer than `max_iterations` steps,
    `step_output, vars = func(*vars)`; returns (step outputs stacked to `max_iterations` rows, final vars)."""
    flat_lv, lv_fmt = _flatten(loop_vars, "while loop_vars")
    _check_symbols(flat_lv, "loop_vars should be a symbol or a nested list of symbols")
    if max_iterations is None:
        raise ValueError("max_iterations should be specified")
    max_iterations = _to_int(max_iterations, "max_iteration")
    if len(loop_vars) == 0:
        raise ValueError("loop_vars should contain at least one element")

    def cond_body(vs):
        result = cond(*vs)
        if not isinstance(result, Symbol):
            raise ValueError("Return of cond must be a Symbol")
        return [], [result], []

    def func_body(vs):
        step_output, new_vars = func(*vs)
        step_output = [] if step_output is None else step_output
        new_vars = [] if new_vars is None else new_vars
        step_output, out_fmt = _flatten(list(step_output) if isinstance(step_output, tuple) else step_output,
                                        "while output")
        new_vars, _ = _flatten(list(new_vars) if isinstance(new_vars, tuple) else new_vars, "while loop_vars")
        if len(new_vars) != len(flat_lv):
            raise ValueError("The number of loop_vars should be consistent during the loop")
        return step_output, new_vars, out_fmt

    def subgraph(body, sub):
        sub = _subgraph_name(sub)
        with AttrScope(**{_TAG: sub}):
            vs, _ = _regroup([var(_uniq_name(s)) for s in flat_lv], lv_fmt)
            outputs, final, out_fmt = body(vs)
            graph = _outputs_graph(list(outputs) + list(final), sub)
        return graph, sub, len(outputs), len(outputs) + len(final), out_fmt

    cond_g, cond_sub, _, _, _ = subgraph(cond_body, name + "_cond")
    func_g, func_sub, num_out_data, num_outputs, out_fmt = subgraph(func_body, name + "_func")
    by_name = {_uniq_name(s): (j, s) for j, s in enumerate(flat_lv)}
    inputs, (cond_locs, func_locs) = _union_inputs(
        [(cond_g, cond_sub), (func_g, func_sub)], lambda n, _: by_name[n][1] if n in by_name else None)
    func_names = func_g.list_inputs()
    var_locs = [func_names.index(_uniq_name(s)) if _uniq_name(s) in func_names else -1 for s in flat_lv]
    for i, loc in enumerate(var_locs, 1):
        if loc == -1:
            raise ValueError(f"The {i}-th loop_var doesn't involve into the computation")
    ret = _node("_while_loop", [cond_g, func_g], inputs, {
        "max_iterations": max_iterations, "cond_input_locs": cond_locs, "func_input_locs": func_locs,
        "func_var_locs": var_locs, "num_out_data": num_out_data, "num_outputs": num_outputs})
    outputs, _ = _regroup([ret[i] for i in range(num_out_data)], out_fmt)
    final, _ = _regroup([ret[i] for i in range(num_out_data, num_outputs)], lv_fmt)
    return outputs, final


def cond(pred, then_func, else_func, name="cond"):
    """Symbolic if-then-else: the outputs of `then_func()` where the scalar `pred` is true, else of
    `else_func()` (both must give the same number of outputs)."""
    def subgraph(body, sub):
        sub = _subgraph_name(sub)
        with AttrScope(**{_TAG: sub}):
            outputs, fmt = _flatten(body(), "cond outputs")
            graph = _outputs_graph(outputs, sub)
        return graph, sub, len(outputs), fmt

    pred_g, pred_sub, n_pred, _ = subgraph(lambda: pred, name + "_pred")
    if n_pred != 1:
        raise ValueError("pred should always be a single output")
    then_g, then_sub, n_then, then_fmt = subgraph(then_func, name + "_then")
    else_g, else_sub, n_else, _ = subgraph(else_func, name + "_else")
    if n_then != n_else:
        raise ValueError("Number of outputs differs between then-branch and else-branch")

    def known(n, inputs):  # an input of an earlier subgraph with this name is shared
        for s in inputs:
            if s.name == n:
                return s
        return None
    inputs, (pred_locs, then_locs, else_locs) = _union_inputs(
        [(pred_g, pred_sub), (then_g, then_sub), (else_g, else_sub)], known)
    ret = _node("_cond", [pred_g, then_g, else_g], inputs, {
        "cond_input_locs": pred_locs, "then_input_locs": then_locs, "else_input_locs": else_locs,
        "num_outputs": n_then})
    outputs, _ = _regroup([ret[i] for i in range(n_then)], then_fmt)
    return outputs


# ---------------------------------------------------------------------------------------------- running
def _runner(graph):
    """Evaluate `graph` with the arrays of its inputs (in list_inputs order)."""
    from .graph_exec import run_graph
    names = graph.list_inputs()

    def run(values):
        return run_graph(graph, dict(zip(names, values)))
    return run, len(names)


def _truth(value, what):
    from ..ndarray import NDArray
    if isinstance(value, NDArray):
        if value.size != 1:
            raise MXNetError(f"{what}: the condition must be a scalar, got shape {value.shape}")
        return bool(value.asscalar())
    return bool(value)


def _stack(steps, rows=None):
    """Stack per-step NDArrays along a new axis 0, zero-padded to `rows`."""
    from ..ndarray.ndarray import tensor_of, wrap
    t = torch.stack([tensor_of(x) for x in steps])
    if rows is not None and rows > t.shape[0]:
        pad = torch.zeros((rows - t.shape[0],) + tuple(t.shape[1:]), dtype=t.dtype, device=t.device)
        t = torch.cat([t, pad])
    return wrap(t)


def _locs(attrs, key):
    value = attrs.get(key, [])
    return [int(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


def bind_control_flow(node):
    """The callable running a `_foreach`, `_while_loop` or `_cond` node on its input arrays."""
    from .graph_exec import parse_attr
    attrs = {k: parse_attr(v) for k, v in node.attrs.items()}
    need = {"_foreach": 1, "_while_loop": 2, "_cond": 3}.get(node.op)
    if need is None:
        raise MXNetError(f"Operator {node.op!r} with subgraphs is not supported by torch2gluon")
    if not node.subgraphs or len(node.subgraphs) != need:
        raise MXNetError(f"{node.name}: {node.op} needs {need} subgraph(s), the graph has "
                         f"{len(node.subgraphs or [])}")
    return {"_foreach": _bind_foreach, "_while_loop": _bind_while, "_cond": _bind_cond}[node.op](node, attrs)


def _bind_foreach(node, attrs):
    run, n_in = _runner(node.subgraphs[0])
    data_locs, state_locs = _locs(attrs, "in_data_locs"), _locs(attrs, "in_state_locs")
    remain_locs = _locs(attrs, "remain_locs")
    n_out_data = int(attrs["num_out_data"])

    def foreach_node(*args):
        n_data, n_states = len(data_locs), len(state_locs)
        data, states = args[:n_data], list(args[n_data:n_data + n_states])
        values = [None] * n_in
        for loc, v in zip(remain_locs, args[n_data + n_states:]):
            values[loc] = v
        steps = []
        for t in range(data[0].shape[0]):
            for loc, d in zip(data_locs, data):
                values[loc] = d[t]
            for loc, s in zip(state_locs, states):
                values[loc] = s
            res = run(values)
            steps.append(res[:n_out_data])
            states = res[n_out_data:]
        return [_stack([s[k] for s in steps]) for k in range(n_out_data)] + list(states)
    return foreach_node


def _bind_while(node, attrs):
    run_cond, _ = _runner(node.subgraphs[0])
    run_func, _ = _runner(node.subgraphs[1])
    cond_locs, func_locs = _locs(attrs, "cond_input_locs"), _locs(attrs, "func_input_locs")
    var_at = [func_locs[v] for v in _locs(attrs, "func_var_locs")]  # node input holding each loop var
    max_iterations, n_out_data = int(attrs["max_iterations"]), int(attrs["num_out_data"])

    def while_node(*args):
        cur = list(args)
        steps = []
        while len(steps) < max_iterations:
            if not _truth(run_cond([cur[i] for i in cond_locs])[0], node.name):
                break
            res = run_func([cur[i] for i in func_locs])
            steps.append(res[:n_out_data])
            for i, v in zip(var_at, res[n_out_data:]):
                cur[i] = v
        if not steps and n_out_data:  # no step ran: one evaluation gives the outputs' shapes and dtypes
            from .. import autograd
            with autograd.pause():
                probe = run_func([cur[i] for i in func_locs])[:n_out_data]
            outs = [_zeros_rows(p, max_iterations) for p in probe]
        else:
            outs = [_stack([s[k] for s in steps], max_iterations) for k in range(n_out_data)]
        return outs + [cur[i] for i in var_at]
    return while_node


def _zeros_rows(template, rows):
    from ..ndarray.ndarray import tensor_of, wrap
    t = tensor_of(template)
    return wrap(torch.zeros((rows,) + tuple(t.shape), dtype=t.dtype, device=t.device))


def _bind_cond(node, attrs):
    run_pred, _ = _runner(node.subgraphs[0])
    run_then, _ = _runner(node.subgraphs[1])
    run_else, _ = _runner(node.subgraphs[2])
    pred_locs, then_locs = _locs(attrs, "cond_input_locs"), _locs(attrs, "then_input_locs")
    else_locs = _locs(attrs, "else_input_locs")

    def cond_node(*args):
        if _truth(run_pred([args[i] for i in pred_locs])[0], node.name):
            return run_then([args[i] for i in then_locs])
        return run_else([args[i] for i in else_locs])
    return cond_node


# ---------------------------------------------------------------------------------------------- shape inference
def _feeds(node, attrs):
    """Per subgraph: (subgraph, [(input position, node input index, sliced on axis 0)])."""
    if node.op == "_foreach":
        data, states = _locs(attrs, "in_data_locs"), _locs(attrs, "in_state_locs")
        remain = _locs(attrs, "remain_locs")
        feeds = [(loc, j, True) for j, loc in enumerate(data)]
        feeds += [(loc, len(data) + j, False) for j, loc in enumerate(states)]
        feeds += [(loc, len(data) + len(states) + j, False) for j, loc in enumerate(remain)]
        return [(node.subgraphs[0], feeds)]
    keys = {"_while_loop": ("cond_input_locs", "func_input_locs"),
            "_cond": ("cond_input_locs", "then_input_locs", "else_input_locs")}[node.op]
    return [(g, [(p, i, False) for p, i in enumerate(_locs(attrs, key))]) for g, key in zip(node.subgraphs, keys)]


def _input_shapes(node, attrs, args):
    """{node input index: shape} for the missing (None) `args` that a subgraph's consumers size."""
    from .graph_exec import run_graph
    from .partial_shape import ShapeUnknown
    from .. import ndarray as nd

    def provide(name, shape):
        if shape is None or not all(int(d) > 0 for d in shape):
            raise ShapeUnknown(name)
        return nd.zeros(tuple(int(d) for d in shape))
    found = {}
    for graph, feeds in _feeds(node, attrs):
        names = graph.list_inputs()
        values, wanted = {}, {}
        for pos, idx, sliced in feeds:
            if args[idx] is None:
                wanted[names[pos]] = idx
            else:
                values[names[pos]] = args[idx][0] if sliced else args[idx]
        if not wanted:
            continue
        seen, discovered = {}, {}
        try:
            run_graph(graph, values, param_provider=provide, partial=True, seen=seen, discovered=discovered)
        except MXNetError:
            pass
        for name, idx in wanted.items():
            shape = discovered.get(name)
            if shape is None and name in seen and hasattr(seen[name], "_t"):
                shape = tuple(int(d) for d in seen[name].shape)
            if shape is not None and all(int(d) > 0 for d in shape):
                found.setdefault(idx, tuple(shape))
    return found


def discover_inputs(node, args, discovered):
    """Shape inference: give `discovered` the shapes of outer variables of unknown shape feeding a control-flow
    node that its subgraphs' consumers decide (as MXNet infers shapes through subgraphs). Inputs with unknown
    sizes are probed at two sizes; a shape that depends on them is not reported."""
    from . import partial_shape as ps
    from .graph_exec import parse_attr
    attrs = {k: parse_attr(v) for k, v in node.attrs.items()}
    if not node.subgraphs or not any(isinstance(a, ps.Unknown) and node.inputs[k][0].op == "null"
                                     for k, a in enumerate(args)):
        return
    found = None
    for size in (2, 3):
        concrete = [None if isinstance(a, ps.Unknown) else a.probe({}, size) if isinstance(a, ps.Lazy) else a
                    for a in args]
        shapes = _input_shapes(node, attrs, concrete)
        found = shapes if found is None else {k: v for k, v in found.items() if shapes.get(k) == v}
    for k, shape in found.items():
        src = node.inputs[k][0]
        if src.op == "null":
            discovered[src.name] = shape
