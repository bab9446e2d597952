"""Contrib layers: Concurrent/HybridConcurrent (run children side by side, concat), Identity, PixelShuffle."""
from ....base import MXNetError
from ...block import Block, HybridBlock
from ...nn import Sequential, HybridSequential
from .sync_batch_norm import SyncBatchNorm

__all__ = ["Concurrent", "HybridConcurrent", "Identity", "SparseEmbedding", "SyncBatchNorm",
           "PixelShuffle1D", "PixelShuffle2D", "PixelShuffle3D"]


class Concurrent(Sequential):
    """Feed the input to every child and concatenate their outputs along `axis`."""

    def __init__(self, axis=-1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def forward(self, x):
        """Concatenate each child's output on `x` along `self.axis`."""
        from .... import ndarray as nd
        return nd.concat(*[block(x) for block in self._children.values()], dim=self.axis)


class HybridConcurrent(HybridSequential):
    """Feed the input to every HybridBlock child and concatenate their outputs along `axis`."""

    def __init__(self, axis=-1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def hybrid_forward(self, F, x):
        """Concatenate each child's output on `x` along `self.axis`."""
        return F.concat(*[block(x) for block in self._children.values()], dim=self.axis)
    hybrid_forward._np_transparent = True   # numpy mode: children get the `mx.np.ndarray`s (see HybridBlock)


class Identity(HybridBlock):
    """Return the input unchanged (a skip path inside HybridConcurrent)."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        return x


class SparseEmbedding(Block):
    """Embedding whose weight and gradient are row_sparse: `forward` pulls the rows of `x` through the Trainer
    (`weight.row_sparse_data(x)`), the gradient holds the looked-up rows, the Trainer's kvstore updates them."""

    def __init__(self, input_dim, output_dim, dtype="float32", weight_initializer=None, **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {"input_dim": input_dim, "output_dim": output_dim, "dtype": dtype, "sparse_grad": True}
        self.weight = self.params.get("weight", shape=(input_dim, output_dim), init=weight_initializer,
                                      dtype=dtype, grad_stype="row_sparse", stype="row_sparse")

    def forward(self, x):  # pylint: disable=arguments-differ
        """Embedding of indices `x`, reading only the rows of the row_sparse weight that `x` names."""
        from .... import ndarray as nd
        weight = self.weight.row_sparse_data(x)
        return nd.Embedding(x, weight, name="fwd", **self._kwargs)

    def __repr__(self):
        kw = self._kwargs
        return f"{self.__class__.__name__}({kw['input_dim']} -> {kw['output_dim']}, {kw['dtype']})"


def _factors(factor, n):
    """`factor` as an n-tuple of ints (an int repeats)."""
    try:
        return (int(factor),) * n
    except TypeError:
        out = tuple(int(f) for f in factor)
        if len(out) != n:
            raise AssertionError(f"wrong length {len(out)}") from None
        return out


def _pixel_shuffle(F, x, factors):
    """(N, C*prod(f), *S) -> (N, C, S0*f0, S1*f1, ...)."""
    if not hasattr(x, "shape"):  # a Symbol (export / symbolic tracing): shape-free reshape codes
        return _pixel_shuffle_sym(F, x, factors)
    shape = x.shape
    nd_ = len(factors)
    if len(shape) != nd_ + 2:
        raise MXNetError(f"PixelShuffle{nd_}D: expected a {nd_ + 2}-D input, got shape {shape}")
    prod = 1
    for f in factors:
        prod *= f
    n, cf, spatial = shape[0], shape[1], shape[2:]
    if prod == 0 or cf % prod:
        raise MXNetError(f"PixelShuffle{nd_}D: {cf} channels are not divisible by the factors {factors}")
    c = cf // prod
    x = F.reshape(x, shape=(n, c) + tuple(factors) + tuple(spatial))
    # axes: 0 N, 1 C, 2..2+k factors, 2+k.. spatial -> interleave (spatial_i, factor_i)
    axes = (0, 1) + tuple(a for i in range(nd_) for a in (2 + nd_ + i, 2 + i))
    x = F.transpose(x, axes=axes)
    return F.reshape(x, shape=(n, c) + tuple(s * f for s, f in zip(spatial, factors)))


def _pixel_shuffle_sym(F, x, factors):
    """The pixel shuffle with MXNet's special reshape codes (0 keep, -3 merge, -4 split), no shapes needed."""
    k = len(factors)
    if k == 3:  # MXNet's transpose takes at most 6 axes: shuffle one spatial axis at a time
        f1, f2, f3 = factors
        x = F.reshape(x, shape=(0, -4, -1, f1 * f2 * f3, 0, 0, 0))   # (N, C, f1*f2*f3, D, H, W)
        x = F.swapaxes(x, 2, 3)                                       # (N, C, D, f1*f2*f3, H, W)
        x = F.reshape(x, shape=(0, 0, 0, -4, f1, f2 * f3, 0, 0))      # (N, C, D, f1, f2*f3, H, W)
        x = F.reshape(x, shape=(0, 0, -3, 0, 0, 0))                   # (N, C, D*f1, f2*f3, H, W)
        x = F.swapaxes(x, 3, 4)                                       # (N, C, D*f1, H, f2*f3, W)
        x = F.reshape(x, shape=(0, 0, 0, 0, -4, f2, f3, 0))           # (N, C, D*f1, H, f2, f3, W)
        x = F.reshape(x, shape=(0, 0, 0, -3, 0, 0))                   # (N, C, D*f1, H*f2, f3, W)
        x = F.swapaxes(x, 4, 5)                                       # (N, C, D*f1, H*f2, W, f3)
        return F.reshape(x, shape=(0, 0, 0, 0, -3))                   # (N, C, D*f1, H*f2, W*f3)
    prod = 1
    for f in factors:
        prod *= f
    x = F.reshape(x, shape=(0, -4, -1, prod) + (0,) * k)          # (N, C, prod(f), *S)
    for i in range(k - 1):                                          # split the factors one by one
        rest = prod
        for f in factors[:i + 1]:
            rest //= f
        x = F.reshape(x, shape=(0,) * (2 + i) + (-4, factors[i], rest) + (0,) * k)
    axes = (0, 1) + tuple(a for i in range(k) for a in (2 + k + i, 2 + i))
    x = F.transpose(x, axes=axes)
    return F.reshape(x, shape=(0, 0) + (-3,) * k)


class PixelShuffle1D(HybridBlock):
    """Move channel groups into the width: (N, f*C, W) -> (N, C, W*f)."""

    def __init__(self, factor):
        super().__init__()
        self._factor = int(factor)

    def hybrid_forward(self, F, x):
        """Pixel-shuffle the input."""
        return _pixel_shuffle(F, x, (self._factor,))

    def __repr__(self):
        return f"{self.__class__.__name__}({self._factor})"


class PixelShuffle2D(HybridBlock):
    """Move channel groups into height and width: (N, f1*f2*C, H, W) -> (N, C, H*f1, W*f2)."""

    def __init__(self, factor):
        super().__init__()
        self._factors = _factors(factor, 2)

    def hybrid_forward(self, F, x):
        """Pixel-shuffle the input."""
        return _pixel_shuffle(F, x, self._factors)

    def __repr__(self):
        return f"{self.__class__.__name__}({self._factors})"


class PixelShuffle3D(HybridBlock):
    """Move channel groups into depth, height and width: (N, f1*f2*f3*C, D, H, W) -> (N, C, D*f1, H*f2, W*f3)."""

    def __init__(self, factor):
        super().__init__()
        self._factors = _factors(factor, 3)

    def hybrid_forward(self, F, x):
        """Pixel-shuffle the input."""
        return _pixel_shuffle(F, x, self._factors)

    def __repr__(self):
        return f"{self.__class__.__name__}({self._factors})"
