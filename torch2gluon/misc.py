"""mx.misc: MXNet 1.x's legacy iteration-based learning-rate schedulers (module kept for old examples)."""
import logging
import math

__all__ = ['LearningRateScheduler', 'FactorScheduler']


class LearningRateScheduler(object):
    """Legacy base scheduler: maps an iteration count to a learning rate (base_lr starts at 0.01)."""

    def __init__(self):
        self.base_lr = 0.01

    def __call__(self, iteration):
        """Return the learning rate for `iteration` (subclasses override)."""
        raise NotImplementedError("must override this")


class FactorScheduler(LearningRateScheduler):
    """Legacy scheduler: base_lr * factor ** (iteration // step), logging each change."""

    def __init__(self, step, factor=0.1):
        super(FactorScheduler, self).__init__()
        if step < 1:
            raise ValueError("Schedule step must be greater or equal than 1 round")
        if factor >= 1.0:
            raise ValueError("Factor must be less than 1 to make lr reduce")
        self.step = step
        self.factor = factor
        self.old_lr = self.base_lr
        self.init = False

    def __call__(self, iteration):
        """Return base_lr scaled by factor once per completed `step` iterations."""
        if not self.init:
            self.init = True
            self.old_lr = self.base_lr
        lr = self.base_lr * math.pow(self.factor, int(iteration / self.step))
        if lr != self.old_lr:
            self.old_lr = lr
            logging.info("At Iteration [%d]: Swith to new learning rate %.5f", iteration, lr)
        return lr
