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
