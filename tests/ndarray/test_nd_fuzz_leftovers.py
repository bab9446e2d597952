"""Cases a differential fuzzer against MXNet 1.9.1 found: shape parameters given None (MXNet parses an unknown
shape and some operators compute with it), Pooling without a kernel, setitem values MXNet reads through
`nd.array(value, dtype=arr.dtype)` (None is nan in a float array), smooth_l1's integer kernel."""
import numpy as onp
import pytest

from tests.oracle import check, MODULES

X = onp.arange(6, dtype="float32").reshape(2, 3)
X4 = onp.arange(32, dtype="float32").reshape(1, 2, 4, 4)

NONE_SHAPES = {
    "tile(reps=None)": lambda mx: mx.nd.tile(mx.nd.array(X), reps=None),
    "x.tile(reps=None)": lambda mx: mx.nd.array(X).tile(reps=None),
    "slice_like(axes=None)": lambda mx: mx.nd.slice_like(mx.nd.array(X), mx.nd.ones((1, 2)), axes=None),
    "slice_like(axes=())": lambda mx: mx.nd.slice_like(mx.nd.array(X), mx.nd.ones((1, 2)), axes=()),
    "broadcast_axis(None, None)": lambda mx: mx.nd.broadcast_axis(mx.nd.ones((1, 3)), axis=None, size=None),
    "broadcast_axis(0, None)": lambda mx: mx.nd.broadcast_axis(mx.nd.ones((1, 3)), axis=0, size=None),
    "Dropout(axes=None)": lambda mx: mx.nd.Dropout(mx.nd.array(X), p=0.5, axes=None),
    "AdaptiveAvgPooling2D(output_size=None)": lambda mx: mx.nd.contrib.AdaptiveAvgPooling2D(
        mx.nd.array(X4), output_size=None),
    "Pooling(kernel=None, global_pool)": lambda mx: mx.nd.Pooling(mx.nd.array(X4), kernel=None, global_pool=True),
    "Pooling(kernel=None)": lambda mx: mx.nd.Pooling(mx.nd.array(X4), kernel=None),
    "Pooling(kernel=())": lambda mx: mx.nd.Pooling(mx.nd.array(X4), kernel=(), pool_type="avg"),
    "Pooling(stride=None)": lambda mx: mx.nd.Pooling(mx.nd.array(X4), kernel=(2, 2), stride=None),
    "Deconvolution(target_shape=None)": lambda mx: mx.nd.Deconvolution(
        mx.nd.array(X4), mx.nd.ones((2, 1, 2, 2)), kernel=(2, 2), num_filter=1, no_bias=True, target_shape=None),
    "flip(axis=None)": lambda mx: mx.nd.flip(mx.nd.array(X), axis=None),
    "transpose(axes=None)": lambda mx: mx.nd.transpose(mx.nd.array(X), axes=None),
    "broadcast_to(shape=None)": lambda mx: mx.nd.broadcast_to(mx.nd.ones((1, 3)), shape=None),
    "zeros(shape=None)": lambda mx: mx.nd.zeros(shape=None),
}


@pytest.mark.parametrize("name", sorted(NONE_SHAPES))
def test_none_shape_parameter(name):
    check(NONE_SHAPES[name])


def _set(dtype, key, value):
    def fn(mx):
        x = mx.nd.array(X, dtype=dtype)
        x[key(mx) if callable(key) else key] = value
        return x
    return fn


@pytest.mark.parametrize("dtype", ["float32", "float16", "float64", "int32", "uint8", "int64", "bool"])
@pytest.mark.parametrize("key", [0, slice(None), (0, 1), lambda mx: mx.nd.array([1], dtype="int32")],
                         ids=["int", "all", "element", "index-array"])
def test_setitem_none_value(dtype, key):
    check(_set(dtype, key, None))


@pytest.mark.parametrize("value", [[1, 2, 3], (7,), [[1.5], [2.5]], "4", ["a", "b", "c"], [[1, 2], [3]],
                                   {"a": 1}, onp.array([9, 8, 7], "int64")],
                         ids=["list", "tuple", "column", "string", "strings", "ragged", "dict", "numpy"])
def test_setitem_array_like_values(value):
    check(_set("float32", slice(None), value))
    check(_set("int32", 1, value))


def test_setitem_list_of_bools_key_is_an_index_list():
    check(_set("float32", [True, False], 9))
    check(_set("float32", (slice(None), [True, False, True]), 9))
    check(lambda mx: mx.nd.array(X)[[True, False, True]])


def test_setitem_index_array_out_of_range_is_an_error():
    # MXNet's _scatter_set_nd writes such entries out of bounds (memory corruption, often a crash): an error here
    import torch2gluon as t2g
    for key in (t2g.nd.array([0, 5], dtype="int32"), [0, 5], (slice(None), t2g.nd.array([0, 7], dtype="int32"))):
        x = t2g.nd.array(X)
        with pytest.raises(IndexError):
            x[key] = 9


@pytest.mark.parametrize("dtype", ["int32", "int64", "int8", "uint8"])
@pytest.mark.parametrize("scalar", [1.0, 2.0, 0.5, 3.0, 0.3, -1.5, 1])
def test_smooth_l1_integer_kernel(dtype, scalar):
    data = onp.array([[1, -2, 3, 0, 7, -9, 100, -50]])
    check(lambda mx: mx.nd.smooth_l1(mx.nd.array(data, dtype=dtype), scalar=scalar))


def test_smooth_l1_float_unchanged():
    data = onp.array([[0.1, -2.0, 3.5, 0.0, -0.7]], "float32")
    for dtype in ("float32", "float64", "float16"):
        check(lambda mx: mx.nd.smooth_l1(mx.nd.array(data, dtype=dtype), scalar=1.5), atol=1e-3, rtol=1e-3)
