"""gluon.contrib.estimator against real MXNet 1.9.1: the same tiny fits (same weights, same data, no shuffle)
compared on final parameters, metric values, logged lines (timings masked), checkpoint files, early stopping."""
import io
import logging
import os
import re
import warnings

import numpy as np
import pytest

import mxnet
import torch2gluon
import mxnet.gluon.contrib.estimator as mx_est  # noqa: F401  (imports the oracle's estimator package)
import torch2gluon.gluon.contrib.estimator as tg_est  # noqa: F401

LIBS = (mxnet, torch2gluon)
IDS = ("mxnet", "torch2gluon")
R = np.random.RandomState(0)
X = R.randn(16, 5).astype(np.float32)
YC = R.randint(0, 3, (16,)).astype(np.float32)
YR = (X @ R.randn(5, 2)).astype(np.float32)
W1, B1 = (R.randn(4, 5) * 0.5).astype(np.float32), (R.randn(4) * 0.1).astype(np.float32)
W2, B2 = (R.randn(3, 4) * 0.5).astype(np.float32), (R.randn(3) * 0.1).astype(np.float32)
WR = (R.randn(2, 5) * 0.3).astype(np.float32)


def est_mod(lib):
    return lib.gluon.contrib.estimator


def cls_net(lib, hybridize=False, ctx=None):
    """Dense(4, relu) -> Dense(3) with fixed weights."""
    net = lib.gluon.nn.HybridSequential(prefix="net_")
    with net.name_scope():
        net.add(lib.gluon.nn.Dense(4, in_units=5, activation="relu"))
        net.add(lib.gluon.nn.Dense(3, in_units=4))
    net.initialize(ctx=ctx)
    ps = net.collect_params()
    for k, v in zip(sorted(ps.keys()), [B1, W1, B2, W2]):
        ps[k].set_data(lib.nd.array(v))
    if hybridize:
        net.hybridize()
    return net


def reg_net(lib):
    net = lib.gluon.nn.Dense(2, in_units=5, prefix="reg_")
    net.initialize()
    net.weight.set_data(lib.nd.array(WR))
    net.bias.set_data(lib.nd.zeros(2))
    return net


def loader(lib, y, batch_size=4, n=16):
    ds = lib.gluon.data.ArrayDataset(lib.nd.array(X[:n]), lib.nd.array(y[:n]))
    return lib.gluon.data.DataLoader(ds, batch_size=batch_size, shuffle=False)


def capture(est):
    """Send est.logger's records to a buffer as well; returns the buffer."""
    buf = io.StringIO()
    est.logger.addHandler(logging.StreamHandler(buf))
    return buf


def masked(text, folder=None):
    """Log lines with timings replaced by 'T' (and `folder` by 'DIR')."""
    if folder is not None:
        text = text.replace(str(folder), "DIR")
    text = re.sub(r"\d+\.\d+s", "Ts", text)
    text = re.sub(r"total \d+s", "total Ts", text)
    return text.splitlines()


def params_of(net):
    return {k.split("_", 1)[1]: v.data().asnumpy() for k, v in net.collect_params().items()}


def assert_params_close(a, b):
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_allclose(a[k], b[k], rtol=1e-4, atol=2e-5, err_msg=k)


def metrics_of(ms):
    return [m.get() for m in ms]


def assert_metrics_close(a, b):
    assert [n for n, _ in a] == [n for n, _ in b]
    np.testing.assert_allclose([v for _, v in a], [v for _, v in b], rtol=1e-5, atol=1e-6)


def run_classification(lib, ctx=None, log_interval="epoch", epochs=3, batches=None, hybridize=False):
    E = est_mod(lib)
    net = cls_net(lib, hybridize, ctx)
    tr = lib.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.2, "momentum": 0.9})
    est = E.Estimator(net, lib.gluon.loss.SoftmaxCrossEntropyLoss(), trainer=tr, context=ctx)
    buf = capture(est)
    handlers = [E.LoggingHandler(log_interval=log_interval, metrics=est.train_metrics)]
    est.fit(loader(lib, YC), val_data=loader(lib, YC, 8), epochs=epochs, batches=batches,
            event_handlers=handlers)
    return params_of(net), metrics_of(est.train_metrics), metrics_of(est.val_metrics), masked(buf.getvalue())


@pytest.mark.parametrize("kw", [dict(), dict(log_interval=3), dict(ctx="two_cpus", hybridize=True),
                                dict(epochs=None, batches=6, log_interval=1)])
def test_classification_fit_matches_mxnet(kw):
    res = []
    for lib in LIBS:
        k = dict(kw)
        if k.get("ctx") == "two_cpus":
            k["ctx"] = [lib.cpu(0), lib.cpu(1)]
        res.append(run_classification(lib, **k))
    (pm, tm, vm, lm), (pt, tt, vt, lt) = res
    assert_params_close(pm, pt)
    assert_metrics_close(tm, tt)
    assert_metrics_close(vm, vt)
    assert [n for n, _ in tm] == ["training accuracy", "training softmaxcrossentropyloss"]
    assert lm == lt


def test_default_handlers_regression_and_logged_lines():
    out = []
    for lib in LIBS:
        net = reg_net(lib)
        tr = lib.gluon.Trainer(net.collect_params(), "adam", {"learning_rate": 0.05})
        est = est_mod(lib).Estimator(net, lib.gluon.loss.L2Loss(), train_metrics=lib.metric.MAE(), trainer=tr)
        buf = capture(est)
        est.fit(loader(lib, YR), val_data=loader(lib, YR), epochs=2)
        out.append((params_of(net), metrics_of(est.train_metrics + est.val_metrics), masked(buf.getvalue())))
    assert_params_close(out[0][0], out[1][0])
    assert_metrics_close(out[0][1], out[1][1])
    assert out[0][2] == out[1][2]
    assert out[1][2][:3] == ["Training begin: using optimizer Adam with current learning rate 0.0500 ",
                             "Train for 2 epochs.", "[Epoch 0] Begin, current learning rate: 0.0500"]


def test_defaults_trainer_metrics_context_logger(capsys):
    for lib in LIBS:
        net = reg_net(lib)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            est = est_mod(lib).Estimator(net, lib.gluon.loss.L1Loss())
        msgs = [str(x.message) for x in w]
        assert "No trainer specified, default SGD optimizer with learning rate 0.001 is used." in msgs
        assert type(est.trainer.optimizer).__name__ == "SGD" and est.trainer.learning_rate == 0.001
        assert [m.name for m in est.train_metrics] == ["training l1loss"]
        assert [m.name for m in est.val_metrics] == ["validation l1loss"]
        assert est.val_metrics[0] is not est.train_metrics[0]
        assert est.context == [lib.cpu()]
        assert est.val_net is net and est.val_loss is est.loss
        est.logger.info("hello %d", 3)
        assert capsys.readouterr().out == "hello 3\n"
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            est_mod(lib).Estimator(net, lib.gluon.loss.L1Loss(), initializer=lib.init.One(), trainer=est.trainer)
        assert any("Network already fully initialized" in str(x.message) for x in w)


def test_uninitialized_net_gets_initializer():
    for lib in LIBS:
        net = lib.gluon.nn.Dense(2, in_units=3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est = est_mod(lib).Estimator(net, lib.gluon.loss.L2Loss(), initializer=lib.init.One())
        np.testing.assert_array_equal(net.weight.data().asnumpy(), np.ones((2, 3), np.float32))
        assert est.net is net


def _dummy_trainer(lib, net):
    return lib.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})


def run_checkpoint(lib, tmp, resume=False, epochs=3, hybridize=True, **ckw):
    E = est_mod(lib)
    net = cls_net(lib, hybridize)
    tr = lib.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.3, "momentum": 0.5})
    est = E.Estimator(net, lib.gluon.loss.SoftmaxCrossEntropyLoss(), trainer=tr)
    buf = capture(est)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "monitor" in ckw:
            ckw["monitor"] = est.val_metrics[0]
        ck = E.CheckpointHandler(str(tmp), resume_from_checkpoint=resume, **ckw)
    est.fit(loader(lib, YC), val_data=loader(lib, YC, 8), epochs=epochs if not ckw.get("batch_period") else None,
            batches=epochs if ckw.get("batch_period") else None, event_handlers=[ck])
    return sorted(os.listdir(tmp)), masked(buf.getvalue(), tmp), params_of(net)


@pytest.mark.parametrize("ckw", [
    dict(max_checkpoints=2, verbose=1, save_best=True, monitor="val_acc", mode="max"),
    dict(model_prefix="clf", epoch_period=2, hybridize=False),
    dict(epoch_period=None, batch_period=3, max_checkpoints=3, epochs=10, verbose=1),
])
def test_checkpoint_files_and_logs(tmp_path, ckw):
    out = []
    for lib, name in zip(LIBS, IDS):
        out.append(run_checkpoint(lib, tmp_path / name, **ckw))
    assert out[0][0] == out[1][0]
    assert out[0][1] == out[1][1]
    assert_params_close(out[0][2], out[1][2])
    # the .params torch2gluon wrote load in real MXNet and hold the same values
    last = [f for f in out[1][0] if f.endswith(".params")][-1]
    net = cls_net(mxnet)
    net.load_parameters(str(tmp_path / "torch2gluon" / last))
    ref = cls_net(mxnet)
    ref.load_parameters(str(tmp_path / "mxnet" / last))
    assert_params_close(params_of(net), params_of(ref))
    assert not [f for f in out[1][0] if f.endswith(".tmp")]
    if "model-symbol.json" in out[1][0]:  # the graph written after the first batch loads in real MXNet
        a, b = (mxnet.sym.load(str(tmp_path / n / "model-symbol.json")) for n in IDS)
        assert a.list_arguments() == b.list_arguments() and a.list_outputs() == b.list_outputs()


def test_resume_from_checkpoint_batches(tmp_path):
    out = []
    for lib, name in zip(LIBS, IDS):
        ckw = dict(epoch_period=None, batch_period=2, verbose=1)
        first = run_checkpoint(lib, tmp_path / name, epochs=6, **ckw)
        second = run_checkpoint(lib, tmp_path / name, resume=True, epochs=11, **ckw)
        out.append((first[:2], second[:2], second[2]))
    assert out[0][:2] == out[1][:2]
    assert "CheckpointHandler: Checkpoint resumed from epoch 1 batch 5, continue to train for 5 batches " \
        in out[1][1][1]
    assert_params_close(out[0][2], out[1][2])


def test_max_checkpoints_removes_only_the_oldest_pair(tmp_path):
    """MXNet removes every file starting with the oldest prefix, so dropping 'model-epoch0batch1' also deletes
    the newer 'model-epoch0batch10/11' checkpoints; torch2gluon removes only the oldest .params/.states pair."""
    ckw = dict(epoch_period=None, batch_period=1, max_checkpoints=10, hybridize=False)
    files_mx = run_checkpoint(mxnet, tmp_path / "mxnet", epochs=12, **ckw)[0]
    files_tg = run_checkpoint(torch2gluon, tmp_path / "torch2gluon", epochs=12, **ckw)[0]
    lost = {"model-epoch2batch10.params", "model-epoch2batch10.states",
            "model-epoch2batch11.params", "model-epoch2batch11.states"}
    assert sorted(set(files_mx) | lost) == files_tg
    assert len(files_tg) == 20 and "model-epoch0batch1.params" not in files_tg


def test_resume_from_checkpoint(tmp_path):
    out = []
    for lib, name in zip(LIBS, IDS):
        files1, log1, _ = run_checkpoint(lib, tmp_path / name, epochs=2)
        files2, log2, p2 = run_checkpoint(lib, tmp_path / name, resume=True, epochs=4)
        out.append((files1, log1, files2, log2, p2))
        with pytest.raises(ValueError, match="maximum number of epoch 4 reached"):
            run_checkpoint(lib, tmp_path / name, resume=True, epochs=4)
    for a, b in zip(out[0][:4], out[1][:4]):
        assert a == b
    assert "CheckpointHandler: Checkpoint resumed from epoch 1 batch 8, continue to train for 2 epochs " \
        in out[1][3]
    assert_params_close(out[0][4], out[1][4])
    # a straight 4-epoch run ends with the same weights as 2 + 2 resumed epochs
    _, _, straight = run_checkpoint(torch2gluon, tmp_path / "straight", epochs=4)
    assert_params_close(straight, out[1][4])


def run_early_stop(lib, **ekw):
    E = est_mod(lib)
    net = cls_net(lib)
    tr = lib.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.2})
    est = E.Estimator(net, lib.gluon.loss.SoftmaxCrossEntropyLoss(), trainer=tr)
    buf = capture(est)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        es = E.EarlyStoppingHandler(monitor=est.train_metrics[1], **ekw)
    est.fit(loader(lib, YC), epochs=12, event_handlers=[es])
    return es.stopped_epoch, es.current_epoch, masked(buf.getvalue()), params_of(net)


@pytest.mark.parametrize("ekw", [dict(patience=2), dict(mode="min", min_delta=0.05, patience=1),
                                 dict(mode="min", baseline=0.7, patience=3), dict(mode="min")])
def test_early_stopping_epoch(ekw):
    a, b = run_early_stop(mxnet, **ekw), run_early_stop(torch2gluon, **ekw)
    assert a[:3] == b[:3]
    assert_params_close(a[3], b[3])


def test_auto_mode_uses_greater_with_warning():
    for lib in LIBS:
        m = lib.metric.Loss()
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            h = est_mod(lib).EarlyStoppingHandler(monitor=m, min_delta=0.5)
            est_mod(lib).EarlyStoppingHandler(monitor=m, mode="bogus")
        assert h.monitor_op is np.greater and h.min_delta == 0.5
        assert w[0].message.args[0].startswith("`greater` operator will be used to determine if loss")
        assert w[1].category is RuntimeWarning and "EarlyStopping mode bogus is unknown" in str(w[1].message)
        h2 = est_mod(lib).EarlyStoppingHandler(monitor=m, min_delta=0.5, mode="min")
        assert h2.monitor_op is np.less and h2.min_delta == -0.5


def make_order_handler(lib, log):
    E = est_mod(lib)

    class Rec(E.TrainBegin, E.EpochBegin, E.BatchBegin, E.BatchEnd, E.EpochEnd, E.TrainEnd):
        def __init__(self, name, priority=None):
            self.name = name
            if priority is not None:
                self.priority = priority

        def train_begin(self, est, *a, **k):
            log.append(("tb", self.name))

        def epoch_begin(self, est, *a, **k):
            log.append(("eb", self.name))

        def batch_begin(self, est, *a, **k):
            log.append(("bb", self.name))

        def batch_end(self, est, *a, **k):
            log.append(("be", self.name, len(k["pred"]), round(float(k["loss"][0].sum().asscalar()), 4)))
            return self.name == "stopper" and len(log) > 12

        def epoch_end(self, est, *a, **k):
            log.append(("ee", self.name))

        def train_end(self, est, *a, **k):
            log.append(("te", self.name))
    return Rec


def test_handler_priority_order_and_stop_signal():
    logs = []
    for lib in LIBS:
        log = []
        Rec = make_order_handler(lib, log)
        net = reg_net(lib)
        est = est_mod(lib).Estimator(net, lib.gluon.loss.L2Loss(), trainer=_dummy_trainer(lib, net))
        capture(est)
        hs = [Rec("a", 5), Rec("b", -5000), Rec("stopper"), Rec("c", -1500)]
        est.fit(loader(lib, YR), epochs=2, event_handlers=hs)
        logs.append(log)
    assert logs[0] == logs[1]


def test_evaluate_custom_batch_processor_val_net_val_loss():
    out = []
    for lib in LIBS:
        E = est_mod(lib)

        class Doubling(E.BatchProcessor):
            def evaluate_batch(self, estimator, val_batch, batch_axis=0):
                data, label, pred, loss = super().evaluate_batch(estimator, val_batch, batch_axis)
                return data, label, pred, [l * 2 for l in loss]

        net, val_net = reg_net(lib), reg_net(lib)
        val_net.weight.set_data(lib.nd.array(WR * 2))
        est = E.Estimator(net, lib.gluon.loss.L2Loss(), val_metrics=[lib.metric.MSE(), lib.metric.Loss("l")],
                          trainer=_dummy_trainer(lib, net), val_net=val_net, val_loss=lib.gluon.loss.L1Loss(),
                          batch_processor=Doubling())
        buf = capture(est)
        est.evaluate(loader(lib, YR, batch_size=5))
        out.append((metrics_of(est.val_metrics), masked(buf.getvalue())))
    assert_metrics_close(out[0][0], out[1][0])
    assert out[0][1] == out[1][1]
    assert [n for n, _ in out[1][0]] == ["validation mse", "validation l"]


def bad_cases(lib, tmp):
    E = est_mod(lib)
    net = reg_net(lib)
    loss = lib.gluon.loss.L2Loss()
    tr = _dummy_trainer(lib, net)
    est = E.Estimator(net, loss, trainer=tr)
    dl = loader(lib, YR)
    other = lib.metric.MAE()
    yield lambda: E.Estimator(net, "l2", trainer=tr)
    yield lambda: E.Estimator(net, loss, train_metrics=["acc"], trainer=tr)
    yield lambda: E.Estimator(net, loss, trainer="sgd")
    yield lambda: E.Estimator(net, loss, trainer=tr, context="cpu")
    yield lambda: E.Estimator(net, loss, trainer=tr, context=[lib.cpu(), "cpu"])
    yield lambda: E.Estimator(net, loss, trainer=tr, batch_processor=object())
    yield lambda: est.fit([(X, YR)], epochs=1)
    yield lambda: est.fit(dl)
    yield lambda: est.fit(dl, epochs=1, batches=2)
    yield lambda: est.fit(dl, epochs=1, event_handlers=[object()])
    yield lambda: est.fit(dl, epochs=1, event_handlers=E.MetricHandler(metrics=[other]))
    yield lambda: est.fit(dl, epochs=1, event_handlers=[E.LoggingHandler(metrics=[other])])
    yield lambda: est.evaluate(dl, event_handlers=[E.LoggingHandler(metrics=est.train_metrics)])
    yield lambda: est.evaluate(None)
    yield lambda: E.LoggingHandler(log_interval="batch")
    yield lambda: E.MetricHandler(metrics="acc")
    yield lambda: E.CheckpointHandler(str(tmp), save_best=True)
    yield lambda: E.EarlyStoppingHandler(monitor="loss")
    yield lambda: E.EarlyStoppingHandler(monitor=lib.metric.CompositeEvalMetric([lib.metric.MAE()]))


def test_bad_arguments_raise_like_mxnet(tmp_path):
    res = []
    for lib, name in zip(LIBS, IDS):
        kinds = []
        for case in bad_cases(lib, tmp_path / name):
            try:
                case()
                kinds.append(None)
            except Exception as e:  # noqa: BLE001 - comparing the kinds of error
                kinds.append((type(e).__name__, str(e).split(":")[0][:60]))
        res.append(kinds)
    assert res[0] == res[1]
    assert all(k is not None and k[0] == "ValueError" for k in res[1])


def test_validation_handler_batch_period_and_stopping_handler():
    out = []
    for lib in LIBS:
        E = est_mod(lib)
        net = reg_net(lib)
        est = E.Estimator(net, lib.gluon.loss.L2Loss(), trainer=_dummy_trainer(lib, net))
        buf = capture(est)
        calls = []

        def eval_fn(val_data, batch_axis, event_handlers, est=est):
            calls.append((batch_axis, event_handlers))
            est.evaluate(val_data, batch_axis, event_handlers)
        vh = E.ValidationHandler(loader(lib, YR, 8), eval_fn, epoch_period=2, batch_period=3)
        est.fit(loader(lib, YR), batches=10, event_handlers=[vh, E.StoppingHandler()])
        out.append((len(calls), masked(buf.getvalue()), metrics_of(est.val_metrics), params_of(net)))
    assert out[0][0] == out[1][0] == 4
    assert out[0][1] == out[1][1]
    assert_metrics_close(out[0][2], out[1][2])
    assert_params_close(out[0][3], out[1][3])


def test_not_updated_monitor_warns_and_period_mismatch_asserts(tmp_path):
    res = []
    for lib, name in zip(LIBS, IDS):
        E = est_mod(lib)
        net = reg_net(lib)
        est = E.Estimator(net, lib.gluon.loss.L2Loss(), trainer=_dummy_trainer(lib, net))
        capture(est)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            es = E.EarlyStoppingHandler(monitor=est.val_metrics[0], mode="min")
            hs = [E.CheckpointHandler(str(tmp_path / name), monitor=est.val_metrics[0], save_best=True, mode="min"),
                  es]
            est.fit(loader(lib, YR), epochs=2, event_handlers=hs)   # no val_data: the monitor stays NaN
        assert len(hs) == 6 and hs[-1].priority == np.inf  # MXNet extends and sorts the caller's list
        got = sorted({(x.category.__name__, str(x.message)[:40]) for x in w})
        files = sorted(os.listdir(tmp_path / name))
        bad = E.CheckpointHandler(str(tmp_path / name), batch_period=2, resume_from_checkpoint=True)
        with pytest.raises(AssertionError, match="same type of period"):
            est.fit(loader(lib, YR), epochs=1, event_handlers=[bad])
        res.append((got, files, es.stop_training))
    assert res[0] == res[1]
    assert ("RuntimeWarning", "('Skipping save best because %s is not u") in res[1][0]
    assert res[1][2] is False


def test_evaluate_with_interval_logging_two_contexts():
    out = []
    for lib in LIBS:
        E = est_mod(lib)
        ctx = [lib.cpu(0), lib.cpu(1)]
        net = cls_net(lib, ctx=ctx)
        est = E.Estimator(net, lib.gluon.loss.SoftmaxCrossEntropyLoss(), context=ctx,
                          trainer=lib.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1}))
        buf = capture(est)
        est.evaluate(loader(lib, YC, 6), event_handlers=[E.LoggingHandler(log_interval=1, metrics=est.val_metrics)])
        out.append((masked(buf.getvalue()), metrics_of(est.val_metrics)))
    assert out[0][0] == out[1][0]
    assert_metrics_close(out[0][1], out[1][1])
    assert out[1][0][1].startswith("[Epoch 0][Batch 0][Samples 6] time/interval: Ts validation accuracy: ")
