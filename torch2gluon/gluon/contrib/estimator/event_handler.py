"""Estimator event handlers: the event mixins, stopping, metric update, validation and gradient update
handlers, plus LoggingHandler, CheckpointHandler and EarlyStoppingHandler (defined in their own modules)."""
from ....metric import Loss as _LossMetric
from ._handler_base import (EventHandler, _check_event_handlers, TrainBegin, TrainEnd,  # noqa: F401
                            EpochBegin, EpochEnd, BatchBegin, BatchEnd)
from .utils import _check_metrics

__all__ = ['TrainBegin', 'TrainEnd', 'EpochBegin', 'EpochEnd', 'BatchBegin', 'BatchEnd',
           'StoppingHandler', 'MetricHandler', 'ValidationHandler',
           'LoggingHandler', 'CheckpointHandler', 'EarlyStoppingHandler', 'GradientUpdateHandler']


class StoppingHandler(TrainBegin, BatchEnd, EpochEnd):
    """Stop training once `max_epoch` epochs or `max_batch` batches are done (taken from the estimator)."""

    def __init__(self, max_epoch=None, max_batch=None):
        self.max_epoch = max_epoch
        self.max_batch = max_batch
        self.current_batch = 0
        self.current_epoch = 0
        self.stop_training = False

    def train_begin(self, estimator, *args, **kwargs):
        """Read the limits from the estimator and reset the counters."""
        self.max_epoch = estimator.max_epoch
        self.max_batch = estimator.max_batch
        self.current_batch = 0
        self.current_epoch = 0

    def batch_end(self, estimator, *args, **kwargs):
        """Count a batch; True once `max_batch` is reached."""
        self.current_batch += 1
        if self.current_batch == self.max_batch:
            self.stop_training = True
        return self.stop_training

    def epoch_end(self, estimator, *args, **kwargs):
        """Count an epoch; True once `max_epoch` is reached."""
        self.current_epoch += 1
        if self.current_epoch == self.max_epoch:
            self.stop_training = True
        return self.stop_training


class MetricHandler(EpochBegin, BatchEnd):
    """Reset `metrics` at epoch begin and update them at batch end (loss metrics get the loss values)."""

    def __init__(self, metrics, priority=-1000):
        self.metrics = _check_metrics(metrics)
        self.priority = priority

    def epoch_begin(self, estimator, *args, **kwargs):
        """Reset every metric."""
        for metric in self.metrics:
            metric.reset()

    def batch_end(self, estimator, *args, **kwargs):
        """Update every metric with (label, pred), or with the loss for `metric.Loss` metrics."""
        pred, label, loss = kwargs['pred'], kwargs['label'], kwargs['loss']
        for metric in self.metrics:
            if isinstance(metric, _LossMetric):
                metric.update(0, loss)
            else:
                metric.update(label, pred)


class ValidationHandler(TrainBegin, BatchEnd, EpochEnd):
    """Call `eval_fn(val_data=..., batch_axis=..., event_handlers=...)` every `epoch_period` epochs
    and/or every `batch_period` batches."""

    def __init__(self, val_data, eval_fn, epoch_period=1, batch_period=None, priority=-1000,
                 event_handlers=None):
        self.val_data = val_data
        self.eval_fn = eval_fn
        self.epoch_period = epoch_period
        self.batch_period = batch_period
        self.current_batch = 0
        self.current_epoch = 0
        self.priority = priority
        self.event_handlers = event_handlers

    def _validate(self, estimator):
        self.eval_fn(val_data=self.val_data, batch_axis=estimator.batch_axis,
                     event_handlers=self.event_handlers)

    def train_begin(self, estimator, *args, **kwargs):
        """Reset the counters."""
        self.current_batch = 0
        self.current_epoch = 0

    def batch_end(self, estimator, *args, **kwargs):
        """Validate every `batch_period` batches."""
        self.current_batch += 1
        if self.batch_period and self.current_batch % self.batch_period == 0:
            self._validate(estimator)

    def epoch_end(self, estimator, *args, **kwargs):
        """Validate every `epoch_period` epochs."""
        self.current_epoch += 1
        if self.epoch_period and self.current_epoch % self.epoch_period == 0:
            self._validate(estimator)


class GradientUpdateHandler(BatchEnd):
    """Call `estimator.trainer.step(batch_size)` at batch end, batch_size = summed first dims of the losses."""

    def __init__(self, priority=-2000):
        self.priority = priority

    def batch_end(self, estimator, *args, **kwargs):
        """Apply one optimizer step."""
        loss = kwargs['loss']
        if not isinstance(loss, list):
            loss = [loss]
        batch_size = sum(l.shape[0] for l in loss)
        estimator.trainer.step(batch_size)


from ._logging_handler import LoggingHandler  # noqa: E402
from ._checkpoint_handler import CheckpointHandler  # noqa: E402
from ._early_stopping import EarlyStoppingHandler  # noqa: E402
