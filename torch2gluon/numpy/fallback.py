"""`mx.np` functions that MXNet 1.9.1 delegates to official NumPy (its `mxnet/numpy/fallback.py` list).

In MXNet 1.9.1 `mx.np.X` for these names *is* `numpy.X`; called with `mx.np.ndarray`s, NumPy's
`__array_function__` protocol sends the call to MXNet's fallback, which:
- refuses under `autograd.record()` (MXNet 1.9.1's refusal itself fails: it raises
  AttributeError "'ValueError' object has no attribute 'format'", kept here);
- copies each positional `mx.np.ndarray` (also inside lists/tuples) and each keyword `mx.np.ndarray` to numpy;
  when no positional argument holds one, raises ValueError 'Unknown context for the input ndarrays...';
- calls NumPy and converts the result back: a numpy array becomes an `mx.np.ndarray` on the context of the
  inputs (lists/tuples of them on the default context), python and numpy scalars are returned as they are,
  anything else (a dtype, None...) is MXNet's TypeError 'Does not support converting ...'.
Called without any `mx.np.ndarray`, the function is plain NumPy. The functions here are thin wrappers doing
exactly that (`fallback_call` is the shared step, usable by `ndarray.__array_function__`).
"""
import numbers

import numpy as onp

__all__ = [
    "allclose", "alltrue", "apply_along_axis", "apply_over_axes", "argpartition", "argwhere", "array_equal",
    "array_equiv", "choose", "compress", "corrcoef", "correlate", "count_nonzero", "cov", "digitize", "divmod",
    "extract", "flatnonzero", "float_power", "frexp", "heaviside", "histogram2d", "histogram_bin_edges",
    "histogramdd", "i0", "in1d", "interp", "intersect1d", "isclose", "isin", "ix_", "lexsort",
    "min_scalar_type", "mirr", "modf", "msort", "nanargmax", "nanargmin", "nancumprod", "nancumsum", "nanmax",
    "nanmedian", "nanmin", "nanpercentile", "nanprod", "nanquantile", "ndim", "npv", "partition", "piecewise",
    "packbits", "poly", "polyadd", "polydiv", "polyfit", "polyint", "polymul", "polysub", "positive", "ppmt",
    "promote_types", "ptp", "pv", "rate", "real", "result_type", "rollaxis", "roots", "searchsorted", "select",
    "setdiff1d", "setxor1d", "signbit", "size", "spacing", "take_along_axis", "trapz", "tril_indices_from",
    "trim_zeros", "triu_indices_from", "union1d", "unpackbits", "unwrap", "vander",
]

# bound in MXNet's fallback module but not exported into mx.np
_UNEXPORTED = ["nanstd", "nansum", "nanvar", "pmt"]


_MX_DTYPES = ("float16", "float32", "float64", "uint8", "int8", "int32", "int64", "bool")


def _np_cls():
    from ._wrap import np_class
    return np_class()


def _has_mx(obj, cls):
    if isinstance(obj, cls):
        return True
    if isinstance(obj, (list, tuple)):
        return any(_has_mx(o, cls) for o in obj)
    return False


def _to_numpy(obj, cls):
    """(obj with mx.np arrays replaced by numpy copies (recursing into lists/tuples), their context)."""
    if isinstance(obj, cls):
        return obj.asnumpy(), obj.ctx
    if isinstance(obj, (list, tuple)):
        items, ctx = [], None
        for o in obj:
            v, c = _to_numpy(o, cls)
            items.append(v)
            if ctx is None:
                ctx = c
            elif c is not None and c != ctx:
                raise ValueError("Ambiguous to set the context for the output ndarray since input ndarrays are "
                                 f"allocated on different devices: {ctx} and {c}")
        return type(obj)(items), ctx
    return obj, None


def _to_mx(obj, ctx=None):
    """A NumPy result as MXNet's fallback returns it."""
    import torch
    from ..context import cpu, tag_for
    from ..ndarray.creation import _device
    from ._wrap import wrap_np
    if isinstance(obj, onp.ndarray):  # MXNet: from_numpy (a CPU array), then moved to the inputs' context
        c = _device(ctx if ctx is not None else cpu())
        arr = obj  # (not ascontiguousarray: it makes 0-d results 1-d; the copy below is C-ordered)
        if arr.dtype.name not in _MX_DTYPES:  # MXNet's from_numpy refuses other dtypes (complex, int16 ...)
            raise ValueError(f"{arr.dtype.name} is not supported.")
        t = torch.from_numpy(arr.copy()).to(c.torch_device)
        return wrap_np(t, tag_for(c))
    if isinstance(obj, (numbers.Number, onp.generic)):
        return obj
    if isinstance(obj, (list, tuple)):
        return type(obj)([_to_mx(o) for o in obj])
    raise TypeError(f"Does not support converting {type(obj)} to mx.np.ndarray.")


def fallback_call(func, args, kwargs):
    """Run NumPy's `func` on mx.np arrays the way MXNet 1.9.1's `__array_function__` fallback does."""
    from ..autograd import is_recording
    cls = _np_cls()
    if is_recording():
        raise AttributeError("'ValueError' object has no attribute 'format' (MXNet 1.9.1's refusal of falling "
                             f"back to NumPy operator {getattr(func, '__name__', func)} under autograd.record())")
    new_args, ctx = _to_numpy(tuple(args), cls)
    if ctx is None:
        raise ValueError("Unknown context for the input ndarrays. It is probably a bug. Please create an issue "
                         "on GitHub.")
    new_kwargs = {k: (v.asnumpy() if isinstance(v, cls) else v) for k, v in kwargs.items()}
    return _to_mx(func(*new_args, **new_kwargs), ctx=ctx)


def _numpy_func(path):
    obj = onp
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def make_fallback(path):
    """A wrapper of `numpy.<path>` with MXNet 1.9.1's fallback behaviour for mx.np arrays."""
    name = path.split(".")[-1]

    def wrapper(*args, **kwargs):
        func = _numpy_func(path)  # looked up per call: NumPy's removed financial functions raise on access
        cls = _np_cls()
        if not (_has_mx(args, cls) or any(isinstance(v, cls) for v in kwargs.values())):
            return func(*args, **kwargs)
        return fallback_call(func, args, kwargs)

    wrapper.__name__ = wrapper.__qualname__ = name
    wrapper.__doc__ = f"`numpy.{path}` through MXNet 1.9.1's NumPy fallback (mx.np arrays in, mx.np arrays out)."
    wrapper.__wrapped_numpy__ = path
    return wrapper


for _n in __all__ + _UNEXPORTED:
    globals()[_n] = make_fallback(_n)
del _n
