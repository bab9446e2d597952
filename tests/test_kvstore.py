"""mx.kv / mx.kvstore (single process) against the real MXNet 1.9.1 oracle: init/push/pull sequences,
multiple values per key, set_optimizer, states, errors; plus Trainer with kvstore objects."""
import warnings

import numpy as np
import pytest

import mxnet
import torch2gluon as tg
from tests.oracle import check

R = np.random.RandomState(3)
A = R.randn(2, 3).astype(np.float32)
B = R.randn(2, 3).astype(np.float32)
C = R.randn(2, 3).astype(np.float32)


def _pull(mx, kv, key, shape=(2, 3), n=1, ctxs=None):
    ctxs = ctxs or [mx.cpu()] * n
    outs = [mx.nd.zeros(shape, ctx=c) for c in ctxs]
    kv.pull(key, out=outs if n > 1 or len(ctxs) > 1 else outs[0])
    return outs


@pytest.mark.parametrize("name", ["local", "device", "LOCAL", "Device", "local_allreduce_cpu", "foo",
                                  "teststore"])
def test_create_type(name):
    check(lambda mx: (mx.kv.create(name).type, type(mx.kv.create(name)).__name__))


def test_create_bad_name_type():
    check(lambda mx: mx.kv.create(1), raises=TypeError)


def test_module_aliases():
    assert tg.kv is tg.kvstore
    assert tg.kv.KVStore is tg.kvstore.kvstore.KVStore
    assert tg.kv.KVStoreBase is tg.kvstore.base.KVStoreBase
    assert set(mxnet.kv.__all__ if hasattr(mxnet.kv, "__all__") else ["create", "KVStore", "KVStoreBase",
                                                                       "KVStoreServer"]) <= set(dir(tg.kv))


@pytest.mark.parametrize("name", ["local", "device"])
def test_init_push_pull_sequence(name):
    def run(mx):
        kv = mx.kv.create(name)
        out = {"rank": kv.rank, "workers": kv.num_workers, "cap": kv.is_capable("OPTIMIZER")}
        kv.init(3, mx.nd.array(A))
        out["init"] = _pull(mx, kv, 3)
        kv.push(3, [mx.nd.array(B), mx.nd.array(C)])          # several values: summed
        out["push_list"] = _pull(mx, kv, 3, n=2)             # one key pulled into two arrays
        kv.push(3, mx.nd.array(C))                           # one value replaces the stored one
        out["push_one"] = _pull(mx, kv, 3)
        kv.push([3, 3], [mx.nd.array(A), mx.nd.array(B)])   # repeated key in one call: summed too
        out["dup_key"] = _pull(mx, kv, 3)
        kv.init([5, 6], [mx.nd.array(A[0]), mx.nd.array(B)])
        kv.push([5, 6], [[mx.nd.array(A[1]), mx.nd.array(C[0])], mx.nd.array(C)])
        o5, o6 = mx.nd.zeros(3), mx.nd.zeros((2, 3))
        kv.pull([5, 6], out=[o5, o6])
        out["list_keys"] = [o5, o6]
        kv.push(6, [])                                       # nothing to push: a no-op
        out["empty_push"] = _pull(mx, kv, 6)
        return out
    check(run)


@pytest.mark.parametrize("name", ["local", "device"])
def test_str_keys_and_contexts(name):
    def run(mx):
        kv = mx.kv.create(name)
        kv.init(["w", "b"], [mx.nd.array(A), mx.nd.array(B[0])])
        kv.push("w", [mx.nd.array(B, ctx=mx.cpu(1)), mx.nd.array(C, ctx=mx.cpu(2))])
        outs = [mx.nd.zeros((2, 3), ctx=mx.cpu(1)), mx.nd.zeros((2, 3), ctx=mx.cpu(2))]
        kv.pull("w", out=outs)
        ob = mx.nd.zeros(3, dtype="float16")
        kv.pull("b", out=ob)                                 # pull casts to the out dtype
        return outs + [ob]
    check(run)


def test_pushpull_and_broadcast():
    def run(mx):
        kv = mx.kv.create("local")
        kv.init([0, 1], [mx.nd.zeros((2, 3)), mx.nd.zeros((2, 3))])
        vals = [mx.nd.array(A), mx.nd.array(B)]
        kv.pushpull(0, vals)                                 # in place: both get the sum
        o = mx.nd.zeros((2, 3))
        kv.pushpull(1, [mx.nd.array(C), mx.nd.array(A)], out=o)
        stored = _pull(mx, kv, 1)
        bo = [mx.nd.zeros((2, 3)), mx.nd.zeros((2, 3), ctx=mx.cpu(1))]
        kv.broadcast(7, mx.nd.array(B), out=bo)
        return vals + [o] + stored + bo
    check(run)


def test_single_push_is_kept_not_copied():
    def run(mx):
        kv = mx.kv.create("local")
        kv.init(0, mx.nd.zeros(2))
        a = mx.nd.ones(2) * 3
        kv.push(0, a)
        a += 1                                               # MXNet's store holds `a` itself
        b = mx.nd.ones(2) * 3
        kv.init(1, b)
        b += 1                                               # but init copies
        return _pull(mx, kv, 0, (2,)) + _pull(mx, kv, 1, (2,))
    check(run)


def test_push_without_optimizer_replaces_shape_and_dtype():
    def run(mx):
        kv = mx.kv.create("local")
        kv.init(0, mx.nd.zeros(2))
        kv.push(0, mx.nd.ones((3, 2), dtype="int32"))
        o = mx.nd.zeros((3, 2))
        kv.pull(0, out=o)
        return o
    check(run)


ERRORS = [
    ("kv.init(3, mx.nd.ones(2)); kv.init(3, mx.nd.ones(2))", None),
    ("kv.init(8, [mx.nd.ones(2), mx.nd.ones(2)])", None),
    ("kv.pull(4, out=mx.nd.zeros(2))", None),
    ("kv.push(4, mx.nd.zeros(2))", None),
    ("kv.init(3, mx.nd.ones((2, 3))); kv.pull(3, out=mx.nd.zeros((3, 2)))", None),
    ("kv.init(3, mx.nd.ones(2)); kv.init('w', mx.nd.ones(2))", None),
    ("kv.init([7, 'x'], [mx.nd.ones(2), mx.nd.ones(2)])", AssertionError),
    ("kv.init(3.0, mx.nd.ones(2))", AssertionError),
    ("kv.init(3, 5)", TypeError),
    ("kv.init([0, 1], [mx.nd.ones(2)])", AssertionError),
    ("kv.init(0, mx.nd.ones(2)); kv.pull(0)", AssertionError),
    ("kv.broadcast(1, mx.nd.ones(2), out=mx.nd.zeros(2)); kv.broadcast(1, mx.nd.ones(2), out=mx.nd.zeros(2))",
     None),
    ("kv.is_capable('foo')", ValueError),
    ("kv.save_optimizer_states('/nonexistent/x')", AssertionError),
    ("kv.load_optimizer_states('/nonexistent/x')", AssertionError),
    ("kv.set_gradient_compression({'type': '2bit'})", Exception),
    ("kv.init(0, mx.nd.ones(2)); kv.push(0, [mx.nd.ones(2, dtype='float16'), mx.nd.ones(2)]); "
     "o = mx.nd.zeros(2); kv.pull(0, out=o); o.asnumpy()", None),
]


@pytest.mark.parametrize("code,raises", ERRORS)
def test_errors(code, raises):
    def run(mx):
        kv = mx.kv.create("local")  # noqa: F841 - used by exec
        exec(code)  # noqa: S102
    check(run, raises=raises)


def test_gradient_compression_on_device_refused():
    with pytest.raises(NotImplementedError, match="compression"):
        tg.kv.create("device").set_gradient_compression({"type": "2bit"})


def test_barrier_and_counts():
    check(lambda mx: (mx.kv.create("device")._barrier(), mx.kv.create("device").rank,
                      mx.kv.create("device").num_workers))


@pytest.mark.parametrize("name,keys", [("local", [0, 1]), ("device", ["a", "b"])])
@pytest.mark.parametrize("optimizer,oparams", [("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
                                               ("adam", {"learning_rate": 0.05}),
                                               ("rmsprop", {"learning_rate": 0.05, "centered": True})])
def test_set_optimizer(name, keys, optimizer, oparams, tmp_path):
    fname = str(tmp_path / "states")

    def run(mx):
        kv = mx.kv.create(name)
        o = mx.optimizer.create(optimizer, **oparams)
        kv.set_optimizer(o)
        kv.init(keys, [mx.nd.array(A), mx.nd.array(B)])
        out = []
        for step in range(3):
            kv.push(keys[0], [mx.nd.array(C * (step + 1), ctx=mx.cpu(1)), mx.nd.array(B, ctx=mx.cpu(2))])
            out += _pull(mx, kv, keys[0], ctxs=[mx.cpu(1), mx.cpu(2)])     # pull after push: updated
        vals = [mx.nd.array(A)]
        kv.pushpull(keys[1], vals)                                         # pushpull writes the weight
        out += vals
        kv.push(keys[1], mx.nd.array(C))
        kv.push(keys[1], mx.nd.array(C))                                   # two pushes: two updates
        out += _pull(mx, kv, keys[1])
        kv.save_optimizer_states(fname, dump_optimizer=True)
        kv2 = mx.kv.create(name)
        kv2.set_optimizer(mx.optimizer.create(optimizer))
        kv2.load_optimizer_states(fname)
        kv2.init(keys[0], mx.nd.array(A))
        kv2.push(keys[0], mx.nd.array(B))
        out += _pull(mx, kv2, keys[0])
        return {"w": out, "num_update": o.num_update, "same": kv._updater.optimizer is o,
                "state_keys": sorted(kv._updater.states), "lr2": kv2._updater.optimizer.learning_rate}
    check(run, atol=1e-5, rtol=1e-5)


def test_set_optimizer_after_init():
    def run(mx):
        kv = mx.kv.create("local")
        kv.init(0, mx.nd.ones(2))
        kv.set_optimizer(mx.optimizer.SGD(learning_rate=0.5))
        kv.push(0, mx.nd.ones(2))
        return _pull(mx, kv, 0, (2,))
    check(run)


def test_register_custom_store():
    for mx in (mxnet, tg):
        class MyStoreKV(mx.kv.KVStoreBase):
            pass
        assert mx.kv.KVStoreBase.register(MyStoreKV) is MyStoreKV
        assert type(mx.kv.create("mystorekv")) is MyStoreKV
        assert type(mx.kv.create("MyStoreKV")) is MyStoreKV
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            mx.kv.KVStoreBase.register(MyStoreKV)
        assert any("is overriding existing kvstore" in str(x.message) for x in w)
        del mx.kv.KVStoreBase.kv_registry["mystorekv"]


def test_teststore():
    def run(mx):
        kv = mx.kv.create("teststore")
        vals = [mx.nd.array(A), mx.nd.array(B, ctx=mx.cpu(1))]
        kv.pushpull(0, vals)
        o = mx.nd.zeros((2, 3))
        kv.pushpull(0, [mx.nd.array(A), mx.nd.array(C)], out=o)
        bo = [mx.nd.zeros((2, 3)), mx.nd.zeros((2, 3))]
        kv.broadcast(0, mx.nd.array(C), out=bo)
        return vals + [o] + bo + [kv.is_capable("optimizer"), kv.rank, kv.num_workers, kv.type]
    check(run)


def test_dist_without_launch_env_raises(monkeypatch):
    for var in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"):
        monkeypatch.delenv(var, raising=False)
    for name in ("dist_sync", "dist_device_sync", "dist_async", "dist_sync_device", "horovod", "byteps"):
        with pytest.raises(tg.MXNetError, match="torchrun"):
            tg.kv.create(name)


def test_kvstore_server_refused():
    with pytest.raises(NotImplementedError, match="KVStoreServer"):
        tg.kv.KVStoreServer(None)


# ---------------------------------------------------------------- Trainer with kvstore objects and names
def _net(mx, ctx):
    net = mx.gluon.nn.Dense(3, in_units=4, prefix="d_")
    net.initialize(ctx=ctx)
    net.weight.set_data(mx.nd.array(R.randn(3, 4).astype(np.float32) * 0 + np.arange(12).reshape(3, 4) / 10))
    net.bias.set_data(mx.nd.array([0.1, -0.2, 0.3]))
    return net


X = np.random.RandomState(5).randn(4, 4).astype(np.float32)


def _train(mx, kvstore, ctx, steps=3, uok=None, opt_params=None):
    net = _net(mx, ctx)
    kv = mx.kv.create(kvstore) if kvstore in ("local", "device", "teststore") else kvstore
    tr = mx.gluon.Trainer(net.collect_params(), "sgd", opt_params or {"learning_rate": 0.1, "momentum": 0.5},
                          kvstore=kv, update_on_kvstore=uok)
    ctxs = ctx if isinstance(ctx, list) else [ctx]
    for _ in range(steps):
        for c, x in zip(ctxs, np.array_split(X, len(ctxs))):
            with mx.autograd.record():
                loss = (net(mx.nd.array(x, ctx=c)) ** 2).sum()
            loss.backward()
        tr.step(4)
    return {"w": [d for p in net.collect_params().values() for d in p.list_data()],
            "uok": tr._update_on_kvstore, "kv": tr._kvstore.type if tr._kvstore else None,
            "dist": tr._distributed}


@pytest.mark.parametrize("kvstore,ctx", [("local", "one"), ("device", "one"), ("local", "two"),
                                         ("teststore", "two"), (None, "two"), ("device", "two")])
@pytest.mark.parametrize("uok", [None, False])
def test_trainer_kvstore_objects(kvstore, ctx, uok):
    def run(mx):
        c = mx.cpu() if ctx == "one" else [mx.cpu(0), mx.cpu(1)]
        return _train(mx, kvstore, c, uok=uok)
    check(run)


def test_trainer_update_on_kvstore_true_with_incapable_store_raises():
    def run(mx):
        return _train(mx, "teststore", [mx.cpu(0), mx.cpu(1)], uok=True)
    check(run, raises=ValueError)


def test_trainer_on_kvstore_second_step_reuses_grads():
    """MXNet: with update_on_kvstore the stale-gradient flags are never cleared, so a second step without
    backward does not raise and applies the same gradients again."""
    def run(mx):
        net = _net(mx, [mx.cpu(0), mx.cpu(1)])
        tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        for c in (mx.cpu(0), mx.cpu(1)):
            with mx.autograd.record():
                loss = net(mx.nd.array(X, ctx=c)).sum()
            loss.backward()
        tr.step(1)
        tr.step(1)
        return [d for p in net.collect_params().values() for d in p.list_data()]
    check(run)


def test_trainer_states_with_kvstore_object(tmp_path):
    fname = str(tmp_path / "tr.states")

    def run(mx):
        net = _net(mx, mx.cpu())
        tr = mx.gluon.Trainer(net.collect_params(), "adam", {"learning_rate": 0.01},
                              kvstore=mx.kv.create("local"))
        with mx.autograd.record():
            loss = net(mx.nd.array(X)).sum()
        loss.backward()
        tr.step(4)
        tr.save_states(fname)
        tr2 = mx.gluon.Trainer(net.collect_params(), "adam", kvstore=mx.kv.create("local"))
        tr2.load_states(fname)
        return {"uok": tr._update_on_kvstore, "lr": tr2.learning_rate, "nu": tr2.optimizer.num_update,
                "same": tr2.optimizer is tr2._kvstore._updater.optimizer,
                "pd": tr2.optimizer.param_dict[0] is tr2._params[0]}
    check(run)


def test_trainer_bad_kvstore_type():
    check(lambda mx: _train(mx, 3.5, mx.cpu()), raises=TypeError)


@pytest.mark.parametrize("kvstore", ["device", "object"])
def test_trainer_set_data_resets_kvstore(kvstore):
    """MXNet: set_data under update_on_kvstore resets the kvstore (fresh store and optimizer states); with a
    user's KVStore object the re-broadcast then hits a duplicate init."""
    def run(mx):
        net = _net(mx, [mx.cpu(0), mx.cpu(1)])
        kv = mx.kv.create("device") if kvstore == "object" else "device"
        tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9}, kvstore=kv)
        out = []
        for step in range(3):
            for c in (mx.cpu(0), mx.cpu(1)):
                with mx.autograd.record():
                    loss = (net(mx.nd.array(X, ctx=c)) ** 2).sum()
                loss.backward()
            if step == 1:
                net.weight.set_data(mx.nd.ones((3, 4)))
                out.append(tr._kv_initialized)
            tr.step(4)
            out += [d.copy() for d in net.weight.list_data()]
        return out
    check(run)
