"""Device groups (`group2ctx` / `group2ctxs`): arrays, gradients and outputs on their group's context, as
MXNet 1.9.1's PlaceDevice pass assigns them (CPU contexts)."""
import numpy as np
import pytest

import torch2gluon
from tests.oracle import check


def _graph(mx):
    with mx.AttrScope(ctx_group='g1'):
        a = mx.sym.var('a')
        b = a * 2
    c = mx.sym.var('c')          # no group: takes its consumer's
    with mx.AttrScope(ctx_group='g2'):
        d = mx.sym.var('d')
        e = mx.sym.broadcast_add(b, d) + c
    f = mx.sym.sin(b)            # no group: its first input's
    g = mx.sym.exp(mx.sym.var('h'))  # nothing placed: the default
    return mx.sym.Group([e, f, g, mx.sym.cos(c)])


@pytest.mark.parametrize("groups", [{'g1': 1, 'g2': 2}, {'g1': 3, 'g2': 3, 'unused': 4}, {}])
def test_simple_bind_placement(groups):
    def run(mx):
        with mx.name.NameManager():
            sym = _graph(mx)
        g2c = {k: mx.cpu(v) for k, v in groups.items()}
        ex = sym.simple_bind(mx.cpu(0), group2ctx=g2c, a=(2, 3), c=(2, 3), d=(2, 3), h=(2, 3))
        before = [o.context for o in ex.outputs]
        vals = {n: mx.nd.array(np.arange(6.).reshape(2, 3) / (i + 2)) for i, n in enumerate('acdh')}
        outs = ex.forward(is_train=True, **vals)
        ex.backward([mx.nd.ones((2, 3))] * 4)
        return ([a.context for a in ex.arg_arrays], [g.context for g in ex.grad_arrays], before, list(outs),
                ex.grad_arrays)
    check(run)


def test_bind_keeps_given_arrays_and_missing_group_errors():
    def run(mx):
        with mx.name.NameManager():
            sym = _graph(mx)
        args = {n: mx.nd.ones((2, 2)) for n in 'acdh'}
        grads = {n: mx.nd.zeros((2, 2), ctx=mx.cpu(5)) for n in 'acdh'}
        ex = sym.bind(mx.cpu(0), args=args, args_grad=grads, group2ctx={'g1': mx.cpu(1), 'g2': mx.cpu(2)})
        ex.forward(is_train=True)
        ex.backward([mx.nd.ones((2, 2))] * 4)
        return [a.context for a in ex.arg_arrays], [o.context for o in ex.outputs], ex.grad_arrays
    check(run)

    def missing(mx):
        with mx.name.NameManager():
            sym = _graph(mx)
        return sym.simple_bind(mx.cpu(0), group2ctx={'g1': mx.cpu(1)}, a=(2,), c=(2,), d=(2,), h=(2,))
    check(missing)

    def missing_bind(mx):
        with mx.name.NameManager():
            sym = _graph(mx)
        return sym.bind(mx.cpu(0), args={n: mx.nd.ones(2) for n in 'acdh'}, group2ctx={'g2': mx.cpu(1)})
    check(missing_bind)


@pytest.mark.parametrize("ctxs,groups", [
    ([0], {'dev1': 1, 'dev2': 2}),
    ([0, 1], [{'dev1': 2, 'dev2': 3}, {'dev1': 4, 'dev2': 5}]),
    ([0, 1], {'dev1': 2, 'dev2': [3]}),
    ([0, 1], {'dev1': [2, 2], 'dev2': [3, 4]}),
])
def test_module_group2ctxs(ctxs, groups):
    def run(mx):
        with mx.name.NameManager():
            with mx.AttrScope(ctx_group='dev1'):
                a = mx.sym.var('a')
                fc = mx.sym.FullyConnected(a, num_hidden=3, name='fc')
            with mx.AttrScope(ctx_group='dev2'):
                b = mx.sym.var('b')
                out = mx.sym.broadcast_mul(fc, b)
        conv = (lambda v: [mx.cpu(i) for i in v] if isinstance(v, list) else mx.cpu(v))
        g2c = [{k: conv(v) for k, v in d.items()} for d in groups] if isinstance(groups, list) else \
            {k: conv(v) for k, v in groups.items()}
        mod = mx.mod.Module(out, data_names=['a', 'b'], label_names=None, context=[mx.cpu(i) for i in ctxs],
                            group2ctxs=g2c)
        mod.bind(data_shapes=[('a', (4, 5)), ('b', (4, 3))], inputs_need_grad=True)
        mod.init_params(mx.init.Constant(0.1))
        batch = mx.io.DataBatch([mx.nd.array(np.arange(20.).reshape(4, 5)), mx.nd.ones((4, 3)) * 2])
        mod.forward(batch, is_train=True)
        mod.backward([mx.nd.ones((4, 3))])
        mod.init_optimizer(optimizer_params={'learning_rate': 0.1})
        mod.update()
        per_dev = mod.get_input_grads(merge_multi_context=False)
        return (mod.get_outputs(), [[g.context for g in gs] for gs in per_dev], per_dev, mod.get_params()[0])
    check(run)


def test_bucketing_module_group2ctxs():
    def run(mx):
        def sym_gen(n):
            with mx.AttrScope(ctx_group='dev1'):
                x = mx.sym.var('data')
                w, b = mx.sym.var('dev1_weight'), mx.sym.var('dev1_bias')
                for i in range(n):
                    x = mx.sym.FullyConnected(x, weight=w, bias=b, num_hidden=4, name='dev1_fc%d' % i)
            with mx.AttrScope(ctx_group='dev2'):
                label = mx.sym.var('label')
                w, b = mx.sym.var('dev2_weight'), mx.sym.var('dev2_bias')
                x = mx.sym.FullyConnected(x, weight=w, bias=b, num_hidden=4, name='dev2_fc')
                out = mx.sym.SoftmaxOutput(x, label, name='softmax')
            return out, ('data',), ('label',)
        mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=3, context=[mx.cpu(0)],
                                     group2ctxs=[{'dev1': mx.cpu(1), 'dev2': mx.cpu(2)}])
        mod.bind(data_shapes=[('data', (2, 4))], label_shapes=[('label', (2,))], inputs_need_grad=True)
        mod.init_params(mx.init.Constant(0.2))
        mod.forward(mx.io.DataBatch([mx.nd.ones((2, 4))], [mx.nd.array([1, 2])], bucket_key=2,
                                    provide_data=[mx.io.DataDesc('data', (2, 4))],
                                    provide_label=[mx.io.DataDesc('label', (2,))]), is_train=True)
        mod.backward()
        return mod.get_outputs()[0].context, mod.get_input_grads()[0].context, mod.get_outputs(), \
            mod.get_input_grads()
    check(run)


def test_group_on_another_device_is_refused():
    mx = torch2gluon
    with mx.AttrScope(ctx_group='g'):
        s = mx.sym.var('a') * 2
    # (on a machine without CUDA, mx.gpu(0) itself is refused first, as MXNet's CPU build refuses it; MXNet's
    # simple_bind reports that as RuntimeError("simple_bind error. Arguments: ...")
    with pytest.raises((NotImplementedError, RuntimeError), match="group2ctx|GPU"):
        s.simple_bind(mx.cpu(0), group2ctx={'g': mx.gpu(0)}, a=(2,))


@pytest.mark.parametrize("groups", [{'zz': 1, 'aa': 3}, {'zz': 5, 'aa': 5, 'mm': 2}])
def test_unplaced_creation_ops_take_first_group(groups):
    def run(mx):
        with mx.name.NameManager():
            with mx.AttrScope(ctx_group='zz'):
                b = mx.sym.var('a') * 2
            with mx.AttrScope(ctx_group='aa'):
                q = mx.sym.var('q') + 1
            s = mx.sym.Group([mx.sym.exp(mx.sym.zeros((2,))), b, mx.sym.cos(mx.sym.var('c')),
                              mx.sym.ones((2,)) * 3, q])
        ex = s.simple_bind(mx.cpu(0), a=(2,), c=(2,), q=(2,), group2ctx={k: mx.cpu(v) for k, v in groups.items()})
        return [o.context for o in ex.outputs], [x.context for x in ex.arg_arrays], ex.forward()

    check(run)


def test_bind_array_contexts_place_ungrouped_nodes():
    def run(mx):
        with mx.name.NameManager():
            with mx.AttrScope(ctx_group='g1'):
                a = mx.sym.var('a')
                b = a * 2
            c = mx.sym.var('c')
            s = mx.sym.Group([mx.sym.cos(c), mx.sym.sin(a), b + c, mx.sym.zeros((2,)) + b])
        ex = s.bind(mx.cpu(0), args={'a': mx.nd.ones(2, ctx=mx.cpu(6)), 'c': mx.nd.ones(2, ctx=mx.cpu(4))},
                    group2ctx={'g1': mx.cpu(1)})
        return [o.context for o in ex.outputs], [x.context for x in ex.arg_arrays], ex.forward()
    check(run)


def test_gradient_on_wrong_context_errors():
    def run(mx):
        with mx.name.NameManager():
            with mx.AttrScope(ctx_group='zz'):
                b = mx.sym.var('a') * 2
            s = b + mx.sym.var('c')       # c's gradient is computed on zz's context, its array is on cpu(0)
        return s.simple_bind(mx.cpu(0), a=(2,), c=(2,), group2ctx={'zz': mx.cpu(1)})
    check(run)
    check(run_null)


def run_null(mx):
    with mx.name.NameManager():
        with mx.AttrScope(ctx_group='zz'):
            b = mx.sym.var('a') * 2
        s = b + mx.sym.var('c')
    ex = s.simple_bind(mx.cpu(0), a=(2,), c=(2,), group2ctx={'zz': mx.cpu(1)}, grad_req='null')
    return [o.context for o in ex.outputs], ex.forward()
