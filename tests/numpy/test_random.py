"""mx.np.random against real MXNet 1.9.1: output kinds/shapes/dtypes/contexts, errors, sample moments, gradients.

MXNet's bit streams cannot be reproduced, so values are compared statistically: each distribution's sample mean
and variance on torch2gluon must match the oracle's (large samples, tolerances of several standard errors).
"""
import numpy as onp
import pytest

import torch2gluon
from tests.oracle import MODULES, assert_same_error


pytestmark = pytest.mark.usefixtures("np_mode")


def A(mx, x, dtype="float32"):
    """An mx.np.ndarray (built through the legacy API, present on both sides)."""
    return mx.nd.array(onp.asarray(x), dtype=dtype).as_np_ndarray()


def meta(mx, r):
    assert isinstance(r, mx.np.ndarray), type(r)
    return (r.shape, onp.dtype(r.dtype).name, str(r.ctx))


def both(fn):
    out = []
    for mx in MODULES:
        try:
            out.append((True, fn(mx)))
        except Exception as e:  # noqa: BLE001 - compared below
            out.append((False, e))
    (ok_r, ref), (ok_o, ours) = out
    if not ok_r or not ok_o:
        assert not ok_r, f"oracle returned {ref!r} but torch2gluon raised {ours!r}"
        assert not ok_o, f"oracle raised {ref!r} but torch2gluon returned {ours!r}"
        assert_same_error(ref, ours)
        return None
    return ref, ours


META = [
    "R.randint(2, 5, size=(2, 3))", "R.randint(5)", "R.randint(2, 5, size=3, dtype='int32')",
    "R.randint(0, 2**40, size=3)", "R.randint(-5, -1, size=2)",
    "R.uniform()", "R.uniform(size=(2,))", "R.uniform(size=2)", "R.uniform(A(mx, [[0], [0]]), 1)",
    "R.uniform(A(mx, [0, 0], 'float64'), 1)", "R.uniform(A(mx, [[0], [0]]), A(mx, [1, 2, 3]))",
    "R.uniform(A(mx, [[0], [0]]), A(mx, [1, 2, 3]), size=(4, 2, 3))", "R.uniform(size=2, dtype='float64')",
    "R.uniform(size=2, dtype='float16')", "R.uniform(size=(0, 3))", "R.uniform(size=())",
    "R.normal()", "R.normal(size=None, dtype=None)", "R.normal(A(mx, [0, 0], 'float64'), 1., dtype='float64')",
    "R.normal(onp.float64(1.), 1., size=2)", "R.normal(size=2, ctx=mx.cpu(1))",
    "R.lognormal(size=(2,))", "R.logistic(size=(2,))", "R.gumbel(A(mx, [0, 0, 0], 'float64'))",
    "R.rayleigh(size=(2,))", "R.exponential(size=(2,))", "R.exponential(A(mx, [1, 1], 'float16'))",
    "R.weibull(2., size=(2,))", "R.pareto(2., size=(2,))", "R.power(2., size=(2,))",
    "R.power(A(mx, [[1], [1]]), size=(3, 2, 4))", "R.gamma(2.)", "R.gamma(A(mx, [2, 2, 2]), 2.)",
    "R.gamma(2., A(mx, [[1, 1, 1], [1, 1, 1]]))", "R.gamma(A(mx, [1, 1, 1]), size=3)",
    "R.beta(2., 3., size=3)", "R.beta(A(mx, [1, 1, 1]), 2.)", "R.beta(A(mx, [1, 1, 1]), A(mx, [1, 1, 1]), size=(2, 3))",
    "R.chisquare(2., size=3)", "R.chisquare(A(mx, [2, 2, 2]))", "R.rand(2, 3)", "R.rand()", "R.randn(2, 3)",
    "R.randn(2, 3, dtype='float64')", "R.rand(2, ctx=mx.cpu(1))",
    "R.multinomial(10, [0.2, 0.8])", "R.multinomial(10, [0.2, 0.8], size=(3, 2))",
    "R.multinomial(10, A(mx, [0.2, 0.8]), size=(3,))",
    "R.multivariate_normal(A(mx, [0, 0]), A(mx, onp.eye(2)), size=(3,))",
    "R.multivariate_normal(A(mx, [0, 0]), A(mx, onp.eye(2)))",
    "R.multivariate_normal(A(mx, [0, 0], 'float64'), A(mx, onp.eye(2), 'float64'))",
    "R.multivariate_normal(A(mx, onp.zeros((4, 1, 2))), A(mx, onp.stack([onp.eye(2)] * 3)), size=(5,))",
    "R.choice(5)", "R.choice(5, size=(2, 3))", "R.choice(5, size=3, replace=False)",
    "R.choice(5, size=3, p=A(mx, [.1, .1, .1, .1, .6]))", "R.choice(A(mx, [1, 2, 3]), size=3)",
    "R.choice(A(mx, [[1, 1], [1, 1]]), size=5)", "R.choice(5, size=2, replace=False, p=A(mx, [0, 0, .5, .5, 0]))",
    "R.uniform(A(mx, [0, 0], 'int32'), 3.)", "R.normal(A(mx, [0, 0], 'int64'), 1.)",
    "R.exponential(A(mx, [1, 1], 'int32'))", "R.weibull(A(mx, [1, 1], 'int32'))",
    "R.choice(5, size=3, out=A(mx, [0, 0, 0], 'int64'))", "R.choice(A(mx, [1, 2, 3], 'int32'), size=2)",
    "R.choice(5, size=3, p=A(mx, [.1, .2, .3, .2, .2], 'float64'))", "R.randint(0, 5, size=(2,), ctx=mx.cpu(1))",
    "R.multinomial(3, A(mx, [.5, .5], 'float64'))", "R.normal(A(mx, [0, 0]).as_in_ctx(mx.cpu(1)), 1.)",
    "R.gamma(A(mx, [1, 1]).as_in_ctx(mx.cpu(2)), size=(3, 2))",
]


@pytest.mark.parametrize("code", META)
def test_kind_shape_dtype_ctx(code):
    res = both(lambda mx: meta(mx, eval(code, {"mx": mx, "R": mx.np.random, "A": A, "onp": onp})))
    assert res is not None, "both raised"
    assert res[0] == res[1]


ERRORS = [
    "R.uniform(A(mx, [[0], [0]]), A(mx, [1, 2, 3]), size=(4,))", "R.uniform(size=2, dtype='int32')",
    "R.normal(0, -1, size=2)", "R.normal(0, A(mx, [-1.]), size=1)", "R.exponential(-1., size=2)",
    "R.exponential(A(mx, [-1., 1.]))", "R.gamma(-1., size=2)", "R.gamma(A(mx, [-1., 1.]))",
    "R.gamma(A(mx, [0., 1.]))", "R.gamma(1., -1., size=1)", "R.gamma(1., 0., size=1)",
    "R.gamma(A(mx, [1., 1, 1]), size=(2,))", "R.weibull(-1., size=2)", "R.weibull(0., size=2)",
    "R.weibull(A(mx, [0., 1.]))", "R.pareto(-1., size=2)", "R.power(0., size=2)", "R.power(A(mx, [0., 1.]))",
    "R.rayleigh(-1., size=2)", "R.logistic(0, -1., size=2)", "R.gumbel(0, A(mx, [-1.]))",
    "R.chisquare(-1., size=3)", "R.randint(5, 2, size=2)", "R.randint(5, size=2, dtype='float32')",
    "R.randint(5, size=2, dtype='int8')", "R.randint(A(mx, [5]))", "R.randint(0.5, 3.7, size=3)",
    "R.multinomial(10, [.5, .5], dtype='int32')", "R.multinomial(10, [[.5, .5]])",
    "R.multinomial(10, onp.array([.5, .5]))", "R.multinomial(10, [.5, .7])",
    "R.multinomial(10, A(mx, [[.5, .5], [.1, .9]]), size=3)", "R.choice(3, size=5, p=[.2, .3, .5])",
    "R.choice([1, 2, 3], size=5)", "R.shuffle([1, 2, 3])", "R.normal(size=2, device=mx.cpu())",
    "R.normal([1., 2.], 1.)", "R.normal(onp.zeros(2), 1., size=2)", "R.normal(mx.nd.zeros(2), 1., size=2)",
    "R.normal(size=(2.5,))", "R.multivariate_normal([0., 0.], [[1., 0], [0, 1.]])",
    "R.multivariate_normal(A(mx, [0, 0, 0]), A(mx, onp.eye(2)))",
    "R.multivariate_normal(A(mx, [0, 0], 'int32'), A(mx, onp.eye(2)))", "R.randn(2, foo=1)",
    "R.gamma(A(mx, [1, 1], 'int32'))", "R.normal(A(mx, [0, 0], 'bool'), 1.)",
    "R.uniform(A(mx, [0, 0], 'float16'), A(mx, [1, 1], 'float64'))",
    "R.normal(A(mx, [0, 0], 'float64'), A(mx, [1, 1], 'float32'))",
    "R.choice(mx.nd.array([1, 2, 3]), 2)", "R.shuffle(mx.nd.array([1, 2, 3]))",
    "R.multivariate_normal(mx.nd.zeros(2), mx.nd.array([[1, 0], [0, 1]]))",
]


@pytest.mark.parametrize("code", ERRORS)
def test_errors(code):
    res = both(lambda mx: eval(code, {"mx": mx, "R": mx.np.random, "A": A, "onp": onp}).wait_to_read())
    assert res is None, "both returned"


def test_randint_outside_np_shape():
    for m in MODULES:
        m.npx.reset_np()
    assert both(lambda mx: mx.np.random.randint(5)) is None
    assert both(lambda mx: meta(mx, mx.np.random.uniform()))[1] == ((), "float32", "cpu(0)")
    assert both(lambda mx: mx.np.random.beta(2., 3.).asnumpy()) is None
    for code in ["R.normal(size=(0, 3))", "R.gamma(2.)", "R.chisquare(2.)", "R.choice(3, size=0)", "R.rand()",
                 "R.multinomial(3, [.5, .5])", "R.beta(2., 3., size=2)", "R.power(2.)"]:
        ref, ours = both(lambda mx: meta(mx, eval(code, {"R": mx.np.random})))
        assert ref == ours, code


def test_out_argument():
    def run(mx):
        R = mx.np.random
        o = A(mx, onp.zeros((2, 3)))
        r = R.uniform(size=(2, 3), out=o)
        g = R.gamma(2., out=o)
        return r is o, g is o, float(o.asnumpy().min()) > 0
    ref, ours = both(run)
    assert ref == ours == (True, True, True)
    for code in ["R.uniform(size=(2, 3), out=A(mx, onp.zeros((2, 3)), 'float64'))",
                 "R.uniform(out=A(mx, onp.zeros((2, 3))))", "R.uniform(size=(3,), out=A(mx, onp.zeros((2, 3))))",
                 "R.randint(0, 5, size=(2,), out=A(mx, [0, 0], 'int32'))"]:
        assert both(lambda mx: eval(code, {"mx": mx, "R": mx.np.random, "A": A, "onp": onp})) is None, code


def test_shuffle_in_place():
    def run(mx):
        x = A(mx, onp.arange(12).reshape(6, 2))
        r = mx.np.random.shuffle(x)
        v = x.asnumpy()
        return r, sorted(v[:, 0].tolist()), bool((v[:, 1] - v[:, 0] == 1).all())
    ref, ours = both(run)
    assert ref == ours == (None, [0., 2., 4., 6., 8., 10.], True)


def test_choice_without_replacement_is_a_permutation():
    ref, ours = both(lambda mx: sorted(mx.np.random.choice(5, size=5, replace=False).asnumpy().tolist()))
    assert ref == ours == [0, 1, 2, 3, 4]


def test_seed_reproducible():
    R = torch2gluon.np.random
    for seeder in (torch2gluon.random.seed, torch2gluon.npx.random.seed if hasattr(torch2gluon.npx, "random")
                   else torch2gluon.random.seed):
        seeder(42)
        a = [R.normal(size=5).asnumpy(), R.randint(0, 100, size=5).asnumpy(), R.gamma(2., size=3).asnumpy()]
        seeder(42)
        b = [R.normal(size=5).asnumpy(), R.randint(0, 100, size=5).asnumpy(), R.gamma(2., size=3).asnumpy()]
        for x, y in zip(a, b):
            onp.testing.assert_array_equal(x, y)


N = 100000
MOMENTS = [
    "R.uniform(-1., 3., size=N)", "R.uniform(A(mx, [-1.]), A(mx, [3.]), size=(N, 1))", "R.normal(1., 2., size=N)",
    "R.lognormal(0., .5, size=N)", "R.logistic(1., 2., size=N)", "R.gumbel(1., 2., size=N)",
    "R.rayleigh(2., size=N)", "R.exponential(3., size=N)", "R.weibull(2., size=N)", "R.pareto(5., size=N)",
    "R.power(2., size=N)", "R.gamma(2., 2., size=N)", "R.gamma(A(mx, [2.]), A(mx, [3.]), size=(N, 1))",
    "R.beta(2., 3., size=N)", "R.chisquare(4., size=N)", "R.chisquare(A(mx, [4.]), size=(N, 1))",
    "R.randint(0, 10, size=N)", "R.choice(4, size=N, p=A(mx, [.1, .2, .3, .4]))", "R.rand(N)", "R.randn(N)",
    "R.normal(size=N, dtype='float16')",
]


@pytest.mark.parametrize("code", MOMENTS)
def test_moments(code):
    def run(mx):
        x = eval(code, {"mx": mx, "R": mx.np.random, "A": A, "N": N}).asnumpy().astype("float64").ravel()
        return x.mean(), x.var(), x.min(), x.max()
    (m1, v1, lo1, hi1), (m2, v2, lo2, hi2) = both(run)
    assert abs(m1 - m2) <= 6 * onp.sqrt(max(v1, v2) / N) + 1e-3, (m1, m2)
    assert abs(v1 - v2) <= 0.06 * max(v1, v2) + 1e-3, (v1, v2)
    if lo1 >= 0:  # supports on the non-negative half-line / [0, 1] stay there
        assert lo2 >= 0
    if hi1 <= 1:
        assert hi2 <= 1


def test_multinomial_counts():
    def run(mx):
        x = mx.np.random.multinomial(100, [0.2, 0.3, 0.1], size=20000).asnumpy()
        return x.sum(1).min(), x.sum(1).max(), x.mean(0)
    (a1, b1, m1), (a2, b2, m2) = both(run)
    assert a1 == b1 == a2 == b2 == 100
    onp.testing.assert_allclose(m2, m1, atol=0.3)
    onp.testing.assert_allclose(m2, [20, 30, 50], atol=0.3)


def test_multivariate_normal_covariance():
    # MXNet 1.9.1 adds L^T @ noise (L = cholesky(cov)): the sample covariance is L^T L, not cov
    def run(mx):
        c = A(mx, [[1., .9], [.9, 1.]])
        s = mx.np.random.multivariate_normal(A(mx, [1., -1.]), c, size=50000).asnumpy()
        return s.mean(0), onp.cov(s.T)
    (m1, c1), (m2, c2) = both(run)
    onp.testing.assert_allclose(m2, m1, atol=0.05)
    onp.testing.assert_allclose(c2, c1, atol=0.05)
    L = onp.linalg.cholesky(onp.array([[1., .9], [.9, 1.]]))
    onp.testing.assert_allclose(c2, L.T @ L, atol=0.05)


def _grads(mx, name, n_params, size=None):
    R = mx.np.random
    ps = [A(mx, onp.array([1., 1.5, 2.]) * (i + 1)) for i in range(n_params)]
    for p in ps:
        p.attach_grad()
    with mx.autograd.record():
        y = getattr(R, name)(*ps) if size is None else getattr(R, name)(*ps, size=size)
    y.backward()
    return [p.asnumpy() for p in ps], y.asnumpy(), [p.grad.asnumpy() for p in ps]


PATHWISE = {  # d sample / d parameter as a function of the sample (MXNet's reparameterised gradients)
    "normal": (2, lambda p, y: [onp.ones_like(y), (y - p[0]) / p[1]]),
    "logistic": (2, lambda p, y: [onp.ones_like(y), (y - p[0]) / p[1]]),
    "gumbel": (2, lambda p, y: [onp.ones_like(y), (y - p[0]) / p[1]]),
    "lognormal": (2, lambda p, y: [y, y * (onp.log(y) - p[0]) / p[1]]),
    "exponential": (1, lambda p, y: [y / p[0]]),
    "rayleigh": (1, lambda p, y: [y / p[0]]),
    "weibull": (1, lambda p, y: [-y * onp.log(y) / p[0]]),
    "pareto": (1, lambda p, y: [-(y + 1) * onp.log1p(y) / p[0]]),
    "uniform": (2, lambda p, y: [onp.zeros_like(y), onp.zeros_like(y)]),
    "gamma": (2, lambda p, y: [onp.zeros_like(y), onp.zeros_like(y)]),
    "power": (1, lambda p, y: [onp.zeros_like(y)]),
}


@pytest.mark.parametrize("name", sorted(PATHWISE))
def test_gradients(name):
    n, formula = PATHWISE[name]
    for mx in MODULES:
        ps, y, gs = _grads(mx, name, n)
        for g, expect in zip(gs, formula(ps, y)):
            onp.testing.assert_allclose(g, expect, rtol=2e-3, atol=1e-4, err_msg=f"{mx.__name__} {name}")


def test_gradient_with_size_sums_over_draws():
    for mx in MODULES:
        ps, y, gs = _grads(mx, "normal", 2, size=(4, 3))
        onp.testing.assert_allclose(gs[0], [4., 4., 4.])
        onp.testing.assert_allclose(gs[1], ((y - ps[0]) / ps[1]).sum(0), rtol=1e-4, atol=1e-5)


def test_multivariate_normal_refuses_backward():
    def run(mx):
        m, c = A(mx, [1., 1.]), A(mx, onp.eye(2))
        m.attach_grad()
        with mx.autograd.record():
            y = mx.np.random.multivariate_normal(m, c)
        y.backward()
        return m.grad.asnumpy()  # MXNet reports the failed backward when the gradient is read
    assert both(run) is None


def _ndtri(q):
    import torch
    return torch.special.ndtri(torch.tensor(q, dtype=torch.float64)).item()


PPF = {  # inverse CDFs (closed forms) of the distributions as MXNet 1.9.1 defines them
    "R.uniform(-1., 3., size=n)": lambda q: -1 + 4 * q,
    "R.normal(1., 2., size=n)": lambda q: 1 + 2 * _ndtri(q) if 0 < q < 1 else (-onp.inf if q == 0 else onp.inf),
    "R.lognormal(0., .5, size=n)": lambda q: onp.exp(.5 * _ndtri(q)) if 0 < q < 1 else (0 if q == 0 else onp.inf),
    "R.exponential(3., size=n)": lambda q: -3 * onp.log1p(-q) if q < 1 else onp.inf,
    "R.gumbel(1., 2., size=n)":
        lambda q: 1 - 2 * onp.log(-onp.log(q)) if 0 < q < 1 else (-onp.inf if q == 0 else onp.inf),
    "R.logistic(1., 2., size=n)":
        lambda q: 1 + 2 * onp.log(q / (1 - q)) if 0 < q < 1 else (-onp.inf if q == 0 else onp.inf),
    "R.rayleigh(2., size=n)": lambda q: 2 * onp.sqrt(-2 * onp.log1p(-q)) if q < 1 else onp.inf,
    "R.weibull(2., size=n)": lambda q: (-onp.log1p(-q)) ** 0.5 if q < 1 else onp.inf,
    "R.pareto(3., size=n)": lambda q: (1 - q) ** (-1 / 3.) - 1 if q < 1 else onp.inf,
    "R.power(2., size=n)": lambda q: q ** 0.5,
}


@pytest.mark.parametrize("code", sorted(PPF))
def test_chi_square_against_cdf(code):
    buckets, probs = torch2gluon.test_utils.gen_buckets_probs_with_ppf(PPF[code], 10)
    for mx in MODULES:  # the oracle confirms the definitions; torch2gluon must pass the same test
        gen = lambda n: eval(code, {"R": mx.np.random, "n": n}).asnumpy()  # noqa: E731
        torch2gluon.test_utils.verify_generator(gen, buckets, probs, nsamples=50000, nrepeat=3)


SAME_AS = {  # distributions without a closed-form inverse CDF: compared with numpy's sampler of the same law
    "R.gamma(2., 2., size=n)": lambda rs, n: rs.gamma(2., 2., size=n),
    "R.gamma(A(mx, [.5]), A(mx, [1.]), size=(n, 1))": lambda rs, n: rs.gamma(.5, 1., size=n),
    "R.beta(2., 3., size=n)": lambda rs, n: rs.beta(2., 3., size=n),
    "R.chisquare(4., size=n)": lambda rs, n: rs.gamma(2., .5, size=n),  # MXNet 1.9.1: Gamma(df/2, scale=1/2)
    "R.multivariate_normal(A(mx, [1.]), A(mx, [[4.]]), size=n)": lambda rs, n: rs.normal(1., 2., size=n),
}


@pytest.mark.parametrize("code", sorted(SAME_AS))
def test_chi_square_against_numpy_sampler(code):
    ref = onp.sort(SAME_AS[code](onp.random.RandomState(3), 400000))
    edges = [ref[int(len(ref) * i / 10)] for i in range(1, 10)]
    buckets = list(zip([-onp.inf] + edges, edges + [onp.inf]))
    probs = [0.1] * 10
    for mx in MODULES:
        gen = lambda n: eval(code, {"R": mx.np.random, "n": n, "A": A, "mx": mx}).asnumpy().ravel()  # noqa: E731
        torch2gluon.test_utils.verify_generator(gen, buckets, probs, nsamples=50000, nrepeat=3)


@pytest.mark.parametrize("code,values,probs", [
    ("R.randint(2, 7, size=n)", [2, 3, 4, 5, 6], [0.2] * 5),
    ("R.choice(4, size=n, p=A(mx, [.1, .2, .3, .4]))", [0, 1, 2, 3], [.1, .2, .3, .4]),
    ("R.choice(A(mx, [5., 6., 7.]), size=n)", [5., 6., 7.], [1 / 3.] * 3),
])
def test_chi_square_discrete(code, values, probs):
    for mx in MODULES:
        gen = lambda n: eval(code, {"R": mx.np.random, "n": n, "A": A, "mx": mx}).asnumpy()  # noqa: E731
        torch2gluon.test_utils.verify_generator(gen, values, probs, nsamples=50000, nrepeat=3)


@pytest.mark.parametrize("code", ["R.choice(a, size=5)", "R.choice(3, size=5, p=p)", "R.multinomial(4, p, size=2)"])
def test_gradients_through_choice_and_multinomial(code):
    def run(mx):
        a, p = A(mx, [1., 2., 3.]), A(mx, [.2, .3, .5])
        a.attach_grad()
        p.attach_grad()
        with mx.autograd.record():
            y = eval(code, {"R": mx.np.random, "a": a, "p": p})
        y.backward()
        return float(a.grad.asnumpy().sum()), p.grad.asnumpy().tolist()
    ref, ours = both(run)
    assert ref == ours
