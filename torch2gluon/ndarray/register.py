"""The operator registry: one implementation per MXNet operator, shared by `nd.X`, `F.X`, methods and layers.

`@mxop` wraps a plain function (NDArray in, NDArray out) so that:
- `out=` is honoured once for every operator (result copied into `out`, which is returned), unless the
  function takes `out` itself;
- `name=` (a symbol-mode argument that ndarray ops accept) is accepted and has no effect on values;
- an unknown keyword raises MXNetError "Cannot find argument 'x', Possible Arguments: ..." as MXNet does,
  except for the operators MXNet lets ignore them (no parameter struct; see _lenient_ops.py);
- an error that bad input provokes inside the implementation (torch's RuntimeError/IndexError/ValueError,
  int('x'), ...) becomes MXNetError naming the operator and its inputs, as MXNet's backend reports it
  (see _op_errors.py); deliberate raises of the implementation pass unchanged.
The registry `OPS` maps every MXNet name (aliases included) to its function, for namespaces to export.

Per-call cost matters (every `nd.X`, `F.X` and Gluon layer goes through here), so an operator whose
signature is plain (positional-or-keyword parameters only) gets a wrapper generated with that very
signature: Python binds the arguments in C, and the common call needs no `*args`/`**kwargs` forwarding.
Any unusual call (an unknown keyword, extra positional arguments, a missing input) takes the generic path,
which reports errors as MXNet does.
"""
import functools
import inspect
import keyword
import types

import numpy as np
import torch

from ..base import MXNetError
from ..context import op_tag
from ._bool_inputs import bool_error, check_no_bool, refused_inputs
from ._lenient_ops import LENIENT_OPS
from ._np_inputs import first_input_ctx, refuse_np, refuse_np_call, refuse_np_out
from ._op_errors import FOREIGN, backend_error
from ._param_check import all_ints, check_param, fast_test, kinds_for
from ._unknown_shape import check_call, finish, input_spec, legacy_unknown
from .ndarray import NDArray

OPS = {}
_MISSING = object()  # default of a required parameter in a generated wrapper: "not given"


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


def _positional_count(fn):
    """How many arguments `fn` takes by position (None where it takes *args)."""
    params = inspect.signature(fn).parameters.values()
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return None
    return sum(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)


def _lenient_params(fn, names):
    """`fn`'s parameter names where MXNet ignores unknown keywords of the operator (no parameter struct),
    else None (unknown keywords are MXNetError)."""
    if not any(n in LENIENT_OPS for n in names):
        return None
    params = inspect.signature(fn).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return None
    return frozenset(p.name for p in params)


def _pin_signature(fn):
    """Keep `inspect.signature(fn)` as `fn.__signature__`, which inspect.signature then returns at once."""
    if "__signature__" not in getattr(fn, "__dict__", ()):
        try:
            fn.__signature__ = inspect.signature(fn)
        except (TypeError, ValueError, AttributeError):
            pass


def mxop(*names, python=False, plain=False):
    """Register an operator under `names` (the first is its canonical MXNet name).

    A call with a missing input or required parameter raises MXNetError, as MXNet's operators do, unless
    `python=True` (MXNet exposes the name as a plain python function, which raises TypeError). Bad input
    that fails inside the implementation raises MXNetError either way (MXNet's python functions call
    operators). `plain=True` (with `python`): MXNet's function takes exactly `fn`'s parameters, so `out=`,
    `name=` or an unknown keyword is python's TypeError.
    """

    def deco(fn):
        _pin_signature(fn)  # the checks below read fn's signature many times: build it once
        opname = names[0] if names else fn.__name__
        takes_out = "out" in inspect.signature(fn).parameters  # e.g. samplers that draw into `out`
        known = _lenient_params(fn, names or (fn.__name__,))  # MXNet ignores unknown keywords of these ops
        kinds = _param_kinds(fn, names, python)  # MXNet's parameter-format check (_param_check.py)
        validate = _validator(fn, opname, kinds) if kinds else None
        nobool = refused_inputs(names or (fn.__name__,))  # inputs MXNet has no bool kernel for (_bool_inputs.py)
        pnames = list(inspect.signature(fn).parameters) if nobool is not None else None
        all_names = list(inspect.signature(fn).parameters)
        dtype_at = all_names.index("dtype") if "dtype" in all_names and not python else None
        spec = input_spec(fn, kinds)  # which arguments are array inputs (their shapes: _unknown_shape.py)

        def fail(e, args, kwargs):
            err = None
            if isinstance(e, TypeError) and not plain:
                err = _unknown_kwarg_error(fn, opname, e)
                if err is None and not python:
                    err = _missing_arg_error(fn, opname, args, kwargs)
            if err is None:
                err = backend_error(e, fn, opname, args, kwargs)
            if err is not None:
                raise err from None
            raise e

        if plain:
            def unchecked(*args, **kwargs):
                try:
                    res = fn(*args, **kwargs)
                except FOREIGN as e:
                    fail(e, args, kwargs)
                if args and getattr(args[0], "_ctx", None) is not None:  # cpu(k)/cpu_shared: carry the context
                    _tag(res, args[0]._ctx)
                return res

            @functools.wraps(fn)
            def exact(*args, **kwargs):
                refuse_np_call(opname, args, kwargs)  # MXNet's legacy operators take no mx.np arrays
                policy = check_call(opname, spec, args, kwargs)  # 0-d / zero-size inputs (_unknown_shape.py)
                if policy is not None:
                    return finish(opname, spec, args, kwargs, policy, unchecked(*args, **kwargs))
                return unchecked(*args, **kwargs)
            exact.__mxop__ = opname
            exact._mx_unchecked = lambda: unchecked
            for n in (names or (fn.__name__,)):
                OPS[n] = exact
            return exact

        npos = _positional_count(fn) if not (python or takes_out) else None

        def positional_out(e, args):
            # MXNet's generated signature is (inputs..., params..., out=None, name=None): the first positional
            # argument past the parameters is the output array (None: none), the next one the name
            if not (npos is not None and npos < len(args) and isinstance(e, TypeError)
                    and "positional argument" in str(e)):
                return False
            if len(args) > npos + 2:
                raise TypeError(f"{opname}() takes from 0 to {npos + 2} positional arguments but {len(args)} "
                                "were given") from None
            if args[npos] is None or isinstance(args[npos], NDArray):
                return True
            err = _not_an_output(args[npos])
            if err is not None:
                raise err from None
            return False

        def core(*args, **kwargs):
            if dtype_at is not None:  # MXNet's front-end reads dtype (np.dtype) before the backend's checks
                d = args[dtype_at] if dtype_at < len(args) else kwargs.get("dtype")
                if type(d) is str and d not in _DTYPES_OK:
                    check_dtype(d)
            if nobool is not None:
                check_no_bool(opname, nobool, pnames, args, kwargs)
            if validate is not None:
                args, kwargs = validate(args, kwargs)
            if kwargs:
                out = None if takes_out else kwargs.pop("out", None)
                kwargs.pop("name", None)
                if known is not None:
                    kwargs = {k: v for k, v in kwargs.items() if k in known}
                try:
                    res = fn(*args, **kwargs)
                except FOREIGN as e:
                    if positional_out(e, args):
                        if out is not None:
                            raise TypeError(f"{opname}() got multiple values for argument 'out'") from None
                        return wrapper(*args[:npos], out=args[npos], **kwargs)
                    fail(e, args, kwargs)
                if out is not None:
                    return _write_out(res, out, opname)
            else:
                try:
                    res = fn(*args)
                except FOREIGN as e:
                    if positional_out(e, args):
                        return wrapper(*args[:npos], out=args[npos])
                    fail(e, args, kwargs)
            if args and getattr(args[0], "_ctx", None) is not None:  # cpu(k)/cpu_shared: carry the context
                _tag(res, args[0]._ctx)
            return res

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            refuse_np_call(opname, args, kwargs)  # MXNet's legacy operators take no mx.np arrays
            policy = check_call(opname, spec, args, kwargs)  # 0-d / zero-size inputs (_unknown_shape.py)
            if policy is not None:
                return finish(opname, spec, args, kwargs, policy, core(*args, **kwargs))
            return core(*args, **kwargs)

        fast = _fast_wrapper(fn, opname, takes_out, fail, wrapper, kinds, nobool, dtype_at is not None)
        variants = [core]

        def make_unchecked():
            if fast is not None and len(variants) == 1:
                variants.append(functools.wraps(fn)(
                    _fast_wrapper(fn, opname, takes_out, fail, core, kinds, nobool, dtype_at is not None, False)))
            return variants[-1]

        if fast is not None:
            wrapper = functools.wraps(fn)(fast)
            wrapper.__qualname__ = fn.__name__  # TypeErrors read "relu() got multiple values...", as MXNet's
        wrapper.__mxop__ = opname
        wrapper._mx_unchecked = make_unchecked
        for n in (names or (fn.__name__,)):
            OPS[n] = wrapper
        return wrapper

    return deco


_DTYPES_OK = set()  # dtype strings numpy has read


def check_dtype(d):
    """numpy's TypeError for a dtype string it cannot read (MXNet's front-end calls np.dtype on it)."""
    np.dtype(d)
    if len(_DTYPES_OK) < 256:
        _DTYPES_OK.add(d)


def _not_an_output(out):
    """The python error MXNet's invoke gives an `out` argument that is no NDArray (it takes len(out), then
    each entry's handle)."""
    if not hasattr(out, "__len__"):
        return TypeError(f"object of type '{type(out).__name__}' has no len()")
    bad = [x for x in out if not isinstance(x, NDArray)]
    if not bad:
        return None  # a list of output arrays: the operator's own out= check
    return AttributeError(f"'{type(bad[0]).__name__}' object has no attribute 'handle'")


def _param_kinds(fn, names, python):
    """{parameter: kind} of `fn`'s parameters that MXNet parses by a declared type (none for python functions)."""
    if python:
        return {}
    kinds = kinds_for(names or (fn.__name__,))
    params = inspect.signature(fn).parameters
    return {n: k for n, k in kinds.items() if n in params and params[n].kind in (
        inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)}


def _validator(fn, opname, kinds):
    """check(args, kwargs): MXNet's parameter-format check of a call of `fn` (values equal to `fn`'s own
    defaults are left alone: a default here may stand for "not given")."""
    params = list(inspect.signature(fn).parameters.values())
    pos = [(i, p.name, kinds[p.name], p.default) for i, p in enumerate(params)
           if p.name in kinds and p.kind is p.POSITIONAL_OR_KEYWORD]
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        pos = [c for c in pos if c[0] < next(i for i, p in enumerate(params) if p.kind is p.VAR_POSITIONAL)]
    defaults = {p.name: p.default for p in params}

    def check(args, kwargs):
        """(args, kwargs) with the checked parameters in plain form."""
        for i, name, kind, default in pos:
            if i < len(args) and args[i] is not default:
                v = check_param(args[i], kind, name, opname)
                if v is not args[i]:
                    args = args[:i] + (v,) + args[i + 1:]
        if kwargs:
            for name, v in kwargs.items():
                kind = kinds.get(name)
                if kind is not None and v is not defaults[name]:
                    kwargs[name] = check_param(v, kind, name, opname)
        return args, kwargs

    return check


_FAST_TEMPLATE = """
def {fname}({params}, *_mx_args, {kwonly}**_mx_kw):
    if _mx_args or _mx_kw{missing}:
        return _mx_slow(({values},), _mx_args, _mx_kw{out_arg})
{checks}    _mx_a0 = {first}
    if type(_mx_a0) is _mx_ND:
        _mx_c = _mx_a0._ctx
{first_check}    else:
        _mx_c = {ctx0}
{np_checks}    try:
        _mx_res = _mx_fn({values})
    except _mx_FOREIGN as _mx_e:
        _mx_fail(_mx_e, ({values},), {{}})
{write_out}    if _mx_c is not None:  # cpu(k)/cpu_shared: carry the context
        _mx_tag(_mx_res, _mx_c)
    return _mx_res
"""

_WRITE_OUT = """    if out is not None:
        return _mx_write_out(_mx_res, out, _mx_opname)
"""

# an array input past the first that is no plain NDArray: refuse an mx.np array (MXNet's legacy operators); a
# plain one with fewer than 2 elements may be 0-d or zero-size (an unknown legacy shape): the generic wrapper
# checks the call (_unknown_shape.py)
_NP_CHECK = """    if type({n}) is _mx_ND:
        if {n}._t.numel() < 2 and _mx_unknown({n}._t):
            return _mx_slow(({values},), (), {{}}{out_arg})
    elif {n} is not None:
        _mx_refuse_np({n}, _mx_opname)
"""
_FIRST_CHECK = """        if _mx_a0._t.numel() < 2 and _mx_unknown(_mx_a0._t):
            return _mx_slow(({values},), (), {{}}{out_arg})
"""
_OUT_CHECK = """    if out is not None and type(out) is not _mx_ND:
        _mx_refuse_np_out(out, _mx_opname)
"""
_WRITE_OUT_NP = """    if out is not None:
        if type(out) is not _mx_ND:
            _mx_refuse_np_out(out, _mx_opname)
        return _mx_write_out(_mx_res, out, _mx_opname)
"""


def _fast_wrapper(fn, opname, takes_out, fail, generic, kinds, nobool=None, dtype_first=False, np_check=True):
    """A wrapper with `fn`'s own signature (plus keyword-only `out=`, `name=`), or None where that does not
    apply (e.g. `fn` takes *args).

    It behaves as `generic` (the *args/**kwargs wrapper), which it hands every call it does not bind exactly
    (extra positional arguments, unknown keywords, a missing required input), unchanged in meaning.
    `nobool`: positions of the inputs that may not be bool arrays (_bool_inputs.py), checked inline.
    `dtype_first`: a `dtype` string is read by numpy before any other check (MXNet's front-end).
    `np_check`: refuse `mx.np` arrays as inputs or `out=` (_np_inputs.py); the candidate inputs are the
    parameters without a default or with default None that are not typed parameters (`kinds`).
    """
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    pnames = [p.name for p in params]
    if (not params or any(p.kind is not p.POSITIONAL_OR_KEYWORD for p in params) or "name" in pnames
            or (not takes_out and "out" in pnames)
            or any(n.startswith("_mx_") or keyword.iskeyword(n) for n in pnames)):
        return None
    ns = {"_mx_fn": fn, "_mx_M": _MISSING, "_mx_fail": fail, "_mx_write_out": _write_out, "_mx_tag": _tag,
          "_mx_ND": NDArray, "_mx_opname": opname, "_mx_FOREIGN": FOREIGN, "_mx_chk": check_param,
          "_mx_bool": torch.bool, "_mx_boolerr": bool_error, "_mx_ints": all_ints, "_mx_first": first_input_ctx,
          "_mx_refuse_np": refuse_np, "_mx_refuse_np_out": refuse_np_out, "_mx_unknown": legacy_unknown}
    sig, missing, checks = [], [], []
    if dtype_first:
        ns["_mx_dtok"], ns["_mx_dtchk"] = _DTYPES_OK, check_dtype
        checks.append("    if type(dtype) is str and dtype not in _mx_dtok:\n        _mx_dtchk(dtype)\n")
    for i in (nobool if isinstance(nobool, tuple) else ()):
        if i < len(pnames):
            n = pnames[i]
            checks.append(f"    if type({n}) is _mx_ND and {n}._t.dtype is _mx_bool:\n"
                          f"        raise _mx_boolerr(_mx_opname)\n")
    for i, p in enumerate(params):
        if p.default is p.empty:
            sig.append(f"{p.name}=_mx_M")
            missing.append(f" or {p.name} is _mx_M")
        else:
            ns[f"_mx_d{i}"] = p.default
            sig.append(f"{p.name}=_mx_d{i}")
        kind = kinds.get(p.name)
        if kind is not None:  # MXNet's parameter-format check, inline for the plain accepted types
            skip = "" if p.default is p.empty else f"{p.name} is not _mx_d{i} and "
            checks.append(f"    if {skip}{fast_test(kind, p.name)}:\n"
                          f"        {p.name} = _mx_chk({p.name}, {kind!r}, {p.name!r}, _mx_opname)\n")

    def slow(values, args, kwargs, out=None):
        pos = []
        for v in values:  # positional up to the first missing input; the rest by keyword
            if v is _MISSING:
                break
            pos.append(v)
        kw = {n: v for n, v in zip(pnames[len(pos):], values[len(pos):]) if v is not _MISSING}
        kw.update(kwargs)
        if out is not None:
            kw["out"] = out
        return generic(*pos, *args, **kw)

    ns["_mx_slow"] = slow
    fname = fn.__name__ if fn.__name__.isidentifier() and not keyword.iskeyword(fn.__name__) else "op"
    out_arg = "" if takes_out else ", out"
    src = _FAST_TEMPLATE.format(
        first_check=_FIRST_CHECK.format(values=", ".join(pnames), out_arg=out_arg) if np_check else "",
        fname=fname, params=", ".join(sig), kwonly="name=None, " if takes_out else "out=None, name=None, ",
        missing="".join(missing), values=", ".join(pnames), out_arg="" if takes_out else ", out",
        checks="".join(checks),
        write_out="" if takes_out else (_WRITE_OUT_NP if np_check else _WRITE_OUT), first=pnames[0],
        ctx0=("_mx_first(_mx_a0, _mx_opname)" if np_check else 'getattr(_mx_a0, "_ctx", None)'),
        np_checks="".join(_NP_CHECK.format(n=p.name, values=", ".join(pnames), out_arg=out_arg) for p in params[1:]
                          if np_check and p.name not in kinds and (p.default is p.empty or p.default is None)
                          and p.name != "out") + (_OUT_CHECK if np_check and takes_out else ""))
    stub = types.FunctionType(_STUB_CODE, ns, fname)

    def load():
        # the first call compiles the wrapper and gives `stub` its code: the function object (bound in the
        # namespaces, wrapped by functools.wraps) stays the same, later calls run the compiled code directly
        exec(compile(src, f"<mxop {opname}>", "exec"), ns)  # pylint: disable=exec-used
        real = ns[fname]
        stub.__code__, stub.__defaults__, stub.__kwdefaults__ = real.__code__, real.__defaults__, real.__kwdefaults__
        ns[fname] = stub
        return stub

    ns["_mx_load"] = load
    return stub


def _stub_code():
    ns = {}
    exec("def stub(*args, **kwargs):\n    return _mx_load()(*args, **kwargs)\n", ns)  # pylint: disable=exec-used
    return ns["stub"].__code__


# The fast wrappers are compiled on their first call (compiling ~400 of them is a quarter of the import time).
_STUB_CODE = _stub_code()


def _tag(res, ctx):
    """Give results MXNet's output context (the first input's) where torch cannot tell (cpu(k)); a
    cpu_shared/cpu_pinned input gives cpu outputs (MXNet does not propagate those kinds)."""
    ctx = op_tag(ctx)
    if ctx is None:
        return res
    if isinstance(res, NDArray):
        if res._ctx is None and res._t.device.type == "cpu" and ctx.device_typeid != 2:
            res._ctx = ctx
    elif isinstance(res, (list, tuple)):
        for r in res:
            _tag(r, ctx)
    return res


def _write_out(res, out, opname):
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
    if out._t.dtype != res._t.dtype:  # MXNet's type inference gives the output one dtype
        raise MXNetError(f"{opname}: Check failed: assign(&dattr, vec.at(i)): out= has dtype "
                         f"{str(out._t.dtype)[6:]} but the result has dtype {str(res._t.dtype)[6:]}")
    out._assign(res._t)
    return out


def unchecked(op):
    """Registered operator `op` without the refusal of `mx.np` arrays (for the `mx.npx` functions built over the
    legacy operators); `op` itself where it has no such variant."""
    f = op
    while f is not None:
        make = getattr(f, "_mx_unchecked", None)
        if make is not None:
            return make()
        f = getattr(f, "__wrapped__", None)
    return op
