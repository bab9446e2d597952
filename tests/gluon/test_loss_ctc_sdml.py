"""gluon.loss.CTCLoss / SDMLLoss and nd.CTCLoss / nd.ctc_loss: values and gradients against MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check, check_grad

RNG = np.random.RandomState(0)
T, N, C = 7, 3, 5
X_TNC = RNG.randn(T, N, C).astype(np.float32)
LAB_FIRST = np.array([[1, 2, 2], [3, 0, 0], [4, 1, 0]], np.float32)    # 0 pads, blank 0
LAB_LAST = np.array([[0, 1, 1], [2, -1, -1], [3, 0, -1]], np.float32)  # -1 pads, blank C-1


# ------------------------------------------------------------------ nd.CTCLoss
@pytest.mark.parametrize("blank,lab", [("first", LAB_FIRST), ("last", LAB_LAST)])
def test_nd_ctc_values_and_grad(blank, lab):
    check_grad(lambda mx, x: mx.nd.CTCLoss(x, mx.nd.array(lab), blank_label=blank), X_TNC)


@pytest.mark.parametrize("blank,lab", [("first", LAB_FIRST), ("last", LAB_LAST)])
def test_nd_ctc_lengths(blank, lab):
    dl, ll = np.array([7, 4, 5], np.float32), np.array([2, 1, 2], np.float32)
    check_grad(lambda mx, x: mx.nd.CTCLoss(x, mx.nd.array(lab), mx.nd.array(dl), mx.nd.array(ll),
                                           use_data_lengths=True, use_label_lengths=True,
                                           blank_label=blank), X_TNC)
    check_grad(lambda mx, x: mx.nd.ctc_loss(x, mx.nd.array(lab), mx.nd.array(dl), use_data_lengths=True,
                                            blank_label=blank), X_TNC)
    # None arguments are skipped: label lengths alone, positionally or by keyword
    check(lambda mx: mx.nd.CTCLoss(mx.nd.array(X_TNC), mx.nd.array(lab), None, mx.nd.array(ll),
                                   use_label_lengths=True, blank_label=blank))
    check(lambda mx: mx.nd.CTCLoss(mx.nd.array(X_TNC), mx.nd.array(lab), label_lengths=mx.nd.array(ll),
                                   use_label_lengths="True", blank_label=blank))


def test_nd_ctc_out_grad_and_int_label():
    og = np.array([1.0, -2.0, 0.5], np.float32)
    check_grad(lambda mx, x: mx.nd.CTCLoss(x, mx.nd.array(LAB_FIRST, dtype="int32")), X_TNC, out_grad=og)


def test_nd_ctc_infeasible_gives_zero_loss():
    """Rows too short for their label: loss 0 as in MXNet. MXNet leaves those rows' gradient
    uninitialised (garbage that changes run to run); torch2gluon gives 0. Feasible rows match."""
    import mxnet
    import torch2gluon
    lab = np.array([[1, 1, 1, 1], [2, 3, 0, 0], [1, 1, 2, 2]], np.float32)  # rows 0 and 2 need > 4 steps
    x = X_TNC[:4]
    check(lambda mx: mx.nd.CTCLoss(mx.nd.array(x), mx.nd.array(lab)))
    grads = []
    for mx in (mxnet, torch2gluon):
        p = mx.nd.array(x)
        p.attach_grad()
        with mx.autograd.record():
            loss = mx.nd.CTCLoss(p, mx.nd.array(lab))
        loss.backward()
        grads.append(p.grad.asnumpy())
    np.testing.assert_allclose(grads[1][:, 1], grads[0][:, 1], rtol=1e-5, atol=1e-6)
    assert not grads[1][:, [0, 2]].any()


def test_nd_ctc_out_argument():
    def fn(mx):
        out = mx.nd.zeros((N,))
        r = mx.nd.CTCLoss(mx.nd.array(X_TNC), mx.nd.array(LAB_FIRST), out=out)
        return r, out
    check(fn)


@pytest.mark.parametrize("case", ["2d", "batch", "blank", "extra", "missing", "label3d", "wide", "dl_batch"])
def test_nd_ctc_errors(case):
    def fn(mx):
        x, lab = mx.nd.array(X_TNC), mx.nd.array(LAB_FIRST)
        if case == "2d":
            return mx.nd.CTCLoss(mx.nd.ones((6, 5)), lab)
        if case == "batch":
            return mx.nd.CTCLoss(x, lab[:2])
        if case == "blank":
            return mx.nd.CTCLoss(x, lab, blank_label="middle")
        if case == "extra":
            return mx.nd.CTCLoss(x, lab, mx.nd.array([6, 6, 6]))
        if case == "missing":
            return mx.nd.CTCLoss(x, lab, use_data_lengths=True)
        if case == "label3d":
            return mx.nd.CTCLoss(x, mx.nd.ones((3, 2, 2)))
        if case == "wide":
            return mx.nd.CTCLoss(x, mx.nd.ones((3, T + 1)))
        return mx.nd.CTCLoss(x, lab, mx.nd.array([6, 6]), use_data_lengths=True)
    check(fn)


# ------------------------------------------------------------------ gluon.loss.CTCLoss
@pytest.mark.parametrize("layout", ["NTC", "TNC"])
@pytest.mark.parametrize("label_layout", ["NT", "TN"])
def test_gluon_ctc_layouts(layout, label_layout):
    x = X_TNC if layout == "TNC" else X_TNC.transpose(1, 0, 2)
    lab = LAB_LAST if label_layout == "NT" else LAB_LAST.T

    def fn(mx, p):
        return mx.gluon.loss.CTCLoss(layout=layout, label_layout=label_layout)(p, mx.nd.array(lab))
    check_grad(fn, np.ascontiguousarray(x))


def test_gluon_ctc_lengths_weight_sample_weight():
    x = X_TNC.transpose(1, 0, 2).copy()
    pl, ll = np.array([7, 5, 6], np.float32), np.array([3, 1, 1], np.float32)
    sw = np.array([[1.0], [0.5], [2.0]], np.float32)

    def fn(mx, p):
        loss = mx.gluon.loss.CTCLoss(weight=0.7)
        return loss(p, mx.nd.array(LAB_LAST), mx.nd.array(pl), mx.nd.array(ll), mx.nd.array(sw[:, 0]))
    check_grad(fn, x)

    def only_pred_lengths(mx, p):
        return mx.gluon.loss.CTCLoss()(p, mx.nd.array(LAB_LAST), mx.nd.array(pl))
    check_grad(only_pred_lengths, x)

    def only_label_lengths(mx, p):
        return mx.gluon.loss.CTCLoss()(p, mx.nd.array(LAB_LAST), None, mx.nd.array(ll))
    check_grad(only_label_lengths, x)


def test_gluon_ctc_bad_layout_and_repr(mx):
    with pytest.raises(AssertionError, match="Only 'NTC' and 'TNC'"):
        mx.gluon.loss.CTCLoss(layout="NCT")
    with pytest.raises(AssertionError, match="Only 'NT' and 'TN'"):
        mx.gluon.loss.CTCLoss(label_layout="TT")
    assert repr(mx.gluon.loss.CTCLoss(label_layout="TN")) == "CTCLoss(batch_axis=1, w=None)"


def test_gluon_ctc_hybridized():
    x = X_TNC.transpose(1, 0, 2).copy()

    def fn(mx, p):
        loss = mx.gluon.loss.CTCLoss()
        loss.hybridize()
        return loss(p, mx.nd.array(LAB_LAST))
    check_grad(fn, x)


# ------------------------------------------------------------------ SDMLLoss
@pytest.mark.parametrize("smoothing", [0.3, 0.0, 0.9])
def test_sdml_values_and_grads(smoothing):
    a, b = RNG.randn(6, 4).astype(np.float32), RNG.randn(6, 4).astype(np.float32)

    def fn(mx, x1, x2):
        return mx.gluon.loss.SDMLLoss(smoothing_parameter=smoothing)(x1, x2)
    check_grad(fn, a, b, atol=1e-4, rtol=1e-4)


def test_sdml_weight_is_not_applied_and_out_grad():
    a, b = RNG.randn(4, 3).astype(np.float32), RNG.randn(4, 3).astype(np.float32)
    og = np.array([1.0, 2.0, -1.0, 0.5], np.float32)

    def fn(mx, x1, x2):
        return mx.gluon.loss.SDMLLoss(weight=5.0)(x1, x2)
    check_grad(fn, a, b, out_grad=og, atol=1e-4, rtol=1e-4)


def test_sdml_bad_shapes():
    check(lambda mx: mx.gluon.loss.SDMLLoss()(mx.nd.ones((3, 2)), mx.nd.ones((3, 3))))
    check(lambda mx: mx.gluon.loss.SDMLLoss()(mx.nd.ones((1, 2)), mx.nd.ones((1, 2))))
    check(lambda mx: mx.gluon.loss.SDMLLoss()(mx.nd.ones((2, 2, 2)), mx.nd.ones((2, 2, 2))))


def test_sdml_hand_computed():
    """Two pairs at distance 0 on the diagonal and 2 off it: hand-computed KL to the smoothed targets."""
    import torch2gluon as tg
    x1 = tg.nd.array([[0.0, 0.0], [1.0, 1.0]])
    x2 = tg.nd.array([[0.0, 0.0], [1.0, 1.0]])
    out = tg.gluon.loss.SDMLLoss(smoothing_parameter=0.2)(x1, x2).asnumpy()
    logp_d = -np.log(1 + np.exp(-2.0))
    logp_o = -2.0 - np.log(1 + np.exp(-2.0))
    want = 0.8 * (np.log(0.8) - logp_d) + 0.2 * (np.log(0.2) - logp_o)
    np.testing.assert_allclose(out, [want, want], rtol=1e-5)
