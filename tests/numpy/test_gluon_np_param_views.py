"""Gluon numpy mode keeps a legacy view of each parameter between forwards (block._nd_param_views): every
change of the data between two calls (set_data, cast, reset_ctx, initialize(force_reinit), grad_req,
in-place writes, training steps) must show in the next forward, exactly as on real MXNet."""
import numpy as onp

from tests.numpy.test_gluon_np import check_np


def _dense(mx, **kw):
    net = mx.gluon.nn.Dense(3, in_units=4, **kw)
    net.initialize(mx.init.Constant(0.5))
    return net


def test_set_data_and_inplace_write_between_forwards():
    def fn(mx):
        net = _dense(mx)
        x = mx.np.ones((2, 4))
        a = net(x)
        net.weight.set_data(mx.np.array(onp.arange(12, dtype="float32").reshape(3, 4)))
        b = net(x)
        net.weight.data()[:] = 2
        c = net(x)
        net.bias.data()[0] = 7
        return [a, b, c, net(x)]
    check_np(fn)


def test_reinit_cast_and_reset_ctx_between_forwards():
    def fn(mx):
        net = _dense(mx)
        x = mx.np.ones((2, 4))
        a = net(x)
        net.initialize(mx.init.Constant(0.25), force_reinit=True)
        b = net(x)
        net.collect_params().reset_ctx(mx.cpu(0))
        c = net(x)
        net.cast("float64")
        d = net(x.astype("float64"))
        return [a, b, c, d]
    check_np(fn)


def test_training_steps_and_grad_req_changes():
    def fn(mx):
        net = _dense(mx, activation="relu")
        tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        x = mx.np.array(onp.arange(8, dtype="float32").reshape(2, 4) / 8)
        outs = []
        for step in range(3):
            if step == 2:
                net.bias.grad_req = "null"
            with mx.autograd.record():
                y = net(x)
                loss = (y * y).sum()
            loss.backward()
            tr.step(2)
            outs += [y, net.weight.data(), net.bias.data(), net.weight.grad()]
        return outs
    check_np(fn)


def test_hybridized_sequential_repeated_calls_and_shared_params():
    def fn(mx):
        nn = mx.gluon.nn
        net = nn.HybridSequential()
        with net.name_scope():
            net.add(nn.Dense(4, in_units=4, activation="tanh"), nn.Dense(2, in_units=4))
        net.initialize(mx.init.Constant(0.1))
        net[1].weight.set_data(mx.np.array(onp.arange(8, dtype="float32").reshape(2, 4) / 10 - 0.3))
        other = nn.Dense(4, in_units=4, params=net[0].collect_params())
        net.hybridize()
        x = mx.np.ones((3, 4))
        a = net(x)
        net[0].weight.set_data(net[0].weight.data() * 2)
        return [a, net(x), other(x), net(x)]
    check_np(fn)
