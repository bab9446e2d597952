"""Inputs a Symbol call leaves out become variables named '<node>_<input>' for every fixed-arity operator,
as in MXNet 1.9.1 (conditional inputs only under their attribute); fused RNN shapes inferred from the data."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("build", [
    lambda mx: mx.sym.Activation(act_type="relu", name="n"),
    lambda mx: mx.sym.SVMOutput(data=mx.sym.var("x"), name="n"),
    lambda mx: mx.sym.Pooling(kernel=(2, 2), name="n"),
    lambda mx: mx.sym.ROIPooling(pooled_size=(2, 2), spatial_scale=1., name="n"),
    lambda mx: mx.sym.broadcast_add(mx.sym.var("a"), name="n"),
    lambda mx: mx.sym.where(name="n"),
    lambda mx: mx.sym.SequenceMask(name="n"),
    lambda mx: mx.sym.SequenceMask(use_sequence_length=True, name="n"),
    lambda mx: mx.sym.SequenceReverse(mx.sym.var("x"), use_sequence_length=True, name="n"),
    lambda mx: mx.sym.LeakyReLU(name="n"),
    lambda mx: mx.sym.LeakyReLU(act_type="prelu", name="n"),
    lambda mx: mx.sym.CTCLoss(name="n"),
    lambda mx: mx.sym.ctc_loss(use_data_lengths=True, use_label_lengths=True, name="n"),
    lambda mx: mx.sym.softmax(name="n"),
    lambda mx: mx.sym.softmax(use_length=True, name="n"),
    lambda mx: mx.sym.RNN(mode="lstm", state_size=2, num_layers=1, name="n"),
    lambda mx: mx.sym.RNN(mode="gru", state_size=2, num_layers=1, use_sequence_length=True, name="n"),
    lambda mx: mx.sym.RNN(mx.sym.var("x"), mode="rnn_tanh", state_size=2, num_layers=1, name="n"),
    lambda mx: mx.sym.FullyConnected(num_hidden=2, no_bias=True, name="n"),
    lambda mx: mx.sym.BatchNorm(name="n"),
    lambda mx: mx.sym.contrib.BilinearResize2D(height=2, width=2, name="n"),
    lambda mx: mx.sym.contrib.BilinearResize2D(mode="like", name="n"),
    lambda mx: mx.sym.contrib.DeformablePSROIPooling(spatial_scale=1., output_dim=2, group_size=2,
                                                     pooled_size=2, no_trans=True, name="n"),
    lambda mx: mx.sym.maximum(mx.sym.var("a"), 3, name="n"),
    lambda mx: mx.sym.linalg.gemm2(name="n"),
])
def test_missing_inputs_become_variables(build):
    check(lambda mx: (build(mx).list_arguments(), build(mx).list_auxiliary_states()))


@pytest.mark.parametrize("mode", ["rnn_relu", "rnn_tanh", "gru", "lstm"])
@pytest.mark.parametrize("extra", [{}, {"bidirectional": True, "num_layers": 3}, {"use_sequence_length": True},
                                   {"projection_size": 3}])
def test_rnn_infer_shape_from_data(mode, extra):
    if "projection_size" in extra and mode != "lstm":
        pytest.skip("projection_size is LSTM-only")
    kw = dict(mode=mode, state_size=5, num_layers=1, state_outputs=True, name="rnn")
    kw.update(extra)
    check(lambda mx: mx.sym.RNN(**kw).infer_shape(rnn_data=(4, 2, 7)))


def test_rnn_simple_bind_with_data_shape_only():
    """`simple_bind(x=...)` of a fused RNN allocates parameters and states (MXNet's test_rnn*_dropout)."""
    def run(mx):
        x, p, h = mx.sym.var("x"), mx.sym.var("params"), mx.sym.var("state")
        rnn = mx.sym.RNN(data=x, parameters=p, state=h, state_size=4, num_layers=2, mode="gru",
                         state_outputs=True, name="g")
        exe = rnn.simple_bind(ctx=mx.cpu(), x=(3, 2, 5))
        exe.arg_dict["params"][:] = 0.1
        exe.arg_dict["x"][:] = mx.nd.array(np.arange(30).reshape(3, 2, 5) / 30.)
        return [a.shape for a in exe.arg_arrays], exe.forward(is_train=False)
    check(run)
