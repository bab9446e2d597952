"""Oracle tests for small gaps found by MXNet 1.9.1's own unit tests (grad contexts, Symbol methods, ...)."""
import numpy as np

from tests.oracle import check


def _grad_on_cpu1(mx):
    x = mx.nd.array(np.arange(6.0).reshape(2, 3), ctx=mx.cpu(1))
    x.attach_grad()
    fresh = x.grad
    with mx.autograd.record():
        y = (x * x).sum()
    y.backward()
    return fresh, x.grad


def test_attach_grad_keeps_context():
    check(_grad_on_cpu1)


def test_autograd_grad_result_context():
    def fn(mx):
        x = mx.nd.array([1.0, 2.0, 3.0], ctx=mx.cpu(2))
        x.attach_grad()
        with mx.autograd.record():
            y = (x * x * x).sum()
        return mx.autograd.grad(y, [x])
    check(fn)


def test_parameter_grads_on_cpu1():
    def fn(mx):
        net = mx.gluon.nn.Dense(2, in_units=3)
        net.initialize(mx.init.One(), ctx=mx.cpu(1))
        x = mx.nd.array(np.arange(6.0).reshape(2, 3), ctx=mx.cpu(1))
        with mx.autograd.record():
            loss = net(x).sum()
        loss.backward()
        return net.weight.grad(mx.cpu(1)), net.bias.list_grad()
    check(fn)


def test_symbol_astype_graph_and_value():
    def fn(mx):
        x = mx.sym.var('x')
        y = x.astype('float16')
        z = (x * 2).astype(dtype='int32', name='c')
        js = [n['op'] for n in __import__('json').loads(z.tojson())['nodes']]
        val = z.eval(x=mx.nd.array([1.4, 2.6]))[0]
        return y.name, z.name, js, y.infer_type(x='float32')[1], val
    check(fn)


def test_symbol_div_aliases():
    def fn(mx):
        x = mx.sym.var('x')
        a = mx.nd.array([2.0, 4.0])
        return x.__div__(2).eval(x=a)[0], x.__rdiv__(2).eval(x=a)[0], x.as_nd_ndarray() is x
    check(fn)


import pytest  # noqa: E402


@pytest.mark.parametrize("name", ["copy", "detach", "backward", "as_in_context", "asnumpy", "asscalar",
                                  "wait_to_read"])
def test_symbol_ndarray_only_methods_refused(name):
    check(lambda mx: getattr(mx.sym.var('x'), name)())


def test_symbol_idiv_and_bool_refused():
    check(lambda mx: mx.sym.var('x').__idiv__(2))
    check(lambda mx: bool(mx.sym.var('x')))


@pytest.mark.parametrize("call", [lambda s: s.split_v2(2), lambda s: s.as_np_ndarray(), lambda s: s.debug_str(),
                                  lambda s: s.optimize_for("MKLDNN"), lambda s: s.handle])
def test_symbol_unsupported_methods_refused_loudly(call):
    import torch2gluon as t2g
    with pytest.raises(NotImplementedError, match="Symbol\\."):
        call(t2g.sym.var('x'))
