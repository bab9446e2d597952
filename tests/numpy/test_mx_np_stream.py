"""mx.np.random.uniform/normal and numpy-mode initialization draw MXNet's exact numbers on CPU (oracle)."""

import numpy as np
import pytest

from tests.oracle import check, check_bits, script_last_lines, seeded
from torch2gluon.ndarray import _mx_rng_global


@pytest.mark.parametrize("seed", [0, 5, 2 ** 31 + 3])
def test_np_uniform_and_normal_stream(np_mode, seed):
    """Sizes across block boundaries and odd normal counts: the twister and the normal pairs stay in step."""
    sizes = [1, 5, 623, 624, 625, 3000, 7]
    draws = []
    for n in sizes:
        draws.append(lambda mx, n=n: mx.np.random.uniform(size=(n,)))
        draws.append(lambda mx, n=n: mx.np.random.normal(size=(n,)))
    check_bits(seeded(seed, draws))


def test_np_normal_large_draw(np_mode):
    check_bits(seeded(3, [lambda mx: mx.np.random.normal(size=(70001,)),
                        lambda mx: mx.np.random.uniform(size=(2,))]))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_np_scalar_parameters_compute_in_float32(np_mode, dtype):
    """Scalar parameters: MXNet holds them as float32 and computes in float32, whatever the output dtype."""
    check_bits(seeded(7, [
        lambda mx: mx.np.random.uniform(-0.7, 1.9, size=(40,), dtype=dtype),
        lambda mx: mx.np.random.normal(0.3, 2.5, size=(41,), dtype=dtype),
        lambda mx: mx.np.random.uniform(size=(2, 3), dtype=dtype),
    ]))


@pytest.mark.parametrize("pdt", ["float16", "float32", "float64"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_np_array_parameters_compute_in_their_dtype(np_mode, pdt, dtype):
    """Array parameters: the transform runs in their dtype (float16 rounding after every operation)."""
    rs = np.random.RandomState(0)
    lo = (rs.randn(300) * 3).astype(pdt)
    hi = (lo.astype(np.float32) + rs.rand(300) * 5).astype(pdt)
    check_bits(seeded(9, [
        lambda mx: mx.np.random.uniform(mx.np.array(lo, dtype=pdt), mx.np.array(hi, dtype=pdt), dtype=dtype),
        lambda mx: mx.np.random.uniform(0.3, mx.np.array(hi, dtype=pdt), dtype=dtype),
        lambda mx: mx.np.random.uniform(mx.np.array(lo, dtype=pdt), 1.9, size=(2, 300), dtype=dtype),
        lambda mx: mx.np.random.normal(mx.np.array(lo, dtype=pdt), mx.np.array(abs(hi), dtype=pdt), dtype=dtype),
        lambda mx: mx.np.random.normal(1.5, mx.np.array(abs(hi), dtype=pdt), dtype=dtype),
    ]))


def test_np_stream_is_separate_from_nd_stream(np_mode):
    """nd.random reads the parallel twisters, np.random its own twister: neither moves the other."""
    check_bits(seeded(4, [
        lambda mx: mx.np.random.uniform(size=(10,)),
        lambda mx: mx.nd.random.uniform(shape=(10,)).as_np_ndarray(),
        lambda mx: mx.np.random.normal(size=(3,)),
        lambda mx: mx.nd.random.normal(shape=(3,)).as_np_ndarray(),
        lambda mx: mx.np.random.uniform(size=(2,)),
    ]))


def test_np_rand_randn_lognormal_out_and_ctx(np_mode):
    def fn(mx):
        mx.random.seed(12)
        o = mx.np.zeros((4,))
        mx.np.random.uniform(1, 2, size=(4,), out=o)
        return [mx.np.random.rand(2, 3), mx.np.random.randn(3, 2), mx.np.random.lognormal(0.5, 0.25, size=(5,)),
                o, mx.np.random.normal(size=(3,), ctx=mx.cpu(1)),
                mx.np.random.normal(size=(2,))]
    check(fn, atol=0, rtol=0)


def test_np_normal_gradients_on_stream(np_mode):
    """normal is reparameterised: d/dloc = 1, d/dscale = the standard sample; uniform's parameters get zeros."""
    def fn(mx):
        mx.random.seed(2)
        loc, scale, lo = mx.np.array([0.5, -1.0]), mx.np.array([2.0, 0.5]), mx.np.array([0.0, 1.0])
        for a in (loc, scale, lo):
            a.attach_grad()
        with mx.autograd.record():
            y = mx.np.random.normal(loc, scale, size=(3, 2))
            u = mx.np.random.uniform(lo, 3.0, size=(3, 2))
            z = (y * y).sum() + u.sum()
        z.backward()
        return [y, u, loc.grad, scale.grad, lo.grad]
    check(fn, atol=1e-6, rtol=1e-6)


@pytest.mark.parametrize("init", ["Xavier()", "Uniform()", "Normal(0.1)", "MSRAPrelu()"])
def test_numpy_mode_gluon_init_gives_mxnets_weights(np_mode, init):
    """Gluon under npx.set_np() initialises through mx.np.random: MXNet's exact initial weights."""
    def fn(mx):
        mx.random.seed(123)
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(20, in_units=7), mx.gluon.nn.Conv2D(4, 3, in_channels=2))
        net.initialize(eval("mx.init." + init))
        return [p.data() for p in net.collect_params().values()]
    check_bits(fn)


_UNSEEDED = ("import {mod} as mx\n"
             "mx.npx.set_np()\n"
             "print(repr(mx.np.random.uniform(size=(4,)).asnumpy().tolist() + "
             "mx.np.random.normal(size=(3,)).asnumpy().tolist()))\n")


def test_unseeded_np_program_starts_from_seed_zero():
    outs = script_last_lines(_UNSEEDED)
    assert outs[0] == outs[1]


def test_np_off_switch_uses_torch(np_mode, monkeypatch):
    """TORCH2GLUON_MXNET_RNG=off: torch's generator, and the MXNet twister does not move."""
    import torch2gluon as mx
    mx.random.seed(3)
    monkeypatch.setenv("TORCH2GLUON_MXNET_RNG", "off")
    mx.np.random.uniform(size=(5,))
    monkeypatch.setenv("TORCH2GLUON_MXNET_RNG", "samplers")
    got = mx.np.random.uniform(size=(3,)).asnumpy()
    assert np.array_equal(got, _mx_rng_global.Sequential(3).uniform(3))


def test_npx_uniform_n_normal_n(np_mode):
    check_bits(seeded(12, [
        lambda mx: mx.npx.random.uniform_n(0, 1, batch_shape=(2,)),
        lambda mx: mx.npx.random.normal_n(0, 1, batch_shape=(3,)),
        lambda mx: mx.np.random.uniform(size=(3,)),
        lambda mx: mx.npx.random.normal_n(mx.np.array([0.0, 1.0]), 2.0, batch_shape=(3,)),
        lambda mx: mx.npx.random.uniform_n(mx.np.array([0.0, 1.0]), mx.np.array([[2.0], [3.0]]), batch_shape=(2,)),
        lambda mx: mx.np.random.normal(size=(3,)),
    ]))


def test_np_failed_draws_move_the_stream_as_mxnet(np_mode):
    """A bad `out=` fails before drawing; a negative scale fails after the kernel has drawn (as MXNet)."""
    def fn(mx):
        mx.random.seed(5)
        res = []
        for bad in (lambda: mx.np.random.normal(0, -1, size=7),
                    lambda: mx.np.random.normal(0, mx.np.array([-1.0, 1.0]), size=(3, 2)),
                    lambda: mx.np.random.uniform(0, 1, size=6, out=mx.np.zeros(6, dtype="float64")),
                    lambda: mx.np.random.uniform(0, 1, size=6, out=mx.np.zeros(5))):
            try:
                bad().asnumpy()
                res.append("no error")
            except Exception as e:  # noqa: BLE001
                res.append(type(e).__name__)
            res.append(mx.np.random.uniform(size=(3,)))
        return res
    check_bits(fn)


def test_numpy_mode_init_errors_and_dtypes_as_mxnet(np_mode):
    """MXNet's np-mode initializers are `np.random.X(..., out=arr)`: float64 weights are refused, a negative
    sigma fails after drawing, and the next draws continue from there."""
    def fn(mx):
        mx.random.seed(123)
        res = []
        for make in (lambda: (mx.gluon.nn.Dense(3, in_units=2, dtype="float64"), mx.init.Xavier()),
                     lambda: (mx.gluon.nn.Dense(3, in_units=2), mx.init.Normal(-1.0)),
                     lambda: (mx.gluon.nn.Dense(3, in_units=2), mx.init.Uniform(-1.0))):
            net, init = make()
            try:
                net.initialize(init)
                res.append(net.weight.data().asnumpy())     # MXNet raises at the synchronisation
            except Exception as e:  # noqa: BLE001
                res.append(type(e).__name__)
        return res
    check_bits(fn)


@pytest.mark.parametrize("shape", [(1,), (2,), (10,), (1000,), (200000,), (6, 2), (9, 3, 2), (50, 1), (70000, 2)])
def test_shuffle_follows_mxnet_and_moves_the_np_stream(shape):
    """nd.random.shuffle and np.random.shuffle: std::shuffle for 1-D data, a backward Fisher-Yates over the rows of
    N-d data, both on the np twister."""
    n = int(np.prod(shape))

    def fn(mx):
        mx.random.seed(5)
        a = mx.nd.random.shuffle(mx.nd.arange(n).reshape(shape))
        mx.npx.set_np()
        try:
            b = mx.np.arange(n).reshape(shape)
            mx.np.random.shuffle(b)
            u = mx.np.random.uniform(size=(3,))
        finally:
            mx.npx.reset_np()
        return [a, b.as_nd_ndarray(), u.as_nd_ndarray()]
    check_bits(fn)


def test_uniform_int_rejection_path_matches_sequential_reference():
    """Bounds near 2**32 reject often: the vectorized draw falls back to the sequential C++ loop."""
    bounds = np.array([3_000_000_000, 5, 2_500_000_000, 4_000_000_000, 7] * 20, dtype=np.uint64)
    got = _mx_rng_global.Sequential(9)._below(bounds).tolist()
    ref = _mx_rng_global.Sequential(9)
    want = []
    for b in bounds.tolist():
        scaling = 0xFFFFFFFF // (b + 1)
        while True:
            r = int(ref.words(1)[0])
            if r < (b + 1) * scaling:
                break
        want.append(r // scaling)
    assert got == want


def test_one_word_samplers_on_the_stream(np_mode):
    """exponential, rayleigh, pareto, weibull, logistic, gumbel, bernoulli and choice with replacement read one
    word per value: the stream stays in step with MXNet's; bernoulli, choice, and exponential/pareto with scalar
    parameters give MXNet's exact values, the others agree to float32 rounding."""
    sc = np.array([0.5, 2.0, 3.0], np.float32)

    def run(draws):
        def fn(mx):
            mx.random.seed(5)
            res = [d(mx) for d in draws]
            return res + [mx.np.random.uniform(size=(3,))]
        return fn
    check_bits(run([
        lambda mx: mx.np.random.exponential(0.7, size=(300,)),
        lambda mx: mx.np.random.exponential(mx.np.array(sc), size=(100, 3)),
        lambda mx: mx.np.random.pareto(0.7, size=(300,)),
        lambda mx: mx.npx.random.bernoulli(prob=0.3, size=(300,)),
        lambda mx: mx.npx.random.bernoulli(prob=mx.np.array([0.1, 0.5, 0.9]), size=(100, 3)),
        lambda mx: mx.npx.random.bernoulli(logit=mx.np.array([-1.0, 0.3, 2.0]), size=(100, 3)),
        lambda mx: mx.np.random.choice(100, size=(300,)),
        lambda mx: mx.np.random.choice(mx.np.arange(7) * 2, size=(4, 5)),
    ]))
    check(run([
        lambda mx: mx.np.random.rayleigh(2.0, size=(300,)),
        lambda mx: mx.np.random.rayleigh(mx.np.array(sc, dtype="float64"), size=(100, 3)),
        lambda mx: mx.np.random.pareto(mx.np.array(sc), size=(100, 3)),
        lambda mx: mx.np.random.weibull(2.0, size=(300,)),
        lambda mx: mx.np.random.logistic(0.5, 2.0, size=(300,)),
        lambda mx: mx.np.random.gumbel(mx.np.array(sc), 2.0, size=(100, 3)),
    ]), atol=1e-6, rtol=1e-6)


def test_nd_multinomial_reads_the_single_twister():
    """nd.random.multinomial draws MXNet's categories (float32 and float64 probabilities, get_prob), and moves the
    np twister, not nd.random's."""
    p = np.array([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], [0.7, 0.1, 0.1, 0.1]], np.float32)

    def fn(mx):
        mx.random.seed(5)
        a = mx.nd.random.multinomial(mx.nd.array(p), shape=(50,))
        b, lp = mx.nd.random.multinomial(mx.nd.array(p[0], dtype="float64"), shape=7, get_prob=True)
        c = mx.nd.random.multinomial(mx.nd.array(p[2]))
        return [a, b, lp, c, mx.nd.random.uniform(shape=(3,)), mx.nd.random.shuffle(mx.nd.arange(5))]
    check_bits(fn)
