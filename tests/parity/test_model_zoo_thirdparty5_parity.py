"""Behaviours third-party Gluon code relies on (fifth batch), each reproduced in miniature.

Found by running gluon-cv detection/segmentation models (SSD with a symbol FeatureExpander, YOLOv3, Faster-RCNN,
FCN/PSPNet/DeepLab), gluon-nlp and gluon-ts networks unchanged on MXNet 1.9.1 and on torch2gluon.
Every test is our own snippet against the oracle; no third-party code lives here.
"""
import numpy as np
import pytest

from tests.oracle import check

RNG = np.random.RandomState(7)
X4 = RNG.rand(2, 3, 2, 2).astype("float32")


@pytest.mark.parametrize("op", ["BatchNorm", "BatchNorm_v1"])
def test_symbol_block_fix_gamma_batchnorm_trains_without_stale_gradient(op):
    # a symbol BatchNorm keeps fix_gamma=True: its gamma gradient is written as zeros, so Trainer.step
    # sees a fresh gradient (gluon-cv's FeatureExpander appends such layers to a backbone)
    def run(mx):
        d = mx.sym.var("data")
        y = getattr(mx.sym, op)(mx.sym.Convolution(d, num_filter=3, kernel=(1, 1), name="c"), name="bn")
        sb = mx.gluon.SymbolBlock(y, d)
        sb.initialize(mx.init.Constant(0.3))
        params = sb.collect_params()
        params["bn_gamma"].set_data(mx.nd.array([2.0, 3.0, 4.0]))
        tr = mx.gluon.Trainer(params, "sgd", {"learning_rate": 0.1})
        out = []
        for _ in range(2):
            with mx.autograd.record():
                loss = (sb(mx.nd.array(X4)) * mx.nd.arange(24).reshape((2, 3, 2, 2))).sum()
            loss.backward()
            out += [params["bn_gamma"].grad(), params["bn_beta"].grad()]
            tr.step(1)
            out += [params["bn_gamma"].data(), params["bn_beta"].data(), params["c_weight"].data()]
        return out
    check(run)


@pytest.mark.parametrize("train", [False, True])
def test_fix_gamma_forward_writes_one_into_gamma_in_both_modes(train):
    def run(mx):
        g = mx.nd.array([3.0, 3.0, 3.0])
        with mx.autograd.train_mode() if train else mx.autograd.predict_mode():
            y = mx.nd.BatchNorm(mx.nd.array(X4), g, mx.nd.zeros(3), mx.nd.zeros(3), mx.nd.ones(3))
        return y, g
    check(run)


def test_fix_gamma_recorded_gamma_gradient_is_zero():
    def run(mx):
        g = mx.nd.array([3.0, 2.0, 1.0])
        x = mx.nd.array(X4)
        g.attach_grad()
        x.attach_grad()
        g.grad[:] = 5
        with mx.autograd.record():
            y = mx.nd.BatchNorm(x, g, mx.nd.zeros(3), mx.nd.zeros(3), mx.nd.ones(3), fix_gamma=True)
        y.backward(mx.nd.arange(24).reshape((2, 3, 2, 2)))
        return y, g, g.grad, x.grad
    check(run)


@pytest.mark.parametrize("mode", ["predict", "train", "record"])
@pytest.mark.parametrize("kind", ["symbolblock", "hybridized", "eager"])
def test_fix_gamma_side_effect_in_cached_graphs_only_while_recording(mode, kind):
    # MXNet's CachedOp (hybridized block, SymbolBlock) leaves a fixed gamma alone unless recording;
    # imperative calls always write 1 into it. Outputs use gamma=1 everywhere.
    def run(mx):
        d = mx.sym.var("data")
        if kind == "symbolblock":
            net = mx.gluon.SymbolBlock(mx.sym.BatchNorm(d, name="bn"), d)
        else:
            net = mx.gluon.nn.HybridSequential(prefix="s_")
            with net.name_scope():
                net.add(mx.gluon.nn.BatchNorm(scale=False, in_channels=2))
            if kind == "hybridized":
                net.hybridize()
        net.initialize(mx.init.Constant(0.25))
        x = mx.nd.array(X4[:1, :2])
        if mode == "predict":
            out = net(x)
        elif mode == "train":
            with mx.autograd.train_mode():
                out = net(x)
        else:
            with mx.autograd.record():
                out = net(x)
        gamma = [p for n, p in net.collect_params().items() if n.endswith("gamma")][0]
        return out, gamma.data()
    check(run)


@pytest.mark.parametrize("dims,factor", [(1, 3), (2, (2, 3)), (3, (2, 1, 2))])
def test_pixel_shuffle_exports_and_imports_across_libraries(dims, factor, tmp_path):
    # gluon-cv's DUC block ends in PixelShuffle2D: exporting it traces the layer with symbols (no shapes)
    import mxnet
    import torch2gluon
    prod = int(np.prod(factor))
    x = RNG.rand(*((2, 2 * prod) + (3,) * dims)).astype("float32")
    outs = {}
    for name, mx in (("mx", mxnet), ("t2g", torch2gluon)):
        layer = getattr(mx.gluon.contrib.nn, "PixelShuffle%dD" % dims)(factor)
        layer.hybridize()
        outs[name] = layer(mx.nd.array(x)).asnumpy()
        layer.export(str(tmp_path / name))
    for name, mx in (("mx", mxnet), ("t2g", torch2gluon)):
        for src in ("mx", "t2g"):
            sb = mx.gluon.SymbolBlock.imports(str(tmp_path / (src + "-symbol.json")), ["data"])
            np.testing.assert_array_equal(sb(mx.nd.array(x)).asnumpy(), outs["mx"])
    np.testing.assert_array_equal(outs["t2g"], outs["mx"])


_SHARED_OPS = {
    "add_scalar": lambda mx, r: r + 1, "rsub": lambda mx, r: 1 - r, "mul": lambda mx, r: r * r,
    "neg": lambda mx, r: -r, "abs": lambda mx, r: abs(r), "relu": lambda mx, r: mx.nd.relu(r),
    "exp": lambda mx, r: mx.nd.exp(r), "sum": lambda mx, r: r.sum(), "dot": lambda mx, r: mx.nd.dot(r, r.T),
    "T": lambda mx, r: r.T, "zeros_like": lambda mx, r: mx.nd.zeros_like(r), "expand": lambda mx, r: r.expand_dims(0),
    "concat": lambda mx, r: mx.nd.concat(r, r, dim=0), "take": lambda mx, r: mx.nd.take(r, mx.nd.array([0])),
    "flatten": lambda mx, r: r.flatten(), "nd_reshape": lambda mx, r: mx.nd.reshape(r, (3, 2)),
    "slice_cols": lambda mx, r: r[:, 1:], "gather": lambda mx, r: r[[0, 1]],
    "dense": lambda mx, r: _dense(mx)(r),
    # views and copies keep the pinned/shared context
    "reshape_method": lambda mx, r: r.reshape((3, 2)), "row": lambda mx, r: r[0], "rows": lambda mx, r: r[0:1],
    "copy": lambda mx, r: r.copy(), "astype": lambda mx, r: r.astype("int32"), "detach": lambda mx, r: r.detach(),
    "zeros_ctx": lambda mx, r: mx.nd.zeros((2,), ctx=r.context),
}


def _dense(mx):
    d = mx.gluon.nn.Dense(2, in_units=3)
    d.initialize(mx.init.Constant(0.1))
    return d


@pytest.mark.parametrize("kind", ["cpu_shared", "cpu_pinned"])
@pytest.mark.parametrize("op", sorted(_SHARED_OPS))
def test_operator_outputs_of_shared_or_pinned_arrays_are_on_cpu(kind, op):
    # MXNet does not propagate the pinned/shared context kinds to operator outputs (DataLoader batches are
    # cpu_shared(0): the model's outputs are cpu(0)); views and copies keep the array's context
    def run(mx):
        r = mx.nd.array(np.arange(6).reshape(2, 3), ctx=mx.Context(kind, 0))
        out = _SHARED_OPS[op](mx, r)
        return str(out.context), out.asnumpy()
    check(run)


def test_gradient_buffer_of_a_shared_array_is_on_cpu():
    def run(mx):
        x = mx.nd.array(np.arange(6).reshape(2, 3), ctx=mx.Context("cpu_shared", 0))
        x.attach_grad()
        with mx.autograd.record():
            y = (x * 2).sum()
        y.backward()
        return str(x.grad.context), str(y.context), x.grad
    check(run)
