"""Creation functions, default dtypes, attributes, conversions and contexts against the MXNet 1.9.1 oracle."""
import numpy as np
import pytest
import torch

import torch2gluon
from tests.oracle import check_code

CREATION = [
    "mx.nd.ones(3)", "mx.nd.ones((2, 3))", "mx.nd.ones((2, 3), dtype='int32')", "mx.nd.ones((2,), dtype=np.uint8)",
    "mx.nd.zeros((2, 3))", "mx.nd.zeros(4, dtype='float64')", "mx.nd.zeros((1, 2), dtype='int64')",
    "mx.nd.full((2,), 3.7)", "mx.nd.full((2, 2), 3.7, dtype='int32')", "mx.nd.full((3,), -2.9, dtype='int32')",
    "mx.nd.full((2,), 300, dtype='uint8')", "mx.nd.full(3, 1.5, dtype='float16')",
    "mx.nd.empty((2, 3)).shape", "mx.nd.empty((2, 3)).dtype", "mx.nd.empty(2, dtype='int32').dtype",
    "mx.nd.ones(())", "mx.nd.zeros((0, 3))",
    "mx.nd.array([1, 2, 3])", "mx.nd.array([1.5, 2])", "mx.nd.array(np.arange(4, dtype=np.int64))",
    "mx.nd.array(np.arange(4.0))", "mx.nd.array(np.array([1, 2], dtype=np.uint8))",
    "mx.nd.array(np.array([True, False]))", "mx.nd.array([[1, 2], [3, 4]], dtype='int32')",
    "mx.nd.array([1.7, -1.7], dtype='int32')", "mx.nd.array(5)", "mx.nd.array(mx.nd.ones(2, dtype='int32'))",
    "mx.nd.array(mx.nd.ones(2, dtype='int32'), dtype='float64')", "mx.nd.array([[1, 2], [3]])",
    "mx.nd.arange(5)", "mx.nd.arange(2, 8)", "mx.nd.arange(0, 1, 0.25)", "mx.nd.arange(5, 0, -1.5)",
    "mx.nd.arange(3, repeat=2)", "mx.nd.arange(1, 4, 1, repeat=3, dtype='int32')", "mx.nd.arange(4, dtype='int64')",
    "mx.nd.arange(0.5, 3.1, 0.7)",
    "mx.nd.ones_like(mx.nd.array([[1, 2]], dtype='int32'))", "mx.nd.zeros_like(mx.nd.array([1.5, 2]))",
    "mx.nd.array([1, 2]).ones_like()", "mx.nd.array([1, 2]).zeros_like()",
    "mx.nd.eye(3)", "mx.nd.eye(2, 3, 1)", "mx.nd.linspace(0, 1, 5)",
]


@pytest.mark.parametrize("code", CREATION)
def test_creation(code):
    check_code(code)


ATTRS = [
    "mx.nd.ones((2, 3, 4)).shape", "mx.nd.ones((2, 3, 4)).size", "mx.nd.ones((2, 3, 4)).ndim",
    "len(mx.nd.ones((5, 2)))", "mx.nd.ones(2).dtype", "mx.nd.ones(2).dtype is np.float32",
    "mx.nd.ones(2).dtype == 'float32'", "mx.nd.ones(2, dtype='int8').dtype", "np.dtype(mx.nd.ones(2).dtype)",
    "str(mx.nd.ones(2).context)", "mx.nd.ones(2).context == mx.cpu()", "mx.nd.ones(2).ctx == mx.cpu(0)",
    "mx.nd.ones(2).stype", "str(mx.cpu())", "str(mx.gpu(1))", "str(mx.cpu(2))", "repr(mx.cpu())",
    "mx.cpu() == mx.cpu(0)", "mx.cpu() == mx.gpu(0)", "mx.gpu(1).device_type", "mx.gpu(1).device_id",
    "mx.cpu().device_typeid", "mx.current_context() == mx.cpu()",
    "repr(mx.nd.array([1, 2]))", "repr(mx.nd.array([[1, 2, 3], [4, 5, 6]]))",
    "repr(mx.nd.array([1, 2], dtype='int32'))", "repr(mx.nd.array([0.5, 1.25]))",
    "mx.nd.ones(4).reshape(2, 2).size",
]


@pytest.mark.parametrize("code", ATTRS)
def test_attributes(code):
    check_code(code)


CONVERSIONS = [
    "mx.nd.array([1, 2]).asnumpy()", "mx.nd.array([1, 2], dtype='int32').asnumpy()",
    "mx.nd.array([3.5]).asscalar()", "mx.nd.array([3], dtype='int32').asscalar()",
    "mx.nd.array([[3.5]]).asscalar()", "mx.nd.array(4.5).asscalar()", "mx.nd.array([1, 2]).asscalar()",
    "float(mx.nd.array([1.0]))", "int(mx.nd.array([1.0]))", "bool(mx.nd.array([1.0]))",
    "bool(mx.nd.array([0.0]))", "bool(mx.nd.array([1.0, 2.0]))",
    "mx.nd.array([-1.7, 1.7, 2.5]).astype('int32')", "mx.nd.array([300, -1]).astype('uint8')",
    "mx.nd.array([1, 2]).astype(np.float64)", "mx.nd.array([1, 2], dtype='int32').astype('float32')",
    "x = mx.nd.ones(2); out = x.astype('float32', copy=False) is x",
    "x = mx.nd.ones(2); out = x.astype('float32') is x",
    "x = mx.nd.ones(2); out = x.astype('int32', copy=False) is x",
    "x = mx.nd.ones(2); y = x.astype('float32'); y[:] = 5; out = x",
    "x = mx.nd.ones(2); y = x.copy(); y[:] = 5; out = (x, y)",
    "x = mx.nd.ones(2); out = x.as_in_context(mx.cpu()) is x",
    "x = mx.nd.ones(2); out = x.copyto(mx.cpu()) is x",
    "x = mx.nd.ones(2); y = x.copyto(mx.cpu()); y[:] = 3; out = (x, y)",
    "x = mx.nd.ones(2); z = mx.nd.zeros(2); r = x.copyto(z); out = (r is z, z)",
    "x = mx.nd.ones(2); z = mx.nd.zeros(3); out = x.copyto(z)",
    "x = mx.nd.ones(2); y = mx.nd.array(x); y[:] = 7; out = x",
    "x = mx.nd.ones((2, 3)); a = x.asnumpy(); a[:] = 9; out = x",
    "mx.nd.array([1, 2]).copyto(mx.cpu(1)).context",
]


@pytest.mark.parametrize("code", CONVERSIONS)
def test_conversions(code):
    check_code(code)


def test_num_gpus_matches_torch():
    assert torch2gluon.num_gpus() == (torch.cuda.device_count() if torch.cuda.is_available() else 0)
    assert isinstance(torch2gluon.num_gpus(), int)


def test_to_torch_and_from_torch_share_memory():
    x = torch2gluon.nd.array([1, 2, 3])
    t = x.to_torch()
    t[0] = 10
    assert x.asnumpy().tolist() == [10, 2, 3]
    src = torch.arange(4, dtype=torch.float32)
    y = torch2gluon.nd.from_torch(src)
    assert y.dtype is np.float32 and y.shape == (4,)
    y[1] = -5
    assert src[1].item() == -5
    src[2] = 42
    assert y.asnumpy()[2] == 42
    with pytest.raises(TypeError):
        torch2gluon.nd.from_torch(np.ones(2))


def test_dlpack_round_trip_shares_memory():
    nd = torch2gluon.nd
    x = nd.array([1, 2, 3])
    t = torch.utils.dlpack.from_dlpack(x.to_dlpack_for_write())
    t[0] = 7
    assert x.asnumpy()[0] == 7
    y = nd.from_dlpack(x.to_dlpack_for_read())
    y[2] = 9
    assert x.asnumpy().tolist() == [7, 2, 9]
    z = nd.from_dlpack(torch.ones(2, dtype=torch.int32))
    assert z.dtype is np.int32
    a = np.from_dlpack(x)
    assert a.tolist() == [7, 2, 9]
