"""Executor.backward after forward(is_train=False) differentiates that forward's random draws, as MXNet 1.9.1:
a Dropout(mode='always') gradient uses the output's mask (torch2gluon re-runs the forward recorded from the
generator state it started with). Checked on MXNet and torch2gluon alike (h92)."""
import numpy as np
import pytest


@pytest.mark.parametrize("p", [0.5, 0.25])
@pytest.mark.parametrize("shape", [(100, 100), (3, 7, 5)])
def test_always_dropout_backward_after_inference_forward(mx, p, shape):
    x = mx.sym.var("data")
    exe = mx.sym.Dropout(x, p=p, mode="always").simple_bind(ctx=mx.cpu(), data=shape)
    exe.arg_arrays[0][:] = 1
    exe.forward(is_train=False)
    out = exe.outputs[0].asnumpy()
    assert set(np.unique(out)) <= {0.0, np.float32(1 / (1 - p))}
    head = np.random.uniform(1, 2, shape).astype("float32")
    exe.backward([mx.nd.array(head)], is_train=False)
    np.testing.assert_allclose(exe.grad_arrays[0].asnumpy(), out * head, rtol=1e-6)


def test_module_backward_after_inference_forward(mx):
    data = mx.sym.var("data")
    net = mx.sym.Dropout(mx.sym.FullyConnected(data, num_hidden=20, name="fc"), p=0.5, mode="always")
    mod = mx.mod.Module(net, data_names=["data"], label_names=None)
    mod.bind(data_shapes=[("data", (8, 6))], inputs_need_grad=True)
    mod.init_params(mx.init.One())
    batch = mx.io.DataBatch([mx.nd.ones((8, 6))])
    mod.forward(batch, is_train=False)
    out = mod.get_outputs()[0].asnumpy()
    mod.backward([mx.nd.ones((8, 20))])
    # bias initialised to 0, so out = 6 * mask * 2 and d out / d bias = out / 6: the forward's own mask
    np.testing.assert_allclose(mod._exec_group.execs[0].grad_dict["fc_bias"].asnumpy(), out.sum(0) / 6.0,
                               rtol=1e-5)
