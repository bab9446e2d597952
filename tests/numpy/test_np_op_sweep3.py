"""Fixes found by sweeping part 3 of MXNet 1.9.1's tests/python/unittest/test_numpy_op.py: each case is checked
against real MXNet."""
import numpy as onp
import pytest

from tests.oracle import check
from tests.numpy.np_table import np_check, np_env, quiet


@pytest.mark.parametrize("code", [
    "np.hsplit(mk(onp.ones((3, 0, 5))), (2, 4))",
    "np.hsplit(mk(onp.ones((3, 0, 5))), (3,))",
    "np.dsplit(mk(onp.ones((2, 3, 0, 4))), (2, 4))",
    "np.split(mk(onp.ones((2, 0))), (3, 1), axis=1)",
    "np.split(mk(onp.ones((0,))), (5,))",
    "np.array_split(mk(onp.ones((2, 0))), (2, 4), axis=1)",
    "np.split(mk(onp.ones((3, 0, 5))), (3, 3))",
    "np.split(mk(onp.ones((3, 0, 5))), (2, 4))",      # a nonempty axis still checks its indices
])
def test_split_of_an_empty_axis(code):
    """Splitting an axis of length 0: MXNet checks no index, every piece is empty along the axis."""
    np_check(code)


@pytest.mark.parametrize("code", [
    "np.unravel_index(mk([3, 7], 'int32'), 10)",
    "np.unravel_index(mk([3, 7], 'int64'), (15,))",
    "np.unravel_index(mk([[0, 5], [1, 2]], 'int8'), onp.int64(6))",
])
def test_unravel_index_int_shape(code):
    """unravel_index takes an int shape as a 1-d shape."""
    np_check(code)


@pytest.mark.parametrize("fn", ["isnan", "isinf", "isfinite", "isposinf", "isneginf", "logical_not"])
@pytest.mark.parametrize("out", ["np.empty_like(x)", "np.zeros((2,), dtype='int32')",
                                 "np.zeros((3,), dtype='bool')", "np.zeros((3,), dtype='float32')"])
def test_predicate_out_must_be_bool(fn, out):
    """A predicate's `out` of another dtype is a TypeError (checked before the shape); a bool `out` of the
    wrong shape is MXNetError."""
    np_check(f"x = mk([1., float('nan')]);; out = np.{fn}(x, out={out})")


def test_predicate_out_bool_is_written():
    np_check("x = mk([1., float('inf'), float('nan')]);; o = np.zeros((3,), dtype='bool');; "
             "r = np.isfinite(x, out=o);; out = (o, r is o)")


def _hybrid_out(code):
    """`code` (a function of `a`, may use `out=`) in a hybridized numpy block under record(); returns the
    output, the input afterwards and its gradient."""
    def run(mx):
        class B(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, a):
                return eval(code, {"F": F, "a": a})  # noqa: S307 - test table only

        env = np_env(mx)
        x = env["mk"]([float("nan"), 1.0, float("inf"), -2.0])
        x.attach_grad()
        b = B()
        b.hybridize()
        with mx.autograd.record():
            y = b(x)
        y.backward()
        return y, x, x.grad
    return quiet(run)


@pytest.mark.parametrize("code", [
    "F.np.nan_to_num(a, False, 0.0, None, None)",
    "F.np.nan_to_num(a, copy=False, nan=1.0, posinf=5.0, neginf=-5.0)",
    "F.np.negative(a, out=a)",
    "F.np.isnan(a, out=F.np.zeros_like(a)) * a",
    "F.np.add(a, a, out=F.np.zeros_like(a))",
])
def test_out_is_dropped_in_a_hybridized_graph(np_mode, code):
    """In a hybridized block MXNet's symbolic operators drop `out` (nan_to_num's copy=False writes nothing):
    the result is a new array, the input is unchanged and differentiable."""
    check(_hybrid_out(code))


def test_out_still_written_without_hybridize(np_mode):
    """The same block not hybridized writes into `out` (MXNet refuses the in-place write under record())."""
    def run(mx):
        class B(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, a):
                return F.np.nan_to_num(a, copy=False)

        x = np_env(mx)["mk"]([float("nan"), 1.0])
        y = B()(x)
        return y, x
    check(quiet(run))


@pytest.mark.parametrize("code", [
    "np.diag(mk([1, 0, 1], 'bool'))", "np.diag(mk(onp.ones((2, 3)), 'bool'), 5)",
    "np.diag(mk(onp.ones((0,)), 'bool'))", "np.diagflat(mk([[1, 0]], 'bool'), -1)",
    "np.diagflat(mk(onp.ones((0,)), 'bool'))", "np.polyval(mk([1, 1], 'bool'), mk([0, 1], 'bool'))",
    "np.polyval(mk([1, 1], 'bool'), mk(onp.ones((0,)), 'bool'))",
    "np.diag(mk(onp.ones((2, 2, 2)), 'bool'))",       # the dimension check comes first
    "np.diag(mk([1, 0, 1], 'int8'), -1)", "np.diagflat(mk([[1, 2]], 'uint8'), 1)",
    "np.polyval(mk([3, -2, 1], 'int32'), mk([[1, 2], [0, 3]], 'int32'))",
])
def test_bool_refused_by_diag_diagflat_polyval(code):
    """MXNet's diag/diagflat/polyval kernels have no bool instantiation: 'Unknown type enum 7' (MXNetError)."""
    np_check(code)


@pytest.mark.parametrize("code", [
    "np.bincount(mk([[1, 2]], 'int32'))", "np.bincount(mk(onp.zeros((0, 2)), 'int32'))",
    "np.bincount(mk([[1., 2.]]))", "np.bincount(mk([[1, 2]], 'bool'))",
    "np.bincount(mk([1, 2], 'int32'), mk([1., 2., 3.]))", "np.bincount(mk([1, 2], 'int32'), mk([[1., 2.]]))",
    "np.bincount(mk([1, -2], 'int32'), mk([1., 2., 3.]))", "np.bincount(mk([1., 2.]), mk([1., 2., 3.]))",
    "np.bincount(mk([1, -2], 'int32'), mk([1., 2.], 'float16'))",
    "np.bincount(mk([1, 2], 'int32'), minlength=True)", "np.bincount(mk([1, 2], 'int32'), minlength=3.0)",
    "np.bincount(mk([1, 2], 'int32'), minlength=onp.int64(4))", "np.bincount(mk([1, 2], 'int32'), minlength=-1)",
    "np.bincount(mk(3, 'int32'), mk(2.))", "np.bincount(mk([0, 3, 3], 'uint8'), mk([1, 2, 5], 'int64'), 6)",
])
def test_bincount_checks(code):
    """bincount: 1-d (or 0-d) integer data only, weights of data's shape, an int minlength (MXNetError), in
    MXNet's order (minlength, ndim, dtype, weights' shape, negative values)."""
    np_check(code)


@pytest.mark.parametrize("code", [
    "np.take(mk([[3., 0], [0, 1]]), mk([1.7, 0.2]), axis=0)", "np.take(mk([3., 0, 1]), mk([1.7, 0.2, 0.9]))",
    "np.take(mk([3., 0, 1]), mk([-0.3]))", "np.take(mk([3., 0, 1]), mk([2.5], 'float16'))",
    "np.take(mk([3., 0, 1]), mk([2.0], 'float64'))", "np.take(mk([3., 0, 1]), mk([1.99]))",
    "np.take(mk([3., 0, 1]), mk([1.7, 0.2, -0.3, -1.5]), mode='clip')",
    "np.take(mk([[3., 0], [0, 1]]), mk([-0.5, 2.5]), axis=0, mode='wrap')",
])
def test_take_float_indices_checked_before_truncation(code):
    """take(mode='raise') checks float indices before truncating them: -0.3 and n - 0.5 are out of bound."""
    np_check(code)


@pytest.mark.parametrize("code", [
    "np.hamming(mk(5, 'int32'))", "np.hanning(mk(4, 'int64'))", "np.blackman(mk(6, 'uint8'), dtype='float64')",
    "np.hamming(mk(5.))", "np.hamming(mk([5], 'int32'))", "np.blackman(True)", "np.hanning(onp.int64(4))",
])
def test_window_length_from_a_0d_int_array(code):
    """A window's M is passed to MXNet as text: a 0-d integer array reads as its value, other arrays fail."""
    np_check(code)


@pytest.mark.parametrize("code", [
    "np.may_share_memory(onp.ones(3), np.ones(3))", "np.shares_memory(np.ones(3), onp.ones(3))",
    "np.shares_memory(np.ones(3), 3)", "np.may_share_memory([1], np.ones(3))",
])
def test_shares_memory_needs_arrays(code):
    """shares_memory/may_share_memory of a non-array: MXNet's operator call asserts the argument type."""
    np_check(code)


def _eigh_cases():
    rs = onp.random.RandomState(3)
    cases = []
    for n in (2, 3, 5):
        a = rs.randn(n, n).astype("float32")
        cases += [(a + a.T).tolist(), a.tolist()]
    return cases + [[[2., 1.], [1., 2.]], [[2., -1.], [-1., 2.]], [[0., 1.], [1., 0.]]]


@pytest.mark.parametrize("m", _eigh_cases())
@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh_eigenvector_signs(m, uplo):
    """eigh's eigenvectors as MXNet returns them: each flipped so that its first largest-magnitude entry is
    positive (a non-symmetric input reads only the UPLO triangle)."""
    np_check(f"np.linalg.eigh(mk({m}), UPLO='{uplo}')", atol=1e-4, rtol=1e-4)


def test_eigh_eigenvector_signs_batched():
    np_check("np.linalg.eigh(mk(onp.random.RandomState(5).randn(2, 3, 4, 4) + "
             "onp.random.RandomState(5).randn(2, 3, 4, 4).transpose(0, 1, 3, 2)))", atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("code", [
    "np.nonzero(x)[1]", "npx.nonzero(x)", "npx.nonzero(x > 0)", "np.nonzero(x > 0)[0]", "np.where(x > 0)[0]",
    "np.bincount(np.array([0, 2, 2], dtype='int32'), x[0, :3])",
    "np.bincount(np.array([0, 2, 2], dtype='int32'), x[0, :3]) * x[0, :3]",
    "np.unique(x, return_counts=True)[1]", "np.unique(x, return_index=True, return_inverse=True)[2]",
    "np.diag_indices_from(x[:, :3])[0]", "np.unique(x)",
])
def test_index_outputs_backpropagate_zeros(np_mode, code):
    """nonzero, unique's index outputs, diag_indices_from and weighted bincount are recorded by MXNet with a
    zero gradient: a backward pass from them gives zeros (was an error / a torch RuntimeError)."""
    def run(mx):
        np, npx = mx.np, mx.npx  # noqa: F841 - used by the code
        x = np.array(onp.arange(12.).reshape(3, 4) - 4)
        x.attach_grad()
        with mx.autograd.record():
            y = eval(code)  # noqa: S307 - test table only
        y.backward()
        return y, x.grad
    check(quiet(run))


@pytest.mark.parametrize("code", [
    "np.empty_like(x) * 0 + x", "np.empty_like(x, dtype='int32')", "np.empty_like(x, dtype='float16') * 0",
    "np.zeros_like(x) + x", "np.full_like(x, 2) * x",
])
def test_empty_like_backward_fails(np_mode, code):
    """MXNet 1.9.1's empty_like is a numpy fallback operator: a backward pass through it fails (MXNetError)."""
    def run(mx):
        np = mx.np  # noqa: F841 - used by the code
        x = np.array(onp.arange(6.).reshape(2, 3))
        x.attach_grad()
        with mx.autograd.record():
            y = eval(code)  # noqa: S307 - test table only
        y.backward()
        return x.grad
    check(quiet(run))


@pytest.mark.parametrize("code", [
    "np.einsum(v, [0], v, [0])", "np.einsum(v, v)", "np.einsum(3, v)", "np.einsum('i', 3.0)",
    "np.einsum('i,i', v, [1, 2, 3, 4, 5])",
])
def test_einsum_checks_operands_first(code):
    """einsum: non-array operands (numpy's sublist form included) are MXNet's AssertionError, before the
    subscripts' check."""
    np_check(code)
