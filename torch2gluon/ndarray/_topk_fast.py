"""The first k entries of a stable sort along one axis, found in linear time when k is small (topk's hot path)."""
import torch

_MIN_N = 4096  # below this a full sort is as cheap
_RATIO = 16  # k at most n / _RATIO


def stable_topk(t, ax, k, descending):
    """(values, indices) equal to `torch.sort(t, ax, descending, stable=True)` narrowed to the first k, or None.

    None means "use the full sort": k not small against the axis, a dtype torch.topk lacks, or a tie (or NaN)
    between the k-th and (k+1)-th entries, where only the stable sort says which tied entries make it. Else
    the top-k set is unique and ties inside it keep their index order, as in the stable sort. (NaN ranks
    above every number in both torch.topk and torch.sort.)"""
    n = t.shape[ax]
    if n < _MIN_N or k * _RATIO > n or t.dtype in (torch.bool, torch.float16, torch.bfloat16) or t.is_complex():
        return None
    m = t.movedim(ax, -1)
    vals, pos = torch.topk(m, k + 1, dim=-1, largest=descending, sorted=True)
    last, nxt = vals[..., k - 1], vals[..., k]
    if not bool(((last > nxt) if descending else (last < nxt)).all()):  # a tie (or NaN) at the boundary
        return None
    pos = torch.sort(pos[..., :k], dim=-1).values  # the unique top-k set, in index order
    vals = m.gather(-1, pos)
    order = torch.sort(vals, dim=-1, descending=descending, stable=True).indices
    return vals.gather(-1, order).movedim(-1, ax), pos.gather(-1, order).movedim(-1, ax)
