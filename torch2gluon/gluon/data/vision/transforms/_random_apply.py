"""RandomApply (1.9.1) and HybridRandomApply (MXNet 2.x): run a transform with probability p."""
import random

import torch

from ....block import HybridBlock
from ....nn import Sequential, HybridSequential

__all__ = ["RandomApply", "HybridRandomApply"]


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


class HybridRandomApply(HybridSequential):
    """Apply a HybridBlock `transforms` with probability `p`, drawn from mx.random (MXNet 2.x; not in 1.9.1)."""

    def __init__(self, transforms, p=0.5):
        super().__init__()
        if not isinstance(transforms, HybridBlock):
            raise AssertionError("HybridRandomApply: transforms must be a HybridBlock")
        self.transforms = transforms
        self.p = p

    def forward(self, x):
        if self.p < float(torch.rand(())):
            return x
        return self.transforms(x)
