"""`sqrt` is correctly rounded as in MXNet (torch's CPU sqrt is one ulp off on many float32/float64 inputs), and
the AdamW update operators follow MXNet 1.9.1's kernels bit for bit: parameters cast to the arrays' dtype
(float16/float64 too), the multi-weight kernel's `beta * (mean - g) + g` form, and MXNet's type checks
(found running gluon-nlp 0.10's BERTAdam unit test)."""
import numpy as np
import pytest

from tests.oracle import check

RNG = np.random.RandomState(7)
V = RNG.uniform(0, 50, (3000,))
W, G, M, S = (RNG.uniform(-1, 1, (40,)), RNG.uniform(-3, 3, (40,)), RNG.uniform(-1, 1, (40,)),
              RNG.uniform(0, 1, (40,)))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_nd_sqrt_bit_exact(dtype):
    check(lambda mx: mx.nd.sqrt(mx.nd.array(V, dtype=dtype)), atol=0, rtol=0)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_np_sqrt_bit_exact(dtype):
    check(lambda mx: mx.np.sqrt(mx.np.array(V, dtype=dtype)), atol=0, rtol=0)


def test_sqrt_gradient_is_half_over_output():
    def f(mx):
        x = mx.nd.array(V[:500])
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.sqrt(x) * mx.nd.array(W[:1])
        y.backward()
        return x.grad
    check(f, atol=0, rtol=0)


def _arrays(mx, dtype, mean_dtype=None):
    md = mean_dtype or dtype
    return (mx.nd.array(W, dtype=dtype), mx.nd.array(G, dtype=dtype), mx.nd.array(M, dtype=md),
            mx.nd.array(S, dtype=md))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("clip", [-1.0, 0.4])
def test_adamw_update_bit_exact(dtype, clip):
    def f(mx):
        w, g, m, v = _arrays(mx, dtype)
        mx.nd.contrib.adamw_update(w, g, m, v, mx.nd.array([0.7]), lr=0.1, eta=0.9, wd=0.03, beta1=0.8,
                                   beta2=0.95, epsilon=1e-3, clip_gradient=clip, out=w)
        return w, g, m, v
    check(f, atol=0, rtol=0)


@pytest.mark.parametrize("clip", [-1.0, 0.4])
def test_multi_adamw_update_bit_exact(clip):
    def f(mx):
        w, g, m, v = _arrays(mx, "float32")
        w2, g2, m2, v2 = (a * 0.5 for a in _arrays(mx, "float32"))
        mx.nd.contrib.multi_adamw_update([w, w2], [g, g2], [m, m2], [v, v2], mx.nd.array([0.7]), out=[w, w2],
                                         lrs=[0.1, 0.2], wds=[0.03, 0.0], etas=[0.9, 1.0], beta1=0.8, beta2=0.95,
                                         epsilon=1e-3, clip_gradient=clip)
        return w, m, v, w2, m2, v2, g
    check(f, atol=0, rtol=0)


@pytest.mark.parametrize("multi", [False, True])
def test_mp_adamw_update_bit_exact(multi):
    def f(mx):
        w, g = mx.nd.array(W, dtype="float16"), mx.nd.array(G, dtype="float16")
        m, v, w32 = mx.nd.array(M), mx.nd.array(S), mx.nd.array(W)
        kw = dict(beta1=0.8, beta2=0.95, epsilon=1e-3, clip_gradient=0.4)
        if multi:
            mx.nd.contrib.multi_mp_adamw_update([w], [g], [m], [v], [w32], mx.nd.array([0.7]), out=[w], lrs=[0.1],
                                                wds=[0.03], etas=[0.9], **kw)
        else:
            mx.nd.contrib.mp_adamw_update(w, g, m, v, w32, mx.nd.array([0.7]), out=w, lr=0.1, wd=0.03, eta=0.9,
                                          **kw)
        return w, m, v, w32, g
    check(f, atol=0, rtol=0)


@pytest.mark.parametrize("dtypes", [("float32", "float16", "float32"), ("float32", "float32", "float64"),
                                    ("float16", "float16", "float16"), ("float64", "float64", "float64")])
def test_adamw_update_type_checks(dtypes):
    # weight/grad/mean/var share a dtype; rescale_grad is float32
    wd_, md, rd = dtypes

    def f(mx):
        w, g, m, v = _arrays(mx, wd_, md)
        mx.nd.contrib.adamw_update(w, g, m, v, mx.nd.array([1.0], dtype=rd), lr=0.1, eta=1.0, out=w)
        return w
    check(f, atol=0, rtol=0)


@pytest.mark.parametrize("dtypes", [("float32", "float16", "float32"), ("float16", "float16", "float32"),
                                    ("float32", "float32", "float64"), ("float32", "float32", "float32")])
def test_multi_adamw_update_type_checks(dtypes):
    # every input, rescale_grad included, has the first weight's dtype (gluon-nlp's BERTAdam on float16
    # weights without multi_precision fails here in MXNet)
    wd_, md, rd = dtypes

    def f(mx):
        w, g, m, v = _arrays(mx, wd_, md)
        mx.nd.contrib.multi_adamw_update([w], [g], [m], [v], mx.nd.array([1.0], dtype=rd), out=[w], lrs=[0.1],
                                         wds=[0.0], etas=[1.0])
        return w
    check(f, atol=0, rtol=0)


def test_multi_adamw_update_number_rescale_is_float32():
    def f(mx):
        w, g, m, v = _arrays(mx, "float16")
        mx.nd.contrib.multi_adamw_update([w], [g], [m], [v], 1.0, out=[w], lrs=[0.1], wds=[0.0], etas=[1.0])
        return w
    check(f)


@pytest.mark.parametrize("multi", [False, True])
@pytest.mark.parametrize("bad", ["grad", "mean", "weight32", "rescale"])
def test_mp_adamw_update_type_checks(multi, bad):
    def f(mx):
        w = mx.nd.array(W, dtype="float16")
        g = mx.nd.array(G, dtype="float32" if bad == "grad" else "float16")
        m = mx.nd.array(M, dtype="float16" if bad == "mean" else "float32")
        v, w32 = mx.nd.array(S), mx.nd.array(W, dtype="float16" if bad == "weight32" else "float32")
        r = mx.nd.array([1.0], dtype="float16" if bad == "rescale" else "float32")
        if multi:
            mx.nd.contrib.multi_mp_adamw_update([w], [g], [m], [v], [w32], r, out=[w], lrs=[0.1], wds=[0.0],
                                                etas=[1.0])
        else:
            mx.nd.contrib.mp_adamw_update(w, g, m, v, w32, r, out=w, lr=0.1, eta=1.0)
        return w
    check(f)
