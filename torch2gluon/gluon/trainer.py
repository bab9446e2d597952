"""`gluon.Trainer`: MXNet 1.9.1's rescale, stale-gradient check and multi-context reduction over our optimizers.

Single process only: kvstore 'device'/'local'/None. With several contexts per parameter the gradients are summed
across contexts; with `update_on_kvstore` (MXNet's default for multi-device) one update is computed and copied
to every context and the per-context grads are left as they were, otherwise every grad buffer receives the sum
and each context's updater updates its own copy (MXNet's update_on_kvstore=False behaviour).
"""
import torch

from .. import optimizer as opt
from .parameter import Parameter, ParameterDict

__all__ = ["Trainer"]

_LOCAL_KVSTORES = ("device", "local")


class Trainer:
    """Applies an Optimizer to a set of Parameters: `trainer.step(batch_size)` after `backward()`."""

    def __init__(self, params, optimizer, optimizer_params=None, kvstore="device", compression_params=None,
                 update_on_kvstore=None):
        if isinstance(params, (dict, ParameterDict)):
            params = [params[key] for key in sorted(list(params.keys()))]
        if not isinstance(params, (list, tuple)):
            raise ValueError(f"First argument must be a list or dict of Parameters, got {type(params)}.")
        if compression_params is not None:
            raise NotImplementedError("gluon.Trainer: argument 'compression_params' is not supported "
                                      "(gradient compression needs a distributed kvstore)")
        if kvstore is not None and not (isinstance(kvstore, str) and kvstore in _LOCAL_KVSTORES):
            raise NotImplementedError(f"gluon.Trainer: argument 'kvstore'={kvstore!r} is not supported yet; "
                                      "use 'device', 'local' or None (single process)")
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
        self._compression_params = compression_params
        self._contexts = self._check_contexts()
        self._init_optimizer(optimizer, optimizer_params if optimizer_params else {})
        self._scale = self._optimizer.rescale_grad
        self._kvstore_params = {"kvstore": kvstore, "update_on_kvstore": update_on_kvstore}
        self._kv_initialized = False
        self._kvstore = None
        self._update_on_kvstore = None
        self._distributed = None
        self._params_to_init = list(self._params)

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

    def _init_kvstore(self):
        """Resolve the (single-process) kvstore configuration as MXNet does."""
        config = self._kvstore_params
        if self._contexts:
            for param in self._params:  # MXNet reads every param's data here: deferred ones raise
                param.data(self._contexts[0])
        ncontexts = len(self._contexts or [])
        if config["kvstore"] is None or ncontexts <= 1:
            self._kvstore, self._update_on_kvstore = None, None
        else:
            self._kvstore = config["kvstore"]
            uok = config["update_on_kvstore"]
            self._update_on_kvstore = True if uok is None else uok
        self._distributed = False
        self._kv_initialized = True
        self._params_to_init = []

    def _ensure_kv(self):
        if not self._kv_initialized:
            self._init_kvstore()

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
        self._optimizer.rescale_grad = scale

    def step(self, batch_size, ignore_stale_grad=False):
        """Rescale by `scale/batch_size`, reduce grads across contexts and update every trainable parameter."""
        self._check_and_rescale_grad(self._scale / batch_size)
        self._ensure_kv()
        self._allreduce_grads()
        self._update(ignore_stale_grad)

    def allreduce_grads(self):
        """Sum gradients across contexts (only with update_on_kvstore=False, as in MXNet)."""
        self._ensure_kv()
        assert not (self._kvstore and self._update_on_kvstore), (
            "allreduce_grads() when parameters are updated on kvstore is not supported. Try setting "
            "`update_on_kvstore` to False when creating trainer.")
        self._allreduce_grads()

    def _allreduce_grads(self):
        if not self._kvstore or self._update_on_kvstore:
            return
        with torch.no_grad():
            for param in self._params:
                if param.grad_req == "null":
                    continue
                grads = param.list_grad()
                total = _sum_on(grads, grads[0]._t.device)
                for g in grads:
                    g._t.copy_(total)

    def update(self, batch_size, ignore_stale_grad=False):
        """Update parameters with already-reduced grads (after `allreduce_grads`)."""
        self._ensure_kv()
        assert not (self._kvstore and self._update_on_kvstore), (
            "update() when parameters are updated on kvstore is not supported. Try setting "
            "`update_on_kvstore` to False when creating trainer.")
        self._check_and_rescale_grad(self._scale / batch_size)
        self._update(ignore_stale_grad)

    def _update(self, ignore_stale_grad=False):
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
            grads = [d._grad for d in datas]
            if on_kv:
                if ignore_stale_grad and not datas[0]._fresh_grad:
                    continue
                updates[0].append((i, grads, datas))
                for d in datas:
                    d._fresh_grad = False
                continue
            for upd, arr, grad in zip(updates, datas, grads):
                if not ignore_stale_grad or arr._fresh_grad:
                    upd.append((i, grad, arr))
                    arr._fresh_grad = False
        if on_kv:
            self._update_on_store(updates[0])
            return
        for updater, upd in zip(self._updaters, updates):
            if upd:
                idx, g, w = zip(*upd)
                updater(list(idx), list(g), list(w))

    def _update_on_store(self, upd):
        """One update per parameter with the context-summed grad, then the result copied to every context."""
        if not upd:
            return
        idx, gs, ws = [], [], []
        with torch.no_grad():
            for i, grads, datas in upd:
                idx.append(i)
                gs.append(_sum_on(grads, datas[0]._t.device, as_nd=True))
                ws.append(datas[0])
        self._updaters[0](idx, gs, ws)
        with torch.no_grad():
            for _, _, datas in upd:
                for d in datas[1:]:
                    d._t.copy_(datas[0]._t)

    def save_states(self, fname):
        """Write the optimizer and its states to `fname` (a pickle)."""
        assert self._optimizer is not None
        self._ensure_kv()
        with open(fname, "wb") as fout:
            fout.write(self._updaters[0].get_states(dump_optimizer=True))

    def load_states(self, fname):
        """Load optimizer and states written by `save_states`."""
        self._ensure_kv()
        with open(fname, "rb") as f:
            states = f.read()
        for updater in self._updaters:
            updater.set_states(states)
            updater.optimizer = self._updaters[0].optimizer
            updater.aggregate_updates = updater.optimizer.aggregate_num > 0
        self._optimizer = self._updaters[0].optimizer
        self._optimizer.param_dict = {i: param for i, param in enumerate(self._params)}


def _sum_on(arrays, device, as_nd=False):
    """Sum of NDArrays' tensors on `device`."""
    total = arrays[0]._t.detach().to(device, copy=True)
    for a in arrays[1:]:
        total.add_(a._t.detach().to(device))
    if as_nd:
        from ..ndarray.ndarray import wrap
        return wrap(total)
    return total
