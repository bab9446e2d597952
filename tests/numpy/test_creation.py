"""mx.np creation functions and constants against real MXNet 1.9.1: default dtypes, contexts, zero-size and
0-d shapes, argument refusals and errors."""
import math
import warnings

import numpy as onp
import pytest

from tests.numpy.np_table import quiet as _quiet
from tests.oracle import MODULES, check, run_both, assert_same_error


pytestmark = pytest.mark.usefixtures("np_mode")


def checkq(fn):
    check(_quiet(fn))


CREATE = [
    # array
    "mx.np.array([1, 2])", "mx.np.array([1.5, 2])", "mx.np.array([True, False])", "mx.np.array(3)",
    "mx.np.array(onp.array([1, 2]))", "mx.np.array(onp.array([1., 2]))", "mx.np.array(onp.array([True]))",
    "mx.np.array(onp.float64(2.5))", "mx.np.array(onp.int32(2))", "mx.np.array([[1, 2], [3, 4]], dtype='int32')",
    "mx.np.array(mx.np.ones(2), dtype='int32')", "mx.np.array(mx.np.ones(2, dtype='float16'))",
    "mx.np.array(mx.nd.ones(2))", "mx.np.array([[1, 2], [3]])", "mx.np.array([])", "mx.np.array([[]])",
    "mx.np.array([1, 2], ctx=mx.cpu(1))", "mx.np.array(onp.arange(6).reshape(2, 3).T)",
    "mx.np.array('abc')", "mx.np.array([1, 2], dtype=bool)", "mx.np.array([1, 2], dtype=int)",
    "mx.np.array([1, 2], dtype=float)",
    # empty / zeros / ones
    "mx.np.empty((2, 3)).shape", "mx.np.empty(3, dtype='int32').dtype", "mx.np.empty((2,), order='F')",
    "mx.np.empty((0, 2)).shape", "mx.np.empty((), ctx=mx.cpu(2)).ctx",
    "mx.np.zeros(3)", "mx.np.zeros(())", "mx.np.zeros((0, 3))", "mx.np.zeros((2, 2), dtype='int64')",
    "mx.np.zeros((2,), dtype=int)", "mx.np.zeros([2, 1])", "mx.np.zeros(2, order='F')",
    "mx.np.zeros(2, ctx=mx.cpu(1))", "mx.np.zeros(2, dtype=bool)",
    "mx.np.ones((2, 2), dtype=int)", "mx.np.ones(())", "mx.np.ones((1, 0))", "mx.np.ones(2, dtype=None)",
    "mx.np.ones(2, dtype='float16')", "mx.np.ones(2, order='F')",
    # full
    "mx.np.full(3, 2)", "mx.np.full(3, 2.5)", "mx.np.full(3, True)", "mx.np.full((2, 2), 7, dtype='int32')",
    "mx.np.full(3, 2.7, dtype='int32')", "mx.np.full(3, -2.7, dtype='int64')", "mx.np.full((2, 3), mx.np.array([1, 2, 3]))",
    "mx.np.full((2, 3), mx.np.array([1, 2, 3]), dtype='int32')", "mx.np.full((), 5)", "mx.np.full((0, 2), 5)",
    "mx.np.full(2, 1, ctx=mx.cpu(3))", "mx.np.full(2, 1, order='F')", "mx.np.full(2, onp.nan)",
    # *_like
    "mx.np.full_like(mx.np.ones(3, dtype='int32'), 2.7)", "mx.np.full_like(mx.np.ones((2, 2)), 3, dtype='int64')",
    "mx.np.full_like(mx.np.ones(2), True)", "mx.np.full_like(mx.np.ones(2, ctx=mx.cpu(1)), 1)",
    "mx.np.full_like(mx.np.ones(2), 1, ctx=mx.cpu(2))", "mx.np.full_like(mx.np.ones(2), 1, order='F')",
    "mx.np.zeros_like(mx.np.ones(3, dtype='int32'))", "mx.np.zeros_like(mx.np.ones((2, 0)))",
    "mx.np.ones_like(mx.np.ones(3, dtype='int32'), dtype='float64')", "mx.np.ones_like(mx.np.array(2.))",
    "mx.np.empty_like(mx.np.ones((2, 3), dtype='int32')).shape", "mx.np.empty_like(mx.np.ones(2)).dtype",
    "mx.np.empty_like(mx.np.ones(2), dtype='float64').dtype", "mx.np.empty_like(mx.np.ones(2), order='F')",
    "mx.np.empty_like(mx.np.ones(2), subok=True)", "mx.np.empty_like(mx.np.ones(2), shape=(3,))",
    "mx.np.empty_like(mx.np.ones(2, ctx=mx.cpu(1))).ctx",
    # arange
    "mx.np.arange(3)", "mx.np.arange(0.5, 3, 0.7)", "mx.np.arange(3, dtype='int32')", "mx.np.arange(2, 10, 3)",
    "mx.np.arange(5, 1, -1)", "mx.np.arange(0)", "mx.np.arange(3, 1)", "mx.np.arange(1, 3, 0)",
    "mx.np.arange(0, 5, 1.5, dtype='int32')", "mx.np.arange(-3, 3, dtype='int64')", "mx.np.arange(4, ctx=mx.cpu(1))",
    "mx.np.arange(3, step=None)", "mx.np.arange(0, 1, 0.1)", "mx.np.arange(4, dtype='float64')",
    # linspace / logspace
    "mx.np.linspace(0, 1, 5)", "mx.np.linspace(0, 1, 5, retstep=True)", "mx.np.linspace(0, 10, 4, dtype='int32')",
    "mx.np.linspace(0, 1, 5, endpoint=False)", "mx.np.linspace(0, 1, 5, endpoint=False, retstep=True)",
    "mx.np.linspace(2, -3, 6)", "mx.np.linspace(0, 1)", "mx.np.linspace(0, 1, 1)", "mx.np.linspace(0, 1, 0)",
    "mx.np.linspace(0, 1, 3, axis=1)", "mx.np.linspace([0], 1, 3)", "mx.np.linspace(0, 1, 3, dtype='float64')",
    "mx.np.linspace(0, 1, 3, ctx=mx.cpu(1))", "mx.np.linspace(-5, 5, 4, dtype='int64')",
    "mx.np.logspace(0, 2, 3)", "mx.np.logspace(0, 3, 4, base=2)", "mx.np.logspace(0, 2, 3, endpoint=False)",
    "mx.np.logspace(0, 2, 3, dtype='int32')", "mx.np.logspace(0, 2, 3, axis=1)", "mx.np.logspace((0,), 2, 3)",
    # eye / identity / indices
    "mx.np.eye(3)", "mx.np.eye(3, 4, 1)", "mx.np.eye(2, dtype=int)", "mx.np.eye(3, k=-1)", "mx.np.eye(0)",
    "mx.np.eye(2, ctx=mx.cpu(1))", "mx.np.eye(2, order='C')", "mx.np.eye(3, 2, 5)",
    "mx.np.identity(2)", "mx.np.identity(3, dtype='int32')", "mx.np.identity(2.0)", "mx.np.identity(-1)",
    "mx.np.identity(0)", "mx.np.identity(2, ctx=mx.cpu(1))",
    "mx.np.indices((2, 3))", "mx.np.indices([2])", "mx.np.indices((2, 2), dtype='float32')", "mx.np.indices(3)",
    "mx.np.indices(())", "mx.np.indices((2, 0))", "mx.np.indices((1, 2), ctx=mx.cpu(1))",
    # meshgrid / copy / diag / diagflat / windows / shape
    "mx.np.meshgrid(mx.np.arange(2), mx.np.arange(3))", "mx.np.meshgrid(mx.np.arange(2), mx.np.arange(3), indexing='ij')",
    "mx.np.meshgrid(mx.np.arange(2), mx.np.arange(3), mx.np.arange(4))",
    "mx.np.meshgrid(mx.np.arange(2), mx.np.arange(3), mx.np.arange(4), indexing='ij')",
    "mx.np.meshgrid(mx.np.arange(3))", "mx.np.meshgrid(mx.np.arange(2), indexing='ab')",
    "mx.np.meshgrid(mx.np.arange(2), sparse=True)", "mx.np.meshgrid(mx.np.arange(2), copy=False)",
    "mx.np.meshgrid(mx.np.arange(2), foo=1)", "mx.np.meshgrid(mx.np.ones((2, 2)), mx.np.arange(3))",
    "mx.np.copy(mx.np.arange(3))", "mx.np.copy(mx.np.ones((2, 2), dtype='int32'))", "mx.np.copy(mx.np.array(2.))",
    "mx.np.diag(mx.np.arange(3))", "mx.np.diag(mx.np.arange(3), k=1)", "mx.np.diag(mx.np.arange(3), -2)",
    "mx.np.diag(mx.np.array(onp.arange(12).reshape(3, 4)))", "mx.np.diag(mx.np.array(onp.arange(12).reshape(3, 4)), 1)",
    "mx.np.diag(mx.np.array(onp.arange(12).reshape(3, 4)), -1)", "mx.np.diag(mx.np.ones((2, 2, 2)))",
    "mx.np.diag(mx.np.arange(3, dtype='int32'))",
    "mx.np.diagflat(mx.np.array([[1, 2], [3, 4]]))", "mx.np.diagflat(mx.np.arange(3), 1)",
    "mx.np.diagflat(mx.np.arange(3), k=-1)",
    "mx.np.hanning(4)", "mx.np.hamming(5)", "mx.np.blackman(6)", "mx.np.hanning(1)", "mx.np.hanning(0)",
    "mx.np.hamming(4, dtype='float64')", "mx.np.blackman(3, ctx=mx.cpu(1))",
    "mx.np.shape(mx.np.ones((2, 3)))", "mx.np.shape(mx.np.array(1.))",
]


@pytest.mark.parametrize("code", CREATE)
def test_creation(code):
    checkq(lambda mx: eval(code))


def test_creation_types_and_reprs():
    for code in CREATE:
        reprs = []
        for m in MODULES:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    r = eval(code, {"mx": m, "onp": onp})
            except Exception:  # noqa: BLE001 - errors are compared by test_creation
                reprs = None
                break
            if isinstance(r, (list, tuple)) and r:
                r = r[0]
            reprs.append((type(r).__name__, repr(r) if type(r).__name__ == "ndarray" and "empty" not in code
                          and not any(w in code for w in ("hanning", "hamming", "blackman"))
                          else None))
        if reprs:
            assert reprs[1] == reprs[0], code


def test_full_out():
    def f(mx):
        out = mx.np.zeros((2, 2))
        r = mx.np.full((2, 2), 3, out=out)
        return r is out, out

    checkq(f)


def test_ones_like_and_full_like_out():
    def f(mx):
        out = mx.np.zeros(3)
        r = mx.np.ones_like(mx.np.ones(3), out=out)
        out2 = mx.np.zeros(3)
        r2 = mx.np.full_like(mx.np.ones(3), 4, out=out2)
        return r is out, out, r2 is out2, out2

    checkq(f)


def test_zeros_like_out_is_not_written():
    def f(mx):
        out = mx.np.ones(3)
        r = mx.np.zeros_like(mx.np.ones(3), out=out)
        return r is out, out, r

    checkq(f)


def test_copy_out():
    def f(mx):
        out = mx.np.zeros(3)
        r = mx.np.copy(mx.np.arange(3), out=out)
        return r is out, out

    checkq(f)


def test_array_copies_numpy_and_ndarray_sources():
    def f(mx):
        src = onp.arange(3.0, dtype="float32")
        a = mx.np.array(src)
        src[0] = 9
        b = mx.np.ones(2)
        c = mx.np.array(b)
        b[0] = 7
        return a, c

    check(f)


def test_current_context_is_default():
    def f(mx):
        with mx.cpu(1):
            return (mx.np.zeros(2), mx.np.ones(2), mx.np.array([1]), mx.np.arange(2), mx.np.eye(2),
                    mx.np.full_like(mx.np.ones(2, ctx=mx.cpu(0)), 2), mx.np.linspace(0, 1, 2))

    checkq(f)


def test_creation_gradients():
    def f(mx):
        x = mx.np.array([1.0, 2.0, 3.0])
        x.attach_grad()
        with mx.autograd.record():
            y = mx.np.diag(x)
            z = mx.np.copy(x)
            w = mx.np.meshgrid(x, x)[0]
        mx.autograd.backward([y, z, w])
        return x.grad

    check(f)


# ---------------------------------------------------------------- constants and dtype names
@pytest.mark.parametrize("name", ["pi", "e", "inf", "nan", "PZERO", "NZERO", "NINF", "PINF", "NAN", "NaN",
                                  "newaxis", "float16", "float32", "float64", "uint8", "int8", "int32", "int64",
                                  "bool", "bool_", "finfo", "_STR_2_DTYPE_"])
def test_constants(name):
    a, b = (getattr(m.np, name) for m in MODULES)
    if isinstance(a, float) and math.isnan(a):
        assert isinstance(b, float) and math.isnan(b)
    elif isinstance(a, float):
        assert b == a and math.copysign(1, b) == math.copysign(1, a)
    elif isinstance(a, dict):
        assert b == a
    else:
        assert b is a


def test_set_printoptions():
    saved = onp.get_printoptions()
    try:
        out = []
        for m in MODULES:
            m.np.set_printoptions(precision=2)
            out.append(repr(m.np.array([1.23456, 2])))
            m.np.set_printoptions(threshold=5)
            out.append(str(m.np.arange(10)))
            onp.set_printoptions(**saved)
        assert out[2:] == out[:2]
        r = run_both(lambda mx: mx.np.set_printoptions(linewidth=3))
        assert not r[0][0] and not r[1][0]
        assert_same_error(r[0][1], r[1][1])
    finally:
        onp.set_printoptions(**saved)


# edge cases and bad input: MXNet's parameter checks (MXNetError), argument checks (AssertionError), dtypes
EDGE = [
    "mx.np.arange(0.5, 3, 0.5, dtype='float16')",
    "mx.np.arange(10, dtype='uint8')",
    "mx.np.arange(-2, 3, dtype='int8')",
    'mx.np.arange(3, dtype=bool)',
    'mx.np.arange(onp.int64(3))',
    'mx.np.arange(3.7)',
    "mx.np.arange(1, 2, 0.3, dtype='int32')",
    'mx.np.arange(None)',
    'mx.np.arange(0, None, 1)',
    "mx.np.arange(5, dtype='float64')",
    'mx.np.arange(1e9, 1e9 + 3)',
    'mx.np.linspace(0, 1, 1, retstep=True)',
    'mx.np.linspace(0, 1, -1)',
    'mx.np.linspace(0, 1, 2.5)',
    "mx.np.linspace(0, 1, 5, dtype='float16')",
    "mx.np.linspace(0, 1, 5, dtype='uint8')",
    'mx.np.linspace(0, 1, 5, dtype=bool)',
    'mx.np.linspace(onp.float32(0), 1, 3)',
    'mx.np.linspace(0, 1, 0, retstep=True)',
    'mx.np.logspace(0, 1, 0)',
    'mx.np.logspace(1, 2, 3, base=onp.e)',
    "mx.np.logspace(0, 2, 3, dtype='float64')",
    'mx.np.eye(3, 3, -5)',
    'mx.np.eye(-1)',
    'mx.np.eye(2.5)',
    'mx.np.eye(2, 0)',
    'mx.np.eye(2, dtype=bool)',
    "mx.np.eye(2, dtype='uint8')",
    'mx.np.identity(2, dtype=bool)',
    'mx.np.identity(True)',
    'mx.np.full((2,), [1, 2])',
    'mx.np.full((2, 2), onp.array([1, 2]))',
    'mx.np.full((2,), onp.float64(2.5))',
    'mx.np.full((2,), onp.int64(2))',
    'mx.np.full((2,), onp.bool_(True))',
    'mx.np.full((onp.int64(2), 2), 1)',
    'mx.np.full(-1, 1)',
    "mx.np.full((2,), 1, dtype='uint8')",
    "mx.np.full((2,), 300, dtype='uint8')",
    "mx.np.full((2,), -1, dtype='uint8')",
    "mx.np.full((2,), 1e10, dtype='int32')",
    "mx.np.full((2,), onp.nan, dtype='int32')",
    "mx.np.full((2,), 'a')",
    'mx.np.full((2,), None)',
    'mx.np.full((3,), mx.np.array([1, 2]))',
    'mx.np.full((2, 3), mx.np.array(5.))',
    'mx.np.zeros(-1)',
    'mx.np.zeros((2, -1))',
    'mx.np.zeros(2.5)',
    "mx.np.zeros('a')",
    "mx.np.zeros(2, dtype='complex64')",
    "mx.np.zeros(2, dtype='int16')",
    "mx.np.ones(2, dtype='int16')",
    'mx.np.empty(-1)',
    "mx.np.array([1, 2], dtype='int16')",
    "mx.np.array(onp.array([1, 2], dtype='int16'))",
    "mx.np.array(onp.array([1, 2], dtype='uint16'))",
    'mx.np.array(onp.array([1+2j]))',
    "mx.np.array([[1, 2], [3, 4]], dtype='float64')",
    'mx.np.array(None)',
    "mx.np.array({'a': 1})",
    'mx.np.array([mx.np.ones(2), mx.np.ones(2)])',
    'mx.np.array(range(3))',
    'mx.np.array(onp.array(5))',
    "mx.np.array(2.5, dtype='int32')",
    'mx.np.array(onp.arange(3)[::2])',
    'mx.np.array(True)',
    'mx.np.array(onp.True_)',
    'mx.np.array(onp.float16(1.5))',
    'mx.np.array(mx.np.ones(2), ctx=mx.cpu(1))',
    'mx.np.zeros_like(mx.np.ones(2), dtype=bool)',
    'mx.np.zeros_like(onp.ones(2))',
    'mx.np.ones_like([1, 2])',
    "mx.np.full_like(mx.np.ones(2), 1, dtype='uint8')",
    "mx.np.full_like(mx.np.ones(2), onp.nan, dtype='int32')",
    'mx.np.full_like(mx.np.ones(2), mx.np.array(3.))',
    "mx.np.full_like(mx.np.ones(2, dtype='int32'), 2.5, dtype='float32')",
    'mx.np.empty_like(onp.ones(2))',
    "mx.np.empty_like(mx.np.ones(2), dtype='int16')",
    "mx.np.indices((2, 3), dtype='int64')",
    'mx.np.indices((2, 3), dtype=bool)',
    'mx.np.indices((2.5, 3))',
    'mx.np.indices((-1, 3))',
    'mx.np.copy(onp.ones(2))',
    'mx.np.copy([1, 2])',
    'mx.np.copy(mx.np.ones(2), out=mx.np.zeros(3))',
    'mx.np.diag(onp.ones(2))',
    'mx.np.diag(mx.np.ones((2, 3)), k=5)',
    'mx.np.diag(mx.np.ones(3), k=-4)',
    'mx.np.diag(mx.np.array(3.))',
    'mx.np.diagflat(mx.np.array(3.))',
    'mx.np.diagflat(mx.np.ones((2, 2)), k=2.5)',
    'mx.np.hanning(-1)',
    'mx.np.hanning(3.5)',
    "mx.np.hanning(4, dtype='int32')",
    'mx.np.meshgrid()',
    'mx.np.meshgrid(mx.np.arange(2), onp.arange(3))',
    'mx.np.meshgrid(mx.np.array(1.), mx.np.arange(3))',
    'mx.np.shape([1, 2])',
    'mx.np.shape(onp.ones((2, 1)))',
]


@pytest.mark.parametrize("code", EDGE)
def test_creation_edge_cases(code):
    checkq(lambda mx: eval(code))


@pytest.mark.parametrize("sub,names", [("utils", ["_STR_2_DTYPE_", "float32", "newaxis", "pi", "bool_"]),
                                       ("arrayprint", ["set_printoptions"]), ("function_base", ["meshgrid"])])
def test_submodules_of_mx_np(sub, names):
    import importlib
    for m in MODULES:
        mod = importlib.import_module(f"{m.__name__}.numpy.{sub}")
        for n in names:
            assert getattr(mod, n) is getattr(m.np, n) or getattr(mod, n) == getattr(m.np, n), (m.__name__, n)


@pytest.mark.parametrize("code", ["mx.np.array(x)", "mx.np.array(x, dtype='float64')", "x.copy()", "mx.np.copy(x)",
                                  "x.astype('float64')", "x.as_in_ctx(mx.cpu(1))", "mx.np.full_like(x, 2)",
                                  "mx.np.zeros_like(x)", "mx.np.ones_like(x)", "mx.np.full((2, 3), x)",
                                  "mx.np.full((2, 3), x, dtype='float64')"])
def test_creation_from_recorded_arrays_backward(code):
    def f(mx):
        x = mx.np.array([1., 2., 3.])
        x.attach_grad()
        with mx.autograd.record():
            y = eval(code) * 2
        y.backward()
        return x.grad
    check(f)
