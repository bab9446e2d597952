"""`MAE`, `MSE`, `RMSE`: per-update means (numpy broadcasting and dtype promotion, as MXNet computes them)."""
import numpy
import torch

from ..base import np_dtype
from .base import EvalMetric, register, check_label_shapes, tensor, np_scalar, broadcast_or_raise

__all__ = ["MAE", "MSE", "RMSE"]

_NP_TO_TORCH = {numpy.dtype(k): v for k, v in (
    (numpy.float16, torch.float16), (numpy.float32, torch.float32), (numpy.float64, torch.float64),
    (numpy.uint8, torch.uint8), (numpy.int8, torch.int8), (numpy.int16, torch.int16),
    (numpy.int32, torch.int32), (numpy.int64, torch.int64), (numpy.bool_, torch.bool))}


_PROMOTED = {}


def _result_type(lt, pt):
    """numpy's result dtype of `label - pred`; a 0-d operand takes part by value (numpy < 2 rules)."""
    if lt.dim() == 0 or pt.dim() == 0:
        operands = [t.cpu().numpy() if t.dim() == 0 else np_dtype(t.dtype) for t in (lt, pt)]
        return numpy.result_type(*operands)
    key = (lt.dtype, pt.dtype)
    if key not in _PROMOTED:
        _PROMOTED[key] = numpy.result_type(np_dtype(lt.dtype), np_dtype(pt.dtype))
    return _PROMOTED[key]


def _difference(label, pred):
    """`label - pred` with numpy's semantics: 1-d inputs become (n, 1), numpy's result dtype, broadcasting."""
    lt, pt = tensor(label), tensor(pred)
    if lt.dim() == 1:
        lt = lt.reshape(-1, 1)
    if pt.dim() == 1:
        pt = pt.reshape(-1, 1)
    dtype = _result_type(lt, pt)
    if dtype == numpy.bool_:
        raise TypeError("numpy boolean subtract, the `-` operator, is not supported, "
                        "use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
    broadcast_or_raise(lt, pt)
    tdt = _NP_TO_TORCH[dtype]
    if lt.dtype is not tdt or lt.device != pt.device:
        lt = lt.to(device=pt.device, dtype=tdt)
    if pt.dtype is not tdt:
        pt = pt.to(tdt)
    return lt - pt


def _float(t):
    """numpy's float view for a mean/power: integers compute in float64, floats keep their dtype."""
    return t if t.is_floating_point() else t.to(torch.float64)


def _mae(diff):
    return _float(torch.abs(diff)).mean()


def _mse(diff):
    d = _float(diff)
    return (d * d).mean()


def _rmse(diff):
    return torch.sqrt(_mse(diff))


class _PerBatchMean(EvalMetric):
    """Adds one per-update value per (label, pred) pair and counts 1 for it (not the sample count)."""

    _value = None

    def __init__(self, name, output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names, has_global_stats=True)

    def update(self, labels, preds):
        """Add this metric's value over each (label, pred) pair; each pair counts once."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            value = np_scalar(type(self)._value(_difference(label, pred)))
            self.sum_metric += value
            self.global_sum_metric += value
            self.num_inst += 1
            self.global_num_inst += 1


@register
class MAE(_PerBatchMean):
    """Mean absolute error, averaged over updates."""
    _value = staticmethod(_mae)

    def __init__(self, name="mae", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names)


@register
class MSE(_PerBatchMean):
    """Mean squared error, averaged over updates."""
    _value = staticmethod(_mse)

    def __init__(self, name="mse", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names)


@register
class RMSE(_PerBatchMean):
    """Root mean squared error of each update, averaged over updates."""
    _value = staticmethod(_rmse)

    def __init__(self, name="rmse", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names)
