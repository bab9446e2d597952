"""`KVStoreServer`: MXNet's parameter-server role, which torch.distributed training does not have."""

__all__ = ["KVStoreServer"]


class KVStoreServer:
    """MXNet's server process role; refused: dist kvstores here are server-less allreduce (docs/distributed.md)."""

    def __init__(self, kvstore):
        raise NotImplementedError(
            "kvstore.KVStoreServer is not supported: torch2gluon's dist kvstores allreduce among the workers "
            "over torch.distributed, with no server or scheduler processes; launch only workers with torchrun")
