"""`x[i] += 1` and `x[i] = x[j]` on an NDArray (the Straight Dope's probability notebook: `totals[k] += 1`):
the value is a (1,)-shaped view of the destination's own storage written to one element, against MXNet 1.9.1
(leading size-1 dims of an overlapping source are dropped as for any other source)."""
import pytest

from tests.oracle import check

CASES = {
    "iadd_1d": lambda x: x.__setitem__(3, x[3].__iadd__(1)),
    "iadd_2d_elem": lambda x: x.reshape((2, 3)).__setitem__((1, 2), x.reshape((2, 3))[1, 2].__iadd__(5)),
    "copy_elem": lambda x: x.__setitem__(3, x[2]),
    "copy_row_slice": lambda x: x.reshape((2, 3)).__setitem__(1, x.reshape((2, 3))[0:1]),
    "copy_2d_window": lambda x: x.reshape((2, 3)).__setitem__((1, slice(1, 3)), x.reshape((2, 3))[0:1, 0:2]),
    "row_into_elem_fails": lambda x: x.reshape((2, 3)).__setitem__((1, 1), x.reshape((2, 3))[0]),
}


@pytest.mark.parametrize("key", sorted(CASES))
def test_view_written_into_region(key):
    def run(mx):
        x = mx.nd.arange(6)
        CASES[key](x)
        return x
    check(run)


def test_counting_loop():
    def run(mx):
        totals = mx.nd.zeros(6)
        counts = mx.nd.zeros((6, 5))
        for i, roll in enumerate(mx.nd.array([3, 1, 3, 0, 5])):
            totals[int(roll.asscalar())] += 1
            counts[:, i] = totals
        return totals, counts
    check(run)
