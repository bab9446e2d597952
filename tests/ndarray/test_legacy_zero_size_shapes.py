"""0-d and zero-size arrays under MXNet's legacy shape mode, against the oracle.

Without numpy shape semantics an operator reads an input of shape () or with a 0 dimension as an unknown shape:
most operators fail shape inference (MXNetError), a few infer a known output and run (sum-like reductions,
shape_array, size_array, all_finite, dot of two empty vectors, linalg gemm2/syrk), and creating, reshaping,
slicing or reading such arrays works (no operator runs). Under `mx.util.np_shape(True)` every operator takes them.
"""
import pytest

from tests.oracle import check_code

Z = "mx.nd.array(0.5)"          # 0-d
E = ["mx.nd.array([])", "mx.nd.empty((2, 0))", "mx.nd.empty((0, 3))"]   # zero-size
N = "mx.nd.ones((2, 3))"

# operators MXNet refuses for a 0-d or zero-size input (MXNetError)
REFUSED_UNARY = [
    "X + 1", "1 + X", "X - 1", "2 - X", "X * 2", "X / 2", "2 / X", "X % 2", "X ** 2", "2 ** X", "-X", "abs(X)",
    "X == 1", "X > 1", "X <= 1", "X + X", "X * X", "X == X",
    "X.copy()", "X.astype('int32')", "X.copyto(mx.cpu())", "X.tostype('default')", "X.attach_grad()",
    "X.max()", "X.min()", "X.norm()", "X.argmax()", "X.exp()", "X.relu()", "X.sigmoid()", "X.clip(0, 1)",
    "X.sqrt()", "X.sign()", "X.flatten()", "X.expand_dims(0)", "X.transpose()", "X.zeros_like()",
    "X.ones_like()", "X.softmax()", "X.sort()", "X.tile((2,))", "X.repeat(2)", "X.flip(0)",
    "mx.nd.relu(X)", "mx.nd.relu(data=X)", "mx.nd.sigmoid(X)", "mx.nd.exp(X)", "mx.nd.square(X)",
    "mx.nd.Activation(X, act_type='tanh')", "mx.nd.LeakyReLU(X, act_type='elu')", "mx.nd.softmax(X, axis=0)",
    "mx.nd.max(X)", "mx.nd.argmax(X, axis=0)", "mx.nd.norm(X)", "mx.nd.cumsum(X)",
    "mx.nd.Cast(X, dtype='int32')", "mx.nd.cast(X, dtype='float64')", "mx.nd.reshape(X, shape=(-1,))",
    "mx.nd.Flatten(X)", "mx.nd.transpose(X)", "mx.nd.expand_dims(X, axis=0)", "mx.nd.zeros_like(X)",
    "mx.nd.ones_like(X)", "mx.nd.broadcast_to(X, shape=(2, 3))", "mx.nd.clip(X, 0, 1)", "mx.nd.BlockGrad(X)",
    "mx.nd.one_hot(X, depth=3)", "mx.nd.concat(X, X, dim=0)", "mx.nd.stack(X, X)", "mx.nd.add_n(X, X)",
    "mx.nd.broadcast_add(X, X)", "mx.nd.broadcast_mul(X, " + N + ")", "mx.nd.broadcast_add(" + N + ", X)",
    "mx.nd.elemwise_add(X, X)", "mx.nd.maximum(X, X)", "mx.nd.add(X, 1)", "mx.nd.where(X, X, X)",
    "mx.nd.dot(X, mx.nd.ones((3, 2)))", "mx.nd.batch_dot(X, X)", "mx.nd.take(mx.nd.ones((3, 2)), X)",
    "mx.nd.Embedding(mx.nd.array([0, 1]), X, input_dim=3, output_dim=2)",
    "mx.nd.FullyConnected(X, mx.nd.ones((4, 3)), mx.nd.ones(4), num_hidden=4)",
    "mx.nd.FullyConnected(X, mx.nd.ones((4, 3)), no_bias=True, num_hidden=4)",
    "mx.nd.Convolution(X, mx.nd.ones((2, 1, 3, 3)), mx.nd.ones(2), kernel=(3, 3), num_filter=2)",
    "mx.nd.Pooling(X, kernel=(2, 2), pool_type='max')", "mx.nd.LayerNorm(X, mx.nd.ones(3), mx.nd.ones(3))",
    "mx.nd.Dropout(X, p=0.5)", "mx.nd.linalg.potrf(X)", "mx.nd.squeeze(X)",
    "mx.nd.slice(X, begin=(0,), end=(1,))", "mx.nd.slice_axis(X, axis=0, begin=0, end=None)",
    "mx.nd.split(X, num_outputs=1)", "X.split_v2(1)", "X.tostype('csr')", "X.tostype('row_sparse')",
]


def _cases(codes, inputs):
    return [c.replace("X", x) for c in codes for x in inputs]


@pytest.mark.parametrize("code", _cases(REFUSED_UNARY, [Z] + E))
def test_operators_refuse_unknown_shapes(code):
    check_code(code)  # both raise MXNetError


# one known input does not help: the operator still sees an unknown one
@pytest.mark.parametrize("code", [
    Z + " + " + N, N + " + " + Z, N + " * mx.nd.array([])", "mx.nd.array([]) - " + N,
    "x = mx.nd.ones((2, 3)); x += " + Z + "; out = x", "x = " + Z + "; x += 1; out = x",
    "x = mx.nd.empty((0, 3)); x *= x; out = x",
    "mx.nd.dot(mx.nd.empty((2, 0)), mx.nd.empty((0, 3)))", "mx.nd.concat(mx.nd.empty((0, 3)), " + N + ", dim=0)",
    "mx.nd.FullyConnected(" + N + ", mx.nd.empty((4, 0)), mx.nd.ones(4), num_hidden=4)",
    "mx.nd.sum(" + Z + ")", Z + ".sum()", Z + ".mean()", "mx.nd.sum(" + Z + ", axis=0)",
    "mx.nd.shape_array(" + Z + ")", "mx.nd.dot(" + Z + ", " + Z + ")",
    "mx.nd.empty((2, 0)).sum(axis=1)", "mx.nd.empty((2, 0)).mean(axis=1)", "mx.nd.sum(mx.nd.empty((2, 0)), axis=0)",
    "mx.nd.empty((3, 0, 2)).sum(axis=(1, 2))", "mx.nd.linalg.syrk(mx.nd.empty((2, 0)), transpose=True)",
    "mx.nd.broadcast_like(mx.nd.empty((2, 0)), " + N + ")", "mx.nd.broadcast_like(" + N + ", " + Z + ")",
    "mx.nd.random.uniform(mx.nd.array([]), mx.nd.array([]))", "mx.nd.random.normal(" + Z + ", " + Z + ")",
    "mx.nd.sample_uniform(mx.nd.empty((0, 3)), mx.nd.empty((0, 3)))",
    # writing into a 0-d array runs _full / _copyto, which cannot infer its shape
    "x = " + Z + "; x[()] = 1; out = x", "x = " + Z + "; x[:] = 2.5; out = x",
    "x = " + Z + "; x[()] = mx.nd.array(3.0); out = x", "x = " + Z + "; x[...] = 1; out = x",
])
def test_mixed_and_partial_inputs_refused(code):
    check_code(code)


# operators whose shape inference gets a known output from a partly unknown input: MXNet runs them
@pytest.mark.parametrize("code", _cases([
    "mx.nd.sum(X)", "X.sum()", "X.mean()", "X.prod()", "X.nansum()", "X.nanprod()", "mx.nd.sum_axis(X)",
    "mx.nd.sum(X, axis=())", "mx.nd.size_array(X)", "mx.nd.shape_array(X)", "mx.nd.all_finite(X)",
    "mx.nd.multi_all_finite(X)", "mx.nd.histogram(X)",
], E) + _cases(["mx.nd.size_array(X)", "mx.nd.all_finite(X)", "mx.nd.histogram(X)"], [Z]) + [
    "mx.nd.sum(mx.nd.array([]), axis=0)", "mx.nd.sum(mx.nd.empty((0, 3)), axis=0)",
    "mx.nd.mean(mx.nd.empty((0, 3)), axis=0)", "mx.nd.empty((0, 3)).sum(axis=0, keepdims=True)",
    "mx.nd.empty((0, 3)).sum(axis=1, exclude=True)", "mx.nd.empty((2, 0, 3)).sum(axis=1)",
    "mx.nd.empty((2, 0, 3)).sum(axis=(0, 1))", "mx.nd.empty((2, 0)).sum(axis=(0, 1))",
    "mx.nd.moments(mx.nd.empty((0, 3)), axes=(0,))", "mx.nd.sum(mx.nd.empty((0, 3)), axis=0, out=mx.nd.ones(3))",
    "mx.nd.dot(mx.nd.array([]), mx.nd.array([]))", "mx.nd.linalg.gemm2(mx.nd.empty((2, 0)), mx.nd.empty((0, 3)))",
    "mx.nd.linalg.syrk(mx.nd.empty((2, 0))).shape",  # (values: MXNet's BLAS call gets lda=0, undefined)
    "mx.nd.broadcast_like(" + N + ", mx.nd.empty((2, 0)))", "mx.nd.broadcast_like(mx.nd.ones((2, 1)), mx.nd.empty((2, 0)))",
    "mx.nd.broadcast_like(mx.nd.ones((1,)), mx.nd.array([]))",
])
def test_operators_with_a_known_output_run(code):
    check_code(code)


# creation, reading, reshaping and slicing call no operator: they work
@pytest.mark.parametrize("code", [
    Z, "mx.nd.array([])", "mx.nd.array([[]])", "mx.nd.empty((0, 3))", "mx.nd.full((0, 3), 2)",
    "mx.nd.array(np.zeros((0, 3)))", "mx.nd.array(np.float32(3))", "mx.nd.linspace(0, 1, 0)", "mx.nd.eye(0)",
    "mx.nd.array(mx.nd.empty((0, 3)))", "mx.nd.array(mx.nd.empty((0, 3)), dtype='int32')", Z + "[()]",
    "mx.nd.array([])[()]", "mx.nd.empty((0, 3))[()]",
    "mx.nd.ones((2, 3))[1:1]", "mx.nd.ones((2, 3))[:, 1:1]", "mx.nd.ones((2, 3))[5:]",
] + _cases([
    "X.asnumpy()", "X.shape", "X.size", "X.ndim", "X.T", "X.reshape((-1,))", "X.reshape(-1)", "X[...]",
    "X.detach()", "X.as_in_context(mx.cpu())", "X.astype('float32', copy=False)", "X.as_nd_ndarray()",
    "bool(X)", "X.wait_to_read()", "repr(X)",
], [Z] + E) + [
    Z + ".asscalar()", Z + ".reshape((1,))", Z + ".broadcast_to((2, 3))", Z + ".broadcast_like(" + N + ")",
    "mx.nd.array([]).reshape((0, 1))", "mx.nd.empty((0, 3)).reshape((0,))", "mx.nd.empty((2, 0)).reshape((3, 0))",
    "mx.nd.array([])[0:0]", "mx.nd.empty((0, 3))[1:1]", "mx.nd.empty((2, 0))[:]", "len(mx.nd.empty((2, 0)))",
    "list(mx.nd.empty((0, 3)))", "x = mx.nd.empty((0, 3)); x[:] = 1; out = x",
    "x = mx.nd.empty((2, 0)); x[0:0] = 2; out = x", "x = mx.nd.ones((2, 3)); x[0:0] = mx.nd.empty((0, 3)); out = x",
    "x = mx.nd.ones((2, 3)); out = x.T", "x = mx.nd.ones(2); out = x.T is x", Z + "[:]",
    "x = " + Z + "; out = x[:] is x", "x = mx.nd.ones((2, 3)); x[:] = " + Z + "; out = x",
    "x = mx.nd.ones((2, 3)); x[0] = " + Z + "; out = x",
])
def test_no_operator_no_check(code):
    check_code(code)


# numpy shape semantics: the legacy operators take 0-d and zero-size arrays as data
@pytest.mark.parametrize("code", [
    "with mx.util.np_shape(True):\n    out = mx.nd.array(5) + 1",
    "with mx.util.np_shape(True):\n    out = mx.nd.relu(mx.nd.array(-5))",
    "with mx.util.np_shape(True):\n    out = mx.nd.zeros((0, 3)) + 1",
    "with mx.util.np_shape(True):\n    out = mx.nd.dot(mx.nd.zeros((0, 3)), mx.nd.ones((3, 2)))",
    "with mx.util.np_shape(True):\n    out = mx.nd.concat(mx.nd.zeros((0, 3)), mx.nd.ones((2, 3)), dim=0)",
    "x = mx.nd.array(5)\nwith mx.util.np_shape(True):\n    out = -x",
    "x = mx.nd.array(5)\nwith mx.util.np_shape(True):\n    out = x.astype('int32')",
    "x = mx.nd.array(5)\nwith mx.util.np_shape(True):\n    x.attach_grad()\n"
    "    with mx.autograd.record():\n        y = x * 3\n    y.backward()\nout = x.grad",
    "mx.npx.set_np()\ntry:\n    out = (mx.np.array(5) + 1, mx.np.zeros((0, 3)).sum(axis=0), "
    "mx.npx.relu(mx.np.array(-2)))\nfinally:\n    mx.npx.reset_np()",
])
def test_numpy_shape_semantics_take_them(code):
    check_code(code)
