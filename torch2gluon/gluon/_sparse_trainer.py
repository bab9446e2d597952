"""gluon.Trainer with row_sparse weights: MXNet's rules (the kvstore holds and updates the weights).

Training loop, as MXNet: `param.row_sparse_data(row_id)` pulls the rows a batch needs from the kvstore
into the parameter's array; forward/backward; `step` pushes the (row_sparse) gradients, and the kvstore's
optimizer updates its weight (lazily for SGD/Adam). A kvstore is required and updates happen on it.
"""
from ..kvstore import KVStore, create as _create


def init_sparse_kvstore(trainer, config):
    """Create the kvstore for a Trainer that has row_sparse weights (update_on_kvstore is always True)."""
    kv = config["kvstore"]
    if isinstance(kv, KVStore):
        kvstore = kv
    elif isinstance(kv, str):
        kvstore = _create(kv)
    else:
        raise ValueError(f"Cannot create kvstore with type {type(kv)} for a Trainer with sparse weights")
    if config["update_on_kvstore"] is False:
        raise ValueError("Cannot set update_on_kvstore=False when sparse weights are present.")
    trainer._distributed = "dist" in kvstore.type
    if trainer._compression_params:
        kvstore.set_gradient_compression(trainer._compression_params)
    kvstore.set_optimizer(trainer._optimizer)
    trainer._kvstore = kvstore
    trainer._update_on_kvstore = True
    trainer._kv_initialized = True


def row_sparse_pull(trainer, parameter, out, row_id, full_idx=False):
    """Pull rows `row_id` of `parameter` (all of them with `full_idx`) from the kvstore into `out`."""
    if not trainer._kv_initialized:
        trainer._init_kvstore()
    if trainer._params_to_init:
        trainer._init_params()
    idx = trainer._param2idx[parameter.name]
    if full_idx and "dist" not in trainer._kvstore.type:
        trainer._kvstore.pull(idx, out=out, priority=-idx, ignore_sparse=False)
    else:
        trainer._kvstore.row_sparse_pull(idx, out=out, row_ids=row_id, priority=-idx)
