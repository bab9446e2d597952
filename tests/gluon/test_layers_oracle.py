"""Gluon layers against real MXNet 1.9.1: same weights in, same outputs, gradients, running stats and repr."""
import numpy as np
import pytest

import mxnet
import torch2gluon

RNG = np.random.RandomState(7)


def _build(mx, factory, x, init_seed=0):
    net = factory(mx.gluon.nn)
    net.initialize()
    net(mx.nd.array(x))  # resolve deferred shapes
    return net


def _run(mx, factory, x, weights=None, train=True):
    net = _build(mx, factory, x)
    params = list(net.collect_params().values())
    if weights is None:
        weights = [p.data().asnumpy() for p in params]
    for p, w in zip(params, weights):
        p.set_data(mx.nd.array(w, dtype=w.dtype))
    xx = mx.nd.array(x)
    xx.attach_grad()
    head = mx.nd.array(RNG.randn(*net(xx).shape).astype(np.float32)) if False else None
    with mx.autograd.record(train_mode=train):
        y = net(xx)
        loss = (y * y).sum()
    loss.backward()
    grads = [p.grad().asnumpy() if p.grad_req != "null" else None for p in params]
    after = [p.data().asnumpy() for p in params]
    return weights, y.asnumpy(), xx.grad.asnumpy(), grads, after, repr(net), [p.name[len(net.prefix):] for p in params]


def _compare(factory, shape, train=True, rtol=1e-4, atol=1e-4):
    x = RNG.randn(*shape).astype(np.float32)
    w, y1, gx1, g1, a1, r1, n1 = _run(mxnet, factory, x, train=train)
    _, y2, gx2, g2, a2, r2, n2 = _run(torch2gluon, factory, x, weights=w, train=train)
    assert n1 == n2
    assert r1 == r2
    np.testing.assert_allclose(y2, y1, rtol=rtol, atol=atol)
    np.testing.assert_allclose(gx2, gx1, rtol=rtol, atol=atol)
    for a, b in zip(g1, g2):
        if a is None:
            assert b is None
        else:
            np.testing.assert_allclose(b, a, rtol=rtol, atol=atol)
    for a, b in zip(a1, a2):  # running statistics after backward
        np.testing.assert_allclose(b, a, rtol=rtol, atol=atol)


LAYERS = {
    "dense_relu": (lambda nn: nn.Dense(7, activation="relu"), (3, 4, 5)),
    "dense_noflat": (lambda nn: nn.Dense(7, flatten=False, use_bias=False), (3, 4, 5)),
    "conv1d": (lambda nn: nn.Conv1D(4, 3, strides=2, padding=1, dilation=1), (2, 3, 9)),
    "conv2d": (lambda nn: nn.Conv2D(4, (3, 2), strides=(1, 2), padding=(1, 0), activation="tanh"), (2, 3, 7, 6)),
    "conv2d_group": (lambda nn: nn.Conv2D(4, 3, groups=2, dilation=2, use_bias=False), (2, 4, 9, 9)),
    "conv3d": (lambda nn: nn.Conv3D(2, 2), (1, 2, 4, 4, 4)),
    "deconv2d": (lambda nn: nn.Conv2DTranspose(3, 3, strides=2, padding=1, output_padding=1), (2, 4, 5, 5)),
    "deconv1d": (lambda nn: nn.Conv1DTranspose(3, 4, strides=2), (2, 2, 6)),
    "maxpool2d_ceil": (lambda nn: nn.MaxPool2D(3, 2, ceil_mode=True), (2, 3, 8, 8)),
    "avgpool2d_pad": (lambda nn: nn.AvgPool2D(3, 2, padding=1, count_include_pad=False), (2, 3, 7, 7)),
    "avgpool1d": (lambda nn: nn.AvgPool1D(2), (2, 3, 8)),
    "maxpool3d": (lambda nn: nn.MaxPool3D(), (1, 2, 4, 4, 4)),
    "globalmax": (lambda nn: nn.GlobalMaxPool2D(), (2, 3, 5, 5)),
    "globalavg1d": (lambda nn: nn.GlobalAvgPool1D(), (2, 3, 5)),
    "batchnorm": (lambda nn: nn.BatchNorm(), (4, 3, 5, 5)),
    "batchnorm_noscale": (lambda nn: nn.BatchNorm(scale=False, center=False, momentum=0.5), (4, 3, 6)),
    "batchnorm_axis": (lambda nn: nn.BatchNorm(axis=-1), (4, 5, 3)),
    "batchnorm_global": (lambda nn: nn.BatchNorm(use_global_stats=True), (4, 3, 5)),
    "layernorm": (lambda nn: nn.LayerNorm(), (4, 3, 5)),
    "layernorm_axis1": (lambda nn: nn.LayerNorm(axis=1, scale=False), (4, 3, 5)),
    "instancenorm": (lambda nn: nn.InstanceNorm(scale=True), (2, 3, 5, 4)),
    "groupnorm": (lambda nn: nn.GroupNorm(num_groups=2), (2, 4, 3, 3)),
    "embedding": (lambda nn: nn.Embedding(10, 3), None),
    "prelu": (lambda nn: nn.PReLU(), (3, 4)),
    "elu": (lambda nn: nn.ELU(0.5), (3, 4)),
    "selu": (lambda nn: nn.SELU(), (3, 4)),
    "gelu": (lambda nn: nn.GELU(), (3, 4)),
    "swish": (lambda nn: nn.Swish(2.0), (3, 4)),
    "leaky": (lambda nn: nn.LeakyReLU(0.1), (3, 4)),
    "dropout_eval": (lambda nn: nn.Dropout(0.5), (3, 4)),
    "flatten": (lambda nn: nn.Flatten(), (3, 4, 2)),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_matches_oracle(name):
    factory, shape = LAYERS[name]
    if name == "embedding":
        x = np.array([[1, 3, 9], [0, 2, 2]], dtype=np.float32)
        outs = []
        w = RNG.randn(10, 3).astype(np.float32)
        for mx in (mxnet, torch2gluon):
            e = factory(mx.gluon.nn)
            e.initialize()
            e.weight.set_data(mx.nd.array(w))
            with mx.autograd.record():
                y = e(mx.nd.array(x))
            y.backward()
            outs.append((y.asnumpy(), e.weight.grad().asnumpy(), repr(e)))
        np.testing.assert_allclose(outs[1][0], outs[0][0])
        np.testing.assert_allclose(outs[1][1], outs[0][1])
        assert outs[1][2] == outs[0][2]
        return
    _compare(factory, shape, train=name != "dropout_eval")


def test_batchnorm_inference_uses_running_stats():
    x = RNG.randn(4, 3, 2).astype(np.float32)
    outs = []
    for mx in (mxnet, torch2gluon):
        bn = mx.gluon.nn.BatchNorm(in_channels=3)
        bn.initialize()
        bn.running_mean.set_data(mx.nd.array([1.0, 2.0, 3.0]))
        bn.running_var.set_data(mx.nd.array([4.0, 0.5, 2.0]))
        plain = bn(mx.nd.array(x)).asnumpy()
        with mx.autograd.train_mode():
            train_no_record = bn(mx.nd.array(x)).asnumpy()
        outs.append((plain, train_no_record, bn.running_mean.data().asnumpy()))
    for a, b in zip(*outs):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-5)


def test_lenet_end_to_end_matches_oracle():
    def lenet(nn):
        net = nn.HybridSequential()
        with net.name_scope():
            net.add(nn.Conv2D(6, 5, activation="relu"), nn.MaxPool2D(2, 2), nn.Conv2D(16, 3, activation="relu"),
                    nn.BatchNorm(), nn.AvgPool2D(2, 2), nn.Flatten(), nn.Dense(32, activation="relu"),
                    nn.Dropout(0.0), nn.Dense(10))
        return net
    _compare(lenet, (4, 1, 28, 28), rtol=2e-4, atol=2e-4)


def test_conv2d_nhwc_equals_nchw():
    """MXNet's CPU build cannot run NHWC convolutions (MKLDNN), so check against our own NCHW path."""
    nn = torch2gluon.gluon.nn
    x = RNG.randn(2, 5, 6, 2).astype(np.float32)
    a = nn.Conv2D(3, 3, layout="NHWC", padding=1, in_channels=2)
    b = nn.Conv2D(3, 3, padding=1, in_channels=2)
    a.initialize()
    b.initialize()
    assert a.weight.shape == (3, 3, 3, 2)
    b.weight.set_data(torch2gluon.nd.array(a.weight.data().asnumpy().transpose(0, 3, 1, 2)))
    b.bias.set_data(a.bias.data())
    ya = a(torch2gluon.nd.array(x)).asnumpy()
    yb = b(torch2gluon.nd.array(x.transpose(0, 3, 1, 2))).asnumpy().transpose(0, 2, 3, 1)
    np.testing.assert_allclose(ya, yb, rtol=1e-5, atol=1e-5)
