"""MXNet's ctypes helpers of `mx.base` (c_str, c_array, ...): plain ctypes conversions, no library behind them."""
import ctypes

import numpy as np

mx_uint = ctypes.c_uint
mx_int = ctypes.c_int
mx_int64 = ctypes.c_int64
mx_float = ctypes.c_float
mx_float_p = ctypes.POINTER(mx_float)


def c_str(string):
    """A python string as a C char pointer (UTF-8 bytes)."""
    return ctypes.c_char_p(string.encode("utf-8"))


def c_str_array(strings):
    """A list of python strings as a C array of char pointers."""
    arr = (ctypes.c_char_p * len(strings))()
    arr[:] = [s.encode("utf-8") for s in strings]
    return arr


def c_array(ctype, values):
    """A python sequence as a C array of `ctype`."""
    out = (ctype * len(values))()
    out[:] = values
    return out


def c_array_buf(ctype, buf):
    """A C array of `ctype` sharing the memory of buffer `buf` (e.g. an array.array)."""
    return (ctype * len(buf)).from_buffer(buf)


def c_handle_array(objs):
    """A C array of void pointers holding the `.handle` of each object."""
    arr = (ctypes.c_void_p * len(objs))()
    arr[:] = [o.handle for o in objs]
    return arr


def ctypes2buffer(cptr, length):
    """`length` bytes at char pointer `cptr` copied into a bytearray."""
    if not isinstance(cptr, ctypes.POINTER(ctypes.c_char)):
        raise TypeError("expected char pointer")
    res = bytearray(length)
    rptr = (ctypes.c_char * length).from_buffer(res)
    if not ctypes.memmove(rptr, cptr, length):
        raise RuntimeError("memmove failed")
    return res


def ctypes2numpy_shared(cptr, shape):
    """A float32 numpy array of `shape` sharing the memory at float pointer `cptr`."""
    if not isinstance(cptr, ctypes.POINTER(mx_float)):
        raise RuntimeError("expected float pointer")
    size = 1
    for s in shape:
        size *= s
    dbuffer = (mx_float * size).from_address(ctypes.addressof(cptr.contents))
    return np.frombuffer(dbuffer, dtype=np.float32).reshape(shape)
