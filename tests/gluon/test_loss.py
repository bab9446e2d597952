"""gluon.loss against the real MXNet 1.9.1 oracle: values, gradients w.r.t. pred, reprs and errors."""
import numpy as np
import pytest

import mxnet as mx
import torch2gluon as tg

R = np.random.RandomState(0)


def _run(lib, cls, ctor, inputs, grad_idx=0):
    loss_fn = getattr(lib.gluon.loss, cls)(**ctor)
    arrs = [None if a is None else lib.nd.array(a, dtype=a.dtype) for a in inputs]
    x = arrs[grad_idx]
    x.attach_grad()
    with lib.autograd.record():
        out = loss_fn(*arrs)
    out.backward()
    return out.asnumpy(), x.grad.asnumpy()


def _cmp(cls, ctor, inputs, grad_idx=0, rtol=1e-5, atol=1e-6):
    mo, mg = _run(mx, cls, ctor, inputs, grad_idx)
    to, tgr = _run(tg, cls, ctor, inputs, grad_idx)
    assert to.shape == mo.shape
    np.testing.assert_allclose(to, mo, rtol=rtol, atol=atol)
    np.testing.assert_allclose(tgr, mg, rtol=rtol, atol=atol)


f32 = np.float32
P = R.randn(4, 5).astype(f32)
P3 = R.randn(3, 4, 5).astype(f32)
LBL = np.array([0, 3, 4, 1], dtype=f32)
SW = R.rand(4, 1).astype(f32)


@pytest.mark.parametrize("ctor,inputs", [
    ({}, [P, LBL]),
    ({}, [P, LBL.reshape(4, 1)]),
    ({}, [P, LBL.astype(np.int32)]),
    ({}, [P, np.array([1.7, -1, 5, 9], dtype=f32)]),          # truncation and clipping
    ({"weight": 0.5}, [P, LBL, SW]),
    ({"from_logits": True}, [np.log(np.abs(P) + 0.1).astype(f32), LBL]),
    ({"sparse_label": False}, [P, np.abs(R.rand(4, 5)).astype(f32)]),
    ({}, [P3, R.randint(0, 5, (3, 4)).astype(f32)]),
    ({"axis": 1}, [P3, R.randint(0, 4, (3, 5)).astype(f32)]),
    ({"batch_axis": 1}, [P3, R.randint(0, 5, (3, 4)).astype(f32)]),
])
def test_softmax_ce(ctor, inputs):
    _cmp("SoftmaxCrossEntropyLoss", ctor, inputs, atol=1e-5)


Y = R.randn(4, 5).astype(f32)
PM = np.sign(R.randn(4, 5)).astype(f32)


@pytest.mark.parametrize("cls,ctor,inputs", [
    ("L2Loss", {}, [P, Y]),
    ("L2Loss", {"weight": 3.0}, [P, Y, SW]),
    ("L2Loss", {}, [P[:, :1], Y[:, 0]]),                      # label reshaped (4,) -> (4,1)
    ("L2Loss", {"batch_axis": 1}, [P3, P3[::-1].copy()]),
    ("L1Loss", {}, [P, Y]),
    ("L1Loss", {"weight": 2.0}, [P, Y, SW]),
    ("SigmoidBinaryCrossEntropyLoss", {}, [P, (Y > 0).astype(f32)]),
    ("SigmoidBinaryCrossEntropyLoss", {}, [P, (Y > 0).astype(f32), None, np.full((5,), 3.0, f32)]),
    ("SigmoidBinaryCrossEntropyLoss", {"from_sigmoid": True},
     [(1 / (1 + np.exp(-P))).astype(f32), (Y > 0).astype(f32)]),
    ("SigmoidBinaryCrossEntropyLoss", {"from_sigmoid": True, "weight": 0.3},
     [(1 / (1 + np.exp(-P))).astype(f32), (Y > 0).astype(f32), SW, np.full((1, 5), 2.0, f32)]),
    ("SigmoidBCELoss", {}, [P, (Y > 0).astype(f32), SW]),
    ("HuberLoss", {}, [P, Y]),
    ("HuberLoss", {"rho": 0.5}, [P * 2, Y, SW]),
    ("HingeLoss", {}, [P, PM]),
    ("HingeLoss", {"margin": 0.5}, [P, PM, SW]),
    ("SquaredHingeLoss", {}, [P, PM]),
    ("LogisticLoss", {}, [P, PM]),
    ("LogisticLoss", {"label_format": "binary"}, [P, (PM > 0).astype(f32)]),
    ("KLDivLoss", {}, [np.log(np.abs(P) + 0.1).astype(f32), np.abs(Y)]),
    ("KLDivLoss", {"from_logits": False, "axis": 1}, [P, np.abs(Y), SW]),
    ("TripletLoss", {}, [P, Y, P[::-1].copy()]),
    ("TripletLoss", {"margin": 0.1, "weight": 2.0}, [P, Y, Y * 0.5]),
    ("PoissonNLLLoss", {}, [P, np.abs(Y)]),
    ("CosineEmbeddingLoss", {}, [P, Y, np.array([1, -1, 1, -1], f32)]),
    ("CosineEmbeddingLoss", {"margin": 0.2}, [P, Y, np.array([-1, -1, 1, -1], f32)]),
])
def test_losses(cls, ctor, inputs):
    _cmp(cls, ctor, [None if a is None else np.ascontiguousarray(a, dtype=f32) for a in inputs])


def test_sigmoid_bce_from_sigmoid_zero_prob():
    args = [np.zeros((1, 1), f32), np.ones((1, 1), f32)]
    mo, _ = _run(mx, "SigmoidBCELoss", {"from_sigmoid": True}, args)
    to, _ = _run(tg, "SigmoidBCELoss", {"from_sigmoid": True}, args)
    np.testing.assert_allclose(to, mo, rtol=1e-6)
    assert abs(float(to[0]) - 27.631) < 1e-2


@pytest.mark.parametrize("cls,ctor", [("L2Loss", {}), ("L1Loss", {}), ("SoftmaxCrossEntropyLoss", {"weight": 2.0}),
                                      ("HuberLoss", {"batch_axis": 1}), ("KLDivLoss", {})])
def test_repr(cls, ctor):
    assert repr(getattr(tg.gluon.loss, cls)(**ctor)) == repr(getattr(mx.gluon.loss, cls)(**ctor))


def test_pos_weight_errors():
    for lib in (mx, tg):
        lf = lib.gluon.loss.SigmoidBCELoss()
        p, l = lib.nd.array(P), lib.nd.array((Y > 0).astype(f32))
        with pytest.raises(AssertionError):
            lf(p, l, None, 2.0)
        with pytest.raises(TypeError):
            lf(p, l, pos_weight=lib.nd.ones((5,)))


def test_logistic_bad_format():
    for lib in (mx, tg):
        with pytest.raises(ValueError, match="label_format"):
            lib.gluon.loss.LogisticLoss(label_format="x")


def test_weight_must_be_number():
    for lib in (mx, tg):
        with pytest.raises(AssertionError, match="weight must be a number"):
            lib.gluon.loss.L1Loss(weight="a")(lib.nd.array(P), lib.nd.array(Y))


def test_hybridized_same():
    lf = tg.gluon.loss.SoftmaxCrossEntropyLoss()
    a = lf(tg.nd.array(P), tg.nd.array(LBL)).asnumpy()
    lf.hybridize()
    np.testing.assert_array_equal(lf(tg.nd.array(P), tg.nd.array(LBL)).asnumpy(), a)


def test_poisson_compute_full_values():
    """MXNet's compute_full path writes in place, so it only runs outside record(): compare values there."""
    pred, tgt = (np.abs(P) + 0.1).astype(f32), (np.abs(Y) * 3).astype(f32)
    for fl in (True, False):
        m = mx.gluon.loss.PoissonNLLLoss(from_logits=fl, compute_full=True)(mx.nd.array(pred), mx.nd.array(tgt))
        t = tg.gluon.loss.PoissonNLLLoss(from_logits=fl, compute_full=True)(tg.nd.array(pred), tg.nd.array(tgt))
        np.testing.assert_allclose(t.asnumpy(), m.asnumpy(), rtol=1e-5)
