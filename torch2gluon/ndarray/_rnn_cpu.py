"""Training-time GRU and Elman RNN layers for CPU as one autograd node each, with a hand-written backward.

On CPU torch's `_VF.gru` / `rnn_tanh` / `rnn_relu` run a loop of small ATen ops per time step and record
each one (about 15 autograd nodes per GRU step), so a training step pays autograd's per-node cost in the
forward and backward and torch2gluon's graph walk (autograd._leaves_of/_free) over every node. MXNet runs
each layer as one fused kernel. Here one `torch.autograd.Function` per layer and direction computes the
same recurrences (same formulas as torch's kernel: the input projection of all steps in one matmul, the
reset gate applied to `W_hn h + b_hn` as in cuDNN) and their gradients:

- forward, per step: `gh = b_hh + h W_hh^T`, `r,z = sigmoid(gi_rz + gh_rz)`, `n = tanh(gi_n + r * gh_n)`,
  `h' = n + z * (h - n)` (GRU); `h' = act(gi + gh)` (RNN);
- backward: every factor that does not depend on the incoming gradient is computed for all steps at once,
  so each step is one broadcast multiply and one `addmm` for the recurrence; the weight gradients are one
  matmul over all steps.

The gradients are not differentiable again: as in MXNet (whose `_backward_RNN` has no gradient),
`autograd.grad(..., create_graph=True)` works and a backward through its result raises MXNetError.
"""
import functools

import torch

from ..base import MXNetError


def _prev_states(h0, out, reverse):
    """h_{t-1} for every step t in processing order, laid out along the time axis of `out`."""
    if reverse:
        return torch.cat([out[1:], h0.unsqueeze(0)])
    return torch.cat([h0.unsqueeze(0), out[:-1]])


_NO_SECOND = ("Operator _backward_RNN is non-differentiable because it didn't register FGradient attribute.")


class _NoSecondDerivative(torch.autograd.Function):
    """Passes gradients through; differentiating them again raises MXNet's error for `_backward_RNN`."""

    @staticmethod
    def forward(ctx, anchor, *grads):  # pylint: disable=arguments-differ
        return tuple(g.view_as(g) for g in grads)

    @staticmethod
    def backward(ctx, *_):  # pylint: disable=arguments-differ
        raise MXNetError(_NO_SECOND)


def _backward(ctx, compute, grads):
    """Run `compute(*grads)` without recording; under create_graph the results refuse a second backward
    (MXNet: autograd.grad(create_graph=True) works, the backward through its result fails)."""
    if not torch.is_grad_enabled():
        return compute(*grads)
    with torch.no_grad():
        res = compute(*grads)
    anchor = next((t for t in ctx.saved_tensors if t.requires_grad), None)
    given = [g for g in res if g is not None]
    if anchor is None or not given:
        return res
    it = iter(_NoSecondDerivative.apply(anchor, *given))
    return tuple(None if g is None else next(it) for g in res)


class _GRULayer(torch.autograd.Function):
    """One GRU layer in one direction: (x (T,N,C), h0 (N,H), w_ih, w_hh, b_ih, b_hh) -> (out (T,N,H), h_T)."""

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, reverse):  # pylint: disable=arguments-differ
        t_len, n = x.shape[0], x.shape[1]
        hid = h0.shape[1]
        gi = torch.addmm(b_ih, x.reshape(t_len * n, -1), w_ih.t()).view(t_len, n, 3 * hid)
        out = x.new_empty((t_len, n, hid))
        gh_all = x.new_empty((t_len, n, 3 * hid))
        rz_all = x.new_empty((t_len, n, 2 * hid))
        n_all = x.new_empty((t_len, n, hid))
        gi_rz, gi_n = gi[..., :2 * hid].unbind(0), gi[..., 2 * hid:].unbind(0)
        gh_l, gh_rz, gh_n = gh_all.unbind(0), gh_all[..., :2 * hid].unbind(0), gh_all[..., 2 * hid:].unbind(0)
        rz_l, r_l, z_l = rz_all.unbind(0), rz_all[..., :hid].unbind(0), rz_all[..., hid:].unbind(0)
        n_l, out_l = n_all.unbind(0), out.unbind(0)
        w_hh_t = w_hh.t()
        h = h0
        for t in (range(t_len - 1, -1, -1) if reverse else range(t_len)):
            torch.addmm(b_hh, h, w_hh_t, out=gh_l[t])
            torch.add(gi_rz[t], gh_rz[t], out=rz_l[t]).sigmoid_()
            nt = torch.addcmul(gi_n[t], r_l[t], gh_n[t], out=n_l[t]).tanh_()
            h = torch.add(nt, (h - nt).mul_(z_l[t]), out=out_l[t])
        ctx.save_for_backward(x, h0, w_ih, w_hh, b_ih, b_hh, out, gh_all, rz_all, n_all)
        ctx.reverse = reverse
        return out, h.clone()

    @staticmethod
    def backward(ctx, d_out, d_hn):  # pylint: disable=arguments-differ
        return _backward(ctx, functools.partial(_GRULayer._grads, ctx), (d_out, d_hn))

    @staticmethod
    def _grads(ctx, d_out, d_hn):
        x, h0, w_ih, w_hh, _, _, out, gh_all, rz_all, n_all = ctx.saved_tensors
        reverse = ctx.reverse
        t_len, n, hid = out.shape
        hp = _prev_states(h0, out, reverse)
        r, z = rz_all[..., :hid], rz_all[..., hid:]
        a = (1 - z) * (1 - n_all * n_all)                 # d h' / d (n's pre-activation)
        k = torch.empty_like(gh_all)                      # d h' / d gh, per gate block
        k[..., 2 * hid:] = a * r
        k[..., :hid] = a * gh_all[..., 2 * hid:] * r * (1 - r)
        k[..., hid:2 * hid] = (hp - n_all) * z * (1 - z)
        d_out = torch.zeros_like(out) if d_out is None else d_out
        carry = torch.zeros_like(h0) if d_hn is None else d_hn
        dgh = torch.empty_like(gh_all)
        dh_all = torch.empty_like(out)
        k_l, dgh_l, dgh2_l = k.view(t_len, n, 3, hid).unbind(0), dgh.view(t_len, n, 3, hid).unbind(0), dgh.unbind(0)
        dh_l, dh3_l, dout_l, z_l = dh_all.unbind(0), dh_all.unsqueeze(2).unbind(0), d_out.unbind(0), z.unbind(0)
        for t in (range(t_len) if reverse else range(t_len - 1, -1, -1)):
            dh = torch.add(dout_l[t], carry, out=dh_l[t])
            torch.mul(k_l[t], dh3_l[t], out=dgh_l[t])
            carry = torch.addmm(dh * z_l[t], dgh2_l[t], w_hh)
        dgi = dgh.clone()
        dgi[..., 2 * hid:] = dh_all * a
        dgi2, dgh2 = dgi.view(t_len * n, 3 * hid), dgh.view(t_len * n, 3 * hid)
        dx = dgi2.mm(w_ih).view_as(x) if ctx.needs_input_grad[0] else None
        dw_ih = dgi2.t().mm(x.reshape(t_len * n, -1)) if ctx.needs_input_grad[2] else None
        dw_hh = dgh2.t().mm(hp.view(t_len * n, hid)) if ctx.needs_input_grad[3] else None
        db_ih = dgi2.sum(0) if ctx.needs_input_grad[4] else None
        db_hh = dgh2.sum(0) if ctx.needs_input_grad[5] else None
        return dx, carry, dw_ih, dw_hh, db_ih, db_hh, None


class _RNNLayer(torch.autograd.Function):
    """One Elman RNN layer (tanh or relu) in one direction."""

    @staticmethod
    def forward(ctx, x, h0, w_ih, w_hh, b_ih, b_hh, reverse, relu):  # pylint: disable=arguments-differ
        t_len, n = x.shape[0], x.shape[1]
        hid = h0.shape[1]
        gi = torch.addmm(b_ih, x.reshape(t_len * n, -1), w_ih.t()).view(t_len, n, hid)
        out = x.new_empty((t_len, n, hid))
        w_hh_t = w_hh.t()
        h = h0
        for t in (range(t_len - 1, -1, -1) if reverse else range(t_len)):
            pre = torch.addmm(b_hh, h, w_hh_t).add_(gi[t])
            h = torch.clamp_min(pre, 0, out=out[t]) if relu else torch.tanh(pre, out=out[t])
        ctx.save_for_backward(x, h0, w_ih, w_hh, b_ih, b_hh, out)
        ctx.reverse, ctx.relu = reverse, relu
        return out, h.clone()

    @staticmethod
    def backward(ctx, d_out, d_hn):  # pylint: disable=arguments-differ
        return _backward(ctx, functools.partial(_RNNLayer._grads, ctx), (d_out, d_hn)) + (None,)

    @staticmethod
    def _grads(ctx, d_out, d_hn):
        x, h0, w_ih, w_hh, _, _, out = ctx.saved_tensors
        reverse = ctx.reverse
        t_len, n, hid = out.shape
        k = (out > 0).to(out.dtype) if ctx.relu else 1 - out * out
        d_out = torch.zeros_like(out) if d_out is None else d_out
        carry = torch.zeros_like(h0) if d_hn is None else d_hn
        dpre = torch.empty_like(out)
        for t in (range(t_len) if reverse else range(t_len - 1, -1, -1)):
            g = torch.mul(torch.add(d_out[t], carry), k[t], out=dpre[t])
            carry = g.mm(w_hh)
        hp = _prev_states(h0, out, reverse)
        d2 = dpre.view(t_len * n, hid)
        dx = d2.mm(w_ih).view_as(x) if ctx.needs_input_grad[0] else None
        dw_ih = d2.t().mm(x.reshape(t_len * n, -1)) if ctx.needs_input_grad[2] else None
        dw_hh = d2.t().mm(hp.view(t_len * n, hid)) if ctx.needs_input_grad[3] else None
        db_ih = d2.sum(0) if ctx.needs_input_grad[4] else None
        db_hh = d2.sum(0) if ctx.needs_input_grad[5] else None  # its own tensor: a leaf's .grad may take it over
        return dx, carry, dw_ih, dw_hh, db_ih, db_hh, None


def applies(mode, x, hx, weights, lens, proj):
    """Whether `stack` runs this call: a CPU float32/float64 GRU or Elman RNN that autograd records."""
    return (mode != "lstm" and lens is None and proj is None and x.device.type == "cpu" and x.numel() > 0
            and x.dtype in (torch.float32, torch.float64) and torch.is_grad_enabled()
            and (x.requires_grad or hx.requires_grad or any(w.requires_grad for w in weights)))


def stack(mode, x, hx, groups, layers, dirs, p, train):
    """The multi-layer (bidirectional) network over `groups` ([w_ih, w_hh, b_ih, b_hh] per layer and
    direction): (output (T,N,D*H), final states (L*D,N,H)), as torch's fused kernel computes them."""
    inp, finals = x, []
    relu = mode == "rnn_relu"
    for layer in range(layers):
        outs = []
        for d in range(dirs):
            k = layer * dirs + d
            w_ih, w_hh, b_ih, b_hh = groups[k]
            if mode == "gru":
                y, h = _GRULayer.apply(inp, hx[k], w_ih, w_hh, b_ih, b_hh, d == 1)
            else:
                y, h = _RNNLayer.apply(inp, hx[k], w_ih, w_hh, b_ih, b_hh, d == 1, relu)
            outs.append(y)
            finals.append(h)
        inp = torch.cat(outs, 2) if dirs == 2 else outs[0]
        if p > 0 and train and layer < layers - 1:
            inp = torch.nn.functional.dropout(inp, p, True)
    return inp, torch.stack(finals)
