"""Shared foundations: MXNetError, the `_Null` sentinel and the MXNet <-> torch dtype tables."""
import numpy as np
import torch

__all__ = ["MXNetError", "NotSupportedError", "_Null", "np_dtype", "torch_dtype", "dtype_name",
           "string_types", "numeric_types", "integer_types"]


class MXNetError(RuntimeError):
    """Error raised by MXNet's backend (a subclass of RuntimeError, as in MXNet 1.9.1)."""


NotSupportedError = NotImplementedError


class NotImplementedForSymbol(MXNetError):
    """An NDArray-only function called on a Symbol (MXNet's error, e.g. `bool(sym)` or `sym += 1`)."""

    def __init__(self, function, alias, *args):
        super().__init__()
        self.function = function.__name__
        self.alias = alias
        self.args = [str(type(a)) for a in args]

    def __str__(self):
        msg = f"Function {self.function}"
        if self.alias:
            msg += f' (namely operator "{self.alias}")'
        if self.args:
            msg += f" with arguments ({', '.join(self.args)})"
        return msg + " is not implemented for Symbol and only available in NDArray."


error_types = {}  # name -> error class, filled by register_error (MXNet maps backend error names with it)


def register_error(func_name=None, cls=None):
    """Register an error class under a name (a decorator when given only the class or only the name)."""
    if callable(func_name):
        func_name, cls = func_name.__name__, func_name

    def register(error_cls):
        error_types[func_name if isinstance(func_name, str) else error_cls.__name__] = error_cls
        return error_cls
    return register if cls is None else register(cls)


string_types = (str,)
mx_real_t = np.float32  # MXNet's default real type
numeric_types = (float, int, np.generic)
integer_types = (int, np.integer)


class _NullType:
    """Marks an argument that was not passed (MXNet's `_Null`)."""
    __slots__ = ()

    def __repr__(self):
        return "_Null"

    def __bool__(self):
        return False


_Null = _NullType()

# numpy scalar type <-> torch dtype: the dtypes an MXNet 1.9.1 NDArray can hold.
_NP_TO_TORCH = {
    np.float32: torch.float32,
    np.float64: torch.float64,
    np.float16: torch.float16,
    np.uint8: torch.uint8,
    np.int32: torch.int32,
    np.int8: torch.int8,
    np.int64: torch.int64,
    np.bool_: torch.bool,
}
_TORCH_TO_NP = {v: k for k, v in _NP_TO_TORCH.items()}
# MXNet's type flags, as written in .params files.
DTYPE_FLAG = {np.float32: 0, np.float64: 1, np.float16: 2, np.uint8: 3, np.int32: 4,
              np.int8: 5, np.int64: 6, np.bool_: 7}
_TORCH_CACHE = {}


def torch_dtype(dtype, api="NDArray"):
    """Map an MXNet dtype spec (numpy type, np.dtype, string, torch dtype) to a torch dtype (`api` names the
    array type in the TypeError for an unsupported dtype)."""
    try:
        return _TORCH_CACHE[dtype]
    except (KeyError, TypeError):
        pass
    if isinstance(dtype, torch.dtype):
        if dtype not in _TORCH_TO_NP:
            raise TypeError(f"dtype {dtype} is not supported by {api}")
        return dtype
    try:
        key = np.dtype(dtype).type
    except TypeError as e:
        raise TypeError(f"data type {dtype!r} not understood") from e
    try:
        out = _NP_TO_TORCH[key]
    except KeyError:
        raise TypeError(f"dtype {np.dtype(dtype).name} is not supported by {api} "
                        f"(supported: {', '.join(np.dtype(k).name for k in _NP_TO_TORCH)})") from None
    try:
        _TORCH_CACHE[dtype] = out
    except TypeError:
        pass
    return out


def np_dtype(tdtype):
    """Map a torch dtype to the numpy scalar type MXNet reports as `NDArray.dtype`."""
    return _TORCH_TO_NP[tdtype]


def dtype_name(dtype):
    """Name of a dtype spec, e.g. 'float32'."""
    if isinstance(dtype, torch.dtype):
        dtype = np_dtype(dtype)
    return np.dtype(dtype).name


def py_str(x):
    """Decode bytes from the C API as UTF-8 (MXNet's `base.py_str`; kvstore updaters may get bytes keys)."""
    return x.decode("utf-8")


def _as_list(obj):
    """`obj` itself when it is a list or tuple, else `[obj]` (MXNet's `base._as_list`)."""
    if isinstance(obj, (list, tuple)):
        return obj
    return [obj]


def data_dir_default():
    """MXNet's default data folder: %APPDATA%/mxnet on Windows, ~/.mxnet elsewhere."""
    import os
    import platform
    if platform.system() == 'Windows':
        return os.path.join(os.environ.get('APPDATA'), 'mxnet')
    return os.path.join(os.path.expanduser("~"), '.mxnet')


def data_dir():
    """$MXNET_HOME if set, else data_dir_default() (read on every call)."""
    import os
    return os.getenv('MXNET_HOME', data_dir_default())


from ._ctypes_helpers import (mx_uint, mx_int, mx_int64, mx_float, mx_float_p, c_str, c_str_array,  # noqa: E402,F401
                              c_array, c_array_buf, c_handle_array, ctypes2buffer, ctypes2numpy_shared)
