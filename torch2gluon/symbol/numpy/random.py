"""`mx.sym.np.random`: symbolic `uniform` / `normal` with scalar parameters (nodes `_npi_uniform`, `_npi_normal`,
evaluated by `mx.np.random`); Symbol-valued parameters and the other samplers are refused (NotImplementedError).
"""
import numbers

from ._nodes import np_node, _views_out

__all__ = ["uniform", "normal"]


def _sampler(name, p1, p2, d1, d2):
    def fn(*args, size=None, dtype=None, ctx=None, out=None, **kwargs):
        from ...context import current_context
        if out is not None:
            raise NotImplementedError(f"mx.sym.np.random.{name}: argument 'out' is not supported for symbols")
        if kwargs:
            raise TypeError(f"{name}() got unexpected keyword arguments {sorted(kwargs)}")
        if len(args) > 2:
            raise TypeError(f"{name}() takes at most 2 positional parameters besides size")
        vals = list(args) + [None] * (2 - len(args))
        a = d1 if vals[0] is None else vals[0]
        b = d2 if vals[1] is None else vals[1]
        for arg, v in ((p1, a), (p2, b)):
            if not isinstance(v, numbers.Real):
                raise NotImplementedError(f"mx.sym.np.random.{name}: a Symbol or array '{arg}' is not supported")
        attrs = {p1: a, p2: b, "size": size, "ctx": str(ctx or current_context()),
                 "dtype": "float32" if dtype is None else dtype}
        return np_node(f"_npi_{name}", [], attrs, name)
    fn.__name__ = name
    fn.__doc__ = f"Symbolic `np.random.{name}` with scalar parameters (node `_npi_{name}`)."
    return fn


uniform = _sampler("uniform", "low", "high", 0.0, 1.0)
normal = _sampler("normal", "loc", "scale", 0.0, 1.0)


def _sample_eval(name, p1, p2):
    def run(*inputs, size=None, dtype=None, **kwargs):
        from ...numpy import random as nprandom
        if inputs:
            raise NotImplementedError(f"_npi_{name}: array-valued parameters are not supported by torch2gluon")
        return _views_out(getattr(nprandom, name)(kwargs.get(p1), kwargs.get(p2), size=size, dtype=dtype))
    return run


EVAL = {"_npi_uniform": _sample_eval("uniform", "low", "high"),
        "_npi_normal": _sample_eval("normal", "loc", "scale")}


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    from ._nodes import unsupported
    raise unsupported("mx.sym.np.random", name)
