"""A hybridized block called while recording keeps its own Python state as MXNet's does (oracle)."""
from tests.oracle import check


def test_zoneout_cell_hybridized_under_record():
    """Counting the graph's operators traces the block symbolically; that trace must not leave a Symbol in
    ZoneoutCell's previous output (MXNet 1.x test_gluon_rnn.test_rnn_cells)."""
    def fn(mx):
        cell = mx.gluon.rnn.ZoneoutCell(mx.gluon.rnn.LSTMCell(10, input_size=20), 0.5, 0.2)
        cell.initialize()
        x = mx.nd.ones((4, 3, 20))
        x.attach_grad()
        cell.hybridize()
        with mx.autograd.record():
            out = cell.unroll(3, x, merge_outputs=True)[0]
        out.backward()
        return [out.shape, x.grad.shape]
    check(fn)
