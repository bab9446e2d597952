"""Edge cases found by probing the oracle (modulo by zero, bool dtype, 0-d arrays, grad_req typos, ...)."""
import pytest

from tests.oracle import check_code

EDGE = [
    "mx.nd.ones(2) + True", "mx.nd.array([[1, 2]]).asscalar()", "mx.nd.array([1, 2])[np.int64(1)]",
    "x = mx.nd.arange(6).reshape((2, 3)); out = x[1][2]", "mx.nd.arange(6).reshape((2, 3))[1:1]",
    "mx.nd.arange(6).reshape((2, 3))[5:]", "mx.nd.array([])", "mx.nd.arange(3, 3)", "mx.nd.arange(0, 5, 0)",
    "mx.nd.arange(-3)", "mx.nd.full((2,), float('nan'))", "mx.nd.ones(3).astype('bool')",
    "mx.nd.array([1, 0, 2]).astype('bool') + mx.nd.array([1, 0, 2]).astype('bool')",
    "mx.nd.ones((2, 3)).sum(axis=5)", "mx.nd.ones((2, 3)).sum(axis=(0, 0))",
    "mx.nd.ones((2, 3)).mean(axis=1, keepdims='True')", "mx.nd.ones(2).attach_grad('foo')",
    "mx.nd.array([1, 2], dtype='int32') / mx.nd.array([2, 3], dtype='float32')",
    "mx.nd.ones((2, 3), dtype='int64').sum().dtype", "len(mx.nd.array(5))", "mx.nd.array(5).shape",
    "mx.nd.ones((2, 3))[()]", "x = mx.nd.ones((2, 2)); x[:] = mx.nd.array([1, 2]); out = x",
    "x = mx.nd.ones((2, 2)); x[:] = [[1, 2]]; out = x", "x = mx.nd.ones((2, 2)); x[0] = (5, 6); out = x",
    "mx.nd.array([[1, 2], [3, 4]]).reshape(-1)", "mx.nd.ones((2, 3)).reshape((3, -1), reverse=True)",
    "mx.nd.array(np.float64(3.5))", "mx.nd.array((1, 2))", "mx.nd.array(np.ones((2, 2))[:, 0])",
    "x = mx.nd.ones(2); x.attach_grad(); out = x.grad.context", "mx.nd.ones(2) < mx.nd.ones(3)",
    "mx.nd.ones(3, dtype='uint8') - mx.nd.full(3, 2, dtype='uint8')", "mx.nd.ones(3, dtype='int8') * 200",
    "mx.nd.ones(3, dtype='float16') / 3", "mx.nd.array([3.0]) % 0",
    "mx.nd.array([-3.0, 3.0]) % mx.nd.array([2.0, -2.0])", "mx.nd.array([-3.5]).astype('uint8')",
    "mx.nd.array([3, -3], dtype='int32') % 0",
    "mx.nd.array([3, -3], dtype='int32') % mx.nd.array([0, 2], dtype='int32')",
    "5 % mx.nd.array([0, 2.0])", "mx.nd.array([3.0, -3]) % mx.nd.array([0, 2.0])",
    "mx.nd.array(5) + 1",  # legacy shape mode: a 0-d input is an unknown shape (test_legacy_zero_size_shapes.py)
]


@pytest.mark.parametrize("code", EDGE)
def test_edge_cases(code):
    check_code(code)


@pytest.mark.parametrize("code", [
    "(mx.nd.ones(2, ctx=mx.cpu(1)) + 1).context", "mx.nd.ones(2, ctx=mx.cpu(1)).sum().context",
    "(2 * mx.nd.ones(2, ctx=mx.cpu(1))).context", "mx.nd.ones((2, 2), ctx=mx.cpu(1))[1].context",
    "mx.nd.relu(mx.nd.ones(2, ctx=mx.cpu(2))).context", "(-mx.nd.ones(2, ctx=mx.cpu(1))).context",
    "mx.nd.ones(2, ctx=mx.cpu(1)).astype('int32').context", "mx.nd.ones(2, ctx=mx.cpu(1)).copy().context",
    "mx.nd.split(mx.nd.ones((2, 2), ctx=mx.cpu(1)), 2)[1].context",
])
def test_cpu_k_context_follows_the_input(code):
    check_code(f"out = {code}")


@pytest.mark.parametrize("code", [
    "out = mx.nd.crop(mx.nd.arange(24).reshape((2, 3, 4)), begin=(0, 1, 0), end=(2, 3, 3))",
    "out = [hasattr(mx.nd, n) for n in ('to_tensor', 'normalize', 'resize', 'flip_left_right')]",
])
def test_nd_namespace_does_not_leak_image_ops(code):
    check_code(code)


@pytest.mark.parametrize("code", [
    "x = mx.nd.arange(24).reshape((2, 3, 4)); out = mx.nd.topk(x, axis=None, ret_typ='mask', k=5)",
    "x = mx.nd.arange(24).reshape((2, 3, 4)); out = mx.nd.topk(x, axis=None, ret_typ='indices', k=5, dtype='int32')",
    "out = mx.nd.broadcast_like(mx.nd.ones((1, 2, 1, 3)), mx.nd.ones((5, 6, 7, 8)), lhs_axes=(0, 2), rhs_axes=(1, 3))",
    "out = mx.nd.broadcast_like(mx.nd.ones((1, 2)), mx.nd.ones((5, 6)), lhs_axes=(), rhs_axes=())",
    "out = mx.nd.broadcast_like(mx.nd.ones((1, 2)), mx.nd.ones((5, 6)), lhs_axes=(0,))",
    "out = mx.nd.broadcast_like(mx.nd.ones((3, 2)), mx.nd.ones((5, 6)), lhs_axes=(0,), rhs_axes=(0,))",
    "out = mx.nd.moveaxis(mx.nd.ones((2, 3, 4)), 0, 3)",
    "out = mx.nd.moveaxis(mx.nd.ones((2, 3, 4)), -1, 0)",
])
def test_topk_mask_broadcast_like_moveaxis(code):
    check_code(code)
