"""lr schedulers against the real MXNet 1.9.1 oracle."""
import pytest

import mxnet as mx
import torch2gluon.lr_scheduler as tls


def _seq(mod, cls, kwargs, ns):
    s = getattr(mod, cls)(**kwargs)
    return [s(n) for n in ns]


CASES = [
    ("FactorScheduler", {"step": 2, "factor": 0.5, "base_lr": 1.0}),
    ("FactorScheduler", {"step": 1, "factor": 0.1, "base_lr": 1.0, "stop_factor_lr": 1e-3}),
    ("FactorScheduler", {"step": 3, "factor": 0.5, "base_lr": 1.0, "warmup_steps": 4, "warmup_begin_lr": 0.1}),
    ("MultiFactorScheduler", {"step": [2, 5], "factor": 0.5, "base_lr": 1.0}),
    ("MultiFactorScheduler", {"step": [3], "factor": 0.1, "warmup_steps": 2, "warmup_mode": "constant",
                              "warmup_begin_lr": 0.001}),
    ("PolyScheduler", {"max_update": 6, "base_lr": 1.0, "pwr": 2}),
    ("PolyScheduler", {"max_update": 8, "base_lr": 1.0, "pwr": 1, "final_lr": 0.1, "warmup_steps": 2}),
    ("CosineScheduler", {"max_update": 6, "base_lr": 1.0}),
    ("CosineScheduler", {"max_update": 8, "base_lr": 1.0, "final_lr": 0.2, "warmup_steps": 3,
                         "warmup_begin_lr": 0.5}),
]


@pytest.mark.parametrize("cls,kwargs", CASES)
def test_sequence_matches(cls, kwargs):
    ns = list(range(0, 12)) + [3, 1, 20, 2]
    assert _seq(tls, cls, kwargs, ns) == pytest.approx(_seq(mx.lr_scheduler, cls, kwargs, ns))


@pytest.mark.parametrize("cls", ["PolyScheduler", "CosineScheduler"])
def test_fresh_past_max(cls):
    assert _seq(tls, cls, {"max_update": 5, "base_lr": 0.3}, [9]) == \
        _seq(mx.lr_scheduler, cls, {"max_update": 5, "base_lr": 0.3}, [9])


@pytest.mark.parametrize("cls,kwargs,exc", [
    ("FactorScheduler", {"step": 0}, ValueError),
    ("FactorScheduler", {"step": 1, "factor": 2}, ValueError),
    ("FactorScheduler", {"step": 1, "warmup_steps": -1}, ValueError),
    ("FactorScheduler", {"step": 1, "warmup_mode": "exp"}, ValueError),
    ("FactorScheduler", {"step": 1, "base_lr": 0.1, "warmup_begin_lr": 0.5}, ValueError),
    ("MultiFactorScheduler", {"step": [3, 2]}, ValueError),
    ("MultiFactorScheduler", {"step": 3}, AssertionError),
    ("PolyScheduler", {"max_update": 0}, ValueError),
    ("CosineScheduler", {"max_update": 2.5}, AssertionError),
])
def test_errors(cls, kwargs, exc):
    for mod in (tls, mx.lr_scheduler):
        with pytest.raises(exc):
            getattr(mod, cls)(**kwargs)


def test_base_not_implemented():
    with pytest.raises(NotImplementedError):
        tls.LRScheduler()(1)
