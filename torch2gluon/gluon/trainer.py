"""`gluon.Trainer`: MXNet 1.9.1's rescale, stale-gradient check, kvstore configuration and updates.

Follows MXNet's flow: the kvstore is resolved lazily on the first `step`/`allreduce_grads`/`update`
(`_init_kvstore`), parameters are broadcast through it (`_init_params`: every context, and for dist stores
every worker, starts from context 0 / rank 0), and gradients go through `kvstore.pushpull`: with
`update_on_kvstore` the store sums them and applies the optimizer, pulling weights back; otherwise every grad
buffer receives the sum and each context's updater updates its own copy. A dist kvstore sums across
workers over torch.distributed, and `step(batch_size)` rescales by `1/batch_size` exactly as MXNet does:
the summed gradient of all N workers is divided by the `batch_size` given on each worker, so pass the global
batch (per-worker batch x N) to match one process on the combined batch (docs/distributed.md).
"""
from .. import optimizer as opt
from .._model_kvstore import choose_kvstore
from ..kvstore import KVStore
from .parameter import Parameter, ParameterDict

__all__ = ["Trainer"]

_ALWAYS_CREATED = ("horovod", "byteps")   # allreduce stores: needed even with one device per worker


def _create_kvstore(kvstore, num_device, arg_params):
    """(kvstore or None, update_on_kvstore) for a Trainer, by MXNet's rules (model._create_kvstore)."""
    return choose_kvstore(kvstore, num_device, arg_params, _ALWAYS_CREATED)


class Trainer:
    """Applies an Optimizer to a set of Parameters: `trainer.step(batch_size)` after `backward()`."""

    def __init__(self, params, optimizer, optimizer_params=None, kvstore="device", compression_params=None,
                 update_on_kvstore=None):
        if isinstance(params, (dict, ParameterDict)):
            params = [params[key] for key in sorted(list(params.keys()))]
        if not isinstance(params, (list, tuple)):
            raise ValueError(f"First argument must be a list or dict of Parameters, got {type(params)}.")
        if update_on_kvstore not in (None, True, False):
            raise ValueError(f"update_on_kvstore must be None, True or False, got {update_on_kvstore!r}")
        self._params = []
        self._param2idx = {}
        for i, param in enumerate(params):
            if not isinstance(param, Parameter):
                raise ValueError(f"First argument must be a list or dict of Parameters, got list of "
                                 f"{type(param)}.")
            self._param2idx[param.name] = i
            self._params.append(param)
            param._set_trainer(self)
        self._compression_params = compression_params
        self._contexts = self._check_contexts()
        self._init_optimizer(optimizer, optimizer_params if optimizer_params else {})
        self._scale = self._optimizer.rescale_grad
        self._kvstore_params = {"kvstore": kvstore, "update_on_kvstore": update_on_kvstore}
        self._kv_initialized = False
        self._kvstore = None
        self._update_on_kvstore = None
        self._distributed = None
        self._params_to_init = []
        self._reset_kvstore()

    def _check_contexts(self):
        contexts = None
        for param in self._params:
            ctx = param.list_ctx()
            assert contexts is None or contexts == ctx, (
                f"All Parameters must be initialized on the same set of contexts, but Parameter "
                f"{param.name} is initialized on {ctx} while previous Parameters are initialized on "
                f"{contexts}.")
            contexts = ctx
        return contexts

    def _init_optimizer(self, optimizer, optimizer_params):
        param_dict = {i: param for i, param in enumerate(self._params)}
        if isinstance(optimizer, opt.Optimizer):
            assert not optimizer_params, ("optimizer_params must be None if optimizer is an instance of "
                                          "Optimizer instead of str")
            self._optimizer = optimizer
            self._optimizer.param_dict = param_dict
        else:
            self._optimizer = opt.create(optimizer, param_dict=param_dict, **optimizer_params)
        self._updaters = []
        for ctx in (self._contexts or [None]):
            upd = opt.get_updater(self._optimizer)
            upd._device_id = getattr(ctx, "device_id", None)
            self._updaters.append(upd)

    def _reset_kvstore(self):
        """Forget the kvstore configuration (refused for distributed stores, as MXNet)."""
        if self._kvstore and "dist" in self._kvstore.type:
            raise RuntimeError("Cannot reset distributed KVStore.")
        self._kv_initialized = False
        self._kvstore = None
        self._distributed = None
        self._update_on_kvstore = None
        self._params_to_init = list(self._params)

    def _init_kvstore(self):
        """Resolve kvstore and update_on_kvstore as MXNet does (dense weights and gradients)."""
        config = self._kvstore_params
        if any(p._stype != "default" for p in self._params):
            from ._sparse_trainer import init_sparse_kvstore
            return init_sparse_kvstore(self, config)
        arg_arrays = {param.name: param.data(self._contexts[0]) for param in self._params}  # deferred: raises
        kvstore, update_on_kvstore = _create_kvstore(config["kvstore"], len(self._contexts or []), arg_arrays)
        self._distributed = "dist" in kvstore.type if kvstore else False
        if any(p._grad_stype != "default" for p in self._params):   # MXNet's rule for sparse gradients
            update_on_kvstore = self._distributed
            if config["update_on_kvstore"] is False and self._distributed:
                raise ValueError("Cannot set update_on_kvstore=False on dist kvstore when sparse gradients "
                                 "are present.")
        elif self._distributed and "async" in kvstore.type:
            update_on_kvstore = True
            if config["update_on_kvstore"] is False:
                raise ValueError("Please set update_on_kvstore=True when training in async mode.")
        if config["update_on_kvstore"] is not None:
            update_on_kvstore = config["update_on_kvstore"]
        if update_on_kvstore and not kvstore.is_capable("optimizer"):
            if config["update_on_kvstore"]:
                raise ValueError(f"Please set update_on_kvstore=False when training with {type(kvstore)}")
            update_on_kvstore = False
        if kvstore:
            if self._compression_params:
                kvstore.set_gradient_compression(self._compression_params)
            if update_on_kvstore:
                kvstore.set_optimizer(self._optimizer)
            self._kvstore = kvstore
            self._update_on_kvstore = update_on_kvstore
        else:
            self._kvstore = None
            self._update_on_kvstore = None
        self._kv_initialized = True

    def _init_params(self):
        """Broadcast every initialised parameter through the kvstore (context 0 / rank 0 wins)."""
        assert self._kv_initialized, "Cannot initialize parameters in KVStore when KVStore is not initialized."
        pending = []
        if self._kvstore:
            for param in self._params_to_init:
                if param._deferred_init:
                    pending.append(param)
                else:
                    arrays = param._check_and_get(param._data, list)
                    self._kvstore.broadcast(self._param2idx[param.name], arrays[0], arrays)
        self._params_to_init = pending

    def _ensure_kv(self):
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()

    @property
    def learning_rate(self):
        """The optimizer's current learning rate."""
        if not isinstance(self._optimizer, opt.Optimizer):
            raise UserWarning("Optimizer has to be defined before its learning rate can be accessed.")
        return self._optimizer.learning_rate

    @property
    def optimizer(self):
        """The Optimizer in use."""
        if isinstance(self._optimizer, opt.Optimizer):
            return self._optimizer
        raise UserWarning("Optimizer has not been initialized yet")

    def set_learning_rate(self, lr):
        """Set the optimizer's learning rate (UserWarning when an lr_scheduler is set)."""
        if not isinstance(self._optimizer, opt.Optimizer):
            raise UserWarning("Optimizer has to be defined before its learning rate is mutated.")
        self._optimizer.set_learning_rate(lr)

    def _check_and_rescale_grad(self, scale):
        if self._update_on_kvstore and self._distributed and self._kv_initialized:
            if self._optimizer.rescale_grad != scale:
                raise UserWarning("Possible change in the `batch_size` from previous `step` detected. "
                                  "Optimizer gradient normalizing factor will not change w.r.t new batch_size "
                                  "when update_on_kvstore=True and when distributed kvstore is used.")
        self._optimizer.rescale_grad = scale

    def step(self, batch_size, ignore_stale_grad=False):
        """Rescale by `scale/batch_size`, reduce grads through the kvstore and update every trainable parameter."""
        self._check_and_rescale_grad(self._scale / batch_size)
        self._ensure_kv()
        self._allreduce_grads()
        self._update(ignore_stale_grad)

    def allreduce_grads(self):
        """Sum gradients across contexts and workers (only with update_on_kvstore=False, as in MXNet)."""
        self._ensure_kv()
        assert not (self._kvstore and self._update_on_kvstore), (
            "allreduce_grads() when parameters are updated on kvstore is not supported. Try setting "
            "`update_on_kvstore` to False when creating trainer.")
        self._allreduce_grads()

    def _allreduce_grads(self):
        if not self._kvstore:
            return
        if isinstance(self._kvstore, KVStore):
            # Our store: one pushpull for all keys (a dist store then allreduces in buckets); the sums and the
            # per-key updates are those of MXNet's per-key calls. Other KVStoreBase classes get MXNet's calls.
            keys, grads, outs = [], [], []
            for i, param in enumerate(self._params):
                if param.grad_req != "null" and param._stype != "default":
                    self._kvstore.push(i, param.list_grad(), priority=-i)   # updated in the kvstore, not pulled
                elif param.grad_req != "null" and param._grad_stype != "default" and not self._update_on_kvstore:
                    # sparse gradients: push, then pull the sums into the sparse grad buffers (as MXNet)
                    self._kvstore.push(i, param.list_grad(), priority=-i)
                    self._kvstore.pull(i, param.list_grad(), priority=-i, ignore_sparse=self._distributed)
                elif param.grad_req != "null":
                    keys.append(i)
                    grads.append(param.list_grad())
                    outs.append(param.list_data() if self._update_on_kvstore else grads[-1])
            if keys:
                self._kvstore.pushpull(keys, grads, out=outs)
            return
        for i, param in enumerate(self._params):
            if param.grad_req == "null":
                continue
            grads = param.list_grad()
            if self._update_on_kvstore:
                self._kvstore.pushpull(i, grads, out=param.list_data(), priority=-i)
            else:
                self._kvstore.pushpull(i, grads, priority=-i)

    def _row_sparse_pull(self, parameter, out, row_id, full_idx=False):
        """Pull rows `row_id` of `parameter` from the kvstore into `out` (all rows with `full_idx`)."""
        from ._sparse_trainer import row_sparse_pull
        row_sparse_pull(self, parameter, out, row_id, full_idx)

    def update(self, batch_size, ignore_stale_grad=False):
        """Update parameters with already-reduced grads (after `allreduce_grads`)."""
        self._ensure_kv()
        assert not (self._kvstore and self._update_on_kvstore), (
            "update() when parameters are updated on kvstore is not supported. Try setting "
            "`update_on_kvstore` to False when creating trainer.")
        self._check_and_rescale_grad(self._scale / batch_size)
        self._update(ignore_stale_grad)

    def _update(self, ignore_stale_grad=False):
        loss_scaler = getattr(self, "_amp_loss_scaler", None)  # set by mx.contrib.amp.init_trainer
        if loss_scaler is not None and loss_scaler.has_overflow(self._params):
            return  # AMP: an inf/nan gradient skips the whole update
        on_kv = bool(self._kvstore and self._update_on_kvstore)
        updates = [[] for _ in self._updaters]
        for i, param in enumerate(self._params):
            if param.grad_req == "null":
                continue
            datas = param._check_and_get(param._data, list)
            if not ignore_stale_grad:
                for data in datas:
                    if not data._fresh_grad:
                        raise UserWarning(
                            f"Gradient of Parameter `{param.name}` on context {data.context} has not been "
                            "updated by backward since last `step`. This could mean a bug in your model "
                            "that made it only use a subset of the Parameters (Blocks) for this iteration. "
                            "If you are intentionally only using a subset, call step with "
                            "ignore_stale_grad=True to suppress this warning and skip updating of "
                            "Parameters with stale gradient")
            if on_kv:
                continue   # the kvstore already updated (MXNet leaves the fresh-grad flags as they are)
            for upd, arr in zip(updates, datas):
                if not ignore_stale_grad or arr._fresh_grad:
                    upd.append((i, arr._grad, arr))
                    arr._fresh_grad = False
        if on_kv:
            return
        for updater, upd in zip(self._updaters, updates):
            if upd:
                idx, g, w = zip(*upd)
                updater(list(idx), list(g), list(w))

    def save_states(self, fname):
        """Write the optimizer and its states to `fname` (a pickle)."""
        assert self._optimizer is not None
        self._ensure_kv()
        if self._update_on_kvstore:
            assert not self._params_to_init, ("Cannot save trainer states when some parameters are not yet "
                                              "initialized in kvstore.")
            self._kvstore.save_optimizer_states(fname, dump_optimizer=True)
        else:
            with open(fname, "wb") as fout:
                fout.write(self._updaters[0].get_states(dump_optimizer=True))

    def load_states(self, fname):
        """Load optimizer and states written by `save_states`."""
        self._ensure_kv()
        if self._update_on_kvstore:
            self._kvstore.load_optimizer_states(fname)
            self._optimizer = self._kvstore._updater.optimizer
        else:
            with open(fname, "rb") as f:
                states = f.read()
            for updater in self._updaters:
                updater.set_states(states)
                updater.optimizer = self._updaters[0].optimizer
                updater.aggregate_updates = updater.optimizer.aggregate_num > 0
            self._optimizer = self._updaters[0].optimizer
        self._optimizer.param_dict = {i: param for i, param in enumerate(self._params)}
