"""`mx.callback`: training-loop callbacks that checkpoint, and log speed, progress and metrics.

Log lines go through the root `logging` logger with MXNet 1.9.1's exact formats. A callback's `param` is
anything with `epoch`, `nbatch` and `eval_metric` attributes (MXNet's `BatchEndParam`).
"""
import logging
import math
import time


__all__ = ["module_checkpoint", "do_checkpoint", "log_train_metric", "Speedometer", "ProgressBar",
           "LogValidationMetricsCallback"]


def module_checkpoint(mod, prefix, period=1, save_optimizer_states=False):
    """Epoch-end callback calling `mod.save_checkpoint(prefix, epoch, save_optimizer_states)` every `period`."""
    period = int(max(1, period))

    def _callback(iter_no, sym=None, arg=None, aux=None):  # pylint: disable=unused-argument
        if (iter_no + 1) % period == 0:
            mod.save_checkpoint(prefix, iter_no + 1, save_optimizer_states)
    return _callback


def do_checkpoint(prefix, period=1):
    """Epoch-end callback `(iter_no, sym, arg, aux)` writing the checkpoint (`mx.model.save_checkpoint`:
    `prefix-symbol.json` when `sym` is given, and `prefix-%04d.params`) every `period` epochs."""
    period = int(max(1, period))

    def _callback(iter_no, sym, arg, aux):
        if (iter_no + 1) % period == 0:
            from .model import save_checkpoint
            save_checkpoint(prefix, iter_no + 1, sym, arg, aux)
    return _callback


def log_train_metric(period, auto_reset=False):
    """Batch-end callback logging `Iter[e] Batch[b] Train-name=value` every `period` batches."""
    def _callback(param):
        if param.nbatch % period != 0 or param.eval_metric is None:
            return
        for name, value in param.eval_metric.get_name_value():
            logging.info("Iter[%d] Batch[%d] Train-%s=%f", param.epoch, param.nbatch, name, value)
        if auto_reset:
            param.eval_metric.reset_local()
    return _callback


class Speedometer:
    """Batch-end callback logging samples/sec (and the metrics) every `frequent` batches."""

    def __init__(self, batch_size, frequent=50, auto_reset=True):
        self.batch_size = batch_size
        self.frequent = frequent
        self.init = False
        self.tic = 0
        self.last_count = 0
        self.auto_reset = auto_reset

    def __call__(self, param):
        """Log speed since the last report; the first call (and a batch counter that went back) restarts the clock."""
        count = param.nbatch
        if self.last_count > count:
            self.init = False
        self.last_count = count
        if not self.init:
            self.init = True
            self.tic = time.time()
            return
        if count % self.frequent != 0:
            return
        try:
            speed = self.frequent * self.batch_size / (time.time() - self.tic)
        except ZeroDivisionError:
            speed = float("inf")
        metric = param.eval_metric
        if metric is None:
            logging.info("Iter[%d] Batch [%d]\tSpeed: %.2f samples/sec", param.epoch, count, speed)
        else:
            name_value = metric.get_name_value()
            fields = [x for pair in name_value for x in pair]
            tail = "\t%s=%f" * len(name_value)
            if self.auto_reset:
                metric.reset_local()
                logging.info("Epoch[%d] Batch [%d-%d]\tSpeed: %.2f samples/sec" + tail,
                             param.epoch, count - self.frequent, count, speed, *fields)
            else:
                logging.info("Epoch[%d] Batch [0-%d]\tSpeed: %.2f samples/sec" + tail,
                             param.epoch, count, speed, *fields)
        self.tic = time.time()


class ProgressBar:
    """Batch-end callback logging a `[====----] 50.0%` bar of `length` characters over `total` batches."""

    def __init__(self, total, length=80):
        self.bar_len = length
        self.total = total

    def __call__(self, param):
        """Log the bar for batch `param.nbatch`."""
        count = param.nbatch  # same operation order as MXNet: it decides the rounding at the edges
        filled = int(round(self.bar_len * count / float(self.total)))
        percents = math.ceil(100.0 * count / float(self.total))
        logging.info("[%s] %s%s\r", "=" * filled + "-" * (self.bar_len - filled), percents, "%")


class LogValidationMetricsCallback:
    """Epoch-end callback logging `Epoch[e] Validation-name=value` for each metric."""

    def __call__(self, param):
        """Log every (name, value) of `param.eval_metric` (nothing when it is falsy)."""
        if not param.eval_metric:
            return
        for name, value in param.eval_metric.get_name_value():
            logging.info("Epoch[%d] Validation-%s=%f", param.epoch, name, value)
