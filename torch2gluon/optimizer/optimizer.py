"""`Optimizer` base: registry, learning-rate/weight-decay lookup and MXNet 1.9.1's per-index update counting.

Concrete rules live in `sgd.py` (SGD, NAG) and `adaptive.py` (Adam, RMSProp, AdaGrad, AdaDelta). Every
update runs under `torch.no_grad()` and writes the weight tensor in place (weights are autograd leaves).
"""
import os
import warnings

import numpy as np
import torch

from ..ndarray.ndarray import NDArray, wrap

__all__ = ["Optimizer", "register", "create", "zeros_state", "f32"]


def f32(x):
    """`x` rounded to float32, as MXNet's C++ optimizer kernels hold their float hyper-parameters."""
    return float(np.float32(x))


def zeros_state(weight, dtype=None):
    """A zero NDArray shaped like `weight` (an optimizer state), detached from autograd."""
    t = weight._t
    return wrap(torch.zeros(t.shape, dtype=dtype or t.dtype, device=t.device))


def _check_arrays(weight, grad):
    if not isinstance(weight, NDArray):
        raise AssertionError("weight must be an NDArray")
    if not isinstance(grad, NDArray):
        raise AssertionError("grad must be an NDArray")


class Optimizer:
    """Base class of all optimizers (MXNet 1.9.1 constructor arguments)."""

    opt_registry = {}

    def __init__(self, rescale_grad=1., param_idx2name=None, wd=0., clip_gradient=None,
                 learning_rate=None, lr_scheduler=None, sym=None, begin_num_update=0,
                 multi_precision=False, param_dict=None):
        self.rescale_grad = rescale_grad
        self.lr_scheduler = lr_scheduler
        if lr_scheduler is None and learning_rate is None:
            learning_rate = 0.01
        self.lr = learning_rate
        if lr_scheduler is not None and learning_rate is not None and lr_scheduler.base_lr != learning_rate:
            print(UserWarning("learning rate from ``lr_scheduler`` has been overwritten by "
                              "``learning_rate`` in optimizer."))
            lr_scheduler.base_lr = learning_rate
        self.wd = wd
        self.lr_mult = {}
        self.wd_mult = {}
        self.begin_num_update = begin_num_update
        self.num_update = begin_num_update
        self._all_index_update_counts = {0: {}}
        self._index_update_count = self._all_index_update_counts[0]
        self.clip_gradient = clip_gradient
        self.multi_precision = multi_precision
        # aggregate_num (an attribute, as in MXNet 1.9.1, not a constructor argument): how many params one
        # aggregated update covers (MXNet's lr is computed per group); 0 disables aggregation.
        # use_fused_step (torch2gluon's own attribute): False forces the per-parameter path.
        self.aggregate_num = 0
        self.use_fused_step = True
        if param_idx2name is None:
            param_idx2name = {}
        assert isinstance(param_idx2name, dict), \
            "param_idx2name should be a dict of param indexes to names."
        self.idx2name = param_idx2name.copy()
        # like MXNet: a symbol's variables may carry __lr_mult__ / __wd_mult__ attributes
        self.sym_info = (sym.attr_dict(), sym.list_arguments()) if sym is not None else ()
        self.param_dict = param_dict if param_dict else {}
        self.allow_np_array = False
        self.set_lr_mult({})
        self.set_wd_mult({})

    # ------------------------------------------------------------------ registry
    @staticmethod
    def register(klass):
        """Register an optimizer class under its lower-cased name."""
        assert isinstance(klass, type)
        name = klass.__name__.lower()
        if name in Optimizer.opt_registry:
            old = Optimizer.opt_registry[name]
            warnings.warn(f"WARNING: New optimizer {klass.__module__}.{klass.__name__} is overriding "
                          f"existing optimizer {old.__module__}.{old.__name__}")
        Optimizer.opt_registry[name] = klass
        return klass

    @staticmethod
    def create_optimizer(name, **kwargs):
        """Instantiate the registered optimizer `name` (case-insensitive) with `kwargs`."""
        if name.lower() in Optimizer.opt_registry:
            return Optimizer.opt_registry[name.lower()](**kwargs)
        raise ValueError(f"Cannot find optimizer {name}")

    # ------------------------------------------------------------------ learning rate
    @property
    def learning_rate(self):
        """The current learning rate (the scheduler's value at `num_update` if there is one)."""
        if self.lr_scheduler is not None:
            return self.lr_scheduler(self.num_update)
        return self.lr

    def set_learning_rate(self, lr):
        """Set the learning rate; raises UserWarning when an lr_scheduler is in charge."""
        if self.lr_scheduler is not None:
            raise UserWarning("LRScheduler of the optimizer has already been defined. Note that "
                              "set_learning_rate can mutate the value of the learning rate of the "
                              "optimizer only when the LRScheduler of the optimizer is undefined.")
        self.lr = lr

    def set_lr_scale(self, args_lrscale):  # pylint: disable=unused-argument
        """Deprecated; use set_lr_mult."""
        raise DeprecationWarning

    def set_lr_mult(self, args_lr_mult):
        """Set per-parameter learning-rate multipliers (keys: index or name)."""
        self.lr_mult = self._sym_mults("__lr_mult__")
        self.lr_mult.update(args_lr_mult)

    def set_wd_mult(self, args_wd_mult):
        """Set per-parameter weight-decay multipliers; names not ending in _weight/_gamma default to 0."""
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not (n.endswith("_weight") or n.endswith("_gamma")):
                self.wd_mult[n] = 0.0
        self.wd_mult.update(self._sym_mults("__wd_mult__"))
        self.wd_mult.update(args_wd_mult)

    def _sym_mults(self, key):
        """{argument name: float} for the symbol variables (given as `sym`) carrying attribute `key`."""
        if not self.sym_info:
            return {}
        attr, arg_names = self.sym_info
        return {n: float(attr[n][key]) for n in arg_names if n in attr and key in attr[n]}

    # ------------------------------------------------------------------ counting and lookup
    def _set_current_context(self, device_id):
        """Switch to the update counters of device `device_id`."""
        if device_id not in self._all_index_update_counts:
            self._all_index_update_counts[device_id] = {}
        self._index_update_count = self._all_index_update_counts[device_id]

    def _update_count(self, index):
        """Count one more update for `index` (an int or a list); `num_update` is the max count."""
        if not isinstance(index, (list, tuple)):
            index = [index]
        counts = self._index_update_count
        for idx in index:
            c = counts.get(idx, self.begin_num_update) + 1
            counts[idx] = c
            if c > self.num_update:
                self.num_update = c

    def _base_lr(self):
        """The base learning rate of this update (scheduler output, else `lr`)."""
        return self.lr_scheduler(self.num_update) if self.lr_scheduler is not None else self.lr

    def _get_lrs(self, indices):
        """Learning rates for `indices`, with lr_mult applied."""
        lr = self._base_lr()
        lrs = [lr] * len(indices)
        for i, index in enumerate(indices):
            if index in self.param_dict:
                lrs[i] *= self.param_dict[index].lr_mult
            elif index in self.lr_mult:
                lrs[i] *= self.lr_mult[index]
            elif index in self.idx2name:
                lrs[i] *= self.lr_mult.get(self.idx2name[index], 1.0)
        return lrs

    def _get_lr(self, index):
        """Learning rate for one index."""
        return self._get_lrs([index])[0]

    def _get_wds(self, indices):
        """Weight decays for `indices`, with wd_mult applied."""
        wds = [self.wd] * len(indices)
        for i, index in enumerate(indices):
            if index in self.param_dict:
                wds[i] *= self.param_dict[index].wd_mult
            elif index in self.wd_mult:
                wds[i] *= self.wd_mult[index]
            elif index in self.idx2name:
                wds[i] *= self.wd_mult.get(self.idx2name[index], 1.0)
        return wds

    def _get_wd(self, index):
        """Weight decay for one index."""
        return self._get_wds([index])[0]

    # ------------------------------------------------------------------ states and updates
    def create_state(self, index, weight):
        """Auxiliary state for `weight` (None for stateless optimizers)."""
        return None

    def create_state_multi_precision(self, index, weight):
        """State including a float32 master copy when multi_precision is on and `weight` is float16."""
        if self.multi_precision and weight.dtype == np.float16:
            master = wrap(weight._t.detach().to(torch.float32))
            return (master,) + (self.create_state(index, master),)
        if weight.dtype == np.float16 and not self.multi_precision:
            warnings.warn("Accumulating with float16 in optimizer can lead to poor accuracy or slow "
                          "convergence. Consider using multi_precision=True option of the optimizer")
        return self.create_state(index, weight)

    def update(self, index, weight, grad, state):
        """Update `weight` in place from `grad` and `state`."""
        raise NotImplementedError()

    def update_multi_precision(self, index, weight, grad, state):
        """`update`, through the float32 master copy when multi_precision applies."""
        if self.multi_precision and weight.dtype == np.float16:
            master, inner = state
            self.update(index, master, wrap(grad._t.detach().to(torch.float32)), inner)
            with torch.no_grad():
                weight._t.copy_(master._t)
        else:
            self.update(index, weight, grad, state)

    def __getstate__(self):
        ret = self.__dict__.copy()
        ret.pop("param_dict", None)
        return ret

    def __setstate__(self, state):
        self.__dict__ = state
        self.param_dict = {}


def _env_aggregate_num():
    return int(os.getenv("MXNET_OPTIMIZER_AGGREGATION_SIZE", "4"))


register = Optimizer.register
create = Optimizer.create_optimizer


def __getattr__(name):
    """`mxnet.optimizer.optimizer` also holds every optimizer class, `Updater` and `get_updater`."""
    import importlib
    pkg = importlib.import_module(__package__)
    if name in getattr(pkg, "__all__", ()) and name != "contrib":
        return getattr(pkg, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
