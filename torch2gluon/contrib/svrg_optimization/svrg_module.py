"""`SVRGModule`: a Module trained with SVRG. Every `update_freq` epochs the full gradient at the current
weights is computed over the whole training set by an auxiliary Module (`_mod_aux`, holding that snapshot of
the weights); each batch's gradient is then corrected to `g(w) - g(w_snapshot) + full_grad(w_snapshot)` before
the wrapped optimizer updates, as MXNet 1.9.1's contrib SVRGModule does (its quirks included: the auxiliary
module runs forward only when `forward(is_train=True)` is explicit, and with a kvstore the zero-initialised
`<name>_full` keys are pulled into the parameters when the kvstore updates them)."""
import logging
import time

from ... import context as ctx
from ... import init as _init
from ... import ndarray as nd
from ...module import Module
from ...model import _create_kvstore
from ...optimizer import create as _create_opt
from .svrg_optimizer import _SVRGOptimizer

__all__ = ["SVRGModule"]


class SVRGModule(Module):
    """Module with SVRG updates; `update_freq` (a positive int) is the number of epochs between full-gradient
    computations. Other arguments as `Module`."""

    def __init__(self, symbol, data_names=('data',), label_names=('softmax_label',), logger=logging,
                 context=ctx.cpu(), work_load_list=None, fixed_param_names=None, state_names=None, group2ctxs=None,
                 compression_params=None, update_freq=None):
        super(SVRGModule, self).__init__(symbol, data_names=data_names, label_names=label_names, logger=logger,
                                         context=context, work_load_list=work_load_list,
                                         fixed_param_names=fixed_param_names, state_names=state_names,
                                         group2ctxs=group2ctxs, compression_params=compression_params)
        if not isinstance(update_freq, int):
            raise TypeError("update_freq in SVRGModule must be an integer to represent the frequency for "
                            "calculating full gradients")
        if update_freq <= 0:
            raise ValueError("update_freq in SVRGModule must be a positive integer to represent the frequency "
                             "for calculating full gradients")
        self.update_freq = update_freq
        self._mod_aux = Module(symbol, data_names, label_names, logger, context, work_load_list, fixed_param_names,
                               state_names, group2ctxs, compression_params)
        self._param_dict = None
        self._ctx_len = len(self._context)

    def _reset_bind(self):
        super(SVRGModule, self)._reset_bind()
        self._mod_aux._reset_bind()

    def reshape(self, data_shapes, label_shapes=None):
        """Reshape this module and the auxiliary one."""
        super(SVRGModule, self).reshape(data_shapes, label_shapes=label_shapes)
        self._mod_aux.reshape(data_shapes, label_shapes=label_shapes)

    def init_optimizer(self, kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.01),),
                       force_init=False):
        """Wrap `optimizer` in an _SVRGOptimizer; with a kvstore, create the `<name>_full` keys."""
        self._param_dict = [{name: nd.zeros(shape=value.shape, ctx=self._context[i])
                             for name, value in self.get_params()[0].items()} for i in range(self._ctx_len)]
        svrg = self._create_optimizer(_SVRGOptimizer.__name__, default_opt=optimizer, kvstore=kvstore,
                                      optimizer_params=optimizer_params)
        super(SVRGModule, self).init_optimizer(kvstore=kvstore, optimizer=svrg, optimizer_params=optimizer_params,
                                               force_init=force_init)
        if self._kvstore:
            for idx, name in enumerate(self._param_names):
                self._kvstore.init(name + "_full", nd.zeros(shape=self._arg_params[name].shape))
                if self._update_on_kvstore:
                    self._kvstore.pull(name + "_full", [ex.arg_dict[name] for ex in self._execs], priority=-idx)

    def _create_optimizer(self, optimizer, default_opt, kvstore, optimizer_params):
        """The _SVRGOptimizer, with idx2name covering the parameters and their `_full` keys."""
        batch_size = self._batch_size
        kv_store, update_on_kvstore = _create_kvstore(kvstore, self._ctx_len, self._arg_params)
        if kv_store and 'dist' in kv_store.type and '_sync' in kv_store.type:
            batch_size *= kv_store.num_workers
        if update_on_kvstore:
            idx2name = dict(enumerate(self._param_names))
        else:
            idx2name = {i * self._ctx_len + k: n for k in range(self._ctx_len) for i, n in enumerate(self._param_names)}
        for name in self._param_dict[0]:
            idx2name[max(idx2name) + 1] = name + "_full"
        optimizer_params = dict(optimizer_params)
        optimizer_params.setdefault('rescale_grad', 1.0 / batch_size)
        optimizer_params['default_optimizer'] = default_opt
        optimizer_params['param_idx2name'] = idx2name
        return _create_opt(optimizer, **optimizer_params)

    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False, force_rebind=False,
             shared_module=None, grad_req='write'):
        """Bind this module and (for training) the auxiliary one."""
        super(SVRGModule, self).bind(data_shapes, label_shapes, for_training, inputs_need_grad, force_rebind,
                                     shared_module, grad_req)
        if for_training:
            self._mod_aux.bind(data_shapes, label_shapes, for_training, inputs_need_grad, force_rebind,
                               shared_module, grad_req)

    def forward(self, data_batch, is_train=None):
        """Forward; the auxiliary module also runs when `is_train` is True."""
        super(SVRGModule, self).forward(data_batch, is_train)
        if is_train:
            self._mod_aux.forward(data_batch, is_train)

    def backward(self, out_grads=None):
        """Backward of this module and of the auxiliary one."""
        super(SVRGModule, self).backward(out_grads)
        if self._mod_aux.binded:
            self._mod_aux.backward(out_grads)

    def update(self):
        """Correct the gradients by SVRG's rule, then update with the wrapped optimizer."""
        self._update_svrg_gradients()
        super(SVRGModule, self).update()

    def update_full_grads(self, train_data):
        """Snapshot the weights into the auxiliary module and average its gradients over `train_data`."""
        arg, aux = self.get_params()
        self._mod_aux.set_params(arg_params=arg, aux_params=aux)
        train_data.reset()
        nbatch, padding = 0, 0
        for batch in train_data:
            self._mod_aux.forward(batch, is_train=True)
            self._mod_aux.backward()
            nbatch += 1
            for i in range(self._ctx_len):
                grads = self._mod_aux._execs[i].grad_dict
                for name in self._param_names:
                    self._param_dict[i][name] = nd.broadcast_add(self._param_dict[i][name], grads[name])
            padding = batch.pad
        true_num_batch = nbatch - padding / train_data.batch_size
        for name in self._param_names:
            grad_list = []
            for i in range(self._ctx_len):
                self._param_dict[i][name] /= true_num_batch
                grad_list.append(self._param_dict[i][name])
            if self._kvstore:
                self._accumulate_kvstore(name, grad_list)

    def _accumulate_kvstore(self, key, value):
        self._kvstore.push(key + "_full", value)
        self._kvstore._barrier()
        self._kvstore.pull(key + "_full", value)
        self._allocate_gradients(key, value)

    def _allocate_gradients(self, key, value):
        for i in range(self._ctx_len):
            self._param_dict[i][key] = value[i] / self._ctx_len

    def _svrg_grads_update_rule(self, g_curr_batch_curr_weight, g_curr_batch_special_weight,
                                g_special_weight_all_batch):
        """g(w) - g(w_snapshot) + full_grad(w_snapshot), written into the first array."""
        g_curr_batch_curr_weight -= g_curr_batch_special_weight
        g_curr_batch_curr_weight += g_special_weight_all_batch
        return g_curr_batch_curr_weight

    def _update_svrg_gradients(self):
        for i in range(self._ctx_len):
            for name in self._param_names:
                grad = self._execs[i].grad_dict.get(name)
                if grad is None:  # fixed parameters have no gradient
                    continue
                self._svrg_grads_update_rule(grad, self._mod_aux._execs[i].grad_dict[name], self._param_dict[i][name])

    def fit(self, train_data, eval_data=None, eval_metric='acc', epoch_end_callback=None, batch_end_callback=None,
            kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.01),), eval_end_callback=None,
            eval_batch_end_callback=None, initializer=_init.Uniform(0.01), arg_params=None, aux_params=None,
            allow_missing=False, force_rebind=False, force_init=False, begin_epoch=0, num_epoch=None,
            validation_metric=None, monitor=None, sparse_row_id_fn=None):
        """Module.fit with a full-gradient pass at the start of every `update_freq`-th epoch."""
        assert num_epoch is not None, 'please specify number of epochs'
        eval_metric, validation_metric = self._fit_setup(
            train_data, eval_metric, validation_metric, kvstore, optimizer, optimizer_params, initializer,
            arg_params, aux_params, allow_missing, force_rebind, force_init, monitor)
        for epoch in range(begin_epoch, num_epoch):
            tic = time.time()
            if epoch % self.update_freq == 0:
                self.update_full_grads(train_data)
            train_data.reset()
            eval_name_vals = self._fit_epoch(train_data, epoch, eval_metric, batch_end_callback, monitor,
                                             sparse_row_id_fn, eval_metric.get_name_value)
            self._fit_epoch_end(epoch, tic, eval_name_vals, epoch_end_callback, eval_data or None,
                                validation_metric, eval_end_callback, eval_batch_end_callback)

    def prepare(self, data_batch, sparse_row_id_fn=None):
        """Prepare this module and the auxiliary one for `data_batch`."""
        super(SVRGModule, self).prepare(data_batch, sparse_row_id_fn=sparse_row_id_fn)
        self._mod_aux.prepare(data_batch, sparse_row_id_fn=sparse_row_id_fn)
