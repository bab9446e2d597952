"""EarlyStoppingHandler: stop training when a monitored metric stops improving (MXNet 1.9.1 semantics)."""
import warnings

import numpy as np

from ....metric import CompositeEvalMetric, EvalMetric
from ._handler_base import TrainBegin, EpochEnd, TrainEnd
from ._monitor_mode import monitor_op_for


class EarlyStoppingHandler(TrainBegin, EpochEnd, TrainEnd):
    """Stop after `patience` epochs in which `monitor` did not improve by more than `min_delta` over the
    best value so far (starting from `baseline` when given); mode 'auto' compares with `greater`."""

    def __init__(self, monitor, min_delta=0, patience=0, mode='auto', baseline=None):
        super(EarlyStoppingHandler, self).__init__()
        if not isinstance(monitor, EvalMetric):
            raise ValueError("Please provide one of the metric objects from estimator.train_metrics and "
                             "estimator.val_metrics as monitor.")
        if isinstance(monitor, CompositeEvalMetric):
            raise ValueError("CompositeEvalMetric is not supported for EarlyStoppingHandler, "
                             "please specify a simple metric instead.")
        self.monitor = monitor
        self.baseline = baseline
        self.patience = patience
        self.min_delta = min_delta
        self.wait = 0
        self.stopped_epoch = 0
        self.current_epoch = 0
        self.stop_training = False
        self.monitor_op = monitor_op_for(mode, monitor, 'EarlyStopping')
        self.min_delta *= 1 if self.monitor_op is np.greater else -1

    def train_begin(self, estimator, *args, **kwargs):
        """Reset the wait counter and the best value (baseline or +-inf)."""
        self.wait = 0
        self.stopped_epoch = 0
        self.current_epoch = 0
        self.stop_training = False
        if self.baseline is not None:
            self.best = self.baseline
        else:
            self.best = np.inf if self.monitor_op is np.less else -np.inf

    def epoch_end(self, estimator, *args, **kwargs):
        """Compare the monitored value with the best; True once patience is exhausted."""
        name, value = self.monitor.get()
        if np.isnan(value):
            warnings.warn(RuntimeWarning(
                '%s is not updated, make sure you pass one of the metric objects from'
                'estimator.train_metrics and estimator.val_metrics as monitor.', name))
        elif self.monitor_op(value - self.min_delta, self.best):
            self.best = value
            self.wait = 0
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = self.current_epoch
                self.stop_training = True
        self.current_epoch += 1
        return self.stop_training

    def train_end(self, estimator, *args, **kwargs):
        """Log the epoch training stopped at (MXNet's 'EarlyStoppingHanlder' spelling kept)."""
        if self.stopped_epoch > 0:
            estimator.logger.info('[Epoch %d] EarlyStoppingHanlder: early stopping due to %s not improving',
                                  self.stopped_epoch, self.monitor.get()[0])
