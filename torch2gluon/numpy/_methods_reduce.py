"""The reduction methods of `mx.np.ndarray` (MXNet 1.9.1's signatures, which differ from the functions')."""
from .multiarray import ndarray
from . import _op_reduce as R
from . import _op_sort as O
from ._op_common import attach


def _sum(self, axis=None, dtype=None, out=None, keepdims=False):
    """Sum over `axis` (see `mx.np.sum`)."""
    return R.sum(self, axis=axis, dtype=dtype, keepdims=keepdims, out=out)


def _prod(self, axis=None, dtype=None, out=None, keepdims=False):
    """Product over `axis` (see `mx.np.prod`)."""
    return R.prod(self, axis=axis, dtype=dtype, out=out, keepdims=keepdims)


def _mean(self, axis=None, dtype=None, out=None, keepdims=False):
    """Mean over `axis` (see `mx.np.mean`)."""
    return R.mean(self, axis=axis, dtype=dtype, out=out, keepdims=keepdims)


def _std(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """Standard deviation over `axis` (see `mx.np.std`)."""
    return R.std(self, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims)


def _var(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """Variance over `axis` (see `mx.np.var`)."""
    return R.var(self, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims)


def _max(self, axis=None, out=None, keepdims=False):
    """Maximum over `axis` (see `mx.np.max`)."""
    return R.max(self, axis=axis, keepdims=keepdims, out=out)


def _min(self, axis=None, out=None, keepdims=False):
    """Minimum over `axis` (see `mx.np.min`)."""
    return R.min(self, axis=axis, keepdims=keepdims, out=out)


def _argmax(self, axis=None, out=None):
    """Indices of the maxima (see `mx.np.argmax`)."""
    return R.argmax(self, axis, out)


def _argmin(self, axis=None, out=None):
    """Indices of the minima (see `mx.np.argmin`)."""
    return R.argmin(self, axis, out)


def _cumsum(self, axis=None, dtype=None, out=None):
    """Cumulative sum (see `mx.np.cumsum`)."""
    return R.cumsum(self, axis=axis, dtype=dtype, out=out)


def _all(self, axis=None, out=None, keepdims=False):
    """Whether all elements are true (see `mx.np.all`)."""
    return R.all(self, axis=axis, keepdims=keepdims, out=out)


def _any(self, axis=None, out=None, keepdims=False):
    """Whether any element is true (see `mx.np.any`)."""
    return R.any(self, axis=axis, keepdims=keepdims, out=out)


def _sort(self, axis=-1, kind=None, order=None):
    """MXNet 1.9.1's `ndarray.sort` raises its result instead of returning it: a TypeError, reproduced here."""
    raise TypeError("exceptions must derive from BaseException")


def _argsort(self, axis=-1, kind=None, order=None):
    """Indices that sort the array (see `mx.np.argsort`)."""
    return O.argsort(self, axis=axis, kind=kind, order=order)


def _clip(self, min=None, max=None, out=None):  # pylint: disable=redefined-builtin
    """Values limited to [min, max] (see `mx.np.clip`)."""
    return O.clip(self, min, max, out=out)


def _take(self, indices, axis=None, mode='raise'):
    """Elements at `indices` (see `mx.np.take`)."""
    return O.take(self, indices, axis, mode=mode)


def _nonzero(self):
    """Indices of the non-zero elements (see `mx.np.nonzero`)."""
    return O.nonzero(self)


attach(ndarray, {"sort": _sort, "argsort": _argsort, "clip": _clip, "take": _take, "nonzero": _nonzero})
attach(ndarray, {"sum": _sum, "prod": _prod, "mean": _mean, "std": _std, "var": _var, "max": _max, "min": _min,
                 "argmax": _argmax, "argmin": _argmin, "cumsum": _cumsum, "all": _all, "any": _any},
       refused=("nansum", "nanprod", "norm", "argmax_channel", "pick", "topk"))
