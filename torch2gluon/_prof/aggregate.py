"""`mx.profiler.dumps()`: MXNet 1.9.1's aggregate statistics table and JSON text.

Durations are kept in integer microseconds and counters as integer values, as MXNet does; they print as
float32 milliseconds (memory as kB of 1000 bytes). A counter's Total is its last value and its Avg is
(max - min) // 2, exactly as MXNet computes them.
"""
import numpy as np

_MEMORY = ("Device Storage", "Pool Memory")


def _columns(row):
    """(count, total, min, max, avg) of a row, in MXNet's units before the ms/kB division."""
    kind, count, total, lo, hi = row
    avg = (hi - lo) // 2 if kind == "c" else total / count
    return count, total, lo, hi, avg


def _ordered(rows, sort_by, ascending):
    """Rows in MXNet's heap order: by the sort column, ties by name, both descending (ascending negates)."""
    col = {"total": 1, "min": 2, "max": 3, "count": 0, "avg": 4}[sort_by]
    items = [(name, _columns(row)) for name, row in rows.items() if row[0] != "i"]
    sign = -1 if ascending else 1
    return sorted(items, key=lambda it: (sign * it[1][col], it[0]), reverse=True)


def _f32(v, memory):
    return float(np.float32(v / 1000.0))


def _g(v):
    """C++ ostream's default output of a float (6 significant digits)."""
    return f"{v:g}"


def table(agg, sort_by, ascending):
    """The text table (empty string when aggregate statistics are off, as MXNet returns)."""
    if agg is None:
        return ""
    out = ["", "Profile Statistics:", "\tNote the difference in units for different entries."]
    for cat in sorted(agg):
        memory = cat in _MEMORY
        out += [cat, "================="]
        if memory:
            out.append("Name".ljust(25) + "Total Count".rjust(16) + " " + "Min Use  (kB)".rjust(16) + " "
                       + "Max Use  (kB)".rjust(16) + " " + "Avg Use  (kB)".rjust(16))
            out.append("----".ljust(25) + "-----------".rjust(16) + " " + " ".join(["-------------".rjust(16)] * 3))
        else:
            out.append("Name".ljust(25) + "Total Count".rjust(16) + " " + "Time (ms)".rjust(16) + " "
                       + "Min Time (ms)".rjust(16) + " " + "Max Time (ms)".rjust(16) + " "
                       + "Avg Time (ms)".rjust(16))
            out.append("----".ljust(25) + "-----------".rjust(16) + " " + "---------".rjust(16) + " "
                       + " ".join(["-------------".rjust(16)] * 3))
        for name, (count, total, lo, hi, avg) in _ordered(agg[cat], sort_by, ascending):
            vals = ([] if memory else [total]) + [lo, hi, avg]
            out.append(name.ljust(25) + str(count).rjust(16) + " "
                       + " ".join(f"{_f32(v, memory):.4f}".rjust(16) for v in vals))
        out.append("")
    return "\n".join(out) + "\n"


def as_json(agg, sort_by, ascending):
    """The JSON text, laid out as MXNet writes it."""
    time_parts, mem_parts = [], []
    for cat in sorted(agg or {}):
        memory = cat in _MEMORY
        entries = []
        for name, (count, total, lo, hi, avg) in _ordered(agg[cat], sort_by, ascending):
            fields = [("Count", str(count))] + ([] if memory else [("Total", _g(_f32(total, memory)))]) + [
                ("Min", _g(_f32(lo, memory))), ("Max", _g(_f32(hi, memory))), ("Avg", _g(_f32(avg, memory)))]
            body = ",\n".join(f'                "{k}": {v}' for k, v in fields)
            entries.append(f'            "{name}": {{\n{body}\n            }}\n')
        block = f'        "{cat}": {{\n' + "            ,\n".join(entries) + "        }\n"
        (mem_parts if memory else time_parts).append(block)
    return ("{\n    \"Time\": {\n" + "        ,\n".join(time_parts) + "    }\n    ,\n    \"Memory\": {\n"
            + "        ,\n".join(mem_parts) + "    }\n,\n    \"Unit\": {\n        \"Time\": \"ms\",\n"
            "        \"Memory\": \"kB\"\n    }\n}\n")
