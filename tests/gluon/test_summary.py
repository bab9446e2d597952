"""Block.summary prints MXNet 1.9.1's table, character for character."""
import contextlib
import io

import numpy as np
import pytest

import mxnet
import torch2gluon


def _build(mx):
    class Branch(mx.gluon.HybridBlock):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.a = mx.gluon.nn.Dense(3)
                self.b = mx.gluon.nn.Dense(2)

        def hybrid_forward(self, F, x):
            return self.a(x), [self.b(x), x]

    net = mx.gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(mx.gluon.nn.Conv2D(4, 3, in_channels=2), mx.gluon.nn.BatchNorm(), mx.gluon.nn.Activation("relu"),
                mx.gluon.nn.Flatten(), mx.gluon.nn.Dense(5))
    shared = mx.gluon.nn.Dense(5, in_units=5)
    outer = mx.gluon.nn.Sequential()
    outer.add(net, shared, mx.gluon.nn.Dense(5, params=shared.collect_params()), Branch())
    outer.initialize()
    return outer


def _summary_text(mx, build):
    net = build(mx)
    x = mx.nd.array(np.arange(2 * 2 * 5 * 5, dtype=np.float32).reshape(2, 2, 5, 5) / 50)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        net.summary(x)
    return buf.getvalue(), net


def test_summary_matches_oracle():
    want, _ = _summary_text(mxnet, _build)
    got, _ = _summary_text(torch2gluon, _build)
    assert got == want
    assert "Shared params in forward computation graph: 30" in got


def test_summary_refuses_hybridized_like_mxnet():
    for mx in (mxnet, torch2gluon):
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(2))
        net.initialize()
        net.hybridize()
        with pytest.raises(AssertionError, match="must not be hybridized"):
            net.summary(mx.nd.ones((1, 3)))
