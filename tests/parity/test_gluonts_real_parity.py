"""Behaviours of MXNet 1.9.1 that GluonTS 0.17 (run unchanged over torch2gluon) relies on, checked without GluonTS."""
import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import check


def test_metric_module_carries_ndarray_numpy_math():
    """`from mxnet.metric import ndarray` (GluonTS' trainer) gives the package's ndarray module, as in MXNet."""
    assert mxnet.metric.ndarray is mxnet.ndarray
    assert torch2gluon.metric.ndarray is torch2gluon.ndarray
    for mod in (mxnet, torch2gluon):
        assert mod.metric.registry is mod.registry
        assert mod.metric.numpy.__name__ == "numpy" and mod.metric.math.__name__ == "math"


def _two_branch_net(mx):
    class Net(mx.gluon.HybridBlock):
        def __init__(self):
            super().__init__()
            with self.name_scope():
                self.d1 = mx.gluon.nn.Dense(3)
                self.d2 = mx.gluon.nn.Dense(3, use_bias=False)
                self.d3 = mx.gluon.nn.Dense(2, in_units=3)

        def hybrid_forward(self, F, x):
            a = self.d1(x)
            b = self.d2(x)
            return self.d3(b * 2 + a)   # the graph reaches d3, then d2, then d1: MXNet's cached-op input order
    return Net()


@pytest.mark.parametrize("hybridize", [False, True])
def test_deferred_init_order_follows_the_cached_graph(hybridize):
    """A hybridized first call initializes deferred parameters in the graph's input order (MXNet's cached op),
    an imperative one layer by layer as they run: with a seeded initializer each order draws differently."""
    def run(mx):
        mx.random.seed(3)
        net = _two_branch_net(mx)
        net.initialize(mx.init.Xavier())
        if hybridize:
            net.hybridize()
        return net(mx.nd.array(np.arange(8.0).reshape(2, 4))), [p.data() for p in net.collect_params().values()]
    check(lambda mx: run(mx)[1], atol=0, rtol=0)   # the very draws
    check(lambda mx: run(mx)[0], rtol=1e-6)


def test_out_format_set_by_the_first_hybridized_call():
    """`_out_format` (GluonTS' export reads it) is None until a hybridized call builds the graph, then the nesting."""
    def snippet(mx):
        class Net(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, x, y):
                return [x + 1, (x, [y])]
        net = Net()
        before = net._out_format
        net(mx.nd.ones(2), mx.nd.ones(2))
        eager = net._out_format
        net.hybridize()
        net(mx.nd.ones(2), mx.nd.ones(2))
        return before, eager, net._out_format, net._in_format
    check(snippet)


def test_constant_cached_on_first_forward_with_deferred_params():
    """GluonTS' N-BEATS caches a basis built with `F` on its first hybrid_forward; a hybridized first call with
    deferred parameters must not leave it a Symbol for the arrays that follow."""
    def snippet(mx):
        class Net(mx.gluon.HybridBlock):
            def __init__(self):
                super().__init__()
                self.basis = None
                with self.name_scope():
                    self.dense = mx.gluon.nn.Dense(3)

            def hybrid_forward(self, F, x):
                if self.basis is None:
                    self.basis = F.ones((3, 2)) * 2
                return F.dot(self.dense(x), self.basis)
        mx.random.seed(1)
        net = Net()
        net.initialize()
        net.hybridize()
        return [net(mx.nd.ones((2, 4))) for _ in range(2)]
    check(snippet, rtol=1e-6)
