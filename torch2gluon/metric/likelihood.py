"""Probability-based metrics: `Perplexity`, `CrossEntropy`, `NegativeLogLikelihood`."""
import math
import numbers

import torch

from ..base import MXNetError
from ..ndarray.ndarray import NDArray, _scalar_for
from ..ndarray._np_inputs import refuse_np
from .base import EvalMetric, register, alias, check_label_shapes, tensor, np_scalar

__all__ = ["Perplexity", "CrossEntropy", "NegativeLogLikelihood"]


def _pick_clip(pred, index, axis):
    """MXNet's `nd.pick(pred, index, axis, mode='clip')` for a flat `index` (MXNetError on a shape mismatch)."""
    nd_ = pred.dim()
    if not -nd_ <= axis < nd_:
        raise MXNetError(f"pick: axis {axis} is out of range for an array of {nd_} dimensions")
    axis %= nd_
    expected = pred.shape[:axis] + pred.shape[axis + 1:]
    if tuple(index.shape) != (tuple(expected) or (1,)):
        raise MXNetError(f"Shape inconsistent, Provided = {list(index.shape)}, inferred shape={list(expected)}")
    idx = index.to(device=pred.device, dtype=torch.int64).clamp(0, pred.shape[axis] - 1)
    idx = idx.reshape(expected[:axis] + (1,) + expected[axis:])
    return torch.gather(pred, axis, idx).reshape(-1)


def _log_floor(prob):
    """`log(maximum(1e-10, prob))` in prob's dtype, as MXNet's operators compute it.

    Integer preds: the 1e-10 scalar becomes 0 and the log is cast back to the integer type (log 0 -> INT_MIN).
    """
    if prob.is_floating_point():
        return torch.log(torch.clamp_min(prob, 1e-10))
    return torch.log(torch.clamp_min(prob, 0).to(torch.float64)).to(prob.dtype)


@register
class Perplexity(EvalMetric):
    """exp of the mean negative log-probability of the labels; labels equal to `ignore_label` are skipped."""

    def __init__(self, ignore_label, axis=-1, name="perplexity", output_names=None, label_names=None):
        super().__init__(name, ignore_label=ignore_label, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.ignore_label = ignore_label
        self.axis = axis

    def update(self, labels, preds):
        """Add -sum(log p[label]) (p floored at 1e-10) and the counted labels of every (label, pred) pair."""
        assert len(labels) == len(preds)
        loss, num = 0., 0
        for label, pred in zip(labels, preds):
            assert label.size == pred.size / pred.shape[-1], f"shape mismatch: {label.shape} vs. {pred.shape}"
            lab = tensor(label, "as_in_context")
            if not isinstance(pred, NDArray):
                raise AttributeError(f"'{type(pred).__module__}.{type(pred).__name__}' object has no "
                                     "attribute 'context'")
            for v in (pred, label):   # MXNet's nd.pick refuses mx.np arrays
                if type(v) is not NDArray:
                    refuse_np(v, "pick")
            p = tensor(pred)
            lab = lab.to(p.device).reshape(-1)
            prob = _pick_clip(p, lab.to(torch.int32), self.axis)
            if self.ignore_label is not None:
                ignore = (lab == _scalar_for(lab, self.ignore_label)).to(prob.dtype)
                num -= np_scalar(ignore.sum())
                prob = prob * (1 - ignore) + ignore
            loss -= np_scalar(_log_floor(prob).sum(dtype=prob.dtype))
            num += prob.numel()
        self.sum_metric += loss
        self.global_sum_metric += loss
        self.num_inst += num
        self.global_num_inst += num

    def get(self):
        """`(name, exp(sum / count))` as a python float; nan before any counted label."""
        if self.num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, math.exp(self.sum_metric / self.num_inst))

    def get_global(self):
        """`get()` over the global statistics."""
        if self.global_num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, math.exp(self.global_sum_metric / self.global_num_inst))


def _flat_label(label, pred):
    """The label raveled and the pred as tensors (MXNet reads both through `asnumpy`)."""
    lab = tensor(label).reshape(-1)
    p = tensor(pred)
    if p.dim() == 0:
        raise IndexError("tuple index out of range")
    return lab, p


def _neg_log_prob(lab, p, eps):
    """numpy semantics of `(-log(p[arange(n), int64(lab)] + eps)).sum()`, as a numpy scalar of p's dtype."""
    if p.dim() < 2:
        raise IndexError(f"too many indices for array: array is {p.dim()}-dimensional, but 2 were indexed")
    n_cls = p.shape[1]
    idx = lab.to(device=p.device, dtype=torch.int64)
    if idx.numel():
        lo, hi = (int(v) for v in idx.aminmax())
        if hi >= n_cls or lo < -n_cls:
            raise IndexError(f"index {hi if hi >= n_cls else lo} is out of bounds for axis 1 with size {n_cls}")
        if lo < 0:
            idx = idx.remainder(n_cls)  # numpy's negative indices count from the end
    if not p.is_floating_point():
        p = p.to(torch.float64)  # numpy: int array + python float -> float64
    if p.dim() == 2:
        prob = torch.gather(p, 1, idx.unsqueeze(1)).squeeze(1)
    else:  # p[arange(n), idx] keeps the trailing axes
        idx = idx.reshape((-1, 1) + (1,) * (p.dim() - 2)).expand((idx.shape[0], 1) + tuple(p.shape[2:]))
        prob = torch.gather(p, 1, idx).squeeze(1)
    if type(eps) is not float and isinstance(eps, numbers.Real):
        eps = float(eps)
    return -np_scalar(torch.log(prob + eps).sum())  # negating the numpy scalar is exact and saves an op


@register
@alias("ce")
class CrossEntropy(EvalMetric):
    """Mean of -log(p[label] + eps) over samples; preds are probabilities (n, classes)."""

    def __init__(self, eps=1e-12, name="cross-entropy", output_names=None, label_names=None):
        super().__init__(name, eps=eps, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.eps = eps

    def update(self, labels, preds):
        """Add the summed negative log-probabilities of the labels and the sample count."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            lab, p = _flat_label(label, pred)
            n = lab.shape[0]
            assert n == p.shape[0]
            value = _neg_log_prob(lab, p, self.eps)
            self.sum_metric += value
            self.global_sum_metric += value
            self.num_inst += n
            self.global_num_inst += n


@register
@alias("nll_loss")
class NegativeLogLikelihood(EvalMetric):
    """Mean of -log(p[label] + eps) over samples (same computation as CrossEntropy, named 'nll-loss')."""

    def __init__(self, eps=1e-12, name="nll-loss", output_names=None, label_names=None):
        super().__init__(name, eps=eps, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.eps = eps

    def update(self, labels, preds):
        """Add the summed negative log-probabilities of the labels and the sample count."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            lab, p = _flat_label(label, pred)
            n_pred = p.shape[0]
            assert lab.shape[0] == n_pred, (lab.shape[0], n_pred)
            value = _neg_log_prob(lab, p, self.eps)
            self.sum_metric += value
            self.global_sum_metric += value
            self.num_inst += n_pred
            self.global_num_inst += n_pred
