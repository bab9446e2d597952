"""mx.viz.print_summary / plot_network against MXNet 1.9.1 (printed table and Graphviz source)."""
import contextlib
import io
import warnings

import pytest

from tests.oracle import check


def _net(mx, kind):
    data = mx.sym.Variable('data')
    if kind == "summary":
        bias = mx.sym.Variable('fc1_bias', lr_mult=1.0)
        x = mx.sym.Embedding(data=data, name='emb1', input_dim=100, output_dim=28)
        x = mx.sym.Convolution(data=x, name='conv1', num_filter=32, kernel=(3, 3), stride=(2, 2))
        x = mx.sym.BatchNorm(data=x, name="bn1")
        x = mx.sym.Activation(data=x, name='relu1', act_type="relu")
        x = mx.sym.Pooling(data=x, name='mp1', kernel=(2, 2), stride=(2, 2), pool_type='max')
        x = mx.sym.FullyConnected(data=x, bias=bias, name='fc1', num_hidden=10, lr_mult=0)
        x = mx.sym.FullyConnected(data=x, name='fc2', num_hidden=10, wd_mult=0.5)
        return mx.sym.SliceChannel(data=x, num_outputs=10, name="slice_1", squeeze_axis=0), {"data": (1, 3, 28)}
    if kind == "conv":
        x = mx.sym.Convolution(data, name='c1', num_filter=8, kernel=(3, 3), pad=(1, 1), no_bias=True)
        y = mx.sym.Convolution(data, name='c2', num_filter=8, kernel=(1, 1), num_group=2)
        x = mx.sym.LeakyReLU(mx.sym.concat(x, y, dim=1, name='cat'), name='lrelu', act_type='leaky')
        x = mx.sym.Pooling(x, name='gp', global_pool=True, pool_type='avg', kernel=(1, 1))
        x = mx.sym.FullyConnected(mx.sym.Flatten(x, name='flat'), name='fc', num_hidden=5, no_bias=True)
        return mx.sym.SoftmaxOutput(x, name='softmax'), {"data": (2, 4, 6, 6)}
    x = mx.sym.FullyConnected(data, name='fc', num_hidden=128)
    x = mx.sym.Activation(x, name='relu1', act_type="relu")
    x = mx.sym.FullyConnected(x, name='fc', num_hidden=10)
    return mx.sym.SoftmaxOutput(x, name='out'), {"data": (100, 200)}


@pytest.mark.parametrize("kind", ["summary", "conv", "dup"])
@pytest.mark.parametrize("with_shape", [False, True])
def test_print_summary(kind, with_shape):
    def run(mx):
        net, shape = _net(mx, kind)
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            mx.viz.print_summary(net, shape if with_shape else None, line_length=100)
        return buf.getvalue()
    check(run)


def test_print_summary_absolute_positions_and_errors():
    def run(mx):
        net, shape = _net(mx, "conv")
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            mx.viz.print_summary(net, shape, line_length=60, positions=[20, 35, 45, 60])
        return buf.getvalue()
    check(run)
    check(lambda mx: mx.viz.print_summary(mx.nd.ones(2)))


@pytest.mark.parametrize("kind", ["summary", "conv"])
@pytest.mark.parametrize("opts", [{}, {"shape": True}, {"shape": True, "dtype": True, "hide_weights": False},
                                  {"node_attrs": {"fixedsize": "false"}, "title": "t", "save_format": "png"}])
def test_plot_network_source(kind, opts):
    pytest.importorskip("graphviz")

    def run(mx):
        net, shape = _net(mx, kind)
        kw = dict(opts)
        if kw.pop("shape", False):
            kw["shape"] = shape
        if kw.pop("dtype", False):
            kw["dtype"] = {"data": "float32"}
        dot = mx.viz.plot_network(net, **kw)
        return dot.source, dot.format, dot.name
    check(run)


def test_plot_network_warns_on_repeated_names():
    pytest.importorskip("graphviz")

    def run(mx):
        net, shape = _net(mx, "dup")
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            dot = mx.viz.plot_network(net, shape=shape)
        return [(x.category.__name__, str(x.message)) for x in w], dot.source
    check(run)
    check(lambda mx: mx.viz.plot_network("not a symbol"))


@pytest.mark.parametrize("name", ["resnet18_v1", "squeezenet1.0"])
def test_print_summary_of_exported_model_zoo_network(name, tmp_path):
    def run(mx):
        net = mx.gluon.model_zoo.vision.get_model(name, pretrained=False)
        net.initialize()
        net.hybridize()
        net(mx.nd.ones((1, 3, 224, 224)))
        prefix = str(tmp_path / mx.__name__)
        net.export(prefix)
        sym = mx.sym.load(prefix + "-symbol.json")
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            mx.viz.print_summary(sym, shape={"data": (1, 3, 224, 224)})
        return buf.getvalue()
    check(run)
