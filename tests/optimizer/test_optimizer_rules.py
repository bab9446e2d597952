"""Optimizer update rules and counting against the real MXNet 1.9.1 oracle (NDArrays only)."""
import numpy as np
import pytest

import mxnet as mx
import torch
import torch2gluon as tg
from torch2gluon import optimizer as topt
from torch2gluon import lr_scheduler as tls

RNG = np.random.RandomState(0)
SHAPES = [(3, 4), (5,), (2, 2, 3)]


def _trajectory(lib, name, kwargs, steps=4, dtype=np.float32, seed=1, sched=None):
    """Run `steps` updates over several params with fixed random grads; return final weights."""
    rng = np.random.RandomState(seed)
    ws0 = [rng.randn(*s).astype(dtype) for s in SHAPES]
    grads = [[(rng.randn(*s) * 3).astype(dtype) for s in SHAPES] for _ in range(steps)]
    kw = dict(kwargs)
    if sched is not None:
        kw["lr_scheduler"] = sched(lib)
    opt = lib.optimizer.create(name, **kw)
    ws = [lib.nd.array(w, dtype=dtype) for w in ws0]
    states = [opt.create_state_multi_precision(i, w) for i, w in enumerate(ws)]
    for step in grads:
        for i, (w, g) in enumerate(zip(ws, step)):
            opt.update_multi_precision(i, w, lib.nd.array(g, dtype=dtype), states[i])
    return [w.asnumpy() for w in ws], opt


CASES = [
    ("sgd", {}),
    ("sgd", {"learning_rate": 0.1, "wd": 0.01}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01, "clip_gradient": 0.5, "rescale_grad": 0.25}),
    ("sgd", {"learning_rate": 0.1, "clip_gradient": 0.7, "rescale_grad": 2.0}),
    ("sgd", {"learning_rate": 0.1, "clip_gradient": -1.0, "wd": 0.1}),
    ("nag", {"learning_rate": 0.1}),
    ("nag", {"learning_rate": 0.1, "momentum": 0.9}),
    ("nag", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.05, "clip_gradient": 1.0, "rescale_grad": 0.5}),
    ("adam", {}),
    ("adam", {"learning_rate": 0.01, "wd": 0.1, "clip_gradient": 0.5, "rescale_grad": 0.5, "epsilon": 1e-3}),
    ("adam", {"learning_rate": 0.01, "beta1": 0.5, "beta2": 0.9, "epsilon": 0.1}),
    ("rmsprop", {}),
    ("rmsprop", {"learning_rate": 0.01, "wd": 0.1, "clip_gradient": 0.5, "gamma1": 0.8}),
    ("rmsprop", {"learning_rate": 0.01, "centered": True, "gamma2": 0.7, "wd": 0.01}),
    ("rmsprop", {"learning_rate": 0.05, "clip_weights": 0.3}),
    ("adagrad", {}),
    ("adagrad", {"learning_rate": 0.1, "wd": 0.1, "clip_gradient": 0.5, "rescale_grad": 0.5, "eps": 1e-3}),
    ("adadelta", {}),
    ("adadelta", {"rho": 0.8, "epsilon": 1e-3, "wd": 0.1, "clip_gradient": 1.0, "rescale_grad": 0.5}),
]


@pytest.mark.parametrize("name,kwargs", CASES)
def test_trajectory_matches_mxnet(name, kwargs):
    want, _ = _trajectory(mx, name, kwargs)
    got, _ = _trajectory(tg, name, kwargs)
    for w, g in zip(want, got):
        np.testing.assert_allclose(g, w, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name", ["sgd", "nag", "adam"])
def test_float64_weights(name):
    kw = {"learning_rate": 0.1, "momentum": 0.9} if name != "adam" else {"learning_rate": 0.1}
    want, _ = _trajectory(mx, name, kw, dtype=np.float64)
    got, _ = _trajectory(tg, name, kw, dtype=np.float64)
    for w, g in zip(want, got):
        assert g.dtype == np.float64
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name,kw", [("sgd", {"momentum": 0.9}), ("sgd", {}), ("nag", {"momentum": 0.9}),
                                     ("adam", {})])
def test_multi_precision_float16(name, kw):
    kw = dict(kw, multi_precision=True, learning_rate=0.1)
    want, _ = _trajectory(mx, name, kw, dtype=np.float16)
    got, _ = _trajectory(tg, name, kw, dtype=np.float16)
    for w, g in zip(want, got):
        assert g.dtype == np.float16
        np.testing.assert_allclose(g.astype(np.float32), w.astype(np.float32), rtol=2e-3, atol=2e-3)


def _sched_factor(lib):
    return lib.lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=0.1)


def _sched_multi(lib):
    return lib.lr_scheduler.MultiFactorScheduler(step=[1, 3], factor=0.3, base_lr=0.2)


@pytest.mark.parametrize("name,kw", [("sgd", {"momentum": 0.9}), ("adam", {}), ("sgd", {})])
@pytest.mark.parametrize("sched", [_sched_factor, _sched_multi])
def test_scheduler_drives_lr(name, kw, sched):
    want, mopt = _trajectory(mx, name, kw, steps=5, sched=sched)
    got, topt_ = _trajectory(tg, name, kw, steps=5, sched=sched)
    for w, g in zip(want, got):
        np.testing.assert_allclose(g, w, rtol=2e-5, atol=2e-6)
    assert topt_.num_update == mopt.num_update == 5
    assert topt_.learning_rate == pytest.approx(mopt.learning_rate)


def test_lr_mult_wd_mult_and_idx2name():
    def run(lib):
        opt = lib.optimizer.SGD(learning_rate=0.1, wd=0.1, momentum=0.5,
                                param_idx2name={0: "fc_weight", 1: "fc_bias", 2: "bn_gamma"})
        opt.set_lr_mult({0: 2.0, "fc_bias": 0.5})
        opt.set_wd_mult({2: 3.0})
        out = []
        for i in range(3):
            w = lib.nd.array(np.arange(4, dtype=np.float32) + i)
            st = opt.create_state(i, w)
            for _ in range(3):
                opt.update(i, w, lib.nd.array(np.ones(4, np.float32) * (i + 1)), st)
            out.append(w.asnumpy())
        return out, opt._get_lrs([0, 1, 2]), opt._get_wds([0, 1, 2])
    (mw, mlr, mwd), (tw, tlr, twd) = run(mx), run(tg)
    assert tlr == pytest.approx(mlr) and twd == pytest.approx(mwd)
    for a, b in zip(mw, tw):
        np.testing.assert_allclose(b, a, rtol=1e-6)


def test_num_update_counting_per_index_and_begin_num_update():
    for lib in (mx, tg):
        opt = lib.optimizer.SGD(begin_num_update=3)
        w, g = lib.nd.ones((2,)), lib.nd.ones((2,))
        opt.update(0, w, g, None)
        opt.update(0, w, g, None)
        opt.update(1, w, g, None)
        assert opt.num_update == 5
        assert opt._index_update_count == {0: 5, 1: 4}


def test_list_update_matches_single_updates():
    """SGD's multi-tensor path (lists) gives identical numbers to per-param updates."""
    rng = np.random.RandomState(3)
    ws0 = [rng.randn(*s).astype(np.float32) for s in SHAPES]
    gs = [rng.randn(*s).astype(np.float32) for s in SHAPES]
    for kw in ({"momentum": 0.9, "wd": 0.1, "clip_gradient": 0.3}, {"wd": 0.01}, {"momentum": 0.5}):
        o1, o2 = topt.SGD(learning_rate=0.1, **kw), topt.SGD(learning_rate=0.1, **kw)
        o2.set_lr_mult({1: 3.0})
        o1.set_lr_mult({1: 3.0})
        a = [tg.nd.array(w) for w in ws0]
        b = [tg.nd.array(w) for w in ws0]
        sa = [o1.create_state(i, w) for i, w in enumerate(a)]
        sb = [o2.create_state(i, w) for i, w in enumerate(b)]
        for _ in range(3):
            for i in range(3):
                o1.update(i, a[i], tg.nd.array(gs[i]), sa[i])
            o2.update([0, 1, 2], b, [tg.nd.array(g) for g in gs], sb)
        for x, y in zip(a, b):
            assert np.array_equal(x.asnumpy(), y.asnumpy())
        assert o1.num_update == o2.num_update == 3


def test_fused_vs_unfused_identical():
    rng = np.random.RandomState(4)
    ws0 = [rng.randn(7, 3).astype(np.float32) for _ in range(6)]
    gs = [rng.randn(7, 3).astype(np.float32) for _ in range(6)]
    res = []
    for fused in (True, False):
        opt = topt.SGD(learning_rate=0.1, momentum=0.9, wd=0.01)
        opt.use_fused_step = fused
        upd = topt.get_updater(opt)
        ws = [tg.nd.array(w) for w in ws0]
        for _ in range(3):
            upd(list(range(6)), [tg.nd.array(g) for g in gs], ws)
        res.append([w.asnumpy() for w in ws])
    for x, y in zip(*res):
        assert np.array_equal(x, y)


def test_update_on_autograd_leaf_in_place():
    w = tg.nd.array(np.ones(3, np.float32))
    w.attach_grad()
    t = w._t
    opt = topt.SGD(learning_rate=0.5)
    opt.update(0, w, tg.nd.ones((3,)), None)
    assert w._t is t and t.requires_grad
    np.testing.assert_allclose(w.asnumpy(), 0.5)


def test_adadelta_scales_callers_grad_in_place():
    for lib in (mx, tg):
        opt = lib.optimizer.AdaDelta(rescale_grad=0.5)
        w, g = lib.nd.ones((3,)), lib.nd.ones((3,)) * 2
        opt.update(0, w, g, opt.create_state(0, w))
        np.testing.assert_allclose(g.asnumpy(), 1.0)


def test_create_and_errors():
    assert type(topt.create("SGD")).__name__ == "SGD"
    assert topt.create("adam").learning_rate == mx.optimizer.create("adam").learning_rate
    for lib in (mx, tg):
        with pytest.raises(ValueError, match="Cannot find optimizer nosuch"):
            lib.optimizer.create("nosuch")
        with pytest.raises(TypeError):
            lib.optimizer.create("sgd", bogus=1)
    for lib in (mx, tg):  # `sym` must be a Symbol (its attr_dict is read)
        with pytest.raises(AttributeError, match="attr_dict"):
            lib.optimizer.SGD(sym=object())


def test_sym_lr_wd_mult():
    for lib in (mx, tg):
        w = lib.sym.var("fc_weight", lr_mult=2.0, wd_mult=0.5)
        net = lib.sym.FullyConnected(lib.sym.var("data"), weight=w, num_hidden=3, name="fc")
        opt = lib.optimizer.SGD(sym=net, param_idx2name={0: "fc_weight", 1: "fc_bias"})
        assert opt.lr_mult == {"fc_weight": 2.0}
        assert opt.wd_mult == {"fc_bias": 0.0, "fc_weight": 0.5}


def test_defaults_match():
    for name in ("sgd", "nag", "adam", "rmsprop", "adagrad", "adadelta"):
        m, t = mx.optimizer.create(name), topt.create(name)
        assert t.learning_rate == m.learning_rate
        assert (t.wd, t.rescale_grad, t.clip_gradient) == (m.wd, m.rescale_grad, m.clip_gradient)
    assert topt.SGD().aggregate_num == mx.optimizer.SGD().aggregate_num
    assert topt.Adam().aggregate_num == mx.optimizer.Adam().aggregate_num == 0


def test_set_learning_rate_and_scheduler_guard(capsys):
    for lib in (mx, tg):
        opt = lib.optimizer.SGD()
        opt.set_learning_rate(0.3)
        assert opt.learning_rate == 0.3
        s = lib.lr_scheduler.FactorScheduler(step=1, base_lr=0.5)
        opt = lib.optimizer.SGD(lr_scheduler=s, learning_rate=0.2)
        assert s.base_lr == 0.2
        with pytest.raises(UserWarning, match="LRScheduler of the optimizer has already been defined"):
            opt.set_learning_rate(0.1)
    assert "overwritten" in capsys.readouterr().out


def test_register_custom():
    @topt.register
    class MyOpt(topt.Optimizer):
        def update(self, index, weight, grad, state):
            weight[:] += grad
    assert isinstance(topt.create("myopt"), MyOpt)


def test_updater_states_roundtrip():
    opt = topt.SGD(learning_rate=0.1, momentum=0.9)
    upd = topt.get_updater(opt)
    w = tg.nd.ones((3,))
    upd(0, tg.nd.ones((3,)), w)
    blob = upd.get_states(dump_optimizer=True)
    upd2 = topt.get_updater(topt.SGD())
    upd2.set_states(blob)
    assert upd2.optimizer.momentum == 0.9
    np.testing.assert_allclose(upd2.states[0].asnumpy(), upd.states[0].asnumpy())
