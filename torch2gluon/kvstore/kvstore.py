"""`KVStore`: MXNet's built-in key-value stores over torch tensors; the 'dist*'/'horovod'/'byteps' types
sum across workers with torch.distributed collectives (see docs/distributed.md)."""
import pickle

import torch

from .. import optimizer as opt
from ..base import MXNetError
from ..ndarray.ndarray import NDArray, wrap
from . import _dist
from ._keys import key_value_pairs, group_by_key
from .base import KVStoreBase

__all__ = ["KVStore"]

_ALLREDUCE_ONLY = ("horovod", "byteps")
_STYPE_ID = {"default": 0, "row_sparse": 1, "csr": 2}


def _fmt(shape):
    return "[" + ",".join(str(int(d)) for d in shape) + "]"


class KVStore(KVStoreBase):
    """A key-value store of the type `name` (use `mx.kv.create(name)`).

    `priority` (push/pull/pushpull/broadcast/row_sparse_pull) only orders MXNet's asynchronous engine; every
    call here completes before it returns, so it has nothing to change."""

    def __init__(self, name="local"):
        if not isinstance(name, str):
            raise TypeError("name must be a string")
        name = name.lower()
        self._type = name
        self._allreduce_only = name in _ALLREDUCE_ONLY
        self._dist = "dist" in name or self._allreduce_only
        # 'local' keeps the store in CPU memory; 'device'/'nccl' keep it where the initial value lives.
        self._on_device = "device" in name or "nccl" in name
        self._store = {}
        self._buckets = {}          # dist: reused allreduce buffers, one per set of keys pushed together
        self._key_type = None
        self._updater = None        # the worker-visible updater (None for dist stores, as in MXNet)
        self._push_updater = None   # the updater that applies pushes (a server-side copy for dist stores)
        if self._dist:
            _dist.ensure_process_group(name)
            if "_async" in name:
                _dist.warn_async_once()

    # ------------------------------------------------------------------ helpers
    def _pairs(self, key, value):
        pairs, use_str = key_value_pairs(key, value)
        kind = "str" if use_str else "int"
        if pairs:
            if self._key_type is None:
                self._key_type = kind
            elif self._key_type != kind:
                codes = {"str": 0, "int": 1}   # MXNet's kStringKey, kIntKey
                raise MXNetError(f"Check failed: key_type_ == key_type ({codes[self._key_type]} vs. "
                                 f"{codes[kind]}) : Mixed key types are not allowed")
        return pairs

    def _device_for(self, tensor):
        return tensor.device if self._on_device else torch.device("cpu")

    def _stored(self, key):
        stored = self._store.get(key)
        if stored is None:
            raise MXNetError(f"Check failed: !local.is_none(): key {key} has not been inited")
        return stored

    # ------------------------------------------------------------------ API
    def init(self, key, value):
        """Initialise `key` with a copy of `value` (rank 0's value on every worker for dist stores)."""
        for k, v in self._pairs(key, value):
            if k in self._store:
                raise MXNetError(f"Check failed: local_.find(keys[i]) == local_.end(): duplicate init of key {k}. "
                                 "Please double check if you called kv.init or kv.broadcast with this key "
                                 "multiple times")
            if v.stype != "default" and not self._dist:   # a sparse value stays sparse (MXNet's local store)
                self._store[k] = v.copy()
                continue
            t = v._t.detach().to(self._device_for(v._t), copy=True)
            if self._dist:
                _dist.broadcast_(t, src=0)
            self._store[k] = wrap(t)

    def push(self, key, value, priority=0):
        """Sum the values pushed for each key (over devices, then workers) and apply the optimizer or store it."""
        work = []
        for k, vals in group_by_key(self._pairs(key, value)).items():
            stored = self._stored(k)
            target = stored._t.device
            if any(v._t.dtype != vals[0]._t.dtype for v in vals[1:]):
                raise MXNetError(f"KVStore.push: the values pushed for key {k} have different dtypes "
                                 f"{[str(v.dtype.__name__) for v in vals]}")
            if not self._dist and all(v.stype == "row_sparse" for v in vals):   # summed as row_sparse
                from ..ndarray._sparse_ops import add_n as _rsp_sum
                merged = vals[0].copy() if len(vals) == 1 else _rsp_sum(*vals)
                if self._push_updater is not None:
                    self._push_updater(k, merged, stored)
                else:
                    self._store[k] = merged
                continue
            if len(vals) == 1 and not self._dist and vals[0]._t.device == target and self._push_updater is None:
                self._store[k] = vals[0]   # MXNet keeps a single pushed array itself, not a copy
                continue
            with torch.no_grad():
                if len(vals) == 1 and self._dist:
                    merged = vals[0]._t.detach().to(target)   # the allreduce below makes the new tensor
                else:
                    merged = vals[0]._t.detach().to(target, copy=True)
                    for v in vals[1:]:
                        merged.add_(v._t.detach().to(target))
            work.append((k, stored, merged))
        if self._dist and work:
            with torch.no_grad():   # one bucketed allreduce for all keys of this call (same sums as per key)
                summed = _dist.allreduce_coalesced([m for _, _, m in work], names=[k for k, _, _ in work],
                                                   buffers=self._buckets)
            work = [(k, stored, m) for (k, stored, _), m in zip(work, summed)]
        for k, stored, merged in work:
            if self._push_updater is not None:
                self._push_updater(k, wrap(merged), stored)
            else:
                self._store[k] = wrap(merged)

    def pull(self, key, out=None, priority=0, ignore_sparse=True):
        """Copy the stored value of each key into `out` (one NDArray or a list per key)."""
        assert out is not None
        for k, o in self._pairs(key, out):
            if o.stype != "default":
                if not ignore_sparse:   # MXNet skips sparse outputs unless ignore_sparse=False
                    self._stored(k).copyto(o)
                continue
            src = self._stored(k)._t
            if tuple(src.shape) != o.shape:
                raise MXNetError(f"Check failed: from.shape() == to.shape(): operands shape mismatch "
                                 f"from.shape = {_fmt(src.shape)} to.shape={_fmt(o.shape)}")
            with torch.no_grad():
                t = o._t
                if t.requires_grad and torch.equal(t.detach(), src):
                    continue   # already equal (e.g. a broadcast): leave an autograd variable that is in use alone
                t.copy_(src)

    def pushpull(self, key, value, out=None, priority=0):
        """`push(key, value)` then `pull(key, out)` (into `value` when `out` is None)."""
        self.push(key, value, priority)
        self.pull(key, value if out is None else out, priority)

    def broadcast(self, key, value, out, priority=0):
        """`init(key, value)` (rank 0's value wins) then `pull(key, out)`."""
        self.init(key, value)
        self.pull(key, out, priority)

    def row_sparse_pull(self, key, out=None, priority=0, row_ids=None):
        """Pull only rows `row_ids` of each row_sparse key into row_sparse `out` (it stores exactly those rows,
        unique and sorted). As MXNet: a non-row_sparse `out`, non-dense `row_ids` or a key whose stored value is
        not row_sparse is an MXNetError."""
        assert out is not None
        assert row_ids is not None
        if isinstance(row_ids, NDArray):
            row_ids = [row_ids]
        assert isinstance(row_ids, list), "row_ids should be NDArray or list of NDArray"
        first_out = out
        single_rowid = len(row_ids) == 1 and isinstance(out, list)
        if single_rowid:
            first_out = [out[0]]
        pairs = self._pairs(key, first_out)
        id_pairs, _ = key_value_pairs(key, row_ids)
        assert len(id_pairs) == len(pairs), "the number of row_ids doesn't match the number of values"
        for (_, o), (_, ids) in zip(pairs, id_pairs):
            if o.stype != "row_sparse":
                raise MXNetError("Check failed: val_stype == kRowSparseStorage: Expected row_sparse storage type "
                                 f"for row_sparse_pull values, but detected storage type {_STYPE_ID[o.stype]}")
            if ids.stype != "default":
                raise MXNetError("Check failed: rowid_stype == kDefaultStorage: Expected default storage type for "
                                 f"row_sparse_pull rowids, but detected storage type {_STYPE_ID[ids.stype]}")
        from ..ndarray._sparse_ops import rsp_rows
        for (k, o), (_, ids) in zip(pairs, id_pairs):
            stored = self._stored(k)
            if stored.stype != "row_sparse":
                raise MXNetError("Check failed: local.storage_type() == kRowSparseStorage: PullRowSparse expects "
                                 f"row_sparse src NDArray (key {k!r} holds a {stored.stype} value)")
            if stored.shape != o.shape:
                raise MXNetError(f"KVStore.row_sparse_pull: shape mismatch, stored {stored.shape} vs out {o.shape}")
            rows = torch.unique(ids._t.detach().to(torch.int64).reshape(-1), sorted=True)
            o._set_parts((rsp_rows(stored, rows.to(stored.device_t)).to(o.device_t), rows.to(o.device_t)))
        if single_rowid:
            for o in out[1:]:
                out[0].copyto(o)

    def set_gradient_compression(self, compression_params):
        """Refused: gradient compression is not implemented (MXNet's plain Exception for 'local' types)."""
        if "device" in self._type or "dist" in self._type:
            raise NotImplementedError(f"KVStore.set_gradient_compression: argument 'compression_params'="
                                      f"{compression_params!r} is not supported (no gradient compression)")
        raise Exception("Gradient compression is not supported for this type of kvstore")  # noqa: TRY002

    def set_optimizer(self, optimizer):
        """Apply `optimizer` on every push; dist stores use a pickled copy, as MXNet ships it to its servers."""
        if self._allreduce_only:
            raise NotImplementedError(f"KVStore('{self._type}').set_optimizer: this store only allreduces "
                                      "(is_capable('optimizer') is False); update on the workers, e.g. "
                                      "Trainer(..., update_on_kvstore=False)")
        if self._dist:
            server_copy = pickle.loads(pickle.dumps(optimizer, 0))
            self._push_updater = opt.get_updater(server_copy)
        else:
            self._updater = self._push_updater = opt.get_updater(optimizer)

    def is_capable(self, capability):
        """'optimizer': whether the store can apply updates itself (False for 'horovod'/'byteps')."""
        if capability.lower() == KVStoreBase.OPTIMIZER:
            return not self._allreduce_only
        raise ValueError(f"Unknown capability: {capability}")

    @property
    def type(self):
        """The type name given to `create` (lower-cased)."""
        return self._type

    @property
    def rank(self):
        """This worker's rank (0 for single-process stores)."""
        return _dist.rank() if self._dist else 0

    @property
    def num_workers(self):
        """Number of workers (1 for single-process stores)."""
        return _dist.world_size() if self._dist else 1

    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Write the updater's states (and the optimizer when `dump_optimizer`) to `fname`."""
        assert self._updater is not None, "Cannot save states for distributed training"
        with open(fname, "wb") as fout:
            fout.write(self._updater.get_states(dump_optimizer))

    def load_optimizer_states(self, fname):
        """Restore the updater's states from `fname`."""
        assert self._updater is not None, "Cannot load states for distributed training"
        with open(fname, "rb") as f:
            self._updater.set_states(f.read())

    def _set_updater(self, updater):
        """Use callable `updater(key, grad, weight)` on every push."""
        if self._dist:
            raise NotImplementedError(f"KVStore('{self._type}')._set_updater: custom updaters run only on "
                                      "single-process stores")
        self._updater = self._push_updater = updater

    def _barrier(self):
        """Wait for every worker (no-op for single-process stores)."""
        if self._dist:
            _dist.barrier()
