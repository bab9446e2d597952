"""Errors MXNet's engine reports late, against MXNet 1.9.1: a failing kernel's output exists at once (shape,
dtype), the error is raised on the first read of it or of anything computed from it (asnumpy, asscalar,
wait_to_read, repr, bool), or by the next nd.waitall(); once raised it is not raised again."""
import pytest

from tests.oracle import check

FAILING = {
    "normal": "mx.nd.random.normal(0, -1, (2, 2))",
    "random_normal": "mx.nd.random_normal(0, -1, (2, 2))",
    "uniform": "mx.nd.random.uniform(1, 0, (3,))",
    "gamma": "mx.nd.random.gamma(-1, 1, (2,))",
    "gamma_beta": "mx.nd.random.gamma(1, -1, (2,))",
    "exponential": "mx.nd.random.exponential(-1, (2,))",
    "poisson": "mx.nd.random.poisson(-1, (2,))",
    "negative_binomial_k": "mx.nd.random.negative_binomial(-1, 0.5, (2,))",
    "negative_binomial_p": "mx.nd.random.negative_binomial(1, -0.5, (2,))",
    "generalized_negative_binomial": "mx.nd.random.generalized_negative_binomial(1, -1, (2,))",
    "randint": "mx.nd.random.randint(5, 1, (2,))",
    "randint_int64": "mx.nd.random.randint(5, 1, (2, 3), dtype='int64')",
    "take_raise": "mx.nd.take(mx.nd.ones(3), mx.nd.array([5]), mode='raise')",
    "take_raise_2d": "mx.nd.take(mx.nd.ones((3, 2)), mx.nd.array([[-1, 0]]), axis=0, mode='raise')",
    "potrf": "mx.nd.linalg.potrf(mx.nd.array([[-1.0, 0], [0, -1]]))",
    "inverse": "mx.nd.linalg.inverse(mx.nd.zeros((2, 2)))",
    "gather_nd": "mx.nd.gather_nd(mx.nd.ones((2, 2)), mx.nd.array([[5], [0]]))",
}


def _read(mx, code, how):
    y = eval(code, {"mx": mx})  # noqa: S307 - test table
    meta = (y.shape, y.dtype, y.context, y.stype)
    try:
        {"asnumpy": lambda: y.asnumpy(), "wait": y.wait_to_read, "waitall": mx.nd.waitall,
         "derived": lambda: (y * 2 + 1).sum().asnumpy(), "repr": lambda: repr(y)}[how]()
        return meta, "no error"
    except Exception as e:  # noqa: BLE001 - the kind is compared
        return meta, type(e).__name__


@pytest.mark.parametrize("how", ["asnumpy", "wait", "waitall", "derived", "repr"])
@pytest.mark.parametrize("key", sorted(FAILING))
def test_error_comes_at_read(key, how):
    check(lambda mx: _read(mx, FAILING[key], how))


def test_raised_once_and_shared_by_results():
    def run(mx):
        out = []

        def attempt(tag, f):
            try:
                f()
                out.append((tag, "ok"))
            except mx.base.MXNetError:
                out.append((tag, "raised"))
        a = mx.nd.random.normal(0, -1, (2, 2))
        attempt("waitall", mx.nd.waitall)
        attempt("a after waitall", a.asnumpy)
        attempt("waitall again", mx.nd.waitall)
        b = mx.nd.random.normal(0, -1, (2, 2))
        c = b * 2 + 1
        d = mx.nd.dot(c, c)
        out.append(d.shape)
        attempt("d", d.asnumpy)
        attempt("c", c.asnumpy)
        attempt("b", b.asnumpy)
        attempt("waitall 3", mx.nd.waitall)
        e = mx.nd.random.uniform(1, 0, (3,))
        f = mx.nd.ones((3,))
        f[:] = e            # the destination of a write from a failed array fails too
        attempt("f", f.asnumpy)
        attempt("e", e.asnumpy)
        h = mx.nd.random.uniform(1, 0, (3,))
        attempt("bool", lambda: bool(h.sum()))
        attempt("h wait", h.wait_to_read)
        k = mx.nd.random.uniform(1, 0, (3,))
        first, second = k[0], k[1]   # views share the failure
        attempt("first", first.asnumpy)
        attempt("second", second.asnumpy)
        attempt("final waitall", mx.nd.waitall)
        return out
    check(run)


def test_out_array_fails():
    def run(mx):
        o = mx.nd.zeros((2,))
        r = mx.nd.random.normal(0, -1, shape=(2,), out=o)
        try:
            o.asnumpy()
            return r is o, "no error"
        except mx.base.MXNetError:
            return r is o, "raised"
    check(run)


def test_gluon_forward_on_failed_input():
    def run(mx):
        net = mx.gluon.nn.Dense(4, in_units=3)
        net.initialize()
        z = net(mx.nd.random.normal(10, -10, (2, 3)))   # no error yet
        try:
            z.wait_to_read()
            return z.shape, "no error"
        except mx.base.MXNetError:
            return z.shape, "raised"
    check(run)


@pytest.mark.parametrize("code", [
    "mx.nd.random.normal(mx.nd.array([0, 10]), mx.nd.array([-1, -2]), shape=20000)",
    "mx.nd.sample_normal(mx.nd.array([0, 10]), mx.nd.array([-1, -2]), shape=20000)",
])
def test_negative_scale_arrays_sample(code):
    """Parameter arrays are not checked by MXNet: a negative sigma samples loc + sigma * N(0, 1)."""
    def run(mx):
        a = eval(code, {"mx": mx}).asnumpy()  # noqa: S307 - test table
        return a.shape, a.mean(axis=1).round(1), a.std(axis=1).round(1)
    check(run, atol=0.06)


@pytest.mark.parametrize("code", [
    "mx.nd.random.poisson(mx.nd.array([-1.0, -3.0]), shape=5)",
    "mx.nd.random.negative_binomial(1, 1.5, shape=(4,))",
    "mx.nd.random.negative_binomial(1, 0, shape=(4,))",
])
def test_sampler_edge_values(code):
    check(lambda mx: eval(code, {"mx": mx}))  # noqa: S307 - test table
