"""nd.contrib int8 quantization operators (quantize, quantize_v2, dequantize, requantize) against MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check

_X = np.concatenate([[-3.0, -1.26, -0.5, 0.0, 0.5, 0.7, 1.25, 2.0, 5.0],
                     np.random.RandomState(0).randn(300) * 2]).astype(np.float32)
_Q32 = np.concatenate([[-2147483647, 5, 100, 2000000000, -7],
                       np.random.RandomState(1).randint(-2**31 + 1, 2**31 - 1, size=300)]).astype(np.int32)


@pytest.mark.parametrize("out_type", ["int8", "uint8"])
def test_quantize(out_type):
    check(lambda mx: mx.nd.contrib.quantize(mx.nd.array(_X), mx.nd.array([-1.0]), mx.nd.array([2.0]),
                                            out_type=out_type))


@pytest.mark.parametrize("out_type", ["int8", "uint8", "auto"])
@pytest.mark.parametrize("calib", [None, (-1.0, 2.0), (0.0, 3.0), (0.5, 1.0), (1.0, None)])
@pytest.mark.parametrize("positive", [False, True])
def test_quantize_v2(out_type, calib, positive):
    kw = {} if calib is None else {k: v for k, v in zip(("min_calib_range", "max_calib_range"), calib)
                                   if v is not None}
    x = np.abs(_X) if positive else _X
    check(lambda mx: mx.nd.contrib.quantize_v2(mx.nd.array(x), out_type=out_type, **kw))


@pytest.mark.parametrize("dtype", ["int8", "uint8"])
def test_quantize_v2_passes_quantized_data_through(dtype):
    check(lambda mx: mx.nd.contrib.quantize_v2(mx.nd.array([1, 2, 3], dtype=dtype)))


def test_quantize_zero_range():
    check(lambda mx: mx.nd.contrib.quantize(mx.nd.zeros(3), mx.nd.array([0]), mx.nd.array([0]), out_type="int8"))
    check(lambda mx: mx.nd.contrib.quantize_v2(mx.nd.zeros(3)))


@pytest.mark.parametrize("dtype,lo,hi", [("int8", -128, 128), ("uint8", 0, 256)])
def test_dequantize(dtype, lo, hi):
    q = np.arange(lo, hi).astype(dtype)
    check(lambda mx: mx.nd.contrib.dequantize(mx.nd.array(q, dtype=dtype), mx.nd.array([-0.7]),
                                              mx.nd.array([0.9])), atol=0, rtol=0)


def test_quantize_dequantize_round_trip():
    def f(mx):
        q, lo, hi = mx.nd.contrib.quantize_v2(mx.nd.array(_X), min_calib_range=-4.0, max_calib_range=4.0)
        return mx.nd.contrib.dequantize(q, lo, hi)
    check(f, atol=0, rtol=0)


@pytest.mark.parametrize("out_type", ["int8", "uint8", "auto"])
@pytest.mark.parametrize("calib", [None, (-0.7, 0.9), (0.1, 0.6)])
def test_requantize(out_type, calib):
    kw = {} if calib is None else dict(min_calib_range=calib[0], max_calib_range=calib[1])
    check(lambda mx: mx.nd.contrib.requantize(mx.nd.array(_Q32, dtype="int32"), mx.nd.array([-3.0]),
                                              mx.nd.array([2.0]), out_type=out_type, **kw))


def test_requantize_small_data_range():
    check(lambda mx: mx.nd.contrib.requantize(mx.nd.array([5, 10, 100], dtype="int32"), mx.nd.array([-2.0]),
                                              mx.nd.array([3.0])))


@pytest.mark.parametrize("make", [
    lambda mx: mx.nd.contrib.quantize_v2(mx.nd.ones(3), out_type="foo"),
    lambda mx: mx.nd.contrib.quantize_v2(mx.nd.ones(3, dtype="float64")),
    lambda mx: mx.nd.contrib.quantize(mx.nd.ones(3, dtype="float16"), mx.nd.array([0]), mx.nd.array([1])),
    lambda mx: mx.nd.contrib.quantize(mx.nd.ones(3), mx.nd.array([0]), mx.nd.array([1]), out_type="auto"),
    lambda mx: mx.nd.contrib.dequantize(mx.nd.ones(3, dtype="int32"), mx.nd.array([0]), mx.nd.array([1])),
    lambda mx: mx.nd.contrib.requantize(mx.nd.ones(3), mx.nd.array([0]), mx.nd.array([1])),
])
def test_bad_input_raises_like_mxnet(make):
    check(make)


def _hist(kind, bins):
    rng = np.random.RandomState(3)
    data = {"normal": rng.randn(10000), "t": rng.standard_t(3, 20000), "abs": np.abs(rng.randn(5000)),
            "uniform": rng.rand(3000)}[kind]
    th = np.abs(data).max()
    return np.histogram(data, bins=bins, range=(-th, th))


@pytest.mark.parametrize("kind,bins,nq", [("normal", 1001, 255), ("t", 601, 255), ("abs", 301, 101),
                                          ("uniform", 1001, 255), ("normal", 2001, 255)])
def test_calibrate_entropy(kind, bins, nq):
    h, e = _hist(kind, bins)
    check(lambda mx: mx.nd.contrib.calibrate_entropy(mx.nd.array(h), mx.nd.array(e), num_quantized_bins=nq),
          rtol=1e-5, atol=1e-9)


def test_calibrate_entropy_bad_edges():
    h, e = _hist("normal", 101)
    check(lambda mx: mx.nd.contrib.calibrate_entropy(mx.nd.array(h), mx.nd.array(e[:-1]), num_quantized_bins=31))
