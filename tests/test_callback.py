"""mx.callback against the MXNet 1.9.1 oracle: the exact log lines, checkpoint files and call patterns."""
import collections
import logging
import os

import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import MODULES

Param = collections.namedtuple("BatchEndParam", ["epoch", "nbatch", "eval_metric", "locals"])


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def logs(monkeypatch):
    """Root-logger INFO lines, and a fake clock (`clock.append(t)` sets the next time.time() values)."""
    root = logging.getLogger()
    handler = _Capture()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    clock = [0.0]
    monkeypatch.setattr("time.time", lambda: clock[0])
    yield handler, clock
    root.removeHandler(handler)
    root.setLevel(old)


def _run_both(logs, drive):
    """`drive(mx, clock)` on both modules; returns the two lists of log lines (asserted equal)."""
    handler, clock = logs
    out = []
    for mx in MODULES:
        handler.lines = []
        clock[0] = 0.0
        drive(mx, clock)
        out.append(list(handler.lines))
    assert out[1] == out[0]
    return out[1]


def _acc(mx, seed):
    rng = np.random.RandomState(seed)
    m = mx.metric.Accuracy()
    m.update([mx.nd.array(rng.randint(0, 3, 8))], [mx.nd.array(rng.rand(8, 3))])
    return m


@pytest.mark.parametrize("auto_reset", [True, False])
def test_speedometer_with_metric(logs, auto_reset):
    def drive(mx, clock):
        cb = mx.callback.Speedometer(batch_size=4, frequent=2, auto_reset=auto_reset)
        metric = mx.metric.CompositeEvalMetric([_acc(mx, 0), "mse"])
        for nbatch in range(7):
            clock[0] += 0.25 * (nbatch + 1)
            cb(Param(epoch=3, nbatch=nbatch, eval_metric=metric, locals=None))
            metric.update([mx.nd.array([0, 1])], [mx.nd.array([[0.2, 0.8], [0.6, 0.4]])])
    lines = _run_both(logs, drive)
    assert len(lines) == 3
    # tic at batch 0 (t=0.25); batch 2 at t=1.5: 2 batches * 4 samples / 1.25 s
    assert lines[0].startswith("Epoch[3] Batch [0-2]\tSpeed: 6.40 samples/sec\taccuracy=")
    assert lines[1].startswith("Epoch[3] Batch [2-4]" if auto_reset else "Epoch[3] Batch [0-4]")


def test_speedometer_without_metric_restart_and_zero_time(logs):
    def drive(mx, clock):
        cb = mx.callback.Speedometer(batch_size=2, frequent=1)
        for epoch, nbatch, dt in [(0, 0, 1.0), (0, 1, 0.5), (0, 2, 0.0), (1, 0, 1.0), (1, 1, 2.0)]:
            clock[0] += dt
            cb(Param(epoch=epoch, nbatch=nbatch, eval_metric=None, locals=None))
    lines = _run_both(logs, drive)
    assert lines == ["Iter[0] Batch [1]\tSpeed: 4.00 samples/sec", "Iter[0] Batch [2]\tSpeed: inf samples/sec",
                     "Iter[1] Batch [1]\tSpeed: 1.00 samples/sec"]


def test_speedometer_auto_reset_resets_local_only(logs):
    def drive(mx, clock):
        metric = _acc(mx, 1)
        cb = mx.callback.Speedometer(batch_size=1, frequent=1, auto_reset=True)
        cb(Param(0, 0, metric, None))
        clock[0] = 1.0
        cb(Param(0, 1, metric, None))
        logging.info("after %s %s", metric.get(), metric.get_global())
    lines = _run_both(logs, drive)
    assert lines[1].startswith("after ('accuracy', nan)")


@pytest.mark.parametrize("auto_reset", [False, True])
def test_log_train_metric(logs, auto_reset):
    def drive(mx, clock):
        metric = _acc(mx, 2)
        cb = mx.callback.log_train_metric(period=2, auto_reset=auto_reset)
        for nbatch in range(5):
            cb(Param(1, nbatch, metric, None))
            metric.update([mx.nd.array([1, 1])], [mx.nd.array([[0.2, 0.8], [0.6, 0.4]])])
        cb(Param(1, 6, None, None))
    lines = _run_both(logs, drive)
    assert lines[0].startswith("Iter[1] Batch[0] Train-accuracy=") and len(lines) == 3


@pytest.mark.parametrize("total,length", [(100, 80), (3, 10), (7, 16)])
def test_progress_bar(logs, total, length):
    def drive(mx, clock):
        cb = mx.callback.ProgressBar(total=total, length=length)
        for nbatch in range(total + 1):
            cb(Param(0, nbatch, None, None))
    lines = _run_both(logs, drive)
    assert lines[-1] == "[" + "=" * length + "] 100%\r"


def test_progress_bar_docstring_example(logs):
    lines = _run_both(logs, lambda mx, clock: [mx.callback.ProgressBar(total=2, length=16)(Param(0, n, None, None))
                                               for n in (1, 2)])
    assert lines == ["[========--------] 50%\r", "[================] 100%\r"]


def test_log_validation_metrics(logs):
    def drive(mx, clock):
        cb = mx.callback.LogValidationMetricsCallback()
        cb(Param(4, 0, mx.metric.CompositeEvalMetric([_acc(mx, 3), _acc(mx, 4)]), None))
        cb(Param(5, 0, None, None))
    lines = _run_both(logs, drive)
    assert len(lines) == 2 and lines[0].startswith("Epoch[4] Validation-accuracy=")


def test_do_checkpoint_params_only(logs, tmp_path, monkeypatch):
    def drive(mx, clock):
        (tmp_path / mx.__name__).mkdir()
        monkeypatch.chdir(tmp_path / mx.__name__)
        cb = mx.callback.do_checkpoint("model", period=2)
        arg = {"w": mx.nd.array([[1, 2], [3, 4]]), "b": mx.nd.array([0.5], dtype="float64")}
        aux = {"mean": mx.nd.array([7], dtype="int32")}
        for epoch in range(4):
            cb(epoch, None, arg, aux)
        assert sorted(os.listdir(".")) == ["model-0002.params", "model-0004.params"]
    lines = _run_both(logs, drive)
    assert lines == ['Saved checkpoint to "model-0002.params"', 'Saved checkpoint to "model-0004.params"']
    for epoch in (2, 4):
        name = f"model-{epoch:04d}.params"
        assert (tmp_path / "torch2gluon" / name).read_bytes() == (tmp_path / "mxnet" / name).read_bytes()
    loaded = mxnet.nd.load(str(tmp_path / "torch2gluon" / "model-0002.params"))
    assert sorted(loaded) == ["arg:b", "arg:w", "aux:mean"]
    np.testing.assert_array_equal(loaded["arg:w"].asnumpy(), [[1, 2], [3, 4]])


def test_do_checkpoint_writes_the_symbol(tmp_path):
    for lib in (mxnet, torch2gluon):
        net = lib.sym.FullyConnected(lib.sym.var("data"), num_hidden=2, name="fc")
        arg = {"fc_weight": lib.nd.array([[1, 2], [3, 4]]), "fc_bias": lib.nd.array([0.5, 1])}
        lib.callback.do_checkpoint(str(tmp_path / lib.__name__))(0, net, arg, {})
    sym, arg, aux = mxnet.model.load_checkpoint(str(tmp_path / "torch2gluon"), 1)
    assert sym.list_arguments() == ["data", "fc_weight", "fc_bias"] and aux == {}
    np.testing.assert_array_equal(arg["fc_weight"].asnumpy(), [[1, 2], [3, 4]])
    assert (tmp_path / "torch2gluon-0001.params").read_bytes() == (tmp_path / "mxnet-0001.params").read_bytes()


@pytest.mark.parametrize("period", [0, 1, 3])
def test_module_checkpoint_calls_save_checkpoint(mx, period):
    calls = []

    class FakeModule:
        def save_checkpoint(self, prefix, epoch, save_optimizer_states):
            calls.append((prefix, epoch, save_optimizer_states))

    cb = mx.callback.module_checkpoint(FakeModule(), "p", period=period, save_optimizer_states=True)
    for epoch in range(6):
        cb(epoch)
    step = max(1, period)
    assert calls == [("p", e, True) for e in range(step, 7, step)]
