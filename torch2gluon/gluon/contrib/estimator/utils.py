"""Metric checks shared by the Estimator and its event handlers (MXNet's estimator.utils)."""
from ...loss import SoftmaxCrossEntropyLoss
from ....metric import Accuracy, EvalMetric, CompositeEvalMetric


def _check_metrics(metrics):
    """A flat list of EvalMetrics from a metric, a composite metric, a list or None."""
    if isinstance(metrics, CompositeEvalMetric):
        flat = []
        for child in metrics.metrics:
            flat.extend(_check_metrics(child))
        return flat
    if isinstance(metrics, EvalMetric):
        return [metrics]
    metrics = metrics or []
    if not all(isinstance(m, EvalMetric) for m in metrics):
        raise ValueError("metrics must be a Metric or a list of Metric, "
                         "refer to mxnet.metric.EvalMetric: {}".format(metrics))
    return metrics


def _check_metric_known(handler, metric, known_metrics):
    """Raise ValueError when `metric` is not one of the estimator's own metric objects."""
    if metric not in known_metrics:
        raise ValueError(
            "Event handler {} refers to a metric instance {} outside of the known training and "
            "validation metrics. Please use the metrics from estimator.train_metrics and "
            "estimator.val_metrics instead.".format(type(handler).__name__, metric))


def _check_handler_metric_ref(handler, known_metrics):
    """Check every attribute of `handler` whose name contains 'metric' (MXNet checks no other name)."""
    for attr in dir(handler):
        if "metric" not in attr:
            continue
        ref = getattr(handler, attr)
        if not ref:
            continue
        for metric in (ref if isinstance(ref, list) else [ref]):
            _check_metric_known(handler, metric, known_metrics)


def _suggest_metric_for_loss(loss):
    """Accuracy for SoftmaxCrossEntropyLoss, otherwise None."""
    if isinstance(loss, SoftmaxCrossEntropyLoss):
        return Accuracy()
    return None
