"""`mx.profiler` (MXNet 1.9.1) recorded with `torch.profiler`.

While operators are profiled, every operator call runs inside a torch `record_function` range named with
MXNet's operator name (`FullyConnected`, `_plus_scalar`, `broadcast_add`, ...; see _prof/hooks.py, switched
in only then, so unprofiled calls cost nothing extra); each backward pass of an operator is reported as
`_backward_<op>`, allocations as the 'Device Storage' counter. torch's own kernel names (aten::...) are not
reported. The trace file (`dump`) and the statistics (`dumps`) follow MXNet's layout (_prof/trace.py,
_prof/aggregate.py): categories 'operator', 'MXNET_C_API' (profile_api), 'Device Storage' (profile_memory),
'Custom Operator', a Domain's name (tasks, counters), '<domain>,frame', '<domain>,instant_marker', 'event'.

As in MXNet: each `set_config` call starts from the defaults (profile_symbolic/imperative/memory/api on,
aggregate_stats and continuous_dump off); operators are recorded between set_state('run') and
set_state('stop') (not while paused, nor after a finished dump until the next 'run'); before any
set_config the environment decides (MXNET_PROFILER_MODE, default: no imperative operators;
MXNET_PROFILER_AUTOSTART=1 profiles from the start and writes profile.json at exit); Tasks, Frames, Events,
Counters and Markers record whenever the profiler is not paused (also before the first 'run'); statistics are
kept only with aggregate_stats=True (else `dumps()` is '') and count what the dumps wrote (`dumps()` itself
first dumps into the file while output is enabled); `dump()` before any run, or after a finished dump,
raises MXNetError. Times are what torch measures here (not MXNet's engine), memory is the bytes torch
allocated while profiling. profile_imperative=False leaves out all but the operators an Executor runs (as
MXNet records graph operators whatever profile_imperative and profile_symbolic say; hybridized blocks count
as imperative, as in MXNet). Not supported (NotImplementedError): profile_process='server' (no parameter
servers).
"""
import atexit
import os
import threading
import time

import torch

from ._prof import aggregate, hooks, state, trace
from ._prof import state as _STATE  # set_state's argument is called `state`, as in MXNet
from ._prof.hashing import thread_tid
from ._prof.torch_events import SEQ, records
from .base import MXNetError

_BOOL_KEYS = ("profile_all", "profile_symbolic", "profile_imperative", "profile_memory", "profile_api",
              "continuous_dump", "aggregate_stats")
_DOCS = {"profile_all": ("boolean", "0", "Profile all. Default is False."),
         "profile_symbolic": ("boolean", "1", "Profile symbolic operators.  Default is True."),
         "profile_imperative": ("boolean", "1", "Profile imperative operators.  Default is True."),
         "profile_memory": ("boolean", "1", "Profile memory.  Default is True."),
         "profile_api": ("boolean", "1", "Profile C API.  Default is True."),
         "filename": ("string", "'profile.json'", "File name to write profiling info."),
         "continuous_dump": ("boolean", "0", "Periodically dump (and append) profiling data to file while "
                             "running. Default is False."),
         "dump_period": ("float", "1", "When continuous dump is enabled, the period between subsequent profile "
                         "info dumping."),
         "aggregate_stats": ("boolean", "0", "Maintain aggregate stats, required for MXDumpAggregateStats.  Note "
                             "that this can have a negative performance impact. Default is False."),
         "profile_process": ("{'server', 'worker'}", "'worker'", "Specifies which process to profile: worker: "
                             "this is default. for single node training it should always be worker.server: for "
                             "distributed training, this profiles server process")}
_TORCH = {"prof": None, "tid": None}
_TIMER = {"gen": 0}


def _parse(key, v):
    s = str(v)
    if key in _BOOL_KEYS:
        if s in ("True", "true", "1"):
            return True
        if s in ("False", "false", "0"):
            return False
        raise MXNetError(f"Invalid Parameter format for {key} expect boolean but value='{s}'")
    if key == "dump_period":
        try:
            return float(s)
        except ValueError:
            raise MXNetError(f"Invalid Parameter format for dump_period expect float but value='{s}'") from None
    if key == "profile_process" and s not in ("worker", "server"):
        raise MXNetError(f"Invalid Input: '{s}', valid values are: {{'server', 'worker'}}")
    return s


def set_config(**kwargs):
    """Configure the profiler (keyword arguments only); arguments not given take MXNet's defaults."""
    cfg = dict(state.DEFAULTS)
    for k, v in kwargs.items():
        if k not in cfg:
            raise MXNetError(f"Cannot find argument '{k}', Possible Arguments:\n----------------\n" + "".join(
                f"{n} : {t}, optional, default={d}\n    {doc}\n" for n, (t, d, doc) in _DOCS.items()))
        cfg[k] = _parse(k, v)
    if cfg["profile_process"] == "server":
        raise NotImplementedError("mx.profiler.set_config: profile_process='server' is not supported "
                                  "(torch2gluon has no parameter servers)")
    if cfg["continuous_dump"] and not cfg["dump_period"] > 0:
        raise MXNetError("Check failed: !continuous_dump || dump_period > 0: ")
    with state.LOCK:
        _flush()
        state.CONFIG.update(cfg)
        state.FILE.clear()
        state.FILE.update({"end": None, "pids": set()})
        if cfg["aggregate_stats"]:
            if state.STATS["agg"] is None:
                state.STATS["agg"] = {}
        else:
            state.STATS["agg"] = None
        _sync()
        _TIMER["gen"] += 1
        if cfg["continuous_dump"]:
            threading.Thread(target=_periodic_dump, args=(_TIMER["gen"], cfg["dump_period"]),
                             name="DumpProfileTimer", daemon=True).start()


def _periodic_dump(gen, period):
    """continuous_dump: dump(finished=False) every dump_period seconds while output is enabled."""
    while True:
        time.sleep(period)
        with state.LOCK:
            if _TIMER["gen"] != gen:
                return
            if state.STATE["output"]:
                _flush()
                trace.write(False)


def profiler_set_config(mode="symbolic", filename="profile.json"):
    """Deprecated form of `set_config`."""
    import warnings
    warnings.warn("profiler.profiler_set_config() is deprecated. Please use profiler.set_config() instead")
    if mode not in ("symbolic", "all", "imperative", "memory", "api"):
        raise MXNetError(f"Cannot find argument 'profile_{mode}'")
    set_config(**{"profile_" + mode: True, "filename": filename})


def _check_process(profile_process):
    if profile_process not in ("worker", "server"):
        raise KeyError(profile_process)
    if profile_process == "server":
        raise NotImplementedError("mx.profiler: profile_process='server' is not supported "
                                  "(torch2gluon has no parameter servers)")


def _wants_torch():
    return state.ops_on()


def _start_torch():
    acts = [torch.profiler.ProfilerActivity.CPU]
    if torch.cuda.is_available():
        acts.append(torch.profiler.ProfilerActivity.CUDA)
    prof = torch.profiler.profile(activities=acts, profile_memory=state.mode("memory"))
    prof.__enter__()
    _TORCH["prof"] = prof
    _TORCH["tid"] = thread_tid()
    hooks.install()


def _stop_torch():
    prof = _TORCH["prof"]
    if prof is None:
        return
    _TORCH["prof"] = None
    hooks.uninstall()
    prof.__exit__(None, None, None)
    start_us = prof.profiler.kineto_results.trace_start_ns() / 1000.0
    for rec in records(prof, start_us, _TORCH["tid"]):
        state.add(rec)


def _sync():
    """Run the torch profile (and the operator hooks) exactly while operators are recorded."""
    if _wants_torch():
        if _TORCH["prof"] is None:
            _start_torch()
    else:
        _stop_torch()
        if not state.STATE["running"]:
            SEQ.clear()


def _flush():
    """Turn what the running torch profile recorded so far into records (profiling goes on)."""
    if _TORCH["prof"] is not None:
        _stop_torch()
        _sync()


def set_state(state="stop", profile_process="worker"):  # pylint: disable=redefined-outer-name
    """Start ('run') or stop ('stop') profiling."""
    st = {"stop": 0, "run": 1}[state]
    _check_process(profile_process)
    with _STATE.LOCK:
        _STATE.STATE["running"] = bool(st)
        if st:
            _STATE.STATE["output"] = True
        _STATE.STATE["paused"] = not st
        _sync()


def profiler_set_state(state="stop"):  # pylint: disable=redefined-outer-name
    """Deprecated form of `set_state`."""
    import warnings
    warnings.warn("profiler.profiler_set_state() is deprecated. Please use profiler.set_state() instead")
    set_state(state)


def pause(profile_process="worker"):
    """Pause profiling (nothing is recorded until `resume()`)."""
    _check_process(profile_process)
    with state.LOCK:
        state.STATE["paused"] = True
        _sync()


def resume(profile_process="worker"):
    """Resume paused profiling."""
    _check_process(profile_process)
    with state.LOCK:
        state.STATE["paused"] = False
        _sync()


def dump(finished=True, profile_process="worker"):
    """Write the profile to the configured file (Chrome trace JSON). `finished=True` closes the file and ends
    output until the next set_state('run'); `finished=False` leaves it open for more dumps."""
    _check_process(profile_process)
    with state.LOCK:
        if not state.STATE["output"]:
            raise MXNetError("Check failed: profiler->IsEnableOutput(): Profiler hasn't been run. "
                             "Config and start profiler first")
        _flush()
        fin = finished is True
        trace.write(fin)
        if fin:
            state.STATE["output"] = False
            _sync()


def dump_profile():
    """Deprecated form of `dump(True)`."""
    import warnings
    warnings.warn("profiler.dump_profile() is deprecated. Please use profiler.dump() instead")
    dump(True)


def dumps(reset=False, format="table", sort_by="total", ascending=False):  # noqa: A002 - MXNet's name
    """Aggregate statistics per category as MXNet's table or JSON text ('' without aggregate_stats)."""
    assert format in ("table", "json"), f"Invalid value provided for format: {format}. Support: 'table', 'json'"
    assert sort_by in ("total", "avg", "min", "max", "count"), \
        f"Invalid value provided for sort_by: {sort_by}.             Support: 'total', 'avg', 'min', 'max', 'count'"
    assert ascending in (False, True), f"Invalid value provided for ascending: {ascending}. Support: False, True"
    assert reset in (False, True), f"Invalid value provided for reset: {reset}. Support: False, True"
    with state.LOCK:
        if state.STATE["output"]:  # as MXNet: register what was recorded so far (a dump into the file)
            _flush()
            trace.write(False)
        agg = state.STATS["agg"]
        if agg is None:
            return ""
        text = (aggregate.table if format == "table" else aggregate.as_json)(agg, sort_by, ascending is True)
        if reset is True:
            agg.clear()
    return text


def _at_exit():
    """MXNet's profiler writes the open profile when the process ends."""
    try:
        with state.LOCK:
            _stop_torch()
            if state.STATE["output"]:
                trace.write(True)
                state.STATE["output"] = False
    except Exception:  # pylint: disable=broad-except
        pass


atexit.register(_at_exit)


def _from_environment():
    """MXNet's profiler before any set_config: MXNET_PROFILER_MODE (bits 1 symbolic, 2 imperative, 4 API,
    8 memory; default 13, so imperative operators are not recorded), MXNET_PROFILER_AUTOSTART=1 (profile from
    the start; the file is written at exit)."""
    mode = int(os.environ.get("MXNET_PROFILER_MODE") or "13")
    state.CONFIG.update(profile_symbolic=bool(mode & 1), profile_imperative=bool(mode & 2),
                        profile_api=bool(mode & 4), profile_memory=bool(mode & 8))
    if int(os.environ.get("MXNET_PROFILER_AUTOSTART") or "0"):
        with state.LOCK:
            state.STATE.update(running=True, output=True)
            _sync()


_from_environment()

from ._prof.objects import Counter, Domain, Event, Frame, Marker, Task  # noqa: E402,F401
