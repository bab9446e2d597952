"""`Updater`/`get_updater`: per-index optimizer states and the call the Trainer (and a kvstore) makes."""
import pickle

from ..ndarray.ndarray import NDArray
from . import _lazy

__all__ = ["Updater", "get_updater"]


class Updater:
    """Holds one state per parameter index and applies the optimizer: `updater(index, grad, weight)`."""

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.states = {}
        self.states_synced = {}
        self.aggregate_updates = optimizer.aggregate_num > 0
        # The Trainer pins the device id of its context here: our arrays on cpu(N) report cpu(0).
        self._device_id = None

    def __call__(self, index, grad, weight):
        """Update `weight` (or lists of weights) from `grad` for parameter `index`."""
        if not isinstance(index, (list, tuple)):
            indices, grads, weights = [index], [grad], [weight]
        else:
            indices, grads, weights = list(index), list(grad), list(weight)
        opt = self.optimizer
        if self._device_id is not None:
            opt._set_current_context(self._device_id)
        elif weights:
            opt._set_current_context(weights[0].context.device_id)
        for i, idx in enumerate(indices):
            if isinstance(idx, bytes):
                idx = indices[i] = idx.decode()
            if idx not in self.states:
                self.states[idx] = opt.create_state_multi_precision(idx, weights[i])
                self.states_synced[idx] = True
            elif not self.states_synced[idx]:
                self.states[idx] = self.sync_state_context(self.states[idx], weights[i].context)
                self.states_synced[idx] = True
        # row_sparse gradients: the stored rows only
        if any(_lazy.is_lazy(opt, g, w, i) for i, g, w in zip(indices, grads, weights)):
            rest = []
            for i, w, g in zip(indices, weights, grads):
                if _lazy.is_lazy(opt, g, w, i):
                    _lazy.lazy_update(opt, i, w, g, self.states[i])
                else:
                    rest.append((i, w, g))
            indices, weights, grads = [r[0] for r in rest], [r[1] for r in rest], [r[2] for r in rest]
            if not indices:
                return
        if self.aggregate_updates:
            # MXNet groups by weight dtype and hands the optimizer lists of `aggregate_num` params.
            by_dtype = {}
            for i, w, g in zip(indices, weights, grads):
                by_dtype.setdefault(w.dtype, []).append((i, w, g))
            fast = _has_fast_path(opt)
            n = opt.aggregate_num
            for items in by_dtype.values():
                idxs, ws, gs = zip(*items)
                if fast:
                    opt._update_aggregated(idxs, ws, gs, [self.states[i] for i in idxs])
                    continue
                for s in range(0, len(idxs), n):
                    opt.update_multi_precision(list(idxs[s:s + n]), list(ws[s:s + n]), list(gs[s:s + n]),
                                               [self.states[i] for i in idxs[s:s + n]])
        elif len(indices) > 1 and _has_many_path(opt):
            opt._update_many(indices, weights, grads, [self.states[i] for i in indices])
        else:
            for i, w, g in zip(indices, weights, grads):
                opt.update_multi_precision(i, w, g, self.states[i])

    def sync_state_context(self, state, context):
        """`state` moved to `context` (recursively through tuples and lists)."""
        if isinstance(state, NDArray):
            return state.as_in_context(context)
        if isinstance(state, (tuple, list)):
            synced = [self.sync_state_context(s, context) for s in state]
            return tuple(synced) if isinstance(state, tuple) else synced
        return state

    def set_states(self, states):
        """Restore states (and possibly the optimizer) from `get_states`' bytes."""
        states = pickle.loads(states)
        if isinstance(states, tuple) and len(states) == 2:
            self.states, self.optimizer = states
        else:
            self.states = states
        self.states_synced = dict.fromkeys(self.states.keys(), False)

    def get_states(self, dump_optimizer=False):
        """Pickled states (with the optimizer when `dump_optimizer`)."""
        return pickle.dumps((self.states, self.optimizer) if dump_optimizer else self.states)


def _has_fast_path(opt):
    """Whether `opt` has a whole-list `_update_aggregated` that a subclass has not bypassed.

    It is used only when the class that defines it also defines the `update_multi_precision` and
    `_update_impl` in effect, so a user subclass overriding either gets MXNet's chunked calls.
    """
    cls = type(opt)
    owner = next((k for k in cls.__mro__ if "_update_aggregated" in k.__dict__), None)
    if owner is None:
        return False
    return all(getattr(cls, m, None) is getattr(owner, m, None)
               for m in ("update_multi_precision", "_update_impl"))


def _has_many_path(opt):
    """Whether `opt` has an `_update_many` (the per-index loop in one pass) a subclass has not bypassed."""
    cls = type(opt)
    owner = next((k for k in cls.__mro__ if "_update_many" in k.__dict__), None)
    if owner is None:
        return False
    return all(getattr(cls, m, None) is getattr(owner, m, None)
               for m in ("update_multi_precision", "update", "create_state"))


def get_updater(optimizer):
    """An `Updater` for `optimizer`."""
    return Updater(optimizer)
