"""mx.np type promotion (`torch2gluon.numpy._dtypes`) against the dtypes real MXNet 1.9.1's `np.add` returns."""
import numpy as onp
import pytest
import torch

import mxnet
from torch2gluon.base import MXNetError
from torch2gluon.numpy import _dtypes

DTYPES = ["bool", "int8", "uint8", "int32", "int64", "float16", "float32", "float64"]
SCALARS = [1, 1.5, True, onp.int32(1), onp.float64(1.5), onp.bool_(True)]


@pytest.fixture(autouse=True)
def _np_mode():
    mxnet.npx.set_np()
    try:
        yield
    finally:
        mxnet.npx.reset_np()


def _oracle(fn):
    try:
        r = fn()
        r.wait_to_read()
        return r.dtype
    except mxnet.base.MXNetError:
        return MXNetError


@pytest.mark.parametrize("a", DTYPES)
@pytest.mark.parametrize("b", DTYPES)
def test_array_array(a, b):
    mnp = mxnet.np
    ref = _oracle(lambda: mnp.add(mnp.ones((2,), dtype=a), mnp.ones((2,), dtype=b)))
    if ref is MXNetError:
        with pytest.raises(MXNetError):
            _dtypes.result_type(onp.dtype(a), onp.dtype(b))
    else:
        assert _dtypes.result_type(onp.dtype(a), onp.dtype(b)) == ref
        assert _dtypes.promote(_dtypes.to_torch(a), _dtypes.to_torch(b)) is _dtypes.to_torch(ref)


@pytest.mark.parametrize("a", DTYPES)
@pytest.mark.parametrize("s", SCALARS, ids=repr)
def test_array_scalar(a, s):
    mnp = mxnet.np
    ref = _oracle(lambda: mnp.add(mnp.ones((2,), dtype=a), s))
    assert _dtypes.result_type(torch.ones(2, dtype=_dtypes.to_torch(a)), s) == ref
    assert _dtypes.result_type(s, onp.dtype(a)) == ref


def test_scalars_only_follow_numpy():
    assert mxnet.np.add(1, 2).dtype == _dtypes.result_type(1, 2) == onp.int64
    assert _dtypes.result_type(1, 2.5) == onp.float64


@pytest.mark.parametrize("spec,expected", [
    ("float32", torch.float32), (onp.float16, torch.float16), (onp.dtype("int8"), torch.int8),
    ("bool", torch.bool), (bool, torch.bool), ("uint8", torch.uint8), (torch.int64, torch.int64),
])
def test_dtype_arg(spec, expected):
    assert _dtypes.dtype_arg(spec) is expected
    assert _dtypes.to_numpy(expected) == onp.dtype(_dtypes.name(expected))


def test_dtype_arg_none_and_refusals():
    assert _dtypes.dtype_arg(None) is None
    assert _dtypes.dtype_arg(None, "float32") is torch.float32
    for bad in ("int16", onp.uint32, "complex64", torch.bfloat16):
        with pytest.raises(TypeError):
            _dtypes.dtype_arg(bad)
    with pytest.raises(TypeError):
        _dtypes.dtype_arg("not-a-dtype")
