"""mx.model.FeedForward (MXNet's deprecated trainer) against real MXNet: fixed starting weights, the same
updates over one or two devices, predict/score, checkpoints, pickling, the numpy-input path and errors."""
import logging
import pickle
import warnings

import numpy as np
import pytest

from tests.oracle import check, run_both, assert_same

_RS = np.random.RandomState(5)
_X = _RS.rand(40, 6).astype(np.float32)
_Y = (_X[:, 0] + _X[:, 1] > 1).astype(np.float32) + (_X[:, 2] > 0.5)
_W = {"fc1_weight": _RS.randn(8, 6).astype(np.float32) * 0.3, "fc1_bias": np.zeros(8, np.float32),
      "fc2_weight": _RS.randn(3, 8).astype(np.float32) * 0.3, "fc2_bias": _RS.rand(3).astype(np.float32)}


def _net(mx):
    data = mx.sym.Variable("data")
    h = mx.sym.Activation(mx.sym.FullyConnected(data, num_hidden=8, name="fc1"), act_type="relu")
    return mx.sym.SoftmaxOutput(mx.sym.FullyConnected(h, num_hidden=3, name="fc2"), name="softmax")


def _train(mx, ctx, tmp_path=None, **kw):
    warnings.simplefilter("ignore", DeprecationWarning)
    it = mx.io.NDArrayIter(_X, _Y, batch_size=10)
    val = mx.io.NDArrayIter(_X[:25], _Y[:25], batch_size=10)
    seen = []
    model = mx.model.FeedForward(_net(mx), ctx=ctx, num_epoch=3, learning_rate=0.2, momentum=0.9, wd=0.001,
                                 arg_params={k: mx.nd.array(v) for k, v in _W.items()}, **kw)
    model.fit(it, eval_data=val, eval_metric="acc",
              batch_end_callback=lambda p: seen.append((p.epoch, p.nbatch, p.eval_metric.get()[1])),
              epoch_end_callback=lambda e, s, a, x: seen.append((e, a["fc2_bias"].asnumpy().tolist())),
              eval_end_callback=lambda p: seen.append(("val", p.epoch, p.nbatch, p.eval_metric.get()[1])))
    return model, seen, val


@pytest.mark.parametrize("ndev", [1, 2])
def test_fit_predict_score(ndev):
    def fn(mx):
        model, seen, val = _train(mx, [mx.cpu(i) for i in range(ndev)])
        return (seen, {k: v for k, v in model.arg_params.items()}, model.predict(val),
                model.score(val, "ce"), model.predict(val, num_batch=2, return_data=True))
    check(fn, atol=1e-5, rtol=1e-4)


def test_create_numpy_input_and_allow_extra_params():
    def fn(mx):
        warnings.simplefilter("ignore", DeprecationWarning)
        mx.random.seed(3)
        np.random.seed(3)  # the numpy path shuffles with numpy's generator
        init = mx.init.Constant(0.05)
        model = mx.model.FeedForward.create(_net(mx), X=_X, y=_Y.reshape(-1, 1), num_epoch=2,
                                            numpy_batch_size=16, learning_rate=0.1, initializer=init)
        inner = _net(mx).get_internals()["fc1_output"]
        feat = mx.model.FeedForward(inner, arg_params=model.arg_params, allow_extra_params=True)
        return model.arg_params, feat.predict(_X[:7]), sorted(feat.arg_params)
    check(fn, atol=1e-5, rtol=1e-4)


def test_checkpoint_and_pickle(tmp_path):
    def fn(mx):
        model, _, val = _train(mx, mx.cpu())
        prefix = str(tmp_path / ("m_" + mx.__name__))
        model.save(prefix)
        again = mx.model.FeedForward.load(prefix, 3)
        clone = pickle.loads(pickle.dumps(model))
        return again.begin_epoch, again.predict(val), clone.predict(val), model.predict(val)
    check(fn)


def test_logged_lines(caplog):
    def fn(mx):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            _train(mx, [mx.cpu(0), mx.cpu(1)])
        return [r.getMessage() for r in caplog.records if "Time cost" not in r.getMessage()]
    check(fn)


@pytest.mark.parametrize("code", [
    "mx.model.FeedForward(_net(mx)).fit(_X)",                       # y missing for numpy X
    "mx.model.FeedForward(_net(mx)).fit(_X, [1, 2])",               # y not an array
    "mx.model.FeedForward(_net(mx)).fit(_X, _Y[:3])",               # lengths differ
    "mx.model.FeedForward(_net(mx)).fit(_X, np.zeros((40, 2)))",   # 2-D label
    "mx.model.FeedForward(_net(mx)).fit([1, 2])",                   # not an iterator
    "mx.model.FeedForward(_net(mx), num_epoch=1).fit(_X, _Y, eval_data=(None, _Y))",
    "mx.model.FeedForward(_net(mx), num_epoch=1).fit(_X, _Y, eval_data=5)",
    "mx.model.FeedForward(mx.sym.FullyConnected(mx.sym.Variable('x'), num_hidden=2, name='a') + "
    "mx.sym.FullyConnected(mx.sym.Variable('x'), num_hidden=2, name='a'))",
])
def test_errors(code):
    def fn(mx):
        warnings.simplefilter("ignore", DeprecationWarning)
        return exec(code, {"mx": mx, "np": np, "_net": _net, "_X": _X, "_Y": _Y})
    check(fn)


def test_callable_symbol_refused():
    import torch2gluon as mx
    with pytest.raises(NotImplementedError, match="sym_gen"):
        mx.model.FeedForward(lambda key: _net(mx))
