"""Behaviours third-party model zoos (gluon-cv, gluon-nlp 0.x) rely on, each reproduced in miniature.

Found by running gluon-cv model definitions unchanged on both MXNet 1.9.1 and torch2gluon; every test
is our own snippet against the oracle, no model-zoo code lives here.
"""
import numpy as np
import pytest

from tests.oracle import check

RNG = np.random.RandomState(0)
X4 = RNG.rand(2, 3, 4, 4) * 3 + 1


def _bn_predict_record(mx, dtype, backward_train_mode, shape=(2, 3, 4, 4), axis=1, use_global_stats=False,
                       fix_gamma=False):
    x = mx.nd.array(X4.reshape(-1)[:int(np.prod(shape))].reshape(shape), dtype=dtype)
    if axis != 1:
        x = x.swapaxes(1, axis)
    x.attach_grad()
    g = mx.nd.array([1., 2., 3.], dtype=dtype)
    b = mx.nd.array([.1, .2, .3], dtype=dtype)
    rm = mx.nd.array([.5, 1., 1.5], dtype=dtype)
    rv = mx.nd.array([2., 3., 4.], dtype=dtype)
    g.attach_grad()
    b.attach_grad()
    with mx.autograd.record(train_mode=False):
        y = mx.nd.BatchNorm(x, g, b, rm, rv, axis=axis, use_global_stats=use_global_stats, fix_gamma=fix_gamma)
        z = (y * mx.nd.array(np.arange(y.size).reshape(y.shape), dtype=dtype)).sum()
    z.backward(train_mode=backward_train_mode)
    return y, x.grad, g.grad, b.grad


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("backward_train_mode", [True, False])
def test_batchnorm_recorded_in_predict_mode_gradient(dtype, backward_train_mode):
    # gluon-cv fine-tuning freezes BN with autograd.predict_mode(): MXNet's default backward (train mode)
    # still subtracts the batch-mean terms, using the running stats
    check(lambda mx: _bn_predict_record(mx, dtype, backward_train_mode), atol=1e-3, rtol=1e-4)


@pytest.mark.parametrize("kw", [dict(shape=(2, 3)), dict(shape=(2, 3, 4)), dict(axis=3, shape=(2, 3, 4, 3)),
                                dict(use_global_stats=True), dict(fix_gamma=True)])
def test_batchnorm_recorded_in_predict_mode_gradient_layouts(kw):
    shape = kw.pop("shape", (2, 3, 4, 4))
    if kw.get("axis") == 3:
        shape = (2, 3, 4, 3)
    check(lambda mx: _bn_predict_record(mx, "float64", True, shape=shape, **kw), atol=1e-6, rtol=1e-6)


def test_gluon_batchnorm_predict_mode_training_step():
    def f(mx):
        mx.random.seed(0)
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.Conv2D(4, 3, in_channels=3), mx.gluon.nn.BatchNorm(in_channels=4),
                    mx.gluon.nn.Dense(2, in_units=4 * 4 * 4))
        net.initialize(mx.init.Constant(0.1))
        net.cast("float64")
        x = mx.nd.array(np.sin(np.arange(216.0)).reshape(2, 3, 6, 6), dtype="float64")
        with mx.autograd.record():
            with mx.autograd.predict_mode():
                y = net(x)
            loss = (y * y).sum()
        loss.backward()
        return {k: p.grad() for k, p in net.collect_params().items() if p.grad_req != "null"}
    check(f, atol=1e-8, rtol=1e-6)


def test_symbol_internals_lookup_of_a_name_used_twice_raises():
    # gluon-cv FeatureExtractor picks internals by name; a block called twice (a shared nn.Activation in
    # resnetv1b's BasicBlock) leaves two outputs with one name, which MXNet refuses
    def f(mx):
        x = mx.sym.var("data")
        y = mx.sym.relu(mx.sym.relu(x, name="r"), name="r")
        return y.get_internals()["r_output"]
    check(f, raises=ValueError)


def test_symbol_internals_lookup_of_a_hybridized_block_output():
    def f(mx):
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(3, in_units=2), mx.gluon.nn.Activation("relu"), mx.gluon.nn.Dense(2, in_units=3))
        sym = net(mx.sym.var("data"))
        inner = sym.get_internals()["net_relu0_fwd_output"]
        return inner.list_outputs(), inner.list_arguments()
    check(f)


def test_symbolblock_save_parameters_keys_drop_the_common_prefix(tmp_path):
    # gluon-cv's FeatureExtractor/FeatureExpander are SymbolBlocks inside SSD/Faster-RCNN; their pretrained
    # .params files hold MXNet's structural keys: the names less their common leading characters
    def f(mx):
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(3, in_units=2), mx.gluon.nn.Dense(2, in_units=3))
        net.initialize(mx.init.Constant(0.5))
        sb = mx.gluon.SymbolBlock(net(mx.sym.var("data")), mx.sym.var("data"), params=net.collect_params())
        fn = str(tmp_path / ("sb_%s.params" % mx.__name__))
        sb.save_parameters(fn)
        keys = sorted(mx.nd.load(fn).keys())

        class Wrap(mx.gluon.HybridBlock):
            def __init__(self):
                super(Wrap, self).__init__(prefix="w_")
                with self.name_scope():
                    self.feat = mx.gluon.SymbolBlock(net(mx.sym.var("data")), mx.sym.var("data"),
                                                     params=net.collect_params())

            def hybrid_forward(self, F, x):
                return self.feat(x)
        w = Wrap()
        w.save_parameters(fn)
        loaded = mx.nd.load(fn)
        w2 = Wrap()
        w2.load_parameters(fn)   # structural keys round-trip
        return keys, sorted(loaded.keys()), w2(mx.nd.ones((1, 2)))
    check(f)


def test_symbols_created_inside_block_name_scope_get_the_block_prefix():
    # gluon-cv's SSD builds its FeatureExpander (mx.sym.Convolution/BatchNorm named 'expand_*') inside
    # SSD's name_scope: MXNet prefixes those nodes with 'ssd0_', which is what pretrained files hold
    def f(mx):
        blk = mx.gluon.nn.HybridSequential(prefix="outer_")
        with blk.name_scope():
            a = mx.sym.Convolution(mx.sym.var("data"), num_filter=2, kernel=(1, 1), name="conv")
            b = mx.sym.relu(a)
            inner = mx.gluon.nn.Dense(2, prefix="d_")
            with inner.name_scope():
                c = mx.sym.FullyConnected(b, num_hidden=2)
                v = mx.sym.var("v")
        with blk.name_scope():   # counters start afresh on each entry
            c = mx.sym.relu(c)
        e = mx.sym.relu(c, name="after")
        empty = mx.gluon.nn.HybridSequential(prefix="")
        with empty.name_scope():
            g = mx.sym.relu(e, name="inempty")
        return g.list_arguments(), g.get_internals().list_outputs(), v.name
    check(f)


@pytest.mark.parametrize("hybridize", [False, True])
def test_clear_cached_op_after_changing_a_forward_attribute(hybridize):
    # gluon-cv's YOLOV3/SSD.set_nms: change attributes hybrid_forward reads, then self._clear_cached_op()
    def f(mx):
        class Thresh(mx.gluon.HybridBlock):
            def __init__(self):
                super(Thresh, self).__init__(prefix="thresh_")
                self.thresh = 0.5

            def set_thresh(self, t):
                self._clear_cached_op()
                self.thresh = t

            def hybrid_forward(self, F, x):
                return F.where(x > self.thresh, x, F.zeros_like(x))
        blk = Thresh()
        if hybridize:
            blk.hybridize()
        x = mx.nd.array([0.2, 0.6, 0.9])
        outs = [blk(x), blk(x)]
        blk.set_thresh(0.7)
        outs += [blk(x), blk(x)]
        return outs
    check(f)
