"""`mx.mod.Module` and `mx.model` against real MXNet 1.9.1: the same symbolic programs, identical initial
parameters, no shuffling; parameters after N optimizer steps, scores, outputs and gradients must agree."""
import json
import logging
import os

import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import MODULES

ATOL, RTOL = 2e-5, 2e-4


@pytest.fixture(autouse=True)
def _fresh_symbol_names():
    """Automatic symbol names (fc0, activation1...) restart per test on both sides and do not leak out."""
    from torch2gluon.symbol.symbol import name_prefix
    with mxnet.name.NameManager(), name_prefix(""):
        yield


def _params(mx_sym, data_shapes, names, seed=0, scale=0.3):
    """Deterministic numpy values for the parameters `names` of a (real MXNet) symbol."""
    arg_shapes, _, aux_shapes = mx_sym.infer_shape(**dict(data_shapes))
    shapes = dict(zip(mx_sym.list_arguments(), arg_shapes))
    shapes.update(zip(mx_sym.list_auxiliary_states(), aux_shapes))
    rs = np.random.RandomState(seed)
    return {n: (rs.randn(*shapes[n]) * scale).astype("float32") for n in names}


def _nd(lib, d):
    return {k: lib.nd.array(v) for k, v in d.items()}


def _np(d):
    return {k: v.asnumpy() for k, v in d.items()}


def _close(ref, ours, atol=ATOL, rtol=RTOL):
    if isinstance(ref, dict):
        assert sorted(ref) == sorted(ours)
        for k in ref:
            np.testing.assert_allclose(ours[k], ref[k], atol=atol, rtol=rtol, err_msg=k)
    elif isinstance(ref, (list, tuple)):
        assert len(ref) == len(ours)
        for r, o in zip(ref, ours):
            _close(r, o, atol, rtol)
    elif isinstance(ref, str):
        assert ref == ours
    else:
        np.testing.assert_allclose(ours, ref, atol=atol, rtol=rtol)


def _mlp(lib, head="softmax"):
    data = lib.sym.var("data")
    h = lib.sym.Activation(lib.sym.FullyConnected(data, num_hidden=8, name="fc1"), act_type="relu", name="relu1")
    out = lib.sym.FullyConnected(h, num_hidden=3 if head == "softmax" else 2, name="fc2")
    if head == "softmax":
        return lib.sym.SoftmaxOutput(out, name="softmax")
    return getattr(lib.sym, head)(out, name="reg")


RS = np.random.RandomState(42)
X = RS.randn(20, 5).astype("float32")
Y_CLS = RS.randint(0, 3, 20).astype("float32")
Y_REG = RS.rand(20, 2).astype("float32")
MLP_PARAMS = ("fc1_weight", "fc1_bias", "fc2_weight", "fc2_bias")


def _train_steps(lib, sym, label, label_name, params, optimizer="sgd", opt_params=None, steps=None,
                 metric="acc", **mod_kwargs):
    it = lib.io.NDArrayIter(X, label, batch_size=5, shuffle=False, label_name=label_name)
    mod = lib.mod.Module(sym, label_names=(label_name,), context=lib.cpu(), **mod_kwargs)
    mod.bind(it.provide_data, it.provide_label)
    mod.init_params(arg_params=_nd(lib, params))
    mod.init_optimizer(optimizer=optimizer, optimizer_params=opt_params or {"learning_rate": 0.5})
    for i, batch in enumerate(it):
        if steps is not None and i == steps:
            break
        mod.forward(batch, is_train=True)
        mod.backward()
        mod.update()
    arg, aux = mod.get_params()
    return {"arg": _np(arg), "aux": _np(aux), "score": mod.score(it, metric),
            "pred": [p.asnumpy() for p in mod.predict(it, always_output_list=True)], "out_shapes": mod.output_shapes}


@pytest.mark.parametrize("opt,opt_params", [("sgd", {"learning_rate": 0.5, "momentum": 0.9, "wd": 0.01}),
                                            ("adam", {"learning_rate": 0.05}),
                                            ("nag", {"learning_rate": 0.3, "momentum": 0.8, "clip_gradient": 0.1})])
def test_softmax_mlp_matches_oracle(opt, opt_params):
    params = _params(_mlp(mxnet), [("data", (5, 5))], MLP_PARAMS)
    ref, ours = (_train_steps(lib, _mlp(lib), Y_CLS, "softmax_label", params, opt, opt_params) for lib in MODULES)
    assert ours["out_shapes"] == ref["out_shapes"] == [("softmax_output", (5, 3))]
    _close(ref["arg"], ours["arg"])
    assert ours["score"][0][0] == "accuracy"
    _close(ref["score"][0][1], ours["score"][0][1])
    _close(ref["pred"], ours["pred"])


@pytest.mark.parametrize("head", ["LinearRegressionOutput", "LogisticRegressionOutput", "MAERegressionOutput"])
def test_regression_heads_match_oracle(head):
    params = _params(_mlp(mxnet, head), [("data", (5, 5))], MLP_PARAMS)
    ref, ours = (_train_steps(lib, _mlp(lib, head), Y_REG, "reg_label", params, metric="mse")
                 for lib in MODULES)
    _close(ref["arg"], ours["arg"])
    _close(ref["score"][0][1], ours["score"][0][1])
    _close(ref["pred"], ours["pred"])


def _gluon_loss_net(lib, kind):
    data, label = lib.sym.var("data"), lib.sym.var("label")
    out = lib.sym.FullyConnected(data, num_hidden=3 if kind == "ce" else 2, name="fc")
    if kind == "ce":
        loss = lib.gluon.loss.SoftmaxCrossEntropyLoss()(out, label)
    else:
        loss = lib.gluon.loss.L2Loss()(out, label)
    if kind == "MakeLoss":
        return lib.sym.Group([lib.sym.MakeLoss(loss, grad_scale=0.5, normalization="batch", name="loss"),
                              lib.sym.BlockGrad(out, name="pred")])
    return lib.sym.make_loss(loss, name="loss")


@pytest.mark.parametrize("kind", ["ce", "l2", "MakeLoss"])
def test_gluon_loss_on_symbols_with_make_loss(kind):
    params = _params(_gluon_loss_net(mxnet, kind), [("data", (5, 5)), ("label", (5,) if kind == "ce" else (5, 2))],
                     ("fc_weight", "fc_bias"))
    label = Y_CLS if kind == "ce" else Y_REG
    res = []
    for lib in MODULES:
        net = _gluon_loss_net(lib, kind)
        res.append(_train_steps(lib, net, label, "label", params, metric=lib.metric.Loss()))
        assert len(res[-1]["out_shapes"]) == (2 if kind == "MakeLoss" else 1)
    ref, ours = res
    _close(ref["arg"], ours["arg"])
    assert ours["score"][0][0] == "loss"
    _close(ref["score"][0][1], ours["score"][0][1])


def _bn_net(lib):
    data = lib.sym.var("data")
    h = lib.sym.FullyConnected(data, num_hidden=6, name="fc1")
    h = lib.sym.BatchNorm(h, fix_gamma=False, momentum=0.8, name="bn")
    h = lib.sym.Dropout(lib.sym.Activation(h, act_type="tanh"), p=0.0)
    return lib.sym.SoftmaxOutput(lib.sym.FullyConnected(h, num_hidden=3, name="fc2"), name="softmax")


def test_batchnorm_aux_states_and_fixed_params():
    names = ("fc1_weight", "fc1_bias", "bn_gamma", "bn_beta", "fc2_weight", "fc2_bias")
    params = _params(_bn_net(mxnet), [("data", (5, 5))], names)
    res = []
    for lib in MODULES:
        it = lib.io.NDArrayIter(X, Y_CLS, batch_size=5, shuffle=False)
        mod = lib.mod.Module(_bn_net(lib), fixed_param_names=["fc1_bias", "bn_beta"])
        mod.bind(it.provide_data, it.provide_label)
        aux = {"bn_moving_mean": lib.nd.zeros(6), "bn_moving_var": lib.nd.ones(6)}
        mod.set_params(_nd(lib, params), aux)
        mod.init_optimizer(optimizer_params={"learning_rate": 0.2, "wd": 0.1})
        for batch in it:
            mod.forward_backward(batch)
            mod.update()
        mod.forward(batch, is_train=True)  # a training forward without backward leaves the stats alone
        lib.nd.waitall()  # MXNet's backward writes the moving stats without telling its engine
        arg, aux = mod.get_params()
        res.append((_np(arg), _np(aux), mod.score(it, "ce")[0][1]))
    (ref_arg, ref_aux, ref_score), (arg, aux, score) = res
    _close(ref_arg, arg)
    _close(ref_aux, aux)
    _close(ref_score, score)
    np.testing.assert_array_equal(arg["fc1_bias"], params["fc1_bias"])  # fixed: no wd either
    np.testing.assert_array_equal(arg["bn_beta"], params["bn_beta"])


def _plain_net(lib):
    x = lib.sym.var("data")
    return lib.sym.Group([lib.sym.tanh(lib.sym.FullyConnected(x, num_hidden=3, name="fc"), name="t"),
                          lib.sym.sum(x * x, axis=1, name="sq")])


def test_backward_with_out_grads_input_grads_and_grad_req_add():
    params = _params(_plain_net(mxnet), [("data", (4, 5))], ("fc_weight", "fc_bias"))
    heads = [np.arange(12, dtype="float32").reshape(4, 3) / 10, np.array([1, -1, 2, 0.5], "float32")]
    res = []
    for lib in MODULES:
        mod = lib.mod.Module(_plain_net(lib), label_names=None)
        mod.bind([("data", (4, 5))], None, inputs_need_grad=True, grad_req="add")
        mod.init_params(arg_params=_nd(lib, params))
        batch = lib.io.DataBatch([lib.nd.array(X[:4])])
        for _ in range(2):
            mod.forward(batch, is_train=True)
            mod.backward([lib.nd.array(h) for h in heads])
        grads = _np(mod._execs[0].grad_dict) if lib is torch2gluon else _np(mod._exec_group.execs[0].grad_dict)
        res.append(([o.asnumpy() for o in mod.get_outputs()], mod.get_input_grads()[0].asnumpy(),
                    {k: grads[k] for k in ("fc_weight", "fc_bias")}, mod.output_names))
        mod.forward(batch, is_train=True)
        with pytest.raises(lib.base.MXNetError, match="head_gradient is required"):
            mod.backward()
    _close(res[0][:3], res[1][:3])
    assert res[0][3] == res[1][3] == ["t_output", "sq_output"]


def test_checkpoints_cross_load_with_mxnet(tmp_path):
    params = _params(_mlp(mxnet), [("data", (5, 5))], MLP_PARAMS)
    preds = {}
    for saver in MODULES:
        loader = torch2gluon if saver is mxnet else mxnet
        prefix = str(tmp_path / saver.__name__)
        it = saver.io.NDArrayIter(X, Y_CLS, batch_size=5)
        mod = saver.mod.Module(_mlp(saver))
        mod.bind(it.provide_data, it.provide_label)
        mod.init_params(arg_params=_nd(saver, params))
        mod.init_optimizer(optimizer_params={"learning_rate": 0.3})
        mod.forward_backward(next(iter(it)))
        mod.update()
        mod.save_checkpoint(prefix, 3)
        assert os.path.exists(prefix + "-symbol.json") and os.path.exists(prefix + "-0003.params")
        preds[saver.__name__] = mod.predict(it).asnumpy()
        other = loader.mod.Module.load(prefix, 3)
        other.bind(it.provide_data, it.provide_label, for_training=False)
        loaded = other.predict(loader.io.NDArrayIter(X, Y_CLS, batch_size=5)).asnumpy()
        _close(preds[saver.__name__], loaded)
        sym, arg, aux = loader.model.load_checkpoint(prefix, 3)
        assert sym.list_arguments() == ["data"] + list(MLP_PARAMS) + ["softmax_label"] and aux == {}
    _close(preds["mxnet"], preds["torch2gluon"])


def test_optimizer_states_round_trip(mx, tmp_path):
    params = _params(_mlp(mxnet), [("data", (5, 5))], MLP_PARAMS)
    it = mx.io.NDArrayIter(X, Y_CLS, batch_size=5)
    batches = list(it)

    def module():
        mod = mx.mod.Module(_mlp(mx))
        mod.bind(it.provide_data, it.provide_label)
        mod.init_params(arg_params=_nd(mx, params))
        mod.init_optimizer(optimizer_params={"learning_rate": 0.3, "momentum": 0.9})
        return mod

    def step(mod, batch):
        mod.forward_backward(batch)
        mod.update()

    straight = module()
    for b in batches:
        step(straight, b)
    first = module()
    step(first, batches[0])
    step(first, batches[1])
    first.save_checkpoint(str(tmp_path / "m"), 2, save_optimizer_states=True)
    resumed = mx.mod.Module.load(str(tmp_path / "m"), 2, load_optimizer_states=True)
    resumed.bind(it.provide_data, it.provide_label)
    resumed.init_optimizer(optimizer_params={"learning_rate": 0.3, "momentum": 0.9})
    for b in batches[2:]:
        step(resumed, b)
    _close(_np(straight.get_params()[0]), _np(resumed.get_params()[0]), atol=1e-6)


def _fit(lib, caplog, **kw):
    params = _params(_mlp(mxnet), [("data", (5, 5))], MLP_PARAMS)
    train = lib.io.NDArrayIter(X, Y_CLS, batch_size=5)
    val = lib.io.NDArrayIter(X[:10], Y_CLS[:10], batch_size=5)
    mod = lib.mod.Module(_mlp(lib))
    batches, ends = [], []
    caplog.clear()
    with caplog.at_level(logging.INFO):
        mod.fit(train, eval_data=val, eval_metric="acc", validation_metric="ce", arg_params=_nd(lib, params),
                optimizer="sgd", optimizer_params={"learning_rate": 0.4}, num_epoch=3, begin_epoch=1,
                batch_end_callback=lambda p: batches.append((p.epoch, p.nbatch)),
                epoch_end_callback=lambda e, s, a, x: ends.append((e, sorted(a), s.list_outputs())), **kw)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Epoch")]
    return _np(mod.get_params()[0]), lines, batches, ends


def test_fit_matches_oracle_with_logs_and_callbacks(caplog):
    ref, ours = (_fit(lib, caplog) for lib in MODULES)
    _close(ref[0], ours[0])
    assert ours[2] == ref[2] == [(e, b) for e in (1, 2) for b in range(4)]
    assert ours[3] == ref[3]
    assert [ln.split("=")[0] for ln in ours[1]] == [ln.split("=")[0] for ln in ref[1]]
    vals = [float(ln.split("=")[1]) for ln in ours[1] if "Time cost" not in ln]
    _close([float(ln.split("=")[1]) for ln in ref[1] if "Time cost" not in ln], vals, atol=1e-5)


def test_fit_adam_reaches_low_loss():
    rs = np.random.RandomState(3)
    x = rs.randn(200, 4).astype("float32")
    y = (x @ np.array([1.0, -2.0, 0.5, 3.0], "float32") + 0.5).reshape(-1, 1)
    mx = torch2gluon
    data, label = mx.sym.var("data"), mx.sym.var("label")
    pred = mx.sym.FullyConnected(data, num_hidden=1, name="fc")
    loss = mx.sym.make_loss(mx.gluon.loss.L2Loss()(pred, label))
    mod = mx.mod.Module(loss, data_names=("data",), label_names=("label",))
    it = mx.io.NDArrayIter(x, y, batch_size=20, shuffle=True, label_name="label")
    mod.fit(it, num_epoch=40, optimizer="adam", optimizer_params={"learning_rate": 0.05},
            eval_metric=mx.metric.Loss(), initializer=mx.init.Xavier(magnitude=2))
    (name, value), = mod.score(it, mx.metric.Loss())
    assert name == "loss" and value < 1e-3
    np.testing.assert_allclose(mod.get_params()[0]["fc_weight"].asnumpy(), [[1, -2, 0.5, 3]], atol=0.02)


def test_symbol_lr_mult_and_reshape_on_smaller_batch():
    params = _params(_mlp(mxnet), [("data", (5, 5))], MLP_PARAMS)
    res = []
    for lib in MODULES:
        w = lib.sym.var("fc1_weight", lr_mult=0.0)
        data = lib.sym.var("data")
        h = lib.sym.Activation(lib.sym.FullyConnected(data, weight=w, num_hidden=8, name="fc1"), act_type="relu")
        net = lib.sym.SoftmaxOutput(lib.sym.FullyConnected(h, num_hidden=3, name="fc2"), name="softmax")
        it = lib.io.NDArrayIter(X[:7], Y_CLS[:7], batch_size=5, last_batch_handle="discard")
        mod = lib.mod.Module(net)
        mod.bind(it.provide_data, it.provide_label)
        mod.init_params(arg_params=_nd(lib, params))
        mod.init_optimizer(optimizer_params={"learning_rate": 0.5})
        mod.forward_backward(next(iter(it)))
        mod.update()
        small = lib.io.DataBatch([lib.nd.array(X[:2])], [lib.nd.array(Y_CLS[:2])])
        mod.forward_backward(small)  # re-binds to batch 2 (rescale_grad stays 1/5)
        mod.update()
        res.append((_np(mod.get_params()[0]), [d.shape for d in mod.data_shapes], mod.output_shapes))
    _close(res[0][0], res[1][0])
    np.testing.assert_array_equal(res[1][0]["fc1_weight"], params["fc1_weight"])
    assert res[0][1:] == res[1][1:] == ([(2, 5)], [("softmax_output", (2, 3))])


def test_model_save_load_checkpoint_files_are_mxnets(tmp_path):
    params = _params(_mlp(mxnet), [("data", (5, 5))], MLP_PARAMS)
    for lib in MODULES:
        lib.model.save_checkpoint(str(tmp_path / lib.__name__), 7, _mlp(lib), _nd(lib, params),
                                  {"m": lib.nd.ones(2)})
    assert (tmp_path / "mxnet-0007.params").read_bytes() == (tmp_path / "torch2gluon-0007.params").read_bytes()
    sym, arg, aux = torch2gluon.model.load_checkpoint(str(tmp_path / "mxnet"), 7)
    assert json.loads(sym.tojson()) == json.loads(mxnet.sym.load(str(tmp_path / "mxnet-symbol.json")).tojson())
    _close(params, _np(arg))
    assert list(aux) == ["m"]
    arg, aux = torch2gluon.model.load_params(str(tmp_path / "mxnet"), 7)
    assert sorted(arg) == sorted(MLP_PARAMS)


def test_errors_and_refusals(mx):
    net = _mlp(mx)
    with pytest.raises(ValueError, match="not found in symbol.list_arguments"):
        mx.mod.Module(net, data_names=("x",))
    with pytest.warns(UserWarning, match="label_names"):
        mx.mod.Module(net, label_names=("nolabel",))
    mod = mx.mod.Module(net)
    with pytest.raises(ValueError, match="don't match names"):
        mod.bind([("other", (5, 5))], [("softmax_label", (5,))])
    mod.bind([("data", (5, 5))], [("softmax_label", (5,))])
    with pytest.raises(RuntimeError, match="fc1_bias is not presented"):
        mod.init_params(arg_params={"fc1_weight": mx.nd.zeros((8, 5))})


@pytest.mark.parametrize("shape", [(4,), (4, 1), (2, 3, 2)])
def test_makeloss_batch_normalization_divides_by_rows_of_2d_view(shape):
    # MXNet flattens the loss to 2-D (all axes but the last are rows): a 1-D loss is divided by 1
    grads = []
    for lib in MODULES:
        x = lib.nd.ones(shape)
        x.attach_grad()
        with lib.autograd.record():
            y = lib.nd.MakeLoss(x * 2, grad_scale=0.5, normalization="batch")
        y.backward()
        grads.append(x.grad.asnumpy())
    _close(grads[0], grads[1], atol=0, rtol=0)


def test_fit_with_mxnet_callbacks_padding_and_int_labels(tmp_path, caplog):
    params = _params(_mlp(mxnet), [("data", (5, 5))], MLP_PARAMS)
    res = []
    for lib in MODULES:
        prefix = str(tmp_path / lib.__name__)
        train = lib.io.NDArrayIter(X[:7], Y_CLS[:7].astype("int32"), batch_size=5, last_batch_handle="pad")
        mod = lib.mod.Module(_mlp(lib))
        with caplog.at_level(logging.INFO):
            mod.fit(train, eval_data=train, arg_params=_nd(lib, params), num_epoch=2,
                    optimizer_params={"learning_rate": 0.3, "momentum": 0.5},
                    batch_end_callback=lib.callback.Speedometer(5, 1),
                    epoch_end_callback=lib.callback.do_checkpoint(prefix))
        pred = mod.predict(train)
        outs = [(o[0].asnumpy(), n, b.pad) for o, n, b in mod.iter_predict(train)]
        numpy_pred = mod.predict(X[:5]).asnumpy()
        res.append((_np(mod.get_params()[0]), pred.asnumpy(), outs, numpy_pred, mod.score(train, "acc")))
        assert os.path.exists(prefix + "-0002.params") and os.path.exists(prefix + "-symbol.json")
    ref, ours = res
    _close(ref[0], ours[0])
    assert ours[1].shape == ref[1].shape == (7, 3)
    _close(ref[1], ours[1])
    assert [o[1:] for o in ours[2]] == [o[1:] for o in ref[2]] == [(0, 0), (1, 3)]
    _close([o[0] for o in ref[2]], [o[0] for o in ours[2]])
    _close(ref[3], ours[3])
    _close(ref[4][0][1], ours[4][0][1])


def test_sample_weight_as_second_label_matches_oracle():
    # MXNet's test_loss.py pattern: a gluon loss with a sample-weight variable fed as a second label
    w = np.array([1.0] * 10 + [0.0] * 10, "float32")
    res = []
    for lib in MODULES:
        out = lib.sym.FullyConnected(lib.sym.var("data"), num_hidden=2, name="fc")
        loss = lib.gluon.loss.SoftmaxCrossEntropyLoss()(out, lib.sym.var("label"), lib.sym.var("w"))
        mod = lib.mod.Module(lib.sym.make_loss(loss), data_names=("data",), label_names=("label", "w"))
        it = lib.io.NDArrayIter(X, {"label": (Y_CLS % 2).astype("int32"), "w": w}, batch_size=10)
        params = _params(mxnet.sym.FullyConnected(mxnet.sym.var("data"), num_hidden=2, name="fc"),
                         [("data", (10, 5))], ("fc_weight", "fc_bias"))
        mod.fit(it, num_epoch=2, arg_params=_nd(lib, params), optimizer="adam",
                optimizer_params={"learning_rate": 0.05}, eval_metric=lib.metric.Loss())
        res.append((_np(mod.get_params()[0]), mod.score(it, lib.metric.Loss())[0][1],
                    sorted(d.name for d in mod.label_shapes)))
    _close(res[0], res[1])


@pytest.mark.parametrize("kvstore,work_load", [("local", None), ("device", [1, 2]), (None, [2, 1])])
def test_multi_context_split_matches_oracle(kvstore, work_load):
    names = ("fc1_weight", "fc1_bias", "bn_gamma", "bn_beta", "fc2_weight", "fc2_bias")
    params = _params(_bn_net(mxnet), [("data", (5, 5))], names)
    res = []
    for lib in MODULES:
        it = lib.io.NDArrayIter(X, Y_CLS, batch_size=5, shuffle=False)
        mod = lib.mod.Module(_bn_net(lib), context=[lib.cpu(0), lib.cpu(1)], work_load_list=work_load)
        mod.bind(it.provide_data, it.provide_label)
        mod.set_params(_nd(lib, params), {"bn_moving_mean": lib.nd.zeros(6), "bn_moving_var": lib.nd.ones(6)})
        mod.init_optimizer(kvstore=kvstore, optimizer_params={"learning_rate": 0.2, "momentum": 0.9, "wd": 0.01})
        for batch in it:
            mod.forward_backward(batch)
            mod.update()
        outs = [[o.asnumpy() for o in per_dev] for per_dev in mod.get_outputs(merge_multi_context=False)]
        lib.nd.waitall()
        arg, aux = mod.get_params()
        res.append((_np(arg), _np(aux), mod.get_outputs()[0].asnumpy(), outs, mod.score(it, "acc"),
                    mod.output_shapes))
    _close(res[0][:5], res[1][:5])
    assert res[0][5] == res[1][5] == [("softmax_output", (5, 3))]


def _bucket_sym_gen(lib):
    def sym_gen(seq_len):  # an unrolled "RNN": the same weights at every step
        data = lib.sym.var("data")
        steps = lib.sym.split(data, num_outputs=seq_len, axis=1, squeeze_axis=True)
        h = None
        w, b, u = lib.sym.var("i2h_weight"), lib.sym.var("i2h_bias"), lib.sym.var("h2h_weight")
        for t in range(seq_len):
            x = lib.sym.FullyConnected(steps[t] if seq_len > 1 else steps, num_hidden=4, weight=w, bias=b,
                                       name=f"t{t}_i2h")
            if h is not None:
                x = x + lib.sym.FullyConnected(h, num_hidden=4, no_bias=True, weight=u, name=f"t{t}_h2h")
            h = lib.sym.Activation(x, act_type="tanh")
        out = lib.sym.FullyConnected(h, num_hidden=3, name="cls")
        return lib.sym.SoftmaxOutput(out, name="softmax"), ("data",), ("softmax_label",)
    return sym_gen


def test_bucketing_module_matches_oracle(tmp_path):
    rs = np.random.RandomState(5)
    batches_np = [(rs.randn(4, n, 2).astype("float32"), rs.randint(0, 3, 4).astype("float32"), n)
                  for n in (3, 2, 3, 2)]
    names = ("i2h_weight", "i2h_bias", "h2h_weight", "cls_weight", "cls_bias")
    params = _params(_bucket_sym_gen(mxnet)(3)[0], [("data", (4, 3, 2))], names)
    res = []
    for lib in MODULES:
        mod = lib.mod.BucketingModule(_bucket_sym_gen(lib), default_bucket_key=3)
        mod.bind([("data", (4, 3, 2))], [("softmax_label", (4,))])
        mod.init_params(arg_params=_nd(lib, params))
        mod.init_optimizer(optimizer_params={"learning_rate": 0.5, "momentum": 0.9})
        outs = []
        for x, y, n in batches_np:
            batch = lib.io.DataBatch([lib.nd.array(x)], [lib.nd.array(y)], bucket_key=n,
                                     provide_data=[lib.io.DataDesc("data", x.shape)],
                                     provide_label=[lib.io.DataDesc("softmax_label", y.shape)])
            mod.forward_backward(batch)
            mod.update()
            outs.append(mod.get_outputs()[0].asnumpy())
        prefix = str(tmp_path / lib.__name__)
        mod.save_checkpoint(prefix, 1)
        loaded = lib.mod.BucketingModule.load(prefix, 1, sym_gen=_bucket_sym_gen(lib), default_bucket_key=3)
        res.append((_np(mod.get_params()[0]), outs, sorted(mod._buckets), _np(loaded.get_params()[0])))
    _close(res[0], res[1])
    assert res[1][2] == [2, 3]


def _lenet(lib):
    data = lib.sym.var("data")
    c = lib.sym.Convolution(data, kernel=(3, 3), num_filter=4, pad=(1, 1), name="conv1")
    c = lib.sym.BatchNorm(c, name="bn1")
    c = lib.sym.Pooling(lib.sym.Activation(c, act_type="relu"), pool_type="max", kernel=(2, 2), stride=(2, 2))
    f = lib.sym.FullyConnected(lib.sym.Flatten(c), num_hidden=3, name="fc")
    return lib.sym.SoftmaxOutput(f, name="softmax")


def test_conv_bn_pool_net_with_composite_metric_matches_oracle():
    rs = np.random.RandomState(7)
    x = rs.randn(8, 1, 6, 6).astype("float32")
    y = rs.randint(0, 3, 8).astype("float32")
    names = ("conv1_weight", "conv1_bias", "bn1_gamma", "bn1_beta", "fc_weight", "fc_bias")
    params = _params(_lenet(mxnet), [("data", (4, 1, 6, 6))], names)
    res = []
    for lib in MODULES:
        it = lib.io.NDArrayIter(x, y, batch_size=4)
        mod = lib.mod.Module(_lenet(lib))
        mod.fit(it, num_epoch=2, arg_params=_nd(lib, params), eval_metric=["acc", "ce"],
                optimizer="sgd", optimizer_params={"learning_rate": 0.1, "momentum": 0.9, "wd": 1e-3})
        lib.nd.waitall()
        arg, aux = mod.get_params()
        res.append((_np(arg), _np(aux), [v for _, v in mod.score(it, ["acc", "ce"])],
                    [n for n, _ in mod.score(it, ["acc", "ce"])]))
    _close(res[0][:3], res[1][:3], atol=1e-4)
    assert res[0][3] == res[1][3] == ["accuracy", "cross-entropy"]


def test_keyword_inputs_go_to_their_slots_and_aux_carry_init(mx):
    s = mx.sym.BatchNorm(mx.sym.var("data"), moving_mean=mx.sym.var("mm"), name="bn3")
    assert s.list_arguments() == ["data", "bn3_gamma", "bn3_beta"]
    assert s.list_auxiliary_states() == ["mm", "bn3_moving_var"]
    assert s.attr_dict() == {"mm": {"__init__": '["zero", {}]'}, "bn3_moving_var": {"__init__": '["one", {}]'}}
    fc = mx.sym.FullyConnected(mx.sym.var("data"), bias=mx.sym.var("b"), num_hidden=2, name="fc")
    assert fc.list_arguments() == ["data", "fc_weight", "b"]


def test_sequential_module_matches_oracle():
    names1, names2 = ("fc1_weight", "fc1_bias"), ("fc2_weight", "fc2_bias")
    params = _params(_mlp(mxnet), [("data", (5, 5))], names1 + names2)
    res = []
    for lib in MODULES:
        net1 = lib.sym.Activation(lib.sym.FullyConnected(lib.sym.var("data"), num_hidden=8, name="fc1"),
                                  act_type="relu", name="relu1")
        net2 = lib.sym.SoftmaxOutput(lib.sym.FullyConnected(lib.sym.var("h"), num_hidden=3, name="fc2"),
                                     name="softmax")
        seq = lib.mod.SequentialModule()
        seq.add(lib.mod.Module(net1, label_names=None))
        seq.add(lib.mod.Module(net2, data_names=("h",)), take_labels=True, auto_wiring=True)
        it = lib.io.NDArrayIter(X, Y_CLS, batch_size=5)
        seq.fit(it, num_epoch=2, arg_params=_nd(lib, params), allow_missing=False,
                optimizer_params={"learning_rate": 0.3, "momentum": 0.9})
        res.append((_np(seq.get_params()[0]), seq.score(it, "acc")[0][1], seq.predict(it).asnumpy(),
                    seq.output_shapes, seq.label_shapes))
    _close(res[0][:3], res[1][:3])
    assert res[0][3] == res[1][3] == [("softmax_output", (5, 3))]


def test_inference_from_mxnet_checkpoint_with_batchnorm(tmp_path):
    x = np.random.RandomState(0).randn(4, 1, 6, 6).astype("float32")
    names = ("conv1_weight", "conv1_bias", "bn1_gamma", "bn1_beta", "fc_weight", "fc_bias")
    arg = _nd(mxnet, _params(_lenet(mxnet), [("data", (4, 1, 6, 6))], names))
    aux = {"bn1_moving_mean": mxnet.nd.full((4,), 0.3), "bn1_moving_var": mxnet.nd.full((4,), 2.0)}
    mxnet.model.save_checkpoint(str(tmp_path / "lenet"), 1, _lenet(mxnet), arg, aux)
    preds = []
    for lib in MODULES:
        sym, a, b = lib.model.load_checkpoint(str(tmp_path / "lenet"), 1)
        mod = lib.mod.Module(sym)  # label shape inferred by the bind
        with pytest.warns(UserWarning, match="label_shapes"):
            mod.bind([("data", (4, 1, 6, 6))], for_training=False)
        mod.set_params(a, b)
        preds.append(mod.predict(x).asnumpy())
    _close(preds[0], preds[1])


def test_python_loss_module_in_sequence_matches_oracle():
    params = _params(_mlp(mxnet), [("data", (5, 5))], MLP_PARAMS)
    res = []
    for lib in MODULES:
        def grad(scores, labels):  # softmax cross-entropy gradient, computed with numpy
            p = np.exp(scores.asnumpy() - scores.asnumpy().max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(p)), labels.asnumpy().astype(int)] -= 1
            return p
        data = lib.sym.var("data")
        h = lib.sym.Activation(lib.sym.FullyConnected(data, num_hidden=8, name="fc1"), act_type="relu")
        net = lib.sym.FullyConnected(h, num_hidden=3, name="fc2")
        seq = lib.mod.SequentialModule()
        seq.add(lib.mod.Module(net, label_names=None))
        seq.add(lib.mod.PythonLossModule(grad_func=grad), take_labels=True, auto_wiring=True)
        it = lib.io.NDArrayIter(X, Y_CLS, batch_size=5)
        seq.fit(it, num_epoch=2, arg_params=_nd(lib, params), eval_metric="acc",
                optimizer_params={"learning_rate": 0.1})
        res.append((_np(seq.get_params()[0]), seq.score(it, "acc")[0][1], seq.output_shapes))
    _close(res[0][:2], res[1][:2])
    assert res[0][2] == res[1][2] == [("pyloss_output", (5, 3))]


def test_predict_on_another_batch_size(mx):
    it = mx.io.NDArrayIter(X, Y_CLS, batch_size=5)
    mod = mx.mod.Module(_mlp(mx))
    mod.bind(it.provide_data, it.provide_label)
    mod.init_params(arg_params=_nd(mx, _params(_mlp(mxnet), [("data", (5, 5))], MLP_PARAMS)))
    with pytest.raises(mx.base.MXNetError, match="Shape of unspecifie arg: softmax_label changed"):
        mod.predict(X[:3])  # the label's shape would change without being given
    feat = mx.mod.Module(_mlp(mx).get_internals()["fc2_output"], label_names=None)
    feat.bind([("data", (5, 5))], for_training=False)
    feat.init_params(mx.init.One())
    out = feat.predict(X[:3])
    assert out.shape == (3, 3) and feat.data_shapes[0].shape == (3, 5)
    np.testing.assert_allclose(out.asnumpy(), (np.maximum(X[:3].sum(1, keepdims=True) * 1, 0) * 8).repeat(3, 1),
                               rtol=1e-5)


def test_multi_context_optimizer_states_on_kvstore_round_trip(tmp_path):
    mx = torch2gluon
    params = _params(_mlp(mxnet), [("data", (5, 5))], MLP_PARAMS)
    it = mx.io.NDArrayIter(X, Y_CLS, batch_size=5)
    ctxs = [mx.cpu(0), mx.cpu(1)]
    opt = {"learning_rate": 0.1, "momentum": 0.9}
    mod = mx.mod.Module(_mlp(mx), context=ctxs)
    mod.fit(it, num_epoch=1, arg_params=_nd(mx, params), optimizer_params=opt)
    mod.save_checkpoint(str(tmp_path / "mc"), 1, save_optimizer_states=True)
    resumed = mx.mod.Module.load(str(tmp_path / "mc"), 1, load_optimizer_states=True, context=ctxs)
    resumed.fit(it, num_epoch=2, begin_epoch=1, optimizer_params=opt)
    mod.fit(it, num_epoch=2, begin_epoch=1, optimizer_params=opt)
    _close(_np(mod.get_params()[0]), _np(resumed.get_params()[0]), atol=0, rtol=0)


def test_multi_output_ops_are_one_node_and_internals_hide_bn_stats(mx):
    sp = mx.sym.split(mx.sym.var("x"), num_outputs=3, name="sp")
    graph = json.loads(sp.tojson())
    assert len(graph["nodes"]) == 2 and graph["heads"] == [[1, 0, 0], [1, 1, 0], [1, 2, 0]]
    bn = mx.sym.BatchNorm(mx.sym.var("data"), name="bn1")
    assert bn.get_internals().list_outputs()[-1] == "bn1_output"
    assert "bn1_mean" not in bn.get_internals().list_outputs()


def test_state_names_get_and_set_states(mx):
    data, state = mx.sym.var("data"), mx.sym.var("h0")
    net = mx.sym.FullyConnected(data, num_hidden=3, name="fc") + state
    mod = mx.mod.Module(net, data_names=("data",), label_names=None, state_names=("h0",))
    mod.bind([("data", (2, 4))], for_training=False)
    mod.init_params(mx.init.One())
    batch = mx.io.DataBatch([mx.nd.ones((2, 4))])
    mod.set_states(value=1.5)
    mod.forward(batch)
    np.testing.assert_allclose(mod.get_outputs()[0].asnumpy(), np.full((2, 3), 5.5))
    with pytest.raises(AttributeError):  # one list of per-device arrays per state
        mod.set_states(states=[mx.nd.zeros((2, 3))])
    mod.set_states(states=[[mx.nd.array([[1, 2, 3], [4, 5, 6]])]])
    mod.forward(batch)
    np.testing.assert_allclose(mod.get_outputs()[0].asnumpy(), [[5, 6, 7], [8, 9, 10]])
    states = mod.get_states(merge_multi_context=False)
    assert len(states) == 1 and len(states[0]) == 1 and states[0][0].shape == (2, 3)
    assert mod.get_params()[0].keys() == {"fc_weight", "fc_bias"}
