"""Gradients of integer/bool variables in mx.np binary operators across dtypes and in bool reductions, against
MXNet 1.9.1: a mixed int-float call leaves the integer operand's gradient alone; integer true_divide, integer
add/multiply/power of two dtypes, and bool arithmetic/sum/mean raise MXNetError in backward."""
import pytest

from tests.oracle import check, drain_mxnet_errors  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("drain_mxnet_errors")

MIXED = {
    "mul": lambda np, x, f: x * f,
    "rmul": lambda np, x, f: f * x,
    "add": lambda np, x, f: np.add(x, f),
    "rsub": lambda np, x, f: f - x,
    "sub": lambda np, x, f: x - f,
    "div": lambda np, x, f: x / f,
    "rdiv": lambda np, x, f: f / x,               # torch alone gives -f / x**2 here
    "pow": lambda np, x, f: x ** f,
    "rpow": lambda np, x, f: np.power(f, x),
    "mod": lambda np, x, f: np.mod(x, f),
}


def _grads(mx, fn, dtype, vals, req="write", hybridize=False, fdtype="float32"):
    mx.npx.set_np()
    try:
        x = mx.np.array(vals, dtype=dtype)
        f = mx.np.array([2., 3.], dtype=fdtype)
        x.attach_grad(req)
        f.attach_grad(req)
        if req == "add":
            x.grad[:] = 5
            f.grad[:] = 1

        class Net(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, a, b):  # pylint: disable=arguments-differ
                return fn(F.np, a, b)
        net = Net()
        if hybridize:
            net.hybridize()
        with mx.autograd.record():
            y = net(x, f)
        y.backward()
        return y.as_nd_ndarray(), x.grad.as_nd_ndarray(), f.grad.as_nd_ndarray()
    finally:
        mx.npx.reset_np()


@pytest.mark.parametrize("name", sorted(MIXED))
@pytest.mark.parametrize("dtype", ["int32", "int64", "uint8"])
def test_mixed_int_float_leaves_int_gradient(name, dtype):
    check(lambda mx: _grads(mx, MIXED[name], dtype, [3, 5]))


@pytest.mark.parametrize("name", ["mul", "rdiv", "add"])
@pytest.mark.parametrize("hybridize", [False, True])
def test_mixed_grad_req_add_and_hybridized(name, hybridize):
    check(lambda mx: _grads(mx, MIXED[name], "int32", [3, 5], "add", hybridize))


@pytest.mark.parametrize("name", ["mul", "rsub", "div"])
def test_mixed_bool_float(name):
    check(lambda mx: _grads(mx, MIXED[name], "bool", [True, False], fdtype="float64"))


REFUSED = {
    "div_scalar": lambda np, x: x / 2,
    "rdiv_scalar": lambda np, x: 2 / x,
    "div_self": lambda np, x: np.true_divide(x, x),
    "div_after_mul": lambda np, x: (x * 2) / 4,
    "add_int8": lambda np, x: x + np.array([2, 3], dtype="int8"),
    "mul_int64": lambda np, x: x * np.array([2, 3], dtype="int64"),
    "pow_int64": lambda np, x: x ** np.array([2, 3], dtype="int64"),
}


def _refused(mx, fn, dtype, vals):
    mx.npx.set_np()
    try:
        x = mx.np.array(vals, dtype=dtype)
        x.attach_grad()
        with mx.autograd.record():
            y = fn(mx.np, x)
        out = y.asnumpy()
        try:
            y.backward()
            grad = x.grad.asnumpy()  # MXNet's engine raises a failed backward here at the latest
        except mx.base.MXNetError:
            return out, "backward raised"
        return out, grad
    finally:
        mx.npx.reset_np()


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_integer_backward_refused(name):
    check(lambda mx: _refused(mx, REFUSED[name], "int32", [3, 5]))


@pytest.mark.parametrize("fn", [lambda np, x: x * 2, lambda np, x: x + x, lambda np, x: x * x,
                                lambda np, x: x.sum(), lambda np, x: np.mean(x)])
def test_bool_variable_backward_refused(fn):
    check(lambda mx: _refused(mx, fn, "bool", [True, False]))


@pytest.mark.parametrize("fn", [lambda np, x: x * 2, lambda np, x: x * x + 1, lambda np, x: x.sum(),
                                lambda np, x: np.mean(x * 3)])
def test_same_dtype_integer_gradients_unchanged(fn):
    check(lambda mx: _refused(mx, fn, "int32", [3, 5]))


@pytest.mark.parametrize("mode", ["reflect", "edge", "maximum"])
def test_integer_variable_through_refused_pad_backward(mode):
    check(lambda mx: _refused(mx, lambda np, x: np.pad(x, ((1, 2),), mode=mode), "int32", [3, 5]))
