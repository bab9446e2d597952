"""SymbolBlock parameters as MXNet 1.9.1 creates them: no shape / lr_mult / wd_mult from the graph's variable
attributes, and a shape that stays unknown (None) when the values come from a load (SymbolBlock.imports)."""
import warnings

import numpy as np

from tests.oracle import check


def _graph(mx):
    d = mx.sym.var("data")
    w = mx.sym.var("fc_weight", shape=(3, 5), lr_mult=2.0, wd_mult=0.5)
    return d, mx.sym.FullyConnected(d, w, num_hidden=3, name="fc")


def _params(block):
    return [(k, p.shape, p.lr_mult, p.wd_mult, str(p)) for k, p in sorted(block.collect_params().items())]


def test_symbolblock_ignores_variable_attrs_until_forward():
    def fn(mx):
        d, out = _graph(mx)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net = mx.gluon.SymbolBlock(out, d)
        before = _params(net)
        net.initialize(mx.init.One())
        y = net(mx.nd.ones((2, 5)))
        return before, _params(net), y
    check(fn)


def test_imported_params_keep_unknown_shape(tmp_path):
    x = np.arange(10, dtype="float32").reshape(2, 5)

    def fn(mx):
        prefix = str(tmp_path / mx.__name__)
        net = mx.gluon.nn.HybridSequential()
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(4, activation="relu"), mx.gluon.nn.BatchNorm(), mx.gluon.nn.Dense(2))
        net.initialize(mx.init.Constant(0.1))
        net.hybridize()
        ref = net(mx.nd.array(x))
        net.export(prefix, epoch=3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            back = mx.gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data"], prefix + "-0003.params")
        loaded = _params(back)
        y = back(mx.nd.array(x))
        return ref, loaded, y, _params(back), str(back.collect_params())
    check(fn)


def test_load_parameters_into_deferred_param_keeps_none_shape(tmp_path):
    def fn(mx):
        f = str(tmp_path / (mx.__name__ + ".params"))
        mx.nd.save(f, {"w": mx.nd.arange(6).reshape((2, 3))})
        p = mx.gluon.Parameter("w", allow_deferred_init=True)
        p.initialize(ctx=mx.cpu())
        d = mx.gluon.ParameterDict()
        d._params["w"] = p
        d.load(f, ctx=mx.cpu())
        return p.shape, p.data(), p.list_ctx()
    check(fn)
