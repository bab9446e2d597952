"""mx.operator custom Python operators (CustomOp/CustomOpProp/register, nd.Custom) against MXNet 1.9.1."""
import numpy as np
import pytest

import mxnet
import torch2gluon


def _define(mx, name):
    class ScaledSquare(mx.operator.CustomOp):
        def __init__(self, scale):
            super().__init__()
            self.scale = scale

        def forward(self, is_train, req, in_data, out_data, aux):
            x = in_data[0]
            self.assign(out_data[0], req[0], x * x * self.scale + (1 if is_train else 0))
            self.assign(out_data[1], req[1], mx.nd.sum(x, axis=1))

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            x = in_data[0]
            self.assign(in_grad[0], req[0], out_grad[0] * 2 * x * self.scale + out_grad[1].reshape((-1, 1)))

    @mx.operator.register(name)
    class ScaledSquareProp(mx.operator.CustomOpProp):
        def __init__(self, scale="1.0"):
            super().__init__(need_top_grad=True)
            self.scale = float(scale)

        def list_outputs(self):
            return ["output", "rowsum"]

        def infer_shape(self, in_shape):
            return in_shape, [in_shape[0], [in_shape[0][0]]], []

        def create_operator(self, ctx, shapes, dtypes):
            return ScaledSquare(self.scale)


@pytest.mark.parametrize("train", [False, True])
def test_custom_op_forward_backward_matches_mxnet(train):
    x_np = np.random.RandomState(0).randn(3, 4).astype(np.float32)
    results = []
    for mx in (mxnet, torch2gluon):
        _define(mx, f"t2g_scaled_square_{train}")
        x = mx.nd.array(x_np)
        x.attach_grad()
        with mx.autograd.record(train_mode=train):
            y, s = mx.nd.Custom(x, op_type=f"t2g_scaled_square_{train}", scale=0.5)
            loss = (y * 3).sum() + (s * s).sum()
        loss.backward()
        results.append((y.asnumpy(), s.asnumpy(), x.grad.asnumpy()))
    for a, b in zip(*results):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)


def test_custom_op_outside_record_and_unknown_type():
    outs = []
    for mx in (mxnet, torch2gluon):
        _define(mx, "t2g_scaled_square_plain")
        y, s = mx.nd.Custom(mx.nd.ones((2, 2)), op_type="t2g_scaled_square_plain", scale=2)
        outs.append((y.asnumpy(), s.asnumpy()))
        with pytest.raises(mx.base.MXNetError):
            mx.nd.Custom(mx.nd.ones(2), op_type="t2g_nope")
    np.testing.assert_allclose(outs[1][0], outs[0][0])
    np.testing.assert_allclose(outs[1][1], outs[0][1])


def _define_failing(mx, name, where):
    class Op(mx.operator.CustomOp):
        def forward(self, is_train, req, in_data, out_data, aux):
            self.assign(out_data[0], req[0], in_data[0] * 2)

    @mx.operator.register(name)
    class FailingProp(mx.operator.CustomOpProp):
        def __init__(self):
            super().__init__(True)

        def list_outputs(self):
            if where == "list_outputs":
                raise ValueError("bad outputs")
            return ["output"]

        def infer_shape(self, in_shape):
            if where == "infer_shape":
                raise ValueError("bad shape")
            return in_shape, [in_shape[0]], []

        def infer_type(self, in_type):
            if where == "infer_type":
                raise ValueError("bad type")
            return in_type, [in_type[0]], []

        def create_operator(self, ctx, shapes, dtypes):
            # gluon-nlp 0.9's _SmoothingWithDimProp passes an argument CustomOp.__init__ does not take
            return Op(1) if where == "create_operator" else Op()


@pytest.mark.parametrize("where", ["list_outputs", "infer_shape", "infer_type", "create_operator"])
def test_custom_op_prop_error_is_mxnet_error(where, capsys):
    # An exception in a CustomOpProp method is reported by MXNet's C callback: printed, then MXNetError.
    for mx in (mxnet, torch2gluon):
        name = f"t2g_failing_prop_{where}"
        _define_failing(mx, name, where)
        with pytest.raises(mx.base.MXNetError):
            mx.nd.Custom(mx.nd.ones((2,)), op_type=name).wait_to_read()
        assert f"Error in {name}.{where}" in capsys.readouterr().out
