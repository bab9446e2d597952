"""`Symbol.debug_str()`: MXNet's text dump of a graph (nnvm's Symbol::Print), built from the symbol's JSON.

A single variable prints as `Variable:<name>`; a single operator without inputs as `AtomicFunctor  Op:<op>`;
anything else lists the outputs, then every node in depth-first post-order: variables by name, operators
with their inputs (`arg[i]=<node>(<output index>)`, plus ` version=<v>` for variables: 1 for auxiliary states
an operator updates) and their attributes sorted by key.
"""
import json

__all__ = ["debug_str"]


def debug_str(sym):
    """The graph of `sym` as MXNet 1.9.1's Symbol.debug_str prints it."""
    conf = json.loads(sym.tojson())
    nodes, heads = conf["nodes"], conf["heads"]
    if len(heads) == 1 and not nodes[heads[0][0]]["inputs"]:
        node = nodes[heads[0][0]]
        if node["op"] == "null":
            return "Variable:%s\n" % node["name"]
        return "AtomicFunctor  Op:%s\n" % node["op"]
    lines = ["Symbol Outputs:"]
    lines += ["\toutput[%d]=%s(%d)" % (i, nodes[nid]["name"], idx) for i, (nid, idx, *_) in enumerate(heads)]
    for node in nodes:
        if node["op"] == "null":
            lines.append("Variable:%s" % node["name"])
            continue
        lines += ["--------------------", "Op:%s, Name=%s" % (node["op"], node["name"]), "Inputs:"]
        for i, entry in enumerate(node["inputs"]):
            src = nodes[entry[0]]
            arg = "\targ[%d]=%s(%d)" % (i, src["name"], entry[1])
            if src["op"] == "null":
                arg += " version=%d" % (entry[2] if len(entry) > 2 else 0)
            lines.append(arg)
        attrs = node.get("attrs") or {}
        if attrs:
            lines.append("Attrs:")
            lines += ["\t%s=%s" % (k, attrs[k]) for k in sorted(attrs)]
    return "\n".join(lines) + "\n"
