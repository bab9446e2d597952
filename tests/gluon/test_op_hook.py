"""HybridBlock.register_op_hook against MXNet 1.9.1: which nodes report, their names, operators and arrays.

MXNet passes the callback a raw NDArrayHandle; torch2gluon passes the NDArray. The oracle side wraps its
handle (`NDArray(ctypes.cast(h, NDArrayHandle))`) so both record the same thing.
"""
import ctypes
import warnings

import numpy as np
import pytest

from tests.oracle import check

_HOOK_WARNING = "register_op_hook is experimental"


def _recorder(mx, out, values=True):
    def cb(name, op, arr):
        if mx.__name__ == "mxnet":
            arr = mx.nd.NDArray(ctypes.cast(arr, mx.base.NDArrayHandle), writable=False)
        out.append((name, op, arr.asnumpy().copy() if values else arr.shape))
    return cb


def _fill(net, seed=0):
    rs = np.random.RandomState(seed)
    for _, p in sorted(net.collect_params().items()):
        if p.name.endswith("running_var") or p.name.endswith("moving_var"):
            p.set_data(rs.uniform(0.5, 2, p.shape))
        else:
            p.set_data(rs.uniform(-1, 1, p.shape))


def _custom(mx):
    class Mix(mx.gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            a, b = F.split(x, num_outputs=2, axis=1)
            return F.concat(F.relu(a) * 2 + b, F.sigmoid(b), dim=1)
    return Mix(prefix="mix_")


def _net(mx):
    nn = mx.gluon.nn
    net = nn.HybridSequential(prefix="net_")
    with net.name_scope():
        net.add(nn.Conv2D(4, 3, in_channels=2, activation="relu"), nn.BatchNorm(in_channels=4), nn.MaxPool2D(),
                nn.Flatten(), nn.Dense(6, in_units=4), _custom(mx), nn.Dense(3, in_units=6, activation="tanh"))
    net.initialize()
    _fill(net)
    return net


_X = np.random.RandomState(1).uniform(-1, 1, (2, 2, 4, 4)).astype("float32")


@pytest.mark.parametrize("monitor_all", [False, True])
def test_hybridized_predict_reports_every_node(monitor_all):
    def run(mx):
        net = _net(mx)
        net.hybridize()
        got = []
        net.register_op_hook(_recorder(mx, got), monitor_all)
        out = net(mx.nd.array(_X))
        return got, out
    check(run, atol=1e-5)


def test_plain_call_reports_nothing():
    def run(mx):
        net = _net(mx)
        got = []
        net.register_op_hook(_recorder(mx, got), True)
        net(mx.nd.array(_X))
        return len(got)
    check(run)


def test_training_reports_hidden_outputs_and_backward():
    def run(mx):
        nn = mx.gluon.nn
        net = nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(nn.Dense(5, in_units=4, activation="relu"), nn.BatchNorm(in_channels=5), nn.LayerNorm(in_channels=5),
                    nn.Dense(2, in_units=5))
        net.initialize()
        _fill(net)
        net.hybridize()
        got = []
        net.register_op_hook(_recorder(mx, got), True)
        x = mx.nd.array(_X.reshape(16, 4))
        with mx.autograd.record():
            y = net(x)
            loss = y * y
        fwd = list(got)
        del got[:]
        loss.backward()
        grads = {k: p.grad().asnumpy() for k, p in net.collect_params().items() if p.grad_req != "null"}
        return fwd, got, y, grads
    check(run, atol=1e-4, rtol=1e-4)


def test_recording_in_predict_mode_reports_batchnorm_statistics():
    def run(mx):
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.BatchNorm(in_channels=3), mx.gluon.nn.Activation("relu"))
        net.initialize()
        _fill(net)
        net.hybridize()
        got = []
        net.register_op_hook(_recorder(mx, got))
        x = mx.nd.array(_X.reshape(-1)[:15].reshape(5, 3))
        x.attach_grad()
        with mx.autograd.record(train_mode=False):
            y = net(x)
        y.backward()
        return got, x.grad
    check(run)


@pytest.mark.parametrize("flags", [{}, {"static_alloc": True}, {"inline_limit": 0}])
def test_small_graph_is_inlined_without_backward_reports(flags):
    """A graph of at most inline_limit operators is inlined (no backward reports) unless static_alloc. With
    static_alloc MXNet also reports the gradient of an input that needs none, unwritten (arbitrary values;
    here zeros): names and shapes are compared."""
    def run(mx):
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(3, in_units=4))
        net.initialize()
        _fill(net)
        net.hybridize(**flags)
        got = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net.register_op_hook(_recorder(mx, got, values=False))
            x = mx.nd.array(_X.reshape(16, 4))
            with mx.autograd.record():
                y = net(x)
            y.backward()
        return got, net[0].weight.grad()
    check(run)


def test_results_and_gradients_unchanged_by_the_hook():
    import torch2gluon as mx

    def step(hook):
        net = _net(mx)
        net.hybridize()
        if hook:
            net.register_op_hook(lambda *a: None, True)
        x = mx.nd.array(_X)
        x.attach_grad()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with mx.autograd.record():
                y = net(x)
        y.backward()
        return [y.asnumpy(), x.grad.asnumpy()] + [p.grad().asnumpy() for _, p in sorted(net.collect_params().items())
                                                  if p.grad_req != "null"]

    for a, b in zip(step(False), step(True)):
        assert np.array_equal(a, b)


def test_registration_reaches_direct_children_only():
    def run(mx):
        nn = mx.gluon.nn
        top = nn.HybridSequential(prefix="top_")
        with top.name_scope():
            mid = nn.HybridSequential(prefix="mid_")
            with mid.name_scope():
                leaf = nn.Dense(2, in_units=3)
                mid.add(leaf)
            top.add(mid)
        top.initialize()
        _fill(top)
        got = []
        top.register_op_hook(_recorder(mx, got, values=False))
        x = mx.nd.ones((1, 3))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            leaf.hybridize()        # the grandchild has no callback
            top(x)
            first = list(got)
            mid.hybridize()         # the direct child has
            top(x)
        return first, got
    check(run)


def test_plain_block_registration_recurses_into_hybridized_children():
    def run(mx):
        seq = mx.gluon.nn.Sequential(prefix="seq_")
        with seq.name_scope():
            inner = mx.gluon.nn.HybridSequential(prefix="in_")
            with inner.name_scope():
                inner.add(mx.gluon.nn.Dense(2, in_units=3, activation="relu"))
            seq.add(inner)
        seq.initialize()
        _fill(seq)
        got = []
        seq.register_op_hook(_recorder(mx, got), True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seq.hybridize()
            seq(mx.nd.ones((2, 3)))
        return got
    check(run)


def test_warning_on_every_hooked_call():
    def run(mx):
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(2, in_units=3))
        net.initialize()
        counts = []
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            net.register_op_hook(lambda *a: None)
            net(mx.nd.ones((1, 3)))                 # not hybridized: no warning
            counts.append(sum(_HOOK_WARNING in str(x.message) for x in w))
            for flags in ({}, {"static_alloc": True, "static_shape": True}):
                net.hybridize(**flags)
                net(mx.nd.ones((1, 3)))
                net(mx.nd.ones((1, 3)))
                counts.append(sum(_HOOK_WARNING in str(x.message) for x in w))
            msgs = {str(x.message) for x in w if _HOOK_WARNING in str(x.message)}
        return counts, sorted(msgs)
    check(run)


def test_hook_stays_on_the_cached_graph_until_it_is_rebuilt():
    def run(mx):
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(2, in_units=3))
        net.initialize()
        got = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net.hybridize()
            net.register_op_hook(_recorder(mx, got, values=False), True)
            net(mx.nd.ones((1, 3)))
            net.register_op_hook(None)
            net(mx.nd.ones((1, 3)))       # still reported, monitor_all included
            n = len(got)
            net.hybridize()               # a new cached graph: no hook
            net(mx.nd.ones((1, 3)))
        return n, got
    check(run)


def test_deferred_shapes_are_inferred_on_the_first_hooked_call():
    def run(mx):
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(3), mx.gluon.nn.Dense(2))
        net.initialize(mx.init.One())
        net.hybridize()
        got = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net.register_op_hook(_recorder(mx, got), True)
            out = net(mx.nd.array(_X.reshape(16, 4)))
        return got, out
    check(run)


def test_symbol_block_graph_with_backward():
    def run(mx):
        v = mx.sym.var
        a, b = v("a"), v("b")
        s = mx.sym.broadcast_mul(mx.sym.relu(a, name="r"), mx.sym.exp(b, name="e"), name="m")
        s = mx.sym.sum(mx.sym.where(a > 0, s, s * 3, name="w"), axis=1, name="s")
        blk = mx.gluon.SymbolBlock(s, [a, b])
        blk.hybridize()
        got = []
        blk.register_op_hook(_recorder(mx, got), True)
        x = mx.nd.array(_X.reshape(16, 4))
        y = mx.nd.array(_X.reshape(16, 4)[::-1] / 2)
        x.attach_grad()
        y.attach_grad()
        with mx.autograd.record():
            out = blk(x, y)
        out.backward()
        return got, x.grad, y.grad
    check(run, atol=1e-5, rtol=1e-5)


def test_dropout_mask_is_not_reported():
    """torch2gluon's Dropout keeps no mask: in training the hidden 'mask' output MXNet reports is missing."""
    import torch2gluon as mx
    net = mx.gluon.nn.HybridSequential(prefix="net_")
    with net.name_scope():
        net.add(mx.gluon.nn.Dropout(0.5), mx.gluon.nn.BatchNorm(in_channels=3))
    net.initialize()
    net.hybridize()
    got = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net.register_op_hook(lambda n, o, a: got.append(n))
        with mx.autograd.record():
            net(mx.nd.ones((4, 3)))
    assert got == [b"net_dropout0_fwd_output", b"net_batchnorm0_fwd_output", b"net_batchnorm0_fwd_mean",
                   b"net_batchnorm0_fwd_var"]


def test_layer_and_group_norm_node_names():
    """MXNet's LayerNorm and GroupNorm layers leave their node unnamed ('layernorm0_layernorm0'), unlike most
    layers ('dense0_fwd'): the names show in exported graphs and in op-hook reports."""
    def run(mx):
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.LayerNorm(in_channels=4), mx.gluon.nn.GroupNorm(2), mx.gluon.nn.InstanceNorm())
        return net(mx.sym.var("data")).get_internals().list_outputs()
    check(run)


def test_numpy_mode_block():
    def run(mx):
        mx.npx.set_np()
        try:
            net = mx.gluon.nn.HybridSequential(prefix="net_")
            with net.name_scope():
                net.add(mx.gluon.nn.Dense(3, in_units=4, activation="relu"), mx.gluon.nn.LayerNorm(in_channels=3))
            net.initialize()
            _fill(net)
            net.hybridize()
            got = []
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                net.register_op_hook(_recorder(mx, got), True)
                y = net(mx.np.array(_X.reshape(16, 4)))
            return got, type(y).__name__, y.asnumpy()
        finally:
            mx.npx.reset_np()
    check(run)


def test_hooked_training_run_with_norm_layers_is_bit_identical():
    import torch2gluon as mx

    def step(hook):
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(6, in_units=4), mx.gluon.nn.BatchNorm(in_channels=6),
                    mx.gluon.nn.LayerNorm(in_channels=6), mx.gluon.nn.GroupNorm(2), mx.gluon.nn.Dense(2, in_units=6))
        net.initialize()
        _fill(net)
        net.hybridize()
        if hook:
            net.register_op_hook(lambda *a: None, True)
        x = mx.nd.array(_X.reshape(16, 4))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with mx.autograd.record():
                y = net(x)
        y.backward()
        params = sorted(net.collect_params().items())
        return [y.asnumpy()] + [p.data().asnumpy() for _, p in params] + \
            [p.grad().asnumpy() for _, p in params if p.grad_req != "null"]

    for a, b in zip(step(False), step(True)):
        assert np.array_equal(a, b)


def test_backward_reports_only_what_the_backward_pass_computes():
    """autograd.grad for the input only: no parameter-gradient reports; a second backward reports again."""
    def run(mx):
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(3, in_units=4, activation="relu"), mx.gluon.nn.Dense(2, in_units=3))
        net.initialize()
        _fill(net)
        net.hybridize()
        got = []
        x = mx.nd.array(_X.reshape(16, 4))
        x.attach_grad()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net.register_op_hook(_recorder(mx, got))
            with mx.autograd.record():
                y = net(x)
            y.backward(retain_graph=True)
            y.backward()
            twice = list(got)
            del got[:]
            with mx.autograd.record():
                y = net(x)
                g = mx.autograd.grad(y, [x])
        return twice, got, g
    check(run)
