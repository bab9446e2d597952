"""`Loss` (and its `Torch` / `Caffe` aliases), `CustomMetric` and the `np()` wrapper for numpy functions."""
import torch

from ..ndarray.ndarray import NDArray
from .base import EvalMetric, register, check_label_shapes, nd_only, np_scalar

__all__ = ["Loss", "Torch", "Caffe", "CustomMetric", "np"]


@register
class Loss(EvalMetric):
    """Mean of the given loss values: the labels are ignored, every element of every pred counts once."""

    def __init__(self, name="loss", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names, has_global_stats=True)

    def update(self, _, preds):
        """Add the sum and the element count of each NDArray in `preds`."""
        if isinstance(preds, NDArray):
            preds = [preds]
        for pred in preds:
            t = nd_only(pred, "sum")
            total = np_scalar(t.sum(dtype=t.dtype) if t.dtype is not torch.bool else t.sum())
            self.sum_metric += total
            self.global_sum_metric += total
            self.num_inst += t.numel()
            self.global_num_inst += t.numel()


@register
class Torch(Loss):
    """`Loss` named 'torch' (MXNet's placeholder metric for torch criterions)."""

    def __init__(self, name="torch", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names)


@register
class Caffe(Loss):
    """`Loss` named 'caffe' (MXNet's placeholder metric for caffe criterions)."""

    def __init__(self, name="caffe", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names)


@register
class CustomMetric(EvalMetric):
    """Metric from `feval(label, pred)` on numpy arrays, returning a value or a `(sum, count)` tuple."""

    def __init__(self, feval, name=None, allow_extra_outputs=False, output_names=None, label_names=None):
        if name is None:
            name = feval.__name__
            if "<" in name:
                name = f"custom({name})"
        super().__init__(name, feval=feval, allow_extra_outputs=allow_extra_outputs,
                         output_names=output_names, label_names=label_names, has_global_stats=True)
        self._feval = feval
        self._allow_extra_outputs = allow_extra_outputs

    def update(self, labels, preds):
        """Call `feval` on each (label, pred) pair as numpy arrays and accumulate what it returns."""
        if not self._allow_extra_outputs:
            labels, preds = check_label_shapes(labels, preds, True)
        for pred, label in zip(preds, labels):
            label = label.asnumpy()
            pred = pred.asnumpy()
            result = self._feval(label, pred)
            if isinstance(result, tuple):
                value, count = result
            else:
                value, count = result, 1
            self.sum_metric += value
            self.global_sum_metric += value
            self.num_inst += count
            self.global_num_inst += count

    def get_config(self):
        """Refused, as in MXNet: a python function cannot be serialised."""
        raise NotImplementedError("CustomMetric cannot be serialized")


def np(numpy_feval, name=None, allow_extra_outputs=False):  # pylint: disable=invalid-name
    """A `CustomMetric` from `numpy_feval(label, pred)` that works on numpy arrays."""
    def feval(label, pred):
        """Forward to the user's numpy function."""
        return numpy_feval(label, pred)
    feval.__name__ = numpy_feval.__name__
    return CustomMetric(feval, name, allow_extra_outputs)
