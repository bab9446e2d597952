"""Symbol.debug_str equals MXNet 1.9.1's graph dump (nnvm Symbol::Print)."""
import pytest

from tests.oracle import check


def _graphs(mx, kind):
    x = mx.sym.var('x', lr_mult=2, shape=(2, 3))
    if kind == "multi":
        s = mx.sym.split(mx.sym.BatchNorm(x, name='bn'), num_outputs=3, axis=1, name='sp')
        return mx.sym.Group([s[0], s[2], mx.sym.relu(s[1]), x])
    if kind == "variable":
        return mx.sym.var('only')
    if kind == "atomic":
        return mx.sym.zeros((2,))
    if kind == "scalar":
        return x + 1
    if kind == "groups":
        a, b = mx.sym.var('a'), mx.sym.var('b')
        with mx.AttrScope(ctx_group='dev1'):
            c = (a + b) * 3
        return mx.sym.FullyConnected(c, num_hidden=2, name='fc', lr_mult=0)
    net = mx.gluon.model_zoo.vision.get_model('mobilenet0.25', prefix='mnet_')
    return net(mx.sym.var('data'))


@pytest.mark.parametrize("kind", ["multi", "variable", "atomic", "scalar", "groups", "model"])
def test_debug_str(kind):
    def run(mx):
        with mx.name.NameManager():
            return _graphs(mx, kind).debug_str()
    check(run)
