"""mx.nd.op: MXNet's module of the registered operators (oracle tests)."""
import numpy as np

from tests.oracle import check


def test_op_module_lists_mxnets_operators():
    import mxnet
    import torch2gluon
    for mod in ("op",):
        ref = sorted(n for n in dir(getattr(mxnet.nd, mod)) if not n.startswith("_"))
        ours = sorted(n for n in dir(getattr(torch2gluon.nd, mod)) if not n.startswith("_"))
        assert ours == ref, (mod, sorted(set(ref) ^ set(ours)))


def test_op_module_functions_are_nd_functions(mx):
    assert mx.nd.op.FullyConnected is mx.nd.FullyConnected
    assert mx.nd.op.slice is mx.nd.slice


def test_op_module_calls():
    x = np.arange(6.0).reshape(2, 3)
    check(lambda mx: mx.nd.op.FullyConnected(mx.nd.array(x), mx.nd.ones((4, 3)), mx.nd.zeros(4), num_hidden=4))
    check(lambda mx: mx.nd.op.relu(mx.nd.array(x) - 2))
    check(lambda mx: mx.nd.op.slice(mx.nd.array(x), begin=(1, None), end=(None, 2)))
