"""MXNet's in-place write whose source overlaps its destination (`a[1:] = a[:-1]`, `a[::2] = a[:3]`).

MXNet writes such an assignment element by element in the destination's index order, each read seeing the
writes before it (`a = nd.arange(5); a[1:] = a[:-1]` leaves all zeros). torch refuses overlapping copies, so
the sequential result is built here without a python loop (an assignment to the whole array, `b[:] = x`, is
MXNet's copyto instead, which reads the whole source first): destination element i reads the storage slot of
source element i; if an earlier destination element j < i wrote that slot, i takes j's final value, and so on
down the chain (resolved by pointer doubling); the end of each chain reads the original storage.
"""
import torch


def shares_storage(t, v):
    """Whether tensor `v` has the same dtype and storage as `t` (a view of the array being written)."""
    return (isinstance(v, torch.Tensor) and v.dtype is t.dtype and v.device == t.device
            and v.untyped_storage().data_ptr() == t.untyped_storage().data_ptr())


def assign_overlapping(t, select, v):
    """Write `v` (a view of `t`'s storage) into the region `select(t-like tensor)` of `t`, sequentially."""
    n_store = t.untyped_storage().nbytes() // t.element_size()
    slots = torch.arange(n_store, device=t.device)
    whole = slots.as_strided(t.size(), t.stride(), t.storage_offset())
    dst = select(whole)
    src = slots.as_strided(v.size(), v.stride(), v.storage_offset())
    while src.dim() > dst.dim() and src.shape[0] == 1:  # leading 1s dropped, as a non-overlapping write
        src = src[0]                                     # (`x[3] += 1`: x[3] is a (1,) view written to x[3])
    try:
        src = src.broadcast_to(dst.shape)
    except RuntimeError as e:
        raise ValueError(f"__setitem__: cannot assign value of shape {tuple(v.shape)} to a region of shape "
                         f"{tuple(dst.shape)}: {e}") from None
    dst, src = dst.reshape(-1), src.reshape(-1)
    if dst.numel() == whole.numel() and torch.equal(dst, whole.reshape(-1)):  # the whole array: MXNet's copyto,
        with torch.no_grad():                                                # which reads all before writing
            t.copy_(v.clone())
        return
    order = torch.arange(dst.numel(), device=t.device)
    writer = torch.full((n_store,), -1, dtype=torch.long, device=t.device)
    writer[dst] = order
    prev = writer[src]  # the destination element that wrote the slot element i reads, if any
    nxt = torch.where((prev >= 0) & (prev < order), prev, order)
    while True:
        jump = nxt[nxt]
        if torch.equal(jump, nxt):
            break
        nxt = jump
    with torch.no_grad():
        mem = t.as_strided((n_store,), (1,), 0)
        mem[dst] = mem[src[nxt]].clone()
