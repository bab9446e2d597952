"""Creation functions, casts and samplers: argument and dtype errors of MXNet's kind (oracle-checked).

MXNet's `nd.full/empty/arange/linspace/array` are python functions (unknown keyword or missing argument:
TypeError), `nd.ones/zeros/eye` and the samplers forward **kwargs to an operator (unknown keyword:
MXNetError). Unsupported numpy dtypes: KeyError from python-level conversions (array, astype, full,
empty), MXNetError 'Invalid Input' from operators (zeros, ones, arange, linspace, eye, cast, samplers).
"""
import numpy as np
import pytest

from tests.oracle import check, check_code

KWARGS = [
    "mx.nd.array([1, 2], foo=1)", "mx.nd.ones(2, foo=1)", "mx.nd.zeros(2, foo=1)", "mx.nd.full(2, 3, foo=1)",
    "mx.nd.empty(2, foo=1)", "mx.nd.arange(3, foo=1)", "mx.nd.eye(2, foo=1)", "mx.nd.linspace(0, 1, 3, foo=1)",
    "mx.nd.arange(3, name='a')", "mx.nd.linspace(0, 1, 3, name='a')", "mx.nd.empty(2, out=mx.nd.zeros(2))",
    "mx.nd.ones(2, stype='default')", "mx.nd.zeros(2, stype='default')", "mx.nd.empty(2, stype='default').shape",
    "mx.nd.zeros(2, name='x')", "mx.nd.eye(2, name='x')", "mx.nd.ones(2, out=mx.nd.zeros(2))",
    "mx.nd.full(2, 3, out=mx.nd.zeros(2))", "mx.nd.full(2, 3, None, 'float32', None, 5)",
    "mx.nd.arange(0, 3, 1, 1, False, None, 'float32', 7)",
    "mx.nd.ones()", "mx.nd.zeros()", "mx.nd.full(2)", "mx.nd.arange()", "mx.nd.eye()", "mx.nd.linspace(0, 1)",
    "mx.nd.array()", "mx.nd.empty()",
    "mx.nd.random.uniform(0, 1, shape=2, foo=1)", "mx.nd.random.normal(0, 1, shape=2, foo=1)",
    "mx.nd.random.randint(0, 3, shape=2, foo=1)", "mx.nd.random.exponential(1, shape=2, foo=1)",
    "mx.nd.random.gamma(1, 1, shape=2, foo=1)", "mx.nd.random.poisson(1, shape=2, foo=1)",
    "mx.nd.random.negative_binomial(1, 0.5, shape=2, foo=1)",
    "mx.nd.random.generalized_negative_binomial(1, 1, shape=2, foo=1)",
    "mx.nd.random.exponential(1, shape=2, name='e').shape",
]


@pytest.mark.parametrize("code", KWARGS)
def test_creation_arguments(code):
    check_code(code)


BAD_DTYPES = ["int16", "uint16", "uint32", "uint64", "complex64", "U3", "object", np.int16]
ENTRY_POINTS = {
    "array": "mx.nd.array([1, 2], dtype=dt)",
    "array_ndarray": "mx.nd.array(mx.nd.ones(2), dtype=dt)",
    "astype": "mx.nd.ones(2).astype(dt)",
    "zeros": "mx.nd.zeros(2, dtype=dt)",
    "ones": "mx.nd.ones(2, dtype=dt)",
    "full": "mx.nd.full(2, 1, dtype=dt)",
    "empty": "mx.nd.empty(2, dtype=dt)",
    "arange": "mx.nd.arange(2, dtype=dt)",
    "linspace": "mx.nd.linspace(0, 1, 2, dtype=dt)",
    "eye": "mx.nd.eye(2, dtype=dt)",
    "cast": "mx.nd.cast(mx.nd.ones(2), dtype=dt)",
    "uniform": "mx.nd.random.uniform(shape=2, dtype=dt)",
    "normal_nd_params": "mx.nd.random.normal(mx.nd.zeros(2), mx.nd.ones(2), dtype=dt)",
    "randint": "mx.nd.random.randint(0, 5, shape=2, dtype=dt)",
    "multinomial": "mx.nd.random.multinomial(mx.nd.ones((1, 2)) / 2, dtype=dt)",
}


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("dt", BAD_DTYPES, ids=str)
def test_unsupported_numpy_dtype(entry, dt):
    check_code(ENTRY_POINTS[entry], dt=dt)


@pytest.mark.parametrize("code", [
    "mx.nd.arange(2, dtype='bool')", "mx.nd.linspace(0, 1, 2, dtype=bool)", "mx.nd.eye(2, dtype='bool')",
    "mx.nd.random.uniform(shape=2, dtype='int32')", "mx.nd.random.uniform(shape=2, dtype=bool)",
    "mx.nd.random.exponential(shape=2, dtype='int32')", "mx.nd.random.poisson(shape=2, dtype='int32')",
    "mx.nd.random.randint(0, 5, shape=2, dtype='float32')", "mx.nd.random.multinomial(mx.nd.ones((1, 2)) / 2, dtype='int8')",
    "mx.nd.zeros(2, dtype='bool')", "mx.nd.ones(2, dtype=np.bool_)", "mx.nd.cast(mx.nd.ones(2), dtype='bool')",
    "mx.nd.ones(2).astype(None)", "mx.nd.full(2, 1.5, dtype=None)", "mx.nd.empty(2, dtype=None).shape",
    "mx.nd.arange(2, dtype=None)", "mx.nd.linspace(0, 1, 3, dtype=None)", "mx.nd.cast(mx.nd.ones(2), dtype=None)",
    "mx.nd.array(np.array([1, 2], dtype=np.int16))", "mx.nd.array(np.array([1, 2], dtype=np.uint32))",
    "mx.nd.array([1, 2], dtype='foo')", "mx.nd.ones(2).astype('foo')",
    "mx.nd.random.randint(0, 5, shape=2, dtype='int64').dtype", "mx.nd.random.gamma(shape=2, dtype='float16').shape",
])
def test_dtype_edges(code):
    check_code(code)


@pytest.mark.parametrize("code", [
    "mx.nd.array(5)[()]", "mx.nd.array(np.array(2.5))[()]", "mx.nd.array(5)[...]", "mx.nd.array(5)[(Ellipsis,)]",
    "mx.nd.array(5)[0]", "mx.nd.ones((2, 3))[()]", "mx.nd.ones((2, 3))[...]", "mx.nd.ones(2)[(Ellipsis,)]",
])
def test_zero_dim_indexing(code):
    check_code(code)
