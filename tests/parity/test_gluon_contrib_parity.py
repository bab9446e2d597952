"""gluon.contrib parity with MXNet 1.9.1 (from MXNet's test_gluon_contrib.py sweep): contrib.data, contrib.cnn."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("length,interval,rollover", [(10, 3, True), (10, 3, False), (13, 3, True), (5, 5, False),
                                                      (4, 1, True)])
def test_interval_sampler(length, interval, rollover):
    """Order of indices and len() (which stays `length` without rollover, as in MXNet)."""
    def snippet(mx):
        s = mx.gluon.contrib.data.IntervalSampler(length, interval, rollover=rollover)
        return list(s), len(s)
    check(snippet)


def test_interval_sampler_rejects_interval_over_length():
    """interval > length is an AssertionError."""
    check(lambda mx: mx.gluon.contrib.data.IntervalSampler(3, 4), raises=AssertionError)


LAYERS = {
    "default": dict(channels=4, kernel_size=(3, 3)),
    "relu_nobias": dict(channels=4, kernel_size=(3, 2), activation="relu", use_bias=False, offset_use_bias=False),
    "pad_stride": dict(channels=3, kernel_size=3, strides=2, padding=1),
    "groups": dict(channels=4, kernel_size=(3, 3), num_deformable_group=2, in_channels=4),
    "dilate": dict(channels=2, kernel_size=(2, 2), dilation=2, offset_use_bias=False),
}


def _deformable(mx, kwargs, modulated=False, seed=0):
    from importlib import import_module
    cnn = import_module(mx.__name__ + ".gluon.contrib.cnn")
    cls = cnn.ModulatedDeformableConvolution if modulated else cnn.DeformableConvolution
    return cls(**kwargs)


@pytest.mark.parametrize("modulated", [False, True], ids=["v1", "v2"])
@pytest.mark.parametrize("case", sorted(LAYERS))
def test_deformable_layer_params_and_repr(case, modulated):
    """Parameter names, order, (deferred) shapes, and repr before and after the first forward."""
    def snippet(mx):
        net = _deformable(mx, LAYERS[case], modulated)
        before = [(k, tuple(v.shape)) for k, v in net.collect_params().items()]  # MXNet: a list for the conv weight
        return before, repr(net)
    check(snippet)


@pytest.mark.parametrize("case", sorted(LAYERS))
def test_deformable_v1_forward_backward(case):
    """Output and input/parameter gradients with non-zero offsets (MXNet runs v1 on CPU)."""
    x = np.random.RandomState(0).uniform(-1, 1, (2, 4, 7, 6)).astype(np.float32)

    def snippet(mx):
        net = _deformable(mx, LAYERS[case])
        net.initialize()
        net(mx.nd.array(x))  # infer shapes
        rs = np.random.RandomState(1)
        for name in sorted(net.collect_params().keys()):
            p = net.collect_params()[name]
            p.set_data(mx.nd.array(rs.uniform(-0.3, 0.3, p.shape)))
        xx = mx.nd.array(x)
        xx.attach_grad()
        with mx.autograd.record():
            y = net(xx)
        y.backward()
        shapes = [(k, v.shape) for k, v in net.collect_params().items()]
        return y, xx.grad, shapes, [net.collect_params()[k].grad() for k in sorted(net.collect_params().keys())]
    check(snippet, atol=1e-4, rtol=1e-4)


CELLS = {
    "conv1d_rnn": lambda mx: mx.gluon.contrib.rnn.Conv1DRNNCell((10, 50), 8, 3, 3, prefix="rnn_"),
    "conv2d_lstm": lambda mx: mx.gluon.contrib.rnn.Conv2DLSTMCell((10, 20, 50), 8, 3, 3, prefix="rnn_"),
    "conv3d_gru": lambda mx: mx.gluon.contrib.rnn.Conv3DGRUCell((10, 20, 30, 50), 8, 3, 3, prefix="rnn_"),
    "lstmp": lambda mx: mx.gluon.contrib.rnn.LSTMPCell(16, 8, prefix="rnn_"),
}


@pytest.mark.parametrize("cell", sorted(CELLS))
def test_contrib_cell_symbolic_unroll_names(cell):
    """Unrolled on symbols, the contrib cells name their step outputs 'rnn_t<i>_out_output' like MXNet."""
    def snippet(mx):
        c = CELLS[cell](mx)
        inputs = [mx.sym.Variable("rnn_t%d_data" % i) for i in range(3)]
        outputs, _ = c.unroll(3, inputs)
        group = mx.sym.Group(outputs)
        return group.list_outputs(), sorted(c.collect_params().keys()), sorted(group.list_arguments())
    check(snippet)


def test_conv_cell_infers_in_channels_from_the_input():
    """A conv cell built with input_shape (0, 7) takes its input channels from the first input."""
    def snippet(mx):
        cell = mx.gluon.contrib.rnn.Conv1DLSTMCell((0, 7), 4, (3,), (3,))
        cell.hybridize()
        cell.initialize(mx.init.Constant(0.05))
        x = mx.nd.array(np.linspace(-1, 1, 2 * 3 * 5 * 7).reshape(2, 3, 5, 7))
        out, states = cell.unroll(3, x, merge_outputs=True)
        return out, states, cell.i2h_weight.shape
    check(snippet, atol=1e-5, rtol=1e-4)
