"""`mx.profiler` over `torch.profiler`: MXNet's set_config/set_state/dump/dumps and user ranges.

Operators are reported under torch's kernel names (e.g. `aten::mm`), which is what actually runs.
`dump()` writes a Chrome-trace JSON (`{"traceEvents": [...], "displayTimeUnit": "ms"}`) like MXNet's.
Each stopped (or flushed) torch profile is converted to trace events and aggregate records at once, so dumps
can repeat. `dumps()` aggregates per domain as MXNet does: torch kernels under 'operator', Tasks and Frames
under their Domain's name, Events under 'event', and CPU storage under Memory / 'Device Storage' (kB).
With `continuous_dump=True` the trace file is rewritten every `dump_period` seconds while profiling runs
(MXNet appends to an unfinished JSON file instead; here the file is always complete JSON), and
`dump(finished=False)` flushes what was recorded so far without stopping.
"""
import json
import os
import tempfile
import threading
import time

import torch

from .base import MXNetError

_BOOL_KEYS = ("profile_all", "profile_symbolic", "profile_imperative", "profile_memory", "profile_api",
              "continuous_dump", "aggregate_stats")
_CONFIG = {"filename": "profile.json", "profile_all": False, "profile_symbolic": True,
           "profile_imperative": True, "profile_memory": True, "profile_api": True,
           "continuous_dump": False, "dump_period": 1.0, "aggregate_stats": False, "profile_process": "worker"}
_LOCK = threading.Lock()
_RUN = {"prof": None, "runs": [], "agg": [], "mem": [], "extra": [], "t0": time.perf_counter(), "thread": None}


def _as_bool(key, v):
    if isinstance(v, str):
        if v.lower() in ("true", "1"):
            return True
        if v.lower() in ("false", "0"):
            return False
        raise MXNetError(f"Invalid Parameter format for {key} expect boolean but value='{v}'")
    return bool(v)


def set_config(**kwargs):
    """Configure the profiler (keyword arguments only, MXNet's names)."""
    for k, v in kwargs.items():
        if k not in _CONFIG:
            raise MXNetError(f"Cannot find argument '{k}', Possible Arguments:\n----------------\n"
                             + "\n".join(_CONFIG))
        if k in _BOOL_KEYS:
            v = _as_bool(k, v)
        elif k == "dump_period":
            v = float(v)
        elif k == "profile_process" and v not in ("worker", "server"):
            raise MXNetError(f"profile_process must be 'worker' or 'server', got {v!r}")
        if k == "profile_process" and v == "server":
            raise NotImplementedError("mx.profiler.set_config: profile_process='server' is not supported "
                                      "(torch2gluon has no parameter servers)")
        _CONFIG[k] = v


def profiler_set_config(mode="symbolic", filename="profile.json"):
    """Deprecated form of `set_config`."""
    import warnings
    warnings.warn("profiler.profiler_set_config() is deprecated. Please use profiler.set_config() instead")
    set_config(profile_all=(mode == "all"), filename=filename)


def _check_process(profile_process):
    if profile_process not in ("worker", "server"):
        raise KeyError(profile_process)
    if profile_process == "server":
        raise NotImplementedError("mx.profiler: profile_process='server' is not supported")


def _start():
    acts = [torch.profiler.ProfilerActivity.CPU]
    if torch.cuda.is_available():
        acts.append(torch.profiler.ProfilerActivity.CUDA)
    prof = torch.profiler.profile(activities=acts, profile_memory=_CONFIG["profile_memory"])
    prof.__enter__()
    _RUN["prof"] = prof
    if _CONFIG["continuous_dump"] and _RUN["thread"] is None:
        _RUN["thread"] = threading.Thread(target=_periodic_dump, name="mx.profiler continuous dump", daemon=True)
        _RUN["thread"].start()


def _collect(prof):
    """Trace events and aggregate records of a finished torch profile (it can be exported only once)."""
    fd, path = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        prof.export_chrome_trace(path)
        with open(path) as f:
            _RUN["runs"].append(json.load(f).get("traceEvents", []))
    finally:
        os.unlink(path)
    for ev in prof.events():
        if getattr(ev, "is_user_annotation", False):
            continue  # Task/Frame/Event ranges: aggregated under their own domain when they stop
        _RUN["agg"].append(("operator", ev.name, ev.cpu_time_total / 1000.0))
        if _CONFIG["profile_memory"] and getattr(ev, "cpu_memory_usage", 0) > 0:
            _RUN["mem"].append(ev.cpu_memory_usage / 1024.0)


def _stop():
    prof = _RUN["prof"]
    if prof is not None:
        prof.__exit__(None, None, None)
        _RUN["prof"] = None
        _collect(prof)


def _periodic_dump():
    """continuous_dump: rewrite the trace file every dump_period seconds while profiling runs."""
    while True:
        time.sleep(max(_CONFIG["dump_period"], 0.01))
        with _LOCK:
            if not (_CONFIG["continuous_dump"] and _RUN["prof"] is not None):
                _RUN["thread"] = None
                return
            _write_trace()


def set_state(state="stop", profile_process="worker"):
    """Start ('run') or stop ('stop') collecting."""
    _check_process(profile_process)
    if state not in ("run", "stop"):
        raise KeyError(state)
    with _LOCK:
        if state == "run" and _RUN["prof"] is None:
            _start()
        elif state == "stop":
            _stop()


def profiler_set_state(state="stop"):
    """Deprecated form of `set_state`."""
    import warnings
    warnings.warn("profiler.profiler_set_state() is deprecated. Please use profiler.set_state() instead")
    set_state(state)


def pause(profile_process="worker"):
    """Stop recording until `resume()` (what happens in between is not recorded)."""
    _check_process(profile_process)
    with _LOCK:
        _stop()


def resume(profile_process="worker"):
    """Resume recording after `pause()`."""
    _check_process(profile_process)
    with _LOCK:
        if _RUN["prof"] is None:
            _start()


def _trace_events():
    return [e for run in _RUN["runs"] for e in run] + list(_RUN["extra"])


def _write_trace():
    data = {"traceEvents": _trace_events(), "displayTimeUnit": "ms"}
    fname = _CONFIG["filename"]
    tmp = fname + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f)
    os.replace(tmp, fname)


def dump(finished=True, profile_process="worker"):
    """Write everything recorded so far to the configured `filename` (Chrome trace JSON); `finished=False`
    keeps profiling (what the running profile recorded so far is flushed into the file)."""
    _check_process(profile_process)
    with _LOCK:
        running = _RUN["prof"] is not None
        _stop()
        if running and not finished:
            _start()
        _write_trace()


def dump_profile():
    """Deprecated form of `dump(True)`."""
    import warnings
    warnings.warn("profiler.dump_profile() is deprecated. Please use profiler.dump() instead")
    dump(True)


_SORT = {"total": 1, "avg": 4, "min": 2, "max": 3, "count": 0}


def _aggregate():
    """{domain: {name: (count, total, min, max)}} of the time records (ms)."""
    stats = {}
    for domain, name, ms in _RUN["agg"]:
        c, tot, lo, hi = stats.setdefault(domain, {}).get(name, (0, 0.0, float("inf"), 0.0))
        stats[domain][name] = (c + 1, tot + ms, min(lo, ms), max(hi, ms))
    return stats


def _memory():
    """{'Device Storage': {'Memory: cpu/0': (count, min use, max use, avg allocation)}} in kB."""
    if not _RUN["mem"]:
        return {}
    use, uses = 0.0, []
    for kb in _RUN["mem"]:
        use += kb
        uses.append(use)
    return {"Device Storage": {"Memory: cpu/0": (len(_RUN["mem"]), min(uses), max(uses),
                                                 sum(_RUN["mem"]) / len(_RUN["mem"]))}}


def dumps(reset=False, format="table", sort_by="total", ascending=False):  # noqa: A002 - MXNet's name
    """Aggregate statistics per domain (count and times in ms; memory in kB) as a table or JSON string."""
    assert format in ("table", "json"), f"Invalid value provided for format: {format}. Support: 'table', 'json'"
    assert sort_by in _SORT, f"Invalid value provided for sort_by: {sort_by}. " \
        "Support: 'total', 'avg', 'min', 'max', 'count'"
    assert ascending in (False, True), f"Invalid value provided for ascending: {ascending}. Support: False, True"
    assert reset in (False, True), f"Invalid value provided for reset: {reset}. Support: False, True"
    with _LOCK:
        times, memory = _aggregate(), _memory()
        if reset:
            _RUN["agg"].clear()
            _RUN["mem"].clear()

    def ordered(rows, key):
        return sorted(rows, key=key, reverse=not ascending)
    time_key = {"total": lambda r: r[2], "avg": lambda r: r[2] / r[1], "min": lambda r: r[3],
                "max": lambda r: r[4], "count": lambda r: r[1]}[sort_by]
    mem_key = {"total": lambda r: r[1], "avg": lambda r: r[4], "min": lambda r: r[2], "max": lambda r: r[3],
               "count": lambda r: r[1]}[sort_by]
    time_rows = {d: ordered([(n,) + v for n, v in items.items()], time_key) for d, items in times.items()}
    mem_rows = {d: ordered([(n,) + v for n, v in items.items()], mem_key) for d, items in memory.items()}
    if format == "json":
        return json.dumps({
            "Time": {d: {r[0]: {"Count": r[1], "Total": r[2], "Min": r[3], "Max": r[4], "Avg": r[2] / r[1]}
                         for r in time_rows[d]} for d in sorted(time_rows)},
            "Memory": {d: {r[0]: {"Count": r[1], "Min": r[2], "Max": r[3], "Avg": r[4]} for r in mem_rows[d]}
                       for d in sorted(mem_rows)},
            "Unit": {"Time": "ms", "Memory": "kB"}})
    head = "{:<30}{:>11}{:>17}{:>17}{:>17}{:>17}"
    mhead = "{:<30}{:>11}{:>17}{:>17}{:>17}"
    lines = ["", "Profile Statistics:", "\tNote the difference in units for different entries."]
    for d in sorted(set(time_rows) | set(mem_rows)):
        lines += [d, "================="]
        if d in time_rows:
            lines += [head.format("Name", "Total Count", "Time (ms)", "Min Time (ms)", "Max Time (ms)",
                                  "Avg Time (ms)"),
                      head.format("----", "-----------", "---------", "-------------", "-------------",
                                  "-------------")]
            lines += [f"{n:<30}{c:>11}{tot:>17.4f}{lo:>17.4f}{hi:>17.4f}{tot / c:>17.4f}"
                      for n, c, tot, lo, hi in time_rows[d]]
        else:
            lines += [mhead.format("Name", "Total Count", "Min Use  (kB)", "Max Use  (kB)", "Avg Use  (kB)"),
                      mhead.format("----", "-----------", "-------------", "-------------", "-------------")]
            lines += [f"{n:<30}{c:>11}{lo:>17.4f}{hi:>17.4f}{avg:>17.4f}" for n, c, lo, hi, avg in mem_rows[d]]
        lines.append("")
    return "\n".join(lines) + "\n"


def _now_us():
    return (time.perf_counter() - _RUN["t0"]) * 1e6


class Domain:
    """A named group of tasks, frames, counters and markers."""

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name

    def new_task(self, name):
        """A `Task` in this domain."""
        return Task(self, name)

    def new_frame(self, name):
        """A `Frame` in this domain."""
        return Frame(self, name)

    def new_counter(self, name, value=None):
        """A `Counter` in this domain."""
        return Counter(self, name, value)

    def new_marker(self, name):
        """A `Marker` in this domain."""
        return Marker(self, name)


class _Range:
    """A user range shown in the trace (torch.profiler.record_function between start() and stop())."""

    def __init__(self, name):
        self.name = name
        self._rf = None

    def start(self):
        """Open the range."""
        self._rf = torch.profiler.record_function(self.name)
        self._rf.__enter__()
        self._t = time.perf_counter()

    def stop(self):
        """Close the range (its duration joins the aggregate statistics of its domain while profiling)."""
        if self._rf is not None:
            self._rf.__exit__(None, None, None)
            self._rf = None
            if _RUN["prof"] is not None:
                with _LOCK:
                    _RUN["agg"].append((self._domain_name(), self.name, (time.perf_counter() - self._t) * 1e3))

    def _domain_name(self):
        return self.domain.name if getattr(self, "domain", None) is not None else "event"

    def __str__(self):
        return self.name


class Task(_Range):
    """A named task range in a domain."""

    def __init__(self, domain, name):
        super().__init__(name)
        self.domain = domain


class Frame(_Range):
    """A named frame range in a domain."""

    def __init__(self, domain, name):
        super().__init__(name)
        self.domain = domain


class Event(_Range):
    """A named event range."""


class Counter:
    """A named value recorded in the trace each time it changes."""

    def __init__(self, domain, name, value=None):
        self.domain = domain
        self.name = name
        self.value = 0
        if value is not None:
            self.set_value(value)

    def _record(self):
        _RUN["extra"].append({"name": self.name, "ph": "C", "ts": _now_us(), "pid": 0, "tid": 0,
                              "args": {self.name: self.value}})

    def set_value(self, value):
        """Set the counter."""
        self.value = int(value)
        self._record()

    def increment(self, delta=1):
        """Add `delta`."""
        self.set_value(self.value + delta)

    def decrement(self, delta=1):
        """Subtract `delta`."""
        self.set_value(self.value - delta)

    def __iadd__(self, delta):
        self.increment(delta)
        return self

    def __isub__(self, delta):
        self.decrement(delta)
        return self

    def __str__(self):
        return self.name


class Marker:
    """An instant event in the trace."""

    def __init__(self, domain, name):
        self.domain = domain
        self.name = name

    def mark(self, scope="process"):
        """Record the marker now, with `scope` 'global', 'process', 'thread', 'task' or 'marker'."""
        if scope not in ("global", "process", "thread", "task", "marker"):
            raise MXNetError(f"Marker.mark: unknown scope {scope!r}")
        s = {"global": "g", "process": "p"}.get(scope, "t")
        _RUN["extra"].append({"name": self.name, "ph": "i", "s": s, "ts": _now_us(), "pid": 0, "tid": 0})
