"""Modules bound with a shared module (BucketingModule buckets) and reshaped modules share the gradient
arrays, as MXNet 1.9.1's shared executors do: grad_req='add' accumulates across buckets and reshapes."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("req", ["write", "add"])
def test_bucketing_gradients_are_shared(req):
    def run(mx):
        def sym_gen(key):
            data = mx.sym.Variable('data')
            w = mx.sym.Variable('a', shape=(1,), init=mx.init.One())
            out = mx.sym.broadcast_mul(data, w) * key
            return mx.sym.make_loss(mx.sym.sum(out)), ('data',), None
        mod = mx.mod.BucketingModule(sym_gen=sym_gen, default_bucket_key=10)
        mod.bind(data_shapes=[['data', (2,)]], for_training=True, grad_req=req)
        mod.init_params()
        seen = []
        for key in (10, 5, 10, 3):
            batch = mx.io.DataBatch(data=[mx.nd.ones((2,))], label=None, bucket_key=key,
                                    provide_data=[mx.io.DataDesc(name='data', shape=(2,), layout='N')])
            mod.forward_backward(batch)
            seen.append(mod._curr_module._exec_group.execs[0].grad_dict['a'].asnumpy().copy())
        return seen, mod._curr_module._grad_req
    check(run)


def test_reshape_keeps_accumulated_gradients():
    def run(mx):
        x = mx.sym.Variable('data')
        net = mx.sym.make_loss(mx.sym.sum(mx.sym.FullyConnected(x, num_hidden=2, name='fc')))
        mod = mx.mod.Module(net, label_names=None)
        mod.bind(data_shapes=[('data', (3, 4))], grad_req='add')
        mod.init_params(mx.init.Constant(0.5))
        mod.forward_backward(mx.io.DataBatch([mx.nd.ones((3, 4))]))
        mod.reshape(data_shapes=[('data', (5, 4))])
        mod.forward_backward(mx.io.DataBatch([mx.nd.ones((5, 4)) * 2]))
        ex = mod._exec_group.execs[0]
        return ex.grad_dict['fc_weight'], ex.grad_dict['fc_bias']
    check(run)


@pytest.mark.parametrize("rows", [1, 2, 3])
def test_set_states_with_bare_arrays_fails_like_mxnet(rows):
    def run(mx):
        x = mx.sym.var('data')
        s = mx.sym.var('s')
        mod = mx.mod.Module(x + s, data_names=['data'], label_names=None, state_names=['s'])
        mod.bind(data_shapes=[('data', (rows, 2))], for_training=False)
        mod.init_params()
        mod.set_states(states=[mx.nd.ones((rows, 2))])
    check(run)
