"""Behaviours of MXNet 1.9.1 that Sockeye 2.3 (run unchanged over torch2gluon) meets, checked without Sockeye:
its transformer's interleaved attention matmuls and FullyConnected refuse non-float32/64 data on CPU (so
`--dtype float16` / `--amp` training fails on CPU in MXNet), the error coming when the result is read."""
import numpy as np
import pytest

import mxnet
import torch2gluon

from tests.oracle import check


def _meta_then_read(y, mx):
    """Shape and dtype (known at once), then what reading the data gives (the kernel's error is consumed here,
    so no failure is left pending for a later `waitall`)."""
    meta = (y.shape, y.dtype)
    try:
        y.asnumpy()
        return meta, "read"
    except mx.base.MXNetError:
        return meta, "MXNetError"

_IL = {
    "selfatt_qk": lambda mx, dt: mx.nd.contrib.interleaved_matmul_selfatt_qk(
        mx.nd.ones((2, 1, 12), dtype=dt), heads=2),
    "selfatt_valatt": lambda mx, dt: mx.nd.contrib.interleaved_matmul_selfatt_valatt(
        mx.nd.ones((2, 1, 12), dtype=dt), mx.nd.ones((2, 2, 2), dtype=dt), heads=2),
    "encdec_qk": lambda mx, dt: mx.nd.contrib.interleaved_matmul_encdec_qk(
        mx.nd.ones((2, 1, 4), dtype=dt), mx.nd.ones((3, 1, 8), dtype=dt), heads=2),
    "encdec_valatt": lambda mx, dt: mx.nd.contrib.interleaved_matmul_encdec_valatt(
        mx.nd.ones((3, 1, 8), dtype=dt), mx.nd.ones((2, 2, 3), dtype=dt), heads=2),
}


@pytest.mark.parametrize("dt", ["float16", "float64"])
@pytest.mark.parametrize("op", sorted(_IL))
def test_interleaved_matmul_cpu_float32_only(op, dt):
    """The CPU kernels check float32; shape and dtype come back at once, the error when the data is read."""
    check(lambda mx: _meta_then_read(_IL[op](mx, dt), mx))
    assert _meta_then_read(_IL[op](torch2gluon, dt), torch2gluon)[1] == "MXNetError"


def test_interleaved_encdec_qk_mixed_dtypes_raise():
    check(lambda mx: mx.nd.contrib.interleaved_matmul_encdec_qk(
        mx.nd.ones((2, 1, 4)), mx.nd.ones((3, 1, 8), dtype="float64"), heads=2))


@pytest.mark.parametrize("dt", ["float16", "int32", "int64", "int8", "uint8"])
@pytest.mark.parametrize("flatten", [True, False])
def test_fully_connected_cpu_dtypes_refused_on_read(dt, flatten):
    def fc(mx):
        x = mx.nd.ones((2, 2, 3), dtype=dt)
        return mx.nd.FullyConnected(x, mx.nd.ones((4, 3 if not flatten else 6), dtype=dt),
                                    mx.nd.ones((4,), dtype=dt), num_hidden=4, flatten=flatten)
    check(lambda mx: _meta_then_read(fc(mx), mx))
    assert _meta_then_read(fc(torch2gluon), torch2gluon) == (((2, 4) if flatten else (2, 2, 4), np.dtype(dt).type),
                                                             "MXNetError")


_CONV = {
    "conv2d": lambda mx, dt: mx.nd.Convolution(mx.nd.ones((1, 1, 3, 3), dtype=dt), mx.nd.ones((2, 1, 2, 2), dtype=dt),
                                               mx.nd.ones((2,), dtype=dt), kernel=(2, 2), num_filter=2),
    "conv1d": lambda mx, dt: mx.nd.Convolution(mx.nd.ones((1, 1, 4), dtype=dt), mx.nd.ones((2, 1, 3), dtype=dt),
                                               no_bias=True, kernel=(3,), num_filter=2, layout="NCW"),
    "conv3d": lambda mx, dt: mx.nd.Convolution(mx.nd.ones((1, 1, 3, 3, 3), dtype=dt),
                                               mx.nd.ones((1, 1, 2, 2, 2), dtype=dt), no_bias=True,
                                               kernel=(2, 2, 2), num_filter=1, stride=(2, 1, 1)),
    "deconv2d": lambda mx, dt: mx.nd.Deconvolution(mx.nd.ones((1, 1, 3, 3), dtype=dt),
                                                   mx.nd.ones((1, 2, 2, 2), dtype=dt), no_bias=True, kernel=(2, 2),
                                                   num_filter=2, stride=(2, 2), adj=(1, 0)),
}


@pytest.mark.parametrize("dt", ["float16", "int32", "int64", "uint8"])
@pytest.mark.parametrize("op", sorted(_CONV))
def test_convolution_cpu_dtypes_refused_on_read(op, dt):
    """The same rule for Convolution/Deconvolution's CPU kernels (float32/float64; int8 Convolution goes to
    MXNet's oneDNN kernel, not covered here)."""
    check(lambda mx: _meta_then_read(_CONV[op](mx, dt), mx))
    assert _meta_then_read(_CONV[op](torch2gluon, dt), torch2gluon)[1] == "MXNetError"


@pytest.mark.parametrize("wdt", ["float32", "float64"])
def test_convolution_float16_data_other_weight_dtype_raises_at_once(wdt):
    check(lambda mx: mx.nd.Convolution(mx.nd.ones((1, 1, 3, 3), dtype="float16"), mx.nd.ones((1, 1, 2, 2), dtype=wdt),
                                       no_bias=True, kernel=(2, 2), num_filter=1).dtype)


@pytest.mark.parametrize("op", sorted(_CONV))
def test_convolution_float64_computes(op):
    check(lambda mx: _CONV[op](mx, "float64"))


def test_fully_connected_float64_computes():
    rs = np.random.RandomState(0)
    x, w, b = rs.randn(2, 3), rs.randn(4, 3), rs.randn(4)
    check(lambda mx: mx.nd.FullyConnected(mx.nd.array(x, dtype="float64"), mx.nd.array(w, dtype="float64"),
                                          mx.nd.array(b, dtype="float64"), num_hidden=4))


def test_gluon_dense_float16_fails_when_read():
    """Sockeye's `--dtype float16` path: a float16 Dense on CPU runs in neither library."""
    def run(mx):
        net = mx.gluon.nn.Dense(4, in_units=3, dtype="float16")
        net.initialize()
        y = net(mx.nd.ones((2, 3), dtype="float16"))
        return y.asnumpy()
    check(run)


def test_interleaved_encdec_keys_values_grad_whatever_queries_need():
    """Sockeye's LHUC training fixes the decoder (queries need no gradient). MXNet 1.9.1's CPU backward of
    encdec_qk then skips the keys/values gradient (it returns early when the queries' req is null), leaving
    the buffer unwritten (NaN in a hybridized graph, stale values eagerly); torch2gluon gives the gradient
    the op has when the queries do need one."""
    rs = np.random.RandomState(0)
    q0, kv0 = rs.randn(3, 2, 6).astype("f"), rs.randn(4, 2, 12).astype("f")
    g = rs.randn(3, 2, 6).astype("f")

    def kv_grad(lib, qgrad):
        q, kv = lib.nd.array(q0), lib.nd.array(kv0)
        if qgrad:
            q.attach_grad()
        kv.attach_grad()
        with lib.autograd.record():
            p = lib.nd.softmax(lib.nd.contrib.interleaved_matmul_encdec_qk(q, kv, heads=2), axis=-1)
            out = lib.nd.contrib.interleaved_matmul_encdec_valatt(kv, p, heads=2)
        out.backward(lib.nd.array(g))
        return kv.grad.asnumpy()

    ref = kv_grad(mxnet, True)   # MXNet, queries needing a gradient: the kernel writes the keys' part
    np.testing.assert_allclose(kv_grad(torch2gluon, True), ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kv_grad(torch2gluon, False), ref, rtol=1e-5, atol=1e-6)


def test_float16_dense_training_step_fails_with_the_kernel_error():
    """Sockeye's `--dtype float16` step on CPU: record, backward, read a gradient. MXNet raises the kernel's
    error at the read after backward; torch2gluon raises it at backward (the failed output has no graph)."""
    def step(mx):
        net = mx.gluon.nn.Dense(4, in_units=3, dtype="float16")
        net.initialize()
        with mx.autograd.record():
            loss = (net(mx.nd.ones((2, 3), dtype="float16")) * 2).sum()
        loss.backward()
        return net.weight.grad().asnumpy()
    check(step)
    with pytest.raises(torch2gluon.base.MXNetError, match="float16 fully connected"):
        step(torch2gluon)
