"""nd.random samplers: shapes/dtypes/errors vs MXNet 1.9.1, moments (statistical), seeding, densities."""
import numpy as np
import pytest

import torch2gluon
from tests.oracle import check_code, check_grad, run_both, assert_same_error

N = 20000

SHAPES = [
    "mx.nd.random.uniform(0, 2, shape=(2, 3))",
    "mx.nd.random.uniform(mx.nd.array([0, 1]), mx.nd.array([1, 3]), shape=4)",
    "mx.nd.random.normal(1, 2)",
    "mx.nd.random.normal(mx.nd.zeros((2, 2), dtype='float64'), mx.nd.ones((2, 2), dtype='float64'))",
    "mx.nd.random.normal(0, 1, shape=3, dtype='float64')",
    "mx.nd.random.randn(2, 3)",
    "mx.nd.random.randn(2, 3, loc=mx.nd.zeros(2), scale=mx.nd.ones(2))",
    "mx.nd.random.randint(0, 5, shape=(2, 2))",
    "mx.nd.random.randint(0, 5, shape=4, dtype='int64')",
    "mx.nd.random.exponential(2, shape=(3,))",
    "mx.nd.random.exponential(mx.nd.array([1, 2]), shape=(3,))",
    "mx.nd.random.gamma(2, 3, shape=(2, 2), dtype='float16')",
    "mx.nd.random.gamma(mx.nd.array([1, 2]), mx.nd.array([1, 2]))",
    "mx.nd.random.poisson(2, shape=5)",
    "mx.nd.random.poisson(mx.nd.array([[1, 2]]), shape=(2, 2))",
    "mx.nd.random.negative_binomial(3, 0.4, shape=2)",
    "mx.nd.random.negative_binomial(mx.nd.array([3]), mx.nd.array([0.4]), shape=2)",
    "mx.nd.random.generalized_negative_binomial(2, 0.5, shape=(1, 2))",
    "mx.nd.random.generalized_negative_binomial(mx.nd.array([2, 3]), mx.nd.array([0.5, 0.0]))",
    "mx.nd.random.multinomial(mx.nd.array([0.2, 0.8]))",
    "mx.nd.random.multinomial(mx.nd.array([0.2, 0.8]), shape=(2, 3))",
    "mx.nd.random.multinomial(mx.nd.array([[0.2, 0.8], [0.5, 0.5]]), shape=3, dtype='int64')",
    "mx.nd.random.multinomial(mx.nd.array([[0.2, 0.8], [0.5, 0.5]]), get_prob=True)",
    "mx.nd.random.uniform_like(mx.nd.ones((2, 3), dtype='float64'), low=1, high=2)",
    "mx.nd.random.normal_like(mx.nd.ones((2, 3)), loc=1, scale=2)",
    "mx.nd.random.gamma_like(mx.nd.ones((2, 3)), alpha=2, beta=1)",
    "mx.nd.random.exponential_like(mx.nd.ones(4), lam=2)",
    "mx.nd.random.poisson_like(mx.nd.ones(4), lam=2)",
    "mx.nd.random.negative_binomial_like(mx.nd.ones(4), k=2, p=0.5)",
    "mx.nd.random.generalized_negative_binomial_like(mx.nd.ones(4), mu=2, alpha=0.3)",
    "mx.nd.random_exponential(lam=2, shape=3)",
    "mx.nd.random_gamma(alpha=2, beta=2, shape=(1, 3))",
    "mx.nd.random_poisson(lam=2, shape=3, dtype='float64')",
    "mx.nd.random_negative_binomial(k=2, p=0.3, shape=3)",
    "mx.nd.random_generalized_negative_binomial(mu=2, alpha=0.3, shape=3)",
    "mx.nd.sample_uniform(mx.nd.zeros(2), mx.nd.ones(2), shape=3)",
    "mx.nd.sample_normal(mx.nd.zeros(2, dtype='float64'), mx.nd.ones(2, dtype='float64'))",
    "mx.nd.sample_exponential(mx.nd.ones(2), shape=(2, 2))",
    "mx.nd.sample_gamma(mx.nd.ones(2), mx.nd.ones(2), shape=(2, 2))",
    "mx.nd.sample_poisson(mx.nd.ones(2), shape=(2, 2), dtype='float64')",
    "mx.nd.sample_negative_binomial(mx.nd.ones(2), mx.nd.ones(2) * 0.5)",
    "mx.nd.sample_generalized_negative_binomial(mx.nd.ones(2), mx.nd.ones(2) * 0.5)",
    "mx.nd.sample_multinomial(mx.nd.array([[0.2, 0.8]]), shape=2)",
    "x = mx.nd.zeros((2, 2)); mx.nd.random.uniform(0, 1, out=x); out = x",
    "x = mx.nd.zeros((2, 2), dtype='float64'); mx.nd.random.normal(out=x); out = x",
    "mx.nd.random.uniform(mx.nd.zeros(2), 1)",
    "mx.nd.random.randint(5, 2)",
]


def _meta(v):
    if isinstance(v, tuple) and v and v[0] == "NDArray":
        return v[:4]
    if isinstance(v, list):
        return [_meta(x) for x in v]
    return v


@pytest.mark.parametrize("code", SHAPES)
def test_shape_dtype_ctx(code):
    """Samplers give MXNet's shape, dtype and context (values are random)."""
    def run(mx):
        env = {"mx": mx}
        try:
            return eval(code, env)  # noqa: S307
        except SyntaxError:
            exec(code, env)  # noqa: S102
            return env["out"]
    (ok_r, ref), (ok_o, ours) = run_both(run)
    assert ok_r == ok_o, f"oracle {ref!r:.200} / ours {ours!r:.200}"
    if not ok_r:
        assert_same_error(ref, ours)
        return
    assert _meta(ours) == _meta(ref)


STATS = [  # (code, mean, variance)
    ("mx.nd.random.uniform(-1, 3, shape=N)", 1.0, 16 / 12),
    ("mx.nd.random.normal(2, 3, shape=N)", 2.0, 9.0),
    ("mx.nd.random.randn(N, loc=1, scale=0.5)", 1.0, 0.25),
    ("mx.nd.random.exponential(2.0, shape=N)", 2.0, 4.0),
    ("mx.nd.random.gamma(2.0, 3.0, shape=N)", 6.0, 18.0),
    ("mx.nd.random.poisson(4.0, shape=N)", 4.0, 4.0),
    ("mx.nd.random.negative_binomial(3, 0.4, shape=N)", 4.5, 3 * 0.6 / 0.16),
    ("mx.nd.random.generalized_negative_binomial(2.0, 0.5, shape=N)", 2.0, 4.0),
    ("mx.nd.random.generalized_negative_binomial(2.0, 0.0, shape=N)", 2.0, 2.0),
    ("mx.nd.random_exponential(lam=4.0, shape=N)", 0.25, 1 / 16),
    ("mx.nd.random.randint(0, 10, shape=N).astype('float32')", 4.5, 99 / 12),
    ("mx.nd.random.multinomial(mx.nd.array([0.1, 0.2, 0.7]), shape=N).astype('float32')", 1.6, 0.44),
    ("mx.nd.random.exponential_like(mx.nd.zeros(N), lam=0.5)", 2.0, 4.0),
    ("mx.nd.sample_gamma(mx.nd.array([2.0]), mx.nd.array([0.5]), shape=N)[0]", 1.0, 0.5),
]


@pytest.mark.parametrize("code,mean,var", STATS)
def test_moments(mx, code, mean, var):
    """Sample mean and variance within ~5 standard errors of the distribution's (oracle and ours)."""
    x = eval(code, {"mx": mx, "N": N}).asnumpy().astype(np.float64)  # noqa: S307
    assert x.shape == (N,)
    assert abs(x.mean() - mean) < 5 * np.sqrt(var / N) + 1e-3
    assert abs(x.var() - var) < 0.06 * var + 1e-3


def test_per_parameter_rows(mx):
    """NDArray parameters: row i of the output follows parameter i."""
    x = mx.nd.random.normal(mx.nd.array([0.0, 10.0]), mx.nd.array([1.0, 0.1]), shape=5000).asnumpy()
    assert x.shape == (2, 5000)
    assert abs(x[0].mean()) < 0.1 and abs(x[1].mean() - 10) < 0.02 and abs(x[1].std() - 0.1) < 0.01
    u = mx.nd.random.uniform(mx.nd.array([0.0, 5.0]), mx.nd.array([1.0, 6.0]), shape=1000).asnumpy()
    assert (u[0] >= 0).all() and (u[0] < 1).all() and (u[1] >= 5).all() and (u[1] < 6).all()


def test_integral_samplers_are_integers(mx):
    for x in (mx.nd.random.poisson(3.0, shape=100), mx.nd.random.negative_binomial(2, 0.5, shape=100),
              mx.nd.random.generalized_negative_binomial(2.0, 0.3, shape=100)):
        v = x.asnumpy()
        assert x.dtype == np.float32 and (v == np.round(v)).all() and (v >= 0).all()


def test_multinomial_zero_probability_never_drawn(mx):
    x = mx.nd.random.multinomial(mx.nd.array([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]]), shape=500).asnumpy()
    assert (x[0] != 0).all() and (x[1] == 0).all()


SEEDED = ["mx.nd.random.uniform(shape=5)", "mx.nd.random.normal(shape=(2, 2))",
          "mx.nd.random.gamma(2, 2, shape=4)", "mx.nd.random.poisson(mx.nd.array([1.0, 5.0]), shape=3)",
          "mx.nd.random.multinomial(mx.nd.array([0.3, 0.7]), shape=6)",
          "mx.nd.random.randint(0, 100, shape=5)", "mx.nd.random.shuffle(mx.nd.arange(10))",
          "mx.nd.random.negative_binomial(2, 0.3, shape=4)"]


@pytest.mark.parametrize("code", SEEDED)
def test_same_seed_same_stream(code):
    mx = torch2gluon
    mx.random.seed(42)
    a = [eval(code, {"mx": mx}).asnumpy() for _ in range(2)]  # noqa: S307
    mx.random.seed(42)
    b = [eval(code, {"mx": mx}).asnumpy() for _ in range(2)]  # noqa: S307
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    mx.random.seed(7)
    c = eval(code, {"mx": mx}).asnumpy()  # noqa: S307
    assert c.shape == a[0].shape


S = np.array([[0.5, 1.0, 2.0], [0.1, 0.2, 0.3]], dtype=np.float32)
K = np.array([[0, 1, 2, 5], [3, 0, 1, 2]], dtype=np.float32)
PDF = [
    "mx.nd.random_pdf_normal(mx.nd.array(S), mx.nd.array([0, 1]), mx.nd.array([1, 2]))",
    "mx.nd.random_pdf_normal(mx.nd.array(S), mx.nd.array([0, 1]), mx.nd.array([1, 2]), is_log=True)",
    "mx.nd.random_pdf_uniform(mx.nd.array(S), mx.nd.array([0, 0]), mx.nd.array([2, 1]))",
    "mx.nd.random_pdf_exponential(mx.nd.array(S), mx.nd.array([2, 0.5]))",
    "mx.nd.random_pdf_gamma(mx.nd.array(S), mx.nd.array([2, 1.5]), mx.nd.array([3, 0.5]))",
    "mx.nd.random_pdf_gamma(mx.nd.array(S), mx.nd.array([2, 1.5]), mx.nd.array([3, 0.5]), is_log=True)",
    "mx.nd.random_pdf_poisson(mx.nd.array(K), mx.nd.array([2, 0.5]))",
    "mx.nd.random_pdf_negative_binomial(mx.nd.array(K), mx.nd.array([3, 1]), mx.nd.array([0.4, 0.7]))",
    "mx.nd.random_pdf_generalized_negative_binomial(mx.nd.array(K), mx.nd.array([2, 1]), mx.nd.array([0.5, 2]))",
    "mx.nd.random_pdf_dirichlet(mx.nd.array([[[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]]), mx.nd.array([[1, 2, 3]]))",
    "mx.nd.random_pdf_normal(mx.nd.array(S), mx.nd.array([0, 1, 2]), mx.nd.array([1, 2, 3]))",
]


@pytest.mark.parametrize("code", PDF)
def test_pdf(code):
    check_code(code, atol=1e-5, rtol=1e-4, S=S, K=K)


def test_pdf_grads():
    check_grad(lambda mx, x, m, s: mx.nd.random_pdf_normal(x, m, s), S, [0.0, 1.0], [1.0, 2.0], rtol=1e-4)
    check_grad(lambda mx, x, a, b: mx.nd.random_pdf_gamma(x, a, b, is_log=True), S, [2.0, 1.5], [3.0, 0.5],
               rtol=1e-4)
    check_grad(lambda mx, x, lam: mx.nd.random_pdf_exponential(x, lam), S, [2.0, 0.5], rtol=1e-4)


def test_sampler_parameters_get_zero_grad():
    check_grad(lambda mx, m, s: mx.nd.sample_normal(m, s, shape=3) * 0 + m.reshape((2, 1)),
               [0.0, 1.0], [1.0, 1.0])


def test_multinomial_log_likelihood_grad(mx):
    p = mx.nd.array([[0.0, 1.0], [1.0, 0.0]])
    p.attach_grad()
    with mx.autograd.record():
        s, logp = mx.nd.random.multinomial(p, shape=4, get_prob=True)
    logp.backward()
    np.testing.assert_array_equal(s.asnumpy(), [[1] * 4, [0] * 4])
    np.testing.assert_allclose(logp.asnumpy(), np.zeros((2, 4)), atol=1e-7)
    np.testing.assert_allclose(p.grad.asnumpy(), [[0, 4], [4, 0]])
