"""`EvalMetric` (the base of every metric), `check_label_shapes`, the metric registry and input helpers."""

from ..base import np_dtype
from ..ndarray.ndarray import NDArray
from ..ndarray._np_inputs import refuse_np
from .. import registry

__all__ = ["check_label_shapes", "EvalMetric", "register", "alias"]


def check_label_shapes(labels, preds, wrap=False, shape=False):
    """Raise ValueError unless `labels` and `preds` agree in length (or in `.shape` when `shape=True`).

    With `wrap=True` a single NDArray on either side is returned wrapped in a list.
    """
    if shape:
        lhs, rhs = labels.shape, preds.shape
    else:
        lhs, rhs = len(labels), len(preds)
    if lhs != rhs:
        raise ValueError(f"Shape of labels {lhs} does not match shape of predictions {rhs}")
    if wrap:
        if isinstance(labels, NDArray):
            labels = [labels]
        if isinstance(preds, NDArray):
            preds = [preds]
    return labels, preds


def tensor(x, attr="asnumpy"):
    """The detached torch tensor behind NDArray `x`; anything else fails as MXNet's `x.<attr>` access would."""
    if isinstance(x, NDArray):
        return x._t.detach()
    raise AttributeError(f"'{_type_name(x)}' object has no attribute '{attr}'")


def nd_only(x, op=None):
    """The tensor behind `x` for code paths where MXNet calls legacy NDArray operator `op` (AssertionError for a
    non-array; an `mx.np.ndarray` is that operator's TypeError, as in MXNet 1.9.1 in either mode)."""
    if isinstance(x, NDArray):
        if op is not None and type(x) is not NDArray:
            refuse_np(x, op)
        return x._t.detach()
    raise AssertionError(f"Argument data must have NDArray type, but got {x}")


def _type_name(x):
    t = type(x)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__name__}"


def np_scalar(t):
    """A 0-d tensor as the numpy scalar of the same dtype (what MXNet's numpy arithmetic would produce)."""
    return np_dtype(t.dtype)(t.item())


def broadcast_or_raise(a, b):
    """numpy's broadcasting rule for two tensors' shapes, with numpy's ValueError when they do not broadcast."""
    sa, sb = tuple(a.shape), tuple(b.shape)
    if sa == sb:
        return sa
    out = []
    for x, y in zip(((1,) * (len(sb) - len(sa))) + sa, ((1,) * (len(sa) - len(sb))) + sb):
        if x != y and x != 1 and y != 1:
            raise ValueError(f"operands could not be broadcast together with shapes {sa} {sb} ")
        out.append(y if x == 1 else x)
    return tuple(out)


class EvalMetric:
    """Base class of all evaluation metrics: accumulates `sum_metric` / `num_inst` locally and globally."""

    def __init__(self, name, output_names=None, label_names=None, **kwargs):
        self.name = str(name)
        self.output_names = output_names
        self.label_names = label_names
        self._has_global_stats = kwargs.pop("has_global_stats", False)
        self._kwargs = kwargs
        self.reset()

    def __str__(self):
        return f"EvalMetric: {dict(self.get_name_value())}"

    def get_config(self):
        """The constructor configuration; `metric.create(**config)` rebuilds the metric."""
        config = dict(self._kwargs)
        config.update(metric=type(self).__name__, name=self.name,
                      output_names=self.output_names, label_names=self.label_names)
        return config

    def update_dict(self, label, pred):
        """Update from name -> NDArray dicts, picking `label_names` / `output_names` (all values if None)."""
        preds = list(pred.values()) if self.output_names is None else [pred[n] for n in self.output_names]
        labels = list(label.values()) if self.label_names is None else [label[n] for n in self.label_names]
        self.update(labels, preds)

    def update(self, labels, preds):
        """Accumulate one batch of (labels, predictions); implemented by each metric."""
        raise NotImplementedError()

    def reset(self):
        """Clear both the local and the global statistics."""
        self.num_inst = 0
        self.sum_metric = 0.0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0

    def reset_local(self):
        """Clear the local statistics only (the global ones keep accumulating)."""
        self.num_inst = 0
        self.sum_metric = 0.0

    def get(self):
        """`(name, value)` of the local statistics; value is nan before any update."""
        if self.num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, self.sum_metric / self.num_inst)

    def get_global(self):
        """`(name, value)` of the global statistics (the local ones if the metric keeps no global stats)."""
        if not self._has_global_stats:
            return self.get()
        if self.global_num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, self.global_sum_metric / self.global_num_inst)

    def get_name_value(self):
        """`get()` as a list of `(name, value)` pairs."""
        return _pairs(*self.get())

    def get_global_name_value(self):
        """`get_global()` as a list of `(name, value)` pairs."""
        if not self._has_global_stats:
            return self.get_name_value()
        return _pairs(*self.get_global())


def _pairs(names, values):
    if not isinstance(names, list):
        names = [names]
    if not isinstance(values, list):
        values = [values]
    return list(zip(names, values))


register = registry.get_register_func(EvalMetric, "metric")
alias = registry.get_alias_func(EvalMetric, "metric")
_create = registry.get_create_func(EvalMetric, "metric")
