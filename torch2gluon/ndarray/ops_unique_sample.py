"""`_sample_unique_zipfian`: log-uniform (Zipfian) class sampling without replacement, with trial counts."""
import math

import torch

from ..base import MXNetError
from .ndarray import NDArray, wrap
from .register import mxop


def _unique_row(range_max, num_sampled, log_range):
    """(num_sampled distinct classes in draw order, number of draws) for one batch row."""
    seen, out, trials = set(), [], 0
    while len(out) < num_sampled:
        draws = torch.rand(max(2 * (num_sampled - len(out)), 64), dtype=torch.float64)
        for v in (torch.exp(draws * log_range).floor().to(torch.int64) - 1).tolist():
            trials += 1
            if v not in seen:
                seen.add(v)
                out.append(v)
                if len(out) == num_sampled:
                    break
    return out, trials


@mxop("_sample_unique_zipfian")
def sample_unique_zipfian(range_max, shape=None, out=None):
    """Per row of a (batch_size, num_sampled) shape: num_sampled distinct classes of [0, range_max) drawn
    with P(k) = log((k + 2) / (k + 1)) / log(range_max + 1), and the number of draws it took.
    Returns [classes (int64), trials (int64, one per row)]."""
    if shape is None or len(tuple(shape)) != 2:
        raise MXNetError(f"_sample_unique_zipfian: shape must be 2-D (batch_size, num_sampled), got {shape}")
    batch, num_sampled = (int(d) for d in shape)
    range_max = int(range_max)
    if num_sampled > range_max:
        raise MXNetError(f"_sample_unique_zipfian: num_sampled ({num_sampled}) exceeds range_max ({range_max})")
    log_range = math.log(range_max + 1)
    rows = [_unique_row(range_max, num_sampled, log_range) for _ in range(batch)]
    classes = torch.tensor([r[0] for r in rows], dtype=torch.int64).reshape(batch, num_sampled)
    trials = torch.tensor([r[1] for r in rows], dtype=torch.int64)
    if out is not None:
        outs = out if isinstance(out, (list, tuple)) else [out]
        if len(outs) != 2 or not all(isinstance(o, NDArray) for o in outs):
            raise MXNetError("_sample_unique_zipfian: out must be a list of two NDArrays (classes, trials)")
        outs[0]._assign(classes.to(outs[0]._t.dtype))
        outs[1]._assign(trials.to(outs[1]._t.dtype))
        return list(outs)
    return [wrap(classes), wrap(trials)]
