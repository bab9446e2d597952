"""The public attribute set of MXNet 1.9.1's legacy NDArray and mx.np ndarray: torch2gluon adds only its documented
bridge `to_torch` (legacy `writable` is not modelled: torch2gluon has no read-only arrays)."""
import mxnet
import pytest

import torch2gluon
from tests.oracle import check_code

_EXTENSIONS = {"to_torch"}
_NOT_MODELLED = {"writable"}


@pytest.mark.parametrize("make", [lambda m: m.nd.ones(1), lambda m: m.np.ones(1)], ids=["legacy", "np"])
def test_public_names_match(make):
    theirs = {n for n in dir(make(mxnet)) if not n.startswith("_")}
    ours = {n for n in dir(make(torch2gluon)) if not n.startswith("_")}
    assert ours - theirs == _EXTENSIONS
    assert theirs - ours <= _NOT_MODELLED


@pytest.mark.parametrize("code", [
    "hasattr(mx.nd.ones(1), 'dot')", "hasattr(mx.nd.ones(1), 'as_in_ctx')",
    "hasattr(mx.nd.ones(1), 'wait_to_write')", "hasattr(mx.nd.ones(1), 'softsign')",
    "hasattr(mx.np.ones(1), 'dot')", "hasattr(mx.np.ones(1), 'as_in_ctx')",
    "hasattr(mx.np.ones(1), 'softsign')", "hasattr(mx.np.ones(1), 'wait_to_write')",
    "mx.np.ones((2, 2)).dot(mx.np.ones((2, 1)))",
])
def test_attribute_presence(code):
    check_code(code)
