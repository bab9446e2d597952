"""NDArray.__getstate__/__setstate__ in MXNet's raw-record form, MXNet pickles loading here, from_numpy
ownership (oracle-checked where both sides can run the snippet)."""
import io
import pickle

import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import check, check_code

GPU_STATE = {"handle": bytearray(b"\xc9\xfa\x93\xf9\x00\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00"
                                 b"\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")}


@pytest.mark.parametrize("code", [
    "mx.nd.array([[1, 2], [3, 4]], dtype='int32').__getstate__()",
    "mx.nd.array([1.5, -2.25]).__getstate__()",
    "mx.nd.arange(6, dtype='float64').reshape((1, 2, 3)).__getstate__()",
    "mx.nd.array([1, 0, 1], dtype='uint8').__getstate__()",
    "a = mx.nd.arange(1); a.__setstate__(state); out = a",
    "a = mx.nd.zeros((3, 3)); a.__setstate__(mx.nd.array([7, 8], dtype='int64').__getstate__()); out = a",
])
def test_state_round_trip(code):
    check_code(code, state=GPU_STATE)


class _ToTorch2gluon(pickle.Unpickler):
    def find_class(self, module, name):
        if module.startswith("mxnet"):
            module = "torch2gluon" + module[len("mxnet"):]
        return super().find_class(module, name)


@pytest.mark.parametrize("dtype", ["float32", "float16", "int32", "int8", "int64", "uint8", "float64"])
def test_mxnet_pickle_loads_here(dtype):
    ref = mxnet.nd.array(np.arange(12).reshape(3, 4) - 5, dtype=dtype)
    ours = _ToTorch2gluon(io.BytesIO(pickle.dumps(ref))).load()
    assert isinstance(ours, torch2gluon.nd.NDArray)
    assert ours.dtype is ref.dtype and ours.shape == ref.shape
    np.testing.assert_array_equal(ours.asnumpy(), ref.asnumpy())


def test_own_pickle_round_trip(mx):
    a = mx.nd.array(np.arange(6).reshape(2, 3), dtype="int32")
    b = pickle.loads(pickle.dumps(a))
    assert b.dtype is a.dtype and b.shape == (2, 3)
    np.testing.assert_array_equal(b.asnumpy(), a.asnumpy())


def test_from_numpy_takes_ownership():
    def snippet(mx):
        a = np.array([[1, 2], [3, 4], [5, 6]], dtype="float32")
        m = mx.nd.from_numpy(a)
        writeable = a.flags.writeable
        m[2, 1] = 100
        m.wait_to_read()  # MXNet writes asynchronously: reading the shared numpy buffer needs the write done
        return writeable, a.copy(), m

    check(snippet)


@pytest.mark.parametrize("code", [
    "mx.nd.from_numpy(np.array([[1, 2], [3, 4]], dtype='float32').T)",
    "mx.nd.from_numpy(np.array([[1, 2], [3, 4]], dtype='float32').T, zero_copy=False)",
    "a = np.ones(3, dtype='float32'); m = mx.nd.from_numpy(a, zero_copy=False); out = (a.flags.writeable, m)",
])
def test_from_numpy_edges(code):
    check_code(code)
