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


@pytest.mark.parametrize("call", [lambda s: s.optimize_for("MKLDNN"),
                                  lambda s: s.handle])
def test_symbol_unsupported_methods_refused_loudly(call):
    import torch2gluon as t2g
    with pytest.raises(NotImplementedError, match="Symbol\\."):
        call(t2g.sym.var('x'))


_INFER_TYPE_CASES = [
    "x = mx.sym.var('x', dtype='float16'); out = mx.sym.BatchNorm(x, name='bn').infer_type()",
    "x = mx.sym.var('x', dtype='float16'); out = mx.sym.BatchNorm(x, name='bn').infer_type_partial()",
    "out = mx.sym.BatchNorm(mx.sym.var('d'), name='bn').infer_type(d='float64')",
    "out = mx.sym.BatchNorm(mx.sym.var('d'), name='bn').infer_type()",
    "out = mx.sym.BatchNorm(mx.sym.var('d'), name='bn').infer_type_partial()",
    "x = mx.sym.var('x', dtype='float16'); out = mx.sym.FullyConnected(x, num_hidden=3, name='fc').infer_type()",
    "x = mx.sym.var('x', dtype='float16'); out = mx.sym.FullyConnected(x, num_hidden=3).infer_type(x='float32')",
    "out = mx.sym.Embedding(mx.sym.var('i'), input_dim=5, output_dim=3, dtype='float16').infer_type()",
    "out = mx.sym.Embedding(mx.sym.var('i'), input_dim=5, output_dim=3, dtype='float16').infer_type(i='int32')",
    "out = mx.sym.Embedding(mx.sym.var('i'), input_dim=5, output_dim=3).infer_type(i='float32')",
    "c = mx.sym.Cast(mx.sym.var('a'), dtype='int32') + mx.sym.var('b'); out = c.infer_type()",
    "c = mx.sym.Cast(mx.sym.var('a'), dtype='int32') + mx.sym.var('b'); out = c.infer_type(a='float64')",
    "c = mx.sym.Cast(mx.sym.var('a'), dtype='int32') + mx.sym.var('b'); out = c.infer_type_partial()",
    "out = (mx.sym.var('a') + mx.sym.var('b')).infer_type(a='float16', b='float32')",
    "out = (mx.sym.var('a') + mx.sym.var('b')).infer_type_partial()",
    "out = (mx.sym.var('a', dtype='float64') + 1).infer_type()",
    "out = (mx.sym.var('a', dtype='float64') + 1).infer_type(a='float32')",
    "out = (mx.sym.var('a', dtype='float64') + mx.sym.var('b', dtype='float16')).infer_type()",
    "out = mx.sym.zeros((2, 3), dtype='int32').infer_type()",
    "out = (mx.sym.var('a') + mx.sym.ones((2,))).infer_type()",
    "out = mx.sym.one_hot(mx.sym.var('a'), depth=3).infer_type(a='int32')",
    "out = mx.sym.argmax(mx.sym.var('a'), axis=0).infer_type(a='float16')",
    "out = mx.sym.topk(mx.sym.var('a'), ret_typ='both').infer_type(a='float16')",
    "out = mx.sym.shape_array(mx.sym.var('a')).infer_type(a='float16')",
    "out = mx.sym.SoftmaxOutput(mx.sym.var('a'), name='s').infer_type(a='float16')",
    "out = mx.sym.Convolution(mx.sym.var('a'), kernel=(3, 3), num_filter=2, name='c').infer_type(a='float64')",
    "out = (mx.sym.var('a') > mx.sym.var('b')).infer_type(a='int32')",
    "out = mx.sym.take(mx.sym.var('a'), mx.sym.var('i')).infer_type(a='float16', i='int32')",
    "out = mx.sym.Activation(mx.sym.var('a'), act_type='relu').infer_type(a='float16')",
]


@pytest.mark.parametrize("code", _INFER_TYPE_CASES)
def test_symbol_infer_type(code):
    import warnings
    from tests.oracle import check_code
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_code(code)


_INFER_TYPE_RULE_CASES = [
    "d = mx.sym.var('d'); w = mx.sym.var('w', dtype='float16'); "
    "out = mx.sym.Convolution(d, w, kernel=(1, 1), num_filter=2, no_bias=True).infer_type_partial()",
    "d = mx.sym.var('d'); w = mx.sym.var('w', dtype='float16'); "
    "out = mx.sym.FullyConnected(d, w, num_hidden=2, no_bias=True).infer_type_partial()",
    "d = mx.sym.var('d'); out = (mx.sym.Convolution(d, kernel=(1, 1), num_filter=2, no_bias=True)"
    " + mx.sym.var('o', dtype='float16')).infer_type_partial()",
    "d = mx.sym.var('d'); out = (mx.sym.Pooling(d, kernel=(1, 1)) + mx.sym.var('o', dtype='float16'))"
    ".infer_type_partial()",
    "d = mx.sym.var('d'); out = mx.sym.BatchNorm(d, mx.sym.var('g', dtype='float32')).infer_type_partial()",
    "d = mx.sym.var('d'); out = (mx.sym.BatchNorm(d) + mx.sym.var('o', dtype='float16')).infer_type_partial()",
    "d = mx.sym.var('d'); out = mx.sym.SoftmaxOutput(d, mx.sym.var('l', dtype='float16')).infer_type_partial()",
    "d = mx.sym.var('d'); out = (mx.sym.Dropout(d) + mx.sym.var('o', dtype='float16')).infer_type_partial()",
    "out = (mx.sym.var('a') + 1).infer_type(a=None)",
    "out = (mx.sym.var('a') + 1).infer_type(a='complex64')",
]


@pytest.mark.parametrize("code", _INFER_TYPE_RULE_CASES)
def test_symbol_infer_type_op_rules(code):
    import warnings
    from tests.oracle import check_code
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_code(code)


def test_model_zoo_symbol_infer_type():
    import warnings

    def fn(mx):
        net = mx.gluon.model_zoo.vision.get_model('resnet18_v1', classes=10)
        s = net(mx.sym.var('data'))
        res = [s.infer_type(data='float32')]
        net.cast('float16')
        s = net(mx.sym.var('data'))
        res.append(s.infer_type_partial())
        try:
            s.infer_type(data='float16')
        except Exception as e:  # noqa: BLE001 - both sides must fail alike
            res.append(type(e).__name__)
        return res
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(fn)


@pytest.mark.parametrize("dtype", ["float16", "float64", "float32"])
def test_hybridblock_infer_type_conflict(dtype):
    def fn(mx):
        net = mx.gluon.nn.Dense(3, in_units=2)
        net.initialize()
        net.infer_type(mx.nd.ones((1, 2), dtype=dtype))
        return net.weight.data().shape, net.weight.data().dtype
    check(fn)


def test_hybridblock_infer_type_batchnorm_float16():
    def fn(mx):
        net = mx.gluon.model_zoo.vision.resnet18_v1(classes=4)
        net.initialize()
        net.cast('float16')
        net.infer_type(mx.nd.ones((1, 3, 32, 32), dtype='float16'))
        return net.features[1].gamma.data(), net.features[0].weight.data().dtype
    check(fn)


def _none_block(mx):
    class B(mx.gluon.HybridBlock):
        def __init__(self):
            super().__init__()
            with self.name_scope():
                self.d = mx.gluon.nn.Dense(2, weight_initializer=mx.init.One())

        def hybrid_forward(self, F, x, a=None, b=None):
            y = self.d(x)
            if a is not None:
                y = y + a
            if b is not None:
                y = y * b
            return y
    n = B()
    n.initialize()
    n.hybridize()
    return n


_ARG_STRUCTURE_CALLS = [
    ["n(x, a, None)", "n(x, None, a)"],
    ["n(x, a, None)", "n(x, a)"],
    ["n(x, a, None)", "n(x, a, None, None)"],
    ["n(x, a, None)", "n(x)"],
    ["n(x, a)", "n(x, [a])"],
    ["n(x, a)", "n(x, 3)"],
    ["n(x, a, None)", "n.hybridize()", "n(x, None, a)"],
    ["n(x, a, None)", "n.hybridize(active=False)", "n(x, None, a)"],
]


@pytest.mark.parametrize("calls", _ARG_STRUCTURE_CALLS)
def test_hybridized_argument_structure(calls):
    def fn(mx):
        n = _none_block(mx)
        x, a = mx.nd.ones((1, 3)), mx.nd.array([[1.0, 2.0]])
        out = None
        for c in calls:
            out = eval(c)  # noqa: S307 - fixed test snippets
        return out
    check(fn)


def test_nested_child_called_with_different_none_positions():
    def fn(mx):
        class P(mx.gluon.HybridBlock):
            def __init__(self):
                super().__init__()
                with self.name_scope():
                    self.b = _none_block(mx)

            def hybrid_forward(self, F, x):
                a = F.ones_like(x).slice_axis(axis=1, begin=0, end=2)
                return self.b(x, a, None) + self.b(x, None, a)
        p = P()
        p.initialize()
        p.hybridize()
        x = mx.nd.ones((1, 3))
        return p(x), p(x)
    check(fn)
