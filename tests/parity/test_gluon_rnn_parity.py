"""gluon.rnn parity with MXNet 1.9.1 (from MXNet's test_gluon_rnn.py sweep): cells unrolled on Symbols."""
import numpy as np
import pytest

from tests.oracle import check

_CELLS = {
    "rnn": lambda mx: mx.gluon.rnn.RNNCell(4, prefix="rnn_"),
    "lstm": lambda mx: mx.gluon.rnn.LSTMCell(4, prefix="rnn_"),
    "gru": lambda mx: mx.gluon.rnn.GRUCell(4, prefix="rnn_"),
    "residual": lambda mx: mx.gluon.rnn.ResidualCell(mx.gluon.rnn.GRUCell(5, prefix="rnn_")),
    "zoneout": lambda mx: mx.gluon.rnn.ZoneoutCell(mx.gluon.rnn.RNNCell(4, prefix="rnn_"), 0.5, 0.5),
}
_STATES = {"rnn": 1, "lstm": 2, "gru": 1, "residual": 1, "zoneout": 1}


@pytest.mark.parametrize("kind", sorted(_CELLS))
@pytest.mark.parametrize("merge", [False, True])
def test_symbolic_unroll_names_shapes_values(kind, merge):
    """unroll on Symbols: MXNet's output/argument names, inferred shapes and evaluated values."""
    rs = np.random.RandomState(0)
    hidden = 5 if kind == "residual" else 4
    data = rs.uniform(-1, 1, (2, 3, 5))
    states = [rs.uniform(-1, 1, (2, hidden)) for _ in range(_STATES[kind])]
    n = {"rnn": 1, "lstm": 4, "gru": 3, "residual": 3, "zoneout": 1}[kind]
    w_i2h = rs.uniform(-.5, .5, (n * hidden, 5))

    def snippet(mx):
        cell = _CELLS[kind](mx)
        begin = [mx.sym.var(f"s{i}") for i in range(len(states))]
        out, st = cell.unroll(3, mx.sym.var("data"), begin_state=begin, merge_outputs=merge)
        g = mx.sym.Group((out if isinstance(out, list) else [out]) + st)
        shapes = dict(data=data.shape, **{f"s{i}": s.shape for i, s in enumerate(states)})
        _, out_shapes, _ = g.infer_shape(**shapes)
        res = [g.list_outputs(), sorted(g.list_arguments()), out_shapes]
        if kind != "zoneout":  # zoneout draws random masks only in training; eval is inference
            feed = {"data": mx.nd.array(data), "rnn_i2h_weight": mx.nd.array(w_i2h),
                    "rnn_h2h_weight": mx.nd.array(np.full((n * hidden, hidden), 0.1)),
                    "rnn_i2h_bias": mx.nd.array(np.full((n * hidden,), 0.2)),
                    "rnn_h2h_bias": mx.nd.zeros((n * hidden,))}
            feed.update({f"s{i}": mx.nd.array(s) for i, s in enumerate(states)})
            res.append(list(g.eval(**feed)))
        return res
    check(snippet)


def test_bidirectional_symbolic_output_names():
    """BidirectionalCell names its concatenated steps `<output_prefix>t<i>` (merged: `<output_prefix>out`)."""
    def snippet(mx):
        out = []
        for merge in (False, True):
            cell = mx.gluon.rnn.BidirectionalCell(mx.gluon.rnn.LSTMCell(3, prefix="l0_"),
                                                  mx.gluon.rnn.LSTMCell(3, prefix="r0_"), output_prefix="bi_")
            begin = [mx.sym.var(f"s{i}") for i in range(4)]
            o, _ = cell.unroll(2, [mx.sym.var("a"), mx.sym.var("b")], begin_state=begin, merge_outputs=merge)
            g = mx.sym.Group(o if isinstance(o, list) else [o])
            shapes = dict(a=(2, 6), b=(2, 6), **{f"s{i}": (2, 3) for i in range(4)})
            out.append((g.list_outputs(), g.infer_shape(**shapes)[1]))
        return out
    check(snippet)


def _seq(mx):
    s = mx.gluon.rnn.SequentialRNNCell()
    s.add(mx.gluon.rnn.LSTMCell(3, prefix="a_"))
    s.add(mx.gluon.rnn.GRUCell(3, prefix="b_"))
    return s


_DEFAULT_STATE_CELLS = {
    "rnn": (lambda mx: mx.gluon.rnn.RNNCell(4, prefix="rnn_"), (2, 5)),
    "lstm": (lambda mx: mx.gluon.rnn.LSTMCell(4, prefix="rnn_"), (2, 5)),
    "bi": (lambda mx: mx.gluon.rnn.BidirectionalCell(mx.gluon.rnn.LSTMCell(3, prefix="l_"),
                                                     mx.gluon.rnn.GRUCell(3, prefix="r_")), (2, 5)),
    "seq": (_seq, (2, 5)),
    "residual": (lambda mx: mx.gluon.rnn.ResidualCell(mx.gluon.rnn.GRUCell(5, prefix="rnn_")), (2, 5)),
    "zoneout": (lambda mx: mx.gluon.rnn.ZoneoutCell(mx.gluon.rnn.RNNCell(4, prefix="rnn_"), 0.5, 0.5), (2, 5)),
    "conv2d_lstm": (lambda mx: mx.gluon.contrib.rnn.Conv2DLSTMCell((3, 5, 5), 4, 3, 3, prefix="c_"), (1, 3, 5, 5)),
    "conv1d_gru": (lambda mx: mx.gluon.contrib.rnn.Conv1DGRUCell((3, 8), 2, 3, 3, prefix="c_"), (2, 3, 8)),
    "vardrop": (lambda mx: mx.gluon.contrib.rnn.VariationalDropoutCell(
        mx.gluon.rnn.LSTMCell(4, prefix="rnn_"), drop_inputs=0.2, drop_states=0.3), (2, 5)),
    "lstmp": (lambda mx: mx.gluon.contrib.rnn.LSTMPCell(6, 3, prefix="p_"), (2, 5)),
}


@pytest.mark.parametrize("kind", sorted(_DEFAULT_STATE_CELLS))
def test_symbolic_unroll_default_begin_state_sizes_unknown_batch(kind):
    """Default begin states are `sym.zeros((0, H))`: the unknown batch size is filled from the inputs."""
    factory, shape = _DEFAULT_STATE_CELLS[kind]
    rs = np.random.RandomState(1)
    data = [rs.uniform(-1, 1, shape) for _ in range(3)]

    def snippet(mx):
        cell = factory(mx)
        outs, st = cell.unroll(3, [mx.sym.var(f"t{i}") for i in range(3)])
        g = mx.sym.Group(outs + st)
        shapes = {f"t{i}": shape for i in range(3)}
        arg_shapes, out_shapes, _ = g.infer_shape(**shapes)
        res = [g.list_outputs(), sorted(zip(g.list_arguments(), arg_shapes)), out_shapes]
        if kind not in ("zoneout", "vardrop"):  # their masks are random in training only; eval is inference
            feed = {n: mx.nd.array(np.random.RandomState(len(n)).uniform(-.4, .4, s))
                    for n, s in zip(g.list_arguments(), arg_shapes)}
            feed.update({f"t{i}": mx.nd.array(d) for i, d in enumerate(data)})
            res.append(list(g.eval(**feed)))
        return res
    check(snippet, atol=1e-5, rtol=1e-5)


def test_unknown_batch_size_rules_match_mxnet():
    """Which consumers decide a 0 (unknown) dimension, and which leave shape inference failing."""
    import warnings

    def snippet(mx):
        x, z = mx.sym.var("x"), mx.sym.zeros((0, 3))
        cases = [(z + x, (2, 3)), (mx.sym.broadcast_add(z, x), (2, 3)),
                 (mx.sym.FullyConnected(z, num_hidden=4, name="fc") + x, (2, 4)),
                 (mx.sym.concat(z, x, dim=1), (2, 5)), (mx.sym.concat(z, x, dim=0), (2, 3)),
                 ((z * 2 + 1).tanh() + x, (2, 3)), (mx.sym.sum(z, axis=1) + x, (2,)),
                 (mx.sym.reshape(z, (-1,)) + x, (6,)), (mx.sym.transpose(z) + x, (3, 2)),
                 (mx.sym.SliceChannel(mx.sym.zeros((0, 6)), num_outputs=2)[0] + x, (2, 3)),
                 (mx.sym.where(x, z, x), (2, 3)), (mx.sym.zeros((0, 3)) + mx.sym.zeros((0, 3)) + x, (2, 3)),
                 (mx.sym.random.uniform(shape=(0, 3)) + x, (2, 3)), (mx.sym.dot(z, x), (3, 4)),
                 (mx.sym.add_n(z, x), (2, 3)), (mx.sym.stack(z, x), (2, 3))]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = [s.infer_shape(x=shp) for s, shp in cases]
        s = mx.sym.FullyConnected(z, num_hidden=4, name="fc") + x
        out.append(s.eval(x=mx.nd.ones((2, 4)), fc_weight=mx.nd.ones((4, 3)), fc_bias=mx.nd.ones((4,)))[0])
        out.append((mx.sym.ones((0, 3)) * 2 + x).eval(x=mx.nd.ones((2, 3)))[0])
        return out
    check(snippet)
    check(lambda mx: mx.sym.zeros((0, 3)).eval()[0])  # nothing decides it: MXNetError on both
