"""The rest of `mx.optimizer` against the real MXNet 1.9.1 oracle: 20+-step trajectories through
`get_updater` (wd, rescale_grad, clip_gradient, lr_mult/wd_mult, idx2name), float16 multi_precision,
registry, user subclasses, counting, and MXNet's quirks (DCASGD, Nadam, LAMB, Ftrl)."""
import math
import warnings

import numpy as np
import pytest

import mxnet as mx
import torch
import torch2gluon as tg

SHAPES = [(3, 4), (5,), (2, 2, 3)]
NAMES = {0: "fc_weight", 1: "fc_bias", 2: "bn_gamma"}


def _updater_trajectory(lib, name, kwargs, steps=20, dtype=np.float32, seed=1, mults=True, sched=None):
    """`steps` updater calls over three params (one list call per step); returns weights and optimizer."""
    rng = np.random.RandomState(seed)
    ws0 = [rng.randn(*s).astype(dtype) for s in SHAPES]
    grads = [[(rng.randn(*s) * 3).astype(dtype) for s in SHAPES] for _ in range(steps)]
    kw = dict(kwargs)
    if mults:
        kw["param_idx2name"] = NAMES
    if sched is not None:
        kw["lr_scheduler"] = sched(lib)
    opt = lib.optimizer.create(name, **kw)
    if mults:
        opt.set_lr_mult({0: 2.0, "bn_gamma": 0.5})
        opt.set_wd_mult({"bn_gamma": 3.0})
    upd = lib.optimizer.get_updater(opt)
    ws = [lib.nd.array(w, dtype=dtype) for w in ws0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for step in grads:
            upd(list(range(len(ws))), [lib.nd.array(g, dtype=dtype) for g in step], ws)
    return [w.asnumpy() for w in ws], opt


def _single_trajectory(lib, name, kwargs, steps=20, dtype=np.float32, seed=2):
    """`steps` rounds of `update_multi_precision(i, ...)` per param (no Updater)."""
    rng = np.random.RandomState(seed)
    ws0 = [rng.randn(*s).astype(dtype) for s in SHAPES]
    grads = [[(rng.randn(*s) * 3).astype(dtype) for s in SHAPES] for _ in range(steps)]
    opt = lib.optimizer.create(name, **kwargs)
    ws = [lib.nd.array(w, dtype=dtype) for w in ws0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        states = [opt.create_state_multi_precision(i, w) for i, w in enumerate(ws)]
        for step in grads:
            for i, (w, g) in enumerate(zip(ws, step)):
                opt.update_multi_precision(i, w, lib.nd.array(g, dtype=dtype), states[i])
    return [w.asnumpy() for w in ws], opt


def _close(got, want, rtol=2e-5, atol=2e-6):
    for g, w in zip(got, want):
        assert g.dtype == w.dtype
        np.testing.assert_allclose(g.astype(np.float64), w.astype(np.float64), rtol=rtol, atol=atol)


FULL = {"wd": 0.05, "rescale_grad": 0.5, "clip_gradient": 0.8}
CASES = [
    ("signum", {}),
    ("signum", dict(FULL, learning_rate=0.05, momentum=0.8, wd_lh=0.05)),
    ("signum", dict(FULL, learning_rate=0.05, momentum=0.0)),
    ("ftml", {}),
    ("ftml", dict(FULL, learning_rate=0.05, beta1=0.5, beta2=0.99, epsilon=1e-4)),
    ("ftrl", {}),
    ("ftrl", dict(FULL, learning_rate=0.3, lamda1=0.05, beta=0.5)),
    ("adamax", {}),
    ("adamax", dict(FULL, learning_rate=0.05, beta1=0.8, beta2=0.9)),
    ("nadam", {}),
    ("nadam", dict(FULL, learning_rate=0.05, schedule_decay=0.1, epsilon=1e-4)),
    ("dcasgd", {}),
    ("dcasgd", dict(FULL, learning_rate=0.05, lamda=0.5)),
    ("lamb", {}),
    ("lamb", dict(FULL, learning_rate=0.05, lower_bound=0.5, upper_bound=2.0)),
    ("lamb", dict(FULL, learning_rate=0.01, bias_correction=False, epsilon=1e-3)),
    ("lars", {}),
    ("lars", dict(FULL, learning_rate=0.05, momentum=0.9, eta=0.1, eps=0.01)),
    ("lars", dict(FULL, learning_rate=0.05, momentum=0.9, eta=0.1, momentum_correction=False)),
    ("lbsgd", dict(FULL, momentum=0.9)),
    ("lbsgd", dict(FULL, momentum=0.9, batch_scale=2, learning_rate=0.1, warmup_epochs=1,
                   updates_per_epoch=4)),
    ("lbsgd", dict(FULL, warmup_strategy="power2", batch_scale=3, warmup_epochs=1, updates_per_epoch=8)),
    ("lbsgd", dict(FULL, warmup_strategy="sqrt", batch_scale=3, warmup_epochs=1, updates_per_epoch=8)),
    ("lbsgd", dict(FULL, momentum=0.9, warmup_strategy="lars")),
    ("ccsgd", dict(FULL, momentum=0.9, learning_rate=0.1)),
    ("test", {"rescale_grad": 0.5}),
    # the optimizers that existed before, through the Updater with multipliers and names
    ("sgd", dict(FULL, momentum=0.9, learning_rate=0.1)),
    ("nag", dict(FULL, momentum=0.9, learning_rate=0.1)),
    ("adam", dict(FULL, learning_rate=0.01)),
    ("rmsprop", dict(FULL, learning_rate=0.01, centered=True)),
    ("adagrad", dict(FULL, learning_rate=0.1)),
    ("adadelta", dict(FULL)),
    # unclipped: SGD and Adam take torch's fused kernels
    ("sgd", {"momentum": 0.9, "wd": 0.05, "rescale_grad": 0.25, "learning_rate": 0.1}),
    ("sgd", {"wd": 0.05, "rescale_grad": 0.25, "learning_rate": 0.1}),
    ("adam", {"wd": 0.05, "rescale_grad": 0.25, "learning_rate": 0.01}),
    ("adam", {"learning_rate": 0.01, "epsilon": 0.1}),
]


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_updater_trajectory_matches_mxnet(name, kwargs):
    want, mopt = _updater_trajectory(mx, name, kwargs)
    got, topt = _updater_trajectory(tg, name, kwargs)
    _close(got, want)
    assert topt.num_update == mopt.num_update == (0 if name == "test" else 20)
    assert topt._index_update_count == mopt._index_update_count


@pytest.mark.parametrize("name,kwargs", CASES[:26], ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES[:26])])
def test_single_update_trajectory_matches_mxnet(name, kwargs):
    want, _ = _single_trajectory(mx, name, kwargs)
    got, _ = _single_trajectory(tg, name, kwargs)
    _close(got, want)


MP = ["sgd", "nag", "adam", "signum", "ftml", "ftrl", "adamax", "nadam", "lamb", "lars", "lbsgd",
      "rmsprop", "adagrad", "adadelta", "dcasgd"]


@pytest.mark.parametrize("name", MP)
@pytest.mark.parametrize("path", ["updater", "single"])
def test_float16_multi_precision(name, path):
    kw = {"multi_precision": True, "learning_rate": 0.05, "wd": 0.01}
    if name in ("sgd", "nag", "signum", "lars", "lbsgd"):
        kw["momentum"] = 0.9
    run = _updater_trajectory if path == "updater" else _single_trajectory
    want, _ = run(mx, name, kw, dtype=np.float16)
    got, _ = run(tg, name, kw, dtype=np.float16)
    _close(got, want, rtol=1e-3, atol=1e-3)


@pytest.mark.parametrize("name", ["signum", "ftml", "adamax", "nadam", "lamb", "lars"])
def test_float64_weights(name):
    kw = {"learning_rate": 0.05, "wd": 0.01}
    want, _ = _updater_trajectory(mx, name, kw, dtype=np.float64, mults=False)
    got, _ = _updater_trajectory(tg, name, kw, dtype=np.float64, mults=False)
    _close(got, want, rtol=1e-6, atol=1e-8)


def _poly(lib):
    return lib.lr_scheduler.PolyScheduler(max_update=15, base_lr=0.1, pwr=2, warmup_steps=3,
                                          warmup_begin_lr=0.01)


def _factor(lib):
    return lib.lr_scheduler.FactorScheduler(step=4, factor=0.5, base_lr=0.1)


@pytest.mark.parametrize("name,kw", [("lars", {"momentum": 0.9, "eta": 0.5}), ("lamb", {}),
                                     ("signum", {}), ("nadam", {}), ("ftml", {})])
@pytest.mark.parametrize("sched", [_poly, _factor])
def test_scheduler_through_updater(name, kw, sched):
    want, mopt = _updater_trajectory(mx, name, kw, sched=sched)
    got, topt = _updater_trajectory(tg, name, kw, sched=sched)
    _close(got, want)
    assert topt.learning_rate == pytest.approx(mopt.learning_rate)


def test_lars_momentum_correction_tracks_lr_changes():
    for lib in (mx, tg):
        pass
    want, mopt = _updater_trajectory(mx, "lars", {"momentum": 0.9, "eta": 1.0}, sched=_factor)
    got, topt = _updater_trajectory(tg, "lars", {"momentum": 0.9, "eta": 1.0}, sched=_factor)
    _close(got, want)
    assert (topt.cur_lr, topt.last_lr) == pytest.approx((mopt.cur_lr, mopt.last_lr))


def test_aggregation_chunks_like_mxnet(monkeypatch):
    """LARS with MXNET_OPTIMIZER_AGGREGATION_SIZE=2: the scheduler is read once per chunk of two."""
    monkeypatch.setenv("MXNET_OPTIMIZER_AGGREGATION_SIZE", "2")
    want, mopt = _updater_trajectory(mx, "lars", {"momentum": 0.9}, sched=_factor)
    got, topt = _updater_trajectory(tg, "lars", {"momentum": 0.9}, sched=_factor)
    assert topt.aggregate_num == mopt.aggregate_num == 2
    _close(got, want)


def test_defaults_and_registry_match():
    names = sorted(mx.optimizer.Optimizer.opt_registry)
    assert sorted(tg.optimizer.Optimizer.opt_registry) == names
    for name in names:
        if name == "groupadagrad":
            m, t = mx.optimizer.contrib.GroupAdaGrad(), tg.optimizer.contrib.GroupAdaGrad()
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m, t = mx.optimizer.create(name), tg.optimizer.create(name)
        assert type(t).__name__ == type(m).__name__
        assert t.learning_rate == m.learning_rate, name
        assert t.aggregate_num == m.aggregate_num, name
        skip = {"sym_info", "param_dict", "allow_np_array", "_all_index_update_counts",
                "_index_update_count", "use_fused_step"}
        mv = {k: v for k, v in vars(m).items() if k not in skip}
        tv = {k: v for k, v in vars(t).items() if k not in skip}
        assert tv == mv, name


def test_create_is_case_insensitive_and_unknown_raises():
    for lib in (mx, tg):
        assert type(lib.optimizer.create("LaMb")).__name__ == "LAMB"
        assert type(lib.optimizer.Optimizer.create_optimizer("FTML")).__name__ == "FTML"
        with pytest.raises(ValueError, match="Cannot find optimizer adamw"):
            lib.optimizer.create("adamw")
        with pytest.raises(TypeError):
            lib.optimizer.create("signum", bogus=1)
        assert not hasattr(lib.optimizer, "AdamW") and not hasattr(lib.optimizer, "LANS")


def test_user_subclass_register_create_state_update(mx):
    @mx.optimizer.Optimizer.register
    class HalfStep(mx.optimizer.Optimizer):
        def create_state(self, index, weight):
            return mx.nd.zeros(weight.shape)

        def update(self, index, weight, grad, state):
            self._update_count(index)
            lr = self._get_lr(index)
            state[:] = state * 0.5 + grad
            weight[:] -= lr * state

    opt = mx.optimizer.create("halfstep", learning_rate=0.5, begin_num_update=7)
    upd = mx.optimizer.get_updater(opt)
    w = mx.nd.array([1.0, 2.0])
    for _ in range(3):
        upd(0, mx.nd.array([1.0, -1.0]), w)
    # state: 1, 1.5, 1.75 -> w -= 0.5*(1 + 1.5 + 1.75) = 2.125
    np.testing.assert_allclose(w.asnumpy(), [1 - 2.125, 2 + 2.125], rtol=1e-6)
    assert opt.num_update == 10 and opt._index_update_count == {0: 10}
    np.testing.assert_allclose(upd.states[0].asnumpy(), [1.75, -1.75])


def test_user_subclass_of_sgd_gets_chunked_list_calls():
    """An SGD subclass overriding update_multi_precision receives MXNet's chunks of aggregate_num."""
    seen = {}
    for lib in (mx, tg):
        calls = []

        class Spy(lib.optimizer.SGD):
            def update_multi_precision(self, index, weight, grad, state):
                calls.append(list(index) if isinstance(index, (list, tuple)) else index)
                super().update_multi_precision(index, weight, grad, state)

        upd = lib.optimizer.get_updater(Spy(learning_rate=0.1))
        ws = [lib.nd.ones((2,)) for _ in range(6)]
        upd(list(range(6)), [lib.nd.ones((2,)) for _ in range(6)], ws)
        seen[lib.__name__] = (calls, ws[5].asnumpy().tolist())
    assert seen["mxnet"] == seen["torch2gluon"]


def test_set_lr_mult_wd_mult_defaults_from_names(mx):
    opt = mx.optimizer.LARS(wd=0.1, param_idx2name={0: "a_weight", 1: "a_bias", 2: "b_gamma"})
    assert opt._get_wds([0, 1, 2]) == [0.1, 0.0, 0.0]  # LARS: only *_weight keeps wd
    opt = mx.optimizer.Signum(wd=0.1, param_idx2name={0: "a_weight", 1: "a_bias", 2: "b_gamma"})
    assert opt._get_wds([0, 1, 2]) == [0.1, 0.0, 0.1]
    opt.set_lr_mult({"a_bias": 3.0, 2: 0.5})
    opt.set_wd_mult({"a_bias": 2.0})
    assert opt._get_lrs([0, 1, 2]) == pytest.approx([0.01, 0.03, 0.005])
    assert opt._get_wds([0, 1, 2]) == pytest.approx([0.1, 0.2, 0.1])


def test_dcasgd_with_momentum_fails_like_mxnet():
    for lib in (mx, tg):
        opt = lib.optimizer.DCASGD(momentum=0.9)
        w = lib.nd.ones((3,))
        with pytest.raises(ValueError, match="ambiguous"):
            opt.update(0, w, lib.nd.ones((3,)), opt.create_state(0, w))
        w = lib.nd.ones((1,))
        with pytest.raises(AssertionError):
            opt.update(0, w, lib.nd.ones((1,)), opt.create_state(0, w))


def test_nadam_schedule_is_shared_across_params():
    for lib in (mx, tg):
        opt = lib.optimizer.Nadam()
        for i in range(3):
            w = lib.nd.ones((2,))
            opt.update(i, w, lib.nd.ones((2,)), opt.create_state(i, w))
        m = 1.0
        for _ in range(3):
            m *= 0.9 * (1 - 0.5 * 0.96 ** 0.004)
        assert opt.m_schedule == pytest.approx(m)


def test_lamb_single_path_multi_precision_keeps_master():
    """MXNet 1.9.1's single-param mp LAMB writes the float16 weight but never its float32 master."""
    for lib in (mx, tg):
        opt = lib.optimizer.LAMB(multi_precision=True, learning_rate=0.05)
        w = lib.nd.array([1.0, -2.0, 0.5], dtype="float16")
        st = opt.create_state_multi_precision(0, w)
        for _ in range(3):
            opt.update_multi_precision(0, w, lib.nd.array([0.3, 0.3, -0.3], dtype="float16"), st)
        np.testing.assert_array_equal(st[0].asnumpy(), [1.0, -2.0, 0.5])
        assert not np.array_equal(w.asnumpy(), [1.0, -2.0, 0.5])


def test_ftrl_learning_rate_with_scheduler():
    for lib in (mx, tg):
        s = lib.lr_scheduler.FactorScheduler(step=5, base_lr=0.7)
        opt = lib.optimizer.Ftrl(lr_scheduler=s, learning_rate=0.2)
        assert opt.lr == 0.2 and s.base_lr == 0.7 and opt.learning_rate == 0.7


def test_group_adagrad_matches_and_rejects_wd():
    rng = np.random.RandomState(5)
    w0, gs = rng.randn(4, 3).astype(np.float32), rng.randn(20, 4, 3).astype(np.float32)
    out = []
    for lib in (mx, tg):
        opt = lib.optimizer.contrib.GroupAdaGrad(learning_rate=0.1, clip_gradient=1.0, rescale_grad=0.5)
        upd = lib.optimizer.get_updater(opt)
        w = lib.nd.array(w0)
        for g in gs:
            upd(0, lib.nd.array(g), w)
        out.append(w.asnumpy())
        opt = lib.optimizer.contrib.GroupAdaGrad(wd=0.1)
        with pytest.raises(AssertionError, match="Weight decay is not supported"):
            opt.update(0, w, lib.nd.array(gs[0]), opt.create_state(0, w))
    np.testing.assert_allclose(out[1], out[0], rtol=1e-5, atol=1e-6)


def test_sgld_drift_and_noise():
    """SGLD: w += -lr/2*(g + wd*w) + N(0, lr); the noise uses torch2gluon's seeded generator."""
    lr, wd = 0.04, 0.1
    opt = tg.optimizer.SGLD(learning_rate=lr, wd=wd, rescale_grad=2.0, clip_gradient=1.0)
    w0 = np.linspace(-1, 1, 200000).astype(np.float32)
    g = np.full_like(w0, 0.3)
    w = tg.nd.array(w0)
    tg.random.seed(3)
    opt.update(0, w, tg.nd.array(g), None)
    noise = w.asnumpy() - (w0 - lr / 2 * (np.clip(2 * g, -1, 1) + wd * w0))
    assert abs(noise.mean()) < 4 * math.sqrt(lr / noise.size)
    assert noise.std() == pytest.approx(math.sqrt(lr), rel=0.01)
    tg.random.seed(3)
    w2 = tg.nd.array(w0)
    tg.optimizer.SGLD(learning_rate=lr, wd=wd, rescale_grad=2.0, clip_gradient=1.0).update(
        0, w2, tg.nd.array(g), None)
    np.testing.assert_array_equal(w2.asnumpy(), w.asnumpy())


def test_lazy_update_dense_identical():
    for name, kw in (("sgd", {"momentum": 0.9}), ("adam", {}), ("lars", {"momentum": 0.9})):
        a, _ = _updater_trajectory(tg, name, dict(kw, lazy_update=True), steps=5)
        b, _ = _updater_trajectory(tg, name, dict(kw, lazy_update=False), steps=5)
        for x, y in zip(a, b):
            np.testing.assert_array_equal(x, y)


def test_csr_weight_storage_is_refused():   # row_sparse weights, gradients and lazy updates: tests/sparse
    with pytest.raises(NotImplementedError, match="stype"):
        tg.gluon.Parameter("w", shape=(3, 2), stype="csr")


def test_trainer_with_new_optimizers():
    """gluon.Trainer drives the new optimizers exactly as MXNet's does."""
    out = []
    for lib in (mx, tg):
        net = lib.gluon.nn.Dense(3, in_units=4, prefix="d_")
        net.initialize(lib.init.Constant(0.1))
        tr = lib.gluon.Trainer(net.collect_params(), "lamb", {"learning_rate": 0.05, "wd": 0.01})
        x = lib.nd.array(np.arange(8, dtype=np.float32).reshape(2, 4) / 8)
        for _ in range(5):
            with lib.autograd.record():
                loss = (net(x) ** 2).sum()
            loss.backward()
            tr.step(2)
        out.append(net.weight.data().asnumpy())
    np.testing.assert_allclose(out[1], out[0], rtol=1e-5, atol=1e-6)


def test_updater_states_pickle_roundtrip_new_optimizer():
    opt = tg.optimizer.LAMB(learning_rate=0.1)
    upd = tg.optimizer.get_updater(opt)
    w = tg.nd.ones((3,))
    upd([0], [tg.nd.ones((3,))], [w])
    blob = upd.get_states(dump_optimizer=True)
    upd2 = tg.optimizer.get_updater(tg.optimizer.SGD())
    upd2.set_states(blob)
    assert isinstance(upd2.optimizer, tg.optimizer.LAMB) and upd2.optimizer.num_update == 1
    np.testing.assert_allclose(upd2.states[0][0].asnumpy(), upd.states[0][0].asnumpy())
    assert torch.is_tensor(upd2.states[0][1]._t)


def test_adam_subclass_overriding_update_gets_per_index_calls():
    """The Updater's one-pass Adam path is skipped for subclasses that override update (MXNet calls it)."""
    seen = {}
    for lib in (mx, tg):
        calls = []

        class Spy(lib.optimizer.Adam):
            def update(self, index, weight, grad, state):
                calls.append(index)
                super().update(index, weight, grad, state)

        upd = lib.optimizer.get_updater(Spy(learning_rate=0.1))
        ws = [lib.nd.ones((2,)) for _ in range(3)]
        upd([0, 1, 2], [lib.nd.ones((2,)) for _ in range(3)], ws)
        seen[lib.__name__] = (calls, ws[2].asnumpy().tolist())
    assert seen["mxnet"] == seen["torch2gluon"]


def test_optimizer_submodule_path(mx):
    from importlib import import_module
    sub = import_module(mx.__name__ + ".optimizer.optimizer")
    for name in ("SGD", "LAMB", "FTML", "Ftrl", "Updater", "get_updater", "Optimizer", "register", "create"):
        assert getattr(sub, name) is getattr(mx.optimizer, name)
    assert mx.optimizer.contrib.GroupAdaGrad is mx.optimizer.Optimizer.opt_registry["groupadagrad"]
