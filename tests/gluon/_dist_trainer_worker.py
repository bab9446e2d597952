"""One worker of the dist-kvstore tests (launched by tests/gluon/test_trainer_dist.py).

    python -m torch.distributed.run --nproc-per-node 2 ... _dist_trainer_worker.py all OUTDIR
    RANK=.. WORLD_SIZE=.. MASTER_ADDR=.. MASTER_PORT=.. python _dist_trainer_worker.py die OUTDIR

The helpers (`train`, ...) also run in the test process itself as the single-process reference.
"""
import os
import pickle
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

_R = np.random.RandomState(11)
X = _R.randn(8, 5).astype(np.float32)
Y = _R.randint(0, 3, (8,)).astype(np.float32)
INIT = [_R.randn(4).astype(np.float32), _R.randn(4, 5).astype(np.float32),
        _R.randn(3).astype(np.float32), _R.randn(3, 4).astype(np.float32)]   # sorted: b0, w0, b1, w1


def make_net(mx, perturb=0.0):
    """A two-layer MLP with fixed weights (+ `perturb`, to check the broadcast from rank 0)."""
    net = mx.gluon.nn.HybridSequential(prefix="mlp_")
    with net.name_scope():
        net.add(mx.gluon.nn.Dense(4, in_units=5, activation="tanh"))
        net.add(mx.gluon.nn.Dense(3, in_units=4))
    net.initialize()
    params = net.collect_params()
    for k, v in zip(sorted(params.keys()), INIT):
        params[k].set_data(mx.nd.array(v + perturb))
    return net


def train(mx, kvstore, rank, world, optimizer, oparams, uok=None, steps=3, batch=None, perturb=0.0,
          ndev=1):
    """Train on this worker's share of X (split over `ndev` CPU contexts); returns
    (weights of context 0, update_on_kvstore, distributed)."""
    ctxs = [mx.cpu(i) for i in range(ndev)]
    net = make_net(mx, perturb)
    params = net.collect_params()
    if ndev > 1:
        params.reset_ctx(ctxs)
    tr = mx.gluon.Trainer(params, optimizer, dict(oparams), kvstore=kvstore, update_on_kvstore=uok)
    x, y = np.array_split(X, world)[rank], np.array_split(Y, world)[rank]
    lf = mx.gluon.loss.SoftmaxCrossEntropyLoss()
    for _ in range(steps):
        with mx.autograd.record():
            losses = [lf(net(mx.nd.array(xs, ctx=c)), mx.nd.array(ys, ctx=c))
                      for c, xs, ys in zip(ctxs, np.array_split(x, ndev), np.array_split(y, ndev))]
        for loss in losses:
            loss.backward()
        tr.step(len(X) if batch is None else batch)
    return {k: p.data(ctxs[0]).asnumpy() for k, p in params.items()}, tr._update_on_kvstore, tr._distributed


SGD = ("sgd", {"learning_rate": 0.5, "momentum": 0.9, "wd": 0.01})
ADAM = ("adam", {"learning_rate": 0.05, "wd": 0.01})


def _raises(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the kind is what the test checks
        return type(e).__name__, str(e)[:300]
    return None


def scenario_all(mx, rank, world):
    res = {}
    res["sync"] = train(mx, "dist_sync", rank, world, *SGD)
    res["sync_uok_false"] = train(mx, "dist_sync", rank, world, *SGD, uok=False)
    res["device_sync_adam"] = train(mx, "dist_device_sync", rank, world, *ADAM)
    res["horovod"] = train(mx, "horovod", rank, world, *SGD)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        res["async"] = train(mx, "dist_async", rank, world, *SGD)
        mx.kv.create("dist_async")
    res["async_warnings"] = [str(x.message) for x in w if "dist_async" in str(x.message)]
    res["local_batch"] = train(mx, "dist_sync", rank, world, *SGD, batch=len(X) // world)
    res["broadcast"] = train(mx, "dist_sync", rank, world, "sgd", {"learning_rate": 0.0}, steps=1,
                             perturb=float(rank))
    res["kv_object"] = train(mx, mx.kv.create("dist_sync"), rank, world, *SGD)
    res["multi_ctx"] = train(mx, "dist_sync", rank, world, *SGD, ndev=2)
    res["multi_ctx_uok_false"] = train(mx, "dist_device_sync", rank, world, *ADAM, uok=False, ndev=2)

    kv = mx.kv.create("dist_sync")
    res["props"] = (kv.type, kv.rank, kv.num_workers, kv.is_capable("optimizer"))
    kv.init(0, mx.nd.ones(3) * (rank + 1))             # rank 0's value wins
    o = mx.nd.zeros(3)
    kv.pull(0, out=o)
    res["init"] = o.asnumpy()
    kv.push(0, [mx.nd.ones(3) * (rank + 1), mx.nd.ones(3)])   # devices then workers: (1+1) + (2+1)
    kv.pull(0, out=o)
    res["push"] = o.asnumpy()
    v = [mx.nd.ones(3) * rank, mx.nd.ones(3) * 10]
    kv.pushpull(0, v)
    res["pushpull"] = [a.asnumpy() for a in v]
    kv._barrier()
    kv3 = mx.kv.create("dist_sync")
    kv3.init([1, 2, 3], [mx.nd.zeros(3), mx.nd.zeros((2, 2), dtype="float64"), mx.nd.zeros(4, dtype="int32")])
    vals = [mx.nd.ones(3) * (rank + 1), mx.nd.ones((2, 2), dtype="float64") * (rank + 1),
            mx.nd.ones(4, dtype="int32") * (rank + 1)]
    kv3.pushpull([1, 2, 3], vals)                      # one bucketed allreduce per dtype
    res["coalesced"] = [a.asnumpy() for a in vals]
    kv4 = mx.kv.create("dist_sync")                    # reused bucket buffers never leak between key sets
    kv4.init([1, 2], [mx.nd.zeros(2), mx.nd.zeros(2)])
    seq = []
    for keys, mult in (([1, 2], [1, 2]), ([1], [5]), ([1, 2], [3, 4]), ([1], [7]), ([2], [9])):
        kv4.push(keys, [mx.nd.ones(2) * m for m in mult])
        o1, o2 = mx.nd.zeros(2), mx.nd.zeros(2)
        kv4.pull([1, 2], out=[o1, o2])
        seq.append((o1.asnumpy()[0], o2.asnumpy()[0]))
    res["bucket_reuse"] = seq
    import torch
    from torch2gluon.kvstore import _dist
    ts = [torch.full((3,), float(rank + 1)), torch.full((5,), float(rank + 2)), torch.full((2,), float(rank))]
    summed = _dist.allreduce_coalesced(ts, bucket_bytes=16)    # several buckets; inputs untouched
    res["buckets"] = [t.numpy() for t in summed] + [t.numpy() for t in ts]
    kv2 = mx.kv.create("dist_sync")
    kv2.set_optimizer(mx.optimizer.SGD(learning_rate=0.1))
    kv2.init("w", mx.nd.ones(2))
    kv2.push("w", mx.nd.ones(2) * (rank + 1))
    w = mx.nd.zeros(2)
    kv2.pull("w", out=w)
    res["opt_push"] = w.asnumpy()
    res["save_states"] = _raises(lambda: kv2.save_optimizer_states("/tmp/never"))
    hv = mx.kv.create("horovod")
    res["horovod_props"] = (hv.type, hv.is_capable("optimizer"), _raises(lambda: hv.set_optimizer(
        mx.optimizer.SGD())))
    g = [mx.nd.ones(2) * (rank + 1)]
    hv.broadcast("p", mx.nd.ones(2) * (rank + 5), out=g)
    res["horovod_bcast"] = g[0].asnumpy()
    hv.pushpull("p", g)
    res["horovod_allreduce"] = g[0].asnumpy()

    net = make_net(mx)
    tr = mx.gluon.Trainer(net.collect_params(), "sgd", kvstore="dist_sync")
    with mx.autograd.record():
        loss = net(mx.nd.array(X)).sum()
    loss.backward()
    tr.step(8)
    res["batch_change"] = _raises(lambda: tr.step(4))
    res["trainer_save"] = _raises(lambda: tr.save_states("/tmp/never"))
    res["reset"] = _raises(tr._reset_kvstore)
    res["set_data"] = _raises(lambda: net.collect_params()["mlp_dense0_bias"].set_data(mx.nd.zeros(4)))
    return res


def scenario_die(mx, rank, world):
    kv = mx.kv.create("dist_sync")
    kv.init(0, mx.nd.ones(2))
    if rank == 1:
        os._exit(3)                                         # a worker dies mid-training
    t0 = time.time()
    err = _raises(lambda: [kv.push(0, mx.nd.ones(2)) for _ in range(3)])
    return {"error": err, "elapsed": time.time() - t0}


def main():
    scenario, outdir = sys.argv[1], sys.argv[2]
    import torch
    torch.set_num_threads(1)
    import torch2gluon as mx
    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    res = globals()["scenario_" + scenario](mx, rank, world)
    with open(os.path.join(outdir, f"rank{rank}.pkl"), "wb") as f:
        pickle.dump(res, f)
    if scenario != "die":
        mx.kv.create("dist_sync")._barrier()   # nobody tears down while a peer is still talking


if __name__ == "__main__":
    main()
