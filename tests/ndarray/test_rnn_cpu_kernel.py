"""The CPU training path of nd.RNN for GRU / Elman RNNs (ndarray/_rnn_cpu.py): same values and gradients as
torch's fused kernel and MXNet 1.9.1, same inter-layer dropout draws, MXNet's refusal of a second derivative."""
import itertools

import numpy as np
import pytest
import torch

import mxnet
import torch2gluon
from tests.oracle import check
from torch2gluon.ndarray import _rnn_cpu


def _torch_case(mode, layers, dirs, dtype, t_len, seed=0):
    gen = torch.Generator().manual_seed(seed)
    n, c, h = 3, 4, 5
    g = 3 if mode == "gru" else 1
    x = torch.randn(t_len, n, c, generator=gen, dtype=dtype)
    h0 = torch.randn(layers * dirs, n, h, generator=gen, dtype=dtype)
    groups, ni = [], c
    for _ in range(layers):
        for _ in range(dirs):
            groups.append([torch.randn(g * h, ni, generator=gen, dtype=dtype) * 0.5,
                           torch.randn(g * h, h, generator=gen, dtype=dtype) * 0.5,
                           torch.randn(g * h, generator=gen, dtype=dtype),
                           torch.randn(g * h, generator=gen, dtype=dtype)])
        ni = h * dirs
    return x, h0, groups


@pytest.mark.parametrize("mode,layers,dirs,t_len",
                         list(itertools.product(["gru", "rnn_tanh", "rnn_relu"], [1, 2], [1, 2], [1, 6])))
def test_cpu_path_equals_torch_fused_kernel_in_float64(mode, layers, dirs, t_len):
    x, h0, groups = _torch_case(mode, layers, dirs, torch.float64, t_len)
    leaves = [x, h0] + [w for grp in groups for w in grp]
    for a in leaves:
        a.requires_grad_()
    ws = leaves[2:]
    assert _rnn_cpu.applies(mode, x, h0, ws, None, None)
    ref_out, ref_h = getattr(torch._VF, mode)(x, h0, ws, True, layers, 0.0, True, dirs == 2, False)
    out, hy = _rnn_cpu.stack(mode, x, h0, groups, layers, dirs, 0.0, True)
    torch.testing.assert_close(out, ref_out, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(hy, ref_h, rtol=1e-12, atol=1e-12)
    gen = torch.Generator().manual_seed(1)
    go = torch.randn(out.shape, generator=gen, dtype=out.dtype)
    gh = torch.randn(hy.shape, generator=gen, dtype=hy.dtype)
    ref = torch.autograd.grad((ref_out * go).sum() + (ref_h * gh).sum(), leaves)
    ours = torch.autograd.grad((out * go).sum() + (hy * gh).sum(), leaves)
    for a, b in zip(ours, ref):
        torch.testing.assert_close(a, b, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("mode", ["gru", "rnn_tanh"])
def test_cpu_path_with_unused_final_state_and_frozen_inputs(mode):
    """Only the output feeds the loss (no final-state gradient) and only the weights need gradients."""
    x, h0, groups = _torch_case(mode, 2, 2, torch.float64, 5, seed=2)
    ws = [w.requires_grad_() for grp in groups for w in grp]
    ref_out, _ = getattr(torch._VF, mode)(x, h0, ws, True, 2, 0.0, True, True, False)
    out, _ = _rnn_cpu.stack(mode, x, h0, groups, 2, 2, 0.0, True)
    for a, b in zip(torch.autograd.grad(out.sum(), ws), torch.autograd.grad(ref_out.sum(), ws)):
        torch.testing.assert_close(a, b, rtol=1e-10, atol=1e-10)


def _gru(mx, hidden, input_size, seed=0, **kw):
    """A Gluon GRU whose parameters are the same numbers under MXNet and torch2gluon."""
    net = mx.gluon.rnn.GRU(hidden, input_size=input_size, **kw)
    net.initialize()
    rng = np.random.RandomState(seed)
    for p in net.collect_params().values():
        p.set_data(mx.nd.array(rng.uniform(-0.4, 0.4, p.shape)))
    return net


def test_gru_layer_training_step_matches_oracle(monkeypatch):
    """A 2-layer bidirectional Gluon GRU (NTC), states in and out, gradients of inputs, states and parameters."""
    calls = []
    stack = _rnn_cpu.stack
    monkeypatch.setattr(_rnn_cpu, "stack", lambda *a: calls.append(a[0]) or stack(*a))
    rng = np.random.RandomState(4)
    x_np = rng.randn(3, 7, 4).astype(np.float32)
    h_np = rng.randn(4, 3, 6).astype(np.float32)

    def snippet(mx):
        net = _gru(mx, 6, 4, num_layers=2, layout="NTC", bidirectional=True)
        x, h = mx.nd.array(x_np), mx.nd.array(h_np)
        x.attach_grad()
        h.attach_grad()
        with mx.autograd.record():
            out, (hy,) = net(x, [h])
            loss = (out * out).sum() + (hy * 2).sum()
        loss.backward()
        return {"out": out, "hy": hy, "dx": x.grad, "dh": h.grad,
                "params": [p.grad() for p in net.collect_params().values()]}

    check(snippet, atol=1e-4, rtol=1e-4)
    assert calls == ["gru"]  # torch2gluon's step ran this path


@pytest.mark.parametrize("mode", ["gru", "rnn_relu"])
def test_dropout_between_layers_draws_as_the_fused_kernel(mode):
    """Recording (this path) and not recording (torch's kernel) draw the same inter-layer dropout masks."""
    nd = torch2gluon.nd
    rng = np.random.RandomState(1)
    g = 3 if mode == "gru" else 1
    size = sum(g * 5 * (i + 5 + 2) for i in (4, 5))
    x, p, h0 = nd.array(rng.randn(6, 3, 4)), nd.array(rng.uniform(-0.5, 0.5, size)), nd.array(rng.randn(2, 3, 5))
    p.attach_grad()
    kw = dict(state_size=5, num_layers=2, mode=mode, p=0.5, state_outputs=True)
    with torch2gluon.autograd.train_mode():
        torch2gluon.random.seed(7)
        ref = [a.asnumpy() for a in nd.RNN(x, p, h0, **kw)]
    torch2gluon.random.seed(7)
    with torch2gluon.autograd.record():
        ours = nd.RNN(x, p, h0, **kw)
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a.asnumpy(), b, rtol=1e-5, atol=1e-6)


def test_second_derivative_is_refused_as_mxnet():
    """grad(create_graph=True) through the RNN works; a backward through that gradient is MXNet's error."""
    def first(mx):
        net = _gru(mx, 4, 3)
        x = mx.nd.array(np.linspace(-1, 1, 6).reshape(2, 1, 3))
        x.attach_grad()
        with mx.autograd.record():
            y = net(x)
            g = mx.autograd.grad((y * y).sum(), [x], create_graph=True, retain_graph=True)[0]
            z = g.sum()
        return g, z, x

    check(lambda mx: first(mx)[0], atol=1e-5)

    def second(mx):
        _, z, x = first(mx)  # noqa: F841  (x stays alive: it holds the gradient buffer)
        z.backward()

    err = check(second, raises=mxnet.base.MXNetError)
    assert "_backward_RNN is non-differentiable" in str(err)
