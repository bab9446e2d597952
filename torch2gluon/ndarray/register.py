"""The operator registry: one implementation per MXNet operator, shared by `nd.X`, `F.X`, methods and layers.

`@mxop` wraps a plain function (NDArray in, NDArray out) so that:
- `out=` is honoured once for every operator (result copied into `out`, which is returned), unless the
  function takes `out` itself;
- `name=` (a symbol-mode argument that ndarray ops accept) is accepted and has no effect on values;
- an unknown keyword raises MXNetError "Cannot find argument 'x', Possible Arguments: ..." as MXNet does.
The registry `OPS` maps every MXNet name (aliases included) to its function, for namespaces to export.
"""
import functools
import inspect

from ..base import MXNetError

OPS = {}


def _unknown_kwarg_error(fn, opname, exc):
    msg = str(exc)
    if "unexpected keyword argument" not in msg:
        return None
    bad = msg.split("'")[1] if "'" in msg else msg
    params = [p for p in inspect.signature(fn).parameters if p not in ("self",)]
    return MXNetError(f"Cannot find argument '{bad}', Possible Arguments:\n----------------\n"
                      + "\n".join(params) + f"\n, in operator {opname}")


def _missing_arg_error(fn, opname, args, kwargs):
    """MXNetError for a call that does not bind to `fn`'s signature (a missing input or parameter), else None."""
    try:
        inspect.signature(fn).bind(*args, **kwargs)
    except TypeError as e:
        return MXNetError(f"Required parameter or input is not presented ({e}), in operator {opname}")
    return None


def mxop(*names, python=False):
    """Register an operator under `names` (the first is its canonical MXNet name).

    A call with a missing input or required parameter raises MXNetError, as MXNet's operators do, unless
    `python=True` (MXNet exposes the name as a plain python function, which raises TypeError).
    """

    def deco(fn):
        opname = names[0] if names else fn.__name__
        takes_out = "out" in inspect.signature(fn).parameters  # e.g. samplers that draw into `out`

        def fail(e, args, kwargs):
            err = _unknown_kwarg_error(fn, opname, e)
            if err is None and not python:
                err = _missing_arg_error(fn, opname, args, kwargs)
            if err is not None:
                raise err from None
            raise e

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if kwargs:
                out = None if takes_out else kwargs.pop("out", None)
                kwargs.pop("name", None)
                try:
                    res = fn(*args, **kwargs)
                except TypeError as e:
                    fail(e, args, kwargs)
                if out is not None:
                    return _write_out(res, out, opname)
            else:
                try:
                    res = fn(*args)
                except TypeError as e:
                    fail(e, args, kwargs)
            if args and getattr(args[0], "_ctx", None) is not None:  # cpu(k)/cpu_shared: carry the context
                _tag(res, args[0]._ctx)
            return res

        wrapper.__mxop__ = opname
        for n in (names or (fn.__name__,)):
            OPS[n] = wrapper
        return wrapper

    return deco


def _tag(res, ctx):
    """Give results MXNet's output context (the first input's) where torch cannot tell (cpu(k), cpu_shared)."""
    from .ndarray import NDArray
    if isinstance(res, NDArray):
        if res._ctx is None and res._t.device.type == "cpu" and ctx.device_typeid != 2:
            res._ctx = ctx
    elif isinstance(res, (list, tuple)):
        for r in res:
            _tag(r, ctx)
    return res


def _write_out(res, out, opname):
    from .ndarray import NDArray
    if isinstance(res, (list, tuple)):
        if not isinstance(out, (list, tuple)) or len(out) != len(res):
            raise MXNetError(f"{opname}: out= must be a list of {len(res)} NDArrays")
        for r, o in zip(res, out):
            _write_out(r, o, opname)
        return out
    if not isinstance(out, NDArray):
        raise TypeError(f"{opname}: out= must be an NDArray, got {type(out).__name__}")
    if tuple(out.shape) != tuple(res.shape):
        raise MXNetError(f"{opname}: out= has shape {out.shape} but the result has shape {res.shape}")
    out._assign(res._t)
    return out
