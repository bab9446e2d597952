"""`Module`: MXNet 1.9.1's symbolic training interface (bind, init_params, init_optimizer, forward, backward,
update, fit, checkpoints) over torch2gluon's graph executor.

As in MXNet the module keeps its own copies of the parameters (`get_params`) apart from the executor's
arrays, synchronised lazily after updates; the optimizer is created with `rescale_grad = 1/batch_size` and
`param_idx2name`, parameters in `fixed_param_names` get no gradient and are never updated, and auxiliary
states (BatchNorm's moving statistics) are updated by the training backward. With several contexts the
batch is split along its batch axis by `work_load_list` (one executor per context), gradients are summed
by a 'local' kvstore and parameters/aux states read back as the mean over devices, as MXNet does.
"""
import logging
import warnings

from .. import context as ctx
from .. import optimizer as opt
from ..initializer import Uniform, InitDesc
from ..io import DataDesc
from .._sparse_bind import sparse_simple_bind
from ..model import load_checkpoint, _create_kvstore
from ..ndarray import zeros
from .base_module import BaseModule, _check_input_names, _parse_data_desc
from .executor import GraphExecutor

__all__ = ["Module"]


def _split_input_slice(batch_size, work_load_list):
    """Batch slices proportional to the work loads (rounded; the last takes the remainder), like MXNet."""
    total = sum(work_load_list)
    sizes = [round(w * batch_size / total) for w in work_load_list]
    if sum(sizes) < batch_size:
        sizes[-1] += batch_size - sum(sizes)
    slices, end = [], 0
    for n in sizes:
        begin = int(min(end, batch_size))
        end = int(min(begin + n, batch_size))
        if begin >= end:
            raise ValueError("Too many slices. Some splits are empty.")
        slices.append(slice(begin, end))
    return slices


def _take(arr, axis, sl):
    """The part `sl` of `arr` along `axis` (the array itself when `sl` covers it)."""
    if axis < 0 or (sl.start == 0 and sl.stop == arr.shape[axis]):
        return arr
    if axis == 0:
        return arr[sl.start:sl.stop]
    from ..ndarray import slice_axis
    return slice_axis(arr, axis=axis, begin=sl.start, end=sl.stop)


def _merge(per_device, axis):
    """One array from per-device parts (concatenated along `axis`; the first part when axis < 0)."""
    if axis < 0 or len(per_device) == 1:
        return per_device[0]
    from ..ndarray import concat
    return concat(*per_device, dim=axis)




def _per_device_groups(group2ctxs, n_dev):
    """`group2ctxs` (None, a list of per-device dicts, or a dict of group -> context or list of contexts)
    as one group2ctx dict per device, as MXNet's executor group reads it."""
    if group2ctxs is None:
        return [None] * n_dev
    if isinstance(group2ctxs, list):
        assert len(group2ctxs) == n_dev, "length of group2ctxs should be %d" % n_dev
        return group2ctxs
    if isinstance(group2ctxs, dict):
        out = [{} for _ in range(n_dev)]
        for group, where in group2ctxs.items():
            if isinstance(where, ctx.Context):
                where = [where] * n_dev
            elif len(where) == 1:
                where = list(where) * n_dev
            else:
                assert len(where) == n_dev, "length of group2ctxs[%s] should be %d or 1" % (group, n_dev)
            for i in range(n_dev):
                out[i][group] = where[i]
        return out
    raise AssertionError("group2ctxs should be list of dict of str to context, or dict of str to context or "
                         "list of context")


class Module(BaseModule):
    """A module computing `symbol`, with inputs `data_names` / `label_names` and the other arguments as
    parameters (auxiliary states apart)."""

    def __init__(self, symbol, data_names=("data",), label_names=("softmax_label",), logger=logging,
                 context=ctx.cpu(), work_load_list=None, fixed_param_names=None, state_names=None,
                 group2ctxs=None, compression_params=None):
        super().__init__(logger=logger)
        if isinstance(context, ctx.Context):
            context = [context]
        self._context = context
        if work_load_list is None:
            work_load_list = [1] * len(self._context)
        assert len(work_load_list) == len(self._context)
        self._work_load_list = work_load_list
        self._group2ctxs = group2ctxs
        self._symbol = symbol
        data_names = list(data_names) if data_names is not None else []
        label_names = list(label_names) if label_names is not None else []
        state_names = list(state_names) if state_names is not None else []
        fixed_param_names = list(fixed_param_names) if fixed_param_names is not None else []
        _check_input_names(symbol, data_names, "data", True)
        _check_input_names(symbol, label_names, "label", False)
        _check_input_names(symbol, state_names, "state", True)
        _check_input_names(symbol, fixed_param_names, "fixed_param", True)
        input_names = data_names + label_names + state_names
        self._param_names = [x for x in symbol.list_arguments() if x not in input_names]
        self._fixed_param_names = fixed_param_names
        self._aux_names = symbol.list_auxiliary_states()
        self._data_names = data_names
        self._label_names = label_names
        self._state_names = state_names
        self._output_names = symbol.list_outputs()
        self._arg_params = None
        self._aux_params = None
        self._params_dirty = False
        self._compression_params = compression_params
        self._optimizer = None
        self._kvstore = None
        self._update_on_kvstore = None
        self._updater = None
        self._preload_opt_states = None
        self._grad_req = None
        self._execs = []
        self._slices = None
        self._batch_size = None
        self._data_shapes = None
        self._label_shapes = None

    # ------------------------------------------------------------------ checkpoints
    @staticmethod
    def load(prefix, epoch, load_optimizer_states=False, **kwargs):
        """A Module from checkpoint `prefix` at `epoch` (parameters assigned at bind; optimizer states at
        init_optimizer when `load_optimizer_states`); `kwargs` go to the constructor."""
        sym, args, auxs = load_checkpoint(prefix, epoch)
        mod = Module(symbol=sym, **kwargs)
        mod._arg_params = args
        mod._aux_params = auxs
        mod.params_initialized = True
        if load_optimizer_states:
            mod._preload_opt_states = "%s-%04d.states" % (prefix, epoch)
        return mod

    def save_checkpoint(self, prefix, epoch, save_optimizer_states=False, remove_amp_cast=True):
        """Write `prefix-symbol.json`, `prefix-%04d.params` and (optionally) `prefix-%04d.states`."""
        self._symbol.save(f"{prefix}-symbol.json", remove_amp_cast=remove_amp_cast)
        param_name = "%s-%04d.params" % (prefix, epoch)
        self.save_params(param_name)
        logging.info('Saved checkpoint to "%s"', param_name)
        if save_optimizer_states:
            state_name = "%s-%04d.states" % (prefix, epoch)
            self.save_optimizer_states(state_name)
            logging.info('Saved optimizer state to "%s"', state_name)

    # ------------------------------------------------------------------ names and shapes
    @property
    def _exec_group(self):
        """MXNet's executor group (None until bound): a live view of the executors' arrays (exec_group.py)."""
        if not self.binded:
            return None
        from .exec_group import ExecGroupView
        return ExecGroupView(self)

    def _reset_bind(self):
        self.binded = False
        self._execs = []
        self._data_shapes = None
        self._label_shapes = None

    @property
    def data_names(self):
        """Names of the data inputs."""
        return self._data_names

    @property
    def label_names(self):
        """Names of the label inputs."""
        return self._label_names

    @property
    def output_names(self):
        """Names of the outputs (the symbol's list_outputs())."""
        return self._output_names

    @property
    def data_shapes(self):
        """DataDescs of the data inputs (after bind)."""
        assert self.binded
        return self._data_shapes

    @property
    def label_shapes(self):
        """DataDescs of the label inputs (after bind; None when bound without labels)."""
        assert self.binded
        return self._label_shapes

    @property
    def output_shapes(self):
        """(name, shape) of each output (after bind)."""
        assert self.binded
        shapes = []
        for name, shape, axis in zip(self._output_names, self._execs[0].output_shapes, self._output_axes()):
            shape = list(shape)
            if axis >= 0:
                shape[axis] = self._batch_size
            shapes.append((name, tuple(shape)))
        return shapes

    def _output_axes(self):
        return [DataDesc.get_batch_axis(self._symbol[i].attr("__layout__")) for i in range(len(self._output_names))]

    # ------------------------------------------------------------------ parameters
    def get_params(self):
        """`(arg_params, aux_params)`: the module's copies, refreshed from the executor after updates."""
        assert self.params_initialized
        if self._params_dirty:
            self._sync_params_from_devices()
        return self._arg_params, self._aux_params

    def init_params(self, initializer=Uniform(0.01), arg_params=None, aux_params=None, allow_missing=False,
                    force_init=False, allow_extra=False):
        """Fill parameters from `arg_params`/`aux_params` (copied) or `initializer` (sorted by name)."""
        if self.params_initialized and not force_init:
            warnings.warn("Parameters already initialized and force_init=False. init_params call ignored.",
                          stacklevel=2)
            return
        assert self.binded, "call bind before initializing the parameters"

        def _impl(name, arr, cache):
            if cache is not None:
                if name in cache:
                    cache_arr = cache[name]
                    if cache_arr is not arr:
                        cache_arr.copyto(arr)
                else:
                    if not allow_missing:
                        raise RuntimeError("%s is not presented" % name)
                    if initializer is not None:
                        initializer(name, arr)
            else:
                initializer(name, arr)

        attrs = self._symbol.attr_dict()
        for name, arr in sorted(self._arg_params.items()):
            _impl(InitDesc(name, attrs.get(name, None)), arr, arg_params)
        for name, arr in sorted(self._aux_params.items()):
            _impl(InitDesc(name, attrs.get(name, None)), arr, aux_params)
        self.params_initialized = True
        self._params_dirty = False
        for ex in self._execs:
            ex.copy_params_from(self._arg_params, self._aux_params, allow_extra_params=allow_extra)

    def set_params(self, arg_params, aux_params, allow_missing=False, force_init=True, allow_extra=False):
        """Assign parameter values (copied into the executor)."""
        if not allow_missing:
            self.init_params(initializer=None, arg_params=arg_params, aux_params=aux_params,
                             allow_missing=allow_missing, force_init=force_init, allow_extra=allow_extra)
            return
        if self.params_initialized and not force_init:
            warnings.warn("Parameters already initialized and force_init=False. set_params call ignored.",
                          stacklevel=2)
            return
        for ex in self._execs:
            ex.copy_params_from(arg_params, aux_params, allow_extra_params=allow_extra)
        self._params_dirty = True
        self.params_initialized = True

    def _sync_params_from_devices(self):
        def mean(arrays):  # MXNet: the sum over devices (on cpu) divided by their number
            total = arrays[0].copyto(ctx.cpu())
            for a in arrays[1:]:
                total = total + a.copyto(ctx.cpu())
            return total / len(arrays) if len(arrays) > 1 else total

        for name in self._param_names:
            mean([ex.arg_dict[name] for ex in self._execs]).astype(self._arg_params[name].dtype).copyto(
                self._arg_params[name])
        for name in self._aux_names:
            mean([ex.aux_dict[name] for ex in self._execs]).astype(self._aux_params[name].dtype).copyto(
                self._aux_params[name])
        if self._kvstore and self._update_on_kvstore:  # row_sparse parameters live in the kvstore: all rows
            from ..ndarray import arange
            for name, value in sorted(self._arg_params.items()):
                if value.stype == "row_sparse":
                    self._kvstore.row_sparse_pull(name, value, row_ids=arange(0, value.shape[0], dtype="int64"))
        self._params_dirty = False

    # ------------------------------------------------------------------ binding
    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False, force_rebind=False,
             shared_module=None, grad_req="write"):
        """Allocate the executor for these input shapes (DataDescs or (name, shape) pairs)."""
        if force_rebind:
            self._reset_bind()
        if self.binded:
            self.logger.warning("Already bound, ignoring bind()")
            return
        self.for_training = for_training
        self.inputs_need_grad = inputs_need_grad
        self._grad_req = grad_req
        if not for_training:
            assert not inputs_need_grad
        self._data_shapes, self._label_shapes = _parse_data_desc(self.data_names, self.label_names, data_shapes,
                                                                 label_shapes)
        shared = [None] * len(self._context)
        shared_grads = [None] * len(self._context)
        if shared_module is not None:
            assert isinstance(shared_module, Module) and shared_module.binded and shared_module.params_initialized
            assert len(shared_module._execs) >= len(self._context)
            shared, shared_grads = [], []
            for ex in shared_module._execs[:len(self._context)]:
                arrays = {n: ex.arg_dict[n] for n in shared_module._param_names}
                arrays.update(ex.aux_dict)
                shared.append(arrays)
                shared_grads.append({n: ex.grad_dict[n] for n in shared_module._param_names if n in ex.grad_dict})
        self._decide_slices()
        reqs = self._grad_reqs(grad_req)
        from ..base import MXNetError
        from ..symbol.grad_check import check_differentiable, wants_grad
        if wants_grad(reqs):
            try:
                check_differentiable(self._symbol)
            except MXNetError as e:  # MXNet's executor group binds with simple_bind: its RuntimeError
                descs = list(self._data_shapes) + list(self._label_shapes or [])
                raise RuntimeError("simple_bind error. Arguments:\n" + "\n".join(
                    f"{d.name}: {tuple(d.shape)}" for d in descs) + "\n" + str(e)) from None
        groups = _per_device_groups(self._group2ctxs, len(self._context))
        self._execs = [GraphExecutor(self._symbol, c, *self._input_descs(i), reqs, shared_arrays=shared[i],
                                     group2ctx=groups[i], shared_grads=shared_grads[i])
                       for i, c in enumerate(self._context)]
        for ex in self._execs:  # variables declared csr/row_sparse, and MXNet's sparse gradient arrays
            sparse_simple_bind(self._symbol, ex)
        if shared_module is not None:
            self.params_initialized = True
            self._arg_params = shared_module._arg_params
            self._aux_params = shared_module._aux_params
        elif self.params_initialized:
            for ex in self._execs:
                ex.copy_params_from(self._arg_params, self._aux_params)
        else:
            assert self._arg_params is None and self._aux_params is None
            ex = self._execs[0]
            self._arg_params = {n: zeros(ex.arg_dict[n].shape, dtype=ex.arg_dict[n].dtype, stype=ex.arg_dict[n].stype)
                                for n in self._param_names}
            self._aux_params = {n: zeros(ex.aux_dict[n].shape, dtype=ex.aux_dict[n].dtype) for n in self._aux_names}
        if shared_module is not None and shared_module.optimizer_initialized:
            self.borrow_optimizer(shared_module)
        self.binded = True

    def _decide_slices(self):
        """The batch size (all inputs with a batch axis must agree) and its split over the contexts."""
        self._batch_size = None
        for d in list(self._data_shapes) + list(self._label_shapes or []):
            axis = DataDesc.get_batch_axis(d.layout)
            if axis < 0:
                continue
            if self._batch_size is None:
                self._batch_size = d.shape[axis]
            else:
                assert d.shape[axis] == self._batch_size, (
                    "all data must have the same batch size: batch_size = %d, but %s has shape %s"
                    % (self._batch_size, d.name, d.shape))
        self._slices = (_split_input_slice(self._batch_size, self._work_load_list)
                        if self._batch_size is not None else [slice(i, i + 1) for i in range(len(self._context))])

    def _input_descs(self, i):
        descs = []
        for d in list(self._data_shapes) + list(self._label_shapes or []):
            axis = DataDesc.get_batch_axis(d.layout)
            shape = list(d.shape)
            if axis >= 0:
                shape[axis] = self._slices[i].stop - self._slices[i].start
            descs.append(DataDesc(d.name, tuple(shape), d.dtype, d.layout))
        known = set(self._symbol.list_inputs())
        attrs = self._symbol.attr_dict()
        shapes, types = {}, {}
        for d in descs:
            if d.name not in known:
                continue  # MXNet warned about it at construction
            shapes[d.name] = tuple(d.shape)
            dtype = d.dtype
            code = attrs.get(d.name, {}).get("__dtype__")
            if d.name in self._data_names and code not in (None, "-1"):
                from ..symbol.shape_infer import _CODE_DTYPES
                dtype = _CODE_DTYPES[int(code)]
            types[d.name] = dtype
        return shapes, types

    def _grad_reqs(self, grad_req):
        arg_names = self._symbol.list_arguments()
        data_names = [d.name for d in self._data_shapes]
        if not self.for_training:
            grad_req = "null"
        if isinstance(grad_req, str):
            reqs = {}
            for k in arg_names:
                if k in self._param_names:
                    reqs[k] = "null" if k in self._fixed_param_names else grad_req
                elif k in data_names:
                    reqs[k] = grad_req if self.inputs_need_grad else "null"
                else:
                    reqs[k] = "null"
            return reqs
        if isinstance(grad_req, (list, tuple)):
            assert len(grad_req) == len(arg_names)
            return dict(zip(arg_names, grad_req))
        if isinstance(grad_req, dict):
            reqs = self._grad_reqs("write")
            reqs.update(grad_req)
            return reqs
        raise ValueError("grad_req must be one of str, list, tuple, or dict.")

    def reshape(self, data_shapes, label_shapes=None):
        """Re-bind to new input shapes, keeping the parameters."""
        assert self.binded
        self._data_shapes, self._label_shapes = _parse_data_desc(self.data_names, self.label_names, data_shapes,
                                                                 label_shapes)
        self._decide_slices()
        for i, ex in enumerate(self._execs):
            ex.reshape(*self._input_descs(i))

    # ------------------------------------------------------------------ optimizer
    def init_optimizer(self, kvstore="local", optimizer="sgd", optimizer_params=(("learning_rate", 0.01),),
                       force_init=False):
        """Create the optimizer (by name with `optimizer_params`, rescale_grad=1/batch_size) and its updater."""
        assert self.binded and self.params_initialized
        if self.optimizer_initialized and not force_init:
            self.logger.warning("optimizer already initialized, ignoring...")
            return
        if self._params_dirty:
            self._sync_params_from_devices()
        kvstore, update_on_kvstore = _create_kvstore(kvstore, len(self._context), self._arg_params)
        batch_size = self._batch_size
        if kvstore and "dist" in kvstore.type and "_sync" in kvstore.type:
            batch_size *= kvstore.num_workers
        rescale_grad = 1.0 / batch_size
        n_dev = len(self._context)
        if update_on_kvstore:
            idx2name = dict(enumerate(self._param_names))
        else:
            idx2name = {i * n_dev + k: n for k in range(n_dev) for i, n in enumerate(self._param_names)}
        if isinstance(optimizer, str):
            optimizer_params = dict(optimizer_params)
            if "rescale_grad" not in optimizer_params:
                optimizer_params["rescale_grad"] = rescale_grad
            optimizer = opt.create(optimizer, sym=self.symbol, param_idx2name=idx2name, **optimizer_params)
        else:
            assert isinstance(optimizer, opt.Optimizer)
            if optimizer.rescale_grad != rescale_grad:
                warnings.warn("Optimizer created manually outside Module but rescale_grad is not normalized to "
                              "1.0/batch_size/num_workers (%s vs. %s). Is this intended?"
                              % (optimizer.rescale_grad, rescale_grad), stacklevel=2)
            if not optimizer.idx2name:
                optimizer.idx2name = idx2name.copy()
        self._optimizer = optimizer
        self._kvstore = kvstore
        self._update_on_kvstore = update_on_kvstore
        self._updater = None
        if kvstore:
            if self._compression_params:
                kvstore.set_gradient_compression(self._compression_params)
            if update_on_kvstore:
                kvstore.set_optimizer(self._optimizer)
            for name in self._param_names:  # row_sparse parameters: kept in the kvstore, pulled by prepare()
                if update_on_kvstore and self._arg_params[name].stype == "default":
                    kvstore.broadcast(name, self._arg_params[name], out=[ex.arg_dict[name] for ex in self._execs])
                else:
                    kvstore.init(name, self._arg_params[name])
        if not update_on_kvstore:
            self._updater = opt.get_updater(optimizer)
        self.optimizer_initialized = True
        if self._preload_opt_states is not None:
            self.load_optimizer_states(self._preload_opt_states)
            self._preload_opt_states = None

    def borrow_optimizer(self, shared_module):
        """Use `shared_module`'s optimizer, kvstore and updater."""
        assert shared_module.optimizer_initialized
        self._optimizer = shared_module._optimizer
        self._kvstore = shared_module._kvstore
        self._update_on_kvstore = shared_module._update_on_kvstore
        self._updater = shared_module._updater
        self.optimizer_initialized = True

    # ------------------------------------------------------------------ computation
    def forward(self, data_batch, is_train=None):
        """Copy the batch into the bound inputs (re-binding if its shapes differ) and run the graph."""
        assert self.binded and self.params_initialized
        if isinstance(data_batch, list):
            raise NotImplementedError("Module.forward: argument 'data_batch' as a list of pre-sliced batches "
                                      "(multi-device) is not supported by torch2gluon")
        curr = tuple(d.shape for d in self._data_shapes)
        new = tuple(tuple(d.shape) for d in data_batch.data)
        if curr != new:
            if getattr(data_batch, "provide_data", None):
                new_dshape = data_batch.provide_data
            else:
                new_dshape = [DataDesc(d.name, s, d.dtype, d.layout) for d, s in zip(self._data_shapes, new)]
            if getattr(data_batch, "provide_label", None):
                new_lshape = data_batch.provide_label
            elif getattr(data_batch, "label", None):
                new_lshape = [DataDesc(d.name, j.shape, d.dtype, d.layout)
                              for d, j in zip(self._label_shapes, data_batch.label)]
            else:
                new_lshape = None
            self.reshape(new_dshape, new_lshape)
        pairs = list(zip(self._data_shapes, data_batch.data))
        if self._label_shapes is not None and data_batch.label:
            pairs += list(zip(self._label_shapes, data_batch.label))
        if is_train is None:
            is_train = self.for_training
        for ex, sl in zip(self._execs, self._slices):
            for desc, arr in pairs:
                if desc.name in ex.arg_dict:
                    _take(arr, DataDesc.get_batch_axis(desc.layout), sl).copyto(ex.arg_dict[desc.name])
            ex.forward(is_train=is_train)

    def backward(self, out_grads=None):
        """Gradients of the last training forward (head gradients `out_grads` for non-loss outputs)."""
        assert self.binded and self.params_initialized
        assert self.for_training, "re-bind with for_training=True to run backward"
        if out_grads is None or len(self._execs) == 1:
            for ex in self._execs:
                ex.backward(out_grads=out_grads)
            return
        if not isinstance(out_grads, (list, tuple)):
            out_grads = [out_grads]
        for ex, sl in zip(self._execs, self._slices):
            ex.backward(out_grads=[_take(g, axis, sl) for g, axis in zip(out_grads, self._output_axes())])

    def update(self):
        """Apply the optimizer to every parameter that has a gradient (fixed parameters have none)."""
        assert self.binded and self.params_initialized and self.optimizer_initialized
        self._params_dirty = True
        import torch
        execs, n_dev = self._execs, len(self._execs)
        updates = [[] for _ in range(n_dev)]
        for index, name in enumerate(self._param_names):
            if name not in execs[0].grad_dict:
                continue  # grad_req 'null' (fixed parameters): no gradient, no update
            grads = [ex.grad_dict[name] for ex in execs]
            weights = [ex.arg_dict[name] for ex in execs]
            dense = grads[0].stype == "default" and weights[0].stype == "default"
            if self._update_on_kvstore:
                with torch.no_grad():
                    if dense:
                        self._kvstore.pushpull(name, grads, out=weights, priority=-index)
                    else:  # the pull leaves sparse weights alone (MXNet's warning): prepare() pulls their rows
                        self._kvstore.push(name, grads, priority=-index)
                        self._kvstore.pull(name, out=weights, priority=-index)
                continue
            if self._kvstore:
                if dense:
                    self._kvstore.pushpull(name, grads, priority=-index)
                else:
                    self._kvstore.push(name, grads, priority=-index)
                    self._kvstore.pull(name, out=grads, priority=-index)
            for k in range(n_dev):
                updates[k].append((index * n_dev + k, grads[k], weights[k]))
        with torch.no_grad():
            for dev_updates in updates:
                if dev_updates:
                    indices, grads, weights = zip(*dev_updates)
                    self._updater(list(indices), list(grads), list(weights))

    def get_outputs(self, merge_multi_context=True):
        """Outputs of the last forward (a list; a list of per-device lists without merging)."""
        assert self.binded and self.params_initialized
        per_output = [[ex.outputs[i] for ex in self._execs] for i in range(len(self._output_names))]
        if not merge_multi_context:
            return per_output
        return [_merge(parts, axis) for parts, axis in zip(per_output, self._output_axes())]

    def get_input_grads(self, merge_multi_context=True):
        """Gradients of the data inputs (bind with inputs_need_grad=True)."""
        assert self.binded and self.params_initialized and self.inputs_need_grad
        # an input with no gradient (grad_req 'null') still has its place, as None (MXNet's executors)
        descs = list(self._data_shapes)
        grads = [[ex.grad_dict.get(d.name) for ex in self._execs] for d in descs]
        if not merge_multi_context:
            return grads
        return [g[0] if any(x is None for x in g) else _merge(g, DataDesc.get_batch_axis(d.layout))
                for g, d in zip(grads, descs)]

    def get_states(self, merge_multi_context=True):
        """The state inputs (`state_names`) as per-device lists (merge_multi_context must be False)."""
        assert self.binded and self.params_initialized
        assert not merge_multi_context, "merge_multi_context=True is not supported for get_states yet."
        return [[ex.arg_dict[n] for ex in self._execs] for n in self._state_names]

    def set_states(self, states=None, value=None):
        """Set the state inputs from arrays (`states`) or to a scalar `value`."""
        assert self.binded and self.params_initialized
        targets = [[ex.arg_dict[n] for ex in self._execs] for n in self._state_names]
        if states is not None:
            assert value is None, "Only one of states & value can be specified."
            for src, dsts in zip(states, targets):
                if not isinstance(src, (list, tuple)):
                    # MXNet unpacks each per-device target as a (slice, array) pair and so fails by the
                    # number of rows of the bare array: a ValueError unless it has exactly two
                    rows = src.shape[0] if getattr(src, "shape", None) else 0
                    if rows != 2:
                        raise ValueError("Module.set_states: `states` holds, for each state, a list with one "
                                         "array per device (a bare array cannot be unpacked: %s values to "
                                         "unpack, expected 2)" % ("too many" if rows > 2 else "not enough"))
                    raise AttributeError("Module.set_states: `states` holds, for each state, a list with one "
                                         "array per device ('NDArray' object has no attribute 'start')")
                for s_, d_ in zip(src, dsts):
                    s_.copyto(d_)
        else:
            assert value is not None, "At least one of states & value must be specified."
            for dsts in targets:
                for dst in dsts:
                    dst[:] = value

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """Accumulate `eval_metric` with the outputs (by output name) against `labels` (by label name)."""
        from collections import OrderedDict
        descs = list(self._label_shapes) if self._label_shapes is not None else []
        for k, (ex, sl) in enumerate(zip(self._execs, self._slices)):
            if pre_sliced:
                parts = labels[k]
            else:
                parts = [_take(lab, DataDesc.get_batch_axis(d.layout), sl) for lab, d in zip(labels, descs)]
            eval_metric.update_dict(OrderedDict(zip([d.name for d in descs], parts)),
                                    OrderedDict(zip(self._output_names, ex.outputs)))

    # ------------------------------------------------------------------ optimizer states
    def save_optimizer_states(self, fname):
        """Write the optimizer states (the updater's pickle, as MXNet writes it) to `fname`."""
        assert self.optimizer_initialized
        if self._update_on_kvstore:
            self._kvstore.save_optimizer_states(fname)
        else:
            with open(fname, "wb") as fout:
                fout.write(self._updater.get_states())

    def load_optimizer_states(self, fname):
        """Read optimizer states written by `save_optimizer_states`."""
        assert self.optimizer_initialized
        if self._update_on_kvstore:
            self._kvstore.load_optimizer_states(fname)
        else:
            with open(fname, "rb") as f:
                self._updater.set_states(f.read())

    def install_monitor(self, mon):
        """Install a mx.mon.Monitor on the bound executors (one per context)."""
        assert self.binded
        for ex in self._execs:
            mon.install(ex)

    def prepare(self, data_batch, sparse_row_id_fn=None):
        """Pull the rows `sparse_row_id_fn(data_batch)` (a dict name -> row ids) of row_sparse parameters
        from the kvstore into every device's copy, when parameters are updated in the kvstore."""
        assert self.binded
        if sparse_row_id_fn is None:
            return
        if not self._kvstore or not self._update_on_kvstore:
            warnings.warn(UserWarning("Parameters are not updated in the KVStore. No need to call "
                                      "sparse_row_id_fn."))
            return
        row_ids = sparse_row_id_fn(data_batch)
        assert isinstance(row_ids, dict), "Expected dict output from sparse_row_id_fn"
        for name, row_id in row_ids.items():
            index = self._param_names.index(name)  # (a ValueError for a name that is no parameter, as MXNet)
            values = [ex.arg_dict[name] for ex in self._execs]
            if values[0].stype != "row_sparse":
                warnings.warn(UserWarning("%s.stype is not 'row_sparse'. No need to perform row_sparse_pull."
                                          % name))
            else:
                self._kvstore.row_sparse_pull(name, values, row_ids=row_id, priority=-index)
