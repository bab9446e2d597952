"""nd.RNN (fused RNN operator) and nd.Sequence{Mask,Last,Reverse} against real MXNet 1.9.1 and by hand."""
import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import check, check_code
from torch2gluon.ndarray.ops_rnn import rnn_param_size

RNG = np.random.RandomState(3)
T, N, C, H = 4, 3, 5, 6


def _inputs(mode, layers, bidir, proj=None, seed=0):
    rng = np.random.RandomState(seed)
    d = 2 if bidir else 1
    x = rng.randn(T, N, C).astype(np.float32)
    p = rng.uniform(-0.5, 0.5, rnn_param_size(mode, layers, C, H, bidir, proj)).astype(np.float32)
    h0 = rng.randn(layers * d, N, proj or H).astype(np.float32)
    c0 = rng.randn(layers * d, N, H).astype(np.float32)
    return [x, p, h0, c0] if mode == "lstm" else [x, p, h0]


CONFIGS = [(m, layers, bi) for m in ("rnn_relu", "rnn_tanh", "gru", "lstm") for layers in (1, 2)
           for bi in (False, True)]


@pytest.mark.parametrize("mode,layers,bidir", CONFIGS)
def test_rnn_op_forward_and_grads_match_oracle(mode, layers, bidir):
    arrays = _inputs(mode, layers, bidir)

    def snippet(mx):
        xs = [mx.nd.array(a) for a in arrays]
        for a in xs:
            a.attach_grad()
        with mx.autograd.record():
            outs = mx.nd.RNN(*xs, state_size=H, num_layers=layers, bidirectional=bidir, mode=mode,
                             state_outputs=True)
            loss = sum((o * o).sum() for o in outs)
        loss.backward()
        return {"outs": outs, "grads": [a.grad for a in xs]}

    check(snippet, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("layers,bidir", [(1, False), (2, True)])
def test_rnn_op_lstm_projection_forward_matches_oracle(layers, bidir):
    arrays = _inputs("lstm", layers, bidir, proj=3)
    check(lambda mx: mx.nd.RNN(*[mx.nd.array(a) for a in arrays], state_size=H, num_layers=layers,
                               bidirectional=bidir, mode="lstm", state_outputs=True, projection_size=3),
          atol=1e-5)


def test_rnn_op_projection_gradient_flows():
    # MXNet's CPU kernel cannot train a projected LSTM; ours can: check d(sum out)/dparams by finite differences
    x, p, h0, c0 = [torch2gluon.nd.array(a, dtype="float64") for a in _inputs("lstm", 1, False, proj=3)]
    p.attach_grad()
    with torch2gluon.autograd.record():
        y = torch2gluon.nd.RNN(x, p, h0, c0, state_size=H, num_layers=1, mode="lstm", projection_size=3)
    y.backward()
    g = p.grad.asnumpy()
    base = p.asnumpy()
    for i in (0, 50, len(base) - 1):
        e = np.zeros_like(base)
        e[i] = 1e-6
        f = [torch2gluon.nd.RNN(x, torch2gluon.nd.array(base + s * e, dtype="float64"), h0, c0, state_size=H,
                                num_layers=1, mode="lstm", projection_size=3).sum().asscalar() for s in (1, -1)]
        assert abs((f[0] - f[1]) / 2e-6 - g[i]) < 1e-5


def test_rnn_op_without_state_outputs_returns_one_array():
    arrays = _inputs("gru", 1, False)
    out = check(lambda mx: mx.nd.RNN(*[mx.nd.array(a) for a in arrays], state_size=H, num_layers=1, mode="gru"))
    assert out[0] == "NDArray" and out[1] == (T, N, H)


def test_rnn_op_keyword_inputs_and_float64():
    arrays = _inputs("lstm", 1, True)
    check(lambda mx: mx.nd.RNN(data=mx.nd.array(arrays[0], dtype="float64"),
                               parameters=mx.nd.array(arrays[1], dtype="float64"),
                               state=mx.nd.array(arrays[2], dtype="float64"),
                               state_cell=mx.nd.array(arrays[3], dtype="float64"),
                               state_size=H, num_layers=1, bidirectional=True, mode="lstm", state_outputs=True))


def test_rnn_op_dropout_is_identity_outside_training():
    arrays = _inputs("lstm", 2, False)
    check(lambda mx: mx.nd.RNN(*[mx.nd.array(a) for a in arrays], state_size=H, num_layers=2, mode="lstm",
                               p=0.5, state_outputs=True), atol=1e-5)


def test_rnn_op_dropout_between_layers_while_training():
    x, p, h0, c0 = [torch2gluon.nd.array(a) for a in _inputs("lstm", 2, False)]
    kw = dict(state_size=H, num_layers=2, mode="lstm")
    ref = torch2gluon.nd.RNN(x, p, h0, c0, **kw).asnumpy()
    with torch2gluon.autograd.train_mode():
        torch2gluon.random.seed(5)
        a = torch2gluon.nd.RNN(x, p, h0, c0, p=0.5, **kw).asnumpy()
        torch2gluon.random.seed(5)
        b = torch2gluon.nd.RNN(x, p, h0, c0, p=0.5, **kw).asnumpy()
        one_layer = torch2gluon.nd.RNN(x, p[:rnn_param_size("lstm", 1, C, H)] * 1, h0[:1], c0[:1], p=0.5,
                                       state_size=H, num_layers=1, mode="lstm").asnumpy()
    np.testing.assert_array_equal(a, b)  # seeded
    assert np.abs(a - ref).max() > 1e-3  # dropout acted between the layers
    # a single layer has no "between layers": dropout does nothing
    np.testing.assert_allclose(one_layer, torch2gluon.nd.RNN(x, p[:rnn_param_size("lstm", 1, C, H)] * 1, h0[:1],
                                                             c0[:1], state_size=H, num_layers=1,
                                                             mode="lstm").asnumpy(), atol=1e-6)


def _run_single(x, p, states, mode, layers, bidir, n):
    """Run batch element n alone on its own (shorter) sequence."""
    nd = torch2gluon.nd
    xs = nd.array(x[:n[1], n[0]:n[0] + 1])
    st = [nd.array(s[:, n[0]:n[0] + 1]) for s in states]
    return nd.RNN(xs, nd.array(p), *st, state_size=H, num_layers=layers, bidirectional=bidir, mode=mode,
                  state_outputs=True)


@pytest.mark.parametrize("mode,layers,bidir", [("lstm", 2, True), ("gru", 1, True), ("rnn_tanh", 2, False)])
def test_rnn_op_sequence_length_equals_running_each_sequence_alone(mode, layers, bidir):
    # MXNet's CPU kernel ignores sequence_length (cuDNN honours it); we follow cuDNN's semantics
    x, p, *states = _inputs(mode, layers, bidir)
    lens = np.array([4, 1, 3], dtype=np.float32)
    nd = torch2gluon.nd
    outs = nd.RNN(nd.array(x), nd.array(p), *[nd.array(s) for s in states], nd.array(lens), state_size=H,
                  num_layers=layers, bidirectional=bidir, mode=mode, state_outputs=True, use_sequence_length=True)
    for b, ln in enumerate(lens.astype(int)):
        alone = _run_single(x, p, states, mode, layers, bidir, (b, ln))
        np.testing.assert_allclose(outs[0].asnumpy()[:ln, b], alone[0].asnumpy()[:, 0], atol=1e-5)
        assert not outs[0].asnumpy()[ln:, b].any()
        for s, s_alone in zip(outs[1:], alone[1:]):
            np.testing.assert_allclose(s.asnumpy()[:, b], s_alone.asnumpy()[:, 0], atol=1e-5)


def _np_lstm(x, w_ih, w_hh, b_ih, b_hh, h, c, lo, hi):
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    outs = []
    for t in range(x.shape[0]):
        i, f, g, o = np.split(x[t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh, 4, axis=1)
        c = np.clip(sig(f) * c + sig(i) * np.tanh(g), lo, hi)
        h = sig(o) * np.tanh(c)
        outs.append(h)
    return np.stack(outs), h, c


def test_rnn_op_lstm_state_clip_by_hand():
    x, p, h0, c0 = _inputs("lstm", 1, False)
    x = x * 4
    g = 4 * H
    w_ih = p[:g * C].reshape(g, C)
    w_hh = p[g * C:g * (C + H)].reshape(g, H)
    b_ih, b_hh = p[g * (C + H):g * (C + H + 1)], p[g * (C + H + 1):]
    ref = _np_lstm(x, w_ih, w_hh, b_ih, b_hh, h0[0], c0[0], -0.2, 0.3)
    nd = torch2gluon.nd
    outs = nd.RNN(nd.array(x), nd.array(p), nd.array(h0), nd.array(c0), state_size=H, num_layers=1, mode="lstm",
                  state_outputs=True, lstm_state_clip_min=-0.2, lstm_state_clip_max=0.3)
    np.testing.assert_allclose(outs[0].asnumpy(), ref[0], atol=1e-5)
    np.testing.assert_allclose(outs[1].asnumpy()[0], ref[1], atol=1e-5)
    np.testing.assert_allclose(outs[2].asnumpy()[0], ref[2], atol=1e-5)
    assert outs[2].asnumpy().max() <= 0.3 + 1e-7 and outs[2].asnumpy().min() >= -0.2 - 1e-7


@pytest.mark.parametrize("use_len", [False, True])
def test_rnn_op_clip_loop_with_wide_bounds_equals_fused_kernel(use_len):
    arrays = _inputs("lstm", 2, True)
    nd = torch2gluon.nd
    lens = [nd.array([2, 4, 3])] if use_len else []
    res = []
    for clip in ({}, {"lstm_state_clip_min": -1e9, "lstm_state_clip_max": 1e9}):
        xs = [nd.array(a) for a in arrays]
        for a in xs:
            a.attach_grad()
        with torch2gluon.autograd.record():
            outs = nd.RNN(*xs, *lens, state_size=H, num_layers=2, bidirectional=True, mode="lstm",
                          state_outputs=True, use_sequence_length=use_len, **clip)
            sum((o * o).sum() for o in outs).backward()
        res.append([o.asnumpy() for o in outs] + [a.grad.asnumpy() for a in xs])
    for a, b in zip(*res):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_rnn_op_clip_nan_is_refused():
    arrays = [torch2gluon.nd.array(a) for a in _inputs("lstm", 1, False)]
    with pytest.raises(NotImplementedError, match="lstm_state_clip_nan"):
        torch2gluon.nd.RNN(*arrays, state_size=H, num_layers=1, mode="lstm", lstm_state_clip_min=-1,
                           lstm_state_clip_max=1, lstm_state_clip_nan=True)


BAD = {
    "param_size": "mx.nd.RNN(mx.nd.ones((4, 3, 5)), mx.nd.ones((10,)), mx.nd.ones((1, 3, 6)), state_size=6, "
                  "num_layers=1, mode='gru')",
    "state_shape": "mx.nd.RNN(mx.nd.ones((4, 3, 5)), mx.nd.ones((6 * 13,)), mx.nd.ones((2, 3, 6)), state_size=6, "
                   "num_layers=1, mode='rnn_tanh')",
    "missing_state_cell": "mx.nd.RNN(mx.nd.ones((4, 3, 5)), mx.nd.ones((24 * 13,)), mx.nd.ones((1, 3, 6)), "
                          "state_size=6, num_layers=1, mode='lstm')",
    "bad_mode": "mx.nd.RNN(mx.nd.ones((4, 3, 5)), mx.nd.ones((78,)), mx.nd.ones((1, 3, 6)), state_size=6, "
                "num_layers=1, mode='elman')",
    "no_state_size": "mx.nd.RNN(mx.nd.ones((4, 3, 5)), mx.nd.ones((78,)), mx.nd.ones((1, 3, 6)), num_layers=1, "
                     "mode='rnn_tanh')",
    "data_2d": "mx.nd.RNN(mx.nd.ones((4, 5)), mx.nd.ones((78,)), mx.nd.ones((1, 3, 6)), state_size=6, "
               "num_layers=1, mode='rnn_tanh')",
    "unknown_kwarg": "mx.nd.RNN(mx.nd.ones((4, 3, 5)), mx.nd.ones((78,)), mx.nd.ones((1, 3, 6)), state_size=6, "
                     "num_layers=1, mode='rnn_tanh', foo=1)",
}


@pytest.mark.parametrize("code", list(BAD.values()), ids=list(BAD))
def test_rnn_op_bad_input_raises_like_mxnet(code):
    def snippet(mx):
        return eval(code, {"mx": mx}).asnumpy()  # noqa: S307 - test table; asnumpy surfaces async errors

    check(snippet)


# ---------------------------------------------------------------- Sequence* operators
SEQ = np.arange(24, dtype=np.float32).reshape(4, 3, 2)
SEQ_T = np.arange(24, dtype=np.float32).reshape(3, 4, 2)
LENS = np.array([1, 4, 2], dtype=np.float32)


@pytest.mark.parametrize("code", [
    "mx.nd.SequenceMask(mx.nd.array(x), mx.nd.array(l), use_sequence_length=True, value=-1)",
    "mx.nd.SequenceMask(mx.nd.array(x), mx.nd.array(l), use_sequence_length=True)",
    "mx.nd.SequenceMask(mx.nd.array(x))",
    "mx.nd.SequenceMask(mx.nd.array(xt), mx.nd.array(l), use_sequence_length=True, axis=1, value=7)",
    "mx.nd.SequenceLast(mx.nd.array(x), mx.nd.array(l), use_sequence_length=True)",
    "mx.nd.SequenceLast(mx.nd.array(x))",
    "mx.nd.SequenceLast(mx.nd.array(xt), mx.nd.array(l), use_sequence_length=True, axis=1)",
    "mx.nd.SequenceReverse(mx.nd.array(x), mx.nd.array(l), use_sequence_length=True)",
    "mx.nd.SequenceReverse(mx.nd.array(x))",
    "mx.nd.SequenceMask(mx.nd.array(x), mx.nd.array([1, 2]), use_sequence_length=True).asnumpy()",
    "mx.nd.SequenceReverse(mx.nd.array(xt), mx.nd.array(l), use_sequence_length=True, axis=1).asnumpy()",
])
def test_sequence_ops_match_oracle(code):
    check_code(code, x=SEQ, xt=SEQ_T, l=LENS)


@pytest.mark.parametrize("op", ["SequenceMask", "SequenceLast", "SequenceReverse"])
def test_sequence_ops_grads_match_oracle(op):
    def snippet(mx):
        x, ln = mx.nd.array(SEQ), mx.nd.array(LENS)
        x.attach_grad()
        with mx.autograd.record():
            y = getattr(mx.nd, op)(x, ln, use_sequence_length=True)
            (y * mx.nd.arange(y.size).reshape(y.shape)).sum().backward()
        return y, x.grad

    check(snippet)


def test_rnn_param_concat_flattens_like_gluon_does_before_mxnet_internal_op():
    from torch2gluon.ndarray.ops_rnn import rnn_param_concat
    a, b = RNG.randn(4, 3).astype(np.float32), RNG.randn(5).astype(np.float32)
    ref = mxnet.nd._internal._rnn_param_concat(mxnet.nd.array(a).reshape(-1), mxnet.nd.array(b), dim=0).asnumpy()
    ours = rnn_param_concat(torch2gluon.nd.array(a), torch2gluon.nd.array(b)).asnumpy()
    np.testing.assert_array_equal(ours, ref)
