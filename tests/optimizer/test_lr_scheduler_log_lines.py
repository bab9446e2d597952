"""FactorScheduler / MultiFactorScheduler log MXNet's exact lines when the learning rate changes (scripts such as
MXNet's image-classification fit.py print them)."""
import logging

import pytest

from tests.oracle import check


@pytest.mark.parametrize("make", [
    "mx.lr_scheduler.FactorScheduler(step=3, factor=0.5, base_lr=1.0)",
    "mx.lr_scheduler.FactorScheduler(step=2, factor=0.1, stop_factor_lr=0.005, base_lr=1.0)",
    "mx.lr_scheduler.MultiFactorScheduler(step=[2, 5, 6], factor=0.5, base_lr=1.0)",
])
def test_lr_change_log_lines(caplog, make):
    def fn(mx):
        sched = eval(make, {"mx": mx})
        caplog.clear()
        with caplog.at_level(logging.INFO):
            lrs = [sched(i) for i in range(1, 12)]
        return lrs, [r.getMessage() for r in caplog.records]
    check(fn)
