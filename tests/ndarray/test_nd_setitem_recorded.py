"""Under autograd.record(), assigning a recorded array into an NDArray is MXNet's copy only for a basic key that
covers the whole array with forward steps; a part, a reversing slice or an advanced (list / array) key is an
in-place operator, refused with MXNet's "Inplace operations" error, whatever the destination's dtype. Oracle tests."""
import numpy as np
import pytest

from tests.oracle import check

KEYS = [
    (slice(None), (2, 3)), (Ellipsis, (2, 3)), (None, (2, 3)), ((slice(0, 2), slice(0, 3)), (2, 3)),
    (0, (1, 3)), ((0, slice(None)), (1, 3)),                        # whole array: copied
    (0, (2, 3)), ((1, 2), (2, 3)), (slice(0, 1), (2, 3)),            # a part: refused
    (slice(None, None, -1), (2, 3)), ((slice(None), slice(None, None, -1)), (2, 3)),  # reversed: refused
    ([0, 1], (2, 3)), ([1, 0], (2, 3)), (np.array([0, 1]), (2, 3)), ((slice(None), [0, 1, 2]), (2, 3)),
]


@pytest.mark.parametrize("dtype", ["float32", "int32"])
@pytest.mark.parametrize("key,shape", KEYS, ids=[str(k) for k, _ in KEYS])
def test_assign_recorded_value(key, shape, dtype):
    def run(mx):
        x = mx.nd.zeros(shape, dtype=dtype)
        y = mx.nd.ones(x[key].shape) * 2
        y.attach_grad()
        with mx.autograd.record():
            x[key] = y
        return x
    check(run)


def test_unrecorded_value_writes_any_region():
    def run(mx):
        x = mx.nd.zeros((2, 3))
        y = mx.nd.ones((2,)) * 3
        with mx.autograd.record():
            x[[0, 1], [2, 0]] = y
        return x
    check(run)
