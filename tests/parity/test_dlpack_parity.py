"""DLPack parity with MXNet 1.9.1 (from MXNet's test_dlpack.py / test_ndarray.py dlpack sweep)."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64", "uint8", "float16"])
@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 10), (15,)])
def test_roundtrip_through_read_and_write_capsules(dtype, shape):
    """nd.from_dlpack of to_dlpack_for_read/for_write (method and function forms) keeps values, shape, dtype."""
    data = (np.arange(np.prod(shape)) % 7).reshape(shape).astype(dtype)

    def snippet(mx):
        a = mx.nd.array(data, dtype=dtype)
        outs = [mx.nd.from_dlpack(a.to_dlpack_for_read()), mx.nd.from_dlpack(a.copy().to_dlpack_for_write()),
                mx.nd.from_dlpack(mx.nd.to_dlpack_for_read(a)),
                mx.nd.from_dlpack(mx.nd.to_dlpack_for_write(a.copy()))]
        return outs
    check(snippet)


def test_a_capsule_is_consumed_once():
    """A second from_dlpack of the same capsule is an AssertionError."""
    def snippet(mx):
        p = mx.nd.ones((2,)).to_dlpack_for_read()
        mx.nd.from_dlpack(p)
        return mx.nd.from_dlpack(p)
    check(snippet, raises=AssertionError)


@pytest.mark.parametrize("bad", [5, None, "x"])
def test_non_capsules_are_rejected(bad):
    """Objects that are not DLPack capsules raise AssertionError."""
    check(lambda mx: mx.nd.from_dlpack(bad), raises=AssertionError)


def test_torch_capsules_interoperate():
    """Capsules made by torch load in both, and both export capsules torch can read."""
    import torch
    import torch.utils.dlpack as tdl

    def snippet(mx):
        b = mx.nd.from_dlpack(tdl.to_dlpack(torch.arange(6, dtype=torch.float64).reshape(2, 3)))
        t = tdl.from_dlpack(mx.nd.array([[1, 2], [3, 4]]).to_dlpack_for_read())
        return b, t.numpy().copy()
    check(snippet)
