"""mx.mon.Monitor over bound executors and Module.install_monitor, against MXNet 1.9.1."""
import numpy as np
import pytest

import torch2gluon
from tests.oracle import check

RNG = np.random.RandomState(3)
VALUES = {"data": RNG.randn(2, 5), "fc1_weight": RNG.randn(4, 5), "fc1_bias": RNG.randn(4),
          "fc2_weight": RNG.randn(3, 4), "fc2_bias": RNG.randn(3), "softmax_label": np.array([0.0, 2.0])}


def _mlp(mx):
    fc1 = mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=4, name="fc1")
    act = mx.sym.Activation(fc1, act_type="relu", name="relu1")
    fc2 = mx.sym.FullyConnected(act, num_hidden=3, name="fc2")
    return mx.sym.SoftmaxOutput(fc2, name="softmax")


def _branchy(mx):
    data = mx.sym.var("data")
    a = mx.sym.FullyConnected(data, num_hidden=3, no_bias=True, name="fa")
    b = mx.sym.FullyConnected(data, num_hidden=3, no_bias=True, name="fb")
    s = mx.sym.elemwise_add(a, b, name="add")
    t = mx.sym.tanh(s, name="th")
    return mx.sym.LinearRegressionOutput(t, name="lro")


def _parsed(res):
    """(step, name, [floats]) per collected statistic."""
    return [(n, k, [float(x) for x in v.replace("[", " ").replace("]", " ").split()]) for n, k, v in res]


def _bind(mx, sym, values, **kw):
    args = {k: mx.nd.array(v) for k, v in values.items()}
    grads = {k: mx.nd.zeros(v.shape) for k, v in values.items()}
    return sym.bind(mx.cpu(), args, args_grad=grads, **kw)


@pytest.mark.parametrize("kw", [{}, {"pattern": "fc.*"}, {"pattern": ".*backward.*", "sort": True},
                                {"sort": True}, {"interval": 2}], ids=str)
def test_monitor_executor_steps(kw):
    kw = dict(kw)
    interval = kw.pop("interval", 1)

    def run(mx):
        exe = _bind(mx, _mlp(mx), VALUES)
        mon = mx.mon.Monitor(interval, **kw)
        mon.install(exe)
        out = []
        for step in range(3):
            mon.tic()
            exe.forward(is_train=step != 1)
            if step != 1:
                exe.backward()
            out.append(_parsed(mon.toc()))
        return out
    check(run, rtol=1e-4)


def test_monitor_custom_stat_and_shared_input():
    values = {"data": RNG.randn(2, 4), "fa_weight": RNG.randn(3, 4), "fb_weight": RNG.randn(3, 4),
              "lro_label": RNG.randn(2, 3)}

    def run(mx):
        exe = _bind(mx, _branchy(mx), values)
        mon = mx.mon.Monitor(1, stat_func=lambda x: [x.sum(), x.max()])
        mon.install(exe)
        mon.tic()
        exe.forward(is_train=True)
        exe.backward()
        return _parsed(mon.toc())
    check(run, rtol=1e-4)


def test_monitor_module_forward_backward():
    def run(mx):
        mod = mx.mod.Module(_mlp(mx), context=mx.cpu())
        mod.bind(data_shapes=[("data", (2, 5))], label_shapes=[("softmax_label", (2,))])
        params = {k: mx.nd.array(v) for k, v in VALUES.items() if k not in ("data", "softmax_label")}
        mod.init_params(arg_params=params)
        mon = mx.mon.Monitor(1, pattern=".*output.*|fc2_weight")
        mod.install_monitor(mon)
        batch = mx.io.DataBatch([mx.nd.array(VALUES["data"])], [mx.nd.array(VALUES["softmax_label"])])
        mon.tic()
        mod.forward_backward(batch)
        # gradients of data and label (grad_req 'null') are uninitialised memory in MXNet: names only
        return [(n, k, v if k not in ("fc1_backward_output0", "softmax_backward_output1") else None)
                for n, k, v in _parsed(mon.toc())]
    check(run, rtol=1e-4)


def test_monitor_inactive_toc_and_print(caplog):
    mx = torch2gluon
    exe = _bind(mx, _mlp(mx), VALUES)
    mon = mx.monitor.Monitor(1, pattern="softmax_output")
    mon.install(exe)
    assert mon.toc() == []
    mon.tic()
    exe.forward()
    with caplog.at_level("INFO"):
        mon.toc_print()
    assert "softmax_output" in caplog.text and "Batch:       1" in caplog.text


def _all_graph(mx):
    """Variables used twice, hidden BatchNorm outputs, named and unnamed operator inputs, a multi-output node."""
    x = mx.sym.var("x")
    fc = mx.sym.FullyConnected(x, num_hidden=3, name="fc")
    act = mx.sym.Activation(fc, act_type="relu", name="act")
    bn = mx.sym.BatchNorm(act, name="bn")
    add = mx.sym.elemwise_add(bn, fc, name="add")
    sp = mx.sym.split(add, num_outputs=3, axis=1, name="sp")
    return mx.sym.Group([sp[0] + 1, mx.sym.sum(sp[2], name="sm"), mx.sym.broadcast_mul(sp[1], x, name="mul")])


def test_monitor_all_forward_reports_inputs():
    values = {"x": RNG.randn(2, 1), "fc_weight": RNG.randn(3, 1), "fc_bias": RNG.randn(3),
              "bn_gamma": RNG.rand(3), "bn_beta": RNG.randn(3)}

    def run(mx):
        seen = []

        def cb(name, arr):
            if not isinstance(arr, mx.nd.NDArray):
                arr = mx.nd.NDArray(mx.base.NDArrayHandle(arr), writable=False)
            seen.append((mx.base.py_str(name), arr.copy()))
        # one executor per mode: MXNet's copies of monitored outputs run asynchronously and may read a buffer
        # that a second forward of the same executor already overwrote (a race, not a value to compare)
        for train in (False, True):
            exe = _all_graph(mx).simple_bind(mx.cpu(), x=(2, 1))
            for k, v in values.items():
                exe.arg_dict[k][:] = v
            exe.aux_dict["bn_moving_var"][:] = 1
            exe.set_monitor_callback(cb, monitor_all=True)
            exe.forward(is_train=train)
            mx.nd.waitall()
        return seen
    check(run, rtol=1e-4)


def test_monitor_all_monitor_toc():
    def run(mx):
        exe = _bind(mx, _mlp(mx), VALUES)
        mon = mx.mon.Monitor(1, monitor_all=True, sort=True)
        mon.install(exe)
        mon.tic()
        exe.forward(is_train=False)
        return _parsed(mon.toc())
    check(run, rtol=1e-4)


def test_monitor_all_backward_refused():
    mx = torch2gluon
    exe = _bind(mx, _mlp(mx), VALUES)
    mx.mon.Monitor(1, monitor_all=True).install(exe)
    exe.forward(is_train=True)
    with pytest.raises(NotImplementedError, match="monitor_all"):
        exe.backward()


def test_monitor_fit_and_sequential_module(caplog):
    def run(mx):
        mon = mx.mon.Monitor(2, pattern="fc2_output|fc2_backward_output1")
        mod = mx.mod.Module(_mlp(mx), context=mx.cpu())
        it = mx.io.NDArrayIter(np.tile(VALUES["data"], (2, 1)), np.tile(VALUES["softmax_label"], 2), batch_size=2)
        params = {k: mx.nd.array(v) for k, v in VALUES.items() if k not in ("data", "softmax_label")}
        mod.fit(it, num_epoch=1, arg_params=params, monitor=mon, optimizer_params={"learning_rate": 0.1})
        seq = mx.mod.SequentialModule().add(mx.mod.Module(_mlp(mx), context=mx.cpu()))
        seq.bind(data_shapes=[("data", (2, 5))], label_shapes=[("softmax_label", (2,))])
        seq.init_params(arg_params=params)
        mon2 = mx.mon.Monitor(1, pattern="fc2_output")
        seq.install_monitor(mon2)
        mon2.tic()
        seq.forward(mx.io.DataBatch([mx.nd.array(VALUES["data"])], [mx.nd.array(VALUES["softmax_label"])]))
        return mon.step, _parsed(mon2.toc())
    check(run, rtol=1e-4)
    with caplog.at_level("INFO"):
        run(torch2gluon)
    assert caplog.text.count("fc2_backward_output1") == 1 and caplog.text.count("fc2_output") == 1


@pytest.mark.parametrize("train", [True, False], ids=["train", "eval"])
def test_monitor_batchnorm_hidden_outputs_and_aux_states(train):
    """BatchNorm's hidden outputs (batch or moving mean, inverse std) are reported; its moving mean/var are
    auxiliary states: no gradient hook, no bn_backward_output3/4."""
    def run(mx):
        fc = mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=3, name="fc")
        bn = mx.sym.BatchNorm(fc, fix_gamma=False, name="bn")
        out = mx.sym.LinearRegressionOutput(mx.sym.Activation(bn, act_type="tanh", name="th"), name="lro")
        mod = mx.mod.Module(out, context=mx.cpu(), label_names=["lro_label"])
        mod.bind(data_shapes=[("data", (4, 5))], label_shapes=[("lro_label", (4, 3))])
        rng = np.random.RandomState(5)
        mod.init_params(arg_params={"fc_weight": mx.nd.array(rng.randn(3, 5)), "fc_bias": mx.nd.zeros(3),
                                    "bn_gamma": mx.nd.array(rng.rand(3) + 0.5), "bn_beta": mx.nd.zeros(3)},
                        aux_params={"bn_moving_mean": mx.nd.array(rng.randn(3)),
                                    "bn_moving_var": mx.nd.array(rng.rand(3) + 0.5)})
        mon = mx.mon.Monitor(1)  # all: also BatchNorm's hidden outputs bn_mean, bn_var (inverse std)
        mod.install_monitor(mon)
        batch = mx.io.DataBatch([mx.nd.array(rng.randn(4, 5))], [mx.nd.array(rng.randn(4, 3))])
        mon.tic()
        mod.forward(batch, is_train=train)
        if train:
            mod.backward()
        # gradients of data and label (grad_req 'null') are uninitialised memory in MXNet: names only
        return [(n, k, v if k not in ("fc_backward_output0", "lro_backward_output1") else None)
                for n, k, v in _parsed(mon.toc())]
    check(run, rtol=1e-4)
