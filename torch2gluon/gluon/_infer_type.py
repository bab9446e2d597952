"""`HybridBlock.infer_type`: the block's graph traced on typed input variables, checked by `Symbol.infer_type`."""
import warnings

from .. import symbol as _sym
from ..ndarray.ndarray import NDArray


def _flatten(args):
    flat = []
    for a in args:
        if isinstance(a, (list, tuple)):
            flat.extend(_flatten(a))
        else:
            flat.append(a)
    return flat


def infer_block_types(block, args):
    """Trace `block` on variables for the NDArrays in `args` and infer dtypes as MXNet 1.9.1 does: a dtype
    conflict raises MXNetError, undecidable dtypes raise ValueError; returns {parameter name: numpy type}."""
    flat = _flatten(args)
    n = len([a for a in flat if a is not None])
    names = iter(["data"] if n == 1 else [f"data{i}" for i in range(n)])
    given = {}

    def as_sym(a):
        if isinstance(a, (list, tuple)):
            return type(a)(as_sym(x) for x in a)
        if a is None:
            return None
        name = next(names)
        if isinstance(a, NDArray):
            given[name] = a.dtype
        return _sym.var(name)
    out = block(*[as_sym(a) for a in args])
    if isinstance(out, (list, tuple)):
        out = _sym.Group(_flatten(out))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        arg_t, _, aux_t = out.infer_type(**given)
    if arg_t is None:
        raise ValueError(str(caught[0].message) if caught else "infer_type: cannot decide the types")
    types = dict(zip(out.list_arguments(), arg_t))
    types.update(zip(out.list_auxiliary_states(), aux_t))
    return types
