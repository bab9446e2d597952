"""`Accuracy` and `TopKAccuracy`."""
import numpy
import torch

from ..ndarray.ndarray import wrap
from ..ndarray.ops_reduce import argmax
from .base import EvalMetric, register, alias, check_label_shapes, tensor, nd_only, np_scalar

__all__ = ["Accuracy", "TopKAccuracy"]


@register
@alias("acc")
class Accuracy(EvalMetric):
    """Fraction of samples whose predicted class (argmax over `axis`, or the int-cast pred) equals the label."""

    def __init__(self, axis=1, name="accuracy", output_names=None, label_names=None):
        super().__init__(name, axis=axis, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.axis = axis

    def update(self, labels, preds):
        """Count correct predictions; preds shaped like the labels are truncated to int, others argmax'ed."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            if pred.shape != label.shape:
                pred_t = argmax(wrap(nd_only(pred, "argmax")), axis=self.axis)._t
            else:
                pred_t = tensor(pred)
            label_t = tensor(label)
            pred_t = pred_t.to(torch.int32).reshape(-1)
            label_t = label_t.to(device=pred_t.device, dtype=torch.int32).reshape(-1)
            check_label_shapes(label_t, pred_t)
            correct = np_scalar((pred_t == label_t).sum())
            self.sum_metric += correct
            self.global_sum_metric += correct
            self.num_inst += pred_t.numel()
            self.global_num_inst += pred_t.numel()


@register
@alias("top_k_accuracy", "top_k_acc")
class TopKAccuracy(EvalMetric):
    """Fraction of samples whose label is among the `top_k` highest-scored classes (name gets `_<top_k>`).

    The top-k selection runs numpy's `argpartition` on the host, as MXNet does, so tied scores at the k-th
    place resolve exactly as in MXNet (torch.topk breaks such ties differently).
    """

    def __init__(self, top_k=1, name="top_k_accuracy", output_names=None, label_names=None):
        super().__init__(name, top_k=top_k, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.top_k = top_k
        assert self.top_k > 1, "Please use Accuracy if top_k is no more than 1"
        self.name += f"_{self.top_k}"

    def update(self, labels, preds):
        """Count samples whose label is in the top-k; 1-d preds compare partition indices (MXNet quirk)."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            assert len(pred.shape) <= 2, "Predictions should be no more than 2 dims"
            order = numpy.argpartition(pred.asnumpy().astype("float32"), -self.top_k)
            label_np = label.asnumpy().astype("int32")
            check_label_shapes(label_np, order)
            if order.ndim == 1:
                # MXNet compares the partition's indices with the labels and, here only, skips the global sum.
                self.sum_metric += (order.flat == label_np.flat).sum()
            elif order.ndim == 2:
                n_cls = order.shape[1]
                for col in range(n_cls - 1, n_cls - 1 - min(n_cls, self.top_k), -1):
                    hits = (order[:, col].flat == label_np.flat).sum()
                    self.sum_metric += hits
                    self.global_sum_metric += hits
            self.num_inst += order.shape[0]
            self.global_num_inst += order.shape[0]
