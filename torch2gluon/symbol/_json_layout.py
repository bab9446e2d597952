"""MXNet's exact text layout of a graph's JSON (`Symbol.tojson()` / `Symbol.save`), as dmlc's JSONWriter writes it.

The layout rules, observed on MXNet 1.9.1:
- the graph and every node are objects written one key per line, 2 spaces of indent per nesting level;
  a string->string map (a node's "attrs", the graph's "attrs") is written on one line when it has at most
  one entry;
- an array of plain values (ints, or [node, index, version] entries) is written on one line when it has at
  most 10 elements, else one element per line; arrays of objects (nodes, subgraphs) always one per line;
  an entry and a typed value such as ["int", 10901] are always on one line;
- separators are ", " also at line ends (so lines end with a space);
- strings escape only \\r \\n \\t \\\\ and \\" (other characters, non-ASCII included, are written as is).
"""

__all__ = ["dumps"]

_ESC = {"\r": "\\r", "\n": "\\n", "\t": "\\t", "\\": "\\\\", '"': '\\"'}


def _str(s):
    return '"' + "".join(_ESC.get(c, c) for c in s) + '"'


def _is_struct(d):
    return "nodes" in d or ("op" in d and "inputs" in d)


def _inline_list(v):
    """Whether dmlc writes list `v` on one line (plain values: at most 10; typed values and entries: always)."""
    if v and isinstance(v[0], str):          # a typed value such as ["int", 10901]
        return True
    if all(isinstance(x, int) for x in v):   # an entry [node, index, version] or a short list of ints
        return len(v) <= 10
    if all(isinstance(x, list) for x in v):  # a list of entries
        return len(v) <= 10
    return False                             # objects (nodes, subgraphs)


def _write(v, depth, out):
    if isinstance(v, str):
        out.append(_str(v))
    elif isinstance(v, bool):
        out.append("true" if v else "false")
    elif isinstance(v, (int, float)):
        out.append(repr(v))
    elif isinstance(v, dict):
        multi = _is_struct(v) or len(v) > 1
        _seq([(k, x) for k, x in v.items()], "{", "}", multi, depth, out, keyed=True)
    elif isinstance(v, (list, tuple)):
        v = list(v)
        _seq([(None, x) for x in v], "[", "]", not _inline_list(v), depth, out, keyed=False)
    else:
        raise TypeError(f"tojson: cannot write {type(v).__name__}")


def _seq(items, open_, close, multi, depth, out, keyed):
    out.append(open_)
    for i, (k, x) in enumerate(items):
        if i:
            out.append(", ")
        if multi:
            out.append("\n" + "  " * (depth + 1))
        if keyed:
            out.append(_str(k) + ": ")
        _write(x, depth + 1, out)
    if multi:
        out.append("\n" + "  " * depth)
    out.append(close)


def dumps(graph):
    """The JSON text of `graph` (MXNet's graph dict) in MXNet's layout."""
    out = []
    _write(graph, 0, out)
    return "".join(out)
