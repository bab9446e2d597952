"""`mx.util`: environment and numpy-mode helpers. torch2gluon implements MXNet's legacy (nd) mode only."""
import os

import torch


def _np_refused(api):
    return NotImplementedError(f"mx.util.{api}: MXNet's numpy interface (mx.np / npx.set_np) is not supported "
                               "by torch2gluon; use the mx.nd API")


def get_gpu_count():
    """Number of visible CUDA devices."""
    return torch.cuda.device_count()


def get_gpu_memory(gpu_dev_id):
    """(free, total) bytes on CUDA device `gpu_dev_id`."""
    from .context import gpu_memory_info
    return gpu_memory_info(gpu_dev_id)


def is_np_shape():
    """False: shapes follow MXNet's legacy semantics (0 means unknown)."""
    return False


def is_np_array():
    """False: arrays are legacy `mx.nd.NDArray`s."""
    return False


def set_np_shape(active):
    """Only `active=False` (the legacy mode torch2gluon implements) is accepted; returns the previous state."""
    if active:
        raise _np_refused("set_np_shape(True)")
    return False


def set_np(shape=True, array=True):
    """Only `set_np(False, False)` is accepted (legacy mode)."""
    if shape or array:
        raise _np_refused("set_np")


def reset_np():
    """Back to legacy mode (already the only mode)."""


class _LegacyScope:
    def __init__(self, active, api):
        if active:
            raise _np_refused(api)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def np_shape(active=True):
    """Scope for numpy shape semantics: only `np_shape(False)` is accepted."""
    return _LegacyScope(active, "np_shape")


def np_array(active=True):
    """Scope for numpy arrays: only `np_array(False)` is accepted."""
    return _LegacyScope(active, "np_array")


def use_np_shape(func):
    """Decorator for numpy shape semantics: refused (torch2gluon has legacy semantics only)."""
    raise _np_refused("use_np_shape")


def use_np_array(func):
    """Decorator for numpy arrays: refused."""
    raise _np_refused("use_np_array")


def use_np(func):
    """Decorator for numpy semantics: refused."""
    raise _np_refused("use_np")


def get_cuda_compute_capability(ctx):
    """Compute capability of `ctx`'s GPU as an int (e.g. 90 for 9.0)."""
    if ctx.device_type != "gpu":
        raise ValueError(f"Expecting a gpu context to get cuda arch, while got {ctx}")
    major, minor = torch.cuda.get_device_capability(ctx.device_id)
    return major * 10 + minor


def getenv(name):
    """The value of environment variable `name` (None when unset)."""
    return os.environ.get(name)


def setenv(name, value):
    """Set (or with None, unset) environment variable `name`."""
    if value is None:
        os.environ.pop(name, None)
    elif not isinstance(value, str):
        raise TypeError(f"setenv: value for {name} must be a string or None, got {type(value).__name__}")
    else:
        os.environ[name] = value
