"""Read-only numpy sources (np.broadcast_to views, arrays from frombuffer, setflags(write=False)) copy into
NDArrays and Parameters without torch's 'The given NumPy array is not writable' UserWarning, as in MXNet."""
import warnings

import numpy as np

from tests.oracle import check


def _ro():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    a.setflags(write=False)
    return a


def test_setitem_from_readonly_numpy():
    def fn(mx):
        x = mx.nd.zeros((2, 3))
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            x[:] = _ro()
            x[1] = _ro()[0]
        return x, [str(w.message)[:40] for w in got]
    check(fn)


def test_parameter_set_data_from_readonly_numpy():
    def fn(mx):
        d = mx.gluon.nn.Dense(2, in_units=3)
        d.initialize()
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            d.weight.set_data(_ro()[:, :3][:2])
        return d.weight.data(), [str(w.message)[:40] for w in got]
    check(fn)
