"""Deferred shapes of parameters that a subclass of a built-in layer adds (the Straight Dope's Bayes-by-Backprop
`BayesDense(gluon.nn.Dense)` with a `weight_std` of shape (units, 0)), against MXNet 1.9.1: the built-in
layer's own rule sizes its weight, MXNet's symbolic inference over the subclass's hybrid_forward sizes the
rest; FullyConnected/Convolution/Deconvolution give a weight computed from unknown-size values its sizes."""
import pytest

from tests.oracle import check


def _noisy(mx, base, **kw):
    class Noisy(base):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            with self.name_scope():
                self.weight_std = self.params.get("weight_std", shape=self.weight.shape,
                                                  init=mx.init.Constant(0.5), allow_deferred_init=True)

        def hybrid_forward(self, F, x, weight, weight_std, bias=None):
            # the noise's shape is the parameter's, (units, 0) while tracing: inferred back through * and +
            w = weight + F.ones(shape=self.weight_std.shape) * F.sqrt(weight_std ** 2 + 1e-5)
            return super().hybrid_forward(F, x, weight=w, bias=bias)
    return Noisy(**kw)


LAYERS = {
    "dense": (lambda mx: mx.gluon.nn.Dense, dict(units=3), (2, 4)),
    "dense_flatten": (lambda mx: mx.gluon.nn.Dense, dict(units=3), (2, 2, 3)),
    "dense_no_flatten": (lambda mx: mx.gluon.nn.Dense, dict(units=3, flatten=False), (2, 2, 3)),
    "conv2d": (lambda mx: mx.gluon.nn.Conv2D, dict(channels=2, kernel_size=3), (1, 3, 5, 5)),
    "conv2d_groups": (lambda mx: mx.gluon.nn.Conv2D, dict(channels=4, kernel_size=2, groups=2), (1, 2, 4, 4)),
    "conv2d_transpose": (lambda mx: mx.gluon.nn.Conv2DTranspose, dict(channels=2, kernel_size=3), (1, 3, 4, 4)),
}


@pytest.mark.parametrize("key", sorted(LAYERS))
def test_subclass_extra_param_inferred(key):
    base, kw, shape = LAYERS[key]

    def run(mx):
        net = _noisy(mx, base(mx), **kw)
        net.initialize(mx.init.Constant(0.1))
        y = net(mx.nd.ones(shape))
        return y, net.weight_std.shape, net.weight.shape
    check(run)


def test_bayes_dense_trains():
    # the notebook's pattern: weight_std declared (units, in_units) with in_units unknown, random noise
    def run(mx):
        class BayesDense(mx.gluon.nn.Dense):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                with self.name_scope():
                    self.weight_std = self.params.get("weight_std", shape=(self._units, self._in_units),
                                                      init=mx.init.Constant(0.3), allow_deferred_init=True)

            def hybrid_forward(self, F, x, weight, weight_std, bias=None):
                shape = self.weight_std.shape
                return super().hybrid_forward(F, x, weight=weight + F.zeros(shape=shape) * weight_std, bias=bias)
        net = mx.gluon.nn.HybridSequential()
        net.add(BayesDense(5, activation="relu"), BayesDense(2))
        net.initialize(mx.init.Constant(0.05))
        x = mx.nd.arange(12).reshape((3, 4)) / 10
        with mx.autograd.record():
            loss = net(x).sum()
        loss.backward()
        return loss, net[0].weight_std.shape, net[1].weight_std.shape, net[0].weight_std.grad()
    check(run)


SYMS = {
    "fc_from_elemwise": (lambda mx, w, x: mx.sym.FullyConnected(
        x, w + mx.sym.random_normal(shape=(4, 0)) * mx.sym.sqrt(mx.sym.var("s") ** 2), num_hidden=4,
        no_bias=True), (3, 6)),
    "fc_bias_lazy": (lambda mx, w, x: mx.sym.FullyConnected(
        x, mx.sym.ones(shape=(4, 0)) * w, mx.sym.zeros(shape=(0,)) + mx.sym.var("b"), num_hidden=4), (3, 2, 3)),
    "fc_no_flatten": (lambda mx, w, x: mx.sym.FullyConnected(
        x, mx.sym.ones(shape=(4, 0)) + w, num_hidden=4, flatten=False, no_bias=True), (3, 2, 5)),
    "conv": (lambda mx, w, x: mx.sym.Convolution(
        x, w + mx.sym.ones(shape=(8, 0, 3, 3)) * mx.sym.var("s"), kernel=(3, 3), num_filter=8, no_bias=True),
        (2, 5, 7, 7)),
    "conv_nhwc": (lambda mx, w, x: mx.sym.Convolution(
        x, w + mx.sym.ones(shape=(8, 3, 3, 0)), kernel=(3, 3), num_filter=8, no_bias=True, layout="NHWC"),
        (2, 7, 7, 5)),
    "deconv": (lambda mx, w, x: mx.sym.Deconvolution(
        x, w * mx.sym.ones(shape=(0, 6, 2, 2)), kernel=(2, 2), num_filter=6, no_bias=True), (1, 3, 4, 4)),
}


@pytest.mark.parametrize("key", sorted(SYMS))
def test_symbolic_weight_from_unknown_values(key):
    build, shape = SYMS[key]

    def run(mx):
        out = build(mx, mx.sym.var("w"), mx.sym.var("x"))
        args, outs, aux = out.infer_shape_partial(x=shape)
        return dict(zip(out.list_arguments(), args)), outs
    check(run)
