"""mx.model's private kvstore helpers (used by Module and old custom training loops) against MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check


class _Shaped:
    def __init__(self, shape):
        self.shape = shape


@pytest.mark.parametrize("kv,ndev,big", [(None, 2, False), ("local", 1, False), ("local", 2, False),
                                         ("local", 2, True), ("device", 2, True), ("local", 1, True)])
def test_create_kvstore_rules(kv, ndev, big):
    def run(mx):
        params = {"w": _Shaped((4097, 4096) if big else (3, 3))}
        store, update = mx.model._create_kvstore(kv, ndev, params)
        return (None if store is None else store.type), update
    check(run)
    check(lambda mx: mx.model._create_kvstore(3, 2, {}))


@pytest.mark.parametrize("with_store", [False, True])
def test_update_params_and_on_kvstore(with_store):
    def run(mx):
        ndev = 2
        names = ["a", "b"]
        weights = [[mx.nd.ones((2, 3)) * (i + 1) for _ in range(ndev)] for i in range(2)]
        grads = [[mx.nd.ones((2, 3)) * (k + 1) for k in range(ndev)] for _ in range(2)]
        grads.append([None, None])
        weights.append([mx.nd.zeros((1,)), mx.nd.zeros((1,))])
        opt = mx.optimizer.SGD(learning_rate=0.1, momentum=0.5, rescale_grad=0.5)
        updater = mx.optimizer.get_updater(opt)
        kv = mx.kv.create('local') if with_store else None
        if kv:
            mx.model._initialize_kvstore(kv, weights[:2], {n: w[0] for n, w in zip(names, weights)}, names, False)
        for _ in range(2):
            mx.model._update_params(weights, grads, updater, ndev, kvstore=kv, param_names=names + ["c"])
        out = [w for ws in weights for w in ws]
        kv2 = mx.kv.create('local')
        kv2.set_optimizer(mx.optimizer.SGD(learning_rate=0.1))
        w2 = [[mx.nd.ones((2,)) for _ in range(ndev)]]
        mx.model._initialize_kvstore(kv2, w2, {"x": mx.nd.ones((2,)) * 5}, ["x"], True)
        mx.model._update_params_on_kvstore(w2, [[mx.nd.ones((2,)), mx.nd.ones((2,)) * 3]], kv2, ["x"])
        calls = []
        mx.model._multiple_callbacks([lambda *a: calls.append(a), lambda *a: calls.append(len(a))], 1, 2)
        mx.model._multiple_callbacks(lambda *a: calls.append(sum(a)), 3, 4)
        mx.model._multiple_callbacks(None, 5)
        return out, w2[0], calls
    check(run)
