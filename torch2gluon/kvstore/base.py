"""`KVStoreBase` (the interface and registry), the registered `TestStore`, and `create(name)`."""
import warnings

from ..ndarray.ndarray import NDArray

__all__ = ["create", "KVStoreBase"]


class KVStoreBase:
    """Interface of a key-value store for data-parallel training; subclasses register with `register`."""

    OPTIMIZER = "optimizer"
    kv_registry = {}

    def broadcast(self, key, value, out, priority=0):
        """Broadcast rank 0's `value` for `key` into `out` on every worker."""
        raise NotImplementedError()

    def pushpull(self, key, value, out=None, priority=0):
        """Push `value` (summed) and pull the result into `out` (or back into `value`)."""
        raise NotImplementedError()

    def set_optimizer(self, optimizer):
        """Register an optimizer that the store applies on push."""
        raise NotImplementedError()

    def is_capable(self, capability):
        """Whether the store supports `capability` (e.g. 'optimizer')."""
        raise NotImplementedError()

    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Write the store's optimizer states to `fname`."""
        raise NotImplementedError()

    def load_optimizer_states(self, fname):
        """Read the store's optimizer states from `fname`."""
        raise NotImplementedError()

    @property
    def type(self):
        """The store's type name."""
        raise NotImplementedError()

    @property
    def rank(self):
        """This worker's rank in [0, num_workers)."""
        raise NotImplementedError()

    @property
    def num_workers(self):
        """Number of workers."""
        raise NotImplementedError()

    @staticmethod
    def register(klass):
        """Class decorator: make `klass` creatable as `create(klass.__name__.lower())`."""
        assert isinstance(klass, type)
        name = klass.__name__.lower()
        if name in KVStoreBase.kv_registry:
            old = KVStoreBase.kv_registry[name]
            warnings.warn(f"WARNING: New kvstore {klass.__module__}.{klass.__name__} is overriding existing "
                          f"kvstore {old.__module__}.{old.__name__}")
        KVStoreBase.kv_registry[name] = klass
        return klass


@KVStoreBase.register
class TestStore(KVStoreBase):
    """A single-worker store without optimizer support (MXNet's 'teststore')."""

    def broadcast(self, key, value, out, priority=0):
        """Copy `value` into every array of `out`."""
        for o in (out if isinstance(out, list) else [out]):
            o[:] = value

    def pushpull(self, key, value, out=None, priority=0):
        """Sum the list `value` (a single NDArray passes through) into `out`, or back into `value`."""
        if isinstance(value, NDArray):
            if out is not None:
                for o in (out if isinstance(out, list) else [out]):
                    o[:] = value
            return
        ctx = value[0].context
        total = value[0].as_in_context(ctx).copy()
        for v in value[1:]:
            total += v.as_in_context(ctx)
        targets = value if out is None else (out if isinstance(out, list) else [out])
        for o in targets:
            o[:] = total

    @staticmethod
    def is_capable(capability):
        """Optimizer: False; anything else raises ValueError."""
        if capability.lower() == KVStoreBase.OPTIMIZER:
            return False
        raise ValueError(f"Unknown capability: {capability}")

    @property
    def type(self):
        """'teststore'."""
        return "teststore"

    @property
    def rank(self):
        """Always 0."""
        return 0

    @property
    def num_workers(self):
        """Always 1."""
        return 1

    def set_optimizer(self, optimizer):
        """Not supported by this store."""
        raise NotImplementedError()

    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Not supported by this store."""
        raise NotImplementedError()

    def load_optimizer_states(self, fname):
        """Not supported by this store."""
        raise NotImplementedError()


def create(name="local"):
    """A new KVStore: 'local', 'device', 'nccl', 'dist_sync', 'dist_device_sync', 'dist_async', 'horovod', ..."""
    if not isinstance(name, str):
        raise TypeError("name must be a string")
    name = name.lower()
    if name in KVStoreBase.kv_registry:
        return KVStoreBase.kv_registry[name]()
    from .kvstore import KVStore
    return KVStore(name)
