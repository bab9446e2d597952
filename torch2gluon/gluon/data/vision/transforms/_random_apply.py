"""RandomApply: run a transform with probability p (python's `random`, as MXNet 1.9.1 does)."""
import random

from ....nn import Sequential

__all__ = ["RandomApply"]


class RandomApply(Sequential):
    """Apply `transforms` (one Block) with probability `p`, else return the input unchanged."""

    def __init__(self, transforms, p=0.5):
        super().__init__()
        self.transforms = transforms
        self.p = p

    def forward(self, x):
        if self.p < random.random():
            return x
        return self.transforms(x)
