"""Oracle tests for gaps found by sweeping MXNet 1.9.1's test_operator.py (tests a..l) over torch2gluon."""
import json

import numpy as np
import pytest

from tests.oracle import check


def _sync_bn_stats(mx):
    data = mx.nd.array(np.random.RandomState(0).uniform(size=(12, 3, 2)))
    gamma, beta = mx.nd.ones(3), mx.nd.zeros(3)
    mean, var = mx.nd.zeros(3), mx.nd.ones(3)
    data.attach_grad()
    with mx.autograd.record():
        out, bmean, bvar = mx.nd.contrib.SyncBatchNorm(data, gamma, beta, mean, var, output_mean_var=True,
                                                       key="sweep_al", fix_gamma=False)
    out.backward(mx.nd.ones_like(out))
    return out, bmean, bvar, mean, var, data.grad


def test_sync_batchnorm_outputs_batch_variance():
    # unlike BatchNorm (which outputs 1/sqrt(var + eps)), SyncBatchNorm's third output is the batch variance
    check(_sync_bn_stats, atol=1e-5, rtol=1e-4)


def test_batchnorm_output_mean_var_stays_inverse_std():
    def fn(mx):
        data = mx.nd.array(np.random.RandomState(1).uniform(size=(8, 2)))
        with mx.autograd.record():
            return mx.nd.BatchNorm(data, mx.nd.ones(2), mx.nd.zeros(2), mx.nd.zeros(2), mx.nd.ones(2),
                                   output_mean_var=True, fix_gamma=False)
    check(fn, atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize("expr", ["x == y", "x > y", "x != 1", "mx.sym.broadcast_lesser(x, y)",
                                  "mx.sym.argmax(x, axis=1)"])
def test_executor_backward_without_head_grad_through_zero_gradient_op(expr):
    # comparisons / argmax have zero gradients, so MXNet needs no head gradient for them
    def fn(mx):
        x, y = mx.sym.Variable("x"), mx.sym.Variable("y")
        z = eval(expr)
        shapes = {n: (3, 4) for n in z.list_arguments()}
        exe = z.simple_bind(ctx=mx.cpu(), **shapes)
        vals = {n: np.arange(12.0).reshape(3, 4) % (3 + i) for i, n in enumerate(z.list_arguments())}
        out = exe.forward(is_train=True, **vals)[0].copy()
        exe.backward()
        return out, exe.grad_arrays
    check(fn)


def test_executor_backward_still_needs_head_grad_for_differentiable_output():
    def fn(mx):
        x = mx.sym.Variable("x")
        exe = (x * 2).simple_bind(ctx=mx.cpu(), x=(2, 2))
        exe.forward(is_train=True, x=np.ones((2, 2)))
        exe.backward()
    check(fn)


def _graph(s):
    return [(n["op"], n["name"], n.get("attrs")) for n in json.loads(s.tojson())["nodes"]], s.list_outputs()


def test_sym_crop_is_slice():
    def fn(mx):
        a = mx.sym.var("a")
        s = mx.sym.crop(a, begin=(1, None), end=(3, 2), name="c")
        return _graph(s), s.eval(a=mx.nd.array(np.arange(12.0).reshape(4, 3)))[0]
    check(fn)


@pytest.mark.parametrize("op", ["broadcast_plus", "broadcast_minus"])
def test_sym_broadcast_plus_minus_aliases(op):
    def fn(mx):
        a, b = mx.sym.var("a"), mx.sym.var("b")
        s = getattr(mx.sym, op)(a, b)
        out = s.eval(a=mx.nd.array([[1.0], [2.0]]), b=mx.nd.array([[10.0, 20.0, 30.0]]))[0]
        return _graph(s), out, getattr(mx.nd, op)(mx.nd.ones((2, 1)), mx.nd.ones((1, 2)))
    check(fn)


@pytest.mark.parametrize("blank", ["first", "last"])
def test_ctc_loss_ignores_nan_steps_past_data_lengths(blank):
    def fn(mx):
        rng = np.random.RandomState(3)
        x = rng.uniform(-1, 1, (6, 2, 4)).astype(np.float32)
        x[4:] = np.nan  # padding past the (4, 4) data lengths
        lab = np.array([[1, 2, 0], [2, 0, 0]]) if blank == "first" else np.array([[0, 1, -1], [2, -1, -1]])
        data = mx.nd.array(x)
        data.attach_grad()
        with mx.autograd.record():
            loss = mx.contrib.ndarray.CTCLoss(data, mx.nd.array(lab), use_data_lengths=True,
                                              data_lengths=mx.nd.array([4, 4]), blank_label=blank)
        loss.backward()
        return loss, data.grad
    check(fn, atol=1e-5, rtol=1e-4)


def _register_failing_op(mx, name, fail_in):
    class Op(mx.operator.CustomOp):
        def forward(self, is_train, req, in_data, out_data, aux):
            if fail_in == "forward":
                raise ValueError("user error in forward")
            self.assign(out_data[0], req[0], in_data[0] * 2)

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            raise KeyError("user error in backward")

    @mx.operator.register(name)
    class Prop(mx.operator.CustomOpProp):  # pylint: disable=unused-variable
        def __init__(self):
            super().__init__(need_top_grad=True)

        def list_arguments(self):
            return ["data"]

        def infer_shape(self, in_shape):
            return in_shape, [in_shape[0]], []

        def create_operator(self, ctx, shapes, dtypes):
            return Op()


@pytest.mark.parametrize("fail_in", ["forward", "backward"])
def test_custom_op_user_error_is_mxnet_error(fail_in):
    def fn(mx):
        _register_failing_op(mx, "sweep_al_fail_" + fail_in, fail_in)
        x = mx.nd.ones((2, 3))
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.Custom(x, op_type="sweep_al_fail_" + fail_in)
        y.wait_to_read()
        y.backward()
        x.grad.wait_to_read()
        return y
    check(fn)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32", "int64", "uint8", "int8"])
@pytest.mark.parametrize("cfg", [(1.3, 456.6, 1.3), (50, -50, -2), (-100, 100, 1), (0.5, 7.7, 0.7), (10,)])
def test_arange_casts_start_and_step_to_dtype(dtype, cfg):
    check(lambda mx: mx.nd.arange(*cfg, repeat=2, dtype=dtype), atol=0, rtol=0)


def test_sym_arange_integer_dtype():
    check(lambda mx: mx.sym.arange(1.5, 9.9, 1.5, dtype="int32").eval()[0], atol=0, rtol=0)


@pytest.mark.parametrize("scale,nf", [(2, 1), (3, 2), (2, 3)])
def test_upsampling_bilinear_weight_shape_is_inferred(scale, nf):
    def fn(mx):
        up = mx.sym.UpSampling(mx.sym.Variable("data"), mx.sym.Variable("weight"), sample_type="bilinear",
                               scale=scale, num_filter=nf, num_args=2)
        shapes = up.infer_shape(data=(1, nf, 4, 4))
        exe = up.simple_bind(mx.cpu(), data=(1, nf, 4, 4))
        exe.arg_dict["data"][:] = 1.0
        exe.arg_dict["weight"][:] = 0.5
        return shapes, exe.forward()[0]
    check(fn)


@pytest.mark.parametrize("grad_req", ["null", "write", "add"])
def test_module_input_grads_with_grad_req(grad_req):
    # grad_req 'null' with inputs_need_grad: the data's place holds None
    def fn(mx):
        s = mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=2, name="fc")
        mod = mx.mod.Module(s, label_names=None)
        mod.bind(data_shapes=[("data", (2, 3))], inputs_need_grad=True, grad_req=grad_req)
        mod.init_params(mx.init.One())
        mod.forward(mx.io.DataBatch([mx.nd.ones((2, 3))]), is_train=True)
        mod.backward([mx.nd.ones((2, 2))])
        return mod.get_input_grads(), mod.get_input_grads(merge_multi_context=False)
    check(fn)


@pytest.mark.parametrize("kernel,md,s1,pad", [(1, 2, 1, 2), (3, 1, 2, 2)])
def test_correlation_absdiff_gradient_at_ties(kernel, md, s1, pad):
    # |a - b| with a == b: MXNet's gradient is +1 for data1 and -1 for data2 (not 0)
    def fn(mx):
        rng = np.random.RandomState(5)
        a = mx.nd.array(rng.randint(0, 3, (2, 2, 6, 6)))
        b = mx.nd.array(rng.randint(0, 3, (2, 2, 6, 6)))
        a.attach_grad()
        b.attach_grad()
        with mx.autograd.record():
            out = mx.nd.Correlation(a, b, kernel_size=kernel, max_displacement=md, stride1=s1, stride2=1,
                                    pad_size=pad, is_multiply=False)
        out.backward(mx.nd.ones_like(out))
        return out, a.grad, b.grad
    check(fn)


@pytest.mark.parametrize("pad", [2, (1,)])
def test_pooling_same_convention_rejects_pad(pad):
    def fn(mx):
        x = mx.nd.array(np.arange(10.0).reshape(1, 1, 10))
        return mx.nd.Pooling(x, kernel=2, stride=2, pad=pad, pool_type="max", pooling_convention="same")
    check(fn)


def test_test_utils_accept_any_variable_name():
    def fn(mx):
        from importlib import import_module
        tu = import_module(mx.__name__ + ".test_utils")
        x = mx.sym.Variable("op=hypot, dtype=<class 'float'>_data1")
        y = mx.sym.Variable("2nd input")
        s = mx.sym.hypot(x, y)
        a, b = np.array([[3.0, 5.0]]), np.array([[4.0, 12.0]])
        tu.check_symbolic_forward(s, [a, b], [np.hypot(a, b)])
        tu.check_symbolic_forward(s, {"op=hypot, dtype=<class 'float'>_data1": a, "2nd input": b}, [np.hypot(a, b)])
        tu.check_symbolic_backward(s, [a, b], [np.ones((1, 2))], [a / np.hypot(a, b), b / np.hypot(a, b)])
        tu.check_numeric_gradient(s, [a, b], numeric_eps=1e-3, rtol=1e-2, atol=1e-3)
        return True
    check(fn)


@pytest.mark.parametrize("size", [(6, 8), (7, 9)])
@pytest.mark.parametrize("mode,kw", [("odd_scale", {"scale_height": 0.5, "scale_width": 0.5}),
                                     ("odd_scale", {"scale_height": 3, "scale_width": 2}),
                                     ("to_even_down", {}), ("to_even_up", {}), ("to_odd_down", {}),
                                     ("to_odd_up", {})])
def test_bilinear_resize_modes(size, mode, kw):
    def fn(mx):
        x = mx.nd.array(np.random.RandomState(2).uniform(size=(1, 2) + size))
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.contrib.BilinearResize2D(x, mode=mode, **kw)
        y.backward(mx.nd.ones_like(y))
        return y, x.grad
    check(fn, atol=1e-5, rtol=1e-4)


def test_bilinear_resize_bad_mode():
    check(lambda mx: mx.nd.contrib.BilinearResize2D(mx.nd.ones((1, 1, 4, 4)), mode="nearest"))


def _register_aux_op(mx, name):
    class Op(mx.operator.CustomOp):
        def forward(self, is_train, req, in_data, out_data, aux):
            aux[0][:] = aux[0] + 1
            self.assign(out_data[0], req[0], in_data[0] * in_data[0])

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            self.assign(in_grad[0], req[0], 2 * in_data[0] * out_grad[0])

    @mx.operator.register(name)
    class Prop(mx.operator.CustomOpProp):  # pylint: disable=unused-variable
        def __init__(self):
            super().__init__(need_top_grad=True)

        def list_arguments(self):
            return ["data"]

        def list_auxiliary_states(self):
            return ["count"]

        def infer_shape(self, in_shape):
            return in_shape, [in_shape[0]], [in_shape[0]]

        def create_operator(self, ctx, shapes, dtypes):
            return Op()


def test_custom_op_symbol_auxiliary_states():
    def fn(mx):
        _register_aux_op(mx, "sweep_al_aux")
        s = mx.sym.Custom(data=mx.sym.Variable("data"), count=mx.sym.Variable("count"), op_type="sweep_al_aux",
                          name="c")
        x = mx.nd.array([[1.0, -2.0], [3.0, 0.5]])
        exe = s.bind(mx.cpu(), args={"data": x}, args_grad={"data": mx.nd.zeros((2, 2))},
                     aux_states={"count": mx.nd.zeros((2, 2))})
        exe.forward(is_train=True)
        exe.backward(mx.nd.ones((2, 2)))
        return (s.list_arguments(), s.list_auxiliary_states(), s.infer_shape(data=(2, 2)), exe.outputs[0],
                exe.grad_dict["data"], exe.aux_dict["count"])
    check(fn)


@pytest.mark.parametrize("start,step,n", [(0, 1, 5), (2, 3, 4), (1.5, -0.5, 6)])
def test_sym_arange_infer_range_length_from_consumer(start, step, n):
    def fn(mx):
        s = mx.sym.arange(start=start, stop=None, step=step, infer_range=True)
        s = mx.sym.elemwise_add(s, mx.sym.zeros(shape=[n]))
        exe = s.bind(ctx=mx.cpu(), args={})
        return s.infer_shape(), exe.forward()[0]
    check(fn)


def _spd(seed):
    a = np.random.RandomState(seed).normal(size=(2, 4, 4))
    return a @ a.transpose(0, 2, 1) + 4 * np.eye(4)


@pytest.mark.parametrize("lower", [True, False])
def test_linalg_potrf_potri_lower_argument(lower):
    def fn(mx):
        a = mx.nd.array(_spd(0), dtype="float64")
        a.attach_grad()
        with mx.autograd.record():
            f = mx.nd.linalg.potrf(a, lower=lower)
            inv = mx.nd.linalg.potri(f, lower=lower)
            y = f.sum() + inv.sum()
        y.backward()
        s = mx.sym.linalg.potri(mx.sym.linalg.potrf(mx.sym.var("a"), lower=lower), lower=lower)
        return f, inv, a.grad, s.eval(a=mx.nd.array(_spd(1), dtype="float64"))[0]
    check(fn, atol=1e-8, rtol=1e-6)
