"""`mx.sym.random` (importable as `mxnet.symbol.random`): MXNet's `_random_*` operators as symbol constructors;
the samplers take scalar parameters (`_random_X` nodes) or Symbol parameters (`_sample_X` nodes), as MXNet's."""
from ._namespace import namespace_getattr, publish
from . import _listing


def _random_listing():
    """The module's operators (its `__all__` and `dir()` listing)."""
    return _listing.like_nd("random")


__getattr__ = namespace_getattr("_random_", "mxnet.symbol.random", name_nodes_by_function=False,
                                listing=_random_listing)
__dir__ = _listing.module_dir(globals(), _random_listing)
publish(globals(), "_random_", name_nodes_by_function=False)


def _sampler(name, pnames, defaults, to_op=None):
    def fn(*args, shape=None, dtype=None, **kwargs):
        from ..base import _Null
        from .symbol import Symbol, make_op
        vals = list(args) + [kwargs.pop(p, d) for p, d in zip(pnames[len(args):], defaults[len(args):])]
        if to_op is not None:
            vals = to_op(*vals)
        attrs = dict(kwargs)
        if shape is not None:
            attrs["shape"] = shape
        if dtype not in (None, _Null):
            attrs["dtype"] = dtype
        symbolic = [isinstance(v, Symbol) for v in vals]
        if any(symbolic):
            if not all(symbolic):
                other = next(type(v) for v, sym in zip(vals, symbolic) if not sym)
                raise AssertionError("Distribution parameters must all have the same type, but got both "
                                     f"{Symbol} and {other}.")
            return make_op(f"_sample_{name}", vals, attrs)
        return make_op(f"_random_{name}", [], dict(zip(op_pnames(name, pnames), vals), **attrs))
    fn.__name__ = name
    fn.__doc__ = (f"Samples of `{name}` with parameters {', '.join(pnames)}: scalars give a `_random_{name}` node, "
                  f"Symbols a `_sample_{name}` node (one sample set per parameter element).")
    return fn


def op_pnames(name, pnames):
    return ("lam",) if name == "exponential" else pnames


uniform = _sampler("uniform", ("low", "high"), (0.0, 1.0))
normal = _sampler("normal", ("loc", "scale"), (0.0, 1.0))
gamma = _sampler("gamma", ("alpha", "beta"), (1.0, 1.0))
exponential = _sampler("exponential", ("scale",), (1.0,), lambda scale: (1.0 / scale,))
poisson = _sampler("poisson", ("lam",), (1.0,))
negative_binomial = _sampler("negative_binomial", ("k", "p"), (1, 1.0))
generalized_negative_binomial = _sampler("generalized_negative_binomial", ("mu", "alpha"), (1.0, 1.0))
