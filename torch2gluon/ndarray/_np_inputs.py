"""MXNet's refusal of `mx.np.ndarray`s by the legacy operators (`nd.X`, `F.X`, NDArray operators and methods).

MXNet 1.9.1's generated legacy operator functions raise TypeError when an array input, or `out=`, is an
`mx.np.ndarray` (`_verify_all_legacy_ndarrays`): the two interfaces do not mix without `as_nd_ndarray()` /
`as_np_ndarray()`. The operator wrappers (register.py) test each array input's type inline (the common call,
all legacy NDArrays, pays one type comparison per input) and call here only for an input that is not a plain
NDArray. `mx.npx` functions built over the legacy operators call their unchecked variant (`__npx__`).
"""
from .ndarray import NDArray

_NP = []  # [mx.np.ndarray], looked up on first use (mx.np is built on top of this package)


def np_class():
    """The `mx.np.ndarray` class."""
    if not _NP:
        from ..numpy._wrap import np_class as cls  # pylint: disable=import-outside-toplevel
        _NP.append(cls())
    return _NP[0]


def is_np(x):
    """Whether `x` is an `mx.np.ndarray`."""
    return isinstance(x, NDArray) and isinstance(x, np_class())


def legacy_error(opname, write=False):
    """MXNet's TypeError of legacy operator `opname` given an `mx.np.ndarray` input (`write`: as `out=`)."""
    pyname = opname
    for prefix in ("_contrib_", "_linalg_", "_sparse_", "_image_", "_random_"):
        if opname.startswith(prefix):
            pyname = opname[len(prefix):]
            break
    what = "write to" if write else "accept"
    return TypeError(f"Operator `{opname}` registered in backend is known as `{pyname}` in Python. This is a "
                     f"legacy operator which can only {what} legacy ndarrays, while received an MXNet numpy "
                     "ndarray. Please call `as_nd_ndarray()` upon the numpy ndarray to convert it to a legacy "
                     "ndarray, and then feed the converted array to this operator.")


def refuse_np(x, opname):
    """Raise MXNet's TypeError when `x` (an operator input that is no plain NDArray) is an `mx.np.ndarray`."""
    if isinstance(x, NDArray) and isinstance(x, np_class()):
        raise legacy_error(opname)


def first_input_ctx(x, opname):
    """The context tag of a first operator argument that is no plain NDArray (None: none), refusing an
    `mx.np.ndarray` first."""
    if isinstance(x, NDArray) and isinstance(x, np_class()):
        raise legacy_error(opname)
    return getattr(x, "_ctx", None)


def refuse_np_call(opname, args, kwargs):
    """Raise MXNet's TypeError when a positional or keyword argument (or `out=`) of a legacy operator call is
    an `mx.np.ndarray`."""
    cls = None
    for x in args:
        if type(x) is not NDArray and isinstance(x, NDArray):
            cls = cls or np_class()
            if isinstance(x, cls):
                raise legacy_error(opname)
    if kwargs:
        for k, x in kwargs.items():
            if type(x) is not NDArray and isinstance(x, NDArray) and k != "out":
                cls = cls or np_class()
                if isinstance(x, cls):
                    raise legacy_error(opname)
        out = kwargs.get("out")
        if out is not None:
            refuse_np_out(out, opname)


def refuse_np_out(out, opname):
    """Raise MXNet's TypeError when `out` (an array or a list of them) holds an `mx.np.ndarray`."""
    for o in (out if isinstance(out, (list, tuple)) else (out,)):
        if type(o) is not NDArray and is_np(o):
            raise legacy_error(opname, write=True)
