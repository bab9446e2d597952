"""The image a region of interest [batch, ...] reads, by MXNet's rule for its batch index."""
from ..base import MXNetError


def roi_image(x, batch, op):
    """x[batch] for an NCHW tensor, or None for a negative index (the region's output is zeros, as MXNet's
    kernels skip such regions); an index past the batch raises MXNetError. `batch` is truncated like C."""
    b = int(batch)
    if b < 0:
        return None
    if b >= x.shape[0]:
        raise MXNetError(f"{op}: roi batch index {b} out of range for {x.shape[0]} images")
    return x[b]
