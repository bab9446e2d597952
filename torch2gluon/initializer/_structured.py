"""Initializers with structure: Orthogonal, Bilinear (upsampling kernels), LSTMBias (forget gate)."""
import numpy as np
import torch

from ._core import Initializer, register, bilinear_kernel, sample

__all__ = ["Orthogonal", "Bilinear", "LSTMBias"]


@register
class Orthogonal(Initializer):
    """`scale` times the orthonormal factor of the SVD of a random (rows, prod(rest)) matrix (Saxe et al.)."""

    def __init__(self, scale=1.414, rand_type="uniform"):
        super().__init__(scale=scale, rand_type=rand_type)
        self.scale = scale
        self.rand_type = rand_type

    def _init_weight(self, _, arr):
        nout = arr.shape[0]
        nin = int(np.prod(arr.shape[1:]))
        if self.rand_type == "uniform":   # MXNet draws it with nd.random on the default context
            tmp = sample("uniform", (nout, nin), -1.0, 1.0, torch.float32, torch.device("cpu"))
        elif self.rand_type == "normal":
            tmp = sample("normal", (nout, nin), 0.0, 1.0, torch.float32, torch.device("cpu"))
        else:  # MXNet 1.9.1 fails here with UnboundLocalError
            raise ValueError(f"Orthogonal: rand_type must be 'uniform' or 'normal', got {self.rand_type!r}")
        tmp = tmp.numpy()
        u, _, v = np.linalg.svd(tmp, full_matrices=False)
        res = u if u.shape == tmp.shape else v
        arr[:] = self.scale * res.reshape(arr.shape)


@register
class Bilinear(Initializer):
    """Bilinear-interpolation kernels for (transposed-convolution) upsampling weights of 4-D shape."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        arr[:] = bilinear_kernel(arr.shape)


@register
class LSTMBias(Initializer):
    """All zeros except the forget-gate quarter (the second of the 4 gates), set to `forget_bias`."""

    def __init__(self, forget_bias=1.0):
        super().__init__(forget_bias=forget_bias)
        self.forget_bias = forget_bias

    def _init_weight(self, name, arr):
        arr[:] = 0.0
        num_hidden = int(arr.shape[0] / 4)
        arr[num_hidden:2 * num_hidden] = self.forget_bias
