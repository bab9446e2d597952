"""mx.np.ndarray's core surface against real MXNet 1.9.1: printing, properties, indexing, conversion, copies,
contexts, autograd hooks and the legacy methods MXNet's numpy ndarray refuses."""
import pickle
import warnings

import numpy as onp
import pytest

from tests.numpy.np_table import quiet as _quiet
from tests.oracle import MODULES, check, assert_same_error


pytestmark = pytest.mark.usefixtures("np_mode")


def both_values(fn):
    """fn(mx) on both libraries (warnings silenced); returns [(ok, value_or_exc)] * 2 of raw values."""
    out = []
    for m in MODULES:
        try:
            out.append((True, _quiet(fn)(m)))
        except Exception as e:  # noqa: BLE001 - compared by the caller
            out.append((False, e))
    return out


def same(fn):
    """fn(mx) returns plain python values (strings, tuples...): equal on both, or both raise the same kind."""
    (ok1, r1), (ok2, r2) = both_values(fn)
    if not ok1 or not ok2:
        assert not ok1 and not ok2, f"oracle: {r1!r}, torch2gluon: {r2!r}"
        assert_same_error(r1, r2)
        return
    assert r2 == r1, f"torch2gluon {r2!r} != oracle {r1!r}"


def X(mx, shape=(2, 3, 4), dtype="float32"):
    n = int(onp.prod(shape))
    return mx.np.array(onp.arange(n).reshape(shape).astype(dtype))


# ---------------------------------------------------------------- printing
@pytest.mark.parametrize("code", [
    "mx.np.array([[1, 2], [3, 4]])",
    "mx.np.array([1.5, 2.25], dtype='float64')",
    "mx.np.array([1, 2], dtype='int32')",
    "mx.np.array(onp.array([1, 2]))",
    "mx.np.array(3.5)",
    "mx.np.array(3, dtype='int64')",
    "mx.np.array(onp.array([True, False]))",
    "mx.np.zeros((0, 3))",
    "mx.np.zeros((0, 3), dtype='int32')",
    "mx.np.zeros((0,), dtype='bool')",
    "mx.np.ones(2, dtype='float16')",
    "mx.np.ones(2, dtype='uint8')",
    "mx.np.ones((2, 2), ctx=mx.cpu(1))",
])
def test_repr_str(code):
    same(lambda mx: (repr(eval(code)), str(eval(code))))


def test_format():
    same(lambda mx: "{:.2f}".format(mx.np.array(2.0)))
    same(lambda mx: "{}".format(mx.np.ones(2)))
    same(lambda mx: "{:.2f}".format(mx.np.ones(2)))


# ---------------------------------------------------------------- properties
def test_properties():
    def f(mx):
        a = mx.np.ones((2, 3), dtype="int32")
        return (a.shape, a.ndim, a.size, a.dtype, type(a.dtype).__name__, str(a.ctx), str(a.context),
                a.stype, a.dtype == onp.int32, type(a).__name__)
    same(f)


def test_context_warns_and_device_absent():
    def f(mx):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            mx.np.ones(2).context
            mx.np.ones(2).ctx
        return [x.category.__name__ for x in w]
    same(f)
    same(lambda mx: mx.np.ones(2).device)


# ---------------------------------------------------------------- python protocol
@pytest.mark.parametrize("expr", [
    "len(mx.np.ones((3, 2)))", "len(mx.np.array(1.0))",
    "bool(mx.np.zeros(0))", "bool(mx.np.ones(1))", "bool(mx.np.zeros((1, 1)))", "bool(mx.np.ones(2))",
    "float(mx.np.ones((1, 1)))", "float(mx.np.ones(2))", "int(mx.np.array([2.7]))", "int(mx.np.ones(3))",
    "hash(mx.np.ones(2))", "[1, 2, 3][mx.np.array(1, dtype='int32')]",
    "mx.np.arange(6).item(3)", "mx.np.arange(6, dtype='int32').item(3)", "mx.np.ones((2, 2)).item()",
    "mx.np.array(3, dtype='int32').item()", "X(mx, (2, 3)).tolist()",
    "list(mx.np.array(3.0))", "[x.shape for x in mx.np.ones((3, 2))]",
])
def test_python_protocol(expr):
    same(lambda mx: eval(expr))


def test_iteration_values():
    check(lambda mx: list(mx.np.array([[1, 2], [3, 4]])))


def test_bool_empty_warns():
    def f(mx):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            r = bool(mx.np.zeros((0, 2)))
        return r, [x.category.__name__ for x in w]
    same(f)


# ---------------------------------------------------------------- getitem
GET_KEYS = [
    "2", "-1", "5", "-6", "1.0", "'a'", "slice(1, 3)", "slice(None, None, -2)", "slice(None, None, 0)",
    "slice(4, 1, -1)", "slice(10, 20)",
    "(1, 2)", "(1, 2, 3)", "(1, 3, 3)", "(Ellipsis, 1)", "(None, 1, slice(None), None)", "(1, 1, 1, 1)",
    "[0, 1]", "[[0, 1]]", "([0, 1], [1, 2])", "onp.array([1, 0])", "mx.np.array([1, 0], dtype='int32')",
    "mx.np.array([1.0, 0.0])", "mx.nd.array([1, 0])", "(slice(None), [0, 2], slice(1, 3))",
    "([0, 1], slice(None), [1, 2])", "(slice(None), [[0], [1]], [1, 2])",
    "mx.np.array(1, dtype='int32')", "True", "False", "(1, True)", "()", "Ellipsis", "None",
    "[True, False]", "onp.array([True, False])", "(slice(None), slice(None, None, -1), 0)",
    "(slice(1, None), mx.np.array([0, 1], dtype='int32'))",
]


@pytest.mark.parametrize("key", GET_KEYS)
def test_getitem(key):
    check(_quiet(lambda mx: X(mx)[eval(key)]))


MASKS = {"3d": onp.arange(24).reshape(2, 3, 4) > 20, "2d": onp.arange(12).reshape(3, 4) % 3 == 0,
         "none": onp.zeros((2, 3), dtype=bool), "1d": onp.array([False, True]),
         "too_many": onp.ones((2, 3, 4, 5), dtype=bool), "wrong_dim": onp.ones((3,), dtype=bool),
         "0d": onp.array(True)}


@pytest.mark.parametrize("mask", sorted(MASKS))
def test_getitem_boolean_mask(mask):
    check(_quiet(lambda mx: X(mx)[mx.np.array(MASKS[mask], dtype="bool")]))


@pytest.mark.parametrize("key", ["()", "0", "Ellipsis", "None"])
def test_getitem_0d(key):
    check(_quiet(lambda mx: mx.np.array(3.0)[eval(key)]))


def test_getitem_1d():
    check(lambda mx: (X(mx, (5,))[2], X(mx, (5,))[-1], X(mx, (5,))[[True, False, True, False, True]],
                      X(mx, (5,))[onp.array([True, False, True, False, True])]))


def test_basic_index_views_and_copies():
    def f(mx):
        a = mx.np.zeros((2, 3, 4))
        a[1][:] = 1          # contiguous: a view
        a[0, :1, :][:] = 2   # contiguous: a view
        a[:, 1][:] = 7       # strided: a copy in MXNet
        a[::2][:] = 9        # stepped: a copy
        a[:, :, 0][:] = 5    # strided: a copy
        b = a[1:]
        b[:] = 3
        return a
    check(f)


def test_getitem_empty_tuple_is_self():
    same(lambda mx: (lambda a: a[()] is a)(mx.np.ones(2)))


# ---------------------------------------------------------------- setitem
SET_CASES = [
    ("1", "5"), ("(slice(None), 1)", "mx.np.arange(3)"), ("slice(None)", "mx.np.arange(4)"),
    ("([0, 2], [1, 3])", "7"), ("([0, 2], [1, 3])", "mx.np.array([7, 8])"), ("0", "[1, 2, 3, 4]"),
    ("0", "onp.array([1, 2, 3, 4])"), ("0", "mx.np.ones(3)"), ("0", "mx.np.ones((1, 1, 4))"),
    ("0", "mx.nd.ones(4)"), ("(slice(None, None, -1), 0)", "mx.np.arange(3)"), ("True", "1"),
    ("False", "1"), ("Ellipsis", "3"), ("(None, 1)", "3"), ("(1, 2)", "2.5"), ("-1", "mx.np.array(4.0)"),
    ("[0, 2]", "mx.np.arange(4)"), ("(slice(0, 2), slice(1, 3))", "mx.np.ones((2, 2))"), ("()", "1"),
    ("0", "'abc'"), ("0", "[[1, 2]]"), ("(1, [0, 3])", "mx.np.array([5, 6])"), ("5", "1"),
    ("(slice(None, None, 2), slice(None, None, -2))", "mx.np.array([[1, 2], [3, 4]])"),
]


@pytest.mark.parametrize("key,value", SET_CASES)
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_setitem(key, value, dtype):
    def f(mx):
        a = mx.np.zeros((3, 4), dtype=dtype)
        a[eval(key)] = eval(value)
        return a
    check(_quiet(f))


@pytest.mark.parametrize("value", ["0", "2.5", "mx.np.array([1., 2, 3, 4])", "mx.np.array(9.)", "[1, 2, 3, 4]"])
def test_setitem_boolean_mask(value):
    def f(mx):
        a = mx.np.arange(10)
        a[mx.np.array(onp.arange(10) > 5, dtype="bool")] = eval(value)
        return a
    check(_quiet(f))


@pytest.mark.parametrize("key,value", [("()", "5"), ("()", "mx.np.array([7.0])"), ("()", "onp.array([2.0])"),
                                       ("()", "mx.np.ones(2)"), ("0", "5"), ("Ellipsis", "5")])
def test_setitem_0d(key, value):
    def f(mx):
        a = mx.np.array(1.0)
        a[eval(key)] = eval(value)
        return a
    check(_quiet(f))


# ---------------------------------------------------------------- conversion and copies
def test_asnumpy_item_tolist():
    check(lambda mx: (X(mx).asnumpy(), X(mx, (2, 2), "int32").asnumpy(), X(mx, (3,)).tolist()))


@pytest.mark.parametrize("args", ["('int32',)", "('float64',)", "('bool',)", "(onp.int64,)", "('float32',)",
                                  "('int32', 'C')", "('int32', 'F')", "('int32', 'K', 'safe')",
                                  "('int32', 'K', 'unsafe', False)"])
def test_astype(args):
    check(lambda mx: mx.np.array([[1.7, -2.5], [0, 3]]).astype(*eval(args)))


def test_astype_copy_false():
    same(lambda mx: (lambda a: (a.astype("float32", copy=False) is a, a.astype("int32", copy=False) is a))(
        mx.np.ones(2)))


def test_copy_and_copyto():
    def f(mx):
        a = X(mx, (2, 3))
        b = a.copy()
        b[0] = -1
        c = mx.np.zeros((2, 3), dtype="int32")
        r = a.copyto(c)
        return a, b, c, r is c, a.copyto(mx.cpu(1)), a.as_in_ctx(mx.cpu(1)), a.as_in_ctx(mx.cpu()) is a
    check(_quiet(f))


@pytest.mark.parametrize("code", ["X(mx).copy(order='F')", "X(mx).copyto(mx.nd.zeros((2, 3, 4)))",
                                  "X(mx).copyto(mx.np.zeros(3))", "X(mx).copyto('cpu')"])
def test_copy_errors(code):
    check(_quiet(lambda mx: eval(code)))


def test_copyto_self_warns():
    def f(mx):
        a = mx.np.ones(2)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            r = a.copyto(a)
        return r, [x.category.__name__ for x in w]
    same(f)


def test_as_in_context_warns():
    def f(mx):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            r = mx.np.ones(2).as_in_context(mx.cpu(2))
        return str(r.ctx), type(r).__name__, [x.category.__name__ for x in w]
    same(f)


def test_nd_np_views_share_data():
    def f(mx):
        a = mx.nd.ones((2, 2))
        b = a.as_np_ndarray()
        b[0, 0] = 5
        c = b.as_nd_ndarray()
        return a, type(b).__name__, type(c).__name__, b.as_np_ndarray() is b, c
    check(f)


def test_pickle_roundtrip():
    for m in MODULES:
        a = m.np.array([[1, 2], [3, 4]], dtype="int32")
        b = pickle.loads(pickle.dumps(a))
        assert type(b) is m.np.ndarray and b.dtype == onp.int32
        onp.testing.assert_array_equal(b.asnumpy(), a.asnumpy())


# ---------------------------------------------------------------- refused legacy methods
@pytest.mark.parametrize("name", ["asscalar", "reshape_like", "zeros_like", "ones_like", "broadcast_like",
                                  "split", "slice", "slice_axis", "one_hot", "pick", "topk", "tostype",
                                  "abs", "sign", "expand_dims", "tile", "flip", "diag", "norm", "nansum"])
def test_refused_legacy_methods(name):
    check(lambda mx: getattr(mx.np.ones(2), name)(mx.np.ones(2)) if name.endswith("like")
          else getattr(mx.np.ones(2), name)())


# ---------------------------------------------------------------- autograd
def test_attach_grad_and_getitem_backward():
    def f(mx):
        x = mx.np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        x.attach_grad()
        with mx.autograd.record():
            y = x[0]
            z = x[1, [0, 2]]
            w = x[mx.np.array(onp.array([[0, 0, 0], [0, 1, 1]]), dtype="bool")]
        mx.autograd.backward([y, z, w])
        return x.grad, type(x.grad).__name__, y, z, w
    check(f)


def test_grad_add_and_detach():
    def f(mx):
        x = mx.np.array([1.0, 2.0])
        x.attach_grad(grad_req="add")
        for _ in range(2):
            with mx.autograd.record():
                y = x[::-1]
            y.backward()
        d = x.detach()
        return x.grad, d, type(d).__name__
    check(f)


def test_setitem_under_record_refused():
    def f(mx):
        x = mx.np.ones(3)
        x.attach_grad()
        with mx.autograd.record():
            x[0] = 2
        return x
    check(f)


# ---------------------------------------------------------------- numpy-mode flags
def test_np_flags_per_thread():
    import threading

    def f(mx):
        seen = {}

        def other():
            seen["other"] = (mx.util.is_np_shape(), mx.util.is_np_array())
        th = threading.Thread(target=other)
        th.start()
        th.join()
        return seen["other"], mx.util.is_np_shape(), mx.util.is_np_array()
    same(f)


def test_np_shape_global_flag():
    import threading

    def f(mx):
        mx.npx.reset_np()
        prev = mx.util.set_np_shape(2)
        seen = {}
        th = threading.Thread(target=lambda: seen.setdefault("o", mx.util.is_np_shape()))
        th.start()
        th.join()
        return prev, seen["o"], mx.util.set_np_shape(False), mx.util.is_np_shape()
    same(f)


def test_np_scopes():
    def f(mx):
        mx.npx.reset_np()
        out = []
        with mx.util.np_array(None):
            out.append(mx.util.is_np_array())
        with mx.util.np_array(True):
            out.append(mx.util.is_np_array())
            mx.util.set_np(shape=True, array=False)
            out.append(mx.util.is_np_array())
        out.append((mx.util.is_np_array(), mx.util.is_np_shape()))
        mx.npx.set_np()
        try:
            with mx.util.np_shape(False):
                out.append("entered")
        except ValueError:
            out.append("ValueError")
        return out
    same(f)


def test_use_np_decorates_functions_and_classes():
    def f(mx):
        mx.npx.reset_np()

        @mx.util.use_np
        def fn():
            return mx.util.is_np_shape(), mx.util.is_np_array()

        class Base:
            def inherited(self):
                return mx.util.is_np_array()

            @property
            def prop(self):
                return mx.util.is_np_shape()

        @mx.util.use_np_array
        class Sub(Base):
            def own(self):
                return mx.util.is_np_array(), mx.util.is_np_shape()

            @classmethod
            def cm(cls):
                return cls.__name__, mx.util.is_np_array()

        s = Sub()
        return (fn(), fn.__name__, s.own(), s.inherited(), s.prop, Sub.cm(), Base().inherited(),
                mx.util.is_np_array())
    same(f)
    same(lambda mx: mx.util.use_np(3))


def test_use_np_wraps_inherited_block_methods():
    def f(mx):
        @mx.util.use_np
        class Net(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, x):
                return x

        return ["initialize" in vars(Net), "collect_params" in vars(Net), "hybrid_forward" in vars(Net)]
    same(f)


@pytest.mark.parametrize("key", ["slice(None)", "()", "0", "slice(None, None, -1)", "[2, 0, 1]", "None"])
def test_setitem_recorded_value(key):
    def f(mx):
        x = mx.np.zeros(3)
        y = mx.np.array([1.0, 2.0, 3.0])
        y.attach_grad()
        with mx.autograd.record():
            x[eval(key)] = y if eval(key) != 0 else y[0]
            z = x * 1 if hasattr(x, "__mul__") else x
        return x

    check(f)


def test_index_key_kinds_numpy_ints_ranges_tuples():
    def f(mx):
        a = X(mx, (8, 16, 9, 9), "int32")
        return (a[onp.int64(5)], a[slice(onp.int32(1), onp.int64(7), onp.int32(2))], a[range(3, 0, -1)],
                a[(range(4), [1])], a[([1, 2], slice(3, 5), (2, 3), [3, 4])], a[([[[[1]]]], 3, slice(0, 3), 0)],
                a[(1, [2], onp.array([[3]]), slice(None, None, -1))])
    check(f)


def test_np_array_scope_objects_per_thread():
    """MXNet's test_thread_local.test_np_array_scope: the scope objects of `util._NumpyArrayScope`."""
    import threading

    def f(mx):
        scope_cls = mx.util._NumpyArrayScope
        saved = scope_cls._current
        try:
            seen = []
            scope_cls._current = scope_cls(False)
            seen.append(scope_cls._current._is_np_array)

            def other():
                scope_cls._current = scope_cls(True)
                seen.append(scope_cls._current._is_np_array)
            th = threading.Thread(target=other)
            th.start()
            th.join()
            event, status = threading.Event(), [False]

            def g():
                with mx.np_array(False):
                    event.wait()
                    status[0] = not mx.is_np_array()
            th = threading.Thread(target=g)
            th.start()
            scope_cls._current = scope_cls(True)
            event.set()
            th.join()
            return seen, status[0]
        finally:
            scope_cls._current = saved
    same(f)


# edge cases and bad input of indexing, conversion and copies
EDGE = [
    "mx.np.ones((2, 3))[mx.np.array([0, 1], dtype='int64'), mx.np.array([1, 2], dtype='int64')]",
    'mx.np.ones((2, 3))[[0, 5]]',
    'mx.np.ones((2, 3))[[-1, 0]]',
    'mx.np.ones((2, 3))[mx.np.array([True, False, True], dtype=bool)]',
    'mx.np.ones((2, 3))[:, mx.np.array([True, False, True], dtype=bool)]',
    'mx.np.ones((2, 3))[[[True, False, True]]]',
    'mx.np.ones((2, 3))[..., ...]',
    'mx.np.ones((2, 3))[1:1]',
    'mx.np.ones((2, 3))[5:]',
    'mx.np.ones((2, 3))[-10:10]',
    'mx.np.ones((2, 3))[::3]',
    'mx.np.ones((2, 3))[slice(None, None, -1), slice(None, None, -1)]',
    'mx.np.ones((2, 3))[[]]',
    "mx.np.ones((2, 3))[onp.array([], dtype='int64')]",
    'mx.np.ones((2, 3))[1.5]',
    'mx.np.ones((2, 3))[1, 1.5]',
    "mx.np.ones((2, 3))[{'a': 1}]",
    'mx.np.ones((2, 3))[slice(0.5, 2)]',
    "mx.np.ones((2, 3))[mx.np.array(1, dtype='int32'), 1]",
    'mx.np.ones((2, 3))[onp.int64(1), onp.int32(2)]',
    'mx.np.ones((2, 3))[None, None]',
    "mx.np.ones((2, 3))[mx.np.array([[0, 1], [1, 0]], dtype='int32')]",
    'mx.np.arange(6)[mx.np.array([1.7, 2.2])]',
    "mx.np.arange(6)[mx.np.array([-1, -2], dtype='int32')]",
    'mx.np.zeros((2, 0))[0]',
    'mx.np.zeros((2, 0))[:, 0:0]',
    'mx.np.zeros((0, 3))[[]]',
    "mx.np.arange(6).astype('float16')",
    'mx.np.arange(6).astype(onp.float64)',
    "mx.np.arange(6).astype('int16')",
    'mx.np.arange(6).astype(None)',
    "mx.np.array([-1.5, 2.5, 300.]).astype('uint8')",
    "mx.np.array([-1.5, 2.5, 3e10]).astype('int32')",
    "mx.np.array([0., 0.5, -2]).astype('bool')",
    "mx.np.array([1, 0], dtype=bool).astype('float32')",
    "mx.np.arange(6).astype(dtype='int32', copy=False)",
    'mx.np.arange(6).item(10)',
    'mx.np.arange(6).item(1, 2)',
    'mx.np.zeros((2, 3)).item(1, 2)',
    'mx.np.array(3).item()',
    'mx.np.ones(2).asscalar()',
    "mx.np.ones(2).tostype('default')",
    'mx.np.ones(2).diag()',
    'mx.np.ones(2).as_nd_ndarray().asscalar() if False else mx.np.ones(2).as_nd_ndarray()',
    "mx.np.ones(2).attach_grad(grad_req='null')",
    "mx.np.ones(2).attach_grad(stype='default')",
    "mx.np.ones(2).attach_grad('bad')",
    'mx.np.ones(2).grad',
    "mx.np.ones((2, 2)).copyto(mx.np.zeros((2, 2), dtype='float16'))",
    'mx.np.ones((2, 2)).copyto(onp.zeros((2, 2)))',
    'mx.np.ones((2, 2)).copyto(None)',
    "mx.np.ones((2, 2)).copy('F')",
    "mx.np.ones((2, 2)).copy('C')",
    "mx.np.ones((2, 2)).as_in_ctx('cpu(0)')",
    'mx.np.ones(3).slice_assign(mx.np.zeros(1), (0,), (1,), (None,))',
    'mx.np.ones(3).slice_assign_scalar(5, (1,), (3,), (None,))',
    'mx.np.ones(3).wait_to_read()',
    'mx.np.ones(3).stype',
    'mx.np.ones(3).writable',
    'mx.np.ones(3).T',
    'mx.np.ones(3).__array_priority__',
    'float(mx.np.array(2.5))',
    'int(mx.np.array([[3.9]]))',
    'complex(mx.np.array(2.5))',
    'mx.np.ones(3).__index__()',
    'round(mx.np.array(2.5))',
    'abs(mx.np.array(-2.5))',
]


@pytest.mark.parametrize("code", EDGE)
def test_ndarray_edge_cases(code):
    check(_quiet(lambda mx: eval(code)))


# official numpy functions and ufuncs on mx.np arrays: __array_function__ / __array_ufunc__ dispatch
DISPATCH = [
    'onp.sum(mx.np.ones(3))',
    'onp.sin(mx.np.ones(3))',
    'onp.add(mx.np.ones(3), 1)',
    'onp.mean(mx.np.ones((2, 3)), axis=0)',
    'onp.concatenate([mx.np.ones(2), mx.np.zeros(2)])',
    'onp.allclose(mx.np.ones(2), mx.np.ones(2))',
    'onp.shape(mx.np.ones((2, 3)))',
    'onp.ndim(mx.np.ones((2, 3)))',
    'onp.size(mx.np.ones((2, 3)))',
    'onp.unwrap(mx.np.ones(3))',
    'onp.ones(3) + mx.np.ones(3)',
    'onp.float32(2) * mx.np.ones(3)',
    'onp.exp(mx.np.ones(2), out=mx.np.zeros(2))',
    'onp.ones(2) == mx.np.ones(2)',
    'onp.dot(mx.np.ones(2), mx.np.ones(2))',
    'onp.where(mx.np.array([1., 0]), 1, 2)',
    'onp.transpose(mx.np.ones((2, 3)))',
    'onp.reshape(mx.np.ones(6), (2, 3))',
    'onp.testing.assert_allclose(mx.np.ones(2), onp.ones(2))',
]


@pytest.mark.parametrize("code", DISPATCH)
def test_numpy_dispatch_protocols(code):
    check(_quiet(lambda mx: eval(code)))


def test_numpy_fallback_refused_under_record():
    def f(mx):
        x = mx.np.ones(3)
        with mx.autograd.record():
            return onp.unwrap(x)
    check(f)


# python protocol extras: copies, membership, attribute presence, nd/np views
EXTRA = [
    "__import__('copy').deepcopy(mx.np.arange(3))",
    "__import__('copy').copy(mx.np.arange(3))",
    "__import__('copy').deepcopy(mx.np.ones(2, ctx=mx.cpu(1)))",
    '1 in mx.np.arange(3)',
    'list(reversed(mx.np.arange(3)))',
    'sorted(mx.np.array([3., 1, 2]).tolist())',
    'mx.np.arange(3).__len__()',
    "dir(mx.np.ndarray).count('device')",
    "hasattr(mx.np.ones(2), 'to_device')",
    "hasattr(mx.np.ones(2), 'wait_to_write')",
    "hasattr(mx.np.ones(2), 'softsign')",
    "hasattr(mx.np.ones(2), 'asscalar')",
    "hasattr(mx.np.ones(2), 'reshape_view')",
    'mx.np.ones(2).as_np_ndarray().as_nd_ndarray().as_np_ndarray()',
    'isinstance(mx.np.ones(2), mx.nd.NDArray)',
    'type(mx.np.ones(2).as_nd_ndarray()).__name__',
    'mx.np.ones((2, 2)).as_nd_ndarray().context',
    'mx.nd.ones(2).as_np_ndarray().ctx',
    'mx.np.ndarray.__name__',
]


@pytest.mark.parametrize("code", EXTRA)
def test_ndarray_python_extras(code):
    check(_quiet(lambda mx: eval(code)))


# ---------------------------------------------------------------- d2l-style usage (D2L's MXNet chapters)
def test_d2l_minibatch_indexing_with_float_index_arrays():
    def f(mx):
        features = mx.np.array(onp.arange(20.).reshape(10, 2))
        labels = mx.np.array(onp.arange(10.).reshape(10, 1))
        indices = [3, 7, 1, 0, 9, 2, 8, 5, 4, 6]
        out = []
        for i in range(0, 10, 4):
            bi = mx.np.array(indices[i: min(i + 4, 10)])  # float32 indices, as d2l's data_iter
            out.append((features[bi], labels[bi]))
        out.append(features[:, (1)])
        return out
    check(f)


def test_d2l_cross_entropy_pick_and_sgd_update():
    def f(mx):
        y_hat = mx.np.array([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
        y = mx.np.array([0, 2])
        y_hat.attach_grad()
        with mx.autograd.record():
            picked = y_hat[range(len(y_hat)), y]
        picked.backward()
        w = mx.np.array([[0.5], [-0.2]])
        w.attach_grad()
        w[:] = mx.np.array([[0.25], [0.3]])
        return picked, y_hat.grad, w
    check(f)


# more keys: masks mixed with slices, 0-d masks, numpy keys, small-int and float16 index arrays, bad lists
KEYS2 = [
    'mx.np.ones((2, 3))[[slice(None), 1]]',
    'mx.np.ones((2, 3))[[0, [1]]]',
    'mx.np.ones((2, 3))[(0,)]',
    'mx.np.ones((2, 3))[[0, 1], [0]]',
    'mx.np.ones((2, 3))[[0, 1], [0, 1, 2]]',
    'mx.np.arange(6)[mx.np.array([[True, False, True, False, True, False]], dtype=bool)]',
    'mx.np.arange(6).reshape(2, 3)[mx.np.array([True, False], dtype=bool), 1:]',
    'mx.np.arange(6).reshape(2, 3)[1:, mx.np.array([True, False, True], dtype=bool)]',
    'mx.np.arange(6).reshape(2, 3)[mx.np.array(True, dtype=bool)]',
    'mx.np.arange(6).reshape(2, 3)[mx.np.array(False, dtype=bool)]',
    'mx.np.arange(6).reshape(2, 3)[onp.array(True)]',
    'mx.np.arange(6).reshape(2, 3)[onp.array([1])]',
    'mx.np.arange(6).reshape(2, 3)[onp.array([[1]])]',
    'mx.np.arange(6).reshape(2, 3)[onp.array([1.0])]',
    'mx.np.arange(6).reshape(2, 3)[-3]',
    'mx.np.arange(6).reshape(2, 3)[(slice(None), -4)]',
    'mx.np.arange(6).reshape(2, 3)[Ellipsis, None]',
    'mx.np.arange(6).reshape(2, 3)[..., 1, ...]',
    "mx.np.arange(6).reshape(2, 3)[mx.np.array([0, 1], dtype='uint8')]",
    "mx.np.arange(6).reshape(2, 3)[mx.np.array([0, 1], dtype='int8')]",
    "mx.np.arange(6).reshape(2, 3)[mx.np.array([0, 1], dtype='float16')]",
]


@pytest.mark.parametrize("code", KEYS2)
def test_getitem_more_keys(code):
    check(_quiet(lambda mx: eval(code)))


# setitem values: numpy scalars, wrapping casts, bool targets, tuples, empty values, broadcasting, masks, 0-d
SET2 = [
    '(lambda a: (a.__setitem__(0, True), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__(0, 2.5), a)[1])(mx.np.zeros(3, dtype=bool))',
    "(lambda a: (a.__setitem__(0, -1), a)[1])(mx.np.zeros(3, dtype='uint8'))",
    "(lambda a: (a.__setitem__(0, 300), a)[1])(mx.np.zeros(3, dtype='uint8'))",
    "(lambda a: (a.__setitem__(0, onp.nan), a)[1])(mx.np.zeros(3, dtype='int32'))",
    "(lambda a: (a.__setitem__(0, -2.7), a)[1])(mx.np.zeros(3, dtype='int32'))",
    "(lambda a: (a.__setitem__(slice(None), [-2.7, 1.5, 3.9]), a)[1])(mx.np.zeros(3, dtype='int32'))",
    "(lambda a: (a.__setitem__(slice(None), mx.np.array([-2.7, 1.5, 3.9])), a)[1])(mx.np.zeros(3, dtype='int32'))",
    "(lambda a: (a.__setitem__(slice(None), onp.array([-2.7, 1.5, 3.9])), a)[1])(mx.np.zeros(3, dtype='int32'))",
    '(lambda a: (a.__setitem__(0, onp.float64(2.5)), a)[1])(mx.np.zeros(3))',
    "(lambda a: (a.__setitem__(0, onp.int64(7)), a)[1])(mx.np.zeros(3, dtype='int64'))",
    '(lambda a: (a.__setitem__(0, onp.bool_(True)), a)[1])(mx.np.zeros(3))',
    "(lambda a: (a.__setitem__(slice(None), mx.np.array([1, 0, 2], dtype='int32')), a)[1])(mx.np.zeros(3, dtype=bool))",
    '(lambda a: (a.__setitem__(slice(None), (1, 2, 3)), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__(slice(None), None), a)[1])(mx.np.zeros(3))',
    "(lambda a: (a.__setitem__(slice(None), {'a': 1}), a)[1])(mx.np.zeros(3))",
    '(lambda a: (a.__setitem__(slice(None), mx.np.ones((3, 1))), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__(slice(None), mx.np.ones((0,))), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__(slice(0, 0), mx.np.ones((0,))), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__(slice(0, 0), 5), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__((slice(None), 0), mx.np.ones((1, 2))), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a.__setitem__((slice(None), 0), mx.np.ones((2, 1))), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a.__setitem__(([0, 1], [0, 1]), mx.np.ones((1, 2))), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a.__setitem__(([0, 1], [0, 1]), mx.np.ones((1, 1, 2))), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a.__setitem__(([0, 0], [1, 1]), mx.np.array([5., 6.])), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a.__setitem__((0, slice(None)), mx.np.ones(3)), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a.__setitem__(5, 1), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__(1.5, 1), a)[1])(mx.np.zeros(3))',
    "(lambda a: (a.__setitem__(mx.np.array([0, 2], dtype='int32'), mx.np.array([4., 5.])), a)[1])(mx.np.zeros(3))",
    '(lambda a: (a.__setitem__(mx.np.array([0., 2.]), 9), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__(mx.nd.array([0, 2]), 9), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__(mx.np.array([True, False, True], dtype=bool), mx.np.array([1., 2., 3.])), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__(mx.np.array([True, False, True], dtype=bool), [1., 2.]), a)[1])(mx.np.zeros(3))',
    '(lambda a: (a.__setitem__(mx.np.array([[True, False], [False, True]], dtype=bool), 7), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a.__setitem__(mx.np.array([True, False], dtype=bool), 7), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a.__setitem__(mx.np.array([True, False], dtype=bool), mx.np.array([1., 2.])), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a.__setitem__(Ellipsis, mx.np.array(4.)), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a.__setitem__(Ellipsis, 4), a)[1])(mx.np.array(1.))',
    '(lambda a: (a.__setitem__((), mx.np.ones((1, 1))), a)[1])(mx.np.array(1.))',
    '(lambda a: (a.__setitem__((), onp.float32(3)), a)[1])(mx.np.array(1.))',
    '(lambda a: (a.__setitem__((), [3.]), a)[1])(mx.np.array(1.))',
]


@pytest.mark.parametrize("code", SET2)
def test_setitem_more_values(code):
    check(_quiet(lambda mx: eval(code)))


# assigning views of the array itself (overlapping regions read the old values)
OVERLAP = [
    '(lambda a: (a.__setitem__(slice(1, None), a[:-1]), a)[1])(mx.np.arange(5))',
    '(lambda a: (a.__setitem__(slice(None, -1), a[1:]), a)[1])(mx.np.arange(5))',
    '(lambda a: (a.__setitem__(slice(None), a), a)[1])(mx.np.arange(5))',
    '(lambda a: (a.__setitem__(slice(None), a[::-1]), a)[1])(mx.np.arange(5))',
    '(lambda a: (a.__setitem__((slice(1, None), 0), a[:-1, 1]), a)[1])(mx.np.arange(6).reshape(3, 2))',
    '(lambda a: (a.__setitem__([1, 2], a[[0, 1]]), a)[1])(mx.np.arange(5))',
]


@pytest.mark.parametrize("code", OVERLAP)
def test_setitem_overlapping_self_views(code):
    check(_quiet(lambda mx: eval(code)))


@pytest.mark.parametrize("kwargs", ["{}", "{'casting': 'same_kind'}", "{'casting': 'unsafe'}", "{'casting': 'x'}",
                                    "{'dtype': 'float32'}", "{'dtype': 'int16'}", "{'order': 'C'}",
                                    "{'subok': False}", "{'subok': 1}", "{'where': False}", "{'foo': 1}"])
def test_util_ufunc_wrappers(kwargs):
    def f(mx):
        un = mx.util.wrap_np_unary_func(lambda x, out=None: ("unary", x, out))
        bi = mx.util.wrap_np_binary_func(lambda x1, x2, out=None: ("binary", x1, x2, out))
        res = []
        for call in (lambda: un(1, **eval(kwargs)), lambda: bi(1, 2, **eval(kwargs))):
            try:
                res.append(call())
            except Exception as e:  # noqa: BLE001 - the kind and message are compared
                res.append((type(e).__name__, str(e).replace("<lambda>", "f")))
        return res, mx.util.np_ufunc_legal_option("dtype", "int8"), mx.util.set_module("m")(f).__module__
    same(f)


# NDArray._at / _slice, inherited by MXNet's numpy ndarray (views of the first axis)
AT_SLICE = [
    'mx.np.arange(6)._at(1)',
    'mx.np.arange(6)._slice(1, 3)',
    'mx.np.arange(6).reshape(2, 3)._at(1)',
    'mx.np.arange(6)._at(-1)',
    'mx.np.arange(6)._at(6)',
    'mx.np.arange(6)._slice(None, 2)',
    'mx.np.arange(6)._slice(4, 10)',
    '(lambda a: (a._at(1).__setitem__(slice(None), 7), a)[1])(mx.np.zeros((2, 2)))',
    '(lambda a: (a._slice(0, 1).__setitem__(slice(None), 7), a)[1])(mx.np.zeros((2, 2)))',
]


@pytest.mark.parametrize("code", AT_SLICE)
def test_at_and_slice(code):
    check(_quiet(lambda mx: eval(code)))


def test_copyto_under_record_joins_the_graph():
    def f(mx):
        x = mx.np.array([1., 2., 3.])
        x.attach_grad()
        z = mx.np.zeros(3)
        with mx.autograd.record():
            y = x * 2
            r = y.copyto(z)
            w = z * 3
        w.backward()
        return z, x.grad, r is z
    check(f)


def test_copyto_into_a_variable_under_record_refused():
    def f(mx):
        x = mx.np.array([1., 2., 3.])
        x.attach_grad()
        z = mx.np.zeros(3)
        z.attach_grad()
        with mx.autograd.record():
            (x * 2).copyto(z)
        return z
    check(f)


# printing: special values, summarised arrays, small dtypes, empty shapes, cpu(k), format specs
PRINT = [
    'repr(mx.np.array([onp.nan, onp.inf, -onp.inf]))',
    'repr(mx.np.arange(2000))',
    'str(mx.np.arange(2000))',
    'repr(mx.np.array([1e-10, 1e10]))',
    "repr(mx.np.array([[1, 2]], dtype='int8'))",
    'repr(mx.np.array([True, False], dtype=bool))',
    'repr(mx.np.array(True, dtype=bool))',
    'repr(mx.np.array(onp.float16(1.5)))',
    "repr(mx.np.zeros((2, 0, 3), dtype='float64'))",
    "repr(mx.np.zeros((0,), dtype='float16'))",
    'str(mx.np.zeros((0,)))',
    "repr(mx.np.ones((3, 1, 2), dtype='uint8'))",
    'str(mx.np.ones((2, 2), ctx=mx.cpu(2)))',
    "repr(mx.np.ones((2, 2), dtype='int32', ctx=mx.cpu(2)))",
    "'{:>10}'.format(mx.np.array(2, dtype='int32'))",
    "'%s' % mx.np.ones(2)",
    "f'{mx.np.array(1.5):.3f}'",
]


@pytest.mark.parametrize("code", PRINT)
def test_printing_more(code):
    same(lambda mx: eval(code))
