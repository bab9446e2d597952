"""The checks and parameter handling of `amp.convert_symbol` / `convert_model` / `convert_hybrid_block` around
the graph pass (_convert.py): MXNet's assertions on the operator lists, `__dtype__` attributes on the model
parameters, and parameters cast to those dtypes."""
import numpy as np

from ...symbol.type_infer import infer_types
from . import amp as _amp
from ._convert import reduce_precision

_DTYPE_CODE = {"float32": 0, "float64": 1, "float16": 2, "uint8": 3, "int32": 4, "int8": 5, "int64": 6}
_CODE_DTYPE = {v: k for k, v in _DTYPE_CODE.items()}


def _check_lists(target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names):
    t = "float16"
    if target_dtype_ops is not None:
        assert isinstance(target_dtype_ops, list), "target_dtype_ops should be a list of strs"
    else:
        target_dtype_ops = _amp.list_lp16_ops(t)
    if fp32_ops is not None:
        assert isinstance(fp32_ops, list), "fp32_ops should be a list of strs"
    else:
        fp32_ops = _amp.list_fp32_ops(t)
    if conditional_fp32_ops is not None:
        assert isinstance(conditional_fp32_ops, list), "conditional_fp32_ops should be a list"
    else:
        conditional_fp32_ops = _amp.list_conditional_fp32_ops(t)
    cond_names = []
    for c in conditional_fp32_ops:
        assert isinstance(c[0], str) and isinstance(c[1], str) and isinstance(c[2], list), \
            "conditional_fp32_ops should be a list of (str, str, list of str)"
        cond_names.append(c[0])
    if excluded_sym_names is not None:
        assert isinstance(excluded_sym_names, list), "excluded_sym_names should be a list of strs"
    else:
        excluded_sym_names = []
    for a, b, what in ((target_dtype_ops, fp32_ops, "target_dtype_ops and fp32_ops"),
                       (target_dtype_ops, cond_names, "target_dtype_ops and conditional_fp32_ops"),
                       (cond_names, fp32_ops, "fp32_ops and conditional_fp32_ops")):
        common = set(a) & set(b)
        assert not common, f"Ops cannot be in two or more lists. Common ops in {what} {common}"
    legal = set(_amp.list_lp16_ops(t) + _amp.list_fp32_ops(t) + _amp.list_lp16_fp32_ops(t)
                + [c[0] for c in _amp.list_conditional_fp32_ops(t)])
    illegal = set(target_dtype_ops + fp32_ops + cond_names) - legal
    assert not illegal, ("Can only choose ops from one of the lists amp.list_lp16_ops, amp.list_fp32_ops, "
                         f"amp.list_lp16_fp32_ops, amp.list_conditional_fp32_ops: Op {illegal} not in any of them")
    return target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names


def convert_symbol(sym, target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names, data_names,
                   cast_optional_params):
    """The converted Symbol (float16), with `__dtype__` set on model parameters as MXNet does."""
    low, f32, cond, excluded = _check_lists(target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names)
    attrs = sym.attr_dict()
    if data_names is None:
        data_names = [n for n in sym.list_inputs() if "__dtype__" not in attrs.get(n, {})]
    params = set(sym.list_inputs()) - set(data_names)
    out = reduce_precision(sym, "float16", low, f32, _amp.list_widest_type_cast("float16"), cond, excluded,
                           set(data_names), bool(cast_optional_params))
    _set_dtype_attrs(out, data_names, params, bool(cast_optional_params))
    return out


def _set_dtype_attrs(sym, data_names, params, cast_optional):
    """MXNet's `__dtype__` attributes: model parameters get their inferred dtype (float32 where inference cannot
    tell); without model parameters, only inputs that already carried one are updated."""
    nodes = [n for n in sym._topo() if n.op == "null"]
    had = {id(v): v.attrs.pop("__dtype__") for v in nodes if "__dtype__" in v.attrs}  # MXNet infers without them
    try:
        types = infer_types(sym, {n: "float32" for n in data_names if any(v.name == n for v in nodes)})
    finally:
        for v in nodes:
            if id(v) in had:
                v.attrs["__dtype__"] = had[id(v)]
    consumers = {}
    for n in sym._topo():
        for src, _ in n.inputs:
            consumers.setdefault(id(src), []).append(n)
    for v in nodes:
        t = types.get((id(v), 0))
        if t is None:
            t = "float32"
            if cast_optional:
                users = consumers.get(id(v), [])
                if any(u.op == "amp_multicast" for u in users):
                    raise NotImplementedError(
                        f"mx.contrib.amp.convert_symbol: argument cast_optional_params=True with parameter "
                        f"{v.name!r} feeding an amp_multicast node is not supported by torch2gluon")
                kinds = {u.attrs.get("dtype") for u in users if u.op == "amp_cast"}
                if len(kinds) == 1 and len(users) == sum(u.op == "amp_cast" for u in users):
                    t = kinds.pop()
        code = str(_DTYPE_CODE[t])
        if params:
            if v.name in params:
                v.attrs["__dtype__"] = code
        elif "__dtype__" in v.attrs:
            v.attrs["__dtype__"] = "0" if v.name in data_names else code


def _cast_params(sym, params):
    attrs = sym.attr_dict()
    for name in list(params):
        code = attrs.get(name, {}).get("__dtype__")
        if code is not None and code != "-1":
            params[name] = params[name].astype(np.dtype(_CODE_DTYPE[int(code)]).type)
    return params


def convert_model(sym, arg_params, aux_params, target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops,
                  excluded_sym_names, cast_optional_params):
    """MXNet's convert_model: convert the symbol with the parameters as model params, then cast them."""
    from ...symbol import Symbol
    assert target_dtype in ["float16", "bfloat16"], \
        "Only target_dtype float16 and bfloat16 are supported currently"
    assert isinstance(sym, Symbol), "First argument to convert_model should be Symbol"
    assert isinstance(arg_params, dict), "Second argument to convert_model should be a dict of name to ndarray"
    assert isinstance(aux_params, dict), "Third argument to convert_model should be a dict of name to ndarray"
    if target_dtype == "bfloat16":
        raise NotImplementedError("mx.contrib.amp.convert_model: argument target_dtype='bfloat16' is not "
                                  "supported by torch2gluon (NDArrays have no bfloat16 dtype)")
    names = list(arg_params) + list(aux_params)
    data_names = list(set(sym.list_inputs()) - set(names))
    out = convert_symbol(sym, target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names, data_names,
                         cast_optional_params)
    arg_names, aux_names = set(out.list_arguments()), set(out.list_auxiliary_states())
    args = _cast_params(out, {k: v for k, v in arg_params.items() if k in arg_names})
    aux = _cast_params(out, {k: v for k, v in aux_params.items() if k in aux_names})
    arg_params.update(args)
    aux_params.update(aux)
    return out, arg_params, aux_params


def convert_hybrid_block(block, target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops,
                         excluded_sym_names, ctx, cast_optional_params):
    """MXNet's convert_hybrid_block: a SymbolBlock of the converted graph of a hybridized, once-called block."""
    from ...context import gpu
    from ...gluon import HybridBlock, SymbolBlock
    from ...gluon.symbol_block import _flatten_nd, _input_symbols, trace
    assert isinstance(block, HybridBlock), "block input should be a HybridBlock"
    if target_dtype == "bfloat16":
        raise NotImplementedError("mx.contrib.amp.convert_hybrid_block: argument target_dtype='bfloat16' is not "
                                  "supported by torch2gluon (NDArrays have no bfloat16 dtype)")
    if isinstance(block, SymbolBlock):  # its graph exists from the start (MXNet's _cached_graph)
        from ...symbol import var
        inputs = [var(n) for n in block._input_names]
        sym = block._graph
    else:
        if not block._active or getattr(block, "_in_format", None) is None:
            raise RuntimeError("Please first call block.hybridize() and then run forward with this block at "
                               "least once before calling export.")
        inputs = [s for s in _flatten_nd(_input_symbols(block))[0] if s is not None]
        sym = trace(block)
    out = convert_symbol(sym, target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names,
                         [i.name for i in inputs], cast_optional_params)
    args, aux = set(out.list_arguments()), set(out.list_auxiliary_states())
    attrs = out.attr_dict()
    arg_dict = {}
    for name, param in block.collect_params().items():
        key = ("arg:" if name in args else "aux:") + name
        if name not in args:
            assert name in aux
        value = param._reduce()
        code = attrs.get(name, {}).get("__dtype__")
        if code is not None and code != "-1":
            value = value.astype(np.dtype(_CODE_DTYPE[int(code)]).type)
        arg_dict[key] = value
    ret = SymbolBlock(out, inputs)
    for name, p in ret.collect_params().items():
        for key in ("arg:" + name, "aux:" + name):
            if key in arg_dict and p.dtype != arg_dict[key].dtype:
                p.cast(arg_dict[key].dtype)
    ret.collect_params().load_dict(arg_dict, ctx=gpu(0) if ctx is None else ctx)
    return ret


def convert_bucketing_module(bucketing_mod, target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops,
                             excluded_sym_names, cast_optional_params):
    """MXNet's convert_bucketing_module: every bucket's symbol converted, one set of cast parameters."""
    from ...module import BucketingModule
    assert isinstance(bucketing_mod, BucketingModule), "module should be instance of bucketing module"
    assert len(bucketing_mod._buckets) > 0, "Bucketing Module should not be empty"
    assert bucketing_mod.params_initialized, \
        "bucketing_mod params should be initialized for mixed precision conversion"
    arg_params = bucketing_mod._curr_module._arg_params
    aux_params = bucketing_mod._curr_module._aux_params
    sym_dict = {}
    for key, mod in bucketing_mod._buckets.items():
        sym_dict[key], args, auxs = convert_model(mod._symbol, arg_params, aux_params, target_dtype,
                                                  target_dtype_ops, fp32_ops, conditional_fp32_ops,
                                                  excluded_sym_names, cast_optional_params)
    return BucketingModule.load_dict(sym_dict, sym_gen=bucketing_mod._sym_gen, arg_params=args, aux_params=auxs,
                                     default_bucket_key=bucketing_mod._default_bucket_key,
                                     logger=bucketing_mod.logger, context=bucketing_mod._context,
                                     work_load_list=bucketing_mod._work_load_list,
                                     fixed_param_names=bucketing_mod._fixed_param_names,
                                     state_names=bucketing_mod._state_names, group2ctxs=bucketing_mod._group2ctxs,
                                     compression_params=bucketing_mod._compression_params)
