"""Building `mx.npx` functions from the legacy operators of the registry (one implementation per operator).

`npx_op(name, legacy, inputs)` makes a function with MXNet's generated npx signature
(`(data=None, ..., param=default, ..., out=None, name=None, **kwargs)`) that:
- refuses a legacy `mx.nd.NDArray` operand (or `out=`) with MXNet's TypeError (npx operators take only
  `mx.np.ndarray`s);
- calls the legacy operator (which normalises the arguments, honours `out=` and raises MXNet's errors);
  `dtype=None` means "not given" (the operator's default), as in MXNet's npx front-end;
- returns `mx.np.ndarray`s: a fresh legacy result object is retyped in place (`__class__`; the classes share
  their slots), which costs less than a second wrapper on the hot paths (relu, fully_connected, softmax).
The function is generated with its own signature (as the registry's fast wrappers are), so the common
call binds its arguments in C; unknown keywords and missing inputs take the legacy operator's own error path.
"""
import inspect
import keyword

from ..ndarray.ndarray import NDArray
from ..ndarray.register import unchecked
from ..numpy._wrap import np_class

_MISSING = object()  # default of a parameter the legacy operator requires: "not given"


def legacy_input(x, opname, backend=None):
    """Raise MXNet's TypeError when `x` is a legacy NDArray given to numpy operator `opname`."""
    if isinstance(x, NDArray) and not isinstance(x, np_class()):
        backend = backend or f"_npx_{opname}"
        raise TypeError(
            f"Operator `{backend}` registered in backend is known as `{opname}` in Python. This is a numpy "
            "operator which can only accept MXNet numpy ndarrays, while received a legacy ndarray. Please "
            "ensure that you have activated numpy semantics by calling `npx.set_np()` in your code. If you "
            "still see this error with numpy semantics activated, please call `as_np_ndarray()` upon the "
            "legacy ndarray to convert it to an MXNet numpy ndarray, and then feed the converted array to "
            "this operator.")


def to_np(res):
    """Legacy operator result(s) as `mx.np.ndarray`s (fresh legacy objects are retyped in place)."""
    if type(res) is NDArray:
        res.__class__ = np_class()
        return res
    if isinstance(res, (list, tuple)):
        return type(res)(to_np(r) for r in res)
    return res


_TEMPLATE = """
def {fname}({params}, out=None, name=None, **_np_kw):
{checks}    if _np_kw or out is not None{missing}:
        return _np_slow(({values},), _np_kw, out)
    _np_r = {call}({values})
    if type(_np_r) is _np_ND:
        _np_r.__class__ = _np_NP
        return _np_r
    return _np_conv(_np_r)
"""

_CHECK = """    if type({n}) is not _np_NP and {n} is not None:
        _np_bad({n}, _np_name, _np_backend)
"""


def npx_op(name, legacy, inputs, defaults=None, backend=None, doc=None, none_is_default=(),
           module="torch2gluon.numpy_extension"):
    """An npx function `name` over registered legacy operator `legacy`.

    `inputs`: the names of its array inputs (checked to be `mx.np.ndarray`s); `defaults`: npx defaults that
    differ from the legacy operator's; `backend`: the backend operator's name for the TypeError message;
    `none_is_default`: parameters besides `dtype` for which None means the default (slice's step=None);
    `module`: the module that publishes the function.
    """
    none_is_default = frozenset(none_is_default) | {"dtype"}
    sig = inspect.signature(getattr(legacy, "__wrapped__", legacy))
    pnames = [p.name for p in sig.parameters.values()]
    assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in sig.parameters.values()), name
    assert all(n.isidentifier() and not keyword.iskeyword(n) and not n.startswith("_np_") for n in pnames)
    defaults = defaults or {}
    backend = backend or f"_npx_{name}"
    # a one-input fast front (nd.relu...) has its plain kernel call underneath: the checked common call uses it
    fast = legacy.__wrapped__ if hasattr(legacy, "__slow__") else None
    legacy = unchecked(legacy)  # the legacy operator takes these mx.np arrays here (MXNet's npx kernels do)
    ns = {"_np_op": legacy, "_np_fast": fast, "_np_NP": np_class(), "_np_ND": NDArray, "_np_bad": legacy_input,
          "_np_conv": to_np, "_np_name": name, "_np_backend": backend}
    params, missing = [], []
    for i, p in enumerate(sig.parameters.values()):
        if p.name in defaults:
            default = defaults[p.name]
        elif p.default is not p.empty:
            default = p.default
        elif p.name in inputs:
            default = None  # MXNet's generated signature: every input defaults to None
        else:
            default = _MISSING
        ns[f"_np_d{i}"] = default
        params.append(f"{p.name}=_np_d{i}")
        if default is _MISSING or (default is None and p.name in inputs and p.default is p.empty):
            missing.append(f" or {p.name} is _np_d{i}")
        if p.name in none_is_default and default is not None:
            missing.append(f" or {p.name} is None")  # npx operators read dtype=None as not given

    def slow(values, kwargs, out):
        if out is not None and type(out) is not np_class():
            legacy_input(out, name, backend)
        kw = {n: v for n, v in zip(pnames, values)
              if v is not _MISSING and not (v is None and (n in inputs or n in none_is_default))}
        kw.update(kwargs)
        return to_np(legacy(**kw, out=out) if out is not None else legacy(**kw))

    ns["_np_slow"] = slow
    src = _TEMPLATE.format(fname=name, params=", ".join(params),
                           call="_np_op" if fast is None else f"(_np_fast if type({pnames[0]}) is _np_NP else _np_op)",
                           checks="".join(_CHECK.format(n=n) for n in inputs),
                           missing="".join(missing), values=", ".join(pnames))
    exec(compile(src, f"<npx {name}>", "exec"), ns)  # pylint: disable=exec-used
    fn = ns[name]
    fn.__module__ = module  # where the function is published (pickling by reference finds it)
    fn.__qualname__ = name
    fn.__doc__ = doc or (legacy.__doc__ or "").strip().split("\n")[0] or f"npx.{name}."
    return fn
