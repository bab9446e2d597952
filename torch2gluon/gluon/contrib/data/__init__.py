"""`gluon.contrib.data`: contributed data utilities (MXNet 1.9.1): IntervalSampler and the WikiText-2/-103
language-modelling datasets (`text`)."""
from . import text  # noqa: F401
from .sampler import IntervalSampler  # noqa: F401

__all__ = ["IntervalSampler"]
