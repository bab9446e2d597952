"""`name=` of F.contrib.cond/foreach/while_loop in hybridized blocks (MXNet runs the symbol versions there):
the subgraph names counted in AttrScope._subgraph_names, and MXNet's TypeError for nd calls outside."""
import numpy as np

from tests.oracle import check


def _counts(mx, hybridize, name_kw):
    from collections import defaultdict
    attr = mx.attribute.AttrScope
    attr._subgraph_names = defaultdict(int)

    class Net(mx.gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            (y,) = F.contrib.cond(x > 0.5, lambda: x * 2, lambda: x * 3, **name_kw("my_cond"))
            out, st = F.contrib.foreach(lambda d, s: (d + s, s), x, x * 1, **name_kw("my_loop"))
            outs, vs = F.contrib.while_loop(lambda i: i < 3, lambda i: (i, i + 1), x * 0,
                                            max_iterations=4, **name_kw("my_while"))
            return y, out, vs

    x = mx.nd.array(np.array([0.7], dtype=np.float32))
    for _ in range(2):
        net = Net()
        net.initialize()
        if hybridize:
            net.hybridize()
        y = [net(x), net(x)][-1]
    return y, dict(attr._subgraph_names)


def test_hybridized_names_counted_once_per_graph():
    check(lambda mx: _counts(mx, True, lambda n: {"name": n}))


def test_hybridized_default_names():
    check(lambda mx: _counts(mx, True, lambda n: {}))


def test_name_refused_by_nd_outside_hybridize():
    check(lambda mx: _counts(mx, False, lambda n: {"name": n}), raises=TypeError)


def test_nd_cond_name_typeerror():
    check(lambda mx: mx.nd.contrib.cond(mx.nd.array([1]), lambda: mx.nd.ones(1), lambda: mx.nd.zeros(1),
                                        name="c"), raises=TypeError)
