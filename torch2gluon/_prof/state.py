"""The profiler's state, as MXNet's Profiler keeps it: configuration, run/pause/output flags, the records
waiting for the next dump, and the aggregate statistics (fed by each dump, as MXNet's are: `dumps()` dumps
first when output is enabled, so records made while it is not wait for the next run's dumps).

Records are tuples `(kind, category, name, t0_us, t1_or_value, extra, tid)`; kinds:
'op' (an operator on device `extra`: device B/E + 'operator' b/e events), 'task' (b/e), 'frame' ( ),
'event' (B/E), 'counter' (C, value in t1), 'marker' (n, scope letter in extra), 'memory' (C, bytes in t1).
"""
import threading

DEFAULTS = {"profile_all": False, "profile_symbolic": True, "profile_imperative": True, "profile_memory": True,
            "profile_api": True, "filename": "profile.json", "continuous_dump": False, "dump_period": 1.0,
            "aggregate_stats": False, "profile_process": "worker"}

LOCK = threading.RLock()
CONFIG = dict(DEFAULTS)
# running: set_state('run') .. set_state('stop'); paused: pause()/stop (MXNet starts unpaused, so user objects
# record before any run); output: a dump may write (set by 'run', cleared by a finished dump)
STATE = {"running": False, "paused": False, "output": False}
PENDING = []            # records not yet written to the trace file
STATS = {"agg": None}   # {category: {name: [kind, count, total, min, max]}} while aggregate_stats is on
FILE = {"end": None, "pids": set()}  # end of the last event written to the file (None: no dump yet); categories
#                                    whose process_name row the file has


def mode(flag):
    """Whether `profile_<flag>` (or profile_all) is on."""
    return CONFIG["profile_all"] or CONFIG["profile_" + flag]


def ops_on():
    """Whether operators are recorded now (running, not paused, output not finished)."""
    return STATE["running"] and STATE["output"] and not STATE["paused"]


def add(rec):
    """Queue a record for the next dump (which writes it to the trace and counts it in the statistics)."""
    with LOCK:
        PENDING.append(rec)


def aggregate(records):
    """Count dumped records in the aggregate statistics (when aggregate_stats is on)."""
    agg = STATS["agg"]
    if agg is not None:
        for rec in records:
            _aggregate(agg, rec)


def _aggregate(agg, rec):
    kind, cat, name, t0, t1 = rec[:5]
    rows = agg.setdefault(cat, {})
    if kind == "marker":
        return
    if kind in ("counter", "memory"):
        value = int(t1)
        row = rows.get(name)
        if row is None:
            rows[name] = ["c", 1, value, value, value]
        else:
            row[1] += 1
            row[2] = value
            row[3] = min(row[3], value)
            row[4] = max(row[4], value)
        return
    dur = int(round(t1)) - int(round(t0))
    row = rows.get(name)
    if row is None:
        rows[name] = ["d", 1, dur, dur, dur]
    else:
        row[1] += 1
        row[2] += dur
        row[3] = min(row[3], dur)
        row[4] = max(row[4], dur)
