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


def test_grad_wrt_unreachable_variable_raises():
    """autograd.grad w.r.t. a marked variable the heads do not depend on is an MXNetError."""
    def snippet(mx):
        x, w = _graph(mx), mx.nd.array([5.0])
        w.attach_grad()
        with mx.autograd.record():
            y = x * 2
        return mx.autograd.grad(y, [x, w])
    check(snippet)


def test_grad_of_several_heads_with_head_grads():
    """autograd.grad sums the heads' contributions weighted by head_grads; .grad is untouched."""
    def snippet(mx):
        x = _graph(mx)
        with mx.autograd.record():
            y = x * x
            z = y * 2
        g = mx.autograd.grad([y, z], [x], head_grads=[mx.nd.ones(2), mx.nd.ones(2) * 3])
        return g, x.grad
    check(snippet)


def test_backward_head_grads_length_mismatch():
    """heads and head_grads of different lengths: AssertionError, as MXNet."""
    def snippet(mx):
        x = _graph(mx)
        with mx.autograd.record():
            y = x * 2
        mx.autograd.backward(y, head_grads=[mx.nd.ones(2), mx.nd.ones(2)])
    check(snippet, raises=AssertionError)


def test_custom_function_chain_without_attach_grad():
    """autograd.Function applied repeatedly under record() to an array without a gradient."""
    def snippet(mx):
        class AddOne(mx.autograd.Function):
            def forward(self, x):
                return x + 1

            def backward(self, dy):
                return dy
        with mx.autograd.record():
            x = mx.nd.zeros((3, 4))
            for _ in range(5):
                x = AddOne()(x)
        return x
    check(snippet)
