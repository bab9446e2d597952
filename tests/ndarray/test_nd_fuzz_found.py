"""Bad and edge input found by differential fuzzing against MXNet 1.9.1: same result or same kind of error."""
import numpy as np
import pytest

from tests.oracle import check, check_grad, drain_mxnet_errors  # noqa: F401  (fixture)


pytestmark = pytest.mark.usefixtures("drain_mxnet_errors")


def _a(mx):
    def A(shape, dtype="float32"):  # noqa: N802
        n = int(np.prod(shape)) if len(shape) else 1
        v = ((np.arange(n) * 7) % 11 - 5) / 2.0
        if dtype in ("uint8", "bool"):
            v = np.abs(v) * 2 % 3
        elif "int" in dtype:
            v = np.floor(v * 2)
        return mx.nd.array(v.reshape(shape), dtype=dtype)
    return A


def run(code):
    """check() `code` (an expression over mx, np, A and I) on both modules, forcing asynchronous errors."""
    def snippet(mx):
        env = {"mx": mx, "np": np, "A": _a(mx), "I": lambda v, d="float32": mx.nd.array(v, dtype=d)}
        r = eval(code, env)  # noqa: S307 - test table only
        for x in (r if isinstance(r, (list, tuple)) else [r]):
            if hasattr(x, "asnumpy"):
                x.asnumpy()
        return r
    return check(snippet)


PYTHON_BINARY = [  # MXNet's python functions (_ufunc_helper): scalar pairs, non-NDArray operands, keywords
    "mx.nd.equal(2, True)", "mx.nd.not_equal(True, True)", "mx.nd.greater(True, np.int32(3))",
    "mx.nd.lesser_equal(2.5, 2)", "mx.nd.logical_and(2, 0.0)", "mx.nd.logical_xor(2, 0)", "mx.nd.maximum(2, 3.5)",
    "mx.nd.minimum(np.float32(2), 3)", "mx.nd.add(1, 2)", "mx.nd.power(2, 3)",
    "mx.nd.minimum(None, A((1,)))", "mx.nd.divide(None, 'x')", "mx.nd.lesser(True, 'x')",
    "mx.nd.greater([1, 2, 3], 2)", "mx.nd.equal([1, 2, 3], 0.5)", "mx.nd.not_equal([1, 2, 3], None)",
    "mx.nd.equal(2.5, None)", "mx.nd.add(np.ones(3), A((3,)))", "mx.nd.logical_or(None, A((3,)))",
    "mx.nd.modulo(None, None)", "mx.nd.power([1, 2, 3], 'x')", "mx.nd.subtract(2, A((3,)))",
    "mx.nd.multiply(A((2, 3)), A((2, 3)), out=None)", "mx.nd.add(A((2, 3)), A((3,)), foo=1)",
    "mx.nd.equal(A((3,)), A((3,)), name='x')", "mx.nd.add()", "mx.nd.logical_and(A((2, 3)))",
]


@pytest.mark.parametrize("code", PYTHON_BINARY)
def test_python_binary_functions(code):
    run(code)


OPERATORS = [  # operator argument checks and results
    # reverse/flip and transpose read axes as indices: no negative axes; an axis given twice flips back
    "mx.nd.flip(A((2, 3, 4)), axis=-1)", "mx.nd.reverse(A((2, 3)), axis=(-2,))", "mx.nd.flip(A((2, 3)), axis='-1')",
    "mx.nd.reverse(A((2, 3)), axis=(0, 0))", "mx.nd.reverse(A((2, 3)), axis=(0, 1, 0))", "mx.nd.flip(A((2, 3)), axis=())",
    "mx.nd.transpose(A((4, 1)), axes=(-1, 0))", "mx.nd.transpose(A((2, 3, 4)), axes=(2, 0, 1))",
    # broadcast_to (the operator) needs as many axes as the target; the method prepends them
    "mx.nd.broadcast_to(A((3,)), shape=(2, 3))", "mx.nd.broadcast_to(A((1, 3)), shape=(2, 0))",
    "A((3,)).broadcast_to((2, 3))", "mx.nd.broadcast_to(A((3,), 'uint8'), shape=(-1,))", "mx.nd.broadcast_like(A((3,)), A((2, 3)))", "A((3,)).broadcast_like(A((2, 3)))",
    # argmax_channel reduces axis 1
    "mx.nd.argmax_channel(A((2, 3, 4)))", "mx.nd.argmax_channel(A((2, 2, 2), 'int32'))",
    "mx.nd.argmax_channel(A((2, 3)))", "mx.nd.argmax_channel(A((3,)))",
    # reductions: no axis reduces everything even with exclude; integer nansum keeps the dtype
    "mx.nd.sum(A((2, 3)), exclude=True)", "mx.nd.mean(A((2, 3)), exclude=True, keepdims=True)",
    "mx.nd.max(A((2, 3)), axis=None, exclude='True')", "mx.nd.sum(A((2, 3)), axis=(0, 1), exclude=True)",
    "A((2, 3)).prod(exclude=True)", "mx.nd.nansum(A((2, 3, 4), 'int8'), axis=-2)", "mx.nd.nansum(A((2, 3), 'uint8'))",
    # split_v2: MXNet's front-end reads ary.shape[axis]; a leading 0 index is an empty first section
    "mx.nd.split_v2(A((1, 3), 'int64'), (0,), axis=0)", "mx.nd.split_v2(A((1, 3)), 2, axis=5)",
    "mx.nd.split_v2(A((1, 3)), (1,), axis=-5)", "mx.nd.split_v2(A((1, 3)), (1,), axis='1')",
    "mx.nd.split_v2(A((3, 3)), (2, 1), axis=1)", "mx.nd.split_v2(A((1, 3)), (5,), axis=0)",
    "mx.nd.split_v2(A((1, 3)), (3,), axis=1)", "mx.nd.split_v2(A((4, 3)), (1, 3), axis=0)",
    "mx.nd.split_v2(A((4, 3)), (1, -1), axis=0)",
    # slice_axis: a negative begin is counted from the end once
    "mx.nd.slice_axis(A((4, 1)), axis=0, begin=-5, end=None)", "mx.nd.slice_axis(A((4, 1)), axis=0, begin=-4, end=None)",
    # SequenceMask's value is cast into the data's dtype as C does
    "mx.nd.SequenceMask(A((3, 2), 'uint8'), I([1, 2], 'int8'), use_sequence_length=True, axis=0, value=-1)",
    "mx.nd.SequenceMask(A((3, 2), 'int8'), I([1, 2], 'int8'), use_sequence_length=True, axis=0, value=300.5)",
    # Pooling runs on floating-point data only; a dtype torch has no kernel for is MXNetError, not torch's error
    "mx.nd.Pooling(A((1, 2, 4, 4), 'int32'), kernel=(2, 2), pool_type='max')",
    "mx.nd.Pooling(A((1, 2, 4, 4), 'uint8'), kernel=(2, 2), pool_type='sum')",
    "mx.nd.Pooling(A((1, 2, 4, 4), 'int8'), kernel=(2, 2), global_pool=True)",
    "mx.nd.Pooling(A((1, 2, 4, 4), 'float64'), kernel=(2, 2), pool_type='avg')",
    # global pooling ignores kernel, stride and pad but MXNet still checks their lengths
    "mx.nd.Pooling(A((2, 5, 5)), kernel=(2, 2), global_pool=True)",
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(3,), global_pool=True)",
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(2, 2), global_pool=True, pad=(1,))",
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(2, 2), global_pool=True, stride=(1,))",
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(2, 2), global_pool=True, stride=(1, 1, 1))",
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(9, 9), global_pool=True)", "mx.nd.Pooling(A((1, 2, 5, 5)), global_pool=True)",
    # lp pooling: p_value is required and 1, 2 or 3; powers and roots keep the sign (no abs)
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(2, 2), pool_type='lp', p_value=4)",
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(2, 2), pool_type='lp', p_value=0)",
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(2, 2), pool_type='lp')",
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(2, 2), pool_type='lp', p_value=1)",
    "mx.nd.Pooling(A((1, 2, 5, 5), 'float16'), kernel=(2, 2), pool_type='lp', p_value=3)",
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(), pool_type='lp', global_pool=1, p_value=3)",
    "mx.nd.Pooling(A((1, 2, 5, 5)), kernel=(3, 3), pool_type='lp', p_value=2, pad=(1, 1), stride=(2, 2))",
    "mx.nd.Pooling(A((1, 2, 5)), kernel=(3,), pool_type='lp', p_value=3, pad=(1,), pooling_convention='full')",
    # slice_like counts a negative axis from the end of the data for both inputs
    "mx.nd.slice_like(A((2, 3, 4)), A((4, 1)), axes=(-1,))", "mx.nd.slice_like(A((2, 3, 4)), A((2, 2, 3, 2)), axes=(-1,))",
    "mx.nd.slice_like(A((2, 3, 4)), A((1, 2)), axes=(-2,))", "mx.nd.slice_like(A((2, 3, 4)), A((1, 2, 3)), axes=(0, -1))",
    # repeat: zero repeats give shape (0,) whatever the axis
    "mx.nd.repeat(A((2, 3), 'int32'), repeats=0, axis=1)", "mx.nd.repeat(A((2, 3)), repeats=0, axis=-1)",
    "mx.nd.repeat(A((2, 3)), repeats=0)", "mx.nd.repeat(A((2, 3)), repeats=0, axis=5)",
    # pick: the index has the data's shape without the axis, or with it as 1 at the data's rank
    "mx.nd.pick(A((2, 3, 4)), I([[[0, 1, 2, 0]], [[1, 1, 1, 1]]], 'int32'), axis=1)",
    "mx.nd.pick(A((2, 3, 4)), I([0] * 8, 'int32'), axis=1)", "mx.nd.pick(A((2, 3)), I([[0, 1]], 'int32'), axis=1)",
    "mx.nd.pick(A((2, 3)), I([[0], [1]], 'int32'), axis=1, keepdims=True)",
    "mx.nd.pick(A((2, 3)), I([[[0]], [[1]]], 'int32'), axis=1)", "mx.nd.pick(A((2, 1, 4)), I([0, 1], 'int32'), axis=-1)",
    "mx.nd.pick(A((3,)), I([1], 'int32'), axis=0)", "mx.nd.pick(A((2, 3)), I([1, 0], 'int32'))",
    # linalg operators broadcast no batch axes
    "mx.nd.linalg.trmm(A((2, 3, 3)), A((3, 3)))", "mx.nd.linalg.gemm(A((2, 3, 3)), A((3, 3)), A((2, 3, 3)))",
    "mx.nd.linalg.trsm(A((3, 3)) + 4 * mx.nd.array(np.eye(3)), A((2, 3, 3)))",
    "mx.nd.linalg.gemm(A((2, 3, 3)), A((2, 3, 3)), A((2, 3, 3)))", "mx.nd.linalg.trmm(A((2, 3, 3)), A((2, 3, 2)))",
    # dot cannot transpose two vectors; batch_take takes int32 indices; split_v2's squeeze_axis=None is a bad boolean
    "mx.nd.dot(A((3,)), A((3,)), transpose_a=True)", "mx.nd.dot(A((3,)), A((3, 4)), transpose_a=True)",
    "mx.nd.batch_take(A((2, 3)), I([2, 1], 'uint8'))", "mx.nd.batch_take(A((2, 3)), I([2, 1], 'int64'))",
    "mx.nd.batch_take(A((2, 3)), I([2, 1], 'int32'))", "mx.nd.split_v2(A((3, 3)), (1,), axis=0, squeeze_axis=None)",
    # fill_element_0index: float32 only, a 2-D matrix with 1-D values and indices; an out-of-range index skips the row
    "mx.nd.fill_element_0index(A((2, 3)), A((2,)), I([5, 0]))", "mx.nd.fill_element_0index(A((2, 3)), A((2,)), I([-1, 0]))",
    "mx.nd.fill_element_0index(A((2, 3)), A((2,)), I([1.7, 0]))",
    "mx.nd.fill_element_0index(A((2, 3), 'int32'), A((2,), 'int32'), I([1, 0], 'int32'))",
    "mx.nd.fill_element_0index(A((2, 3)), A((2,), 'float64'), I([1, 0]))",
    "mx.nd.fill_element_0index(A((2, 3)), A((2,)), I([0]))", "mx.nd.fill_element_0index(A((2, 3)), A((2, 1)), I([0, 1]))",
    # LeakyReLU runs on floating-point data (prelu's gamma in its dtype); InstanceNorm on float32 only
    "mx.nd.LeakyReLU(A((2, 3), 'int32'), act_type='elu')",
    "mx.nd.LeakyReLU(A((2, 3), 'int32'), act_type='prelu', gamma=A((1,), 'int32'))",
    "mx.nd.LeakyReLU(A((2, 1, 4)), gamma=A((2,), 'int32'), act_type='prelu')",
    "mx.nd.LeakyReLU(A((2, 1, 4), 'float16'), gamma=A((1,), 'float16'), act_type='prelu')",
    "mx.nd.LeakyReLU(A((2, 1, 4), 'float64'), act_type='selu')",
    "mx.nd.InstanceNorm(A((2, 3, 4), 'float64'), A((3,), 'float64'), A((3,), 'float64'))",
    "mx.nd.InstanceNorm(A((2, 3, 4)), A((3,)), A((3,), 'uint8'))", "mx.nd.InstanceNorm(A((2, 3, 4)), A((3,)), A((3,)))",
    "mx.nd.LayerNorm(A((2, 3)), A((3,), 'float64'), A((3,)))", "mx.nd.LayerNorm(A((2, 3), 'float16'), A((3,)), A((3,)))",
    "mx.nd.LayerNorm(A((2, 3), 'float64'), A((3,), 'float64'), A((3,), 'float16'))",
    "mx.nd.LayerNorm(A((2, 3), 'int32'), A((3,), 'int32'), A((3,), 'int32'))",
    "mx.nd.LeakyReLU(A((2, 3), 'int64'), act_type='leaky')", "mx.nd.LeakyReLU(A((2, 3), 'int32'), act_type='gelu')",
]


@pytest.mark.parametrize("code", OPERATORS)
def test_operator_arguments(code):
    run(code)


INDEXING = [  # a python bool key is the integer 0/1 when reading and the whole array when writing; np.bool_ fails
    "A((2, 3))[True]", "A((3,))[False]", "A((2, 3))[np.bool_(False)]",
]


@pytest.mark.parametrize("code", INDEXING)
def test_bool_scalar_keys(code):
    run(code)


@pytest.mark.parametrize("key", ["True", "False", "np.bool_(True)"])
def test_bool_scalar_key_assignment(key):
    def snippet(mx):
        x = _a(mx)((2, 3))
        x[eval(key)] = 7  # noqa: S307 - fixed table
        return x
    check(snippet)


METHODS = [  # positional arguments past an operator's parameters are MXNet's out= then name=
    "A((3,)).zeros_like(1, 0)", "A((2, 1, 4)).round('float16')", "A((3,)).size_array('float16')",
    "A((1,)).transpose(0, 1)", "A((1, 3)).zeros_like(None)", "A((2, 3)).round(None, 'nm')",
    "mx.nd.relu(A((2, 3)), A((2, 3)))", "mx.nd.relu(A((2, 3)), A((2, 3)), 'nm')", "mx.nd.relu(A((2, 3)), A((2, 3)), 'x', 3)",
    "mx.nd.sum(A((2, 3)), 1, False, False, 5)", "A((2, 1, 4)).softmax(1)", "A((2, 3, 4)).softmax('row_sparse')",
    "mx.nd.softmax(A((2, 3)), [1, 2], use_length=True)", "mx.nd.log_softmax(A((2, 3)), 1)",
    "mx.nd.softmax(A((2, 3)), I([1, 2], 'int32'), axis=1, use_length=True)", "mx.nd.softmax(A((2, 3)), I([1, 2], 'int32'))",
    # the reshape method hands C int64s: a string shape is python's TypeError
    "A((3, 3)).reshape('(9,)')", "A((3, 3)).reshape(shape='(9,)')", "A((3, 3)).reshape(9, '1')",
    # tuple keys: two ellipses, more indexed axes than the array has
    "A((3,))[(0, slice(None), None)]", "A((3,))[(Ellipsis, Ellipsis)]", "A((2, 3))[(Ellipsis, Ellipsis)]",
    "A((2, 3))[(Ellipsis, 0, Ellipsis)]", "A((2, 3))[(0, 0, 0)]", "A((2, 3))[(None, 0, None, 1, None)]",
    "A((2, 3, 4))[(0, Ellipsis, 1)]", "A((2, 3))[([0, 1], [0, 1], [0, 1])]",
]


@pytest.mark.parametrize("code", METHODS)
def test_methods_and_keys(code):
    run(code)


DTYPES = [  # MXNet's front-end reads `dtype` with np.dtype before the backend checks anything else
    "mx.nd.topk(A((1, 3)), axis=-1, k=None, dtype='x')", "mx.nd.softmin(A((3, 3)), axis=-3, dtype='x')",
    "mx.nd.argsort(A((1,)), axis=3, dtype='x')", "mx.nd.one_hot(I([-1, 0]), depth=1, on_value='x', dtype='x')",
    "mx.nd.topk(A((3, 3)), axis=-1, k=1, ret_typ='VALUE', dtype='x')", "mx.nd.Cast(A((2, 3)), 'x')",
    "mx.nd.Embedding(I([0]), A((3, 4)), input_dim=3, output_dim=4, dtype='x')",
    # argsort/topk indices take six dtypes only
    "mx.nd.topk(A((3, 3)), axis=-1, k=2, dtype='bool')", "mx.nd.argsort(A((3, 3)), dtype='int8')",
    "mx.nd.argsort(A((3, 3)), dtype=np.int64)", "mx.nd.topk(A((3, 3)), dtype=None)",
    "mx.nd.topk(A((3, 3)), dtype='uint8', ret_typ='both')", "mx.nd.topk(A((3, 3)), dtype='bool', ret_typ='value')",
    "mx.nd.argsort(A((3, 3)), dtype='float16')",
]


@pytest.mark.parametrize("code", DTYPES)
def test_dtype_arguments(code):
    run(code)


@pytest.mark.parametrize("p", [1, 2, 3])
def test_lp_pooling_gradient(p):
    x = ((np.arange(2 * 2 * 4 * 4).reshape(2, 2, 4, 4) * 7) % 11 - 5) / 2.0 + 0.25
    check_grad(lambda mx, a: mx.nd.Pooling(a, kernel=(2, 2), pool_type="lp", p_value=p, stride=(2, 2)), x,
               atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("p", [2, 3])
def test_lp_pooling_gradient_of_a_zero_window(p):
    check_grad(lambda mx, a: mx.nd.Pooling(a, kernel=(2, 2), pool_type="lp", p_value=p), np.zeros((1, 1, 3, 3)))
