"""The fast numpy-array flag follows every way of changing MXNet's per-thread scope object (oracle-checked)."""
from tests.oracle import check


def test_set_np_then_is_np_array_and_array_class():
    def fn(mx):
        mx.npx.set_np()
        try:
            a = mx.np.ones((2,))
            return mx.util.is_np_array(), str(a.dtype)
        finally:
            mx.npx.reset_np()
    check(fn)


def test_assigning_the_scope_object_directly():
    def fn(mx):
        mx.npx.reset_np()
        scope_cls = mx.util._NumpyArrayScope  # pylint: disable=protected-access
        scope_cls._current.value = scope_cls(True)  # as MXNet's own thread-local tests do
        try:
            return mx.util.is_np_array()
        finally:
            scope_cls._current.value = scope_cls(False)
    check(fn)


def test_np_array_none_scope():
    def fn(mx):
        mx.npx.reset_np()
        with mx.util.np_array(None):
            inside = mx.util.is_np_array()
        return inside, mx.util.is_np_array()
    check(fn)
