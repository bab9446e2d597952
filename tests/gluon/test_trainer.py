"""gluon.Trainer against the real MXNet 1.9.1 oracle: trajectories, rescale, stale grads, lr, states."""
import numpy as np
import pytest

import mxnet as mx
import torch2gluon as tg
import torch2gluon.lr_scheduler  # noqa: F401  (mx.lr_scheduler; not yet imported by torch2gluon/__init__)

R = np.random.RandomState(0)
X = R.randn(6, 5).astype(np.float32)
Y = R.randint(0, 3, (6,)).astype(np.float32)
W1, B1 = R.randn(4, 5).astype(np.float32), R.randn(4).astype(np.float32)
W2, B2 = R.randn(3, 4).astype(np.float32), R.randn(3).astype(np.float32)


def _net(lib, ctx=None):
    net = lib.gluon.nn.HybridSequential(prefix="net_")
    with net.name_scope():
        net.add(lib.gluon.nn.Dense(4, in_units=5, activation="relu"))
        net.add(lib.gluon.nn.Dense(3, in_units=4))
    net.initialize(ctx=ctx)
    ps = net.collect_params()
    for k, v in zip(sorted(ps.keys()), [B1, W1, B2, W2]):
        ps[k].set_data(lib.nd.array(v))
    return net


def _train(lib, optimizer, oparams, steps=4, batch_size=6, setup=None, ctx=None, **tkw):
    net = _net(lib, ctx)
    params = net.collect_params()
    if setup:
        setup(params)
    tr = lib.gluon.Trainer(params, optimizer, oparams, **tkw)
    lf = lib.gluon.loss.SoftmaxCrossEntropyLoss()
    ctxs = ctx if isinstance(ctx, list) else [ctx or lib.cpu()]
    lrs = [tr.learning_rate]
    for _ in range(steps):
        with lib.autograd.record():
            losses = [lf(net(lib.nd.array(x, ctx=c)), lib.nd.array(y, ctx=c))
                      for c, x, y in zip(ctxs, np.array_split(X, len(ctxs)), np.array_split(Y, len(ctxs)))]
        for l in losses:
            l.backward()
        tr.step(batch_size)
        lrs.append(tr.learning_rate)
    return {k: [d.asnumpy() for d in p.list_data()] for k, p in params.items()}, lrs, tr


def _cmp(*args, **kw):
    (mw, mlr, mtr), (tw, tlr, ttr) = _train(mx, *args, **kw), _train(tg, *args, **kw)
    assert sorted(mw) == sorted(tw)
    for k in mw:
        for a, b in zip(mw[k], tw[k]):
            np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-5, err_msg=k)
    assert tlr == pytest.approx(mlr)
    assert ttr._optimizer.rescale_grad == pytest.approx(mtr._optimizer.rescale_grad)
    assert ttr._optimizer.num_update == mtr._optimizer.num_update
    return mtr, ttr


@pytest.mark.parametrize("optimizer,oparams", [
    ("sgd", {"learning_rate": 0.1}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01, "clip_gradient": 0.05, "rescale_grad": 2.0}),
    ("nag", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
    ("adam", {"learning_rate": 0.01, "wd": 0.01}),
    ("rmsprop", {"learning_rate": 0.01, "centered": True}),
    ("adagrad", {"learning_rate": 0.1}),
    ("adadelta", {}),
])
def test_trajectory(optimizer, oparams):
    _cmp(optimizer, oparams)


def test_lr_mult_wd_mult():
    def setup(params):
        params["net_dense0_weight"].lr_mult = 2.0
        params["net_dense1_bias"].wd_mult = 0.0
        params["net_dense1_weight"].lr_mult = 0.5
    _cmp("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.1}, setup=setup)


def test_grad_req_null_and_add():
    def setup(params):
        params["net_dense0_bias"].grad_req = "null"
    _cmp("sgd", {"learning_rate": 0.1, "momentum": 0.5}, setup=setup)

    def setup_add(params):
        params.setattr("grad_req", "add")
    _cmp("sgd", {"learning_rate": 0.01}, setup=setup_add)


@pytest.mark.parametrize("sched", ["factor", "multi", "cosine"])
def test_scheduler(sched):
    def mk(lib):
        if sched == "factor":
            return lib.lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=0.2)
        if sched == "multi":
            return lib.lr_scheduler.MultiFactorScheduler(step=[1, 3], factor=0.1, base_lr=0.2)
        return lib.lr_scheduler.CosineScheduler(max_update=5, base_lr=0.2, warmup_steps=2)
    (mw, mlr, _), (tw, tlr, _) = [_train(lib, "sgd", {"momentum": 0.9, "lr_scheduler": mk(lib)}, steps=5)
                                  for lib in (mx, tg)]
    assert tlr == pytest.approx(mlr)
    for k in mw:
        np.testing.assert_allclose(tw[k][0], mw[k][0], rtol=1e-5, atol=1e-5)


def test_rescale_from_optimizer_instance():
    for lib in (mx, tg):
        net = _net(lib)
        o = lib.optimizer.SGD(rescale_grad=2.0)
        tr = lib.gluon.Trainer(net.collect_params(), o)
        with lib.autograd.record():
            l = net(lib.nd.array(X)).sum()
        l.backward()
        tr.step(4)
        assert o.rescale_grad == 0.5
        assert tr._kvstore_params == {"kvstore": "device", "update_on_kvstore": None}


def _stale(lib, **kw):
    net = _net(lib)
    tr = lib.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "wd": 0.1})
    return net, tr


def test_stale_gradient_raises_and_ignore_skips():
    out = {}
    for lib in (mx, tg):
        net, tr = _stale(lib)
        with pytest.raises(UserWarning, match="has not been updated by backward since last `step`"):
            tr.step(1)
        with lib.autograd.record():
            l = net[0](lib.nd.array(X)).sum()   # only the first layer gets grads
        l.backward()
        with pytest.raises(UserWarning, match="net_dense1_bias"):
            tr.step(1)
        tr.step(1, ignore_stale_grad=True)
        with pytest.raises(UserWarning):
            tr.step(1)
        out[lib] = {k: p.data().asnumpy() for k, p in net.collect_params().items()}
    for k in out[mx]:
        np.testing.assert_allclose(out[tg][k], out[mx][k], rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(out[tg]["net_dense1_weight"], W2)


def test_learning_rate_and_set():
    for lib in (mx, tg):
        net = _net(lib)
        tr = lib.gluon.Trainer(net.collect_params(), "sgd")
        assert tr.learning_rate == 0.01
        tr.set_learning_rate(0.5)
        assert tr.learning_rate == 0.5 and tr.optimizer.lr == 0.5
        s = lib.lr_scheduler.FactorScheduler(step=1, base_lr=0.3)
        tr = lib.gluon.Trainer(net.collect_params(), "sgd", {"lr_scheduler": s})
        assert tr.learning_rate == 0.3
        with pytest.raises(UserWarning):
            tr.set_learning_rate(0.1)


def test_constructor_errors():
    for lib in (mx, tg):
        net = _net(lib)
        with pytest.raises(ValueError, match="Cannot find optimizer"):
            lib.gluon.Trainer(net.collect_params(), "nosuch")
        with pytest.raises(ValueError, match="First argument must be a list or dict of Parameters"):
            lib.gluon.Trainer(net.collect_params()["net_dense0_weight"], "sgd")
        with pytest.raises(ValueError, match="First argument must be a list or dict of Parameters"):
            lib.gluon.Trainer([1, 2], "sgd")
        with pytest.raises(AssertionError, match="optimizer_params must be None"):
            lib.gluon.Trainer(net.collect_params(), lib.optimizer.SGD(), {"learning_rate": 1})
        with pytest.raises(TypeError):
            lib.gluon.Trainer(net.collect_params(), "sgd", {"bogus": 1})
    # compression_params is used only when a kvstore is created (MXNet: several devices or dist), where we refuse
    net = _net(tg, ctx=[tg.cpu(0), tg.cpu(1)])
    tr = tg.gluon.Trainer(net.collect_params(), "sgd", compression_params={"type": "2bit"})
    with pytest.raises(NotImplementedError, match="compression_params"):
        tr._init_kvstore()
    net = _net(tg)
    tr = tg.gluon.Trainer(net.collect_params(), "sgd", kvstore="dist_sync")  # resolved lazily, as MXNet
    with pytest.raises(tg.MXNetError, match="torchrun"):
        tr.step(1)


def test_list_of_params_and_dict():
    for lib in (mx, tg):
        net = _net(lib)
        ps = list(net.collect_params().values())
        tr = lib.gluon.Trainer(ps, "sgd")
        assert tr._params == ps
        tr = lib.gluon.Trainer(dict(net.collect_params().items()), "sgd")
        assert [p.name for p in tr._params] == sorted(p.name for p in ps)


def test_deferred_params_step_raises_runtime_error():
    for lib in (mx, tg):
        net = lib.gluon.nn.Dense(3)
        net.initialize()
        tr = lib.gluon.Trainer(net.collect_params(), "sgd")
        with pytest.raises(RuntimeError):
            tr.step(1)


def test_uninitialized_params_raise():
    for lib in (mx, tg):
        net = lib.gluon.nn.Dense(3, in_units=2)
        with pytest.raises(RuntimeError):
            lib.gluon.Trainer(net.collect_params(), "sgd")


def test_step_does_not_zero_grads():
    net = _net(tg)
    tr = tg.gluon.Trainer(net.collect_params(), "sgd")
    with tg.autograd.record():
        l = net(tg.nd.array(X)).sum()
    l.backward()
    g = net[0].weight.grad().asnumpy().copy()
    tr.step(1)
    np.testing.assert_array_equal(net[0].weight.grad().asnumpy(), g)


def test_save_load_states(tmp_path):
    res = {}
    for lib in (mx, tg):
        _, _, tr = _train(lib, "sgd", {"learning_rate": 0.1, "momentum": 0.9}, steps=2)
        f = str(tmp_path / f"{lib.__name__}.states")
        tr.save_states(f)
        net = _net(lib)
        tr2 = lib.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.7})
        tr2.load_states(f)
        assert tr2.learning_rate == pytest.approx(0.1)
        assert tr2.optimizer.momentum == 0.9
        assert tr2.optimizer.param_dict[0] is tr2._params[0]
        res[lib] = {k: v.asnumpy() for k, v in tr2._updaters[0].states.items()}
    for k in res[mx]:
        np.testing.assert_allclose(res[tg][k], res[mx][k], rtol=1e-5, atol=1e-6)


def _multi_ctx_run(lib, uok, optimizer, oparams, steps=3, split=False):
    """Two CPU contexts; per-context grads written by hand (flagged fresh as backward would)."""
    net = _net(lib, [lib.cpu(0), lib.cpu(1)])
    params = net.collect_params()
    tr = lib.gluon.Trainer(params, optimizer, oparams, update_on_kvstore=uok)
    rng = np.random.RandomState(7)
    grads_seen = []
    for _ in range(steps):
        for p in params.values():
            for g, d in zip(p.list_grad(), p.list_data()):
                g[:] = lib.nd.array(rng.randn(*g.shape).astype(np.float32), ctx=g.context)
                d._fresh_grad = True
        if split:
            tr.allreduce_grads()
            tr.update(6)
        else:
            tr.step(6)
        grads_seen.append([g.asnumpy() for p in params.values() for g in p.list_grad()])
    return {k: [d.asnumpy() for d in p.list_data()] for k, p in params.items()}, grads_seen, tr


@pytest.mark.parametrize("uok,split", [(None, False), (False, False), (True, False), (False, True)])
@pytest.mark.parametrize("optimizer,oparams", [("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
                                               ("adam", {"learning_rate": 0.1})])
def test_multi_context(uok, split, optimizer, oparams):
    (mw, mg, mtr), (tw, tgs, ttr) = [_multi_ctx_run(lib, uok, optimizer, oparams, split=split) for lib in (mx, tg)]
    for k in mw:
        for a, b in zip(mw[k], tw[k]):
            np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)
    for a, b in zip(mg, tgs):
        for x, y in zip(a, b):
            np.testing.assert_allclose(y, x, rtol=1e-5, atol=1e-6)
    assert ttr._update_on_kvstore == mtr._update_on_kvstore


def test_allreduce_guard_on_kvstore():
    for lib in (mx, tg):
        net = _net(lib, [lib.cpu(0), lib.cpu(1)])
        tr = lib.gluon.Trainer(net.collect_params(), "sgd")
        with pytest.raises(AssertionError):
            tr.allreduce_grads()
        with pytest.raises(AssertionError):
            tr.update(1)
