"""EventHandler and the six event mixins an Estimator dispatches to (MXNet's event_handler base classes)."""


class EventHandler(object):
    """Base class of every estimator event handler."""


def _check_event_handlers(handlers):
    """A list of EventHandlers from one handler, a list or None (ValueError otherwise)."""
    if isinstance(handlers, EventHandler):
        return [handlers]
    handlers = handlers or []
    if not all(isinstance(h, EventHandler) for h in handlers):
        raise ValueError("handlers must be an EventHandler or a list of EventHandler, "
                         "got: {}".format(handlers))
    return handlers


class TrainBegin(EventHandler):
    """Mixin: `train_begin(estimator)` is called once before training."""

    def train_begin(self, estimator, *args, **kwargs):
        """Called once before the first epoch."""


class TrainEnd(EventHandler):
    """Mixin: `train_end(estimator)` is called once after training."""

    def train_end(self, estimator, *args, **kwargs):
        """Called once after the last epoch."""


class EpochBegin(EventHandler):
    """Mixin: `epoch_begin(estimator)` is called before every epoch."""

    def epoch_begin(self, estimator, *args, **kwargs):
        """Called before every epoch."""


class EpochEnd(EventHandler):
    """Mixin: `epoch_end(estimator)` is called after every epoch; a true return stops training."""

    def epoch_end(self, estimator, *args, **kwargs):
        """Called after every epoch; return True to stop training."""
        return False


class BatchBegin(EventHandler):
    """Mixin: `batch_begin(estimator, batch=...)` is called before every batch."""

    def batch_begin(self, estimator, *args, **kwargs):
        """Called before every batch."""


class BatchEnd(EventHandler):
    """Mixin: `batch_end(estimator, batch, pred, label, loss)` after every batch; a true return ends the epoch."""

    def batch_end(self, estimator, *args, **kwargs):
        """Called after every batch; return True to stop."""
        return False
