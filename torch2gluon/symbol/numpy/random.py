"""`mx.sym.np.random`: symbolic `uniform`, `normal`, `gamma`, `exponential`, `randint`, `rand` with scalar
parameters (MXNet's `_npi_*` / `_random_randint` nodes, evaluated by `mx.np.random`); Symbol-valued parameters and
the other samplers are refused (NotImplementedError).
"""
import numbers

from ._nodes import np_node, _views_out

__all__ = ["uniform", "normal", "gamma", "exponential", "randint", "rand"]


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


def _ctx(ctx):
    from ...context import current_context
    return str(ctx or current_context())


def _scalar(name, arg, v):
    if not isinstance(v, numbers.Real):
        raise NotImplementedError(f"mx.sym.np.random.{name}: a Symbol or array '{arg}' is not supported")
    return v


def _no_out(name, out):
    if out is not None:
        raise NotImplementedError(f"mx.sym.np.random.{name}: argument 'out' is not supported for symbols")


def gamma(shape=1.0, scale=1.0, size=None, dtype=None, ctx=None, out=None):  # pylint: disable=too-many-arguments
    """Symbolic `np.random.gamma` with scalar parameters (node `_npi_gamma`)."""
    _no_out("gamma", out)
    return np_node("_npi_gamma", [], {"shape": _scalar("gamma", "shape", shape),
                                      "scale": _scalar("gamma", "scale", scale), "size": size, "ctx": _ctx(ctx),
                                      "dtype": "float32" if dtype is None else dtype}, "gamma")


def exponential(scale=1.0, size=None, ctx=None, out=None):
    """Symbolic `np.random.exponential` with a scalar scale (node `_npi_exponential`)."""
    _no_out("exponential", out)
    return np_node("_npi_exponential", [], {"scale": _scalar("exponential", "scale", scale), "size": size,
                                            "ctx": _ctx(ctx)}, "exponential", n_out=2, visible=1)


def randint(low, high=None, size=None, dtype=None, ctx=None, out=None):  # pylint: disable=too-many-arguments
    """Symbolic `np.random.randint` (MXNet's `_random_randint` node, int64 unless `dtype`)."""
    from ._nodes import legacy_node
    _no_out("randint", out)
    if high is None:
        low, high = 0, low
    return legacy_node("_random_randint", [], {"low": _scalar("randint", "low", low),
                                               "high": _scalar("randint", "high", high),
                                               "shape": () if size is None else size,
                                               "dtype": "int64" if dtype is None else dtype, "ctx": _ctx(ctx)},
                       "random_randint")


def rand(*size, **kwargs):
    """Symbolic `np.random.rand(*size)`: uniform samples in [0, 1) (node `_npi_uniform`)."""
    return uniform(0, 1, size=size, **kwargs)


def _gamma_eval(shape=1.0, scale=1.0, size=None, dtype=None):
    from ...numpy import random as nprandom
    return _views_out(nprandom.gamma(shape, scale, size=size, dtype=dtype))


def _exponential_eval(scale=1.0, size=None):
    from ...numpy import random as nprandom
    return _views_out(nprandom.exponential(scale, size=size))


def _sample_eval(name, p1, p2):
    def run(*inputs, size=None, dtype=None, **kwargs):
        from ...numpy import random as nprandom
        if inputs:
            raise NotImplementedError(f"_npi_{name}: array-valued parameters are not supported by torch2gluon")
        return _views_out(getattr(nprandom, name)(kwargs.get(p1), kwargs.get(p2), size=size, dtype=dtype))
    return run


EVAL = {"_npi_uniform": _sample_eval("uniform", "low", "high"),
        "_npi_normal": _sample_eval("normal", "loc", "scale"), "_npi_gamma": _gamma_eval,
        "_npi_exponential": _exponential_eval}
NUM_OUTPUTS = {"_npi_exponential": 2}


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    from ._nodes import unsupported
    raise unsupported("mx.sym.np.random", name)
