"""slice/crop/slice_axis parameters that MXNet parses as tuples of optional ints: None entries, a whole None
step, ints; plain shapes (transpose's axes, Pooling's kernel) still reject None entries (oracle tests)."""
import numpy as np
import pytest

from tests.oracle import check

A = np.arange(12.0).reshape(3, 4)

CASES = [
    "mx.nd.slice(a, begin=(1, None), end=(None, 3), step=None)",
    "mx.nd.slice(a, begin=(1, None), end=(None, 3), step=(None, 2))",
    "mx.nd.slice(a, begin=(None, None), end=(None, None), step=(-1, None))",
    "mx.nd.slice(a, begin=[1, None], end=[None, None], step=[None, -1])",
    "mx.nd.slice(a, begin='(1,None)', end='(None,None)')",
    "mx.nd.slice(a, begin=(1, 0), end=(3, 4), step='None')",
    "mx.nd.slice(a, begin=(1,), end=(3,), step=None)",
    "mx.nd.slice(a, begin=1, end=2)",
    "mx.nd.slice(a, begin=(1.5,), end=(2,))",
    "mx.nd.slice(a, begin=(1, 0), end=None)",
    "mx.nd.slice(a, begin=None, end=None)",
    "mx.nd.crop(a, begin=(1, None), end=(None, 2))",
    "mx.nd.slice_axis(a, axis=1, begin=-3, end=None)",
    "a.slice(begin=(1, None), end=(None, None), step=(1, 2))",
    "mx.nd.transpose(a, axes=(None, 1))",
    "mx.nd.Pooling(a.reshape((1, 1, 3, 4)), kernel=(None, 2))",
    "mx.nd.reshape(a, shape=(None, 2))",
    "mx.sym.slice(mx.sym.var('x'), begin=(1, None), end=(None, 2)).eval(x=a)[0]",
]


@pytest.mark.parametrize("code", CASES)
def test_optional_int_tuples(code):
    check(lambda mx: eval(code, {"mx": mx, "a": mx.nd.array(A)}))  # noqa: S307


def test_slice_assign_none_entries():
    def run(mx):
        a = mx.nd.array(A)
        return mx.nd._internal._slice_assign_scalar(a, scalar=7.0, begin=(None, 1), end=(2, None), step=(None, 2))
    check(run)
