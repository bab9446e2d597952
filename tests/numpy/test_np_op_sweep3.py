"""Fixes found by sweeping part 3 of MXNet 1.9.1's tests/python/unittest/test_numpy_op.py: each case is checked
against real MXNet."""
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
