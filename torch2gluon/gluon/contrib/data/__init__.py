"""`gluon.contrib.data`: contributed data utilities (MXNet 1.9.1's IntervalSampler; its WikiText datasets
download their corpora and are not provided)."""
from .sampler import IntervalSampler  # noqa: F401

__all__ = ["IntervalSampler"]
