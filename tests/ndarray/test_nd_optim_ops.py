"""nd.*_update optimizer operators vs MXNet 1.9.1: returned weight, out=, and in-place state updates."""
import numpy as np
import pytest

from tests.oracle import check_code

rng = np.random.RandomState(0)
W = rng.randn(3, 4).astype(np.float32)
G = rng.randn(3, 4).astype(np.float32) * 3
S1 = rng.rand(3, 4).astype(np.float32)
S2 = rng.rand(3, 4).astype(np.float32)
S3 = rng.rand(3, 4).astype(np.float32)

PRE = "w = mx.nd.array(W); g = mx.nd.array(G); a = mx.nd.array(S1); b = mx.nd.array(S2); c = mx.nd.array(S3); "
CASES = [
    "r = mx.nd.sgd_update(w, g, lr=0.1); out = [r, w]",
    "r = mx.nd.sgd_update(w, g, lr=0.1, wd=0.01, rescale_grad=0.5, clip_gradient=0.7, out=w); out = [r, w]",
    "r = mx.nd.sgd_mom_update(w, g, a, lr=0.1, momentum=0.9, wd=0.01, out=w); out = [r, w, a]",
    "r = mx.nd.sgd_mom_update(w, g, a, lr=0.1, clip_gradient=1.0); out = [r, a]",
    "w16 = w.astype('float16'); r = mx.nd.mp_sgd_update(w16, g.astype('float16'), w, lr=0.1, wd=0.01); out = [r, w]",
    "w16 = w.astype('float16'); r = mx.nd.mp_sgd_mom_update(w16, g.astype('float16'), a, w, lr=0.1, momentum=0.9); out = [r, w, a]",
    "r = mx.nd.nag_mom_update(w, g, a, lr=0.1, momentum=0.9, wd=0.01, rescale_grad=0.5); out = [r, a]",
    "w16 = w.astype('float16'); r = mx.nd.mp_nag_mom_update(w16, g.astype('float16'), a, w, lr=0.1, momentum=0.9); out = [r, w, a]",
    "r = mx.nd.adam_update(w, g, a, b, lr=0.01, wd=0.1, clip_gradient=2.0, out=w); out = [r, w, a, b]",
    "r = mx.nd.adam_update(w, g, a, b, lr=0.01, beta1=0.8, beta2=0.9, epsilon=1e-3, rescale_grad=0.1); out = [r, a, b]",
    "r = mx.nd.rmsprop_update(w, g, a, lr=0.01, wd=0.1); out = [r, a]",
    "r = mx.nd.rmsprop_update(w, g, a, lr=0.5, gamma1=0.8, clip_weights=0.5, clip_gradient=1.0); out = [r, a]",
    "r = mx.nd.rmspropalex_update(w, g, a + 1, b * 0.1, c, lr=0.01, wd=0.1); out = [r]",
    "n = a + 1; gg = b * 0.1; r = mx.nd.rmspropalex_update(w, g, n, gg, c, lr=0.1, gamma1=0.9, gamma2=0.8, clip_weights=0.9); out = [r, n, gg, c]",
    "r = mx.nd.ftrl_update(w, g, a, b, lr=0.1, wd=0.01); out = [r, a, b]",
    "r = mx.nd.ftrl_update(w, g, a, b, lr=0.5, lamda1=1.0, beta=0.5, rescale_grad=0.5, clip_gradient=1.5); out = [r, a, b]",
    "r = mx.nd.ftml_update(w, g, a, b, c, lr=0.1, t=1, wd=0.01); out = [r, a, b, c]",
    "r = mx.nd.ftml_update(w, g, a, b, c, lr=0.1, t=5, beta1=0.5, beta2=0.9, clip_grad=1.0); out = [r, a, b, c]",
    "r = mx.nd.signsgd_update(w, g, lr=0.1, wd=0.1); out = [r]",
    "r = mx.nd.signum_update(w, g, a, lr=0.1, momentum=0.9, wd=0.1, wd_lh=0.05); out = [r, a]",
    "r = mx.nd.lamb_update_phase1(w, g, a, b, t=3, wd=0.1); out = [r, a, b]",
    "r = mx.nd.lamb_update_phase1(w, g, a, b, t=3, bias_correction=False, clip_gradient=1.0); out = [r, a, b]",
    "r = mx.nd.lamb_update_phase2(w, g, mx.nd.array([2.0]), mx.nd.array([3.0]), lr=0.1); out = [r]",
    "w16 = w.astype('float16'); r = mx.nd.mp_lamb_update_phase1(w16, g.astype('float16'), a, b, w, t=2, wd=0.1); out = [r, a, b, w]",
    "w16 = w.astype('float16'); r = mx.nd.mp_lamb_update_phase2(w16, g, mx.nd.array([2.0]), mx.nd.array([3.0]), w, lr=0.1); out = [r, w]",
    "r = mx.nd.lamb_update_phase2(w, g, mx.nd.array([2.0]), mx.nd.array([0.0]), lr=0.1); out = [r]",
    "r = mx.nd.lamb_update_phase2(w, g, mx.nd.array([2.0]), mx.nd.array([3.0]), lr=0.1, lower_bound=2.5, upper_bound=4); out = [r]",
    "r = mx.nd.multi_sgd_update(w, g, a, b, lrs=(0.1, 0.2), wds=(0.0, 0.1), num_weights=2, out=[w, a]); out = [w, a]",
    "d = a.copy(); r = mx.nd.multi_sgd_mom_update(w, g, a, b, c, d, lrs=(0.1, 0.2), wds=(0.0, 0.1), momentum=0.9, num_weights=2, out=[w, b]); out = [w, b, a, d]",
    "w16 = w.astype('float16'); r = mx.nd.multi_mp_sgd_update(w16, g.astype('float16'), w, lrs=(0.1,), wds=(0.1,), num_weights=1, out=w16); out = [w16, w]",
    "w16 = w.astype('float16'); r = mx.nd.multi_mp_sgd_mom_update(w16, g.astype('float16'), a, w, lrs=(0.1,), wds=(0.1,), momentum=0.5, num_weights=1, out=w16); out = [w16, w, a]",
    "r = mx.nd.preloaded_multi_sgd_update(w, g, a, b, mx.nd.array([0.1, 0.2]), mx.nd.array([0.0, 0.1]), num_weights=2, out=[w, a]); out = [w, a]",
    "r = mx.nd.preloaded_multi_sgd_mom_update(w, g, c, mx.nd.array([0.1]), mx.nd.array([0.1]), momentum=0.9, num_weights=1, out=w); out = [w, c]",
    "w16 = w.astype('float16'); r = mx.nd.preloaded_multi_mp_sgd_update(w16, g.astype('float16'), w, mx.nd.array([0.1]), mx.nd.array([0.1]), num_weights=1, out=w16); out = [w16, w]",
    "w16 = w.astype('float16'); r = mx.nd.preloaded_multi_mp_sgd_mom_update(w16, g.astype('float16'), a, w, mx.nd.array([0.1]), mx.nd.array([0.1]), momentum=0.9, num_weights=1, out=w16); out = [w16, w, a]",
    "out = mx.nd.multi_lars(mx.nd.array([0.1, 0.2, 0.3]), mx.nd.array([4.0, 0.0, 9.0]), mx.nd.array([1.0, 1.0, 16.0]), mx.nd.array([0.01, 0.0, 0.1]), eta=0.5, eps=1e-3, rescale_grad=0.5)",
    "mx.nd.contrib.adamw_update(w, g, a, b, mx.nd.array([0.5]), lr=0.01, eta=0.9, wd=0.1, out=w); out = [w, a, b]",
    "mx.nd.contrib.adamw_update(w, g, a, b, mx.nd.array([0.5]), lr=0.01, eta=0.9, clip_gradient=0.5, out=w); out = [w, a, b]",
    "mx.nd.contrib.adamw_update(w, g, a, b, mx.nd.array([np.inf]), lr=0.01, eta=0.9, wd=0.1, out=w); out = [w, a, b]",
    "r = mx.nd.rmsprop_update(w, g, a, lr=0.5, wd=0.5, clip_gradient=1.0); out = [r, a]",
    "w16 = w.astype('float16'); mx.nd.contrib.mp_adamw_update(w16, g.astype('float16'), a, b, w, mx.nd.array([0.5]), lr=0.01, eta=0.9, wd=0.1, out=w16); out = [w16, w, a, b]",
    "mx.nd.contrib.multi_adamw_update([w, c], [g, g], [a, a.copy()], [b, b.copy()], mx.nd.array([0.5]), lrs=[0.1, 0.2], wds=[0.0, 0.1], etas=[1.0, 0.5], out=[w, c]); out = [w, c, a, b]",
    "w16 = w.astype('float16'); mx.nd.contrib.multi_mp_adamw_update([w16], [g.astype('float16')], [a], [b], [w], mx.nd.array([0.5]), lrs=[0.1], wds=[0.1], etas=[1.0], out=[w16]); out = [w16, w, a, b]",
    "mx.nd.contrib.multi_lamb_update([w, c], [g, g], [a, a.copy()], [b, b.copy()], step_count=[1, 3], lrs=[0.1, 0.2], wds=[0.0, 0.1], out=[w, c]); out = [w, c, a, b]",
    "mx.nd.contrib.multi_lamb_update([w], [g], [a], [b], step_count=[2], lrs=[0.1], wds=[0.1], lower_bound=0.5, upper_bound=1.0, clip_gradient=1.0, bias_correction=False, out=[w]); out = [w, a, b]",
    "r = mx.nd.rmspropalex_update(w, g, a + 1, b * 0.1, c, lr=0.01, wd=0.5, clip_gradient=0.5); out = [r]",
    "r = mx.nd.ftml_update(w, g, a, b, c, lr=0.1, t=2, wd=0.5, clip_grad=1.0); out = [r, a, b, c]",
    "r = mx.nd.nag_mom_update(w, g, a, lr=0.1, momentum=0.9, wd=0.5, clip_gradient=1.0); out = [r, a]",
    "r = mx.nd.sgd_mom_update(w, g, a, lr=0.1, momentum=0.9, wd=0.5, clip_gradient=1.0); out = [r, a]",
    "r = mx.nd.signum_update(w, g, a, lr=0.1, momentum=0.9, wd=0.5, clip_gradient=1.0); out = [r, a]",
    "r = mx.nd.ftrl_update(w, g, a, b, lr=0.1, wd=0.5, clip_gradient=1.0); out = [r, a, b]",
    "r = mx.nd.lamb_update_phase1(w, g, a, b, t=2, wd=0.5, clip_gradient=1.0); out = [r, a, b]",
    "r = mx.nd.multi_sgd_update(w, g, a, lrs=(0.1, 0.2), wds=(0.0, 0.1), num_weights=2)",
]


@pytest.mark.parametrize("code", CASES)
def test_update_ops(code):
    check_code(PRE + code, atol=1e-5, rtol=1e-4, W=W, G=G, S1=S1, S2=S2, S3=S3)


def test_group_adagrad_by_hand():
    """MXNet 1.9.1 has no CPU kernel for group_adagrad_update: check the documented rule by hand."""
    import torch2gluon as mx
    w, g, h = mx.nd.array(W), mx.nd.array(G), mx.nd.array(S1[:, 0])
    r = mx.nd.contrib.group_adagrad_update(w, g, h, lr=0.1, rescale_grad=0.5, clip_gradient=1.0, epsilon=1e-5)
    gc = np.clip(G * 0.5, -1, 1)
    hist = S1[:, 0] + (gc ** 2).mean(axis=1)
    np.testing.assert_allclose(h.asnumpy(), hist, rtol=1e-6)
    np.testing.assert_allclose(r.asnumpy(), W - 0.1 * gc / np.sqrt(hist[:, None] + 1e-5), rtol=1e-5)


def test_multi_mp_lamb_update():
    """float16 results within one float16 ulp of MXNet (float32 master weights and states match closely)."""
    check_code(PRE + "w16 = w.astype('float16'); mx.nd.contrib.multi_mp_lamb_update([w16], [g.astype('float16')], [a], [b], [w], step_count=[2], lrs=[0.1], wds=[0.1], out=[w16]); out = [w16, w, a, b]", atol=1e-3, rtol=1e-3, W=W, G=G, S1=S1, S2=S2, S3=S3)
