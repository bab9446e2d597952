"""`HybridBlock.export` and `SymbolBlock`: MXNet's deployable `-symbol.json` + `-NNNN.params` pair.

`export` traces `hybrid_forward` with symbols (F = `mx.sym`) into MXNet 1.9.1's JSON graph and saves the
parameters as `arg:<name>` / `aux:<name>` in MXNet's binary format, so real MXNet can load what is written
here. `SymbolBlock` runs such a graph (written here or by real MXNet) with torch2gluon's operators.
"""
import os

import numpy as np

from .. import ndarray as _nd
from .. import symbol as _sym
from ..base import MXNetError
from ..context import cpu, current_context
from ..ndarray.ndarray import NDArray
from ..ndarray._state import STATE
from ..symbol.graph_exec import run_graph
from ..symbol.partial_shape import ShapeUnknown
from ..symbol.symbol import Symbol, name_prefix
from .block import HybridBlock, _save_param_file
from .parameter import ParameterDict, DeferredInitializationError


def _flatten_nd(args):
    flat, fmt = [], []
    for a in args:
        if isinstance(a, (list, tuple)):
            f, s = _flatten_nd(a)
            flat.extend(f)
            fmt.append(s)
        else:
            flat.append(a)
            fmt.append(0)
    return flat, fmt


def _input_symbols(block):
    fmt = getattr(block, "_in_format", None)
    if fmt is None:
        raise RuntimeError("Please first call block.hybridize() and then run forward with this block at least "
                           "once before calling export.")
    # MXNet names only the array inputs (a None argument, format -1, stays None): 'data' when there is one
    n = sum(f != -1 for f in _flatten_nd(fmt)[0]) if fmt else 1
    names = ["data"] if n == 1 else [f"data{i}" for i in range(n)]
    syms = iter([_sym.var(nm) for nm in names])

    def regroup(f):
        return [regroup(x) if isinstance(x, list) else None if x == -1 else next(syms) for x in f]
    return regroup(fmt)


def trace(block):
    """The Symbol computed by `block` on its recorded input structure."""
    inputs = _input_symbols(block)
    # MXNet builds the graph from the block's forward on the recorded inputs, skipping its __call__ (an RNN
    # layer's __call__ would see the recorded states as user states and add them to the outputs) and hooks
    out = block.forward(*inputs)
    outs = out if isinstance(out, (list, tuple)) else [out]
    flat = _flatten_nd(outs)[0]
    if not all(isinstance(o, Symbol) for o in flat):
        raise MXNetError(f"{type(block).__name__}.export: hybrid_forward returned non-symbol outputs")
    return flat[0] if len(flat) == 1 and not isinstance(out, (list, tuple)) else _sym.Group(flat)


def export_block(block, path, epoch=0, remove_amp_cast=True):
    """Write `path-symbol.json` and `path-%04d.params` (epoch) as MXNet does; returns the two file names."""
    graph = trace(block)
    sym_file = f"{path}-symbol.json"
    graph.save(sym_file, remove_amp_cast=remove_amp_cast)
    args, aux = set(graph.list_arguments()), set(graph.list_auxiliary_states())
    arg_dict = {}
    for name, param in block.collect_params().items():
        if name in args:
            arg_dict[f"arg:{name}"] = param._reduce()
        elif name in aux:
            arg_dict[f"aux:{name}"] = param._reduce()
    params_file = "%s-%04d.params" % (path, epoch)
    _save_param_file(params_file, arg_dict)   # npx.save in numpy mode, as MXNet
    return sym_file, params_file


class SymbolBlock(HybridBlock):
    """A block that runs a symbol graph: `outputs` computed from the variables `inputs`, other variables
    being its parameters (shared with `params` when given, otherwise created, shapes inferred on first use)."""

    def __init__(self, outputs, inputs, params=None):
        super().__init__(prefix=None, params=None)
        self._prefix = ""
        self._params = ParameterDict("", params)
        if isinstance(inputs, Symbol) and len(inputs) == 1:
            inputs = [inputs]
        if isinstance(outputs, (list, tuple)) and len(outputs) == 1:
            outputs = outputs[0]
        elif isinstance(outputs, (list, tuple)):
            outputs = _sym.Group(list(outputs))
        if not isinstance(outputs, Symbol):
            raise TypeError("SymbolBlock: outputs must be a Symbol or a list of Symbols")
        self._multi_out = len(outputs) > 1
        self._graph = outputs
        self._input_names = []
        for i in inputs:
            if not isinstance(i, Symbol) or len(i) != 1 or i._outputs[0][0].op != "null":
                raise ValueError(f"SymbolBlock: input {i!r} is not a variable symbol")
            self._input_names.append(i.name)
        aux = set(outputs.list_auxiliary_states())
        node_attrs = {n.name: n.attrs for n in outputs._topo() if n.op == "null"}
        dtypes = _param_dtypes(inputs, outputs)
        # MXNet's order: the arguments, then the auxiliary states
        for name in outputs.list_arguments() + outputs.list_auxiliary_states():
            if name in self._input_names:
                continue
            attrs = node_attrs.get(name, {})
            st = attrs.get("__storage_type__", "0")
            assert st in ("0", "-1"), (f"SymbolBlock doesn't support Parameter '{name}' because its storage type "
                                       f"is '{ {'1': 'row_sparse', '2': 'csr'}.get(st, st) }'.")
            # as MXNet, the Parameter takes no shape / lr_mult / wd_mult from the variable's attributes (its
            # shape is unknown until the first forward or a load; the graph's __shape__ still guides inference)
            kw = {"allow_deferred_init": True, "dtype": dtypes.get(name, np.float32)}
            if name in aux:
                kw["grad_req"] = "null"
            self.params.get(name, **kw)
        # structural keys (save_parameters/load_parameters): the names less their common leading characters,
        # as MXNet (a character prefix, not cut at '_')
        names = list(self._params.keys())
        cut = len(os.path.commonprefix(names)) if names else 0
        self._reg_params = {k[cut:]: v for k, v in self._params.items()}

    @staticmethod
    def imports(symbol_file, input_names, param_file=None, ctx=None, allow_missing=False, ignore_extra=False):
        """Load `symbol_file` (MXNet JSON) with inputs named `input_names` and, optionally, `param_file`."""
        graph = _sym.load(symbol_file)
        if isinstance(input_names, str):
            input_names = [input_names]
        inputs = [_sym.var(n) for n in input_names]
        known = set(graph.list_inputs())
        for n in input_names:
            if n not in known:
                raise MXNetError(f"SymbolBlock.imports: input {n!r} is not a variable of {symbol_file} "
                                 f"(variables: {sorted(known)})")
        ret = SymbolBlock(graph, inputs)
        if param_file is not None:
            ret.collect_params().load(param_file, ctx=ctx, allow_missing=allow_missing, ignore_extra=ignore_extra,
                                      cast_dtype=True, dtype_source="saved")
        return ret

    def forward(self, x, *args):
        """Run the graph on NDArray inputs (parameters with unknown shapes are created on first use)."""
        flat = _flatten_nd((x,) + args)[0]
        if isinstance(x, Symbol):
            if len(flat) != len(self._input_names):
                raise ValueError(f"SymbolBlock expects {len(self._input_names)} inputs, got {len(flat)}")
            composed = self._graph._compose_map(dict(zip(self._input_names, flat)))
            from ..util import is_np_array
            if is_np_array():  # numpy mode: numpy-mode symbols (mx.sym.np._Symbol), as MXNet
                composed = composed.as_np_ndarray()
            return list(composed) if self._multi_out else composed
        if len(flat) != len(self._input_names):
            raise ValueError(f"SymbolBlock expects {len(self._input_names)} inputs ({self._input_names}), "
                             f"got {len(flat)}")
        if not all(isinstance(a, NDArray) for a in flat):
            raise TypeError("SymbolBlock inputs must be NDArrays")
        ctx = x.context
        values = dict(zip(self._input_names, flat))
        params = self.params

        def provide(name, shape):
            p = params[name]
            try:
                return p.data(ctx)
            except DeferredInitializationError:
                if shape is None and (p._shape is None or 0 in p._shape):
                    raise ShapeUnknown(f"SymbolBlock: cannot infer the shape of parameter '{name}'; load "
                                     "parameters or give shapes to the variables") from None
                if shape is not None:
                    p._shape = tuple(shape)
                p._finish_deferred_init()
                return p.data(ctx)

        from ..util import is_np_array
        from ._op_hook import graph_monitor
        hook = graph_monitor(self, self._graph)   # register_op_hook on a hybridized SymbolBlock
        if is_np_array():  # numpy mode: the graph runs on legacy views, its outputs are mx.np arrays (MXNet)
            from ..numpy._wrap import as_nd, as_np_out
            values = {k: as_nd(v) for k, v in values.items()}
            plain = provide

            def provide(name, shape):  # noqa: F811 - the numpy-mode wrapper of the provider above
                return as_nd(plain(name, shape))
            run = lambda: as_np_out(run_graph(self._graph, values, ctx=ctx, param_provider=provide,  # noqa: E731
                                              node_hook=hook))
        else:
            run = lambda: run_graph(self._graph, values, ctx=ctx, param_provider=provide,  # noqa: E731
                                    node_hook=hook)
        STATE.cached += 1   # MXNet runs the graph as a CachedOp (BatchNorm's fix_gamma side effect differs)
        try:
            outs = run()
        finally:
            STATE.cached -= 1
        if hook is not None:
            hook.finish()
        return outs if self._multi_out else outs[0]

    def hybrid_forward(self, F, x, *args, **kwargs):
        raise NotImplementedError("SymbolBlock runs its graph in forward()")

    def __repr__(self):
        return (f"{type(self).__name__}(\n{self._graph!r} : {len(self._input_names)} -> "
                f"{len(self._graph.list_outputs())}\n)")

    def cast(self, dtype):
        """Cast the parameters; with float16, BatchNorm's gamma/beta/running stats stay float32, as MXNet."""
        super().cast(dtype)
        if np.dtype(dtype).name != "float16":
            return
        names = self._graph.get_internals().list_inputs()
        for var_suffix, stats in (("running_var", ("running_mean", "gamma", "beta")),
                                  ("moving_var", ("moving_mean", "gamma", "beta"))):
            for node in names:
                if node.endswith(var_suffix):
                    prefix = node[:-len(var_suffix)]
                    sibs = [prefix + t for t in stats]
                    if all(p in names for p in sibs):
                        for n in [node] + sibs:
                            self.params.get(n).cast("float32")

    def export(self, path, epoch=0, remove_amp_cast=True):
        """Write the graph and parameters back out in MXNet's format."""
        sym_file = f"{path}-symbol.json"
        self._graph.save(sym_file, remove_amp_cast=remove_amp_cast)
        aux = set(self._graph.list_auxiliary_states())
        arg_dict = {("aux:" if n in aux else "arg:") + n: p._reduce() for n, p in self.params.items()}
        _save_param_file("%s-%04d.params" % (path, epoch), arg_dict)   # npx.save in numpy mode, as MXNet
        return sym_file, "%s-%04d.params" % (path, epoch)


_FLOAT32_PARAMS_UNDER_FP16 = ("BatchNorm", "_contrib_SyncBatchNorm", "CuDNNBatchNorm")


def _param_dtypes(inputs, outputs):
    """Parameter dtypes inferred from the inputs' declared dtypes, as MXNet's SymbolBlock does.

    MXNet runs type inference from the inputs' `__dtype__`: a parameter takes the dtype of the data reaching
    its operator (BatchNorm keeps float32 statistics and affine parameters under float16 data, Embedding's
    weight takes the operator's `dtype`, Cast/amp_cast change the flowing dtype). When an input has no declared
    dtype or the types cannot flow (an integer array into a float-only operator), every parameter is float32.
    """
    from ..symbol.symbol import _DTYPE_CODES
    names = {v: k for k, v in _DTYPE_CODES.items()}
    given = {}
    for i in inputs:
        code = i._outputs[0][0].attrs.get("__dtype__")
        if code is None:
            return {}
        given[i.name] = names[int(code)]
    known, params = {}, {}
    for n in outputs._topo():
        if n.op == "null":
            code = n.attrs.get("__dtype__")
            if n.name in given or code is not None:
                known[(id(n), 0)] = given.get(n.name) or names[int(code)]
                if n.name not in given:
                    params[n.name] = known[(id(n), 0)]
            continue
        ins = [known.get((id(src), i)) for src, i in n.inputs]
        data = next((d for d in ins if d is not None), None)
        if data is None:
            continue
        if n.op == "Embedding":
            data = n.attrs.get("dtype", "float32")
        elif np.dtype(data).kind not in "fc" and any(d is None for d in ins):
            return {}   # an integer array into a parameterised operator: MXNet's inference fails
        for (src, _), d in zip(n.inputs, ins):
            if d is None and src.op == "null":
                pd = "float32" if n.op in _FLOAT32_PARAMS_UNDER_FP16 and data == "float16" else data
                params[src.name] = pd
                known[(id(src), 0)] = pd
        out = n.attrs.get("dtype", data) if n.op in ("Cast", "amp_cast") else data
        for k in range(n.num_outputs):
            known[(id(n), k)] = out
    return {k: np.dtype(v).type for k, v in params.items()}

