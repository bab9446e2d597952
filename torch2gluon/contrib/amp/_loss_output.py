"""AMP's handling of output (loss) operators: `mx.nd.SoftmaxOutput` & co. scale their gradient by the loss
scale (`grad_scale` times the current scale); their `mx.sym` constructors warn that symbolic and hybridized
execution does not get dynamic loss scaling, as MXNet 1.9.1's AMP does."""
import logging

from ... import ndarray as _nd
from ... import symbol as _sym
from ._wrap import _named


def _scaled(f, scaler):
    def amp_op(*args, **kwargs):
        kwargs["grad_scale"] = kwargs["grad_scale"] * scaler.loss_scale if "grad_scale" in kwargs \
            else scaler.loss_scale
        return f(*args, **kwargs)
    return _named(amp_op, f)


def _warned(f):
    def amp_op(*args, **kwargs):
        logging.warning("%s does not support dynamic loss scaling in symbolic and hybridized execution.",
                        f.__name__)
        return f(*args, **kwargs)
    return _named(amp_op, f)


def wrap_loss_outputs(scaler, names):
    """Wrap the output operators `names` of mx.nd (gradient scaling) and mx.sym (a warning)."""
    for name in names:
        f = getattr(_nd, name, None)
        if f is not None:
            setattr(_nd, name, _scaled(f, scaler))
        f = getattr(_sym, name, None)
        if f is not None:
            setattr(_sym, name, _warned(f))
