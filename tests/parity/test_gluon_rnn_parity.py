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
