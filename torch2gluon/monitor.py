"""mx.mon.Monitor: statistics of operator outputs, gradients and arguments of bound executors (MXNet 1.9.1)."""
import logging
import re
from math import sqrt

from .ndarray.ndarray import NDArray

__all__ = ["Monitor"]


def _default_stat(x):
    """|x|_2 / sqrt(size(x)), MXNet's default statistic."""
    from . import ndarray as nd
    return nd.norm(x) / sqrt(x.size)


class Monitor:
    """Collect `stat_func` of every tensor whose name matches `pattern`, every `interval` batches
    (tic() before forward, toc() after the batch); `sort` orders the results by name."""

    def __init__(self, interval, stat_func=None, pattern='.*', sort=False, monitor_all=False):
        self.stat_func = _default_stat if stat_func is None else stat_func
        self.interval = interval
        self.activated = False
        self.queue = []
        self.step = 0
        self.exes = []
        self.re_prog = re.compile(pattern)
        self.sort = sort
        self.monitor_all = monitor_all

        def stat_helper(name, array):
            """Executor callback: queue the statistic of a matching tensor while active."""
            if isinstance(name, bytes):
                name = name.decode()
            if not self.activated or not self.re_prog.match(name):
                return
            self.queue.append((self.step, name, self.stat_func(array)))
        self.stat_helper = stat_helper

    def install(self, exe):
        """Install the callback on an executor (several may be installed)."""
        exe.set_monitor_callback(self.stat_helper, self.monitor_all)
        self.exes.append(exe)

    def tic(self):
        """Start collecting for this batch when the step is a multiple of `interval`; call before forward."""
        if self.step % self.interval == 0:
            self.queue = []
            self.activated = True
        self.step += 1

    def toc(self):
        """End collecting: add the matching arguments and auxiliary states; returns [(step, name, str)]."""
        if not self.activated:
            return []
        for exe in self.exes:
            for name, array in zip(exe._symbol.list_arguments(), exe.arg_arrays):
                if self.re_prog.match(name):
                    self.queue.append((self.step, name, self.stat_func(array)))
            for name, array in zip(exe._symbol.list_auxiliary_states(), exe.aux_arrays):
                if self.re_prog.match(name):
                    self.queue.append((self.step, name, self.stat_func(array)))
        self.activated = False
        if self.sort:
            self.queue.sort(key=lambda x: x[1])
        res = []
        for n, k, v_list in self.queue:
            if isinstance(v_list, NDArray):
                v_list = [v_list]
            if not isinstance(v_list, list) or not all(isinstance(v, NDArray) for v in v_list):
                raise TypeError("Monitor: stat_func must return an NDArray or a list of NDArrays")
            text = ''.join((str(v.asscalar()) if v.shape == (1,) else str(v.asnumpy())) + '\t' for v in v_list)
            res.append((n, k, text))
        self.queue = []
        return res

    def toc_print(self):
        """End collecting and log the results (logging.info), one line per tensor."""
        for n, k, v in self.toc():
            logging.info('Batch: {:7d} {:30s} {:s}'.format(n, k, v))
