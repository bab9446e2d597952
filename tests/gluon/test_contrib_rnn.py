"""gluon.contrib.rnn (conv RNN cells, LSTMPCell, VariationalDropoutCell, dynamic_unroll) against MXNet 1.9.1."""
import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import check

RNG = np.random.RandomState(5)


def _set_weights(cell, seed=0):
    rng = np.random.RandomState(seed)
    for p in cell.collect_params().values():
        p.set_data(cell_mod(cell).nd.array(rng.uniform(-0.3, 0.3, p.shape)))


def cell_mod(cell):
    return mxnet if type(cell).__module__.startswith("mxnet") else torch2gluon


CONV = {
    "rnn1d": (lambda c: c.Conv1DRNNCell((2, 7), 3, 3, 3, i2h_pad=1), (2, 3, 2, 7)),
    "lstm2d": (lambda c: c.Conv2DLSTMCell((2, 5, 4), 2, (3, 1), 3, i2h_dilate=(1, 1)), (2, 2, 2, 5, 4)),
    "gru2d_relu": (lambda c: c.Conv2DGRUCell((1, 4, 4), 2, 3, 3, i2h_pad=(1, 1), h2h_dilate=2,
                                            activation="relu"), (2, 2, 1, 4, 4)),
    "gru3d": (lambda c: c.Conv3DGRUCell((1, 3, 3, 3), 2, 1, 3), (2, 2, 1, 3, 3, 3)),
    "lstm1d": (lambda c: c.Conv1DLSTMCell((3, 6), 2, 2, 1), (3, 2, 3, 6)),
}


@pytest.mark.parametrize("key", list(CONV))
def test_conv_cells_unroll_match_oracle(key):
    factory, shape = CONV[key]
    x = RNG.randn(*shape).astype(np.float32)

    def snippet(mx):
        cell = factory(mx.gluon.contrib.rnn)
        cell.initialize()
        _set_weights(cell)
        xx = mx.nd.array(x)
        xx.attach_grad()
        with mx.autograd.record():
            out, states = cell.unroll(shape[1], xx, layout="NTC", merge_outputs=True)
            ((out * out).sum() + sum((s * s).sum() for s in states)).backward()
        return out, states, xx.grad, [p.grad() for p in cell.collect_params().values()], \
            [(k, v.shape) for k, v in cell.collect_params().items()], cell.state_info(4), repr(cell)
    check(snippet, atol=1e-5, rtol=1e-4)


def test_conv_cell_bad_kernel_settings_raise_like_mxnet():
    check(lambda mx: mx.gluon.contrib.rnn.Conv2DRNNCell((1, 4, 4), 2, (3, 3, 3), 3), raises=AssertionError)
    check(lambda mx: mx.gluon.contrib.rnn.Conv2DRNNCell((1, 4, 4), 2, 3, 2), raises=AssertionError)


def test_lstmp_cell_matches_oracle():
    x = RNG.randn(2, 4, 3).astype(np.float32)

    def snippet(mx):
        cell = mx.gluon.contrib.rnn.LSTMPCell(5, 2, prefix="p_")
        cell.initialize()
        cell.unroll(4, mx.nd.array(x))
        _set_weights(cell)
        xx = mx.nd.array(x)
        xx.attach_grad()
        with mx.autograd.record():
            out, states = cell.unroll(4, xx, merge_outputs=True)
            ((out * out).sum() + states[1].sum()).backward()
        return out, states, xx.grad, [p.grad() for p in cell.collect_params().values()], \
            [(k, v.shape) for k, v in cell.collect_params().items()], repr(cell), cell.state_info(3)
    check(snippet, atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize("valid", [None, [3, 1]])
def test_dynamic_unroll_matches_oracle(valid):
    x = RNG.randn(3, 2, 4).astype(np.float32)

    def snippet(mx):
        cell = mx.gluon.rnn.LSTMCell(3, prefix="d_", input_size=4)
        cell.initialize()
        _set_weights(cell)
        vl = None if valid is None else mx.nd.array(valid)
        return mx.gluon.contrib.rnn.rnn_cell.dynamic_unroll(cell, mx.nd.array(x), cell.begin_state(2), layout="TNC",
                                                   valid_length=vl)
    check(snippet)


def test_dynamic_unroll_ntc_matches_oracle():
    x = RNG.randn(2, 3, 4).astype(np.float32)

    def snippet(mx):
        cell = mx.gluon.rnn.GRUCell(3, prefix="d_", input_size=4)
        cell.initialize()
        _set_weights(cell)
        return mx.gluon.contrib.rnn.rnn_cell.dynamic_unroll(cell, mx.nd.array(x), cell.begin_state(2), layout="NTC")
    check(snippet)


@pytest.mark.parametrize("drop_states", [0.0, 0.5])
def test_variational_dropout_predict_mode_matches_oracle(drop_states):
    x = RNG.randn(2, 3, 4).astype(np.float32)

    def snippet(mx):
        base = mx.gluon.rnn.GRUCell(3, prefix="v_", input_size=4)
        cell = mx.gluon.contrib.rnn.VariationalDropoutCell(base, 0.3, drop_states, 0.4)
        cell.initialize()
        _set_weights(base)
        out, st = cell.unroll(3, mx.nd.array(x), merge_outputs=True, valid_length=mx.nd.array([3, 2]))
        return out, st, repr(cell), cell.prefix, list(cell.collect_params())
    check(snippet)


def test_variational_dropout_uses_one_mask_for_all_steps():
    base = torch2gluon.gluon.rnn.RNNCell(6, input_size=4, activation="relu")
    cell = torch2gluon.gluon.contrib.rnn.VariationalDropoutCell(base, drop_outputs=0.5)
    cell.initialize(torch2gluon.init.One())
    x = torch2gluon.nd.ones((2, 5, 4))
    with torch2gluon.autograd.train_mode():
        out, _ = cell.unroll(5, x, merge_outputs=True)
    dead = out.asnumpy() == 0  # outputs are positive (relu of positive sums) unless dropped
    assert dead.any() and not dead.all()
    assert (dead == dead[:, :1]).all()  # the same units are dropped at every step
    with torch2gluon.autograd.train_mode():
        cell2 = torch2gluon.gluon.contrib.rnn.VariationalDropoutCell(
            torch2gluon.gluon.rnn.RNNCell(6, input_size=4, activation="relu", params=base.collect_params()),
            drop_states=0.5)
        out2, _ = cell2.unroll(5, x, merge_outputs=True)
    assert out2.shape == (2, 5, 6)


def test_contrib_rnn_exports_match_mxnet():
    assert sorted(mxnet.gluon.contrib.rnn.__all__) == sorted(torch2gluon.gluon.contrib.rnn.__all__)
    assert callable(torch2gluon.gluon.contrib.rnn.rnn_cell.dynamic_unroll)
    for name in mxnet.gluon.contrib.rnn.__all__:
        assert hasattr(torch2gluon.gluon.contrib.rnn, name)
