"""`mx.model.FeedForward`: MXNet's deprecated single-symbol trainer, run on `mx.mod.Module`.

What MXNet's FeedForward does and this one reproduces:
- parameters are initialized in the symbol's argument order (then auxiliary states) by calling the
  initializer with the plain name (the legacy `init(name, arr)` rules), keeping given `arg_params`;
- training uses one data-parallel executor group over `ctx` (the batch split by `work_load_list`), the
  kvstore chosen as MXNet's `_create_kvstore` does, an optimizer created with `rescale_grad=1/batch_size`
  plus the extra constructor keywords (`learning_rate`, `momentum`, `wd`, ...);
- the epoch loop logs `Start training with [...]`, `Epoch[e] Resetting Data Iterator`, `Epoch[e] Time cost=`,
  copies the (device-averaged) parameters into `arg_params`/`aux_params` before `epoch_end_callback`, then
  scores `eval_data` and calls `eval_end_callback` (default: log `Epoch[e] Validation-name=value`);
- `predict`/`score` bind the symbol once on `ctx[0]` with `grad_req='null'`; padded rows are dropped.
A callable `symbol` (FeedForward's bucketing `sym_gen`) raises NotImplementedError: use `mx.mod.BucketingModule`.
"""
import logging
import time
import warnings

import numpy as np

from . import io as _io
from . import metric as _metric
from . import ndarray as _nd
from . import optimizer as _opt
from .callback import LogValidationMetricsCallback
from .context import Context, cpu
from .initializer import Uniform

__all__ = ["FeedForward"]


def _check_arguments(symbol):
    """MXNet's ValueError when an argument or auxiliary-state name occurs twice in `symbol`."""
    for names, kind in ((symbol.list_arguments(), "argument"), (symbol.list_auxiliary_states(), "auxiliary")):
        seen = set()
        for name in names:
            if name in seen:
                if kind == "argument":
                    raise ValueError(f'Find duplicated argument name "{name}", please make the weight name '
                                     f"non-duplicated(using name arguments), arguments are {names}")
                raise ValueError(f'Find duplicated auxiliary param name "{name}", please make the weight name '
                                 f"non-duplicated(using name arguments), arguments are {names}, "
                                 f"auxiliary params are {symbol.list_auxiliary_states()}")
            seen.add(name)


def _callbacks(callbacks, *args):
    """Call one callback or each of a list."""
    if callbacks is None:
        return
    for cb in callbacks if isinstance(callbacks, list) else [callbacks]:
        cb(*args)


def _batch_param(epoch, nbatch, eval_metric, local_vars):
    from .model import BatchEndParam
    return BatchEndParam(epoch=epoch, nbatch=nbatch, eval_metric=eval_metric, locals=local_vars)


class FeedForward:
    """Train and predict a single-output feed-forward symbol (deprecated in MXNet; see the module docstring)."""

    def __init__(self, symbol, ctx=None, num_epoch=None, epoch_size=None, optimizer="sgd",
                 initializer=Uniform(0.01), numpy_batch_size=128, arg_params=None, aux_params=None,
                 allow_extra_params=False, begin_epoch=0, **kwargs):
        warnings.warn("\033[91mmxnet.model.FeedForward has been deprecated. Please use mxnet.mod.Module "
                      "instead.\033[0m", DeprecationWarning, stacklevel=2)
        from .symbol import Symbol
        if not isinstance(symbol, Symbol):
            if callable(symbol):
                raise NotImplementedError("mx.model.FeedForward: a callable `symbol` (sym_gen) is not supported "
                                          "by torch2gluon; use mx.mod.BucketingModule")
            raise AssertionError()
        self.symbol = symbol
        self.sym_gen = None
        self.arg_params = arg_params
        self.aux_params = aux_params
        self.allow_extra_params = allow_extra_params
        self.argument_checked = False
        self._check_arguments()
        if ctx is None:
            ctx = [cpu()]
        elif isinstance(ctx, Context):
            ctx = [ctx]
        self.ctx = ctx
        self.num_epoch = num_epoch
        self.epoch_size = epoch_size
        self.kwargs = kwargs.copy()
        self.optimizer = optimizer
        self.initializer = initializer
        self.numpy_batch_size = numpy_batch_size
        self._pred_exec = None
        self.begin_epoch = begin_epoch

    def _check_arguments(self):
        """Refuse duplicated names; with `allow_extra_params`, drop given params the symbol does not use."""
        if self.argument_checked:
            return
        self.argument_checked = True
        _check_arguments(self.symbol)
        if self.allow_extra_params:
            if self.arg_params:
                names = set(self.symbol.list_arguments())
                self.arg_params = {k: v for k, v in self.arg_params.items() if k in names}
            if self.aux_params:
                names = set(self.symbol.list_auxiliary_states())
                self.aux_params = {k: v for k, v in self.aux_params.items() if k in names}

    @staticmethod
    def _is_data_arg(name):
        """Whether `name` names a data or label argument (ends with 'data' or 'label')."""
        return name.endswith("data") or name.endswith("label")

    def _init_params(self, inputs, overwrite=False):
        """Create every parameter and auxiliary state (given values kept unless `overwrite`)."""
        inputs = [x if isinstance(x, _io.DataDesc) else _io.DataDesc(*x) for x in inputs]
        input_shapes = {x.name: x.shape for x in inputs}
        arg_shapes, _, aux_shapes = self.symbol.infer_shape(**input_shapes)
        assert arg_shapes is not None
        arg_types, _, aux_types = self.symbol.infer_type(**{x.name: x.dtype for x in inputs})
        assert arg_types is not None
        arg_names = self.symbol.list_arguments()
        param_names = [k for k in arg_names if k not in input_shapes]
        aux_names = self.symbol.list_auxiliary_states()
        arg_params = {k: _nd.zeros(shape=s, dtype=t) for k, s, t in zip(arg_names, arg_shapes, arg_types)
                      if k in param_names}
        aux_params = {k: _nd.zeros(shape=s, dtype=t) for k, s, t in zip(aux_names, aux_shapes, aux_types)}
        for new, old in ((arg_params, self.arg_params), (aux_params, self.aux_params)):
            for k, v in new.items():
                if old and k in old and not overwrite:
                    v[:] = old[k][:]
                else:
                    self.initializer(k, v)
        self.arg_params, self.aux_params = arg_params, aux_params
        return arg_names, list(param_names), aux_names

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_pred_exec"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)

    def _init_predictor(self, input_shapes, type_dict=None):
        """Bind (or keep) the prediction executor on ctx[0] for these input shapes."""
        shapes = {name: self.arg_params[name].shape for name in self.arg_params}
        shapes.update(dict(input_shapes))
        if self._pred_exec is not None:
            arg_shapes, _, _ = self.symbol.infer_shape(**shapes)
            assert arg_shapes is not None, "Incomplete input shapes"
            if arg_shapes == [x.shape for x in self._pred_exec.arg_arrays]:
                return
        pred_exec = self.symbol.simple_bind(self.ctx[0], grad_req="null", type_dict=type_dict, **shapes)
        pred_exec.copy_params_from(self.arg_params, self.aux_params)
        _check_arguments(self.symbol)
        self._pred_exec = pred_exec

    def _init_iter(self, X, y, is_train):
        """A DataIter for `X` (and `y`): numpy/NDArray inputs become an NDArrayIter."""
        if isinstance(X, (np.ndarray, _nd.NDArray)):
            if y is None:
                if is_train:
                    raise ValueError("y must be specified when X is numpy.ndarray")
                y = np.zeros(X.shape[0])
            if not isinstance(y, (np.ndarray, _nd.NDArray)):
                raise TypeError("y must be ndarray when X is numpy.ndarray")
            if X.shape[0] != y.shape[0]:
                raise ValueError("The numbers of data points and labels not equal")
            if y.ndim == 2 and y.shape[1] == 1:
                y = y.flatten()
            if y.ndim != 1:
                raise ValueError("Label must be 1D or 2D (with 2nd dimension being 1)")
            batch = min(X.shape[0], self.numpy_batch_size)
            if is_train:
                return _io.NDArrayIter(X, y, batch, shuffle=True, last_batch_handle="roll_over")
            return _io.NDArrayIter(X, y, batch, shuffle=False)
        if not isinstance(X, _io.DataIter):
            raise TypeError("X must be DataIter, NDArray or numpy.ndarray")
        return X

    def _init_eval_iter(self, eval_data):
        """A DataIter for `eval_data` (a DataIter or a (data, label) pair)."""
        if eval_data is None:
            return eval_data
        if isinstance(eval_data, (tuple, list)) and len(eval_data) == 2:
            if eval_data[0] is None:
                raise ValueError("Eval data is NONE")
            if eval_data[1] is None and isinstance(eval_data[0], _io.DataIter):
                return eval_data[0]
            data = np.array(eval_data[0]) if isinstance(eval_data[0], list) else eval_data[0]
            label = np.array(eval_data[1]) if isinstance(eval_data[1], list) else eval_data[1]
            return self._init_iter(data, label, is_train=True)
        if not isinstance(eval_data, _io.DataIter):
            raise TypeError("Eval data must be DataIter, or NDArray/numpy.ndarray/list pair (i.e. tuple/list of "
                            "length 2)")
        return eval_data

    def _prepare_predictor(self, X):
        type_dict = {k: v.dtype for k, v in self.arg_params.items()}
        for x in X.provide_data:
            type_dict[x[0]] = x.dtype if isinstance(x, _io.DataDesc) else np.float32
        self._init_predictor(X.provide_data, type_dict)
        return [self._pred_exec.arg_dict[x[0]] for x in X.provide_data]

    def predict(self, X, num_batch=None, return_data=False, reset=True):
        """Outputs (numpy) for every batch of `X` on ctx[0]; with `return_data` also (data, label)."""
        X = self._init_iter(X, None, is_train=False)
        if reset:
            X.reset()
        data_arrays = self._prepare_predictor(X)
        batch_size = X.batch_size
        outputs = [[] for _ in self._pred_exec.outputs]
        datas = [[] for _ in X.provide_data] if return_data else None
        labels = [[] for _ in X.provide_label] if return_data else None
        i = 0
        for batch in X:
            for src, dst in zip(batch.data, data_arrays):
                src.copyto(dst)
            self._pred_exec.forward(is_train=False)
            real = batch_size - batch.pad
            for lst, out in zip(outputs, self._pred_exec.outputs):
                lst.append(out[0:real].asnumpy())
            if return_data:
                for j, x in enumerate(batch.data):
                    datas[j].append(x[0:real].asnumpy())
                for j, x in enumerate(batch.label):
                    labels[j].append(x[0:real].asnumpy())
            i += 1
            if num_batch is not None and i == num_batch:
                break
        outputs = [np.concatenate(x) for x in outputs]
        if len(outputs) == 1:
            outputs = outputs[0]
        if not return_data:
            return outputs
        data = [np.concatenate(x) for x in datas]
        label = [np.concatenate(x) for x in labels]
        return outputs, data[0] if len(data) == 1 else data, label[0] if len(label) == 1 else label

    def score(self, X, eval_metric="acc", num_batch=None, batch_end_callback=None, reset=True):
        """The value of `eval_metric` over `X` (padded rows included, as MXNet does)."""
        if not isinstance(eval_metric, _metric.EvalMetric):
            eval_metric = _metric.create(eval_metric)
        X = self._init_iter(X, None, is_train=False)
        if reset:
            X.reset()
        data_arrays = self._prepare_predictor(X)
        for i, batch in enumerate(X):
            if num_batch is not None and i == num_batch:
                break
            for src, dst in zip(batch.data, data_arrays):
                src.copyto(dst)
            self._pred_exec.forward(is_train=False)
            eval_metric.update(batch.label, self._pred_exec.outputs)
            _callbacks(batch_end_callback, _batch_param(0, i, eval_metric, locals()))
        return eval_metric.get()[1]

    def fit(self, X, y=None, eval_data=None, eval_metric="acc", epoch_end_callback=None, batch_end_callback=None,
            kvstore="local", logger=None, work_load_list=None, monitor=None,
            eval_end_callback=LogValidationMetricsCallback(), eval_batch_end_callback=None):
        """Train from `begin_epoch` to `num_epoch` on `X` (see the module docstring for the exact loop)."""
        from ._model_kvstore import _create_kvstore
        from .module import Module
        data = self._init_iter(X, y, is_train=True)
        eval_data = self._init_eval_iter(eval_data)
        self.kwargs["sym"] = self.symbol
        arg_names, param_names, aux_names = self._init_params(data.provide_data + data.provide_label)
        if not isinstance(eval_metric, _metric.EvalMetric):
            eval_metric = _metric.create(eval_metric)
        kv, update_on_kvstore = _create_kvstore(kvstore, len(self.ctx), self.arg_params)
        idx2name = {}
        if update_on_kvstore:
            idx2name.update(enumerate(param_names))
        else:
            for i, n in enumerate(param_names):
                for k in range(len(self.ctx)):
                    idx2name[i * len(self.ctx) + k] = n
        self.kwargs["param_idx2name"] = idx2name
        if isinstance(self.optimizer, str):
            batch_size = data.batch_size
            if kv and "dist" in kv.type and "_async" not in kv.type:
                batch_size *= kv.num_workers
            optimizer = _opt.create(self.optimizer, rescale_grad=1.0 / batch_size, **self.kwargs)
        else:
            optimizer = self.optimizer
            if not optimizer.idx2name:
                optimizer.idx2name = idx2name.copy()
        self._train(data, eval_data, eval_metric, optimizer, kvstore, logger or logging, work_load_list, monitor, epoch_end_callback, batch_end_callback,
                    eval_end_callback, eval_batch_end_callback, Module)

    def _train(self, data, eval_data, eval_metric, optimizer, kvstore, logger, work_load_list, monitor,
               epoch_end_callback, batch_end_callback, eval_end_callback, eval_batch_end_callback, Module):
        """MXNet's `_train_multi_device` loop over one data-parallel Module."""
        logger.info("Start training with %s", str(self.ctx))
        data_names = [x[0] for x in data.provide_data]
        label_names = [x[0] for x in data.provide_label]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mod = Module(self.symbol, data_names=data_names, label_names=label_names, logger=logger,
                         context=self.ctx, work_load_list=work_load_list)
        mod.bind(data_shapes=data.provide_data, label_shapes=data.provide_label, for_training=True)
        if monitor:
            mod.install_monitor(monitor)
        mod.init_params(arg_params=self.arg_params, aux_params=self.aux_params, allow_missing=False)
        mod.init_optimizer(kvstore=kvstore, optimizer=optimizer)  # the same kvstore choice as above
        arg_params, aux_params = self.arg_params, self.aux_params
        data.reset()
        for epoch in range(self.begin_epoch, self.num_epoch):
            tic = time.time()
            eval_metric.reset()
            nbatch = 0
            while True:
                do_reset = True
                for data_batch in data:
                    if monitor is not None:
                        monitor.tic()
                    mod.forward(data_batch, is_train=True)
                    mod.backward()
                    mod.update()
                    if monitor is not None:
                        monitor.toc_print()
                    mod.update_metric(eval_metric, data_batch.label)
                    nbatch += 1
                    _callbacks(batch_end_callback, _batch_param(epoch, nbatch, eval_metric, locals()))
                    if self.epoch_size is not None and nbatch >= self.epoch_size:
                        do_reset = False
                        break
                if do_reset:
                    logger.info("Epoch[%d] Resetting Data Iterator", epoch)
                    data.reset()
                if self.epoch_size is None or nbatch >= self.epoch_size:
                    break
            logger.info("Epoch[%d] Time cost=%.3f", epoch, time.time() - tic)
            if epoch_end_callback or epoch + 1 == self.num_epoch:
                args, auxs = mod.get_params()
                for src, dst in ((args, arg_params), (auxs, aux_params)):
                    for name, value in src.items():
                        value.astype(dst[name].dtype).copyto(dst[name])
            _callbacks(epoch_end_callback, epoch, self.symbol, arg_params, aux_params)
            if eval_data:
                eval_metric.reset()
                eval_data.reset()
                total = 0
                for i, eval_batch in enumerate(eval_data):
                    mod.forward(eval_batch, is_train=False)
                    mod.update_metric(eval_metric, eval_batch.label)
                    _callbacks(eval_batch_end_callback, _batch_param(epoch, i, eval_metric, locals()))
                    total += 1
                _callbacks(eval_end_callback, _batch_param(epoch, total, eval_metric, locals()))
                eval_data.reset()

    def save(self, prefix, epoch=None, remove_amp_cast=True):
        """Write the checkpoint `prefix-symbol.json` + `prefix-%04d.params` (epoch defaults to num_epoch)."""
        from .model import save_checkpoint
        if epoch is None:
            epoch = self.num_epoch
        assert epoch is not None
        save_checkpoint(prefix, epoch, self.symbol, self.arg_params, self.aux_params,
                        remove_amp_cast=remove_amp_cast)

    @staticmethod
    def load(prefix, epoch, ctx=None, **kwargs):
        """A FeedForward from the checkpoint `prefix` at `epoch` (training would continue from `epoch`)."""
        from .model import load_checkpoint
        symbol, arg_params, aux_params = load_checkpoint(prefix, epoch)
        return FeedForward(symbol, ctx=ctx, arg_params=arg_params, aux_params=aux_params, begin_epoch=epoch,
                           **kwargs)

    @staticmethod
    def create(symbol, X, y=None, ctx=None, num_epoch=None, epoch_size=None, optimizer="sgd",
               initializer=Uniform(0.01), eval_data=None, eval_metric="acc", epoch_end_callback=None,
               batch_end_callback=None, kvstore="local", logger=None, work_load_list=None,
               eval_end_callback=LogValidationMetricsCallback(), eval_batch_end_callback=None, **kwargs):
        """Construct a FeedForward with these settings and `fit` it on `X` (and `y`)."""
        model = FeedForward(symbol, ctx=ctx, num_epoch=num_epoch, epoch_size=epoch_size, optimizer=optimizer,
                            initializer=initializer, **kwargs)
        model.fit(X, y, eval_data=eval_data, eval_metric=eval_metric, epoch_end_callback=epoch_end_callback,
                  batch_end_callback=batch_end_callback, kvstore=kvstore, logger=logger,
                  work_load_list=work_load_list, eval_end_callback=eval_end_callback,
                  eval_batch_end_callback=eval_batch_end_callback)
        return model
