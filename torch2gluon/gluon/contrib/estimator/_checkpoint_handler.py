"""CheckpointHandler: MXNet's periodic/best `.params` + `.states` checkpoints and resume-from-checkpoint."""
import os
import tempfile
import warnings

import numpy as np

from ....metric import EvalMetric
from ._handler_base import TrainBegin, BatchEnd, EpochEnd
from ._monitor_mode import monitor_op_for


def _atomic_write(path, writer):
    """Write through `writer(tmp_path)` into a hidden temp file of the same folder, then rename onto `path`."""
    folder = os.path.dirname(path) or '.'
    fd, tmp = tempfile.mkstemp(prefix='.', suffix='.tmp', dir=folder)
    os.close(fd)
    try:
        writer(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


class CheckpointHandler(TrainBegin, BatchEnd, EpochEnd):
    """Save `{model_prefix}-epoch{E}batch{B}.params/.states` every `epoch_period` epochs or `batch_period`
    batches (keeping `max_checkpoints`), `{model_prefix}-best.*` when `monitor` improves (`save_best`), the
    symbol after the first batch for a hybridized net, and resume from the newest checkpoint."""

    def __init__(self, model_dir, model_prefix='model', monitor=None, verbose=0, save_best=False,
                 mode='auto', epoch_period=1, batch_period=None, max_checkpoints=5,
                 resume_from_checkpoint=False):
        self.monitor = monitor
        self.verbose = verbose
        if not os.path.exists(model_dir):
            os.makedirs(model_dir)
        self.model_dir = model_dir
        self.model_prefix = model_prefix
        self.save_best = save_best
        if self.save_best and not isinstance(self.monitor, EvalMetric):
            raise ValueError("To save best model only, please provide one of the metric objects "
                             "from estimator.train_metrics and estimator.val_metrics as monitor.")
        self.epoch_period = epoch_period
        self.batch_period = batch_period
        self.current_batch = 0
        self.current_epoch = 0
        self.max_checkpoints = max_checkpoints
        self.resume_from_checkpoint = resume_from_checkpoint
        self.saved_checkpoints = []
        if self.save_best:
            self.monitor_op = monitor_op_for(mode, monitor, 'ModelCheckpoint')
            self.best = np.inf if self.monitor_op is np.less else -np.inf

    def train_begin(self, estimator, *args, **kwargs):
        """Reset counters and the best value; with resume_from_checkpoint, load the newest checkpoint."""
        self.current_epoch = 0
        self.current_batch = 0
        if self.save_best:
            self.best = np.inf if self.monitor_op is np.less else -np.inf
        if self.resume_from_checkpoint:
            error_msg = ("To use resume from checkpoint, you must only specify the same type of period you "
                         "used for training.For example, if you are training based on number of epochs,"
                         "you must save only based on epochs, and set batch_period to None.")
            if estimator.max_batch:
                assert self.batch_period, error_msg
                assert not self.epoch_period, error_msg
            if estimator.max_epoch:
                assert self.epoch_period, error_msg
                assert not self.batch_period, error_msg
            self._resume_from_checkpoint(estimator)

    def batch_end(self, estimator, *args, **kwargs):
        """Save the symbol after the first batch; checkpoint every `batch_period` batches."""
        if self.current_batch == 0:
            self._save_symbol(estimator)
        if self.batch_period and (self.current_batch + 1) % self.batch_period == 0:
            self._save_checkpoint(estimator)
        self.current_batch += 1

    def epoch_end(self, estimator, *args, **kwargs):
        """Checkpoint every `epoch_period` epochs."""
        if self.epoch_period and (self.current_epoch + 1) % self.epoch_period == 0:
            self._save_checkpoint(estimator)
        self.current_epoch += 1

    def _save_checkpoint(self, estimator):
        if self.resume_from_checkpoint:
            epoch_no = self.current_epoch + self.trained_epoch + 1
            batch_no = self.current_batch + self.trained_batch + (0 if estimator.max_epoch else 1)
        else:
            epoch_no, batch_no = self.current_epoch, self.current_batch
        prefix = "%s-epoch%dbatch%d" % (self.model_prefix, epoch_no, batch_no)
        self._save_params_and_trainer(estimator, prefix)
        if self.verbose > 0:
            estimator.logger.info('[Epoch %d] CheckpointHandler: trained total %d batches, '
                                  'saving model at %s with prefix: %s',
                                  self.current_epoch, self.current_batch + 1, self.model_dir, prefix)
        if self.save_best:
            self._maybe_save_best(estimator)

    def _maybe_save_best(self, estimator):
        name, value = self.monitor.get()
        if np.isnan(value):
            warnings.warn(RuntimeWarning(
                'Skipping save best because %s is not updated, make sure you pass one of the '
                'metric objects estimator.train_metrics and estimator.val_metrics as monitor', name))
            return
        if self.monitor_op(value, self.best):
            prefix = self.model_prefix + '-best'
            self._save_params_and_trainer(estimator, prefix)
            self.best = value
            if self.verbose > 0:
                # MXNet logs the already-updated best as the "from" value
                estimator.logger.info('[Epoch %d] CheckpointHandler: %s improved from %0.5f to %0.5f, '
                                      'updating best model at %s with prefix: %s',
                                      self.current_epoch, name, self.best, value, self.model_dir, prefix)
        elif self.verbose > 0:
            # MXNet prints the batch counter in the "[Epoch %d]" slot here
            estimator.logger.info('[Epoch %d] CheckpointHandler: %s did not improve from %0.5f, '
                                  'skipping updating best model', self.current_batch, name, self.best)

    def _save_symbol(self, estimator):
        symbol_file = os.path.join(self.model_dir, self.model_prefix + '-symbol.json')
        net = estimator.net
        if getattr(net, '_active', False) and getattr(net, '_in_format', None) is not None:
            from ...symbol_block import trace
            graph = trace(net)
            _atomic_write(symbol_file, graph.save)
        else:
            estimator.logger.info(
                "Model architecture(symbol file) is not saved, please use HybridBlock to construct your "
                "model, and call net.hybridize() before passing to Estimator in order to save model "
                "architecture as %s.", symbol_file)

    def _save_params_and_trainer(self, estimator, file_prefix):
        _atomic_write(os.path.join(self.model_dir, file_prefix + '.params'), estimator.net.save_parameters)
        _atomic_write(os.path.join(self.model_dir, file_prefix + '.states'), estimator.trainer.save_states)
        if 'best' not in file_prefix:
            self.saved_checkpoints.append(file_prefix)
        if len(self.saved_checkpoints) > self.max_checkpoints:
            old = self.saved_checkpoints.pop(0)
            # MXNet removes every file that starts with the old prefix, which also hits newer checkpoints
            # such as 'model-epoch0batch40.*' when 'model-epoch0batch4' goes; only the old pair is removed here.
            for ext in ('.params', '.states'):
                path = os.path.join(self.model_dir, old + ext)
                if os.path.exists(path):
                    os.remove(path)

    def _resume_from_checkpoint(self, estimator):
        prefix = self.model_prefix + '-epoch'
        # MXNet passes the (empty, hence falsy) saved list here, so resumed files are never tracked
        self.trained_epoch = self._find_max_iteration(self.model_dir, prefix, 'epoch', 'batch',
                                                      self.saved_checkpoints)
        prefix += str(self.trained_epoch)
        self.trained_batch = self._find_max_iteration(self.model_dir, prefix, 'batch', '.params')
        if self.trained_epoch == -1:
            msg = "CheckpointHandler: No checkpoint found, training from scratch for "
            if estimator.max_batch:
                msg += "%d batches" % estimator.max_batch
            else:
                msg += "%d epochs" % estimator.max_epoch
            estimator.logger.info(msg)
            return
        msg = ("CheckpointHandler: Checkpoint resumed from epoch %d batch %d, continue to train for "
               % (self.trained_epoch, self.trained_batch))
        if estimator.max_epoch:
            if self.trained_epoch >= estimator.max_epoch - 1:
                raise ValueError("Found checkpoint with maximum number of epoch %d reached, please specify "
                                 "resume_from_checkpoint=False (default value) if you wan to train from "
                                 "scratch." % estimator.max_epoch)
            estimator.max_epoch = estimator.max_epoch - self.trained_epoch - 1
            msg += "%d epochs " % estimator.max_epoch
        if estimator.max_batch:
            if self.trained_batch >= estimator.max_batch - 1:
                raise ValueError("Found checkpoint with maximum number of batch %d reached, please specify"
                                 "resume_from_checkpoint=False (default value) if you wan to train from "
                                 "scratch." % self.trained_batch)
            estimator.max_batch = estimator.max_batch - self.trained_batch - 1
            msg += "%d batches " % estimator.max_batch
        stem = "%s-epoch%dbatch%d" % (self.model_prefix, self.trained_epoch, self.trained_batch)
        param_file = os.path.join(self.model_dir, stem + '.params')
        trainer_file = os.path.join(self.model_dir, stem + '.states')
        assert os.path.exists(param_file), "Failed to load checkpoint, %s does not exist" % param_file
        assert os.path.exists(trainer_file), "Failed to load checkpoint, %s does not exist" % trainer_file
        estimator.net.load_parameters(param_file, ctx=estimator.context)
        estimator.trainer.load_states(trainer_file)
        estimator.logger.warning(msg)

    def _find_max_iteration(self, dir, prefix, start, end, saved_checkpoints=None):  # noqa: A002 - MXNet's name
        """Largest int between `start` and `end` in the `.params` file names of `dir` starting with `prefix`."""
        error_msg = ("Error parsing checkpoint file, please check your checkpoints have the format: "
                     "{model_name}-epoch{epoch_number}batch{batch_number}.params, there should also be a "
                     ".states file for each .params file ")
        max_iter = -1
        for fname in os.listdir(dir):
            if not (fname.startswith(prefix) and '.params' in fname):
                continue
            if saved_checkpoints:
                saved_checkpoints.append(fname[:fname.find('.params')])
            try:
                it = int(fname[fname.find(start) + len(start): fname.find(end)])
            except ValueError:
                raise ValueError(error_msg) from None
            max_iter = max(max_iter, it)
        return max_iter
