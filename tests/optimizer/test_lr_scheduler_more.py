"""Every lr scheduler x warmup mode against MXNet 1.9.1: values for monotone and jumping call orders, the
scheduler's full state afterwards, bad arguments, and 20-step optimizer runs driven by warmup schedules."""
import warnings

import numpy as np
import pytest

import mxnet as mx
import torch2gluon as tg

WARMUPS = [{}, {"warmup_steps": 5, "warmup_begin_lr": 0.01},
           {"warmup_steps": 4, "warmup_begin_lr": 0.02, "warmup_mode": "constant"},
           {"warmup_steps": 3, "warmup_mode": "linear"}]
SCHEDS = [
    ("FactorScheduler", {"step": 3, "factor": 0.5, "base_lr": 0.1}),
    ("FactorScheduler", {"step": 2, "factor": 0.1, "base_lr": 1.0, "stop_factor_lr": 1e-3}),
    ("MultiFactorScheduler", {"step": [6, 8, 11], "factor": 0.5, "base_lr": 0.1}),
    ("PolyScheduler", {"max_update": 12, "base_lr": 0.1, "pwr": 3, "final_lr": 0.01}),
    ("PolyScheduler", {"max_update": 10, "base_lr": 0.1}),
    ("CosineScheduler", {"max_update": 12, "base_lr": 0.1, "final_lr": 0.01}),
    ("CosineScheduler", {"max_update": 9, "base_lr": 0.1}),
]
ORDERS = [list(range(16)), [0, 5, 3, 12, 1, 20, 7], [15, 2], [4, 4, 9, 9, 30]]


def _state(s):
    return {k: v for k, v in vars(s).items()}


@pytest.mark.parametrize("warmup", WARMUPS, ids=["none", "linear", "constant", "linear0"])
@pytest.mark.parametrize("cls,kw", SCHEDS, ids=[f"{c}{i}" for i, (c, _) in enumerate(SCHEDS)])
def test_values_and_state_match(cls, kw, warmup):
    for order in ORDERS:
        a = getattr(mx.lr_scheduler, cls)(**kw, **warmup)
        b = getattr(tg.lr_scheduler, cls)(**kw, **warmup)
        assert [b(n) for n in order] == [a(n) for n in order]
        assert _state(b) == _state(a)


@pytest.mark.parametrize("cls,kw", [
    ("FactorScheduler", {"step": 2, "warmup_steps": 2.0}),
    ("FactorScheduler", {"step": 2, "warmup_mode": "cosine"}),
    ("MultiFactorScheduler", {"step": [0, 2]}),
    ("MultiFactorScheduler", {"step": [2], "factor": 1.5}),
    ("PolyScheduler", {"max_update": 5.0}),
    ("CosineScheduler", {"max_update": 0}),
    ("CosineScheduler", {"max_update": 5, "base_lr": 0.01, "warmup_begin_lr": 0.02}),
])
def test_bad_arguments_same_error(cls, kw):
    errs = []
    for lib in (mx, tg):
        with pytest.raises(Exception) as e:
            getattr(lib.lr_scheduler, cls)(**kw)
        errs.append((type(e.value), str(e.value)))
    assert errs[0] == errs[1]


def test_warmup_steps_equal_to_max_update_divides_by_zero():
    for lib in (mx, tg):
        s = lib.lr_scheduler.PolyScheduler(max_update=4, warmup_steps=4)
        assert s(2) == pytest.approx(0.005)
        with pytest.raises(ZeroDivisionError):
            s(4)


def _train(lib, sched_fn, name, kw):
    rng = np.random.RandomState(0)
    w = lib.nd.array(rng.randn(4, 3).astype(np.float32))
    opt = lib.optimizer.create(name, lr_scheduler=sched_fn(lib), **kw)
    upd = lib.optimizer.get_updater(opt)
    lrs = []
    for _ in range(20):
        upd(0, lib.nd.array(rng.randn(4, 3).astype(np.float32)), w)
        lrs.append(opt.learning_rate)
    return w.asnumpy(), lrs


@pytest.mark.parametrize("sched_fn", [
    lambda lib: lib.lr_scheduler.CosineScheduler(15, base_lr=0.2, warmup_steps=5, warmup_begin_lr=0.01),
    lambda lib: lib.lr_scheduler.PolyScheduler(15, base_lr=0.2, pwr=2, warmup_steps=4,
                                               warmup_mode="constant", warmup_begin_lr=0.05),
    lambda lib: lib.lr_scheduler.MultiFactorScheduler([5, 12], factor=0.3, base_lr=0.2, warmup_steps=3),
    lambda lib: lib.lr_scheduler.FactorScheduler(4, factor=0.7, base_lr=0.2, warmup_steps=6,
                                                 warmup_begin_lr=0.02),
], ids=["cosine", "poly-const", "multi", "factor"])
@pytest.mark.parametrize("name,kw", [("sgd", {"momentum": 0.9}), ("adam", {}), ("signum", {})])
def test_optimizer_follows_schedule(sched_fn, name, kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (mw, mlrs), (tw, tlrs) = _train(mx, sched_fn, name, kw), _train(tg, sched_fn, name, kw)
    assert tlrs == mlrs
    np.testing.assert_allclose(tw, mw, rtol=2e-5, atol=2e-6)
