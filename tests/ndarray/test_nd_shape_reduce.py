"""reshape codes (incl. reverse) and reductions (axis/keepdims/exclude, (1,) shapes, int dtypes, arg*)."""
import pytest

from tests.oracle import check_code

RESHAPE = [
    "(0, -1)", "(4, 0, 2)", "(-2,)", "(2, -2)", "(0, -2)", "(-3, 4)", "(0, -3)", "(-4, 1, 2, -2)",
    "(-4, -1, 1, 3, 4)", "(0, -4, 3, -1, 0)", "(-1,)", "(6, 4)", "(-1, -1)", "(5, -1)", "(2, 3, 4, 1)", "(24,)",
    "(3, 0)", "(-4, 2, 2, -2)", "(-3, -2)",
]


@pytest.mark.parametrize("shape", RESHAPE)
def test_reshape_codes(shape):
    check_code(f"x = mx.nd.arange(24).reshape((2, 3, 4)); out = x.reshape({shape})")
    if shape in ("(5, -1)", "(3, 0)"):
        return  # the op form does not check sizes in MXNet: it returns reads past the buffer (undefined)
    check_code(f"out = mx.nd.reshape(mx.nd.arange(24).reshape((2, 3, 4)), shape={shape})")


@pytest.mark.parametrize("shape", ["(-1, 0)", "(0, -1)", "(-1,)", "(0, 0, -1)", "(-3, 0)", "(20, -1)"])
def test_reshape_reverse(shape):
    check_code(f"out = mx.nd.arange(200).reshape((10, 5, 4)).reshape({shape}, reverse=True)")
    check_code(f"out = mx.nd.arange(200).reshape((10, 5, 4)).reshape(shape={shape}, reverse=True)")


SHAPE_MISC = [
    "mx.nd.arange(24).reshape(6, 4)", "mx.nd.arange(24).reshape(shape=(6, 4))",
    "mx.nd.arange(6).reshape((2, 3)).T", "mx.nd.arange(6).flatten()", "mx.nd.arange(24).reshape((2, 3, 4)).flatten()",
    "mx.nd.arange(6).reshape((2, 3)).transpose()", "mx.nd.concat(mx.nd.ones((2, 2)), mx.nd.zeros((2, 1)))",
    "mx.nd.stack(mx.nd.ones(2), mx.nd.zeros(2))", "mx.nd.split(mx.nd.arange(4), num_outputs=1, axis=0)",
    "mx.nd.split(mx.nd.arange(6).reshape((2, 3)), num_outputs=3)", "mx.nd.repeat(mx.nd.arange(4).reshape((2, 2)), 2)",
    "mx.nd.take(mx.nd.arange(5), mx.nd.array([-1, 7, 2]))", "mx.nd.take(mx.nd.arange(5), mx.nd.array([-1, 7]), mode='wrap')",
    "mx.nd.expand_dims(mx.nd.ones((2, 3)), axis=1)", "mx.nd.squeeze(mx.nd.ones((1, 3, 1)))",
]


@pytest.mark.parametrize("code", SHAPE_MISC)
def test_shape_ops(code):
    check_code(code)


X = "mx.nd.array([[[1, 5, 2, 8], [3, 3, 9, 0], [7, 1, 4, 6]], [[2, 2, 2, 2], [0, 9, 1, 5], [6, 4, 8, 3]]])"


@pytest.mark.parametrize("op", ["sum", "mean", "max", "min", "prod", "argmax", "argmin"])
@pytest.mark.parametrize("args", ["", "axis=1", "axis=-1", "axis=0, keepdims=True", "keepdims=True",
                                  "axis=(0, 2)", "axis=1, exclude=True", "axis=(0, 1), exclude=True",
                                  "axis=()", "axis=3"])
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_reductions(op, args, dtype):
    if op.startswith("arg") and ("exclude" in args or "(" in args):
        args = args.replace("exclude=True", "keepdims=True").replace("(0, 2)", "2").replace("(0, 1)", "0") \
            .replace("()", "1")
    check_code(f"x = {X}.astype('{dtype}'); out = (x.{op}({args}), mx.nd.{op}(x, {args}))")


INT_REDUCE = [
    "mx.nd.array([200, 200], dtype='uint8').sum()", "mx.nd.array([1, 2], dtype='int32').mean()",
    "mx.nd.array([[1, 2], [4, 4]], dtype='int32').mean(axis=1)", "mx.nd.array([-3, 2], dtype='int32').mean()",
    "mx.nd.array([[1, 2], [3, 4]]).norm()", "mx.nd.array([[1, 2], [3, 4]]).sum(axis=(0, 1), exclude=True)",
    "mx.nd.norm(mx.nd.array([[1, 2], [3, 4]]), axis=())", "mx.nd.norm(mx.nd.array([[1, 2], [3, 4]]), ord=1, axis=1)",
    "mx.nd.array([[1, 9], [3, 4]]).argmax()", "mx.nd.topk(mx.nd.array([[1, 9, 3], [3, 4, 0]]))",
    "mx.nd.array([[1, 9, 3], [3, 4, 0]]).argmax(axis=0)",
    "mx.nd.array([[1, 9, 3], [3, 4, 0]], dtype='int32').argmin(axis=1)",
]


@pytest.mark.parametrize("code", INT_REDUCE)
def test_reduction_dtypes(code):
    check_code(code)


X2 = "mx.nd.array([[3, 1, 2, 7], [0, 5, 4, 5]], dtype='{}')"
SORTS = ["mx.nd.topk(x)", "mx.nd.topk(x, k=2, ret_typ='both')", "mx.nd.topk(x, k=2, ret_typ='value', is_ascend=True)",
         "mx.nd.topk(x, k=2, ret_typ='mask')", "mx.nd.topk(x, axis=None, k=3)", "mx.nd.topk(x, axis=0, k=0)",
         "mx.nd.topk(x, k=3, dtype='int32')", "x.topk(k=2)", "mx.nd.sort(x)", "mx.nd.sort(x, is_ascend=False)",
         "mx.nd.sort(x, axis=None)", "mx.nd.argsort(x)", "x.argsort(axis=0)", "mx.nd.argsort(x, dtype='int32')",
         "mx.nd.topk(x, k=9)", "mx.nd.topk(x, ret_typ='foo')"]


@pytest.mark.parametrize("code", SORTS)
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_sort_topk(code, dtype):
    check_code(f"x = {X2.format(dtype)}; out = {code}")


INT_NORMS = [
    "mx.nd.norm(mx.nd.array([3, 4], dtype='int32'))", "mx.nd.norm(mx.nd.array([3, 3], dtype='int32'))",
    "mx.nd.norm(mx.nd.array([-5, 3, 0, 7], dtype='int64'))", "mx.nd.norm(mx.nd.array([0, 0], dtype='int32'))",
    "mx.nd.norm(mx.nd.array(np.random.RandomState(0).randint(-20, 20, (4, 6)), dtype='int64'), axis=1)",
    "mx.nd.norm(mx.nd.array(np.random.RandomState(1).randint(-20, 20, (4, 6)), dtype='int32'), axis=0, keepdims=True)",
    "mx.nd.norm(mx.nd.array(np.random.RandomState(2).randint(-9, 9, (3, 4, 5)), dtype='int32'), axis=(0, 2))",
    "mx.nd.norm(mx.nd.array(np.random.RandomState(3).randint(0, 20, (4, 6)), dtype='uint8'), axis=-1)",
    "mx.nd.norm(mx.nd.array(np.random.RandomState(4).randint(-50, 50, (600,)), dtype='int32'))",
]


@pytest.mark.parametrize("code", INT_NORMS)
def test_integer_l2_norm_truncates_like_mxnet(code):
    """MXNet's integer L2 norm runs its scaled reducer in integer arithmetic: norm([3, 4]) is 4."""
    check_code(code)
