"""Gluon in numpy mode (`npx.set_np()`): parameters, layers, losses, training, data and save/load make and
take `mx.np.ndarray`s as MXNet 1.9.1 does; each snippet runs in numpy mode on real MXNet and on torch2gluon."""
import os
import tempfile

import numpy as onp
import pytest

from tests.oracle import MODULES, assert_same, assert_same_error


def _canon(mod, v):
    """Plain data of a result, with the array class ('np' for `mx.np.ndarray`, 'nd' for a legacy NDArray)."""
    if isinstance(v, mod.nd.NDArray):
        kind = "np" if isinstance(v, mod.np.ndarray) else "nd"
        return (kind, ("NDArray", v.shape, onp.dtype(v.dtype), str(v.ctx), v.asnumpy()))
    if isinstance(v, (list, tuple)):
        return type(v)(_canon(mod, x) for x in v)
    if isinstance(v, dict):
        return {k: _canon(mod, x) for k, x in v.items()}
    return v


def check_np(fn, atol=1e-5, rtol=1e-5):
    """Run `fn(mx)` in numpy mode on both libraries (mode reset afterwards) and compare results and classes."""
    out = []
    for mod in MODULES:
        mod.npx.set_np()
        try:
            mod.random.seed(0)
            out.append((True, _canon(mod, fn(mod))))
        except Exception as e:  # noqa: BLE001 - errors are compared
            out.append((False, e))
        finally:
            mod.npx.reset_np()
    (ok_r, ref), (ok_o, ours) = out
    if not ok_r or not ok_o:
        assert not ok_r, f"oracle returned {ref!r:.300} but torch2gluon raised {ours!r}"
        assert not ok_o, f"oracle raised {ref!r} but torch2gluon returned {ours!r:.300}"
        assert_same_error(ref, ours)
        return ours
    assert_same(ref, ours, atol, rtol)
    return ours


def A(mod, a, dtype=None):
    """A numpy-mode array from numpy data (through nd.array, the same way on both sides)."""
    a = onp.asarray(a)
    return mod.nd.array(a, dtype=dtype or a.dtype).as_np_ndarray()


RNG = onp.random.RandomState(0)
X2 = RNG.uniform(-1, 1, (4, 6)).astype("float32")
X4 = RNG.uniform(-1, 1, (2, 3, 8, 8)).astype("float32")
SEQ = RNG.uniform(-1, 1, (5, 2, 3)).astype("float32")


def _const_init(mod, net):
    """Deterministic parameter values on both sides: each parameter gets 0.01 * arange, sin'd."""
    for p in net.collect_params().values():
        n = int(onp.prod(p.shape))
        p.set_data(A(mod, onp.sin(onp.arange(n, dtype="float32") * 0.37).reshape(p.shape) * 0.5))


# ---------------------------------------------------------------- parameters
def test_parameter_arrays_are_np():
    def fn(mx):
        p = mx.gluon.Parameter("w", shape=(2, 3), init=mx.init.One())
        p.initialize()
        return [p.data(), p.list_data(), p.grad(), p.list_grad(), p.data().grad]
    check_np(fn)


def test_parameter_unknown_dims_are_minus_one_in_np_shape():
    def fn(mx):
        d = mx.gluon.nn.Dense(4)
        before = (d.weight.shape, repr(d.weight), repr(d))
        d.initialize()
        d(A(mx, X2))
        return before + (d.weight.shape, repr(d.weight), repr(d))
    check_np(fn)


def test_shared_params_with_unknown_dims():
    def fn(mx):
        net = mx.gluon.nn.Sequential()
        shared = mx.gluon.nn.Dense(8, activation="relu")
        net.add(mx.gluon.nn.Dense(8, activation="relu"), shared,
                mx.gluon.nn.Dense(8, activation="relu", params=shared.params), mx.gluon.nn.Dense(3))
        net.initialize()
        x = A(mx, X2)
        net(x)
        _const_init(mx, net)
        return [net(x), net[2].weight.shape, net[1].weight is net[2].weight, repr(net[2].weight)]
    check_np(fn)


def test_parameter_legacy_mode_unchanged(mx):
    d = mx.gluon.nn.Dense(4)
    assert d.weight.shape == (4, 0)
    d.initialize()
    out = d(mx.nd.array(X2))
    assert type(out) is mx.nd.NDArray and type(d.weight.data()) is mx.nd.NDArray
    assert type(d.weight.grad()) is mx.nd.NDArray


def test_parameter_set_data_zero_grad_and_init():
    def fn(mx):
        net = mx.gluon.nn.Dense(3, in_units=2)
        p = net.weight
        net.initialize(init=mx.init.Constant(2.0))
        first = p.data().asnumpy()
        p.set_data(A(mx, onp.arange(6.0).reshape(3, 2)))
        with mx.autograd.record():
            y = (p.data() * p.data()).sum()
        y.backward()
        g = p.grad().asnumpy()
        net.collect_params().zero_grad()   # MXNet's Parameter.zero_grad() refuses numpy arrays, this one not
        return [first, p.data(), g, p.grad()]
    check_np(fn)


def test_constant_and_cast():
    def fn(mx):
        c = mx.gluon.Constant("c", [[1, 2], [3, 4]])
        c.initialize()
        p = mx.gluon.Parameter("w", shape=(3,), init=mx.init.One())
        p.initialize()
        p.cast("float64")
        return [c.value, c.data(), p.data(), p.grad()]
    check_np(fn)


def test_initializers_write_np_data():
    def fn(mx):
        out = []
        for init in [mx.init.Zero(), mx.init.One(), mx.init.Constant(3.0), mx.init.Xavier(), mx.init.Normal(0.1),
                     mx.init.Uniform(0.2)]:
            p = mx.gluon.Parameter("w", shape=(20, 30), init=init)
            p.initialize()
            d = p.data()
            out.append((type(d).__name__, d.shape, round(float(d.asnumpy().std()) * 10) / 10 if d.size else 0))
        return out
    check_np(fn)


# ---------------------------------------------------------------- layers
LAYERS = {
    "Dense": (lambda nn: nn.Dense(3, activation="relu"), X2),
    "Dense_noflat": (lambda nn: nn.Dense(3, flatten=False), X4),
    "Conv2D": (lambda nn: nn.Conv2D(4, kernel_size=3, padding=1, activation="sigmoid"), X4),
    "Conv2DTranspose": (lambda nn: nn.Conv2DTranspose(2, kernel_size=2, strides=2), X4),
    "MaxPool2D": (lambda nn: nn.MaxPool2D(pool_size=2, strides=2), X4),
    "AvgPool2D": (lambda nn: nn.AvgPool2D(pool_size=3, strides=1, padding=1), X4),
    "GlobalAvgPool2D": (lambda nn: nn.GlobalAvgPool2D(), X4),
    "BatchNorm": (lambda nn: nn.BatchNorm(), X4),
    "LayerNorm": (lambda nn: nn.LayerNorm(), X2),
    "Flatten": (lambda nn: nn.Flatten(), X4),
    "Activation": (lambda nn: nn.Activation("tanh"), X2),
    "LeakyReLU": (lambda nn: nn.LeakyReLU(0.1), X2),
    "PReLU": (lambda nn: nn.PReLU(), X2),
    "ELU": (lambda nn: nn.ELU(), X2),
    "GELU": (lambda nn: nn.GELU(), X2),
    "Swish": (lambda nn: nn.Swish(), X2),
}


@pytest.mark.parametrize("hybridize", [False, True])
@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_outputs_are_np(name, hybridize):
    make, x = LAYERS[name]

    def fn(mx):
        net = make(mx.gluon.nn)
        net.initialize()
        if hybridize:
            net.hybridize()
        xs = A(mx, x)
        net(xs)   # deferred init
        _const_init(mx, net)
        xs.attach_grad()
        with mx.autograd.record():
            y = net(xs)
        y.backward()
        return [y, net(xs), xs.grad] + [p.grad() for p in net.collect_params().values() if p.grad_req != "null"]
    check_np(fn, atol=1e-4)


def test_embedding_and_dropout_training():
    def fn(mx):
        e = mx.gluon.nn.Embedding(10, 3)
        e.initialize()
        _const_init(mx, e)
        d = mx.gluon.nn.Dropout(0.5)
        with mx.autograd.record():
            y = d(A(mx, onp.ones((100, 10), "float32")))
        kept = float((y.asnumpy() != 0).mean())
        return [e(A(mx, [1, 4, 9], "float32")), y.shape, type(y).__name__, abs(kept - 0.5) < 0.2,
                sorted(set(onp.unique(y.asnumpy()).tolist())), d(A(mx, X2))]
    check_np(fn)


@pytest.mark.parametrize("mode", ["RNN", "LSTM", "GRU"])
def test_rnn_layers(mode):
    def fn(mx):
        layer = getattr(mx.gluon.rnn, mode)(4, num_layers=2)
        layer.initialize()
        x = A(mx, SEQ)
        layer(x)
        _const_init(mx, layer)
        states = layer.begin_state(batch_size=2)
        out, new_states = layer(x, states)
        return [layer(x), out, new_states, states]
    check_np(fn, atol=1e-4)


def test_custom_hybrid_block_and_sequential():
    def fn(mx):
        class MLP(mx.gluon.HybridBlock):
            def __init__(self, **kw):
                super().__init__(**kw)
                with self.name_scope():
                    self.hidden = mx.gluon.nn.Dense(5, activation="relu")
                    self.out = mx.gluon.nn.Dense(2)

            def hybrid_forward(self, F, x):
                return self.out(self.hidden(x))

        net = mx.gluon.nn.Sequential()
        net.add(MLP(), mx.gluon.nn.Dense(1))
        net.initialize()
        x = A(mx, X2)
        net(x)
        _const_init(mx, net)
        return [net(x), net[0](x), [k for k in net.collect_params()]]
    check_np(fn)


def test_hybrid_block_given_F_inputs_and_lists():
    def fn(mx):
        class Two(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, x, y):
                return [x * 2, (y + 1, x)]

        net = Two()
        net.hybridize()
        return [net(A(mx, X2), A(mx, X2)), net(A(mx, X2), A(mx, X2))]
    check_np(fn)


# ---------------------------------------------------------------- losses, training
LOSSES = {
    "L2": (lambda L: L.L2Loss(), (4, 3), (4, 3)),
    "L2_label_reshaped": (lambda L: L.L2Loss(), (4, 1), (4,)),
    "L2_3d": (lambda L: L.L2Loss(), (2, 3, 4), (2, 3, 4)),
    "L2_batch_axis1": (lambda L: L.L2Loss(batch_axis=1), (2, 3, 4), (2, 3, 4)),
    "L1": (lambda L: L.L1Loss(), (4, 3), (4, 3)),
    "SigmoidBCE": (lambda L: L.SigmoidBCELoss(), (4, 3), (4, 3)),
    "SoftmaxCE": (lambda L: L.SoftmaxCrossEntropyLoss(), (4, 5), (4,)),
    "SoftmaxCE_dense": (lambda L: L.SoftmaxCrossEntropyLoss(sparse_label=False), (4, 5), (4, 5)),
}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_losses_return_np(name):
    make, ps, ls = LOSSES[name]
    pred = RNG.uniform(-1, 1, ps).astype("float32")
    label = (RNG.uniform(0, 1, ls) * (5 if name.startswith("SoftmaxCE") and len(ls) == 1 else 1)).astype("float32")
    if name == "SoftmaxCE":
        label = onp.floor(label)

    def fn(mx):
        p = A(mx, pred)
        p.attach_grad()
        with mx.autograd.record():
            loss = make(mx.gluon.loss)(p, A(mx, label))
        loss.backward()
        return [loss, p.grad]
    check_np(fn)


@pytest.mark.parametrize("opt", ["sgd", "adam"])
def test_trainer_step(opt):
    def fn(mx):
        net = mx.gluon.nn.Dense(2)
        net.initialize()
        x = A(mx, X2)
        net(x)
        _const_init(mx, net)
        trainer = mx.gluon.Trainer(net.collect_params(), opt, {"learning_rate": 0.1})
        loss = mx.gluon.loss.L2Loss()
        for _ in range(3):
            with mx.autograd.record():
                ls = loss(net(x), A(mx, onp.ones((4, 2), "float32")))
            ls.backward()
            trainer.step(4)
        return [net.weight.data(), net.bias.data(), net.weight.grad()]
    check_np(fn)


# ---------------------------------------------------------------- utils, data, metric
def test_split_and_load():
    def fn(mx):
        x = A(mx, X2)
        return [mx.gluon.utils.split_and_load(x, [mx.cpu(0), mx.cpu(1)]),
                mx.gluon.utils.split_and_load(x, [mx.cpu(0)]),
                mx.gluon.utils.split_and_load(X2, [mx.cpu(0), mx.cpu(1)], even_split=False),
                mx.gluon.utils.split_and_load(X2[:3], [mx.cpu(0), mx.cpu(1)], even_split=False)]
    check_np(fn)


def test_clip_global_norm_legacy_arrays_in_np_mode():
    def fn(mx):
        arrs = [mx.nd.array(X2), mx.nd.array(X2[0])]
        norm = mx.gluon.utils.clip_global_norm(arrs, 1.0)
        return [norm, arrs]
    check_np(fn)


def test_clip_global_norm_np_arrays_refused():
    # MXNet 1.9.1's clip_global_norm uses legacy operators, which refuse numpy arrays (TypeError)
    def fn(mx):
        return mx.gluon.utils.clip_global_norm([A(mx, X2), A(mx, X2[0])], 1.0)
    check_np(fn)


def test_dataloader_default_batchify():
    def fn(mx):
        ds = mx.gluon.data.ArrayDataset(X2, onp.arange(4, dtype="int32"))
        ds_np = mx.gluon.data.ArrayDataset(A(mx, X2), A(mx, onp.arange(4.0)))
        out = []
        for d in (ds, ds_np):
            out.append(list(mx.gluon.data.DataLoader(d, batch_size=3, shuffle=False)))
            out.append(list(mx.gluon.data.DataLoader(d, batch_size=3, last_batch="discard")))
        out.append(type(ds_np[1][1]).__name__)   # 1-D fields are read as numpy (MXNet's ArrayDataset)
        return out
    check_np(fn)


def test_vision_transforms():
    img = RNG.randint(0, 255, (6, 8, 3)).astype("uint8")

    def fn(mx):
        T = mx.gluon.data.vision.transforms
        x = A(mx, img)
        t = T.Compose([T.Resize(4), T.ToTensor(), T.Normalize(0.5, 0.25)])
        return [T.ToTensor()(x), t(x), T.Resize((3, 2))(x), T.CenterCrop(4)(x)]
    check_np(fn, atol=1e-4)


def test_accuracy_metric_on_np_arrays():
    # MXNet 1.9.1's Accuracy calls the legacy argmax on class scores, which refuses numpy arrays (TypeError, as
    # MXNet: tests/numpy/test_np_mode_array_kinds.py); the metrics that read the values as numpy take both kinds
    import torch2gluon as t2g
    pred = onp.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]], "float32")
    label = onp.array([1, 1, 1], "float32")
    ref = t2g.metric.Accuracy()
    ref.update([t2g.nd.array(label)], [t2g.nd.array(pred)])
    t2g.npx.set_np()
    try:
        with pytest.raises(TypeError, match="Operator `argmax`"):
            t2g.metric.Accuracy().update([A(t2g, label)], [A(t2g, pred)])
        for m in (t2g.metric.TopKAccuracy(2), t2g.metric.MSE(), t2g.metric.CrossEntropy()):
            m2 = type(m)(*([2] if isinstance(m, t2g.metric.TopKAccuracy) else []))
            m.update([A(t2g, label)], [A(t2g, pred)])
            t2g.npx.reset_np()
            m2.update([t2g.nd.array(label)], [t2g.nd.array(pred)])
            t2g.npx.set_np()
            assert m.get() == m2.get()
        assert ref.get() == ("accuracy", 2 / 3)
    finally:
        t2g.npx.reset_np()


# ---------------------------------------------------------------- save / load
def test_save_load_parameters_round_trip():
    def fn(mx):
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(3), mx.gluon.nn.BatchNorm())
        net.initialize()
        x = A(mx, X2)
        net(x)
        _const_init(mx, net)
        with tempfile.TemporaryDirectory() as d:
            f = os.path.join(d, "net.params")
            net.save_parameters(f)
            net2 = mx.gluon.nn.HybridSequential()
            net2.add(mx.gluon.nn.Dense(3), mx.gluon.nn.BatchNorm())
            net2.load_parameters(f)
        return [net2(x), [p.data() for p in net2.collect_params().values()]]
    check_np(fn)


@pytest.mark.parametrize("nested", [True, False])
def test_load_parameters_saved_outside_np_mode(nested):
    # structural names ('0.weight') take MXNet's fallback that reads a legacy file with numpy semantics off;
    # a flat block's names go through ParameterDict.load, which refuses the legacy file in numpy mode
    def make(mx):
        if not nested:
            return mx.gluon.nn.Dense(3, in_units=4)
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(3, in_units=4))
        return net

    def fn(mx):
        with tempfile.TemporaryDirectory() as d:
            f = os.path.join(d, "legacy.params")
            with mx.util.np_array(False), mx.util.np_shape(False):
                net = make(mx)
                net.initialize(mx.init.Constant(0.5))
                net.save_parameters(f)
            net2 = make(mx)
            net2.load_parameters(f)
            return [[p.data() for p in net2.collect_params().values()], net2(A(mx, X2[:, :4]))]
    check_np(fn)


def test_save_parameters_file_is_mxnets(tmp_path):
    """numpy mode writes V3 (np shape) records: the same bytes as MXNet, loadable in numpy mode by both."""
    import mxnet
    import torch2gluon
    files = {}
    for mod in (mxnet, torch2gluon):
        mod.npx.set_np()
        try:
            net = mod.gluon.nn.HybridSequential()
            net.add(mod.gluon.nn.Dense(3, in_units=4))
            net.initialize()
            _const_init(mod, net)
            files[mod.__name__] = str(tmp_path / f"{mod.__name__}.params")
            net.save_parameters(files[mod.__name__])
        finally:
            mod.npx.reset_np()
    assert open(files["mxnet"], "rb").read() == open(files["torch2gluon"], "rb").read()

    def fn(mx):
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(3, in_units=4))
        net.load_parameters(files["torch2gluon"])
        return [p.data() for p in net.collect_params().values()]
    check_np(fn)


def test_symbol_json_marks_np_shape():
    check_np(lambda mx: mx.sym.FullyConnected(mx.sym.var("x"), num_hidden=2, name="fc").tojson())


def test_export_in_np_mode(tmp_path):
    def fn(mx):
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(3, in_units=4, activation="relu"), mx.gluon.nn.Dense(2, in_units=3))
        net.initialize()
        _const_init(mx, net)
        net.hybridize()
        x = A(mx, X2[:, :4])
        y = net(x)
        path = str(tmp_path / mx.__name__)
        net.export(path)
        import json
        graph = json.load(open(path + "-symbol.json"))
        loaded = mx.npx.load(path + "-0000.params")
        return [y, graph["attrs"], [n["op"] for n in graph["nodes"]], {k: loaded[k] for k in sorted(loaded)}]
    check_np(fn)


def _synthetic_mnist(root, n=6):
    """MNIST-format gz files under `root`, listed in torch2gluon's synthetic-file manifest (no download)."""
    import gzip
    import hashlib
    import struct
    from torch2gluon.gluon.data.vision.datasets import SYNTHETIC_MANIFEST
    os.makedirs(root, exist_ok=True)
    imgs = (onp.arange(n * 28 * 28) % 251).astype("uint8")
    labels = (onp.arange(n) % 10).astype("uint8")
    lines = []
    for prefix in ("train", "t10k"):
        for kind, payload in (("images-idx3-ubyte", struct.pack(">IIII", 2051, n, 28, 28) + imgs.tobytes()),
                              ("labels-idx1-ubyte", struct.pack(">II", 2049, n) + labels.tobytes())):
            name = f"{prefix}-{kind}.gz"
            with gzip.open(os.path.join(root, name), "wb") as f:
                f.write(payload)
            lines.append(f"{hashlib.sha1(open(os.path.join(root, name), 'rb').read()).hexdigest()}  {name}")
    with open(os.path.join(root, SYNTHETIC_MANIFEST), "w") as f:
        f.write("\n".join(lines) + "\n")
    return imgs.reshape(n, 28, 28, 1), labels.astype("int32")


def test_vision_dataset_in_np_mode(tmp_path):
    # MXNet's MNIST/CIFAR make mx.np arrays (images and labels) in numpy mode; checked here on synthetic files
    import warnings
    import torch2gluon as t2g
    imgs, labels = _synthetic_mnist(str(tmp_path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        legacy = t2g.gluon.data.vision.MNIST(root=str(tmp_path))
        assert type(legacy[1][0]) is t2g.nd.NDArray and isinstance(legacy[1][1], onp.int32)
        t2g.npx.set_np()
        try:
            ds = t2g.gluon.data.vision.MNIST(root=str(tmp_path), train=False)
            x, y = ds[3]
            assert isinstance(x, t2g.np.ndarray) and x.shape == (28, 28, 1) and x.dtype == onp.uint8
            assert isinstance(y, t2g.np.ndarray) and y.shape == () and y.dtype == onp.int32 and int(y) == 3
            onp.testing.assert_array_equal(x.asnumpy(), imgs[3])
            T = t2g.gluon.data.vision.transforms
            loader = t2g.gluon.data.DataLoader(ds.transform_first(T.ToTensor()), batch_size=4)
            bx, by = next(iter(loader))
            assert isinstance(bx, t2g.np.ndarray) and bx.shape == (4, 1, 28, 28) and bx.dtype == onp.float32
            assert isinstance(by, t2g.np.ndarray) and by.dtype == onp.int32
            onp.testing.assert_array_equal(by.asnumpy(), labels[:4])
            onp.testing.assert_allclose(bx.asnumpy()[2, 0], imgs[2, :, :, 0] / 255.0, rtol=1e-6)
        finally:
            t2g.npx.reset_np()


def test_multi_context_training_step():
    def fn(mx):
        ctxs = [mx.cpu(0), mx.cpu(1)]
        net = mx.gluon.nn.Dense(2, in_units=6)
        net.initialize(ctx=ctxs)
        _const_init(mx, net)
        trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        loss = mx.gluon.loss.L2Loss()
        xs = mx.gluon.utils.split_and_load(A(mx, X2), ctxs)
        ys = mx.gluon.utils.split_and_load(A(mx, onp.ones((4, 2), "float32")), ctxs)
        with mx.autograd.record():
            ls = [loss(net(x), y) for x, y in zip(xs, ys)]
        for l in ls:
            l.backward()
        trainer.step(4)
        return [net.weight.list_data(), net.weight.list_grad(), net.bias.data(mx.cpu(1))]
    check_np(fn)


def test_user_blocks_inside_builtin_containers_get_np_arrays():
    def fn(mx):
        seen = []

        class Scale(mx.gluon.HybridBlock):
            def __init__(self, **kw):
                super().__init__(**kw)
                with self.name_scope():
                    self.s = self.params.get("s", shape=(1,), init=mx.init.Constant(2.0))

            def hybrid_forward(self, F, x, s):
                seen.append((type(x).__name__, type(s).__name__))
                return F.np.sum(x * s, axis=1, keepdims=True) + F.npx.relu(x)

        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(4, in_units=6), Scale(),
                mx.gluon.nn.HybridLambda(lambda F, x: F.np.tanh(x) * 2), mx.gluon.nn.Dense(2, in_units=4))
        net.initialize()
        _const_init(mx, net)
        x = A(mx, X2)
        x.attach_grad()
        with mx.autograd.record():
            y = net(x)
        y.backward()
        return [y, x.grad, net[1].s.grad(), seen]
    check_np(fn)
