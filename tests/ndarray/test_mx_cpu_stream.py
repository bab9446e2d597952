"""MXNet's CPU random stream: uniform, normal, Dropout and the initializers draw MXNet's exact numbers (oracle)."""

import numpy as np
import pytest

from tests.oracle import check, check_bits, run_both, script_last_lines, seeded
from torch2gluon.ndarray import _mx_rng


@pytest.mark.parametrize("seed", [0, 1, 42, 2 ** 31 + 5])
def test_uniform_stream_across_chunk_sizes(seed):
    """Draws of 1..10^5 values split over MXNet's 1024 twisters, and the twisters keep their positions."""
    sizes = [1, 3, 63, 64, 65, 1000, 4096, 65537, 100000, 7]
    check_bits(seeded(seed, [lambda mx, n=n: mx.nd.random.uniform(shape=(n,)) for n in sizes]))


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_large_draws_over_many_blocks(dtype):
    """Draws reading several blocks per twister, from twisters at one position (after seeding), in a few runs of
    equal positions (after a draw whose last twister reads less) and at scattered positions (after normals)."""
    check_bits(seeded(13, [
        lambda mx: mx.nd.random.uniform(-1, 2, shape=(700001,), dtype=dtype),
        lambda mx: mx.nd.random.uniform(shape=(3, 100003), dtype=dtype),
        lambda mx: mx.nd.random.normal(shape=(1000,), dtype=dtype),
        lambda mx: mx.nd.random.uniform(shape=(2000001,), dtype=dtype),
        lambda mx: mx.nd.random.normal(1, 2, shape=(400000,), dtype=dtype),
        lambda mx: mx.nd.random.uniform(shape=(130,), dtype=dtype),
        lambda mx: mx.nd.random.normal(shape=(65,), dtype=dtype),
        lambda mx: mx.nd.random.uniform(shape=(5,), dtype=dtype),
    ]))


def test_draws_over_part_of_the_twisters():
    """Draws using some of the 1024 twisters move only those: runs of positions and regenerations of a subset."""
    check_bits(seeded(21, [
        lambda mx: mx.nd.random.uniform(shape=(30000,)),
        lambda mx: mx.nd.random.uniform(shape=(900000,)),
        lambda mx: mx.nd.random.normal(shape=(20000,)),
        lambda mx: mx.nd.random.uniform(shape=(64 * 600,)),
        lambda mx: mx.nd.random.normal(shape=(64 * 900 + 1,)),
        lambda mx: mx.nd.random.uniform(shape=(500000,)),
        lambda mx: mx.nd.random.uniform(shape=(3,)),
    ]))


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_uniform_normal_dtypes_and_parameters(dtype):
    check_bits(seeded(7, [
        lambda mx: mx.nd.random.uniform(-2.5, 3.25, shape=(3, 5), dtype=dtype),
        lambda mx: mx.nd.random.normal(0.5, 3.0, shape=(70,), dtype=dtype),
        lambda mx: mx.nd.random.randn(2, 3, dtype=dtype),
        lambda mx: mx.nd.random.uniform(shape=(9,), dtype=dtype),
    ]))


def test_normal_large_draw_uses_c_library_log():
    """More than 2**14 normals: the polar method's logf must still be the C library's (bit-identical)."""
    check_bits(seeded(3, [lambda mx: mx.nd.random.normal(shape=(70000,)),
                        lambda mx: mx.nd.random.uniform(shape=(5,))]))


def test_array_parameter_samplers_and_like_ops():
    check_bits(seeded(11, [
        lambda mx: mx.nd.random.uniform(low=mx.nd.array([0, 10]), high=mx.nd.array([1, 20]), shape=(3,)),
        lambda mx: mx.nd.random.normal(loc=mx.nd.array([0, 10]), scale=mx.nd.array([1, 2]), shape=(2, 2)),
        lambda mx: mx.nd.sample_uniform(mx.nd.array([0, 1, 2]), mx.nd.array([1, 3, 5]), shape=4),
        lambda mx: mx.nd.random.uniform_like(mx.nd.zeros((2, 2))),
        lambda mx: mx.nd.random.normal_like(mx.nd.zeros((3,), dtype="float64")),
        lambda mx: mx.nd.random_uniform(shape=(4,)),
        lambda mx: mx.nd.random.uniform(shape=(2,), out=mx.nd.zeros((2,))),
    ]))


@pytest.mark.parametrize("p, axes, dtype", [(0.3, (), "float32"), (0.6, (0,), "float32"), (0.5, (), "float64"),
                                            (0.5, (1,), "float16"), (0.0, (), "float32")])
def test_dropout_mask_from_stream(p, axes, dtype, monkeypatch):
    monkeypatch.setenv("TORCH2GLUON_MXNET_RNG", "all")

    def fn(mx):
        mx.random.seed(5)
        x = mx.nd.ones((8, 9), dtype=dtype)
        with mx.autograd.train_mode():
            y = mx.nd.Dropout(x, p=p, axes=axes)
        return [y, mx.nd.random.uniform(shape=(4,))]   # the stream stays in step
    check_bits(fn)


def test_dropout_always_draws_in_predict_mode_and_gradient(monkeypatch):
    monkeypatch.setenv("TORCH2GLUON_MXNET_RNG", "all")

    def fn(mx):
        mx.random.seed(9)
        x = mx.nd.arange(12).reshape((3, 4))
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.Dropout(x, p=0.5, mode="always")
        y.backward()
        return [y, x.grad, mx.nd.random.uniform(shape=(3,))]
    check_bits(fn)


@pytest.mark.parametrize("init", ["Xavier()", "Xavier(rnd_type='gaussian', magnitude=2)", "MSRAPrelu()",
                                  "Orthogonal()", "Orthogonal(rand_type='normal')", "Normal(0.1)", "Uniform()"])
def test_initializers_give_mxnets_weights(init):
    def fn(mx):
        mx.random.seed(123)
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(20, in_units=7), mx.gluon.nn.Conv2D(4, 3, in_channels=2))
        net.initialize(eval("mx.init." + init))
        return [p.data() for p in net.collect_params().values()]
    check_bits(fn)


def test_training_with_dropout_follows_mxnet(monkeypatch):
    """Deferred init, Dropout and SGD steps of a small net: MXNet's numbers from one seed (with Dropout's masks)."""
    monkeypatch.setenv("TORCH2GLUON_MXNET_RNG", "all")

    def fn(mx):
        mx.random.seed(2)
        net = mx.gluon.nn.Sequential()
        net.add(mx.gluon.nn.Dense(16, activation="relu"), mx.gluon.nn.Dropout(0.5), mx.gluon.nn.Dense(3))
        net.initialize()
        tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        loss_fn = mx.gluon.loss.SoftmaxCrossEntropyLoss()
        x = mx.nd.random.normal(shape=(6, 5))
        y = mx.nd.array([0, 1, 2, 0, 1, 2])
        losses = []
        for _ in range(3):
            with mx.autograd.record():
                loss = loss_fn(net(x), y)
            loss.backward()
            tr.step(6)
            losses.append(loss.mean().asscalar())
        return [np.float32(v) for v in losses] + [net[0].weight.data()]
    check(fn, atol=1e-6, rtol=1e-5)


def test_seed_one_cpu_device():
    """MXNet has one CPU random resource: `mx.random.seed(s, ctx=mx.cpu(1))` re-seeds it for every cpu(i)."""
    def fn(mx):
        mx.random.seed(4)
        mx.random.seed(8, ctx=mx.cpu(1))
        return [mx.nd.random.uniform(shape=(3,), ctx=mx.cpu(1)), mx.nd.random.uniform(shape=(3,)),
                mx.nd.random.normal(shape=(2,), ctx=mx.cpu(1))]
    check_bits(fn)


_UNSEEDED = ("import numpy as np, {mod} as mx\n"
             "net = mx.gluon.nn.Dense(4, in_units=3); net.initialize()\n"
             "print(repr(np.concatenate([net.weight.data().asnumpy().ravel(), "
             "mx.nd.random.normal(shape=(3,)).asnumpy()]).tolist()))\n")


def test_unseeded_program_starts_from_mxnets_seed_zero():
    outs = script_last_lines(_UNSEEDED)
    assert outs[0] == outs[1]


def test_default_dropout_draws_from_torch_and_leaves_stream():
    """By default Dropout's masks come from torch's generator: the MXNet stream does not move."""
    import torch
    import torch2gluon as mx
    mx.random.seed(6)
    with mx.autograd.train_mode():
        y = mx.nd.Dropout(mx.nd.ones((4, 5)), p=0.5).asnumpy()
    assert set(np.unique(y).tolist()) <= {0.0, 2.0}
    got = mx.nd.random.uniform(shape=(3,)).asnumpy()
    assert np.array_equal(got, _mx_rng.Streams(6).uniform(3))
    torch.manual_seed(6)
    with mx.autograd.train_mode():
        y2 = mx.nd.Dropout(mx.nd.ones((4, 5)), p=0.5).asnumpy()
    assert np.array_equal(y, y2)


def test_off_switch_uses_torchs_generator(monkeypatch):
    """TORCH2GLUON_MXNET_RNG=off: CPU samplers draw from torch's generator (seeded by mx.random.seed)."""
    import torch
    import torch2gluon as mx
    monkeypatch.setenv("TORCH2GLUON_MXNET_RNG", "off")
    mx.random.seed(6)
    got = mx.nd.random.uniform(2, 4, shape=(5,)).asnumpy()
    torch.manual_seed(6)
    assert np.array_equal(got, (2 + 2 * torch.rand(5)).numpy())


def test_vectorized_logf_matches_c_library():
    """The numpy logf equals the C library's on sampled inputs (or is absent and the C function is used)."""
    fn = _mx_rng._logf_vectorized()
    lib = _mx_rng._libm()
    if fn is None or lib is None:
        pytest.skip("no glibc-style logf here: the C function is called per value")
    x = np.random.RandomState(0).random_sample(20000).astype(np.float32)
    x = x[x > 0]
    want = np.array([lib.logf(v) for v in x.tolist()], np.float32)
    assert np.array_equal(fn(x), want)


def test_empty_and_zero_size_draws_keep_stream():
    def fn(mx):
        mx.random.seed(1)
        mx.util.set_np_shape(True)
        try:
            e = mx.nd.random.uniform(shape=(0, 3))
        finally:
            mx.util.set_np_shape(False)
        return [e, mx.nd.random.uniform(shape=(3,))]
    out = run_both(fn)
    assert out[0][0] and out[1][0]
    assert np.array_equal(out[0][1][1][4], out[1][1][1][4])


def test_sgld_noise_follows_mxnet():
    def fn(mx):
        mx.random.seed(17)
        w = mx.nd.array(np.linspace(-1, 1, 12).reshape(3, 4))
        g = mx.nd.array(np.linspace(0.5, -0.5, 12).reshape(3, 4))
        opt = mx.optimizer.create("sgld", learning_rate=0.01)
        st = opt.create_state(0, w)
        for _ in range(2):
            opt.update(0, w, g, st)
        return w
    check(fn, atol=1e-7, rtol=1e-6)


def test_unknown_rng_mode_is_refused(monkeypatch):
    import torch2gluon as mx
    monkeypatch.setenv("TORCH2GLUON_MXNET_RNG", "All")
    with pytest.raises(ValueError, match="TORCH2GLUON_MXNET_RNG"):
        mx.nd.random.uniform(shape=(2,))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_exponential_follows_mxnet(dtype):
    """nd.random.exponential (scalar and array scales), random_exponential, sample_exponential and exponential_like
    draw MXNet's values (-log(1 - u) / rate in double) and keep the stream in step."""
    check_bits(seeded(5, [
        lambda mx: mx.nd.random.exponential(scale=0.3, shape=(3000,), dtype=dtype),
        lambda mx: mx.nd.random.exponential(scale=mx.nd.array([0.7, 0.5]), shape=(70,), dtype=dtype),
        lambda mx: mx.nd.random_exponential(lam=4.0, shape=(5,), dtype=dtype),
        lambda mx: mx.nd.sample_exponential(mx.nd.array([1.0, 3.0]), shape=(2,), dtype=dtype),
        lambda mx: mx.nd.random.exponential_like(mx.nd.zeros((4,), dtype=dtype), lam=2.0),
        lambda mx: mx.nd.random.uniform(shape=(100,)),
    ]))
