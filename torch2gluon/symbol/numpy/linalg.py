"""`mx.sym.np.linalg`: symbolic numpy linear algebra (the nodes MXNet 1.9.1 writes; evaluated by `mx.np.linalg`).

`norm` writes `_npi_norm` with MXNet's `flag` attribute (-2: flattened 2-norm, 1: Frobenius / vector 2-norm,
0: matrix 2-norms, -1: vector norm of another order, 2: nuclear norm); the 'inf' matrix norms and the functions
MXNet builds from several nodes are refused (NotImplementedError).
"""
from ._nodes import np_node, legacy_node, _views_in, _views_out

__all__ = ["norm", "inv", "det", "cholesky", "solve", "eigvalsh", "slogdet", "svd", "eigh", "eig", "eigvals",
           "pinv", "tensorinv", "tensorsolve"]


def _la():
    from ...numpy import linalg
    return linalg


def _sym(name, x, arg="a"):
    from ..symbol import Symbol
    if not isinstance(x, Symbol):
        raise TypeError(f"mx.sym.np.linalg.{name}: argument '{arg}' must be a Symbol, got {type(x).__name__}")
    return x


def norm(x, ord=None, axis=None, keepdims=False):  # pylint: disable=redefined-builtin
    """Symbolic `np.linalg.norm` (node `_npi_norm`)."""
    x = _sym("norm", x, "x")
    if axis is not None and not isinstance(axis, (int, tuple)):
        raise TypeError("'axis' must be None, an integer or a tuple of integers.")
    if isinstance(axis, int):
        axis = (axis,)
    if axis is None and ord is None:
        flag, ord_attr = -2, 2
    elif ord is None or ord in ("fro", "f"):
        flag, ord_attr = 1, 2
    elif axis is not None and len(axis) == 2 and ord in (2, -2):
        flag, ord_attr = 0, ord
    elif ord == "nuc":
        flag, ord_attr = 2, 2
    elif isinstance(ord, (int, float)) and not (axis is not None and len(axis) == 2):
        flag, ord_attr = -1, ord
    else:
        raise NotImplementedError(f"mx.sym.np.linalg.norm: ord={ord!r} with axis={axis!r} is not supported")
    return np_node("_npi_norm", [x], {"ord": ord_attr, "axis": axis, "keepdims": keepdims, "flag": flag}, "norm",
                   n_out=2, visible=1)


def _norm_eval(x, ord=2, axis=None, keepdims=False, flag=-1):  # pylint: disable=redefined-builtin
    flag = int(flag)
    if flag == -2:
        ord, axis = None, None
    elif flag == 1:
        ord = None
    elif flag == 2:
        ord = "nuc"
    elif flag not in (0, -1):
        raise NotImplementedError(f"_npi_norm: flag={flag} is not supported by torch2gluon")
    return _views_out(_la().norm(*_views_in([x]), ord=ord, axis=axis, keepdims=bool(keepdims)))


def inv(a):
    """Symbolic `np.linalg.inv` (MXNet's `_linalg_inverse` node)."""
    return legacy_node("_linalg_inverse", [_sym("inv", a)], {}, "inv")


def det(a):
    """Symbolic `np.linalg.det` (MXNet's `_linalg_det` node)."""
    return legacy_node("_linalg_det", [_sym("det", a)], {}, "det")


def cholesky(a):
    """Symbolic `np.linalg.cholesky` (node `_npi_cholesky`)."""
    return np_node("_npi_cholesky", [_sym("cholesky", a)], {}, "cholesky")


def solve(a, b):
    """Symbolic `np.linalg.solve` (node `_npi_solve`)."""
    return np_node("_npi_solve", [_sym("solve", a), _sym("solve", b, "b")], {}, "solve")


def eigvalsh(a, UPLO="L"):  # pylint: disable=invalid-name
    """Symbolic `np.linalg.eigvalsh` (node `_npi_eigvalsh`)."""
    return np_node("_npi_eigvalsh", [_sym("eigvalsh", a)], {"UPLO": UPLO}, "eigvalsh")


def _outputs(sym):
    return [type(sym)([o]) for o in sym._outputs]


def slogdet(a):
    """Symbolic `np.linalg.slogdet`: [sign, logabsdet] (MXNet's `_linalg_slogdet` node)."""
    return _outputs(legacy_node("_linalg_slogdet", [_sym("slogdet", a)], {}, "slogdet"))


def svd(a):
    """Symbolic `np.linalg.svd`: [ut, l, v] (node `_npi_svd`)."""
    return _outputs(np_node("_npi_svd", [_sym("svd", a)], {}, "svd", n_out=3))


def eigh(a, UPLO="L"):  # pylint: disable=invalid-name
    """Symbolic `np.linalg.eigh`: [w, v] (node `_npi_eigh`)."""
    return _outputs(np_node("_npi_eigh", [_sym("eigh", a)], {"UPLO": UPLO}, "eigh", n_out=2))


def eig(a):
    """Symbolic `np.linalg.eig`: [w, v] (node `_npi_eig`)."""
    return _outputs(np_node("_npi_eig", [_sym("eig", a)], {}, "eig", n_out=2))


def eigvals(a):
    """Symbolic `np.linalg.eigvals` (node `_npi_eigvals`)."""
    return np_node("_npi_eigvals", [_sym("eigvals", a)], {}, "eigvals")


def pinv(a, rcond=1e-15, hermitian=False):
    """Symbolic `np.linalg.pinv` with a scalar `rcond` (node `_npi_pinv_scalar_rcond`)."""
    if not isinstance(rcond, (int, float)):
        raise NotImplementedError("mx.sym.np.linalg.pinv: a Symbol rcond is not supported")
    return np_node("_npi_pinv_scalar_rcond", [_sym("pinv", a)], {"rcond": rcond, "hermitian": hermitian},
                   "pinv_scalar_rcond")


def tensorinv(a, ind=2):
    """Symbolic `np.linalg.tensorinv` (node `_npi_tensorinv`)."""
    return np_node("_npi_tensorinv", [_sym("tensorinv", a)], {"ind": ind}, "tensorinv")


def tensorsolve(a, b, axes=None):
    """Symbolic `np.linalg.tensorsolve` (node `_npi_tensorsolve`)."""
    return np_node("_npi_tensorsolve", [_sym("tensorsolve", a), _sym("tensorsolve", b, "b")],
                   {"a_axes": axes}, "tensorsolve")


def _pinv_eval(a, rcond=1e-15, hermitian=False):
    return _views_out(_la().pinv(*_views_in([a]), rcond=rcond, hermitian=bool(hermitian)))


def _tensorsolve_eval(a, b, a_axes=None):
    return _views_out(_la().tensorsolve(*_views_in([a, b]), axes=a_axes))


def _unary(name):
    def run(a, **kwargs):
        return _views_out(getattr(_la(), name)(*_views_in([a]), **kwargs))
    return run


def _solve(a, b):
    return _views_out(_la().solve(*_views_in([a, b])))


EVAL = {"_npi_norm": _norm_eval, "_npi_cholesky": _unary("cholesky"), "_npi_solve": _solve,
        "_npi_eigvalsh": _unary("eigvalsh"), "_npi_svd": _unary("svd"), "_npi_eigh": _unary("eigh"),
        "_npi_eig": _unary("eig"), "_npi_eigvals": _unary("eigvals"), "_npi_pinv_scalar_rcond": _pinv_eval,
        "_npi_tensorinv": _unary("tensorinv"), "_npi_tensorsolve": _tensorsolve_eval}
NUM_OUTPUTS = {"_npi_norm": 2, "_npi_svd": 3, "_npi_eigh": 2, "_npi_eig": 2}


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    from ._nodes import unsupported
    raise unsupported("mx.sym.np.linalg", name)
