"""A backward after the attach_grad()ed array itself went out of scope, against MXNet 1.9.1 (the oracle).

MXNet's graph keeps the variable: the backward runs (into a gradient no one can read) and spends the graph. A
graph with no marked array at all is still MXNet's error.
"""
import numpy as np
import pytest

from tests.oracle import run_both


def _outcome(fn):
    try:
        return "ok", fn()
    except Exception as e:  # noqa: BLE001 - compared with the oracle's
        return type(e).__name__, None


def _dropped(mx, second):
    def build():
        x = mx.nd.array(np.ones((2, 3)))
        x.attach_grad()
        w = mx.nd.array(np.full((2, 3), 2.0))
        with mx.autograd.record():
            z = (x * x * w).sum()
        return z  # x is dropped here
    z = build()
    first = _outcome(z.backward)
    res = [first[0]]
    if second:
        res.append(_outcome(z.backward)[0])
    return res


@pytest.mark.parametrize("second", [False, True])
def test_backward_after_variable_dropped(second):
    (ok_ref, ref), (ok, ours) = run_both(lambda mx: _dropped(mx, second))
    assert ok_ref and ok
    assert ref == ours


def test_backward_of_partly_dropped_graph_writes_live_variable():
    def fn(mx):
        y = mx.nd.array([1.0, 2.0])
        y.attach_grad()

        def build():
            x = mx.nd.array([3.0, 4.0])
            x.attach_grad()
            with mx.autograd.record():
                return (x * y).sum()
        build().backward()
        return y.grad.asnumpy().tolist()
    (ok_ref, ref), (ok, ours) = run_both(fn)
    assert ok_ref and ok and ref == ours == [3.0, 4.0]


def test_no_marked_array_is_still_an_error():
    def fn(mx):
        with mx.autograd.record():
            z = (mx.nd.ones((2,)) * 2).sum()
        z.backward()
    (ok_ref, ref), (ok, ours) = run_both(fn)
    assert not ok_ref and not ok
