"""nd.array conversion errors match MXNet 1.9.1 (found in the test_gluon_data sweep)."""
import numpy as np
import pytest

from tests.oracle import check


def _ragged():
    a = np.empty(2, dtype=object)
    a[0], a[1] = np.ones(2), np.ones(3)
    return a


@pytest.mark.parametrize("make, kind", [
    (_ragged, ValueError),                              # numpy arrays go through np.asarray: numpy's error
    (lambda: np.array(["a", "b"]), ValueError),
    (lambda: ["a", "b"], TypeError),                    # other sources: "must be array like"
    (lambda: [[1, 2], [3]], TypeError),
    (lambda: np.array([1, 2], dtype=object), None),     # convertible object arrays are fine
])
def test_array_conversion_errors(make, kind):
    """The exception class for unconvertible sources is the oracle's."""
    check(lambda mx: mx.nd.array(make()), raises=kind)
