"""Gluon behaviours that MXNet 1.x's own unit tests (test_gluon.py) rely on, checked on both packages."""
import warnings

import numpy as np
import pytest

import mxnet
import torch2gluon

tmp_path_holder = [None]


def t_attr_block(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    b = gluon.Block(); b.b = gluon.Block()
    try: b.b = (2,)
    except TypeError: return
    raise AssertionError("no TypeError")
def t_attr_param(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    b = gluon.Block(); b.b = gluon.Parameter("x")
    try: b.b = (2,)
    except TypeError: return
    raise AssertionError("no TypeError")
def t_attr_regular(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    b = gluon.Block(); b.c = gluon.Block(); c2 = gluon.Block(); b.c = c2
    assert b.c is c2 and list(b._children.values())[0] is c2
def t_list_of_block(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    class Model1(gluon.Block):
        def __init__(self, **kwargs):
            super(Model1, self).__init__(**kwargs)
            with self.name_scope():
                self.layers = [nn.Dense(i * 10) for i in range(6)]
    class Model2(gluon.Block):
        def __init__(self, **kwargs):
            super(Model2, self).__init__(**kwargs)
            with self.name_scope():
                self.layers = dict(); self.layers['a'] = [nn.Dense(10), nn.Dense(10)]
    class Model4(gluon.Block):
        def __init__(self, **kwargs):
            super(Model4, self).__init__(**kwargs)
            with self.name_scope():
                self.data = {'a': '4', 'b': 123}
    for M, n in ((Model1, True), (Model2, True), (Model4, False)):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter('always'); M().collect_params()
            assert (len(w) > 0) == n, (M, [str(x.message) for x in w])
def t_sequential(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    for net in (gluon.nn.Sequential(), gluon.nn.HybridSequential()):
        d1, d2, d3 = gluon.nn.Dense(10), gluon.nn.Dense(10), gluon.nn.Dense(10)
        net.add(d1); net.add(d2); net.add(d3)
        assert net[1] is d2 and net[-1] is d3
        slc = net[1:3]; assert len(slc) == 2 and slc[0] is d2 and slc[1] is d3 and isinstance(slc, type(net))
def t_clip(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    x1 = mx.nd.ones((3,3)); x2 = mx.nd.ones((4,4))
    norm = gluon.utils.clip_global_norm([x1, x2], 1.0); assert norm == 5.0
    x3 = mx.nd.array([1.0, 2.0, float('nan')])
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always"); gluon.utils.clip_global_norm([x1, x3], 2.0); assert len(w) == 1, [str(x.message) for x in w]
def t_lambda(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    net1 = mx.gluon.nn.HybridSequential(); net1.add(nn.Activation('tanh'), nn.LeakyReLU(0.1))
    net2 = mx.gluon.nn.HybridSequential()
    op3 = lambda F, x, *args: F.LeakyReLU(x, *args, slope=0.1)
    net2.add(nn.HybridLambda('tanh'), nn.HybridLambda(op3))
    op4 = lambda x: mx.nd.LeakyReLU(x, slope=0.1)
    net3 = mx.gluon.nn.Sequential(); net3.add(nn.Lambda('tanh'), nn.Lambda(op4))
    x = mx.nd.random.uniform(shape=(2, 3, 5, 7))
    a, b, c = net1(x), net2(x), net3(x)
    np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-3); np.testing.assert_allclose(a.asnumpy(), c.asnumpy(), rtol=1e-3)
def t_stale(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    net = mx.gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(mx.gluon.nn.Dense(10, weight_initializer='zeros', bias_initializer='ones', flatten=False))
    net.hybridize(); net.initialize(); net(mx.nd.ones((2,3,5)))
    net.add(mx.gluon.nn.Flatten()); assert net(mx.nd.ones((2,3,5))).shape == (2, 30)
    net = mx.gluon.nn.HybridSequential()
    with net.name_scope():
        net.fc1 = mx.gluon.nn.Dense(10, weight_initializer='zeros', bias_initializer='ones', flatten=False)
        net.fc2 = mx.gluon.nn.Dense(10, weight_initializer='zeros', bias_initializer='ones', flatten=False)
    net.hybridize(); net.initialize(); net(mx.nd.ones((2,3,5)))
    net.fc2 = mx.gluon.nn.Dense(10, weight_initializer='zeros', bias_initializer='ones', flatten=True)
    net.initialize(); assert net(mx.nd.ones((2,3,5))).shape == (2, 10)
def t_param(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    p = gluon.Parameter('weight', shape=(10, 10))
    p.initialize(init='xavier', ctx=[mx.cpu(0), mx.cpu(1)])
    assert len(p.list_data()) == 2 and len(p.list_grad()) == 2
    assert p.data(mx.cpu(1)).context == mx.cpu(1)
    assert p.var().name == 'weight'
    assert p.grad(mx.cpu(0)).stype == 'default'
    p.reset_ctx(ctx=[mx.cpu(1), mx.cpu(2)]); assert p.list_ctx() == [mx.cpu(1), mx.cpu(2)]
def t_bad_stype(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    try: gluon.Parameter('weight', shape=(10, 10), stype='invalid')
    except AssertionError: return
    raise AssertionError("no AssertionError")
def t_constant(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    class Test(gluon.HybridBlock):
        def __init__(self, **kwargs):
            super(Test, self).__init__(**kwargs)
            self.value = np.asarray([[1,2], [3,4]])
            self.const = self.params.get_constant('const', self.value)
        def hybrid_forward(self, F, x, const):
            return x + const
    test = Test(); test.initialize()
    trainer = gluon.Trainer(test.collect_params(), 'sgd', {'learning_rate': 1.0, 'momentum': 0.5})
    with mx.autograd.record():
        x = mx.nd.ones((2,2)); x.attach_grad(); y = test(x); y.backward()
    trainer.step(1)
    assert (test.const.data().asnumpy() == test.value).all() and (x.grad.asnumpy() == 1).all()
def t_basic(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    model = nn.Sequential()
    model.add(nn.Dense(128, activation='tanh', in_units=10, flatten=False)); model.add(nn.Dropout(0.5))
    model.add(nn.Dense(64, activation='tanh', in_units=256), nn.Dense(32, in_units=64)); model.add(nn.Activation('relu'))
    y = model(mx.sym.var('data')); assert len(y.list_arguments()) == 7
    model.collect_params().initialize(mx.init.Xavier(magnitude=2.24))
    x = model(mx.nd.zeros((32, 2, 10))); assert x.shape == (32, 32)
    model.collect_params().setattr('grad_req', 'null'); assert list(model.collect_params().values())[0]._grad is None
    model.collect_params().setattr('grad_req', 'write'); assert list(model.collect_params().values())[0]._grad is not None
def t_activations(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    x = mx.nd.array([-0.1, 0.1] * 3)
    swish = mx.gluon.nn.Swish()
    for a, b in zip(x * mx.nd.sigmoid(x), swish(x)): assert a == b
    prelu = mx.gluon.nn.PReLU(); prelu.initialize(); xx = x.reshape((1, 3, 2))
    np.testing.assert_allclose(prelu(xx).asnumpy(), mx.nd.where(xx >= 0, xx, 0.25 * xx).asnumpy(), rtol=1e-6)
def t_fill_shape_load(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    net1 = nn.HybridSequential()
    with net1.name_scope(): net1.add(nn.Conv2D(64, kernel_size=2, padding=1), nn.BatchNorm(), nn.Dense(10))
    net1.hybridize(); net1.initialize(); net1(mx.nd.ones((2,3,5,7))); net1.save_params(str(tmp_path_holder[0] / 'net_fill.params'))
    net2 = nn.HybridSequential()
    with net2.name_scope(): net2.add(nn.Conv2D(64, kernel_size=2, padding=1), nn.BatchNorm(), nn.Dense(10))
    net2.hybridize(); net2.initialize(); net2.load_params(str(tmp_path_holder[0] / 'net_fill.params'), mx.cpu())
    assert net2[0].weight.shape[1] == 3 and net2[1].gamma.shape[0] == 64 and net2[2].weight.shape[1] == 3072
def t_dropout_axes(mx):
    gluon, nn = mx.gluon, mx.gluon.nn
    shape = (10, 10, 10, 10)
    for axes in [(0,), (1,), (2, 3), (0, 3)]:
        compactshape = list(shape)
        for axis in axes: compactshape[axis] = 1
        bx = mx.random.uniform(shape=tuple(compactshape)).broadcast_to(shape)
        with mx.autograd.train_mode():
            y = mx.gluon.nn.Dropout(rate=0.5, axes=axes)(bx)
        for axis in axes:
            sl = [slice(None)] * 4; sl[axis] = 0; t = y[tuple(sl)].asnumpy()
            for i in range(1, shape[axis]):
                sl[axis] = i; assert (y[tuple(sl)].asnumpy() == t).all()


CASES = [name for name in list(globals()) if name.startswith("t_")]


@pytest.mark.parametrize("mx", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
@pytest.mark.parametrize("case", CASES)
def test_case(mx, case, tmp_path):
    tmp_path_holder[0] = tmp_path
    globals()[case](mx)
