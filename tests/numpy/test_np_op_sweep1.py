"""Fixes found by sweeping part 1 of MXNet 1.9.1's tests/python/unittest/test_numpy_op.py: each case is checked
against real MXNet."""
import numpy as onp
import pytest

from tests.oracle import check
from tests.numpy.np_table import np_check, np_env, quiet


def _cast_grad(dt, expr):
    def run(mx):
        env = np_env(mx)
        x = env["mk"]([[1.5, -2.5, 0.0], [0.25, 4.0, -0.75]], dt)
        x.attach_grad()
        env["x"] = x
        with mx.autograd.record():
            y = eval(expr, env)  # noqa: S307 - test table only
        y.backward()
        return y.as_np_ndarray(), x.grad
    return quiet(run)


@pytest.mark.parametrize("dt", ["float32", "float64", "float16"])
@pytest.mark.parametrize("expr", [
    "np.sum(x, axis=0, dtype='int32')", "np.sum(x, axis=1, dtype='int8', keepdims=True)",
    "np.sum(x, dtype='int64')", "np.sum(x, axis=(), dtype='int32')",
    "np.mean(x, axis=0, dtype='int32')", "x.mean(axis=1, dtype='int64', keepdims=True)",
    "np.mean(x, dtype='int8')", "np.mean(x, axis=0, dtype='bool')", "np.sum(x, axis=1, dtype='bool')",
    "x.astype('int32')", "x.astype('uint8')", "x.astype('bool')",
    "x.as_nd_ndarray().astype('int32')", "mx.nd.cast(x.as_nd_ndarray(), dtype='int64')",
])
def test_cast_to_integer_passes_gradient(np_mode, dt, expr):
    """A float array reduced or cast to an integer/bool dtype under record(): MXNet's cast passes the head
    gradient straight through (sum: ones, mean: 1/n), it is not cut off."""
    check(_cast_grad(dt, expr), atol=1e-3)


@pytest.mark.parametrize("code", [
    "np.sum(mk([[-1., .5, 0.], [1., .5, 0.]]), axis=0, dtype=bool)",
    "np.mean(mk([[-1., .4, 0.], [1., .4, 0.]]), axis=0, dtype=bool)",
    "np.sum(mk([[-1, 2, 0], [1, 3, 0]], 'int32'), axis=0, dtype=bool)",
    "np.sum(mk([[True, False], [False, False]], 'bool'), axis=1, dtype='int32')",
    "np.sum(mk([[True, False], [False, False]], 'bool'), axis=1, dtype=bool)",
    "np.sum(mk([[True, False], [False, False]], 'bool'), axis=0, dtype='float16')",
    "np.sum(mk([[True, False], [False, False]], 'bool'), dtype='int8')",
    "np.mean(mk([[True, False], [False, False]], 'bool'), axis=1, dtype=bool)",
])
def test_reduce_to_bool_casts_the_sum(code):
    """sum/mean with dtype=bool: the sum in the input's type cast to bool (a zero sum of nonzero values is
    False), not `any`; a bool array sums only to int32/int64/float32/float64 (else MXNetError)."""
    np_check(code)


@pytest.mark.parametrize("code", [
    "np.broadcast_to(1.0, (2, 3))", "np.broadcast_to(2, (2, 3))", "np.broadcast_to(True, (2, 3))",
    "np.broadcast_to(1.5, ())", "np.broadcast_to(onp.float32(4), (3,))",
    "np.broadcast_to(np.arange(5.), (3, 4, -2))", "np.broadcast_to(z, (2, -2, -2))",
    "np.broadcast_to(mk(onp.ones((3, 4))), (1, 0, -2, 4))", "np.broadcast_to(mk(onp.ones((3, 4))), (-2, 4))",
    "np.broadcast_to(mk(onp.ones((3, 1))), (3, -2))", "np.broadcast_to(mk(onp.ones((3, 4))), (1, -1, 3, 4))",
    "np.broadcast_to(mk(onp.ones((3, 4))), (-2, -2, -2))", "np.broadcast_to(mk(onp.ones((3, 4))), (2, -3, 4))",
    "np.broadcast_to([1, 2], (2, 2))",
])
def test_broadcast_to_scalar_and_keep_dims(code):
    """np.broadcast_to: a python/numpy scalar fills the shape (np.full); -2 in the shape keeps the input's size
    there (MXNet's extension); other negative sizes, or -2 where the input has no dimension, raise MXNetError."""
    np_check(code)


def test_broadcast_to_keep_dims_gradient(np_mode):
    def run(mx):
        x = mx.np.array(onp.arange(3.0).reshape(3, 1))
        x.attach_grad()
        with mx.autograd.record():
            y = mx.np.broadcast_to(x, (2, -2, 4))
        y.backward()
        return y, x.grad
    check(run)


_BM = "d = mk(onp.arange(6.).reshape(2, 3)) ;; m = mk([True, False, True], 'bool') ;; M = mk([[True, False, True], [False, False, True]], 'bool') ;; "


@pytest.mark.parametrize("code", [
    "r = I.boolean_mask_assign_scalar(d, M, 7.0, out=d) ;; out = (r, d, r is d)",
    "r = I.boolean_mask_assign_scalar(d, m, 7.0, start_axis=1, out=d) ;; out = (r, d)",
    "r = I.boolean_mask_assign_tensor(d, m, mk([5., 6.]), start_axis=1, out=d) ;; out = (r, d)",
    "out = I.boolean_mask_assign_tensor(d, m, mk([[5.], [6.]]), start_axis=1, out=d)",
    "out = I.boolean_mask_assign_tensor(d, m, mk([[5., 6.], [7., 8.]]), start_axis=1, out=d)",
    "out = I.boolean_mask_assign_tensor(d, mk([True, False], 'bool'), mk([[5., 6., 7.]]), out=d)",
    "out = I.boolean_mask_assign_tensor(d, mk([True, False], 'bool'), mk([5., 6., 7.]), out=d)",
    "out = I.boolean_mask_assign_tensor(d, mk([True, True], 'bool'), mk(9.), out=d)",
    "out = I.boolean_mask_assign_tensor(d, mk([True, True], 'bool'), mk([9.]), out=d)",
    "s = mk(2.0) ;; out = I.boolean_mask_assign_scalar(s, mk(True, 'bool'), 5.0, out=s)",
    "out = I.boolean_mask_assign_tensor(d, m, mk([5., 6., 7.]), start_axis=1, out=d)",
    "out = I.boolean_mask_assign_tensor(d, m, mk([[5., 6.]]), start_axis=1, out=d)",
    "out = I.boolean_mask_assign_tensor(d, mk([True, True], 'bool'), mk([[5.], [6.]]), out=d)",
    "out = I.boolean_mask_assign_tensor(d, mk([True, True], 'bool'), mk([1, 2, 3], 'int32'), out=d)",
    "out = I.boolean_mask_assign_scalar(d, mk([1., 0., 1.]), 7.0, start_axis=1, out=d)",
    "out = I.boolean_mask_assign_tensor(d, mk([2, 0, -1], 'int32'), mk([[1.], [2.]]), start_axis=1, out=d)",
    "out = I.nonzero(mk([[0, 1.], [2, 0]]))", "out = I.nonzero(mk(3.))", "out = I.nonzero(mk([[0, 0]], 'int32'))",
])
def test_np_internal_boolean_mask_assign(code):
    """mx.nd.np._internal.boolean_mask_assign_scalar/_tensor (in place, `out=data`) and nonzero, as MXNet's
    numpy tests call them from `F.np._internal`."""
    np_check(_BM + "I = mx.nd.np._internal ;; " + code)


def _mod_grad(expr):
    def run(mx):
        np = mx.np
        a = np.array(onp.array([3.75, 1., -2., 3.5], dtype="float32"))
        b = np.array(onp.array([0., -0., 2., 0.], dtype="float32"))
        a.attach_grad()
        b.attach_grad()
        with mx.autograd.record():
            y = eval(expr)  # noqa: S307 - test table only
        y.backward()
        return y, a.grad, b.grad
    return quiet(run)


@pytest.mark.parametrize("expr", [
    "np.mod(a, b)", "np.remainder(a, b)", "a % b", "np.mod(a, 0.0)", "np.mod(3.0, b)", "2.5 % b",
    "np.remainder(a, b[:1])", "np.mod(a.reshape(4, 1), b)", "np.mod(a.astype('float16'), b.astype('float16'))",
    "np.mod(a, b + 1)",
])
def test_mod_by_zero_gradient(np_mode, expr):
    """mx.np.mod/remainder where a divisor is 0: the value is 0 but the gradients are MXNet's formulas (1 for the
    dividend, -floor(a/b) = +-inf/nan for the divisor), not zeros."""
    check(_mod_grad(expr), atol=1e-3)


def _avg_returned(expr, both):
    def run(mx):
        np = mx.np
        x = np.array(onp.array([[1., 2., 2.], [0., -1., 3.]], dtype="float32"))
        w = np.array(onp.array([1., 2., 3.], dtype="float32"))
        w2 = np.array(onp.array([[1., 2., 3.], [1., 1., 1.]], dtype="float32"))
        for v in (x, w, w2):
            v.attach_grad()
        with mx.autograd.record():
            r = eval(expr)  # noqa: S307 - test table only
        if both:
            mx.autograd.backward([r[0], r[1]])
        else:
            r[1].backward()
        return r, x.grad, w.grad, w2.grad
    return quiet(run)


@pytest.mark.parametrize("both", [False, True])
@pytest.mark.parametrize("expr", [
    "np.average(x, axis=1, weights=w, returned=True)", "np.average(x, weights=w2, returned=True)",
    "np.average(x, axis=0, returned=True)", "np.average(x, axis=1, weights=w2, returned=True)",
])
def test_average_sum_of_weights_has_zero_gradient(np_mode, expr, both):
    """np.average(..., returned=True): MXNet ignores the head gradient of the sum of weights (a backward from it
    writes zeros; the unweighted one is differentiable too)."""
    check(_avg_returned(expr, both), atol=1e-5)


def _nd_mod_grad(expr):
    def run(mx):
        a = mx.nd.array([3.75, 1., -2., 3.5])
        b = mx.nd.array([0., -0., 2., 0.])
        a.attach_grad()
        b.attach_grad()
        with mx.autograd.record():
            y = eval(expr)  # noqa: S307 - test table only
        y.backward()
        return y, a.grad, b.grad
    return quiet(run)


@pytest.mark.parametrize("expr", [
    "a % b", "mx.nd.broadcast_mod(a, b)", "a % 0.0", "3.0 % b", "mx.nd.broadcast_mod(a.reshape((4, 1)), b)",
    "a % (b + 1)",
])
def test_nd_mod_by_zero_gradient(expr):
    """Legacy mx.nd modulo by a zero divisor: value 0, MXNet's gradients (the same rule as mx.np.mod)."""
    check(_nd_mod_grad(expr), atol=1e-3)


def _pow_grad(expr):
    def run(mx):
        np = mx.np
        x = np.array(onp.array([[0., 1., -1.], [2., -0.5, 0.5]], dtype="float32"))
        x2 = np.array(onp.array([[1.25, 0., 0.75], [0.25, 0.75, -0.25]], dtype="float32"))
        x.attach_grad()
        x2.attach_grad()
        with mx.autograd.record():
            y = eval(expr)  # noqa: S307 - test table only
        y.backward()
        return y, x.grad, x2.grad
    return quiet(run)


@pytest.mark.parametrize("expr", [
    "np.power(x, x2)", "np.power(x2, x)", "np.power(0.0, x)", "np.power(x, 0)", "np.power(x, 0.5)", "np.power(x, 2)",
    "x ** x2", "2.0 ** x", "x ** 3", "np.power(x, x2[:1])", "np.power(x.astype('float16'), x2.astype('float16'))",
])
def test_power_gradient_formulas(np_mode, expr):
    """mx.np.power's gradients are MXNet's formulas b*a**(b-1) and a**b*log(a): nan/inf at a zero base or a zero
    exponent where torch's special cases gave 0."""
    check(_pow_grad(expr), atol=1e-3, rtol=1e-3)


def _nd_pow_grad(expr):
    def run(mx):
        x = mx.nd.array([[0., 1., -1.], [2., -0.5, 0.5]])
        y = mx.nd.array([[1.25, 0., 0.75], [0.25, 0.75, -0.25]])
        x.attach_grad()
        y.attach_grad()
        with mx.autograd.record():
            z = eval(expr)  # noqa: S307 - test table only
        z.backward()
        return z, x.grad, y.grad
    return quiet(run)


@pytest.mark.parametrize("expr", [
    "x ** y", "mx.nd.power(x, y)", "0.0 ** x", "x ** 0", "mx.nd.broadcast_power(x, y[:1])", "mx.nd.power(y, x)",
    "x ** 0.5", "2 ** x", "x ** 2",
])
def test_nd_power_gradient_formulas(expr):
    """Legacy mx.nd power: MXNet's gradient formulas at a zero base/exponent (as mx.np.power)."""
    check(_nd_pow_grad(expr), atol=1e-3, rtol=1e-3)


@pytest.mark.parametrize("fn", ["sum", "prod"])
@pytest.mark.parametrize("dt", [None, "bool", "int8", "int32", "int64", "float16", "float32", "float64"])
def test_bool_reduction_dtypes(fn, dt):
    """sum/prod of a bool array: only int32/int64/float32/float64 (or no) dtype= (MXNetError otherwise)."""
    np_check(f"np.{fn}(b, axis=0, dtype={dt!r})")


@pytest.mark.parametrize("src", ["a", "ai", "b", "h"])
@pytest.mark.parametrize("dt", ["bool", "uint8", "int8", "float16"])
def test_cumsum_dtype_list(src, dt):
    """np.cumsum's dtype= list has no bool (MXNet's 'Invalid Input' error, not a torch error)."""
    np_check(f"np.cumsum({src}, dtype={dt!r})")


@pytest.mark.parametrize("name", ["abs", "negative", "sign", "round", "ceil", "square", "sqrt", "exp", "log",
                                  "sin", "tanh", "reciprocal", "gammaln", "erf", "relu", "sigmoid", "softsign",
                                  "logical_not", "fix", "rcbrt"])
def test_nd_unary_refuses_bool(name):
    """MXNet 1.9.1's legacy unary operators have no bool kernel: MXNetError (not torch's error or a value)."""
    check(lambda mx: getattr(mx.nd, name)(mx.nd.array([1, 0], dtype="bool")))


@pytest.mark.parametrize("code", ["mx.npx.relu(b)", "mx.npx.sigmoid(b)", "mx.npx.relu(ai)",
                                  "np.squeeze(mk(onp.ones((1, 1))), axis=(0, 0))",
                                  "np.squeeze(mk(onp.ones((1, 2, 1))), axis=(0, -3, 2))",
                                  "np.logspace(0, 1, -1)", "np.logspace(0, 1, 0)"])
def test_np_sweep1_small_cases(code):
    """npx.relu/sigmoid of bool arrays raise MXNetError; squeeze takes a repeated axis once; logspace(num<0) is
    MXNetError."""
    np_check(code)
