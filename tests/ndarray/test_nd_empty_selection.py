"""Indexing that selects no element: MXNet 1.9.1 refuses some such keys (begin > end on `x[a:b]`, an empty
axis after the first in a basic key, an empty slice in an advanced key, a reversed range in an assignment)
and allows others. Every case is compared with the oracle, and the error cases must raise on the oracle."""
import mxnet
import pytest

from tests.oracle import check_code

A = "a = mx.nd.arange(24).reshape(4, 6); "
B = "a = mx.nd.arange(24).reshape(2, 3, 4); "
E = "a = mx.nd.arange(24).reshape(4, 6)[2:2]; "
NP = "mx.npx.set_np(); a = mx.np.arange(24).reshape(4, 6); "

REFUSED = [  # MXNetError on MXNet
    A + "out = a[1:3, 2:2]", A + "out = a[5:2]", A + "out = a[3:1]", A + "out = a[-1:-3]", A + "out = a[3:1:1]",
    A + "out = a[:, 6:]", A + "out = a[:, 3:1]", A + "out = a[:, 1:3:-1]", A + "out = a[1, 2:2]",
    A + "out = a[None, 2:2]", A + "out = a[..., 2:2]", A + "out = a[3:1:-1, 2:2]", A + "out = a[None, None, 2:2]",
    A + "out = a[[1, 2], 2:2]", A + "out = a[2:2, [1, 2]]", A + "out = a[[]]", A + "out = a[[1], []]",
    A + "out = a[:, []]", A + "out = a[mx.nd.array([1, 2]), 2:2]", A + "out = a[np.array([], dtype='int64')]",
    B + "out = a[:, :, 2:2]", B + "out = a[0, 2:2]", B + "out = a[0:0, 2:2]", B + "out = a[0, 1, 2:2]",
    E + "out = a[:, 2:2]", E + "out = a[None]",
    "out = mx.nd.arange(6)[5:2]",
    A + "a[[1, 2], 2:2] = 5; out = a", A + "a[[]] = 5; out = a",
]
ASSERTION = [  # MXNet's slice sizing assertion on assignment
    A + "a[5:2] = 1; out = a", A + "a[3:1] = 5; out = a", A + "a[-1:-3] = 5; out = a", A + "a[3:1, 1] = 5; out = a",
    A + "a[1:3, 4:2] = 1; out = a", A + "a[1:3:-1] = 5; out = a", A + "a[1:3:-1, 2:2] = 5; out = a",
]
ALLOWED = [
    A + "out = a[2:2]", A + "out = a[4:]", A + "out = a[10:]", A + "out = a[-10:-8]", A + "out = a[2:2, 1:3]",
    A + "out = a[2:2, :]", A + "out = a[3:1:-1]", A + "out = a[1:3:-1]", A + "out = a[(slice(5, 2),)]",
    A + "out = a[(slice(5, 2), 1)]", A + "out = a[3:1, :]", A + "out = a[2:2, None]", A + "out = a[2:2, 1]",
    A + "out = a[2:2, ::2]", A + "out = a[2:2:2]", A + "out = a[3:1:2]", A + "out = a[1:3:-1, 1:3]",
    B + "out = a[0:0, :, None]", B + "out = a[0:0, 1]", B + "out = a[0:0, 1, None, 1:3]",
    E + "out = a[:, 1:3]", E + "out = a[1:3]", E + "out = a[:, 2]", E + "out = a[:, None]", E + "out = a[..., None]",
    "out = mx.nd.arange(6)[5:2:-1]", "out = mx.nd.arange(6)[2:5:-1]",
    A + "a[1:3, 2:2] = 1; out = a", A + "a[:, 2:2] = 5; out = a", A + "a[2:2] = 5; out = a",
    A + "a[3:1:-1] = 5; out = a", A + "a[10:] = 5; out = a", A + "a[-10:-8] = 5; out = a",
    A + "a[3:1] = mx.nd.ones((0, 6)); out = a",
    A + "out = mx.nd.slice(a, begin=(1, 2), end=(3, 2))", A + "out = mx.nd.slice(a, begin=(3,), end=(1,))",
]  # slice_axis/crop/fixed_crop with an empty axis after the first leave a deferred engine error in MXNet
   # (it fails a later, unrelated call), so they are not compared here
NP_REFUSED = [NP + "out = a[5:2]", NP + "out = a[-1:-3]", NP + "out = a[5:2:1]", NP + "out = a[[1, 2], 2:2]",
              NP + "out = a[2:2, [1, 2]]",
              "mx.npx.set_np(); a = mx.nd.arange(24).reshape(4, 6); out = a[1:3, 2:2]",
              "mx.npx.set_np(); a = mx.nd.arange(24).reshape(4, 6); out = a[None, 2:2]"]
NP_ASSERTION = [NP + "a[3:1] = 1; out = a", NP + "a[:, 3:1] = 1; out = a"]
NP_ALLOWED = [NP + "out = a[1:3, 2:2]", NP + "out = a[None, 2:2]", NP + "out = a[[]]", NP + "out = a[:, 3:1]",
              NP + "out = a[(slice(5, 2),)]", NP + "out = a[5:2, 1:2]", NP + "out = a[1:3, 2:2, None]",
              NP + "out = a[1, 2:2]", NP + "a[2:2] = 1; out = a",
              "mx.npx.set_np(); a = mx.nd.arange(24).reshape(4, 6); out = a[[]]",
              "mx.npx.set_np(); a = mx.nd.arange(24).reshape(4, 6); out = a[3:1, :]"]


@pytest.fixture(autouse=True)
def _reset_np():
    yield
    import torch2gluon
    for m in (mxnet, torch2gluon):
        m.npx.reset_np()
    try:  # an MXNet error raised inside its engine (an empty array's lazy allocation) would fail a later test
        mxnet.nd.waitall()
    except mxnet.base.MXNetError:
        pass


@pytest.mark.parametrize("code", REFUSED + NP_REFUSED)
def test_empty_selection_refused(code):
    check_code(code, raises=mxnet.base.MXNetError)


@pytest.mark.parametrize("code", ASSERTION + NP_ASSERTION)
def test_reversed_range_assignment_asserts(code):
    check_code(code, raises=AssertionError)


@pytest.mark.parametrize("code", ALLOWED + NP_ALLOWED)
def test_empty_selection_allowed(code):
    check_code(code)

