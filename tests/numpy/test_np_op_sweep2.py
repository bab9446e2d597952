"""Fixes found by sweeping part 2 of MXNet 1.9.1's tests/python/unittest/test_numpy_op.py: each entry is run in
numpy mode on real MXNet 1.9.1 and on torch2gluon and compared (values, shapes, dtypes, error kinds)."""
import pytest

from tests.numpy.np_table import np_check

DELETE = [
    # an index array's negative and out-of-range entries are ignored (no wrap-around as for a scalar index)
    "np.delete(a, mk([-2, -1, -1, -1], 'int32'), axis=0)",
    "np.delete(a, mk([-1, 1], 'int64'), axis=1)",
    "np.delete(a, mk([-4, 3, 7], 'int32'))",
    "np.delete(a, mk([1.7, -0.5]), axis=1)",
    "np.delete(a, mk([1.7, -0.5]))",
    "np.delete(a, mk(-1.0))",
    "np.delete(a, mk(1, 'int32'), axis=0)",
    "np.delete(a, mk([], 'int32'), axis=1)",
    "np.delete(a3, mk([0, 2, -3, 5], 'int64'), axis=2)",
    "np.delete(a, -1, axis=1)",
    "np.delete(a, -3, axis=1)",
    "np.delete(a, -4, axis=1)",
    "np.delete(a, slice(-5, None, 2), axis=1)",
]

CLIP = [
    # a python / numpy scalar is clipped by NumPy: a NumPy scalar comes back
    "np.clip(0.62, None, 0.1)",
    "np.clip(0.62, -1, 1)",
    "np.clip(0.62, 0.7, None)",
    "np.clip(2, 0, 1)",
    "np.clip(onp.float32(2.5), 0, 1)",
    "np.clip(True, 0, 0)",
    "np.clip(0.5, None, None)",
    "np.clip([0.5, 2], 0, 1)",
    "np.clip(a, 1, 4)",
    "np.clip(a, None, None)",
]

CUMSUM = [
    # float16 sums are rounded to float16 after every addition (MXNet's kernel, as NumPy)
    "np.cumsum(mk(onp.random.RandomState(1).uniform(-1, 1, (2, 3, 40)), 'float16'))",
    "np.cumsum(mk(onp.random.RandomState(2).uniform(-1, 1, (2, 3, 40)), 'float16'), axis=2)",
    "np.cumsum(mk(onp.random.RandomState(3).uniform(-1, 1, (30, 3)), 'float16'), axis=0)",
    "np.cumsum(mk(onp.random.RandomState(4).uniform(-1, 1, (50,))), dtype='float16')",
    "np.cumsum(mk(onp.random.RandomState(5).uniform(-1, 1, (50,)), 'float16'), dtype='float32')",
    "np.cumsum(mk(onp.zeros((2, 0)), 'float16'), axis=1)",
    "np.cumsum(mk([3.5], 'float16'))",
    "x = mk(onp.random.RandomState(6).uniform(-1, 1, (4, 30)), 'float16');; x.attach_grad()"
    ";; g = mk(onp.random.RandomState(7).uniform(-1, 1, (4, 30)), 'float16')"
    ";; with mx.autograd.record():\n    y = np.cumsum(x, axis=1)\n;; y.backward(g);; out = (y, x.grad)",
]


@pytest.mark.parametrize("code", DELETE)
def test_np_delete_index_array(code):
    np_check(code)


@pytest.mark.parametrize("code", CLIP)
def test_np_clip_scalar(code):
    np_check(code)


@pytest.mark.parametrize("code", CUMSUM)
def test_np_cumsum_float16(code):
    np_check(code, atol=0, rtol=0)


NORM_NEG = [
    # a negative-order vector norm skips zero elements (0 when all are zero); gradient nan at the zeros
    "np.linalg.norm(mk([[0., 1., 2., -3.], [0., 0., 0., 0.], [1., 2., 3., 4.]]), ord=-1, axis=1)",
    "np.linalg.norm(mk([[0., 1., 2., -3.], [0., 0., 0., 0.], [1., 2., 3., 4.]]), ord=-3.2, axis=-1, keepdims=True)",
    "np.linalg.norm(mk([[0., 1.], [2., 0.], [0., 5.]], 'float64'), ord=-2, axis=0)",
    "np.linalg.norm(mk([0., -0.5, 4.]), ord=-0.5)",
    "np.linalg.norm(mk([0., 0.]), ord=-1)",
    "np.linalg.norm(mk(onp.arange(24.).reshape(2, 3, 4)), -3.2, 2)",
    "x = mk([[0., 1., 2., -3.], [0., 0., 0., 0.], [1., 2., 3., 4.]]);; x.attach_grad()"
    ";; with mx.autograd.record():\n    y = np.linalg.norm(x, ord=-2, axis=1)\n;; y.backward(mk([1., 2., 3.]));; out = (y, x.grad)",
    "x = mk([[0.5, 1.], [2., 0.], [0., 5.]], 'float64');; x.attach_grad()"
    ";; with mx.autograd.record():\n    y = np.linalg.norm(x, ord=-1.5, axis=0, keepdims=True)\n;; y.backward();; out = (y, x.grad)",
]


@pytest.mark.parametrize("code", NORM_NEG)
def test_np_norm_negative_order(code):
    np_check(code, atol=1e-5, rtol=1e-4)


PINV_RCOND = [
    # an array rcond: rcond[..., None] * max(s) must broadcast to exactly the singular values' shape
    "np.linalg.pinv(mk([[1., 2., 0.], [0., 1e-3, 0.]]), mk(0.5))",
    "np.linalg.pinv(mk(onp.arange(12.).reshape(2, 2, 3)), mk([0.5, 1e-3]))",
    "np.linalg.pinv(mk(onp.arange(12.).reshape(2, 2, 3)), mk([1e-3]))",
    "np.linalg.pinv(mk(onp.arange(24.).reshape(2, 2, 2, 3)), mk([[0.1], [1e-3]]))",
    "np.linalg.pinv(mk(onp.ones((2, 3))), mk([0.5, 0.1]))",
    "np.linalg.pinv(mk(onp.ones((2, 3))), mk([0.5]))",
    "np.linalg.pinv(mk(onp.ones((4, 2, 3))), mk([0.5, 0.1]))",
    "np.linalg.pinv(mk(onp.ones((3, 2, 3))), mk([[0.5], [0.2], [0.1]]))",
    "np.linalg.pinv(mk(onp.ones((3, 2, 3))), mk(onp.ones((3, 1, 1))))",
    "np.linalg.pinv(mk(onp.ones((2, 2, 3))), mk(onp.ones((1, 2))))",
]

BETA_DTYPE = [
    # the float64 beta samples are cast with astype: any dtype astype takes (integer, bool) is accepted
    "r = np.random.beta(2., 2., size=(3,), dtype='int32');; out = (str(r.dtype), r.shape, int((r.asnumpy() == 0).sum()))",
    "r = np.random.beta(2., 2., size=(2, 2), dtype='bool');; out = (str(r.dtype), r.shape)",
    "r = np.random.beta(mk([1., 2.]), 2., dtype='uint8');; out = (str(r.dtype), r.shape)",
    "r = np.random.beta(2., 2., dtype='float16');; out = (str(r.dtype), r.shape)",
    "r = np.random.beta(2., 2., size=(3,));; out = (str(r.dtype), r.shape)",
    "np.random.beta(2., 2., dtype='foo')",
]


@pytest.mark.parametrize("code", PINV_RCOND)
def test_np_pinv_rcond_array_shape(code):
    np_check(code, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("code", BETA_DTYPE)
def test_np_random_beta_dtype(code):
    np_check(code)



def test_np_random_choice_oversize_is_mxnet_error():
    """More samples than the population without replacement: MXNet 1.9.1's kernel fails with an MXNetError
    ("Failed to allocate CPU Memory", and it corrupts the heap, so real MXNet is not run here)."""
    import torch2gluon as mx
    from torch2gluon.base import MXNetError
    mx.npx.set_np()
    try:
        with pytest.raises(MXNetError, match="larger sample"):
            mx.np.random.choice(3, 4, replace=False)
        with pytest.raises(MXNetError, match="larger sample"):
            mx.np.random.choice(mx.np.array([1., 2., 3.]), (2, 2), replace=False)
        r = mx.np.random.choice(3, 3, replace=False)
        assert sorted(r.asnumpy().tolist()) == [0, 1, 2]
    finally:
        mx.npx.reset_np()


SVD_SIGNS = [
    # MXNet's sign convention: the first largest-magnitude entry of each row of v is positive (ut's column
    # flipped with it), so the singular vectors equal MXNet's, not only up to sign
    "np.linalg.svd(mk(onp.random.RandomState(0).uniform(-1, 1, (3, 3)) + 3 * onp.eye(3)))",
    "np.linalg.svd(mk(onp.random.RandomState(1).uniform(-1, 1, (2, 4)), 'float64'))",
    "np.linalg.svd(mk(onp.random.RandomState(2).uniform(-1, 1, (2, 3, 5))))",
    "np.linalg.svd(mk([[2., -1.], [-1., 3.]]))",
    "x = mk(onp.random.RandomState(3).uniform(-1, 1, (2, 3, 4)), 'float64');; x.attach_grad()"
    ";; with mx.autograd.record():\n    u, s, v = np.linalg.svd(x)\n    l = u.sum() + 2 * s.sum() + (v * mk(onp.arange(24).reshape(2, 3, 4) % 3 + 1., 'float64')).sum()"
    "\n;; l.backward();; out = (u, s, v, x.grad)",
]


@pytest.mark.parametrize("code", SVD_SIGNS)
def test_np_svd_sign_convention(code):
    np_check(code, atol=1e-4, rtol=1e-4)


REPEAT_OUT = [
    # np.repeat is MXNet's generated operator: it takes out= (with its shape/dtype checks)
    "o = mk(onp.zeros(12));; r = np.repeat(a, 2, out=o);; out = (r, o, r is o)",
    "o = mk(onp.zeros((4, 3)));; r = np.repeat(a, 2, axis=0, out=o);; out = (r, o)",
    "np.repeat(a, 2, out=mk(onp.zeros(11)))",
    "np.repeat(a, 2, out=mk(onp.zeros(12), 'float64'))",
    "a.repeat(2, out=mk(onp.zeros(12)))",
]


@pytest.mark.parametrize("code", REPEAT_OUT)
def test_np_repeat_out(code):
    np_check(code)
