"""`gluon.loss`: MXNet 1.9.1 losses as HybridBlocks built from operators of `F` (per-sample outputs).

Every loss returns the mean (or sum, where MXNet sums) over all axes except `batch_axis`, with no batch
reduction; `label` is reshaped (not broadcast) to `pred`'s shape; extra inputs are positional only.
"""
import math

from ..base import numeric_types
from ..ndarray.ndarray import NDArray
from ..symbol.symbol import Symbol
from ..util import _NP
from .. import ndarray as _nd
from .block import HybridBlock
from ._sparse_ce import sparse_ce

__all__ = ["Loss", "L2Loss", "L1Loss", "SigmoidBinaryCrossEntropyLoss", "SigmoidBCELoss",
           "SoftmaxCrossEntropyLoss", "SoftmaxCELoss", "KLDivLoss", "HuberLoss", "HingeLoss",
           "SquaredHingeLoss", "LogisticLoss", "TripletLoss", "PoissonNLLLoss", "CosineEmbeddingLoss",
           "CTCLoss", "SDMLLoss"]


def _apply_weighting(F, loss, weight=None, sample_weight=None):
    """Multiply `loss` by the broadcast `sample_weight` and then by the scalar `weight`."""
    if sample_weight is not None:
        loss = F.broadcast_mul(loss, sample_weight)
    if weight is not None:
        assert isinstance(weight, numeric_types), "weight must be a number"
        loss = loss * weight
    return loss


def _reshape_like(F, x, y):
    """`x` reshaped to `y`'s shape (same number of elements); `reshape_like` on symbols, as MXNet does."""
    if hasattr(x, "shape"):
        return x.reshape(y.shape)
    return F.reshape_like(x, y)


class Loss(HybridBlock):
    """Base class of losses: a scalar `weight` and the `batch_axis` kept in the output."""

    def __init__(self, weight, batch_axis, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._weight = weight
        self._batch_axis = batch_axis

    def __repr__(self):
        return f"{self.__class__.__name__}(batch_axis={self._batch_axis}, w={self._weight})"

    def hybrid_forward(self, F, x, *args, **kwargs):
        """Override to compute the loss."""
        raise NotImplementedError

    _np_mean = False   # numpy mode averages over axes 1.. whatever batch_axis (MXNet's L1/L2/SigmoidBCE/SoftmaxCE)

    def _per_sample_mean(self, F, loss):
        if _NP.array and self._np_mean:
            if isinstance(loss, Symbol):
                return F.mean(F.flatten(loss), axis=1)
            return F.mean(loss, axis=tuple(range(1, loss.ndim))) if loss.ndim > 1 else loss
        return F.mean(loss, axis=self._batch_axis, exclude=True)


class L2Loss(Loss):
    """`0.5 * weight * (pred - label)^2`, averaged per sample."""
    _npx_first = ("_npi_square", "_npx_reshape_like")   # numpy mode: (eager, hybridized), see _np_kinds.py

    _np_mean = True

    def __init__(self, weight=1., batch_axis=0, prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        """Per-sample loss."""
        label = _reshape_like(F, label, pred)
        loss = _apply_weighting(F, F.square(label - pred), self._weight / 2, sample_weight)
        return self._per_sample_mean(F, loss)


class L1Loss(Loss):
    """`|pred - label|`, averaged per sample."""
    _npx_first = ("_npi_abs", "_npx_reshape_like")

    _np_mean = True

    def __init__(self, weight=None, batch_axis=0, prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        """Per-sample loss."""
        label = _reshape_like(F, label, pred)
        loss = _apply_weighting(F, F.abs(label - pred), self._weight, sample_weight)
        return self._per_sample_mean(F, loss)


class SigmoidBinaryCrossEntropyLoss(Loss):
    """Binary cross-entropy on logits (stable form) or on probabilities (`from_sigmoid=True`, eps 1e-12)."""
    _npx_first = staticmethod(lambda b: "_npx_reshape_like" if b._active else
                                "_npi_log" if b._from_sigmoid else "_npx_relu")

    _np_mean = True

    def __init__(self, from_sigmoid=False, weight=None, batch_axis=0, prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self._from_sigmoid = from_sigmoid

    def hybrid_forward(self, F, pred, label, sample_weight=None, pos_weight=None):
        """Per-sample loss; `pos_weight` (4th positional, an NDArray) weights the positive term."""
        label = _reshape_like(F, label, pred)
        if pos_weight is not None:
            # like MXNet (broadcast_mul's own check): an array of the same kind as the inputs, no scalars
            assert isinstance(pos_weight, (NDArray, Symbol)), \
                f"Argument lhs must have NDArray type, but got {pos_weight}"
        if not self._from_sigmoid:
            softplus_neg_abs = F.Activation(-F.abs(pred), act_type="softrelu")
            if pos_weight is None:
                loss = F.relu(pred) - pred * label + softplus_neg_abs
            else:
                log_weight = 1 + F.broadcast_mul(pos_weight - 1, label)
                loss = pred - pred * label + log_weight * (softplus_neg_abs + F.relu(-pred))
        else:
            eps = 1e-12
            pos = F.log(pred + eps) * label
            if pos_weight is not None:
                pos = F.broadcast_mul(pos, pos_weight)
            loss = -(pos + F.log(1. - pred + eps) * (1. - label))
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return self._per_sample_mean(F, loss)


SigmoidBCELoss = SigmoidBinaryCrossEntropyLoss


class SoftmaxCrossEntropyLoss(Loss):
    """Softmax cross-entropy along `axis`; sparse labels are truncated and clipped to the class range."""
    _npx_first = staticmethod(lambda b: None if b._from_logits else "_npx_log_softmax")

    _np_mean = True

    def __init__(self, axis=-1, sparse_label=True, from_logits=False, weight=None, batch_axis=0,
                 prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self._axis = axis
        self._sparse_label = sparse_label
        self._from_logits = from_logits

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        """Per-sample loss."""
        if (self._sparse_label and sample_weight is None and F is _nd and type(self._batch_axis) is int
                and self._batch_axis == 0 and not _NP.array):
            loss = sparse_ce(pred, label, self._axis, self._from_logits)  # 2-D logits: one torch kernel
            if loss is not None:
                return _apply_weighting(F, loss, self._weight)
        if not self._from_logits:
            pred = F.log_softmax(pred, axis=self._axis)
        if self._sparse_label:
            loss = -F.pick(pred, label, axis=self._axis, keepdims=True)
        else:
            label = _reshape_like(F, label, pred)
            loss = -F.sum(pred * label, axis=self._axis, keepdims=True)
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return self._per_sample_mean(F, loss)


SoftmaxCELoss = SoftmaxCrossEntropyLoss


class KLDivLoss(Loss):
    """`label * (log(label + 1e-12) - pred)` summed per sample; pred is log-probabilities unless from_logits=False."""

    def __init__(self, from_logits=True, axis=-1, weight=None, batch_axis=0, prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self._from_logits = from_logits
        self._axis = axis

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        """Per-sample loss."""
        if not self._from_logits:
            pred = F.log_softmax(pred, axis=self._axis)
        loss = label * (F.log(label + 1e-12) - pred)
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return F.sum(loss, axis=self._batch_axis, exclude=True)


class HuberLoss(Loss):
    """Smooth L1: `d^2/(2*rho)` if `|d| <= rho` else `|d| - rho/2`, averaged per sample."""
    _npx_first = (None, "_npx_reshape_like")   # eager: legacy operators, then the output check

    def __init__(self, rho=1, weight=None, batch_axis=0, prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self._rho = rho

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        """Per-sample loss."""
        label = _reshape_like(F, label, pred)
        d = F.abs(label - pred)
        loss = F.where(d > self._rho, d - 0.5 * self._rho, (0.5 / self._rho) * F.square(d))
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return self._per_sample_mean(F, loss)


class HingeLoss(Loss):
    """`max(0, margin - pred*label)` averaged per sample (labels +-1)."""
    _npx_first = (None, "_npx_reshape_like")

    def __init__(self, margin=1, weight=None, batch_axis=0, prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self._margin = margin

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        """Per-sample loss."""
        label = _reshape_like(F, label, pred)
        loss = _apply_weighting(F, F.relu(self._margin - pred * label), self._weight, sample_weight)
        return self._per_sample_mean(F, loss)


class SquaredHingeLoss(Loss):
    """`max(0, margin - pred*label)^2` averaged per sample (labels +-1)."""
    _npx_first = (None, "_npx_reshape_like")

    def __init__(self, margin=1, weight=None, batch_axis=0, prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self._margin = margin

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        """Per-sample loss."""
        label = _reshape_like(F, label, pred)
        loss = F.square(F.relu(self._margin - pred * label))
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return self._per_sample_mean(F, loss)


class LogisticLoss(Loss):
    """`log(1 + exp(-pred*label))` averaged per sample; labels +-1 ('signed') or 0/1 ('binary')."""
    _npx_first = (None, "_npx_reshape_like")

    def __init__(self, weight=None, batch_axis=0, label_format="signed", prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self._label_format = label_format
        if label_format not in ("signed", "binary"):
            raise ValueError(f"label_format can only be signed or binary, recieved {label_format}.")

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        """Per-sample loss."""
        label = _reshape_like(F, label, pred)
        if self._label_format == "signed":
            label = (label + 1.0) / 2.0
        loss = F.relu(pred) - pred * label + F.Activation(-F.abs(pred), act_type="softrelu")
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return self._per_sample_mean(F, loss)


class TripletLoss(Loss):
    """`relu(sum((a-p)^2) - sum((a-n)^2) + margin)` per sample (squared distances)."""
    _npx_first = (None, "_npx_reshape_like")

    def __init__(self, margin=1, weight=None, batch_axis=0, prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self._margin = margin

    def hybrid_forward(self, F, pred, positive, negative):
        """Per-sample loss."""
        positive = _reshape_like(F, positive, pred)
        negative = _reshape_like(F, negative, pred)
        loss = F.sum(F.square(positive - pred) - F.square(negative - pred), axis=self._batch_axis,
                     exclude=True)
        return _apply_weighting(F, F.relu(loss + self._margin), self._weight, None)


class PoissonNLLLoss(Loss):
    """Poisson negative log-likelihood, averaged over **all** elements (a scalar, as MXNet returns)."""
    _npx_first = (None, "_npx_reshape_like")

    def __init__(self, weight=None, from_logits=True, batch_axis=0, compute_full=False, prefix=None,
                 params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self._from_logits = from_logits
        self._compute_full = compute_full

    def hybrid_forward(self, F, pred, target, sample_weight=None, epsilon=1e-08):
        """The mean loss."""
        target = _reshape_like(F, target, pred)
        if self._from_logits:
            loss = F.exp(pred) - target * pred
        else:
            loss = pred - target * F.log(pred + epsilon)
        if self._compute_full:
            stirling = target * F.log(target) - target + 0.5 * F.log(2 * target * math.pi)
            loss = loss + stirling * (target > 1)
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return F.mean(loss)


def _const(F, like, value):
    """A broadcastable one-element constant next to `like`: an NDArray on its context, or a Symbol."""
    if isinstance(like, Symbol):
        return F.full((1, 1), value)
    return F.array([value], ctx=like.context)


class CosineEmbeddingLoss(Loss):
    """`1 - cos` for label 1, `max(0, cos - margin)` for label -1; output shape (N, 1)."""
    _npx_first = (None, "_npx_reshape_like")

    def __init__(self, weight=None, batch_axis=0, margin=0, prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self._margin = margin

    def hybrid_forward(self, F, input1, input2, label, sample_weight=None):
        """Per-sample loss, shape (N, 1)."""
        input1 = _reshape_like(F, input1, input2)
        label = label.reshape((-1, 1))
        x_norm = F.norm(input1, axis=-1).reshape((-1, 1))
        y_norm = F.norm(input2, axis=-1).reshape((-1, 1))
        dot = F.sum(input1 * input2, axis=-1).reshape((-1, 1))
        cos_sim = dot / F.broadcast_maximum(x_norm * y_norm, _const(F, dot, 1e-12))
        pos = (1 - cos_sim) * (label == 1)
        neg = F.broadcast_maximum(_const(F, dot, 0), (label == -1) * (cos_sim - self._margin))
        return _apply_weighting(F, pos + neg, self._weight, sample_weight)


class CTCLoss(Loss):
    """Connectionist temporal classification loss; the blank is the last class and labels pad with -1."""

    def __init__(self, layout="NTC", label_layout="NT", weight=None, prefix=None, params=None):
        assert layout in ["NTC", "TNC"], \
            f"Only 'NTC' and 'TNC' layouts for pred are supported. Got: {layout}"
        assert label_layout in ["NT", "TN"], \
            f"Only 'NT' and 'TN' layouts for label are supported. Got: {label_layout}"
        self._layout = layout
        self._label_layout = label_layout
        super().__init__(weight, label_layout.find("N"), prefix=prefix, params=params)

    def hybrid_forward(self, F, pred, label, pred_lengths=None, label_lengths=None, sample_weight=None):
        """Per-sequence loss, shape (N,)."""
        if self._layout == "NTC":
            pred = F.swapaxes(pred, 0, 1)
        if self._batch_axis == 1:
            label = F.swapaxes(label, 0, 1)
        loss = F.CTCLoss(pred, label, pred_lengths, label_lengths,
                         use_data_lengths=pred_lengths is not None,
                         use_label_lengths=label_lengths is not None, blank_label="last")
        return _apply_weighting(F, loss, self._weight, sample_weight)


class SDMLLoss(Loss):
    """Smoothed deep metric learning loss over a batch of aligned pairs (x1[i], x2[i]), shape (N,).

    As in MXNet 1.9.1, `weight` is stored but not applied, and both inputs must be (batch, dim).
    """

    def __init__(self, smoothing_parameter=0.3, weight=1., batch_axis=0, prefix=None, params=None):
        super().__init__(weight, batch_axis, prefix=prefix, params=params)
        self.kl_loss = KLDivLoss(from_logits=True)
        self.smoothing_parameter = smoothing_parameter

    def _compute_distances(self, x1, x2):
        """(N, N) squared Euclidean distances between the rows of x1 and of x2."""
        assert x1.shape == x2.shape
        batch_size, dim = x1.shape
        x1_ = x1.expand_dims(1).broadcast_to([batch_size, batch_size, dim])
        x2_ = x2.expand_dims(0).broadcast_to([batch_size, batch_size, dim])
        return ((x1_ - x2_) ** 2).sum(axis=2)

    def _compute_labels(self, F, batch_size):
        """Smoothed targets: 1 - s on the diagonal, s / (N - 1) elsewhere."""
        gold = F.eye(batch_size)
        return gold * (1 - self.smoothing_parameter) + (1 - gold) * self.smoothing_parameter / (batch_size - 1)

    def _loss(self, F, x1, x2):
        labels = self._compute_labels(F, x1.shape[0])
        distances = self._compute_distances(x1, x2)
        log_probabilities = F.log_softmax(-distances, axis=1)
        return self.kl_loss(log_probabilities, labels.as_in_context(distances.context))

    def hybrid_forward(self, F, x1, x2):
        """Per-sample loss, shape (N,)."""
        return self._loss(F, x1, x2)
