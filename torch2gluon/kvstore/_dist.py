"""torch.distributed plumbing for the dist kvstores: torchrun's environment, gloo/NCCL, bounded timeouts."""
import atexit
import datetime
import os
import warnings

import torch

from ..base import MXNetError

__all__ = ["ensure_process_group", "allreduce_", "allreduce_coalesced", "broadcast_", "barrier", "rank", "world_size",
           "timeout_seconds", "warn_async_once"]

_ENV = ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")
_ASYNC_WARNED = [False]


def _dist():
    import torch.distributed as dist
    if not dist.is_available():
        raise MXNetError("distributed kvstore: this torch build has no torch.distributed support")
    return dist


def timeout_seconds():
    """Seconds a collective may wait for a peer before failing: $TORCH2GLUON_DIST_TIMEOUT, default 300."""
    raw = os.environ.get("TORCH2GLUON_DIST_TIMEOUT", "300")
    try:
        value = float(raw)
    except ValueError:
        raise MXNetError(f"TORCH2GLUON_DIST_TIMEOUT must be a number of seconds, got {raw!r}") from None
    if value <= 0:
        raise MXNetError(f"TORCH2GLUON_DIST_TIMEOUT must be positive, got {raw!r}")
    return value


def ensure_process_group(kv_name):
    """Join (or reuse) the default process group: gloo for CPU tensors, NCCL for CUDA ones."""
    dist = _dist()
    if dist.is_initialized():
        return
    missing = [v for v in _ENV if not os.environ.get(v)]
    if missing:
        raise MXNetError(
            f"kvstore '{kv_name}' needs a distributed launch: environment variable(s) {', '.join(missing)} "
            "not set. Start every worker with `torchrun --nproc-per-node N script.py` (or "
            "`python -m torch.distributed.run ...`), or set RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT, "
            "or call torch.distributed.init_process_group() before creating the kvstore.")
    backend = "cpu:gloo,cuda:nccl" if torch.cuda.is_available() else "gloo"
    try:
        dist.init_process_group(backend=backend, timeout=datetime.timedelta(seconds=timeout_seconds()))
    except Exception as e:  # noqa: BLE001 - surfaced as MXNet's error kind, cause chained
        raise MXNetError(f"kvstore '{kv_name}': could not join the process group ({e})") from e
    atexit.register(_destroy_at_exit)


def _destroy_at_exit():
    """Leave the process group we created (a local teardown: no collective, so a dead peer cannot block it)."""
    dist = _dist()
    if dist.is_initialized():
        try:
            dist.destroy_process_group()
        except Exception:  # noqa: BLE001, S110 - interpreter shutdown: nothing left to report to
            pass


def _run(what, fn):
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - a dead or stuck peer must surface, never hang silently
        raise MXNetError(f"distributed kvstore: {what} failed (a worker may have died or timed out "
                         f"after {timeout_seconds():g}s): {e}") from e


def allreduce_(tensor):
    """Sum `tensor` over all workers, in place."""
    dist = _dist()
    _run("allreduce", lambda: dist.all_reduce(tensor, op=dist.ReduceOp.SUM))
    return tensor


def allreduce_coalesced(tensors, bucket_bytes=32 << 20, names=None, buffers=None):
    """Sums over all workers of `tensors` (left untouched), as new tensors: same-device/dtype runs are
    flattened into buckets of about `bucket_bytes`, one collective each, and the results are views of them.

    With `buffers` (a dict the caller keeps) and `names` (one hashable per tensor), a bucket's flat buffer is
    kept under its names and reused by the next call with the same names, which then overwrites the views
    that call returned; callers that replace every named result on each call (a kvstore push) can use it.
    """
    out = [None] * len(tensors)
    groups = {}
    for i, t in enumerate(tensors):
        groups.setdefault((str(t.device), t.dtype), []).append(i)
    for idxs in groups.values():
        bucket, size = [], 0
        for i in idxs:
            bucket.append(i)
            size += tensors[i].numel() * tensors[i].element_size()
            if size >= bucket_bytes:
                _allreduce_bucket(tensors, bucket, out, names, buffers)
                bucket, size = [], 0
        if bucket:
            _allreduce_bucket(tensors, bucket, out, names, buffers)
    return out


def _allreduce_bucket(tensors, idxs, out, names, buffers):
    parts = [tensors[i].reshape(-1) for i in idxs]
    flat = None
    if buffers is not None and names is not None:
        sig = tuple((names[i], tuple(tensors[i].shape)) for i in idxs)
        flat = buffers.get(sig)
        if flat is None or flat.dtype != parts[0].dtype or flat.device != parts[0].device:
            if len(buffers) >= 16:
                buffers.clear()
            flat = buffers[sig] = torch.empty(sum(p.numel() for p in parts), dtype=parts[0].dtype,
                                              device=parts[0].device)
        torch.cat(parts, out=flat)
    else:
        flat = torch.cat(parts)
    allreduce_(flat)
    offset = 0
    for i in idxs:
        n = tensors[i].numel()
        out[i] = flat[offset:offset + n].view(tensors[i].shape)
        offset += n


def broadcast_(tensor, src=0):
    """Overwrite `tensor` with worker `src`'s copy, in place."""
    dist = _dist()
    _run("broadcast", lambda: dist.broadcast(tensor, src=src))
    return tensor


def barrier():
    """Wait for every worker."""
    dist = _dist()
    _run("barrier", lambda: dist.barrier())


def rank():
    """This worker's rank in the default process group."""
    return _dist().get_rank()


def world_size():
    """Number of workers in the default process group."""
    return _dist().get_world_size()


def warn_async_once():
    """One warning per process: 'dist_async' runs as synchronous allreduce here."""
    if not _ASYNC_WARNED[0]:
        _ASYNC_WARNED[0] = True
        warnings.warn("kvstore 'dist_async' is implemented as synchronous allreduce over torch.distributed "
                      "(every push waits for all workers); there are no parameter servers and no stale "
                      "updates. See docs/distributed.md.", UserWarning, stacklevel=3)
