"""A parameter variable declaring its shape (`Variable(name, shape=...)`, or a Gluon block's parameter called on
a Symbol) against the shape its operator infers: norms overwrite it, PReLU's gamma keeps it, other operators
raise MXNet's 'Shape inconsistent' error (found running InsightFace's fmnasnet, a Gluon PReLU on symbols)."""
import numpy as np
import pytest

from tests.oracle import check

D4, D2 = (2, 3, 4, 4), (2, 3)

CASES = {
    "prelu_1": (lambda mx, d, V: mx.sym.LeakyReLU(d, gamma=V("g", (1,)), act_type="prelu"), D4),
    "prelu_c": (lambda mx, d, V: mx.sym.LeakyReLU(d, gamma=V("g", (3,)), act_type="prelu"), D4),
    "batchnorm": (lambda mx, d, V: mx.sym.BatchNorm(d, gamma=V("g", (1,)), name="bn"), D4),
    "instancenorm": (lambda mx, d, V: mx.sym.InstanceNorm(d, gamma=V("g", (1,)), name="in"), D4),
    "groupnorm": (lambda mx, d, V: mx.sym.GroupNorm(d, gamma=V("g", (2,)), num_groups=1, name="gn"), D4),
    "fc_weight": (lambda mx, d, V: mx.sym.FullyConnected(d, weight=V("w", (4, 5)), num_hidden=4, no_bias=True), D2),
    "fc_bias_ok": (lambda mx, d, V: mx.sym.FullyConnected(d, bias=V("b", (4,)), num_hidden=4), D2),
    "conv_weight": (lambda mx, d, V: mx.sym.Convolution(d, weight=V("w", (2, 3, 1, 1)), num_filter=4,
                                                         kernel=(1, 1), no_bias=True), D4),
    "conv_bias": (lambda mx, d, V: mx.sym.Convolution(d, bias=V("b", (1,)), num_filter=4, kernel=(1, 1)), D4),
    "deconv": (lambda mx, d, V: mx.sym.Deconvolution(d, weight=V("w", (3, 2, 1, 1)), num_filter=4, kernel=(1, 1),
                                                      no_bias=True), D4),
    "embedding": (lambda mx, d, V: mx.sym.Embedding(d, weight=V("w", (5, 2)), input_dim=10, output_dim=4), D2),
    "layernorm": (lambda mx, d, V: mx.sym.LayerNorm(d, gamma=V("g", (1,)), name="ln"), D4),
    "broadcast_add": (lambda mx, d, V: mx.sym.broadcast_add(d, V("b", (1, 3))), D2),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_declared_param_shape_infer_shape(case):
    build, dshape = CASES[case]

    def run(mx):
        sym = build(mx, mx.sym.Variable("data"), lambda n, s: mx.sym.Variable(n, shape=s))
        return sym.infer_shape(data=dshape)
    check(run)


def test_gluon_prelu_on_symbol_keeps_its_alpha_shape():
    def run(mx):
        net = mx.gluon.nn.HybridSequential(prefix="n_")
        with net.name_scope():
            net.add(mx.gluon.nn.Conv2D(4, 3, padding=1, use_bias=False), mx.gluon.nn.PReLU())
        sym = net(mx.sym.Variable("data"))
        args, outs, _ = sym.infer_shape(data=(2, 3, 5, 5))
        mod = mx.mod.Module(sym, label_names=None, context=mx.cpu())
        mod.bind(data_shapes=[("data", (2, 3, 5, 5))])
        mx.random.seed(3)
        mod.init_params(mx.init.Xavier())
        mod.forward(mx.io.DataBatch([mx.nd.array(np.linspace(-1, 1, 150).reshape(2, 3, 5, 5))]), is_train=False)
        arg_params, _ = mod.get_params()
        return dict(zip(sym.list_arguments(), args)), outs, mod.get_outputs()[0], \
            {k: v.shape for k, v in arg_params.items()}
    check(run)
