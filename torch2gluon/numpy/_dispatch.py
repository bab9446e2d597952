"""NumPy's `__array_function__` / `__array_ufunc__` on `mx.np.ndarray`, dispatched as MXNet 1.9.1 does.

Only the official functions named in `mxnet.numpy_dispatch_protocol`'s two lists run `mx.np`'s function of
the same name: functions are matched by identity (`numpy.linalg.norm` -> `mx.np.linalg.norm`), ufuncs by their
`__name__` (so `numpy.divide`, whose name is 'divide', is not the listed 'true_divide'). Every other official
NumPy function or ufunc given an `mx.np.ndarray` runs NumPy itself on copies, and its result comes back as
MXNet's fallback converts it (numpy arrays -> `mx.np.ndarray`s on the inputs' context, scalars as they are).
"""
import warnings

import numpy as onp
import torch

_TABLES = []


def _tables():
    """({numpy function: mx.np function}, {ufunc name: mx.np function}), built on first use."""
    if not _TABLES:
        from .. import numpy as mx_np
        from ..numpy_dispatch_protocol import _NUMPY_ARRAY_FUNCTION_LIST, _NUMPY_ARRAY_UFUNC_LIST
        funcs = {}
        with warnings.catch_warnings():  # newer NumPy deprecates (or drops) some listed aliases: round_, product
            warnings.simplefilter("ignore")
            for name in _NUMPY_ARRAY_FUNCTION_LIST:
                onp_obj, mx_obj = onp, mx_np
                try:
                    for part in name.split("."):
                        onp_obj, mx_obj = getattr(onp_obj, part), getattr(mx_obj, part)
                except AttributeError:
                    continue
                funcs[onp_obj] = mx_obj
        ufuncs = {name: getattr(mx_np, name) for name in _NUMPY_ARRAY_UFUNC_LIST}
        _TABLES.append((funcs, ufuncs))
    return _TABLES[0]


def array_function(cls, func, types, args, kwargs):
    """`cls.__array_function__`: the listed functions run `mx.np`'s, the others NumPy's on copies."""
    mx_func = _tables()[0].get(func)
    if mx_func is None:
        from .fallback import fallback_call
        return fallback_call(func, args, kwargs)
    if not all(issubclass(t, cls) for t in types):
        return NotImplemented
    return mx_func(*args, **kwargs)


def array_ufunc(cls, ufunc, method, inputs, kwargs):
    """`cls.__array_ufunc__`: the listed ufuncs run `mx.np`'s function, the others NumPy's on copies."""
    if "out" in kwargs:
        out = kwargs["out"]
        if len(out) != 1:
            raise ValueError("The `out` parameter must have exactly one ndarray")
        kwargs["out"] = out[0]
    if method != "__call__":
        return NotImplemented
    mx_func = _tables()[1].get(ufunc.__name__)
    if mx_func is not None:
        return mx_func(*inputs, **kwargs)
    from ..autograd import is_recording
    if is_recording():
        raise ValueError(f"Falling back to NumPy operator {ufunc.__name__} with autograd active is not supported."
                         "Please consider moving the operator to the outside of the autograd scope.")
    from .fallback import _to_mx
    ctx = next((x.ctx for x in inputs if isinstance(x, cls)), None)
    args = [x.asnumpy() if isinstance(x, cls) else x for x in inputs]
    out = kwargs.get("out")
    if isinstance(out, cls):  # numpy writes into a copy (its casting/shape rules); the values go back into `out`
        kwargs["out"] = out.asnumpy()
        res = ufunc(*args, **kwargs)
        with torch.no_grad():
            out._t.copy_(torch.from_numpy(onp.ascontiguousarray(res)).to(out._t.device))
        return out
    return _to_mx(ufunc(*args, **kwargs), ctx)
