"""Basic indexing (ints, slices, None, Ellipsis) gives a view sharing memory exactly where the result is
contiguous, a copy elsewhere (MXNet 1.9.1's rule, NDArray._basic_indexing_slice_is_contiguous), against the
oracle: writing into the indexed result changes the source only for views."""
import numpy as np
import pytest

from tests.oracle import check

KEYS = [slice(None), (slice(None), slice(None)), (slice(None),) * 4, (slice(1, 3),), (1, slice(2, 4)),
        (Ellipsis,), (Ellipsis, slice(0, 9)), (1, 2, slice(None)), (slice(None), slice(1, 3)),
        (slice(None, None, 2),), (1, None, slice(2, 5)), (slice(1, 2), slice(0, 7), slice(3, 4)), (2, Ellipsis, 1),
        (slice(None, None, -1),), (0, 0, 0, slice(0, 9, 2))]


@pytest.mark.parametrize("key", KEYS, ids=str)
def test_write_through_view(key):
    def run(mx):
        y = mx.nd.array(np.arange(6 * 7 * 8 * 9, dtype=np.float32).reshape(6, 7, 8, 9))
        v = y[key]
        v[:] = -1
        return v.shape, y.sum()
    check(run)


def test_contiguity_predicate():
    slices = [slice(None), slice(2), slice(1, 4), slice(None, None, 2), slice(0, 1), slice(None, None, -1),
              slice(3, None, -2)]
    keys = [(a, b, c) for a in slices for b in slices for c in slices]
    check(lambda mx: [mx.nd.NDArray._basic_indexing_slice_is_contiguous(k, (6, 7, 8)) for k in keys])
