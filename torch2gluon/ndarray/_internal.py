"""`mx.nd._internal`: MXNet's underscore-named operators (`_plus_scalar`, `_slice_assign`, `_zeros`, ...), its
legacy alias names (`_PlusScalar`, `_Greater_Equal`...: _op_canonical.py) and the internal operators MXNet
builds into graphs (`_grad_add`, `_identity_with_attr_like_rhs`, `_histogram`, `_rnn_param_concat`)."""
from . import ops_internal  # noqa: F401  (registers the underscore operators)
from . import ops_unique_sample  # noqa: F401  (_sample_unique_zipfian)
from .register import OPS as _OPS
from .._op_canonical import CANONICAL as _CANONICAL
from ..base import MXNetError as _MXNetError


def _grad_add(lhs, rhs, out=None, name=None):
    """lhs + rhs of equal shapes and dtypes (MXNet's gradient-accumulation node)."""
    return _OPS["elemwise_add"](lhs, rhs, out=out)


def _identity_with_attr_like_rhs(lhs, rhs, out=None, name=None):
    """`lhs` unchanged; `rhs` must have its shape (MXNet's node giving a head gradient its output's shape)."""
    if tuple(lhs.shape) != tuple(rhs.shape):
        raise _MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node  at 1-th input: "
                          f"expected {list(lhs.shape)}, got {list(rhs.shape)}")
    return _OPS["_copy"](lhs, out=out) if "_copy" in _OPS else lhs.copy()


def _histogram(data, bins=None, bin_cnt=None, range=None, out=None, name=None):  # noqa: A002
    """MXNet's histogram operator: (counts, bin edges) from `bin_cnt` and `range`, or from the edges `bins`."""
    if bins is not None:
        return _OPS["histogram"](data, bins=bins)
    return _OPS["histogram"](data, bins=bin_cnt, range=range)


def _rnn_param_concat(*data, dim=1, num_args=None, out=None, name=None):
    """Concatenation of the fused RNN layers' parameters (Concat without its shape checks on unknown dims)."""
    kw = {} if num_args is None else {"num_args": num_args}
    return _OPS["concat"](*data, dim=dim, out=out, **kw)


_EXTRA = {"_grad_add": _grad_add, "_identity_with_attr_like_rhs": _identity_with_attr_like_rhs,
          "_histogram": _histogram, "_rnn_param_concat": _rnn_param_concat}


def __getattr__(name):
    fn = _OPS.get(name) if name.startswith("_") else None
    if fn is None and name in _CANONICAL:
        fn = _OPS.get(_CANONICAL[name])
    if fn is None:
        fn = _EXTRA.get(name)
    if fn is None:
        raise AttributeError(f"module 'mxnet.ndarray._internal' has no attribute {name!r}")
    return fn


def __dir__():
    names = {n for n in _OPS if n.startswith("_")} | set(_EXTRA)
    names |= {n for n, c in _CANONICAL.items() if n.startswith("_") and c in _OPS}
    return sorted(names)
