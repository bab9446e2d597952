"""The Chrome-trace file `mx.profiler.dump()` writes, in MXNet 1.9.1's layout: a `process_name` row per
device (pid = device index: cpu/0.., gpu/0.., 'cpu pinned/', 'cpu shared/') and per category (pid =
std::hash of its name); operators as B/E on their device and b/e (id = thread) under 'operator'; tasks b/e,
frames ( ), events B/E, counters and memory C, markers n (with scope `s`); timestamps in epoch microseconds.

The first dump into a file writes the header and device rows, later dumps append, a finished dump closes
the JSON (see `write`).
"""
import json
import os

import torch

from . import state
from .hashing import str_pid

_HEADER = "{\n    \"traceEvents\": [\n"
_FOOTER = "\n\n    ],\n    \"displayTimeUnit\": \"ms\"\n}\n"


def cpu_count():
    """MXNet's number of cpu devices (the processors OpenMP sees)."""
    return os.cpu_count() or 64


def device_names():
    """MXNet's device list: cpu/i, gpu/i (32 in a CUDA build), then the pinned and shared cpu pools."""
    gpus = 32 if torch.cuda.is_available() else 0
    return ([f"cpu/{i}" for i in range(cpu_count())] + [f"gpu/{i}" for i in range(gpus)]
            + ["cpu pinned/", "cpu shared/"])


def _meta(name, pid):
    return {"ph": "M", "args": {"name": name}, "pid": pid, "name": "process_name"}


def _general(rec, pids):
    """Trace events of a record under its category's pid (with the category's process_name row the first
    time the file sees it)."""
    kind, cat, name, t0, t1, extra, tid = rec
    pid = str_pid(cat)
    out = []
    if cat not in pids:
        pids.add(cat)
        out.append(_meta(cat, pid))
    t0 = int(round(t0))
    if kind in ("op", "task"):
        out += [{"name": name, "cat": cat, "ph": "b", "ts": t0, "id": tid, "pid": pid, "tid": tid},
                {"name": name, "cat": cat, "ph": "e", "ts": int(round(t1)), "id": tid, "pid": pid, "tid": tid}]
    elif kind in ("frame", "event"):
        b, e = ("(", ")") if kind == "frame" else ("B", "E")
        out += [{"name": name, "cat": cat, "ph": b, "ts": t0, "pid": pid, "tid": tid},
                {"name": name, "cat": cat, "ph": e, "ts": int(round(t1)), "pid": pid, "tid": tid}]
    elif kind in ("counter", "memory"):
        out.append({"name": name, "cat": cat, "ph": "C", "ts": t0, "args": {name: int(t1)}, "pid": pid,
                    "tid": tid})
    elif kind == "marker":
        out.append({"name": name, "cat": cat, "ph": "n", "ts": t0, "s": extra, "pid": pid, "tid": tid})
    return out


def events(records, pids):
    """Trace events of `records`: device rows of the operators first, then every record under its category."""
    out = []
    for kind, cat, name, t0, t1, dev, tid in records:
        if kind == "op":
            out += [{"name": name, "cat": cat, "ph": "B", "ts": int(round(t0)), "pid": dev, "tid": tid},
                    {"name": name, "cat": cat, "ph": "E", "ts": int(round(t1)), "pid": dev, "tid": tid}]
    for rec in records:
        out += _general(rec, pids)
    return out


def _text(evs):
    return ",\n".join(json.dumps(e, indent=4) for e in evs)


def write(finished):
    """Write the pending records to the configured file (caller holds state.LOCK).

    The first dump into the file writes the header and the device rows; later dumps append; a finished dump
    closes the JSON. A dump after a finished one reopens it: the closing is overwritten and the file stays
    valid JSON (MXNet appends after its closing brace)."""
    fname = state.CONFIG["filename"]
    f = state.FILE
    records, state.PENDING[:] = list(state.PENDING), []
    state.aggregate(records)
    first = f.get("end") is None
    evs = ([_meta(n, i) for i, n in enumerate(device_names())] if first else []) + events(records, f["pids"])
    with open(fname, "wb" if first else "r+b") as fh:
        if first:
            fh.write(_HEADER.encode())
        else:
            fh.seek(f["end"])
            fh.truncate()
        if evs:
            fh.write((("" if first else ",\n") + _text(evs)).encode())
        f["end"] = fh.tell()
        if finished:
            fh.write(_FOOTER.encode())
