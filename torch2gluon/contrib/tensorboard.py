"""`mxnet.contrib.tensorboard`: a Module callback writing metrics to TensorBoard through `mxboard`."""
import logging


class LogMetricsCallback:
    """Write the evaluation metric's values as TensorBoard scalars (named `prefix` + metric name) at each call;
    needs the `mxboard` package (its absence is logged, as MXNet does)."""

    def __init__(self, logging_dir, prefix=None):
        self.prefix = prefix
        try:
            from mxboard import SummaryWriter  # pylint: disable=import-outside-toplevel
            self.summary_writer = SummaryWriter(logging_dir)
        except ImportError:
            logging.error("You can install mxboard via `pip install mxboard`.")

    def __call__(self, param):
        """Log `param.eval_metric`'s name/value pairs (nothing without a metric)."""
        if param.eval_metric is None:
            return
        for name, value in param.eval_metric.get_name_value():
            if self.prefix is not None:
                name = f"{self.prefix}-{name}"
            self.summary_writer.add_scalar(name, value, global_step=param.epoch)
