"""SoftmaxCrossEntropyLoss's one-kernel eager path (gluon/_sparse_ce.py): bit-identical to the operator path
(log_softmax, pick, negative, mean) in values, dtypes, shapes and gradients, equal to MXNet 1.9.1, and left
for the operator path where it does not apply (other ranks, sample weights, the profiler)."""
import numpy as np
import pytest

import mxnet as mx
import torch2gluon as tg
from torch2gluon.gluon import _sparse_ce

R = np.random.RandomState(7)


def _operator_path(nd, pred, label, axis, from_logits, weight):
    p = pred if from_logits else nd.log_softmax(pred, axis=axis)
    loss = -nd.pick(p, label, axis=axis, keepdims=True)
    if weight is not None:
        loss = loss * weight
    return nd.mean(loss, axis=0, exclude=True)


def _run(lib, P, L, ldt, ctor, head, by_ops=False):
    x = lib.nd.array(P, dtype=P.dtype)
    x.attach_grad()
    y = lib.nd.array(L, dtype=ldt)
    before = y.asnumpy().copy()
    loss_fn = lib.gluon.loss.SoftmaxCrossEntropyLoss(**ctor)
    with lib.autograd.record():
        if by_ops:
            out = _operator_path(lib.nd, x, y, ctor.get("axis", -1), ctor.get("from_logits", False),
                                 ctor.get("weight"))
        else:
            out = loss_fn(x, y)
    out.backward(lib.nd.array(head, dtype=P.dtype))
    assert (y.asnumpy() == before).all()  # the label is never clipped in place
    return out.shape, out.dtype, out.asnumpy(), x.grad.asnumpy()


CASES = [
    (8, 5, "float32", "float32", "n", {}),
    (8, 5, "float64", "int32", "n1", {"axis": 1}),
    (3, 7, "float32", "int64", "n", {"weight": 2.5}),
    (6, 4, "float32", "uint8", "n", {"from_logits": True}),
    (1, 3, "float64", "float64", "n", {"from_logits": True, "weight": 0.3}),
    (5, 1, "float32", "float32", "n1", {}),
]


def _inputs(n, c, dt, ldt, lshape):
    P = (R.randn(n, c) * 4).astype(dt)
    L = R.uniform(-3, c + 3, size=n)  # out-of-range labels are clipped, float labels truncated
    if ldt == "uint8":
        L = np.abs(L)
    return P, L.reshape({"n": (n,), "n1": (n, 1), "1n": (1, n)}[lshape]), R.randn(n).astype(dt)


@pytest.mark.parametrize("n,c,dt,ldt,lshape,ctor", CASES)
def test_fast_path_is_bit_identical_to_the_operators(n, c, dt, ldt, lshape, ctor):
    P, L, head = _inputs(n, c, dt, ldt, lshape)
    fast = _run(tg, P, L, ldt, ctor, head)
    ops = _run(tg, P, L, ldt, ctor, head, by_ops=True)
    assert fast[:2] == ops[:2]
    assert np.array_equal(fast[2], ops[2]) and np.array_equal(fast[3], ops[3])


@pytest.mark.parametrize("n,c,dt,ldt,lshape,ctor", CASES)
def test_fast_path_matches_mxnet(n, c, dt, ldt, lshape, ctor):
    P, L, head = _inputs(n, c, dt, ldt, lshape)
    ours, ref = _run(tg, P, L, ldt, ctor, head), _run(mx, P, L, ldt, ctor, head)
    assert ours[:2] == ref[:2]
    np.testing.assert_allclose(ours[2], ref[2], rtol=1e-4, atol=1e-5)  # float32 log_softmax rounding
    np.testing.assert_allclose(ours[3], ref[3], rtol=1e-4, atol=1e-5)


def test_non_finite_logits_match_the_operators():
    P, L, head = _inputs(4, 3, "float32", "float32", "n")
    P[0, 0], P[1, 2] = np.inf, np.nan
    fast, ops = _run(tg, P, L, "float32", {}, head), _run(tg, P, L, "float32", {}, head, by_ops=True)
    assert np.array_equal(fast[2], ops[2], equal_nan=True) and np.array_equal(fast[3], ops[3], equal_nan=True)


def test_applies_only_to_its_case():
    nd = tg.nd
    p2, lab = nd.ones((4, 3)), nd.array([0, 1, 2, 5])
    assert _sparse_ce.sparse_ce(p2, lab, -1, False).shape == (4,)
    assert _sparse_ce.sparse_ce(nd.ones((4, 3, 2)), nd.zeros((4, 3)), -1, False) is None   # 3-D
    assert _sparse_ce.sparse_ce(p2, nd.zeros(4), 0, False) is None                          # class axis 0
    assert _sparse_ce.sparse_ce(p2, nd.zeros(3), -1, False) is None                         # label count
    assert _sparse_ce.sparse_ce(p2, nd.zeros((1, 4)), -1, False) is None                    # MXNet refuses it
    assert _sparse_ce.sparse_ce(p2.astype("float16"), lab, -1, False) is None
    assert _sparse_ce.sparse_ce(p2, lab.astype("bool"), -1, False) is None                  # pick refuses it
    with tg.util.np_shape(True):
        assert _sparse_ce.sparse_ce(nd.ones((0, 3)), nd.zeros(0), -1, False) is None


def test_general_path_errors_are_kept():
    def bad(lib):
        return lib.gluon.loss.SoftmaxCrossEntropyLoss()(lib.nd.ones((4, 3)), lib.nd.zeros(3))
    for lib in (mx, tg):
        with pytest.raises(Exception) as e:
            bad(lib).asnumpy()
        assert type(e.value).__name__ == "MXNetError"


def test_sample_weight_and_batch_axis_take_the_operator_path(monkeypatch):
    calls = []
    real = _sparse_ce.sparse_ce
    monkeypatch.setattr(tg.gluon.loss, "sparse_ce", lambda *a: calls.append(1) or real(*a))
    P, L, _ = _inputs(4, 3, "float32", "float32", "n")
    W = R.rand(4, 1)
    for lib in (mx, tg):
        sw = lib.nd.array(W)
        a = lib.gluon.loss.SoftmaxCrossEntropyLoss()(lib.nd.array(P), lib.nd.array(L), sw)
        b = lib.gluon.loss.SoftmaxCrossEntropyLoss(batch_axis=1)(lib.nd.array(P), lib.nd.array(L))
        if lib is mx:
            ref = (a.asnumpy(), b.asnumpy())
    assert calls == []
    np.testing.assert_allclose(a.asnumpy(), ref[0], rtol=1e-5)
    np.testing.assert_allclose(b.asnumpy(), ref[1], rtol=1e-5)
    tg.gluon.loss.SoftmaxCrossEntropyLoss()(tg.nd.array(P), tg.nd.array(L))
    assert calls == [1]


def test_cpu_k_context_is_carried():
    ctx = tg.cpu(1)
    out = tg.gluon.loss.SoftmaxCrossEntropyLoss()(tg.nd.ones((2, 3), ctx=ctx), tg.nd.zeros(2, ctx=ctx))
    ref = mx.gluon.loss.SoftmaxCrossEntropyLoss()(mx.nd.ones((2, 3), ctx=mx.cpu(1)), mx.nd.zeros(2, ctx=mx.cpu(1)))
    assert str(out.context) == str(ref.context)
