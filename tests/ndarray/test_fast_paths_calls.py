"""The per-call fast paths of common calls (bench/calls.py) give MXNet's results, errors and gradients."""
import numpy as np
import pytest

from tests.oracle import check

A = np.arange(24, dtype="float32").reshape(2, 3, 4) - 7.5


def _detached_grad(mx, op):
    """x's gradient when op(x) is computed outside record() and then used inside it (a constant in MXNet)."""
    x = mx.nd.array(A[0])
    x.attach_grad()
    y = op(x)
    with mx.autograd.record():
        z = (y * x).sum()
    z.backward()
    return x.grad


@pytest.mark.parametrize("op", [
    lambda mx, x: mx.nd.softmax(x),
    lambda mx, x: mx.nd.log_softmax(x),
    lambda mx, x: mx.nd.log_softmax(x, axis=0),
    lambda mx, x: mx.nd.exp(x / 10),
])
def test_outside_record_is_constant(op):
    check(lambda mx: _detached_grad(mx, lambda x: op(mx, x)))


@pytest.mark.parametrize("code", [
    lambda mx, x: x.reshape((4, 6)),
    lambda mx, x: x.reshape((4, -1)),
    lambda mx, x: x.reshape((0, -1)),
    lambda mx, x: x.reshape((5, 5)),
    lambda mx, x: x.reshape((2, 3)),
    lambda mx, x: x.reshape(4, 6),
    lambda mx, x: x.reshape((24,)),
    lambda mx, x: mx.nd.reshape(x, shape=(6, 4)),
    lambda mx, x: mx.nd.transpose(x),
    lambda mx, x: mx.nd.transpose(x[0]),
    lambda mx, x: x[0].T,
    lambda mx, x: mx.nd.transpose(x, axes=(1, 0, 2)),
    lambda mx, x: mx.nd.transpose(x, axes=(1, 0)),
    lambda mx, x: mx.nd.transpose(x, axes=(0, 0, 1)),
    lambda mx, x: mx.nd.concat(x, x, dim=2),
    lambda mx, x: mx.nd.concat(x, x),
    lambda mx, x: mx.nd.concat(x, x[:, :1], dim=1),
    lambda mx, x: mx.nd.concat(x, x[:, :1], dim=2),
    lambda mx, x: mx.nd.concat(x, x.astype("int32"), dim=0),
    lambda mx, x: mx.nd.concat(x, x, dim=3),
    lambda mx, x: mx.nd.concat(x > 0, x > 1, dim=0),
    lambda mx, x: mx.nd.concat(x, x, dim=-1, num_args=2),
    lambda mx, x: mx.nd.exp(x / 10),
    lambda mx, x: mx.nd.log(mx.nd.abs(x) + 1),
    lambda mx, x: mx.nd.sqrt(mx.nd.abs(x).astype("int32")),
    lambda mx, x: mx.nd.log_softmax(x, axis=1),
    lambda mx, x: mx.nd.log_softmax(x, axis=3),
    lambda mx, x: mx.nd.log_softmax(x.astype("int32")),
    lambda mx, x: mx.nd.mean(x, axis=1, exclude=True),
    lambda mx, x: mx.nd.mean(x, axis=-1, exclude=True, keepdims=True),
    lambda mx, x: mx.nd.sum(x, axis=0, exclude=True),
    lambda mx, x: mx.nd.mean(x, axis=3, exclude=True),
    lambda mx, x: mx.nd.mean(x[0, 0], axis=0, exclude=True),
    lambda mx, x: mx.nd.pick(x[0], mx.nd.array([1.7, -0.5, 9]), axis=0),
    lambda mx, x: mx.nd.pick(x[0], mx.nd.array([1, 3, 5], dtype="int64"), axis=-1, keepdims=True),
    lambda mx, x: mx.nd.pick(x[0], mx.nd.array([1, 3, 5], dtype="int32"), axis=1, mode="wrap"),
    lambda mx, x: mx.nd.pick(x[0], mx.nd.array([-2.5, 3.9, 2]), axis=1),
])
def test_fast_path_values_and_errors(code):
    check(lambda mx: code(mx, mx.nd.array(A)))


def test_pick_int64_index_not_clamped_in_place():
    """`pick` clamps a copy: the caller's int64 index keeps its out-of-range values."""
    def run(mx):
        idx = mx.nd.array([7, -3, 1], dtype="int64")
        out = mx.nd.pick(mx.nd.array(A[0]), idx, axis=1)
        return out, idx
    check(run)


def test_conv_geometry_checks():
    def run(mx, **kw):
        x = mx.nd.array(np.ones((1, 2, 5, 5), "float32"))
        w = mx.nd.array(np.ones((3, 2, 3, 3), "float32"))
        b = mx.nd.zeros(3)
        return mx.nd.Convolution(x, w, b, num_filter=3, **kw)
    check(lambda mx: run(mx, kernel=(3, 3)))
    check(lambda mx: run(mx, kernel=(3, 3), pad=(1, 1), stride=(2, 2)))
    check(lambda mx: run(mx, kernel=(3, 3), pad=[1, 1], dilate=(2, 2)))
    check(lambda mx: run(mx, kernel=(3, 3), dilate=(3, 3)))       # dilated kernel exceeds the input
    check(lambda mx: run(mx, kernel=(3, 3), stride=(1, 1, 1)))    # wrong length


def test_conv_layer_and_batchnorm_forward():
    def run(mx):
        mx.random.seed(0)
        conv = mx.gluon.nn.Conv2D(4, 3, padding=1, in_channels=2)
        conv.initialize(mx.init.Constant(0.1))
        bn = mx.gluon.nn.BatchNorm(in_channels=4)
        bn.initialize()
        x = mx.nd.array(A[:, :2].reshape(1, 2, 3, 4))
        return bn(conv(x)), conv(x)
    check(run)


def test_batchnorm_param_checks():
    def run(mx, dtype="float32"):
        x = mx.nd.ones((2, 3, 4))
        g = mx.nd.ones((3,), dtype=dtype)
        return mx.nd.BatchNorm(x, g, mx.nd.zeros(3), mx.nd.zeros(3), mx.nd.ones(3), fix_gamma=False)
    check(lambda mx: run(mx))
    check(lambda mx: run(mx, dtype="float64"))


@pytest.mark.parametrize("op", ["broadcast_add", "broadcast_sub", "broadcast_mul", "broadcast_div",
                                "broadcast_maximum", "broadcast_minimum", "broadcast_power",
                                "broadcast_equal", "broadcast_mod"])
@pytest.mark.parametrize("rshape", [(1, 3, 4), (3, 1), (2, 3, 4), (5,)])
def test_broadcast_binary(op, rshape):
    b = np.arange(np.prod(rshape), dtype="float32").reshape(rshape) + 1
    check(lambda mx: getattr(mx.nd, op)(mx.nd.array(A), mx.nd.array(b)))


def test_broadcast_binary_dtypes():
    check(lambda mx: mx.nd.broadcast_add(mx.nd.array(A), mx.nd.array(A, dtype="float64")))
    check(lambda mx: mx.nd.broadcast_add(mx.nd.array(A) > 0, mx.nd.array(A) > 1))
    check(lambda mx: mx.nd.broadcast_mul(mx.nd.array(A, dtype="int32"), mx.nd.array(A[:1], dtype="int32")))
    check(lambda mx: mx.nd.expand_dims(mx.nd.array(A), axis=-4))
    check(lambda mx: mx.nd.expand_dims(mx.nd.array(A), axis=3))
    check(lambda mx: mx.nd.expand_dims(mx.nd.array(A), axis=5))
