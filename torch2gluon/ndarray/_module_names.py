"""The names MXNet's `mxnet.ndarray.ndarray` and `mxnet.symbol.symbol` modules hold besides their classes (the
creation and arithmetic functions, the dtype/storage/grad_req code tables), so code importing them from there
(`from mxnet.ndarray.ndarray import zeros, _DTYPE_NP_TO_MX`) finds them."""
import sys

import numpy as np

DTYPE_NP_TO_MX = {None: -1, np.float32: 0, np.float64: 1, np.float16: 2, np.uint8: 3, np.int32: 4, np.int8: 5,
                  np.int64: 6, np.bool_: 7}
TABLES = {
    "_DTYPE_NP_TO_MX": DTYPE_NP_TO_MX,
    "_DTYPE_MX_TO_NP": {v: k for k, v in DTYPE_NP_TO_MX.items()},
    "_STORAGE_TYPE_STR_TO_ID": {"undefined": -1, "default": 0, "row_sparse": 1, "csr": 2},
    "_STORAGE_TYPE_ID_TO_STR": {-1: "undefined", 0: "default", 1: "row_sparse", 2: "csr"},
    "_GRAD_REQ_MAP": {"null": 0, "write": 1, "add": 3},
}
NDARRAY_FUNCS = ("add", "arange", "array", "concatenate", "divide", "empty", "equal", "eye", "from_dlpack",
                 "from_numpy", "full", "greater", "greater_equal", "histogram", "imdecode", "lesser", "lesser_equal",
                 "linspace", "logical_and", "logical_or", "logical_xor", "maximum", "minimum", "modulo", "moveaxis",
                 "multiply", "not_equal", "onehot_encode", "ones", "power", "split_v2", "subtract",
                 "to_dlpack_for_read", "to_dlpack_for_write", "true_divide", "zeros")
SYMBOL_FUNCS = ("arange", "eye", "full", "histogram", "hypot", "linspace", "maximum", "minimum", "ones", "pow",
                "power", "split_v2", "zeros")


def fill(module, package, funcs):
    """Set `package`'s functions named in `funcs` and the code tables on `module` (where not already there)."""
    for name in funcs:
        if not hasattr(module, name) and hasattr(package, name):
            setattr(module, name, getattr(package, name))
    for name, table in TABLES.items():
        if not hasattr(module, name):
            setattr(module, name, table)


def sys_module(name):
    """The imported module `name`."""
    return sys.modules[name]
