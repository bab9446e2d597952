"""`mx.contrib.amp.amp`: AMP is not supported; the flags libraries probe are False, each function raises."""

__all__ = ["init", "init_trainer", "scale_loss", "unscale", "convert_model", "convert_hybrid_block",
           "list_lp16_ops", "list_fp32_ops", "list_lp16_fp32_ops", "list_conditional_fp32_ops",
           "list_widest_type_cast", "list_loss_output_functions", "list_lp16_use_fp32_params",
           "convert_symbol", "convert_bucketing_module"]

# Read by libraries (gluon-nlp's attention masking) to learn whether AMP was switched on: it never is.
_amp_initialized = False
_amp_loss_scale_initialized = False
_loss_scaler = None


def _refuser(name):
    def refused(*args, **kwargs):
        raise NotImplementedError(f"mx.contrib.amp.{name} is not supported by torch2gluon: automatic mixed "
                                  "precision (float16/bfloat16 operator casting and loss scaling) is not implemented")
    refused.__name__ = refused.__qualname__ = name
    refused.__doc__ = "Not supported (automatic mixed precision): calling it raises NotImplementedError."
    return refused


for _name in __all__:
    globals()[_name] = _refuser(_name)
del _name
