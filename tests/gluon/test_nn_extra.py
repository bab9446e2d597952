"""gluon.contrib.nn (Concurrent, HybridConcurrent, Identity, SyncBatchNorm, PixelShuffle*) against MXNet 1.9.1."""
import os
import warnings

import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import check

RNG = np.random.RandomState(3)


def _all_names(mod):
    return {n for n in dir(mod) if not n.startswith("_")}


def test_gluon_nn_has_every_mxnet_layer():
    assert _all_names(mxnet.gluon.nn) - _all_names(torch2gluon.gluon.nn) == set()


def test_contrib_nn_names():
    assert set(mxnet.gluon.contrib.nn.__all__) == set(torch2gluon.gluon.contrib.nn.__all__)
    assert _all_names(mxnet.gluon.contrib.nn) - _all_names(torch2gluon.gluon.contrib.nn) == set()


def _concurrent_net(mx, hybrid, axis):
    cn = mx.gluon.contrib.nn
    net = (cn.HybridConcurrent if hybrid else cn.Concurrent)(axis=axis)
    with net.name_scope():
        net.add(mx.gluon.nn.Dense(4, activation="relu"))
        net.add(mx.gluon.nn.Dense(3))
        net.add(cn.Identity())
    return net


def _fixed(name, shape):
    """Deterministic weights from a parameter's prefix-free name, identical for both modules."""
    return np.random.RandomState(sum(map(ord, name))).randn(*shape).astype(np.float32)


@pytest.mark.parametrize("hybrid", [True, False])
@pytest.mark.parametrize("axis", [-1, 1])
def test_concurrent(hybrid, axis):
    x = RNG.randn(2, 5).astype(np.float32)

    def fn(mx):
        net = _concurrent_net(mx, hybrid, axis)
        net.initialize()
        net(mx.nd.array(x))
        for k, p in net.collect_params().items():
            p.set_data(mx.nd.array(_fixed(k[len(net.prefix):], p.shape)))
        xx = mx.nd.array(x)
        xx.attach_grad()
        with mx.autograd.record():
            y = net(xx)
        y.backward()
        return {"y": y, "gx": xx.grad, "names": [k[len(net.prefix):] for k in net.collect_params()],
                "repr": repr(net), "len": len(net), "sliced": type(net[0:2]).__name__, "axis": net[0:2].axis}

    check(fn, atol=1e-5)


def test_concurrent_values_by_hand(mx):
    net = mx.gluon.contrib.nn.HybridConcurrent(axis=1)
    with net.name_scope():
        net.add(mx.gluon.contrib.nn.Identity())
        net.add(mx.gluon.nn.HybridLambda(lambda F, x: x * 2))
    y = net(mx.nd.array([[1, 2], [3, 4]]))
    np.testing.assert_array_equal(y.asnumpy(), [[1, 2, 2, 4], [3, 4, 6, 8]])
    seq = mx.gluon.contrib.nn.Concurrent()
    seq.add(mx.gluon.nn.Lambda(lambda x: x + 1), mx.gluon.nn.Lambda(lambda x: -x))
    np.testing.assert_array_equal(seq(mx.nd.array([[1, 2]])).asnumpy(), [[2, 3, -1, -2]])
    assert net.axis == 1 and seq.axis == -1


def test_concurrent_mismatched_shapes_raise():
    check(lambda mx: _mismatch(mx))


def _mismatch(mx):
    net = mx.gluon.contrib.nn.HybridConcurrent(axis=1)
    net.add(mx.gluon.contrib.nn.Identity())
    net.add(mx.gluon.nn.HybridLambda(lambda F, x: F.concat(x, x, dim=0)))
    return net(mx.nd.ones((2, 3)))


def test_identity_prefix_and_repr(mx):
    i = mx.gluon.contrib.nn.Identity(prefix="id_")
    assert i.prefix == "id_" and repr(i) == "Identity(\n\n)"
    x = mx.nd.array([1.0, 2.0])
    assert i(x).asnumpy().tolist() == [1.0, 2.0]


@pytest.mark.parametrize("factor,shape", [(2, (1, 8, 3)), (3, (2, 6, 4))])
def test_pixel_shuffle_1d(factor, shape):
    x = RNG.randn(*shape).astype(np.float32)
    check(lambda mx: (mx.gluon.contrib.nn.PixelShuffle1D(factor)(mx.nd.array(x)),
                      repr(mx.gluon.contrib.nn.PixelShuffle1D(factor))))


@pytest.mark.parametrize("factor,shape", [(2, (1, 8, 3, 2)), ((2, 3), (2, 12, 3, 5)), ((1, 2), (1, 4, 2, 2))])
def test_pixel_shuffle_2d(factor, shape):
    x = RNG.randn(*shape).astype(np.float32)
    check(lambda mx: (mx.gluon.contrib.nn.PixelShuffle2D(factor)(mx.nd.array(x)),
                      repr(mx.gluon.contrib.nn.PixelShuffle2D(factor))))


@pytest.mark.parametrize("factor,shape", [(2, (1, 16, 2, 3, 2)), ((2, 3, 4), (1, 48, 3, 5, 7))])
def test_pixel_shuffle_3d(factor, shape):
    x = RNG.randn(*shape).astype(np.float32)
    check(lambda mx: (mx.gluon.contrib.nn.PixelShuffle3D(factor)(mx.nd.array(x)),
                      repr(mx.gluon.contrib.nn.PixelShuffle3D(factor))))


def test_pixel_shuffle_grad_and_bad_input():
    from tests.oracle import check_grad
    x = RNG.randn(2, 12, 3, 2)
    check_grad(lambda mx, a: mx.gluon.contrib.nn.PixelShuffle2D((3, 2))(a) * 3, x)
    check(lambda mx: mx.gluon.contrib.nn.PixelShuffle2D(2)(mx.nd.ones((1, 6, 2, 2))))  # 6 % 4 != 0
    check(lambda mx: mx.gluon.contrib.nn.PixelShuffle2D((2, 2, 2)))  # wrong length


def _bn_run(mx, kwargs, x, train, w, sync=True, backward=True):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if sync:
            bn = mx.gluon.contrib.nn.SyncBatchNorm(**kwargs)
        else:
            kw = {k: v for k, v in kwargs.items() if k != "num_devices"}
            bn = mx.gluon.nn.BatchNorm(axis=1, **kw)
    bn.initialize()
    bn(mx.nd.array(x))
    for p, v in zip(bn.collect_params().values(), w):
        p.set_data(mx.nd.array(v))
    xx = mx.nd.array(x)
    xx.attach_grad()
    with mx.autograd.record(train_mode=train):
        y = bn(xx)
        loss = (y * y).sum()
    if backward:
        loss.backward()
    params = {k[len(bn.prefix):]: p.data() for k, p in bn.collect_params().items()}
    grads = {k[len(bn.prefix):]: p.grad() for k, p in bn.collect_params().items() if p.grad_req != "null"}
    out = {"y": y, "gx": xx.grad, "params": params, "grads": grads} if backward else {"y": y, "params": params}
    if sync:
        out["repr"] = repr(bn).replace(bn.prefix, "PFX")
        out["kw"] = {k: v for k, v in bn._kwargs.items() if k != "key"}
    return out


SYNC_KWARGS = [{"num_devices": 1}, {"num_devices": 1, "scale": False, "momentum": 0.5},
               {"num_devices": 1, "center": False, "epsilon": 1e-3}, {"num_devices": 1, "use_global_stats": True},
               {}, {"in_channels": 3}]


@pytest.mark.parametrize("kwargs", SYNC_KWARGS)
def test_sync_batch_norm_single_device_training(kwargs):
    x = (RNG.randn(4, 3, 5, 2) * 2 + 1).astype(np.float32)
    w = [RNG.uniform(0.5, 1.5, 3).astype(np.float32) for _ in range(4)]
    check(lambda mx: _bn_run(mx, kwargs, x, True, w), atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("kwargs", SYNC_KWARGS)
def test_sync_batch_norm_single_device_inference(kwargs):
    """Outputs as MXNet's SyncBatchNorm; the input gradient as MXNet's BatchNorm (MXNet 1.9.1's SyncBatchNorm
    backward under train_mode=False returns uninitialised memory and scales the running mean by `momentum`;
    its BatchNorm gives the training-formula gradient with the running stats, see
    tests/parity/test_model_zoo_thirdparty_parity.py)."""
    x = (RNG.randn(4, 3, 5, 2) * 2 + 1).astype(np.float32)
    w = [RNG.uniform(0.5, 1.5, 3).astype(np.float32) for _ in range(4)]

    def fwd(mx):
        out = _bn_run(mx, kwargs, x, False, w, backward=False)
        if not kwargs.get("scale", True):  # MXNet also writes 1 into gamma outside training; torch2gluon's
            del out["params"]["gamma"]      # BatchNorm does that only while training (see test_conv_pool_ops)
        return out

    check(fwd, atol=1e-4, rtol=1e-4)
    ours = _bn_run(torch2gluon, kwargs, x, False, w)
    want = _bn_run(mxnet, kwargs, x, False, w, sync=False)["gx"].asnumpy()
    np.testing.assert_allclose(ours["gx"].asnumpy(), want, rtol=1e-4, atol=1e-4)


def test_sync_batch_norm_key_is_prefix_and_default_warns(mx):
    with pytest.warns(UserWarning, match="Caution using SyncBatchNorm"):
        bn = mx.gluon.contrib.nn.SyncBatchNorm(prefix="sbn_")
    assert bn._kwargs["key"] == "sbn_" and bn._kwargs["ndev"] == 1
    assert repr(bn) == ("SyncBatchNorm(eps=1e-05, momentum=0.9, fix_gamma=False, use_global_stats=False, "
                        "ndev=1, key='sbn_', in_channels=None)")


def test_sync_batch_norm_multi_device_refused():
    bn = torch2gluon.gluon.contrib.nn.SyncBatchNorm(num_devices=2)
    bn.initialize()
    with pytest.raises(NotImplementedError, match="SyncBatchNorm: argument 'num_devices=2'"):
        bn(torch2gluon.nd.ones((2, 3, 4)))


def test_sparse_embedding_repr_and_weight():   # training: tests/sparse/test_sparse_grad.py
    for mx in (mxnet, torch2gluon):
        net = mx.gluon.contrib.nn.SparseEmbedding(10, 3)
        assert repr(net) == "SparseEmbedding(10 -> 3, float32)"
        assert net.weight._stype == "row_sparse" and net.weight._grad_stype == "row_sparse"


def _free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sync_batch_norm_torch_distributed_two_processes(tmp_path):
    """Two gloo processes with half a batch each == MXNet's BatchNorm on the whole batch."""
    import subprocess
    import sys
    rng = np.random.RandomState(5)
    x = (rng.randn(6, 3, 4) * 2 + 1).astype(np.float32)
    head = rng.randn(6, 3, 4).astype(np.float32)
    gamma, beta = rng.uniform(0.5, 1.5, 3).astype(np.float32), rng.randn(3).astype(np.float32)
    np.savez(tmp_path / "in.npz", x=x, head=head, gamma=gamma, beta=beta)
    worker = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_sync_bn_worker.py")
    port = str(_free_port())
    procs = [subprocess.Popen([sys.executable, worker, str(r), "2", port, str(tmp_path / "in.npz"),
                               str(tmp_path / f"out{r}.npz")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
             for r in range(2)]
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0, out.decode()[-2000:]
    res = [np.load(tmp_path / f"out{r}.npz") for r in range(2)]

    bn = mxnet.gluon.nn.BatchNorm(momentum=0.8)  # the oracle: the whole batch on one device
    bn.initialize()
    bn(mxnet.nd.array(x))
    bn.gamma.set_data(mxnet.nd.array(gamma))
    bn.beta.set_data(mxnet.nd.array(beta))
    xx = mxnet.nd.array(x)
    xx.attach_grad()
    with mxnet.autograd.record():
        y = bn(xx)
        loss = (y * mxnet.nd.array(head)).sum()
    loss.backward()
    y_eval = bn(mxnet.nd.array(x)).asnumpy()
    tol = dict(rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(np.concatenate([r["y"] for r in res]), y.asnumpy(), **tol)
    np.testing.assert_allclose(np.concatenate([r["gx"] for r in res]), xx.grad.asnumpy(), **tol)
    np.testing.assert_allclose(res[0]["ggamma"] + res[1]["ggamma"], bn.gamma.grad().asnumpy(), **tol)
    np.testing.assert_allclose(res[0]["gbeta"] + res[1]["gbeta"], bn.beta.grad().asnumpy(), **tol)
    for r in res:  # every rank holds the global running statistics
        np.testing.assert_allclose(r["rm"], bn.running_mean.data().asnumpy(), **tol)
        np.testing.assert_allclose(r["rv"], bn.running_var.data().asnumpy(), **tol)
    np.testing.assert_allclose(np.concatenate([r["y_eval"] for r in res]), y_eval, **tol)
