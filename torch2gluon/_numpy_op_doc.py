"""`mxnet._numpy_op_doc`: the Python signatures of MXNet 1.9.1's builtin numpy operators (`_np_*`, `_npx_*`).

MXNet implements these operators in its backend and documents them here; `numpy_op_signature` copies each
signature onto the `mx.np` / `mx.npx` function the operator name denotes (`mx.np.sum.__signature__`).
"""
# pylint: disable=unused-argument,redefined-builtin,invalid-name


def _np_all(a, axis=None, keepdims=False, out=None):
    """Whether all elements along `axis` are true (`mx.np.all`)."""


def _np_any(a, axis=None, keepdims=False, out=None):
    """Whether any element along `axis` is true (`mx.np.any`)."""


def _np_sometrue(a, axis=None, keepdims=False, out=None):
    """Alias of `_np_any` (`mx.np.sometrue`)."""


def _np_cumsum(a, axis=None, dtype=None, out=None):
    """Cumulative sum along `axis` (`mx.np.cumsum`)."""


def _np_repeat(a, repeats, axis=None):
    """Repeat elements (`mx.np.repeat`)."""


def _np_transpose(a, axes=None):
    """Permute the axes (`mx.np.transpose`)."""


def _np_dot(a, b, out=None):
    """Dot product (`mx.np.dot`)."""


def _np_sum(a, axis=None, dtype=None, keepdims=False, initial=None, out=None):
    """Sum along `axis` (`mx.np.sum`)."""


def _np_copy(a, out=None):
    """A copy of `a` (`mx.np.copy`)."""


def _np_reshape(a, newshape, order='C', out=None):
    """A new shape for `a` (`mx.np.reshape`)."""


def _np_squeeze(a, axis=None, out=None):
    """Drop axes of size one (`mx.np.squeeze`)."""


def _np_max(a, axis=None, keepdims=False, out=None):
    """Maximum along `axis` (`mx.np.max`)."""


def _np_amax(a, axis=None, keepdims=False, out=None):
    """Alias of `_np_max` (`mx.np.amax`)."""


def _np_min(a, axis=None, keepdims=False, out=None):
    """Minimum along `axis` (`mx.np.min`)."""


def _np_amin(a, axis=None, keepdims=False, out=None):
    """Alias of `_np_min` (`mx.np.amin`)."""


def _np_prod(a, axis=None, dtype=None, out=None, keepdims=False):
    """Product along `axis` (`mx.np.prod`)."""


def _np_product(a, axis=None, dtype=None, out=None, keepdims=False):
    """Alias of `_np_prod` (`mx.np.product`)."""


def _np_moveaxis(a, source, destination):
    """Move axes to new positions (`mx.np.moveaxis`)."""


def _np__random_shuffle(x):
    """Shuffle `x` in place along its first axis (`mx.np.random.shuffle`)."""


def _npx_constraint_check(x, msg):
    """Raise ValueError(msg) unless all of `x` is true (`mx.npx.constraint_check`)."""


def _npx_nonzero(a):
    """Indices of the non-zero elements, one row each (`mx.npx.nonzero`)."""


def _np_diag(array, k=0):
    """Extract a diagonal or build a diagonal array (`mx.np.diag`)."""


def _np_diagonal(a, offset=0, axis1=0, axis2=1):
    """A diagonal of `a` (`mx.np.diagonal`)."""


def _np_diagflat(array, k=0):
    """A 2-D array with the flattened input on a diagonal (`mx.np.diagflat`)."""


def _np_atleast_1d(*arys):
    """Arrays viewed with at least one dimension (`mx.np.atleast_1d`)."""


def _np_atleast_2d(*arys):
    """Arrays viewed with at least two dimensions (`mx.np.atleast_2d`)."""


def _np_atleast_3d(*arys):
    """Arrays viewed with at least three dimensions (`mx.np.atleast_3d`)."""


def _npx_reshape(a, newshape, reverse=False, order='C'):
    """Reshape with MXNet's special codes (`mx.npx.reshape`)."""


def _np_roll(a, shift, axis=None):
    """Roll elements along `axis` (`mx.np.roll`)."""


def _np_trace(a, offset=0, axis1=0, axis2=1, out=None):
    """Sum along a diagonal (`mx.np.trace`)."""
