"""`mx.model`: MXNet's checkpoint files (`prefix-symbol.json` + `prefix-%04d.params`) and `BatchEndParam`.

A checkpoint's `.params` file holds the arguments as `arg:<name>` and the auxiliary states as `aux:<name>`
in MXNet's binary NDArray format, so checkpoints move freely between real MXNet and torch2gluon.
The deprecated `FeedForward` trainer is in `_feedforward.py`.
"""
import logging
from collections import namedtuple

from .context import cpu
from .ndarray.utils import load as _nd_load
from .ndarray.utils import save as _nd_save
from ._model_kvstore import (_create_kvstore, _initialize_kvstore, _update_params_on_kvstore,  # noqa: F401
                             _update_params, _multiple_callbacks)
from ._feedforward import FeedForward

__all__ = ["BatchEndParam", "save_checkpoint", "load_params", "load_checkpoint", "FeedForward"]

BatchEndParam = namedtuple("BatchEndParams", ["epoch", "nbatch", "eval_metric", "locals"])
BatchEndParam.__doc__ = "What a batch-end callback receives: epoch, batch number, the metric and the caller's locals."


def save_checkpoint(prefix, epoch, symbol, arg_params, aux_params, remove_amp_cast=True):
    """Write `prefix-symbol.json` (unless `symbol` is None) and `prefix-%04d.params` with arg:/aux: names."""
    if symbol is not None:
        symbol.save(f"{prefix}-symbol.json", remove_amp_cast=remove_amp_cast)
    tensors = {f"arg:{k}": v.as_in_context(cpu()) for k, v in arg_params.items()}
    tensors.update({f"aux:{k}": v.as_in_context(cpu()) for k, v in aux_params.items()})
    fname = "%s-%04d.params" % (prefix, epoch)
    _nd_save(fname, tensors)
    logging.info('Saved checkpoint to "%s"', fname)


def load_params(prefix, epoch):
    """`(arg_params, aux_params)` read from `prefix-%04d.params` (other prefixes than arg:/aux: are skipped)."""
    fname = "%s-%04d.params" % (prefix, epoch)
    saved = _nd_load(fname)
    arg_params, aux_params = {}, {}
    if not saved:
        logging.warning("Params file '%s' is empty", fname)
        return arg_params, aux_params
    if not isinstance(saved, dict):
        raise ValueError(f"load_params: {fname} holds an unnamed list of arrays, not arg:/aux: parameters")
    for key, value in saved.items():
        kind, name = key.split(":", 1)  # like MXNet: a name without ':' is a ValueError
        if kind == "arg":
            arg_params[name] = value
        if kind == "aux":
            aux_params[name] = value
    return arg_params, aux_params


def load_checkpoint(prefix, epoch):
    """`(symbol, arg_params, aux_params)` of the checkpoint `prefix` at `epoch`."""
    from . import symbol as _sym
    symbol = _sym.load(f"{prefix}-symbol.json")
    arg_params, aux_params = load_params(prefix, epoch)
    return symbol, arg_params, aux_params
