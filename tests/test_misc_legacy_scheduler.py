"""mx.misc (legacy FactorScheduler imported by MXNet 1.x's example/autoencoder) against MXNet 1.9.1."""
import importlib
import logging

import pytest

from tests.oracle import check


def _misc(mx):
    return importlib.import_module(mx.__name__ + '.misc')


def test_factor_scheduler_values():
    def fn(mx):
        s = _misc(mx).FactorScheduler(3, 0.5)
        s.base_lr = 0.2
        return [s(i) for i in (0, 1, 2, 3, 5, 6, 10)] + [s.old_lr, s.step, s.factor]
    check(fn)


def test_base_class_default_and_abstract():
    def fn(mx):
        b = _misc(mx).LearningRateScheduler()
        try:
            b(0)
        except NotImplementedError as e:
            return b.base_lr, str(e)
    check(fn)


@pytest.mark.parametrize('args', [(0, 0.1), (2, 1.0), (2, 1.5)])
def test_bad_arguments_raise(args):
    check(lambda mx: _misc(mx).FactorScheduler(*args))


def test_change_is_logged(caplog):
    import torch2gluon
    s = _misc(torch2gluon).FactorScheduler(2, 0.1)
    with caplog.at_level(logging.INFO):
        s(1)
        s(2)
    assert [r.getMessage() for r in caplog.records] == [
        'At Iteration [2]: Swith to new learning rate 0.00100']
