"""`mxnet.numpy_dispatch_protocol`: the official-NumPy functions and ufuncs MXNet 1.9.1 dispatches to `mx.np`.

torch2gluon's `mx.np.ndarray.__array_function__` / `__array_ufunc__` (numpy/multiarray.py) run the `mx.np`
function of the same name; these lists name the functions MXNet 1.9.1 registers for that dispatch (its tests
iterate over them), and the two decorators run a check that needs the protocols.
"""
import functools

__all__ = []

_NUMPY_ARRAY_FUNCTION_LIST = [
    "all", "amax", "amin", "any", "append", "argmax", "argmin", "argsort", "around", "array_split",
    "atleast_1d", "atleast_2d", "atleast_3d", "bincount", "broadcast_arrays", "broadcast_to", "clip",
    "column_stack", "concatenate", "copy", "cumsum", "delete", "diag", "diag_indices_from", "diagflat",
    "diagonal", "diff", "dot", "dsplit", "dstack", "ediff1d", "einsum", "empty_like", "expand_dims", "fix",
    "flip", "fliplr", "flipud", "full_like", "hsplit", "hstack", "inner", "insert", "isfinite", "isinf",
    "isnan", "isneginf", "isposinf", "linalg.cholesky", "linalg.eig", "linalg.eigh", "linalg.eigvals",
    "linalg.eigvalsh", "linalg.inv", "linalg.norm", "linalg.pinv", "linalg.solve", "linalg.tensorinv",
    "linalg.tensorsolve", "max", "may_share_memory", "mean", "meshgrid", "min", "nan_to_num", "nonzero",
    "ones_like", "outer", "pad", "percentile", "polyval", "prod", "product", "quantile", "ravel", "repeat",
    "reshape", "resize", "roll", "round", "round_", "shape", "shares_memory", "sometrue", "sort", "split",
    "squeeze", "stack", "std", "sum", "swapaxes", "take", "tensordot", "tile", "trace", "transpose", "tril",
    "unique", "unravel_index", "var", "vdot", "vsplit", "vstack", "where", "zeros_like",
]

_NUMPY_ARRAY_UFUNC_LIST = [
    "abs", "absolute", "add", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2", "arctanh",
    "bitwise_and", "bitwise_not", "bitwise_or", "bitwise_xor", "cbrt", "ceil", "copysign", "cos", "cosh",
    "degrees", "equal", "exp", "expm1", "fabs", "floor", "greater", "greater_equal", "hypot", "invert", "lcm",
    "less", "less_equal", "log", "log10", "log2", "logical_not", "matmul", "maximum", "minimum", "mod",
    "multiply", "negative", "not_equal", "power", "reciprocal", "remainder", "rint", "sign", "sin", "sinh",
    "sqrt", "square", "subtract", "tan", "tanh", "true_divide", "trunc",
]


def _protocol_runner(func, what):
    @functools.wraps(func)
    def run(*args, **kwargs):
        try:
            func(*args, **kwargs)
        except Exception as e:  # MXNet reports any failure under the protocol as a RuntimeError
            raise RuntimeError(f"Running function {func.__name__} with NumPy {what} protocol failed with "
                               f"exception {e}") from e
    return run


def with_array_function_protocol(func):
    """Decorator: run `func` (a check using NumPy's `__array_function__` protocol); failures become RuntimeError."""
    return _protocol_runner(func, "array function")


def with_array_ufunc_protocol(func):
    """Decorator: run `func` (a check using NumPy's `__array_ufunc__` protocol); failures become RuntimeError."""
    return _protocol_runner(func, "array ufunc")
