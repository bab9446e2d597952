"""nd.norm's out_dtype as in MXNet 1.9.1: only the strings None/float16/float32/float64/int32/int64/int8 are
accepted (numpy types and other names are MXNetError), and MXNet's CPU kernel refuses an out_dtype that
differs from the input's dtype (MXNetError). Every case compared with the oracle."""
import mxnet
import pytest

from tests.oracle import check_code

CASES = [
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype='float64')",
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype='float16')",
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype='int32')",
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype='float32')",
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, axis=1, out_dtype='float64')",
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, ord=1, axis=1, out_dtype='float64')",
    "x = mx.nd.array([[1,2],[3,4]], dtype='float16'); out = mx.nd.norm(x, out_dtype='float32')",
    "x = mx.nd.array([[1,2],[3,4]], dtype='float16'); out = mx.nd.norm(x, out_dtype='float64')",
    "x = mx.nd.array([[1,2],[3,4]], dtype='int32'); out = mx.nd.norm(x, out_dtype='float32')",
    "x = mx.nd.array([[1,2],[3,4]], dtype='float64'); out = mx.nd.norm(x, out_dtype='float32')",
    "x = mx.nd.array([[1,2],[3,4]]); out = x.norm(out_dtype='float64')",
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype='int8')",
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype='foo')",
    'x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype=np.float32)',
    'x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype=np.float64)',
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype='None')",
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype='uint8')",
    "x = mx.nd.array([[1,2],[3,4]]); out = mx.nd.norm(x, out_dtype='bool')",
    "x = mx.nd.array([[1,2],[3,4]], dtype='int64'); out = mx.nd.norm(x, out_dtype='int64')",
    "x = mx.nd.array([[1,2],[3,4]], dtype='uint8'); out = mx.nd.norm(x, out_dtype='uint8')",
    "x = mx.nd.array([[1,2],[3,4]], dtype='int8'); out = mx.nd.norm(x, out_dtype='int8')",
    "x = mx.nd.array([[1,2],[3,4]], dtype='float64'); out = mx.nd.norm(x, ord=1, out_dtype='float64')",
]


@pytest.fixture(autouse=True)
def _flush_engine():
    yield
    try:  # MXNet raises the dtype mismatch inside its engine; a left-over error would fail a later oracle call
        mxnet.nd.waitall()
    except mxnet.base.MXNetError:
        pass


@pytest.mark.parametrize("code", CASES)
def test_norm_out_dtype(code):
    check_code(code)


SAFE = [
    "x = mx.nd.array([[1, 2], [3, 4]]); out = mx.nd.norm(x, out_dtype='float64')",
    "x = mx.nd.array([[1, 2], [3, 4]], dtype='float16'); out = mx.nd.norm(x, out_dtype='float32')",
    "x = mx.nd.array([[1, 2], [3, 4]]); out = mx.nd.norm(x, out_dtype='float16')",
    "x = mx.nd.array([[1, 2], [3, 4]]); out = mx.nd.norm(x, out_dtype='int32')",
    "x = mx.nd.array([[1, 2], [3, 4]], dtype='int32'); out = mx.nd.norm(x, out_dtype='float32')",
    "x = mx.nd.array([[1, 2], [3, 4]], dtype='float64'); out = mx.nd.norm(x, axis=1, out_dtype='float32')",
    "x = mx.nd.array([[1, 2], [3, 4]], dtype='float16'); out = mx.nd.norm(x, ord=1, axis=0, out_dtype='float64')",
    "x = mx.nd.array([[1, 2], [3, 4]], dtype='int32'); out = mx.nd.norm(x, out_dtype='int64')",
]


@pytest.mark.parametrize("code", SAFE)
def test_norm_out_dtype_with_safe_accumulation(code, monkeypatch):
    monkeypatch.setenv("MXNET_SAFE_ACCUMULATION", "1")  # MXNet then accumulates in and writes the out_dtype
    check_code(code)
