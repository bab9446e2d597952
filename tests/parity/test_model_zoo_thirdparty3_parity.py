"""Behaviours third-party model zoos rely on (third batch), each reproduced in miniature.

Found by running gluon-cv (resnext/se_resnext, xception blocks, resnest in numpy mode, RPN + box coders +
custom ops, CenterNet, DANet head), gluon-nlp (BERT, AWD-LSTM, StandardRNN) and insightface (fmobilefacenet +
ArcFace head, Module.fit) model code unchanged on MXNet 1.9.1 and on torch2gluon. Every test is our own
snippet against the oracle; no model-zoo code lives here.
"""
import json

import numpy as np
import pytest

from tests.oracle import check

RNG = np.random.RandomState(11)
X = RNG.rand(1, 2, 3, 4)
Y = RNG.rand(1, 2, 6, 8)


def _node_attrs(sym):
    return [(n["op"], n.get("attrs", {})) for n in json.loads(sym.tojson())["nodes"] if n["op"] != "null"]


@pytest.mark.parametrize("make", [
    lambda mx, a, b: mx.sym.UpSampling(a, scale=2, sample_type="nearest"),
    lambda mx, a, b: mx.sym.UpSampling(a, b, scale=2, sample_type="nearest", multi_input_mode="sum"),
    lambda mx, a, b: mx.sym.Crop(b, a),
    lambda mx, a, b: mx.sym.Crop(b, h_w=(2, 2), center_crop=True),
    lambda mx, a, b: mx.sym.khatri_rao(a, b),
], ids=["upsampling", "upsampling_two_inputs", "crop_like", "crop_hw", "khatri_rao"])
def test_variadic_operators_record_num_args(make):
    # MXNet fills in `num_args` for every operator with variadic inputs; a graph without it (gluon-cv's
    # monodepth/hrnet/FPN heads upsample with F.UpSampling) does not load in MXNet
    check(lambda mx: _node_attrs(make(mx, mx.sym.var("a"), mx.sym.var("b"))))


def test_variadic_operators_round_trip_through_json():
    def f(mx):
        a, b = mx.sym.var("x"), mx.sym.var("y")
        outs = [mx.sym.UpSampling(a, scale=2, sample_type="nearest"),
                mx.sym.UpSampling(a, b, scale=2, sample_type="nearest", multi_input_mode="sum"),
                mx.sym.Crop(b, a), mx.sym.Crop(b, h_w=(2, 2), center_crop=True),
                mx.sym.khatri_rao(mx.sym.var("p"), mx.sym.var("q"))]
        g = mx.sym.load_json(mx.sym.Group(outs).tojson())
        return g.eval(ctx=mx.cpu(), x=mx.nd.array(X), y=mx.nd.array(Y), p=mx.nd.array(X[0, 0]),
                      q=mx.nd.array(Y[0, 0, :, :4]))
    check(f)


def test_exported_upsampling_block_loads_in_the_other_library(tmp_path):
    # export from one library, SymbolBlock.imports in the other (both directions via the oracle's two runs)
    import mxnet
    import torch2gluon

    def export(mx):
        class Up(mx.gluon.HybridBlock):
            def __init__(self):
                super(Up, self).__init__(prefix="up_")
                with self.name_scope():
                    self.conv = mx.gluon.nn.Conv2D(3, 3, padding=1, in_channels=2)

            def hybrid_forward(self, F, x):
                y = F.UpSampling(self.conv(x), scale=2, sample_type="nearest")
                return y + F.contrib.BilinearResize2D(y, like=y, mode="like")
        net = Up()
        net.initialize(mx.init.Constant(0.25))
        net.hybridize()
        net(mx.nd.array(X))
        prefix = str(tmp_path / mx.__name__)
        net.export(prefix)
        return prefix

    prefixes = {m.__name__: export(m) for m in (mxnet, torch2gluon)}

    def load(mx, src):
        sb = mx.gluon.SymbolBlock.imports(prefixes[src] + "-symbol.json", ["data"], prefixes[src] + "-0000.params")
        return sb(mx.nd.array(X))
    check(lambda mx: load(mx, "torch2gluon"))
    check(lambda mx: (load(mx, "mxnet"), load(mx, "torch2gluon")))


@pytest.mark.parametrize("hybridize", [False, True])
def test_hybrid_forward_takes_parameters_as_keyword_arguments(hybridize):
    # gluon-cv's DANet PAM/CAM modules: `def hybrid_forward(self, F, x, **kwargs): gamma = kwargs['gamma']`
    x0 = RNG.rand(2, 3, 4)

    def f(mx):
        class Scale(mx.gluon.HybridBlock):
            def __init__(self):
                super(Scale, self).__init__(prefix="scale_")
                with self.name_scope():
                    self.gamma = self.params.get("gamma", shape=(1,), init=mx.init.Constant(0.5))

            def hybrid_forward(self, F, x, **kwargs):
                gamma = kwargs["gamma"]
                return F.broadcast_mul(x, gamma) + x
        blk = Scale()
        blk.initialize()
        if hybridize:
            blk.hybridize()
        x = mx.nd.array(x0)
        with mx.autograd.record():
            y = blk(x)
        y.backward(mx.nd.ones_like(y) * 2)
        return y, blk.gamma.grad()
    check(f, atol=1e-6)


@pytest.mark.parametrize("hybridize", [False, True])
def test_depthwise_cross_correlation_with_a_computed_weight(hybridize, tmp_path):
    # gluon-cv SiamRPN's DepthwiseXCorr: F.Convolution whose weight is another branch's output
    z0, x0 = RNG.rand(1, 3, 6, 6), RNG.rand(1, 3, 10, 10)

    def f(mx):
        class XCorr(mx.gluon.HybridBlock):
            def __init__(self):
                super(XCorr, self).__init__(prefix="xc_")
                with self.name_scope():
                    self.ck = mx.gluon.nn.Conv2D(4, 3, in_channels=3)
                    self.cs = mx.gluon.nn.Conv2D(4, 3, in_channels=3)

            def hybrid_forward(self, F, kernel, search):
                kernel = self.ck(kernel).reshape((4, 1, 4, 4))
                search = self.cs(search).reshape((1, 4, 8, 8))
                out = F.Convolution(data=search, weight=kernel, kernel=[4, 4], no_bias=True, num_filter=4,
                                    num_group=4)
                return out.reshape((1, 4, 5, 5))
        net = XCorr()
        net.initialize(mx.init.Xavier())
        for i, p in enumerate(net.collect_params().values()):
            p.set_data(mx.nd.array(np.cos(np.arange(p.data().size) + i).reshape(p.shape) * 0.3))
        if hybridize:
            net.hybridize()
        z, x = mx.nd.array(z0), mx.nd.array(x0)
        z.attach_grad()
        x.attach_grad()
        with mx.autograd.record():
            y = net(z, x)
        y.backward(mx.nd.array(np.sin(np.arange(100.0)).reshape(1, 4, 5, 5)))
        out = [y, z.grad, x.grad, net.ck.weight.grad()]
        if hybridize:
            prefix = str(tmp_path / mx.__name__)
            net.export(prefix)
            sb = mx.gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data0", "data1"], prefix + "-0000.params")
            out.append(sb(z, x))
        return out
    check(f, atol=1e-5)


def test_child_initialized_in_its_parents_constructor():
    # gluon-cv's DANet/SiamRPN initialize a head inside __init__, set lr_mult on it, then the caller
    # initializes the whole network: the head keeps its values (with MXNet's warnings) and its lr_mult
    def f(mx):
        class Net(mx.gluon.HybridBlock):
            def __init__(self):
                super(Net, self).__init__(prefix="net_")
                with self.name_scope():
                    self.body = mx.gluon.nn.Dense(3, in_units=2)
                    self.head = mx.gluon.nn.Dense(2, in_units=3)
                    self.head.initialize(mx.init.Constant(0.25))
                self.head.collect_params().setattr("lr_mult", 10)
        net = Net()
        import warnings
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            net.initialize(mx.init.Constant(0.5))
        tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        x = mx.nd.array([[1.0, -2.0]])
        with mx.autograd.record():
            y = net.head(net.body(x)).sum()
        y.backward()
        tr.step(1)
        return (sorted(str(m.message).split("'")[1] for m in w if "already initialized" in str(m.message)),
                {k: p.data() for k, p in net.collect_params().items()})
    check(f)
