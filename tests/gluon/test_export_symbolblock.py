"""HybridBlock.export / SymbolBlock.imports / mx.sym: MXNet's JSON + .params pair, both directions."""
import json

import numpy as np
import pytest

import mxnet
import torch2gluon

RNG = np.random.RandomState(0)
X = RNG.rand(2, 2, 6, 6).astype(np.float32)


def _net(mx):
    nn = mx.gluon.nn

    class Net(mx.gluon.HybridBlock):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.c = nn.Conv2D(4, 3)
                self.bn = nn.BatchNorm()
                self.p = nn.MaxPool2D()
                self.d = nn.Dense(3, activation="relu")
                self.e = nn.Dense(5, flatten=False, use_bias=False)

        def hybrid_forward(self, F, x):
            y = self.bn(self.c(x)) * 2 + 1
            z = self.d(F.relu(self.p(y)))
            w = self.e(F.concat(z, z - 0.5, dim=1).expand_dims(1))
            return F.broadcast_sub(z, z.mean(axis=1, keepdims=True)), 1 - w / 3, y

    net = Net(prefix="net_")
    net.initialize(mx.init.Xavier())
    return net


def _outputs(outs):
    return [o.asnumpy() for o in outs]


def _graph_summary(path):
    with open(path) as f:
        g = json.load(f)
    nodes = [(n["op"], n["name"], n["inputs"], {k: v for k, v in n.get("attrs", {}).items() if k != "__shape__"})
             for n in g["nodes"]]
    return nodes, g["heads"], g["arg_nodes"]


def test_export_writes_mxnets_graph_and_params(tmp_path):
    files = {}
    for mx in (mxnet, torch2gluon):
        net = _net(mx)
        net.hybridize()
        net(mx.nd.array(X))
        prefix = str(tmp_path / mx.__name__)
        net.export(prefix, epoch=7)
        files[mx.__name__] = prefix
    assert _graph_summary(files["mxnet"] + "-symbol.json") == _graph_summary(files["torch2gluon"] + "-symbol.json")
    assert sorted(mxnet.nd.load(files["mxnet"] + "-0007.params")) == \
        sorted(mxnet.nd.load(files["torch2gluon"] + "-0007.params"))


@pytest.mark.parametrize("writer,reader", [(torch2gluon, mxnet), (mxnet, torch2gluon), (torch2gluon, torch2gluon)],
                         ids=["ours->mxnet", "mxnet->ours", "ours->ours"])
def test_exported_model_runs_the_same_in_the_other(tmp_path, writer, reader):
    net = _net(writer)
    net.hybridize()
    x = writer.nd.array(X)
    net(x)
    with writer.autograd.record():  # move BatchNorm's running statistics away from their initial values
        net(x)[0].backward()
    want = _outputs(net(x))
    prefix = str(tmp_path / "model")
    net.export(prefix)
    blk = reader.gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data"], prefix + "-0000.params")
    got = _outputs(blk(reader.nd.array(X)))
    assert len(got) == len(want) == 3
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-4, atol=1e-5)


def test_export_needs_a_hybridized_forward_first(tmp_path):
    for mx in (mxnet, torch2gluon):
        net = _net(mx)
        net(mx.nd.array(X))
        with pytest.raises(RuntimeError, match="hybridize"):
            net.export(str(tmp_path / "m"))


def test_symbol_api_builds_and_evaluates_like_mxnet(tmp_path):
    outs = []
    w = RNG.rand(4, 5)
    for mx in (mxnet, torch2gluon):
        mx.name.NameManager._current.value = mx.name.NameManager()  # fresh auto-name counters
        data = mx.sym.var("data")
        fc = mx.sym.FullyConnected(data, num_hidden=4, name="fc1")
        act = mx.sym.Activation(fc, act_type="tanh", name="act")
        out = mx.sym.Group([mx.sym.concat(act * 2 + 1, -act, dim=1), mx.sym.sum(fc, axis=1)])
        assert out.list_arguments() == ["data", "fc1_weight", "fc1_bias"]
        assert out.list_outputs() == ["concat0_output", "sum0_output"]
        internals = out.get_internals()
        assert "fc1_output" in internals.list_outputs()
        vals = dict(data=mx.nd.array(X[0, 0, :3, :5]), fc1_weight=mx.nd.array(w),
                    fc1_bias=mx.nd.array([0.1, 0.2, 0.3, 0.4]))
        outs.append(_outputs(out.eval(**vals)) + _outputs(internals["fc1_output"].eval(**vals)))
        path = str(tmp_path / f"{mx.__name__}.json")
        out.save(path)
    for a, b in zip(*outs):
        np.testing.assert_allclose(b, a, rtol=1e-5)
    # each side loads the other's JSON
    assert torch2gluon.sym.load(str(tmp_path / "mxnet.json")).list_outputs() == ["concat0_output", "sum0_output"]
    assert mxnet.sym.load(str(tmp_path / "torch2gluon.json")).list_arguments() == ["data", "fc1_weight", "fc1_bias"]


def test_symbolblock_from_internals_shares_params_and_infers_shapes():
    mx = torch2gluon
    data = mx.sym.var("data")
    net_sym = mx.sym.FullyConnected(mx.sym.relu(mx.sym.FullyConnected(data, num_hidden=6, name="a")),
                                    num_hidden=2, name="b")
    for mod in (mxnet, torch2gluon):
        blk = mod.gluon.SymbolBlock(mod.sym.load_json(net_sym.tojson()), mod.sym.var("data"))
        blk.initialize(mod.init.One())
        out = blk(mod.nd.ones((3, 4)))
        assert sorted(blk.collect_params().keys()) == ["a_bias", "a_weight", "b_bias", "b_weight"]
        assert blk.collect_params()["a_weight"].shape == (6, 4)
        np.testing.assert_allclose(out.asnumpy(), np.full((3, 2), 6 * 5 + 1.0))


def test_unsupported_op_in_graph_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"nodes": [{"op": "null", "name": "data", "inputs": []},
                                          {"op": "_NoSuchOp", "name": "x", "inputs": [[0, 0, 0]]}],
                                "arg_nodes": [0], "heads": [[1, 0, 0]]}))
    blk = torch2gluon.gluon.SymbolBlock.imports(str(path), ["data"])
    with pytest.raises(torch2gluon.base.MXNetError, match="_NoSuchOp"):
        blk(torch2gluon.nd.ones((1,)))
    with pytest.raises(torch2gluon.base.MXNetError, match="not a variable"):
        torch2gluon.gluon.SymbolBlock.imports(str(path), ["input"])


def _symbolic_script(mx):
    """Gluon layers called on symbols, infer_shape/infer_type, internals, SymbolBlock on symbols."""
    nn = mx.gluon.nn
    res = []
    model = nn.Sequential()
    model.add(nn.Dense(12, activation="tanh", in_units=10, flatten=False), nn.Dropout(0.5),
              nn.Dense(6, activation="tanh", in_units=24), nn.Dense(3, in_units=6), nn.Activation("relu"))
    y = model(mx.sym.var("data"))
    res.append(y.list_arguments())
    dense = nn.Dense(8, activation="tanh", in_units=10, flatten=False, prefix="test_")
    out = dense(mx.sym.Variable("data"))
    res += [out.list_outputs(), out.infer_shape(data=(2, 3, 10))]
    conv = nn.HybridSequential(prefix="c_")
    with conv.name_scope():
        conv.add(nn.Conv2D(4, 3, in_channels=2), nn.BatchNorm(in_channels=4), nn.MaxPool2D(), nn.Flatten())
    out = conv(mx.sym.var("data"))
    res += [out.list_arguments(), out.list_auxiliary_states(), out.infer_shape(data=(1, 2, 8, 8))]
    fc = mx.sym.FullyConnected(mx.sym.var("d"), num_hidden=3, name="fc")
    res += [fc.infer_type(d="float64"), fc.infer_shape_partial(d=(2, 5))]
    net = nn.HybridSequential()
    net.add(nn.Dense(7, activation="tanh"), nn.Dense(4, in_units=7), nn.Activation("relu"))
    net.initialize(mx.init.One())
    internals = net(mx.sym.var("data")).get_internals()
    res.append(internals.list_outputs())
    blk = mx.gluon.SymbolBlock(internals, mx.sym.var("data"), params=net.collect_params())
    outs = blk(mx.nd.ones((2, 5)) / 10)
    res.append([o.asnumpy() for o in outs])
    composed = blk(mx.sym.var("in"))
    res.append([len(composed), composed[-1].list_arguments()[:2]])
    return res


def test_gluon_layers_on_symbols_match_mxnet():
    with mxnet.name.NameManager():  # fresh auto-name counters on both sides (blocks and symbol nodes)
        want = _symbolic_script(mxnet)
    with torch2gluon.name.NameManager():
        got = _symbolic_script(torch2gluon)
    assert want[:-2] == got[:-2]
    assert want[-1] == got[-1]
    for a, b in zip(want[-2], got[-2]):
        np.testing.assert_allclose(b, a, rtol=1e-5)


def test_infer_shape_undecidable_warns_and_returns_nones():
    for mx in (mxnet, torch2gluon):
        with pytest.warns(UserWarning, match="Cannot decide shape"):
            assert mx.sym.broadcast_add(mx.sym.var("a"), mx.sym.var("b")).infer_shape(a=(2, 3)) == (None, None, None)


def test_cached_op_and_name_manager_like_mxnet():
    res = []
    for mx in (mxnet, torch2gluon):
        with mx.name.NameManager():
            sym = mx.sym.Convolution(kernel=(3, 3), num_filter=4) + 2
            names = sym.get_internals().list_outputs()
        with mx.name.Prefix("p_"):
            names.append(mx.sym.relu(mx.sym.var("x")).name)
        op = mx.nd.CachedOp(sym)
        data, weight, bias = mx.nd.ones((2, 3, 6, 6)), mx.nd.ones((4, 3, 3, 3)), mx.nd.ones((4,))
        o1 = op(data, weight, bias)
        out = mx.nd.zeros(o1.shape)
        op(data, weight, bias * 2, out=out)
        res.append((names, o1.asnumpy(), out.asnumpy()))
    assert res[0][0] == res[1][0]
    np.testing.assert_allclose(res[1][1], res[0][1])
    np.testing.assert_allclose(res[1][2], res[0][2])


def test_pad_method_and_int_attach_grad():
    x = torch2gluon.nd.ones((1, 1, 2, 2))
    assert x.pad(mode="constant", pad_width=(0, 0, 0, 0, 1, 1, 1, 1)).shape == (1, 1, 4, 4)
    for mx in (mxnet, torch2gluon):  # an integer variable has an integer gradient buffer, as in MXNet
        v = mx.nd.ones(3, dtype="int32")
        v.attach_grad()
        assert v.grad.dtype == np.int32 and v.grad.asnumpy().tolist() == [0, 0, 0]


def test_output_names_follow_mxnet():
    def names(mx):
        d = mx.sym.var("d")
        syms = [mx.sym.make_loss(d), mx.sym.MakeLoss(d), mx.sym.BatchNorm(d, output_mean_var=True),
                mx.sym.SliceChannel(d, num_outputs=2), mx.sym.topk(d, ret_typ="both"),
                mx.sym.RNN(d, mx.sym.var("p"), mx.sym.var("s"), mx.sym.var("c"), state_size=2, num_layers=1,
                           mode="lstm", state_outputs=True),
                mx.sym.BlockGrad(d), mx.sym.split(d, num_outputs=3), mx.sym.concat(d, d)]
        return [s.list_outputs() for s in syms]
    with mxnet.name.NameManager(), torch2gluon.name.NameManager():
        assert names(torch2gluon) == names(mxnet)
