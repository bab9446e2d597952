"""Gaps found by sweeping MXNet 1.x's test_numpy_interoperability.py (official NumPy functions called on mx.np
arrays): each case runs on real MXNet 1.9.1 and on torch2gluon and is compared (tests/numpy/np_table.py)."""
import pytest

from tests.numpy.np_table import np_check

# np.insert at ONE index (a slice of one position, or an index array of size 1): all of `values` goes there
# (numpy's single-index rule); extra leading axes of `values` must be 1 (MXNet: 'index exceed limits').
INSERT = [
    "np.insert(np.arange(10), slice(1, 2), np.array([1, 2]))",
    "np.insert(np.arange(10), np.array([1], dtype='int64'), np.array([1, 2]))",
    "np.insert(np.arange(10), np.array([1], dtype='int64'), np.array([[1, 2]]))",
    "np.insert(np.arange(10), np.array(1, dtype='int64'), np.array([5, 6]))",
    "np.insert(np.arange(10), slice(1, 2), np.array([]))",
    "np.insert(np.arange(10), slice(1, -2, -1), np.array([]))",
    "np.insert(np.arange(10), np.array([1, 3], dtype='int64'), np.array([[[5, 6]]]))",
    "np.insert(np.arange(10), np.array([1, 3], dtype='int64'), np.array([[5], [6]]))",
    "np.insert(np.arange(10), slice(1, 5, 2), np.array([[5, 6]]))",
    "np.insert(a, slice(1, 2), np.array([[7, 8], [9, 10]]), axis=1)",
    "np.insert(a, np.array([1], dtype='int64'), np.array([7, 8]), axis=1)",
    "np.insert(a, np.array([0], dtype='int64'), np.array([7, 8, 9]), axis=1)",
    "np.insert(a, np.array([1], dtype='int64'), np.array([[7, 8, 9], [1, 2, 3]]), axis=0)",
    "np.insert(a, np.array([0], dtype='int64'), np.array([[[7], [8]]]), axis=1)",
    "np.insert(a, np.array([0], dtype='int64'), np.array([[[7, 8]], [[1, 2]]]), axis=1)",
    "np.insert(a, slice(-1, None), np.array([[7], [8]]), axis=1)",
    "np.insert(a, np.array(0, dtype='int64'), np.array([7, 8, 9]), axis=0)",
    "np.insert(a, np.array([[1]], dtype='int64'), np.array([7, 8]), axis=1)",
    "np.insert(a, np.array([0, 1], dtype='int64'), np.array([7, 8, 9]), axis=1)",
    "np.insert(np.array([0, 1, 2]), np.array([1, 1, 1], dtype='int64'), np.array([3, 4, 5]))",
]

# np.linalg.tensorsolve: x has numpy's shape a.shape[-(a.ndim - b.ndim):] (all of a's shape when the ranks are
# equal, a trailing part when b has more axes than a), with MXNet's shape checks.
TENSORSOLVE = [
    "np.linalg.tensorsolve(np.array([[2.]]), np.array([[4.]]))",
    "np.linalg.tensorsolve(np.array([[2.]]), np.ones((1, 1, 1, 1, 1)))",
    "np.linalg.tensorsolve(np.array([[[2.]]]), np.ones((1, 1)))",
    "np.linalg.tensorsolve(np.eye(18).reshape(2, 3, 6) * 2, np.ones((2, 3)))",
    "np.linalg.tensorsolve(np.ones((2, 2)), np.ones((2, 2)))",
    "np.linalg.tensorsolve(np.ones((4, 2, 2)), np.ones((1, 1, 1, 1)))",
    "np.linalg.tensorsolve(np.ones((2, 3, 6)), np.ones((2, 3, 1, 1)))",
    "np.linalg.tensorsolve(np.ones((6, 2, 3)), np.ones((2, 3, 1)))",
    "np.linalg.tensorsolve(np.ones((2, 2)), np.ones((2, 2, 2)))",
    "np.linalg.tensorsolve(mk((onp.eye(6) * 2 + 0.1).reshape(6, 2, 3)), mk(onp.arange(6.).reshape(1, 1, 1, 6)))",
    "np.linalg.tensorsolve(mk((onp.eye(6) * 2 + 0.1).reshape(6, 2, 3).transpose(1, 0, 2)), "
    "mk(onp.arange(6.).reshape(1, 1, 1, 6)), (0, 2))",
]


@pytest.mark.parametrize("code", INSERT)
def test_insert_single_index(code):
    np_check(code)


@pytest.mark.parametrize("code", TENSORSOLVE)
def test_tensorsolve_shapes(code):
    np_check(code, atol=1e-4, rtol=1e-4)

# Official NumPy functions/ufuncs on mx.np arrays: only the names MXNet 1.9.1 lists for dispatch run mx.np's
# function (functions by identity, ufuncs by __name__); every other one runs NumPy on copies (its dtype rules,
# numpy scalars returned as they are, arrays back as mx.np arrays).
DISPATCH = [
    "onp.log1p(ai)",                      # not listed: numpy's int -> float64
    "onp.log1p(s)",                       # numpy scalar result comes back as it is
    "onp.divide(ai, ai + 1)",             # 'divide' is not the listed 'true_divide'
    "onp.true_divide(ai, ai + 1)",
    "onp.deg2rad(ai)",
    "onp.radians(a)",
    "onp.rad2deg(ai)",
    "onp.ldexp(ai, ai)",
    "onp.average(ai)",
    "onp.average(a, axis=0)",
    "onp.histogram(a)",
    "onp.histogram(ai, bins=3)",
    "onp.linspace(ai, ai + 1, 3)",
    "onp.rot90(ai)",
    "onp.median(ai)",
    "onp.cumprod(ai)",
    "onp.linalg.det(a[:, :2])",
    "onp.nansum(ai)",
    "onp.exp(ai)",                        # listed ufunc: mx.np.exp
    "onp.mean(ai)",                       # listed function: mx.np.mean
    "onp.sum(ai, axis=0)",
    "onp.round_(a / 3, 2)",
    "onp.linalg.norm(a)",
    "onp.add.reduce(a)",                  # ufunc methods other than __call__ are not dispatched
    "onp.maximum.accumulate(a)",
]


@pytest.mark.parametrize("code", DISPATCH)
def test_dispatch_listed_only(code):
    np_check(code)


def test_fallback_ufunc_out_written(np_mode):
    """A not-listed ufunc with an mx.np `out` (MXNet 1.9.1 recurses without end there): numpy's result is written
    into `out`, which is returned."""
    import numpy as onp
    import torch2gluon as mx
    x = mx.np.array([1., 2., 3.])
    out = mx.np.zeros(3)
    res = onp.log1p(x, out=out)
    assert res is out
    onp.testing.assert_allclose(out.asnumpy(), onp.log1p(onp.array([1., 2., 3.], dtype="float32")), rtol=1e-6)


# numpy.copy forwards its `order`/`subok` keywords to mx.np.copy (MXNet 1.9.1 accepts them: one layout only)
COPY = [
    "onp.copy(a, order='F')",
    "onp.copy(a, order='K')",
    "onp.copy(ai, order='C', subok=True)",
    "np.copy(a, order='A')",
]


@pytest.mark.parametrize("code", COPY)
def test_copy_order(code):
    np_check(code)


# Integer einsum (the interop workloads cast to int32): computed in int64 and cast back, wrapping as MXNet's
# own-dtype sums do; torch's int32 paths fail for several contractions.
EINSUM_INT = [
    "np.einsum('bb,ff,be->e', mk(onp.arange(4).reshape(2, 2), 'int32'), mk(onp.arange(9).reshape(3, 3), 'int32'),"
    " mk(onp.arange(6).reshape(2, 3), 'int32'))",
    "np.einsum('ecb,fef,bad,ed->ac', mk(onp.arange(24).reshape(4, 3, 2) % 3, 'int32'), "
    "mk(onp.arange(36).reshape(3, 4, 3) % 5, 'int32'), mk(onp.arange(20).reshape(2, 2, 5) % 4, 'int32'), "
    "mk(onp.arange(20).reshape(4, 5) % 3, 'int32'), optimize=True)",
    "np.einsum('i,i', mk([200, 100], 'uint8'), mk([200, 100], 'uint8'))",
    "np.einsum('i,i->i', mk([200, 100], 'uint8'), mk([200, 100], 'uint8'))",
    "np.einsum('i,i', mk([2 ** 20, 2 ** 20], 'int32'), mk([2 ** 20, 2 ** 20], 'int32'))",
    "np.einsum('ij,jk', mk(onp.ones((2, 3)), 'int8'), mk(onp.ones((3, 2)), 'int8'))",
    "np.einsum('ij,jk', mk(onp.ones((2, 3)), 'int64'), mk(onp.ones((3, 2)), 'int64'))",
    "np.einsum('ij,jk', mk(onp.ones((2, 3)), 'bool'), mk(onp.ones((3, 2)), 'bool'))",
]

# np.linalg on empty inputs: no kernel runs in MXNet, so its dtype refusals do not apply there
LINALG_EMPTY = [
    "np.linalg.solve(np.zeros((3, 3)), np.zeros((3, 0)))",
    "np.linalg.solve(np.zeros((2, 3, 3), dtype='float64'), np.zeros((2, 3, 0), dtype='float64'))",
    "np.linalg.solve(np.zeros((3, 3), dtype='int32'), np.zeros((3, 0), dtype='int32'))",
    "np.linalg.solve(np.zeros((3, 3)), np.zeros((3,)))",
    "np.linalg.cholesky(np.zeros((3, 2, 0)))",
    "np.linalg.cholesky(np.zeros((0, 2, 2), dtype='float64'))",
    "np.linalg.cholesky(np.zeros((0, 2, 2), dtype='int32'))",
    "np.linalg.pinv(np.zeros((0, 0), dtype='int32'))",
    "np.linalg.pinv(np.zeros((3, 2, 0), dtype='uint8'))",
    "np.linalg.pinv(np.zeros((2, 0, 0), dtype='bool'))",
    "np.linalg.pinv(np.zeros((2, 2), dtype='int32'))",
    "np.linalg.svd(np.zeros((0, 0), dtype='int32'))",
    "np.linalg.svd(np.zeros((0, 2, 2), dtype='float16'))",
    "np.linalg.svd(np.zeros((2, 0, 0), dtype='bool'))",
    "np.linalg.svd(np.zeros((2, 2), dtype='int32'))",
    "np.linalg.eigvals(np.zeros((2, 2), dtype='bool'))",
    "np.linalg.eig(np.zeros((0, 0), dtype='bool'))",
    "np.linalg.eigvalsh(np.zeros((2, 2), dtype='bool'))",
    "np.linalg.eigvalsh(np.zeros((0, 0), dtype='bool'))",
    "np.linalg.eigh(np.zeros((0, 0), dtype='bool'))",
    "np.linalg.eigvals(np.zeros((2, 2), dtype='int32'))",
]


@pytest.mark.parametrize("code", EINSUM_INT)
def test_einsum_integer(code):
    np_check(code)


@pytest.mark.parametrize("code", LINALG_EMPTY)
def test_linalg_empty_and_dtypes(code):
    np_check(code)

# bool inputs (the interop workloads cast to bool): MXNet's kernels without a bool case fail with 'Unknown type
# enum 7', except where no kernel runs (an empty slice to delete copies the input)
BOOL = [
    "np.delete(mk(onp.ones((1, 5, 2)), 'bool'), slice(-6, -6, -3), axis=1)",
    "np.delete(mk(onp.ones(5), 'bool'), slice(60, None))",
    "np.delete(mk(onp.ones((2, 3)), 'bool'), slice(5, 1))",
    "np.delete(mk(onp.ones(0), 'bool'), slice(0, 1))",
    "np.delete(mk(onp.ones(5), 'bool'), slice(0, 1))",
    "np.delete(mk(onp.ones(5), 'bool'), 1)",
    "np.delete(mk(onp.ones(5), 'bool'), mk([], 'int64'))",
    "np.einsum('i->', mk(onp.ones(3), 'bool'), optimize=True)",
    "np.einsum('ij,jk', mk(onp.ones((2, 3)), 'bool'), mk(onp.ones((3, 2)), 'bool'), optimize=True)",
    "np.einsum('ij,jk', mk(onp.ones((2, 3)), 'bool'), mk(onp.ones((3, 2)), 'bool'))",
    "np.linalg.norm(mk(onp.ones(0), 'bool'))",
    "np.linalg.norm(mk(onp.ones((0, 3)), 'bool'), axis=0)",
    "np.linalg.norm(mk(onp.ones((0, 3)), 'bool'), ord=1, axis=1)",
    "np.linalg.norm(mk(onp.ones((2, 3)), 'bool'))",
    "np.linalg.norm(mk(onp.ones(0), 'int32'))",
    "np.linalg.solve(mk(onp.ones((1, 1)), 'bool'), mk(onp.ones(1), 'bool'))",
    "np.linalg.solve(mk(onp.ones((1, 1)), 'bool'), mk(onp.ones((1, 2)), 'bool'))",
    "np.linalg.tensorsolve(mk(onp.ones((1, 1)), 'bool'), mk(onp.ones(1), 'bool'))",
]


@pytest.mark.parametrize("code", BOOL)
def test_bool_inputs(code):
    np_check(code)


@pytest.mark.parametrize("code", [
    "np.roll(mk(onp.ones(0), 'bool'), 1)",
    "np.roll(mk(onp.ones((2, 0)), 'bool'), 1, axis=0)",
    "np.roll(mk(onp.ones((2, 0)), 'bool'), 5, axis=1)",
    "np.roll(mk(onp.ones(2), 'bool'), 1)",
])
def test_roll_empty_bool(code):
    np_check(code)


# binary operators on two bool arrays whose kernels refuse bool ('Unknown type enum 7', subtract/mod's bool
# refusal): an empty broadcast result needs no kernel, so MXNet returns it (float-only ops still refuse)
_EMPTY_BOOL_OPS = ["subtract", "mod", "remainder", "maximum", "minimum", "copysign", "ldexp", "hypot", "arctan2",
                   "add", "true_divide", "lcm", "bitwise_and"]


@pytest.mark.parametrize("op", _EMPTY_BOOL_OPS)
@pytest.mark.parametrize("shapes", ["(1, 4, 1), (1, 1, 0)", "(0,), (0,)", "(2,), (2,)", "(2,), (3, 0, 1)"])
def test_binary_empty_bool(op, shapes):
    sa, sb = shapes.split("), (")
    np_check(f"np.{op}(np.zeros({sa}), dtype='bool'), np.zeros(({sb}, dtype='bool'))")


@pytest.mark.parametrize("code", [
    "np.bincount(mk([0, 1, 1], 'int64'), mk([1, 0, 1], 'bool'))",
    "np.bincount(mk([], 'int64'), mk([], 'bool'), minlength=3)",
    "np.bincount(mk([-1], 'int64'), mk([1], 'bool'))",
    "np.bincount(mk([0, 1, 1], 'int64'), mk([1, 0, 1], 'uint8'))",
])
def test_bincount_bool_weights(code):
    np_check(code)


@pytest.mark.parametrize("code", [
    "np.linalg.solve(np.zeros((0, 0), dtype='bool'), np.zeros((0,), dtype='bool'))",
    "np.linalg.solve(np.zeros((3, 3), dtype='bool'), np.zeros((3, 0), dtype='bool'))",
    "np.linalg.solve(np.zeros((0, 3, 3), dtype='bool'), np.zeros((0, 3, 2), dtype='bool'))",
    "np.linalg.solve(np.zeros((2, 0, 0), dtype='bool'), np.zeros((2, 0, 3), dtype='bool'))",
    "np.linalg.tensorsolve(np.zeros((0, 0), dtype='bool'), np.zeros((0,), dtype='bool'))",
    "np.linalg.tensorsolve(np.zeros((2, 0), dtype='bool'), np.zeros((2,), dtype='bool'))",
])
def test_solve_bool_empty(code):
    np_check(code)
