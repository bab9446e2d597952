"""`mx.viz`: a text summary of a Symbol graph (`print_summary`) and a Graphviz drawing of it (`plot_network`).

Both read the graph as MXNet 1.9.1 does, from `symbol.tojson()` (node order, attribute strings), and the
shapes from `get_internals().infer_shape(...)`. `print_summary` prints the same table as MXNet, including its
parameter counts (Convolution, FullyConnected, BatchNorm, Embedding only) and its quirks: only the first
graph variable is listed, and an input counts as a "previous layer" when it is an operator or when its node
index appears in the first head entry. `plot_network` needs the `graphviz` Python package (ImportError
otherwise, as MXNet) and returns a `graphviz.Digraph`; rendering it needs Graphviz's `dot` program.
"""
import copy
import json
import re
import warnings

from .symbol import Symbol

__all__ = ["print_summary", "plot_network"]

_WEIGHT_SUFFIXES = ('_weight', '_bias', '_beta', '_gamma',
                    '_moving_var', '_moving_mean', '_running_var', '_running_mean')
_COLORS = ("#8dd3c7", "#fb8072", "#ffffb3", "#bebada", "#80b1d3", "#fdb462", "#b3de69", "#fccde5")


def _ints(text):
    """The digit groups of a shape attribute string: '(3, 3)' -> ['3', '3']."""
    return re.findall(r"\d+", text)


def _graph(symbol):
    conf = json.loads(symbol.tojson())
    return conf["nodes"], conf["heads"]


def _output_shapes(symbol, shape):
    internals = symbol.get_internals()
    _, out_shapes, _ = internals.infer_shape(**shape)
    if out_shapes is None:
        raise ValueError("Input shape is incomplete")
    return dict(zip(internals.list_outputs(), out_shapes))


def _row(fields, positions):
    """One table line: each field written from the previous column stop, cut and padded to its own stop."""
    line = ''
    for field, stop in zip(fields, positions):
        line = (line + str(field))[:stop]
        line = line.ljust(stop)
    print(line)


def _param_count(node, pre_filter, shapes):
    """Parameters of one operator node, counted the way MXNet's print_summary counts them."""
    op, attrs = node["op"], node.get("attrs", {})
    if op == 'Convolution':
        count = pre_filter * int(attrs["num_filter"]) // int(attrs.get('num_group', '1'))
        for k in _ints(attrs["kernel"]):
            count *= int(k)
        if attrs.get("no_bias") != 'True':
            count += int(attrs["num_filter"])
        return count
    if op == 'FullyConnected':
        bias = 0 if attrs.get("no_bias") == 'True' else 1
        return (pre_filter + bias) * int(attrs["num_hidden"])
    if op == 'BatchNorm':
        return int(shapes[node["name"] + "_output"][1]) * 2 if shapes is not None else 0
    if op == 'Embedding':
        return int(attrs['input_dim']) * int(attrs['output_dim'])
    return 0


def print_summary(symbol, shape=None, line_length=120, positions=[.44, .64, .74, 1.]):  # pylint: disable=dangerous-default-value
    """Print a layer table of `symbol` (name, output shape, parameter count, previous layers)."""
    if not isinstance(symbol, Symbol):
        raise TypeError("symbol must be Symbol")
    shapes = _output_shapes(symbol, shape) if shape is not None else None
    nodes, heads = _graph(symbol)
    first_head = set(heads[0])
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]

    def shape_of(node, lookup):
        key = node["name"] + "_output" if node["op"] != "null" else node["name"]
        return lookup.get(key)

    print('_' * line_length)
    _row(['Layer (type)', 'Output Shape', 'Param #', 'Previous Layer'], positions)
    print('=' * line_length)
    total = 0
    for i, node in enumerate(nodes):
        if node["op"] == "null" and i > 0:
            continue
        out_shape = []
        if shapes is not None and (node["op"] != "null" or i in first_head):
            found = shape_of(node, shapes)
            if found is not None:
                out_shape = found[1:]
        previous, pre_filter = [], 0
        if node["op"] != "null":
            for entry in node["inputs"]:
                src = nodes[entry[0]]
                if src["op"] != "null" or entry[0] in first_head:
                    previous.append(src["name"])
                    if shapes is not None:
                        found = shape_of(src, shapes)
                        if found is not None:
                            pre_filter += int(found[1:][0])
        params = _param_count(node, pre_filter, shapes)
        _row([node['name'] + '(' + node["op"] + ')', "x".join(str(x) for x in out_shape), params,
              previous[0] if previous else ''], positions)
        for name in previous[1:]:
            _row(['', '', '', name], positions)
        total += params
        print(('=' if i == len(nodes) - 1 else '_') * line_length)
    print("Total params: {params}".format(params=total))
    print('_' * line_length)


def _node_style(node, base):
    """Graphviz label and attributes of one node, as MXNet draws it."""
    op, name, attrs = node["op"], node["name"], node.get("attrs", {})
    style = copy.deepcopy(base)
    label = name
    if op == "null":
        style["shape"] = "oval"
        style["fillcolor"] = _COLORS[0]
    elif op == "Convolution":
        stride = "x".join(_ints(attrs["stride"])) if "stride" in attrs else "1"
        label = "Convolution\n{}/{}, {}".format("x".join(_ints(attrs["kernel"])), stride, attrs["num_filter"])
        style["fillcolor"] = _COLORS[1]
    elif op == "FullyConnected":
        label = "FullyConnected\n{}".format(attrs["num_hidden"])
        style["fillcolor"] = _COLORS[1]
    elif op == "BatchNorm":
        style["fillcolor"] = _COLORS[3]
    elif op == "Activation":
        label = "Activation\n{}".format(attrs["act_type"])
        style["fillcolor"] = _COLORS[2]
    elif op == "LeakyReLU":
        label = "LeakyReLU\n{}".format(attrs.get("act_type", "Leaky") if attrs else "Leaky")
        style["fillcolor"] = _COLORS[2]
    elif op == "Pooling":
        kernel = "x".join(_ints(attrs["kernel"])) if "kernel" in attrs else "[]"
        stride = "x".join(_ints(attrs["stride"])) if "stride" in attrs else "1"
        label = "Pooling\n{}, {}/{}".format(attrs["pool_type"], kernel, stride)
        style["fillcolor"] = _COLORS[4]
    elif op in ("Concat", "Flatten", "Reshape"):
        style["fillcolor"] = _COLORS[5]
    elif op == "Softmax":
        style["fillcolor"] = _COLORS[6]
    else:
        style["fillcolor"] = _COLORS[7]
        if op == "Custom":
            label = attrs["op_type"]
    return label, style


def _edge_key(src):
    """The internals output name MXNet looks up for an edge from node `src` (last output if several)."""
    if src["op"] == "null":
        return src["name"]
    key = src["name"] + "_output"
    if "num_outputs" in src.get("attrs", {}):
        key += str(int(src["attrs"]["num_outputs"]) - 1)
    return key


def plot_network(symbol, title="plot", save_format='pdf', shape=None, dtype=None, node_attrs={},  # pylint: disable=dangerous-default-value
                 hide_weights=True):
    """A `graphviz.Digraph` of `symbol` (edges labelled with shapes / dtypes when `shape` / `dtype` given)."""
    try:
        from graphviz import Digraph
    except ImportError:
        raise ImportError("Draw network requires graphviz library") from None
    if not isinstance(symbol, Symbol):
        raise TypeError("symbol must be a Symbol")
    internals = symbol.get_internals()
    shapes = _output_shapes(symbol, shape) if shape is not None else None
    types = None
    if dtype is not None:
        _, out_types, _ = internals.infer_type(**dtype)
        if out_types is None:
            raise ValueError("Input type is incomplete")
        types = dict(zip(internals.list_outputs(), out_types))
    nodes, _ = _graph(symbol)
    names = [n["name"] for n in nodes]
    if len(names) != len(set(names)):
        seen, repeated = set(), set()
        for n in names:
            (repeated if n in seen else seen).add(n)
        warnings.warn("There are multiple variables with the same name in your graph, this may result in "
                      "cyclic graph. Repeated names: " + ','.join(repeated), RuntimeWarning)
    base = {"shape": "box", "fixedsize": "true", "width": "1.3", "height": "0.8034", "style": "filled"}
    base.update(node_attrs)
    dot = Digraph(name=title, format=save_format)
    hidden = set()
    for node in nodes:
        if node["op"] == "null" and node["name"].endswith(_WEIGHT_SUFFIXES):
            if hide_weights:
                hidden.add(node["name"])
            continue
        label, style = _node_style(node, base)
        dot.node(name=node["name"], label=label, **style)
    for node in nodes:
        if node["op"] == "null":
            continue
        inputs = node["inputs"][:1] if node["op"] == '_contrib_BilinearResize2D' else node["inputs"]
        for entry in inputs:
            src = nodes[entry[0]]
            if src["name"] in hidden:
                continue
            edge = {"dir": "back", 'arrowtail': 'open', 'label': ''}
            key = _edge_key(src)
            if shapes is not None:
                edge["label"] = "x".join(str(x) for x in shapes[key][1:])
            if types is not None:
                edge["label"] += '(' + types[key].__name__ + ')'
            dot.edge(tail_name=node["name"], head_name=src["name"], **edge)
    return dot
