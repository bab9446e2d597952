"""Arrays of a freed graph reused in a new record(), and in-place writes of recorded arrays (oracle-checked).

After a backward without retain_graph MXNet clears the graph: its arrays are constants for operators
recorded later (an RNN state carried into the next batch), but operators recorded before the backward can
no longer be differentiated. Writing a recorded array into part of another array under record() is an
in-place operator and raises; assigning it to the whole array is a recorded copy.
"""
import numpy as np
import pytest

from tests.oracle import check


def _grads(*xs):
    return [x.grad for x in xs]


def test_freed_output_is_a_constant_in_a_new_record():
    def snippet(mx):
        x, w = mx.nd.array([1.0, 2.0, 3.0]), mx.nd.array([0.5, -1.0, 2.0])
        x.attach_grad()
        w.attach_grad()
        with mx.autograd.record():
            y = x * 3
        y.backward()
        with mx.autograd.record():
            z = y * w
        z.backward()
        return _grads(x, w) + [z]

    check(snippet)


def test_freed_output_alone_has_no_variables():
    def snippet(mx):
        x = mx.nd.array([1.0, 2.0])
        x.attach_grad()
        with mx.autograd.record():
            y = x * 3
        y.backward()
        with mx.autograd.record():
            z = y * 2
        z.backward()

    check(snippet)


def test_sibling_recorded_before_the_free_fails():
    def snippet(mx):
        x = mx.nd.array([1.0, 2.0])
        x.attach_grad()
        with mx.autograd.record():
            y = x * 3
            z1, z2 = y * 2, y * 5
        z1.backward()
        z2.backward()

    check(snippet)


def test_cached_op_with_carried_state_across_records():
    def snippet(mx):
        op = mx.nd.CachedOp(mx.sym.Convolution(kernel=(3, 3), num_filter=4, name="c") + 2)
        data, w, b = mx.nd.ones((2, 3, 6, 6)), mx.nd.ones((4, 3, 3, 3)), mx.nd.ones((4,))
        w.attach_grad()
        b.attach_grad()
        out = []
        for _ in range(2):
            with mx.autograd.record():
                b = b + 1
                o = op(data, w, b) * 2
            o.backward()
            out.append(w.grad.copy())
        return out

    check(snippet)


@pytest.mark.parametrize("code", [
    "z[0] = y", "z[1:3] = y2", "z[:, 1] = y3", "z[[0, 2]] = y2", "z += y4", "z -= y4",
    "z[:] = y4", "z[...] = y4", "z[0:4] = y4", "z[:, :] = y4", "z[None] = y4",
])
def test_recorded_value_written_in_place(code):
    def snippet(mx):
        z = mx.nd.zeros((4, 5))
        y4 = mx.nd.arange(20).reshape((4, 5))
        y, y2, y3 = y4[0], y4[0:2], y4[:, 0]
        w = mx.nd.ones((4, 5)) * 2
        for a in (y4, w):
            a.attach_grad()
        with mx.autograd.record():
            y, y2, y3 = y4[0] * 1, y4[0:2] * 1, y4[:, 0] * 1
            exec(code, {"z": z, "y": y, "y2": y2, "y3": y3, "y4": y4})  # noqa: S102
            q = (z * w).sum()
        q.backward()
        return [z, y4.grad, w.grad]

    check(snippet)
