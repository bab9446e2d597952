"""`mx.kv` / `mx.kvstore`: key-value stores for data-parallel training (local, device, and over torch.distributed)."""
from .base import *  # noqa: F401,F403
from .base import KVStoreBase, create
from .kvstore import *  # noqa: F401,F403
from .kvstore import KVStore
from .kvstore_server import *  # noqa: F401,F403
from .kvstore_server import KVStoreServer
from . import base, kvstore, kvstore_server  # noqa: F401

__all__ = ["KVStoreBase", "create", "KVStore", "KVStoreServer"]
