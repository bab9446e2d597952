"""`mx.profiler` user objects: Domain, Task, Frame, Event, Counter, Marker, recorded as MXNet records them:
whenever the profiler is not paused (MXNet starts unpaused, so also before the first set_state('run')).
Tasks and Counters go under their domain's name, Frames under '<domain>,frame', Markers under
'<domain>,instant_marker', Events under 'event'."""
import time

from ..base import MXNetError
from . import state
from .hashing import thread_tid

_SCOPES = {"global": "g", "process": "p", "thread": "t", "task": "p", "marker": "p"}


def _now_us():
    return time.time_ns() / 1000.0


def _record(rec):
    if not state.STATE["paused"]:
        state.add(rec)


class Domain:
    """Profiling domain: groups tasks, frames, counters and markers into one category of the trace."""

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name

    def new_task(self, name):
        """A new `Task` in this domain."""
        return Task(self, name)

    def new_frame(self, name):
        """A new `Frame` in this domain."""
        return Frame(self, name)

    def new_counter(self, name, value=None):
        """A new `Counter` in this domain."""
        return Counter(self, name, value)

    def new_marker(self, name):
        """A new `Marker` in this domain."""
        return Marker(self, name)


class _Duration:
    _kind = "task"

    def __init__(self, name, category):
        self.name = name
        self._cat = category
        self._t0 = None

    def start(self):
        """Start timing scope for this object."""
        self._t0 = _now_us()

    def stop(self):
        """Stop timing scope for this object (the duration is recorded unless the profiler is paused)."""
        t0 = self._t0 if self._t0 is not None else _now_us()
        _record((self._kind, self._cat, self.name, t0, _now_us(), None, thread_tid()))

    def __str__(self):
        return self.name


class Task(_Duration):
    """A named task: its passes are accumulated in one statistic of its domain."""

    def __init__(self, domain, name):
        super().__init__(name, domain.name)


class Frame(_Duration):
    """A named frame of a domain (category '<domain>,frame')."""
    _kind = "frame"

    def __init__(self, domain, name):
        super().__init__(name, domain.name + ",frame")


class Event(_Duration):
    """A named event (category 'event')."""
    _kind = "event"

    def __init__(self, name):
        super().__init__(name, "event")


class Counter:
    """A named integer value of a domain, recorded each time it changes."""

    def __init__(self, domain, name, value=None):
        self.name = name
        self._cat = domain.name
        self._value = 0
        if value is not None:
            self.set_value(value)

    def _set(self, value):
        self._value = value
        _record(("counter", self._cat, self.name, _now_us(), value, None, thread_tid()))

    def set_value(self, value):
        """Set the counter to `value`."""
        self._set(int(value))

    def increment(self, delta=1):
        """Add `delta` to the counter."""
        self._set(self._value + int(delta))

    def decrement(self, delta=1):
        """Subtract `delta` from the counter."""
        self._set(self._value - int(delta))

    def __iadd__(self, delta):
        self.increment(delta)
        return self

    def __isub__(self, delta):
        self.decrement(delta)
        return self

    def __str__(self):
        return self.name


class Marker:
    """An instant marker of a domain (category '<domain>,instant_marker')."""

    def __init__(self, domain, name):
        self.name = name
        self.domain = domain

    def mark(self, scope="process"):
        """Record the instant now; scope 'global', 'process', 'thread', 'task' or 'marker'."""
        s = _SCOPES.get(scope)
        if s is None:
            raise MXNetError(f"Invalid Input: '{scope}', valid values are: "
                             "{'global', 'marker', 'process', 'task', 'thread'}")
        _record(("marker", self.domain.name + ",instant_marker", self.name, _now_us(), None, s, thread_tid()))
