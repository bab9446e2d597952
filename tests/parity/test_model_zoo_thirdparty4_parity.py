"""Behaviours third-party Gluon code relies on (fourth batch), each reproduced in miniature.

Found by running sockeye 2.x (MXNet 1.x transformer layers: interleaved-matmul attention, positional
embeddings, SSRU with contrib.foreach, length-ratio head) and gluon-ts (MXNet backend: distribution outputs,
scalers, feature embedders, DeepAR-style lag/sequence ops) code unchanged on MXNet 1.9.1 and on torch2gluon.
Every test is our own snippet against the oracle; no third-party code lives here.
"""
import json

import numpy as np
import pytest

from tests.oracle import check

RNG = np.random.RandomState(5)
X = RNG.randn(3, 5, 8).astype("float32")


def _pos_block(mx):
    class AddPositions(mx.gluon.HybridBlock):
        # sockeye's PositionalEmbeddings: forward(data, steps) with steps=None slices the table like the data
        def __init__(self):
            super(AddPositions, self).__init__(prefix="pe_")
            with self.name_scope():
                self.weight = self.params.get("weight", shape=(10, 8), init=mx.init.Constant(0.5))

        def hybrid_forward(self, F, data, steps, weight):
            if steps is None:
                pos = F.slice_like(F.expand_dims(weight, axis=0), data, axes=(1,))
            else:
                pos = F.Embedding(steps, weight, 10, 8)
            return F.broadcast_add(data, pos)
    blk = AddPositions()
    blk.initialize()
    blk.hybridize()
    return blk


def test_export_with_a_none_argument_names_the_single_array_input_data(tmp_path):
    # MXNet names graph inputs after the array arguments only: (data, None) exports one input called 'data'
    def f(mx):
        blk = _pos_block(mx)
        y = blk(mx.nd.array(X), None)
        prefix = str(tmp_path / mx.__name__)
        blk.export(prefix)
        with open(prefix + "-symbol.json") as fp:
            graph = json.load(fp)
        names = [n["name"] for n in graph["nodes"] if n["op"] == "null"]
        sb = mx.gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data"], prefix + "-0000.params")
        return y, names, sb(mx.nd.array(X))
    check(f)


def test_export_with_a_none_argument_between_arrays(tmp_path):
    def f(mx):
        class Blk(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, a, b, c):
                return a * 2 + (c if b is None else b)
        blk = Blk(prefix="b_")
        blk.hybridize()
        y = blk(mx.nd.ones((2, 3)), None, mx.nd.ones((2, 3)) * 3)
        prefix = str(tmp_path / mx.__name__)
        blk.export(prefix)
        with open(prefix + "-symbol.json") as fp:
            names = [n["name"] for n in json.load(fp)["nodes"] if n["op"] == "null"]
        sb = mx.gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data0", "data1"])
        return y, names, sb(mx.nd.ones((2, 3)), mx.nd.ones((2, 3)) * 5)
    check(f)


def test_save_load_model_of_a_block_called_with_none(tmp_path):
    # HybridBlock.save records the graph (inputs without the None argument); load restores it
    def f(mx):
        blk = _pos_block(mx)
        y = blk(mx.nd.array(X), None)
        prefix = str(tmp_path / ("s_" + mx.__name__))
        blk.save(prefix)
        with open(prefix + "-model.json") as fp:
            model = json.load(fp)
        top = list(model.values())[0]
        blk2 = _pos_block(mx)
        blk2.load(prefix)
        return y, top["in_format"], len(top["inputs"]), blk2(mx.nd.array(X), None)
    check(f)


@pytest.mark.parametrize("shape,axes", [((4,), (1,)), ((4,), (-2,)), ((2, 3), (2,)), ((2, 3), (5, -7)),
                                        ((2, 3), (1, 0)), ((2, 3, 2), (4,))])
def test_index_array_takes_each_axis_modulo_ndim(shape, axes):
    # MXNet never range-checks index_array's axes (its kernel wraps them); sockeye's AutoRegressiveBias asks
    # for axes=(1,) of a 1-D array
    check(lambda mx: mx.nd.contrib.index_array(mx.nd.zeros(shape), axes=axes))
    check(lambda mx: mx.sym.contrib.index_array(mx.sym.var("x"), axes=axes).eval(x=mx.nd.zeros(shape))[0])


@pytest.mark.parametrize("hybridize", [False, True])
def test_autoregressive_bias_from_a_squeezed_slice(hybridize):
    def f(mx):
        class Bias(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, x):
                x = F.squeeze(F.slice(x, begin=(0, None, 0), end=(1, None, 1)))
                pos = F.cast(F.contrib.index_array(x, axes=(1,)), dtype="float32")
                bias = F.broadcast_greater(F.reshape(pos, shape=(1, -1)), pos) * -1e8
                return F.BlockGrad(F.expand_dims(bias, axis=0))
        blk = Bias()
        if hybridize:
            blk.hybridize()
        return blk(mx.nd.array(X))
    check(f)
