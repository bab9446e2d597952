"""`mx.contrib.amp.amp`: automatic mixed precision (MXNet 1.9.1): `init` casts operators (see _wrap.py),
`init_trainer`/`scale_loss`/`unscale` do dynamic loss scaling with a Gluon Trainer, `list_*` give the
operator tables (lists/, generated from MXNet), `convert_*` rewrite float32 graphs for mixed-precision
inference (_convert.py, _convert_api.py; docs/amp.md)."""
import contextlib
import logging

import numpy as np

from . import lists
from .loss_scaler import LossScaler

__all__ = ["init", "init_trainer", "scale_loss", "unscale", "convert_model", "convert_hybrid_block",
           "list_lp16_ops", "list_fp32_ops", "list_lp16_fp32_ops", "list_conditional_fp32_ops",
           "list_widest_type_cast", "list_loss_output_functions", "list_lp16_use_fp32_params",
           "convert_symbol"]

bfloat16 = np.dtype([("bfloat16", np.uint16)])  # MXNet's numpy stand-in for bfloat16

# Read by libraries (gluon-nlp's attention masking, gluon-cv's training scripts) to learn the AMP state.
_amp_initialized = False
_amp_loss_scale_initialized = False
_loss_scaler = None


def _is_fp16(target_dtype):
    return target_dtype in ("float16", np.float16)


def _table(target_dtype, fp16_name, bf16_name):
    if _is_fp16(target_dtype):
        return getattr(lists.symbol_fp16, fp16_name)
    assert target_dtype == bfloat16, "not supported type"
    return getattr(lists.symbol_bf16, bf16_name)


def list_lp16_ops(target_dtype):
    """The operators AMP casts to `target_dtype` (float16 or amp.bfloat16)."""
    return _table(target_dtype, "FP16_FUNCS", "BF16_FUNCS")


def list_fp32_ops(target_dtype):
    """The operators AMP casts to float32."""
    return _table(target_dtype, "FP32_FUNCS", "FP32_FUNCS")


def list_lp16_fp32_ops(target_dtype):
    """The operators that run in either precision (AMP leaves them alone)."""
    return _table(target_dtype, "FP16_FP32_FUNCS", "BF16_FP32_FUNCS")


def list_conditional_fp32_ops(target_dtype):
    """(operator, parameter, values) triples: cast to float32 when the parameter holds one of the values."""
    return _table(target_dtype, "CONDITIONAL_FP32_FUNCS", "CONDITIONAL_FP32_FUNCS")


def list_widest_type_cast(target_dtype):
    """Operators whose inputs AMP brings to their widest float type."""
    return _table(target_dtype, "WIDEST_TYPE_CASTS", "WIDEST_TYPE_CASTS")


def list_loss_output_functions(target_dtype):
    """Output (loss) operators whose `grad_scale` AMP multiplies by the loss scale."""
    return _table(target_dtype, "LOSS_OUTPUT_FUNCTIONS", "LOSS_OUTPUT_FUNCTIONS")


def list_lp16_use_fp32_params(target_dtype):
    """{operator: per-input flags} of inputs kept in float32 for bfloat16 (None for float16)."""
    if _is_fp16(target_dtype):
        return None
    return _table(target_dtype, "", "BF16_USE_FP32_PARAMS")


def init(target_dtype="float16", target_precision_ops=None, conditional_fp32_ops=None, fp32_ops=None):
    """Switch AMP on (once per process): operators of mx.nd / mx.sym cast their inputs from now on."""
    global _amp_initialized, _loss_scaler
    if _amp_initialized:
        return
    assert target_dtype in ["float16", np.float16, "bfloat16", bfloat16], \
        "AMP currently supports only float16 or bfloat16 as a target_dtype"
    if not _is_fp16(target_dtype):
        raise NotImplementedError("mx.contrib.amp.init: argument target_dtype='bfloat16' is not supported by "
                                  "torch2gluon (NDArrays have no bfloat16 dtype); use 'float16'")
    from ._wrap import install
    from ._loss_output import wrap_loss_outputs
    _amp_initialized = True
    logging.info("Using AMP")
    target = np.dtype(target_dtype)
    install(target,
            target_precision_ops if target_precision_ops is not None else list_lp16_ops(target),
            fp32_ops if fp32_ops is not None else list_fp32_ops(target),
            conditional_fp32_ops if conditional_fp32_ops is not None else list_conditional_fp32_ops(target),
            list_widest_type_cast(target))
    _loss_scaler = LossScaler()
    wrap_loss_outputs(_loss_scaler, list_loss_output_functions(target))


def _check_trainer(optimizer_or_trainer):
    from ...gluon import Trainer
    from ... import optimizer as opt
    if isinstance(optimizer_or_trainer, Trainer):
        return
    if isinstance(optimizer_or_trainer, opt.Optimizer):
        raise TypeError("AMP is currently only compatible with Gluon Trainer")
    raise TypeError("optimizer_or_trainer should be a Gluon Trainer or an optimizer, instead is "
                    f"{type(optimizer_or_trainer)}")


def init_trainer(optimizer_or_trainer):
    """Give a Gluon Trainer dynamic loss scaling (the first trainer shares the scaler `init` made)."""
    global _amp_loss_scale_initialized
    assert _amp_initialized, "AMP not initialized, did you forget to call amp.init()?"
    if not _amp_loss_scale_initialized:
        _amp_loss_scale_initialized = True
        scaler = _loss_scaler
    else:
        scaler = LossScaler()
    _check_trainer(optimizer_or_trainer)
    optimizer_or_trainer._amp_loss_scaler = scaler
    optimizer_or_trainer._amp_original_scale = optimizer_or_trainer._scale


@contextlib.contextmanager
def scale_loss(loss, optimizer_or_trainer):
    """Context giving `loss` (or each loss of a list) times the loss scale; the trainer divides it back out."""
    scaler = optimizer_or_trainer._amp_loss_scaler
    assert scaler is not None, "Loss scaler is not initialized, did you forget to call amp.init_trainer()?"
    optimizer_or_trainer._scale = optimizer_or_trainer._amp_original_scale / scaler.loss_scale
    if isinstance(loss, (list, tuple)):
        yield [x * scaler.loss_scale for x in loss]
    else:
        yield scaler.loss_scale * loss


def unscale(optimizer_or_trainer):
    """Divide the loss scale out of the trainer's gradients now (e.g. before clipping them)."""
    _check_trainer(optimizer_or_trainer)
    scale = optimizer_or_trainer._scale
    for p in optimizer_or_trainer._params:
        if p._data is None or p.grad_req == "null":
            continue
        for g in p.list_grad():
            g[:] *= scale
    optimizer_or_trainer._scale = 1.


def convert_symbol(sym, target_dtype="float16", target_dtype_ops=None, fp32_ops=None, conditional_fp32_ops=None,
                   excluded_sym_names=None, data_names=None, cast_optional_params=False):
    """A copy of float32 graph `sym` with MXNet's amp_cast/amp_multicast nodes for mixed-precision inference."""
    from ...symbol import Symbol
    from ._convert_api import convert_symbol as convert
    assert isinstance(sym, Symbol), "First argument to convert_symbol should be Symbol"
    assert target_dtype in ["float16", "bfloat16"], \
        "Only target_dtype float16 and bfloat16 are supported currently"
    if target_dtype == "bfloat16":
        raise NotImplementedError("mx.contrib.amp.convert_symbol: argument target_dtype='bfloat16' is not "
                                  "supported by torch2gluon (NDArrays have no bfloat16 dtype)")
    return convert(sym, target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names, data_names,
                   cast_optional_params)


def convert_model(sym, arg_params, aux_params, target_dtype="float16", target_dtype_ops=None, fp32_ops=None,
                  conditional_fp32_ops=None, excluded_sym_names=None, cast_optional_params=False):
    """(converted symbol, arg_params, aux_params) of a float32 model, the params cast to their new dtypes."""
    from ._convert_api import convert_model as convert
    return convert(sym, arg_params, aux_params, target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops,
                   excluded_sym_names, cast_optional_params)


def convert_hybrid_block(block, target_dtype="float16", target_dtype_ops=None, fp32_ops=None,
                         conditional_fp32_ops=None, excluded_sym_names=None, ctx=None, cast_optional_params=False):
    """A SymbolBlock running hybridized (and once called) `block` in mixed precision, for inference."""
    from ._convert_api import convert_hybrid_block as convert
    return convert(block, target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names,
                   ctx, cast_optional_params)


def convert_bucketing_module(bucketing_mod, target_dtype="float16", target_dtype_ops=None, fp32_ops=None,
                             conditional_fp32_ops=None, excluded_sym_names=None, cast_optional_params=False):
    """A BucketingModule whose bucket symbols and parameters are converted as convert_model does."""
    from ._convert_api import convert_bucketing_module as convert
    return convert(bucketing_mod, target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops,
                   excluded_sym_names, cast_optional_params)
