"""Symbol.bind / simple_bind and mx.executor.Executor against MXNet 1.9.1: arrays used in place, persistent
outputs, grad_req write/add/null, backward after an inference forward, loss heads, reshape sharing, errors."""
import numpy as np
import pytest

from tests.oracle import check

RS = np.random.RandomState(7)
A = RS.uniform(-1, 1, (3, 4)).astype(np.float32)
B = RS.uniform(0.5, 1, (3, 4)).astype(np.float32)
W = RS.uniform(-1, 1, (5, 4)).astype(np.float32)


@pytest.mark.parametrize("req", ["write", "add", {"lhs": "write", "rhs": "null"}])
def test_bind_forward_backward_in_place(req):
    def snippet(mx):
        lhs, rhs = mx.sym.var("lhs"), mx.sym.var("rhs")
        out = mx.sym.maximum(lhs * rhs, lhs / rhs) - mx.sym.dot(lhs, rhs, transpose_b=True).sum()
        la, ra = mx.nd.array(A), mx.nd.array(B)
        lg, rg = mx.nd.ones((3, 4)), mx.nd.ones((3, 4))
        exe = out.bind(mx.cpu(), args={"rhs": ra, "lhs": la}, args_grad=[lg, rg], grad_req=req)
        first = exe.forward()[0]
        exe.backward([mx.nd.ones((3, 4)) * 2])
        exe.backward(mx.nd.ones((3, 4)))  # twice: 'add' accumulates
        la[:] = 0.5  # the bound array is the argument: the next forward sees it
        second = exe.forward(is_train=True)[0]
        return (first.asnumpy(), second is first, exe.outputs[0], lg, rg, sorted(exe.arg_dict),
                sorted(exe.grad_dict), [g is None for g in exe.grad_arrays], exe.output_dict.keys())
    check(snippet, atol=1e-5, rtol=1e-5)


def test_simple_bind_arrays_types_and_loss_head():
    def snippet(mx):
        data = mx.sym.var("data")
        fc = mx.sym.FullyConnected(data, num_hidden=5, name="fc")
        net = mx.sym.SoftmaxOutput(mx.sym.BatchNorm(fc, name="bn"), name="sm")
        exe = net.simple_bind(mx.cpu(), data=(3, 4), grad_req={"fc_weight": "write", "data": "null"})
        exe.copy_params_from({"fc_weight": mx.nd.array(W), "fc_bias": mx.nd.ones(5),
                              "bn_gamma": mx.nd.ones(5), "bn_beta": mx.nd.zeros(5)},
                             {"bn_moving_mean": mx.nd.zeros(5), "bn_moving_var": mx.nd.ones(5)})
        exe.forward(is_train=True, data=mx.nd.array(A), sm_label=mx.nd.array([0, 2, 4]))
        exe.backward()
        return ([a.shape for a in exe.arg_arrays], [a.shape for a in exe.aux_arrays], exe.outputs[0],
                exe.grad_dict["fc_weight"], sorted(exe.grad_dict), exe.aux_dict["bn_moving_mean"],
                [a.dtype for a in exe.arg_arrays])
    check(snippet, atol=1e-5, rtol=1e-4)
    check(lambda mx: [a.dtype for a in mx.sym.batch_take(mx.sym.var("x"), mx.sym.var("i")).simple_bind(
        mx.cpu(), x=(4, 3), i=(4,), type_dict={"x": "float64", "i": "int32"}, grad_req="null").arg_arrays])


def test_backward_after_inference_forward():
    def snippet(mx):
        x = mx.sym.var("x")
        out = mx.sym.sin(x) * x
        xg = mx.nd.zeros((3, 4))
        exe = out.bind(mx.cpu(), args=[mx.nd.array(A)], args_grad=[xg])
        exe.forward()
        exe.backward(mx.nd.ones((3, 4)))
        return xg
    check(snippet, atol=1e-6)


def test_reshape_shares_parameters_and_views_smaller_inputs():
    def snippet(mx):
        y = mx.sym.FullyConnected(mx.sym.var("x"), num_hidden=4)
        exe = y.simple_bind(mx.cpu(), x=(5, 4), grad_req="null")
        exe.arg_arrays[0][:] = 1
        exe.arg_arrays[1][:] = mx.nd.ones((4, 4))
        exe.arg_arrays[2][:] = 0
        small = exe.reshape(x=(3, 4))
        small.forward()
        big = exe.reshape(allow_up_sizing=True, x=(6, 4))
        big.arg_arrays[0][:] = 0
        exe.forward()
        return small.outputs[0], exe.outputs[0], exe.arg_arrays[0], big.arg_arrays[1]
    check(snippet)
    check(lambda mx: mx.sym.FullyConnected(mx.sym.var("x"), num_hidden=4).simple_bind(
        mx.cpu(), x=(5, 4)).reshape(x=(6, 4)))
    check(lambda mx: mx.sym.FullyConnected(mx.sym.var("x"), num_hidden=4).simple_bind(
        mx.cpu(), x=(5, 4)).reshape(x=(5, 3)))


def test_bind_errors_like_mxnet():
    def args_missing(mx):
        s = mx.sym.var("a") + mx.sym.var("b")
        return s.bind(mx.cpu(), args={"a": mx.nd.ones(2)})
    check(args_missing)
    check(lambda mx: (mx.sym.var("a") + mx.sym.var("b")).bind(mx.cpu(), args=[mx.nd.ones(2)]))
    check(lambda mx: (mx.sym.var("a") + mx.sym.var("b")).bind(mx.cpu(), args=[mx.nd.ones(2), mx.nd.ones(3)]))

    def not_loss_head(mx):
        exe = (mx.sym.var("a") * 2).simple_bind(mx.cpu(), a=(2,))
        exe.forward(is_train=True)
        exe.backward()
    check(not_loss_head)


def test_refused_arguments_are_loud():
    import torch2gluon as mx
    s = mx.sym.var("a") * 2  # (stype_dict is supported: tests/sparse/test_sparse_operator_sweep.py)
    with pytest.raises(NotImplementedError):
        s.simple_bind(mx.cpu(), a=(2,)).debug_str()


def test_outputs_exist_after_bind_and_elementwise_sum():
    def snippet(mx):
        args = [mx.nd.array(A), mx.nd.array(B), mx.nd.array(A * 2)]
        grads = [mx.nd.zeros((3, 4)) for _ in args]
        exe = mx.sym.ElementWiseSum(*[mx.sym.var(f"a{i}") for i in range(3)], name="esum").bind(
            mx.cpu(), args=args, args_grad=grads)
        before = [(o.shape, o.dtype) for o in exe.outputs]
        exe.forward(is_train=True)
        exe.backward([mx.nd.array(B)])
        return before, exe.outputs[0], grads
    check(snippet, atol=1e-6)


def test_shape_inference_of_value_checking_operators_and_module_bind():
    def snippet(mx):
        data = mx.sym.var("data", shape=(4, 10, 2))
        valid = mx.sym.var("valid_length", shape=(4,))
        cell = mx.gluon.rnn.RNNCell(5, prefix="c_")
        outs, states = cell.unroll(length=10, inputs=data, valid_length=valid, merge_outputs=True, layout="NTC")
        g = mx.sym.Group([outs] + states)
        mod = mx.mod.Module(states[0], data_names=("data", "valid_length"), label_names=None, context=mx.cpu())
        mod.bind(data_shapes=[("data", (4, 10, 2)), ("valid_length", (4,))], label_shapes=None)
        mod.init_params(mx.init.One())
        mod.forward(mx.io.DataBatch([mx.nd.ones((4, 10, 2)) * 0.1, mx.nd.array([3, 6, 10, 2])]))
        return g.infer_shape(), mod.get_outputs()[0]
    check(snippet, rtol=1e-5, atol=1e-6)
