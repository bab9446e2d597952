"""`mx.model`'s private kvstore/update helpers (`_create_kvstore`, `_initialize_kvstore`, `_update_params`,
`_update_params_on_kvstore`, `_multiple_callbacks`), as MXNet 1.9.1 defines them; Module and old custom
training loops call them. Dense arrays only (torch2gluon has no sparse storage)."""
import os

import numpy as np

__all__ = ["_create_kvstore", "_initialize_kvstore", "_update_params_on_kvstore", "_update_params",
           "_multiple_callbacks"]


def _create_kvstore(kvstore, num_device, arg_params):
    """(kvstore or None, update_on_kvstore): no store for one local device; a 'local' store with a parameter
    over 16M elements updates on the devices; MXNET_UPDATE_ON_KVSTORE=0 turns store-side updates off."""
    return choose_kvstore(kvstore, num_device, arg_params)


def choose_kvstore(kvstore, num_device, arg_params, always_created=()):
    """`_create_kvstore`'s rules; store types named in `always_created` are created even for one device."""
    from . import kvstore as kvs
    update_on_kvstore = bool(int(os.getenv("MXNET_UPDATE_ON_KVSTORE", "1")))
    if kvstore is None:
        kv = None
    elif isinstance(kvstore, kvs.KVStoreBase):
        kv = kvstore
    elif isinstance(kvstore, str):
        if num_device == 1 and "dist" not in kvstore and kvstore.lower() not in always_created:
            kv = None
        else:
            kv = kvs.create(kvstore)
            if kvstore == "local":
                max_size = max(int(np.prod(p.shape)) for p in arg_params.values())
                if max_size > 1024 * 1024 * 16:
                    update_on_kvstore = False
    else:
        raise TypeError("kvstore must be KVStore, str or None")
    if kv is None:
        update_on_kvstore = False
    else:
        update_on_kvstore &= kv.is_capable(kvs.KVStoreBase.OPTIMIZER)
    return kv, update_on_kvstore


def _initialize_kvstore(kvstore, param_arrays, arg_params, param_names, update_on_kvstore):
    """Init every parameter in the store; when it updates, broadcast the values to the devices' arrays."""
    for idx, param_on_devs in enumerate(param_arrays):
        name = param_names[idx]
        if not update_on_kvstore:
            kvstore.init(name, arg_params[name])
        else:
            kvstore.broadcast(name, arg_params[name], out=param_on_devs)


def _update_params_on_kvstore(param_arrays, grad_arrays, kvstore, param_names):
    """Push each parameter's per-device gradients and pull the store-updated weights back."""
    for index, (arg_list, grad_list) in enumerate(zip(param_arrays, grad_arrays)):
        if grad_list[0] is None:
            continue
        kvstore.pushpull(param_names[index], grad_list, out=arg_list, priority=-index)


def _update_params(param_arrays, grad_arrays, updater, num_device, kvstore=None, param_names=None):
    """Sum gradients over devices in the store (if any), then run `updater` per device on
    (index * num_device + device, grad, weight) lists."""
    updates = [[] for _ in range(num_device)]
    for index, (arg_list, grad_list) in enumerate(zip(param_arrays, grad_arrays)):
        if grad_list[0] is None:
            continue
        if kvstore:
            kvstore.pushpull(param_names[index], grad_list, priority=-index)
        for k, (w, g) in enumerate(zip(arg_list, grad_list)):
            updates[k].append((index * num_device + k, g, w))
    for dev_updates in updates:
        if dev_updates:
            indices, grads, weights = zip(*dev_updates)
            updater(indices, grads, weights)


def _multiple_callbacks(callbacks, *args, **kwargs):
    """Call one callback or each of a list of callbacks."""
    if isinstance(callbacks, list):
        for cb in callbacks:
            cb(*args, **kwargs)
        return
    if callbacks:
        callbacks(*args, **kwargs)
