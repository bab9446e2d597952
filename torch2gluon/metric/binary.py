"""`F1` and `MCC`: binary-classification metrics over true/false positive/negative counts."""
import math

import numpy
import torch

from .base import EvalMetric, register, check_label_shapes, tensor, broadcast_or_raise

__all__ = ["F1", "MCC"]


class _BinaryClassificationMetrics:
    """Local and global TP/FP/FN/TN counts (numpy int64, as MXNet keeps them) and the scores built on them."""

    _FIELDS = ("true_positives", "false_negatives", "false_positives", "true_negatives")

    def __init__(self):
        self.reset_stats()

    def update_binary_stats(self, label, pred):
        """Add the counts of one (label, pred) pair: the predicted class is argmax over axis 1, class 1 positive."""
        pred_t = tensor(pred)
        label_t = tensor(label).to(torch.int32)
        if pred_t.dim() < 2:
            raise numpy.AxisError(1, pred_t.dim())
        if pred_t.shape[1] == 0:
            raise ValueError("attempt to get argmax of an empty sequence")
        pred_label = torch.argmax(pred_t, dim=1)
        if label_t.dim() == 0 or pred_t.dim() == 0:
            raise TypeError("len() of unsized object")
        check_label_shapes(label_t, pred_t)
        if label_t.numel():
            lo, hi = (int(v) for v in label_t.aminmax())
            if hi - lo > 1 and bool(((label_t != lo) & (label_t != hi)).any()):
                raise ValueError(f"{type(self).__name__} currently only supports binary classification.")
        label_t = label_t.to(pred_label.device)
        broadcast_or_raise(pred_label, label_t)
        # one pass: code = 2 * (pred is 1) + (label is 1), broadcast like numpy -> [tn, fn, fp, tp] counts
        code = (pred_label == 1).to(torch.int64) * 2 + (label_t == 1)
        tn, fn, fp, tp = torch.bincount(code.reshape(-1), minlength=4).tolist()
        for field, c in zip(self._FIELDS, (tp, fn, fp, tn)):
            c = numpy.int64(c)
            setattr(self, field, getattr(self, field) + c)
            setattr(self, "global_" + field, getattr(self, "global_" + field) + c)

    @staticmethod
    def _ratio(hit, miss):
        return float(hit) / (hit + miss) if hit + miss > 0 else 0.

    @staticmethod
    def _f(p, r):
        return 2 * p * r / (p + r) if p + r > 0 else 0.

    @property
    def precision(self):
        """Local precision (0 when nothing was predicted positive)."""
        return self._ratio(self.true_positives, self.false_positives)

    @property
    def global_precision(self):
        """Global precision."""
        return self._ratio(self.global_true_positives, self.global_false_positives)

    @property
    def recall(self):
        """Local recall (0 when there were no positive labels)."""
        return self._ratio(self.true_positives, self.false_negatives)

    @property
    def global_recall(self):
        """Global recall."""
        return self._ratio(self.global_true_positives, self.global_false_negatives)

    @property
    def fscore(self):
        """Local F1 score."""
        return self._f(self.precision, self.recall)

    @property
    def global_fscore(self):
        """Global F1 score."""
        return self._f(self.global_precision, self.global_recall)

    def matthewscc(self, use_global=False):
        """Matthews correlation coefficient; zero factors of the denominator count as 1."""
        pre = "global_" if use_global else ""
        if not (self.global_total_examples if use_global else self.total_examples):
            return 0.
        tp, fn, fp, tn = (float(getattr(self, pre + f)) for f in self._FIELDS)
        denom = 1.
        for term in (tp + fp, tp + fn, tn + fp, tn + fn):
            if term != 0.:
                denom *= term
        return (tp * tn - fp * fn) / math.sqrt(denom)

    @property
    def total_examples(self):
        """Local number of counted samples."""
        return self.false_negatives + self.false_positives + self.true_negatives + self.true_positives

    @property
    def global_total_examples(self):
        """Global number of counted samples."""
        return (self.global_false_negatives + self.global_false_positives +
                self.global_true_negatives + self.global_true_positives)

    def local_reset_stats(self):
        """Zero the local counts."""
        for f in self._FIELDS:
            setattr(self, f, 0)

    def reset_stats(self):
        """Zero the local and global counts."""
        for f in self._FIELDS:
            setattr(self, f, 0)
            setattr(self, "global_" + f, 0)


def _accumulate(metric, stats, score, average):
    """Shared F1/MCC bookkeeping: 'macro' averages per-update scores, anything else scores all samples at once."""
    if average == "macro":
        metric.sum_metric += score(stats, False)
        metric.global_sum_metric += score(stats, True)
        metric.num_inst += 1
        metric.global_num_inst += 1
        stats.reset_stats()
    else:
        metric.sum_metric = score(stats, False) * stats.total_examples
        metric.global_sum_metric = score(stats, True) * stats.global_total_examples
        metric.num_inst = stats.total_examples
        metric.global_num_inst = stats.global_total_examples


def _fscore(stats, use_global):
    return stats.global_fscore if use_global else stats.fscore


def _mcc(stats, use_global):
    return stats.matthewscc(use_global=use_global)


@register
class F1(EvalMetric):
    """Binary F1 score (class 1 positive); `average` 'macro' (per update, default) or 'micro' (all samples)."""

    def __init__(self, name="f1", output_names=None, label_names=None, average="macro"):
        self.average = average
        self.metrics = _BinaryClassificationMetrics()
        EvalMetric.__init__(self, name=name, output_names=output_names, label_names=label_names,
                            has_global_stats=True)

    def update(self, labels, preds):
        """Add the TP/FP/FN/TN counts of every (label, pred) pair, then fold them into the score."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            self.metrics.update_binary_stats(label, pred)
        _accumulate(self, self.metrics, _fscore, self.average)

    def reset(self):
        """Clear local and global statistics."""
        self.sum_metric = 0.
        self.num_inst = 0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0
        self.metrics.reset_stats()

    def reset_local(self):
        """Clear the local statistics."""
        self.sum_metric = 0.
        self.num_inst = 0
        self.metrics.local_reset_stats()


@register
class MCC(EvalMetric):
    """Binary Matthews correlation coefficient; `average` 'macro' (per update, default) or 'micro'."""

    def __init__(self, name="mcc", output_names=None, label_names=None, average="macro"):
        self._average = average
        self._metrics = _BinaryClassificationMetrics()
        EvalMetric.__init__(self, name=name, output_names=output_names, label_names=label_names,
                            has_global_stats=True)

    def update(self, labels, preds):
        """Add the TP/FP/FN/TN counts of every (label, pred) pair, then fold them into the score."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            self._metrics.update_binary_stats(label, pred)
        _accumulate(self, self._metrics, _mcc, self._average)

    def reset(self):
        """Clear local and global statistics (counters restart as floats, as in MXNet)."""
        self.sum_metric = 0.
        self.num_inst = 0.
        self.global_sum_metric = 0.
        self.global_num_inst = 0.
        self._metrics.reset_stats()

    def reset_local(self):
        """Clear the local statistics."""
        self.sum_metric = 0.
        self.num_inst = 0.
        self._metrics.local_reset_stats()
