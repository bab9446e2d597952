"""autograd parity with MXNet 1.9.1 (from MXNet's test_autograd.py / test_contrib_autograd.py sweep)."""
import pytest

from tests.oracle import check


def _graph(mx):
    x = mx.nd.array([1.0, 2.0])
    x.attach_grad()
    return x


@pytest.mark.parametrize("case", ["same_head", "intermediate", "sibling", "reuse_after_free", "grad_twice"])
def test_backward_frees_the_graph_without_retain_graph(case):
    """A second backward through a graph freed by backward(retain_graph=False) raises MXNetError."""
    def snippet(mx):
        x = _graph(mx)
        with mx.autograd.record():
            y = x * x + 1
            z = y * 2
            w = y * 3
        if case == "same_head":
            z.backward()
            z.backward()
        elif case == "intermediate":
            z.backward()
            y.backward()
        elif case == "sibling":
            z.backward()
            w.backward()
        elif case == "reuse_after_free":
            z.backward()
            with mx.autograd.record():
                v = y * 4
            v.backward()
        else:
            mx.autograd.grad(z, [x])
            mx.autograd.grad(z, [x])
        return x.grad
    check(snippet)


@pytest.mark.parametrize("case", ["retain_then_free", "create_graph", "fresh_record", "leaf_head"])
def test_retained_graphs_can_be_reused(case):
    """retain_graph=True, create_graph=True, a new record() and a variable head all keep working."""
    def snippet(mx):
        x = _graph(mx)
        with mx.autograd.record():
            y = x * x + 1
        if case == "retain_then_free":
            y.backward(retain_graph=True)
            y.backward()
        elif case == "create_graph":
            mx.autograd.grad(y, [x], create_graph=True)
            return mx.autograd.grad(y, [x])[0]
        elif case == "fresh_record":
            y.backward()
            with mx.autograd.record():
                y = x * x + 1
            y.backward()
        else:
            x.backward()
            x.backward()
        return x.grad
    check(snippet)


def test_star_import_exposes_ndarray(mx):
    """`from mxnet.autograd import *` provides NDArray (MXNet's tests rely on it)."""
    ns = {}
    exec(f"from {mx.__name__}.autograd import *", ns)  # noqa: S102
    assert ns["NDArray"] is mx.nd.NDArray
    assert callable(ns["mark_variables"]) and callable(ns["backward"])
