"""`create` (metric from a name, instance, list, config or function) and `CompositeEvalMetric`."""
from collections import OrderedDict

from ..base import numeric_types
from .base import EvalMetric, register, alias, _create
from .custom import CustomMetric

__all__ = ["create", "CompositeEvalMetric"]


def create(metric, *args, **kwargs):
    """Build a metric from a registered name, an EvalMetric, a list of those, a config or a `feval(label, pred)`."""
    if callable(metric):
        return CustomMetric(metric, *args, **kwargs)
    if isinstance(metric, list):
        composite = CompositeEvalMetric()
        for child in metric:
            composite.add(create(child, *args, **kwargs))
        return composite
    return _create(metric, *args, **kwargs)


def _gather(metrics, getter):
    names, values = [], []
    for m in metrics:
        name, value = getter(m)
        names.extend([name] if isinstance(name, str) else name)
        values.extend([value] if isinstance(value, numeric_types) else value)
    return (names, values)


@register
@alias("composite")
class CompositeEvalMetric(EvalMetric):
    """Several metrics updated together; `get()` returns `(list_of_names, list_of_values)`."""

    def __init__(self, metrics=None, name="composite", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names, has_global_stats=True)
        self.metrics = [create(m) for m in (metrics or [])]

    def add(self, metric):
        """Append a child metric (anything `create` accepts)."""
        self.metrics.append(create(metric))

    def get_metric(self, index):
        """The child metric at `index` (like MXNet, an out-of-range index *returns* a ValueError)."""
        try:
            return self.metrics[index]
        except IndexError:
            return ValueError(f"Metric index {index} is out of range 0 and {len(self.metrics)}")

    def update_dict(self, labels, preds):  # pylint: disable=arguments-renamed
        """Filter the dicts by `label_names` / `output_names`, then `update_dict` every child."""
        if self.label_names is not None:
            labels = OrderedDict((k, v) for k, v in labels.items() if k in self.label_names)
        if self.output_names is not None:
            preds = OrderedDict((k, v) for k, v in preds.items() if k in self.output_names)
        for m in self.metrics:
            m.update_dict(labels, preds)

    def update(self, labels, preds):
        """Update every child metric with the same batch."""
        for m in self.metrics:
            m.update(labels, preds)

    def reset(self):
        """Reset every child metric."""
        try:
            for m in self.metrics:
                m.reset()
        except AttributeError:  # called by EvalMetric.__init__ before `metrics` exists
            pass

    def reset_local(self):
        """Reset every child metric's local statistics."""
        try:
            for m in self.metrics:
                m.reset_local()
        except AttributeError:
            pass

    def get(self):
        """`(names, values)` over all children, flattened."""
        return _gather(self.metrics, lambda m: m.get())

    def get_global(self):
        """`(names, values)` of the children's global statistics, flattened."""
        return _gather(self.metrics, lambda m: m.get_global())

    def get_config(self):
        """Base config plus `metrics`: the children's configs."""
        config = super().get_config()
        config["metrics"] = [m.get_config() for m in self.metrics]
        return config
