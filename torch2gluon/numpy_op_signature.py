"""`mxnet.numpy_op_signature`: find the Python function of a registered numpy operator name (`_np_*`, `_npx_*`);
on import, give the builtin operators' functions MXNet's documented signatures (`mx.np.sum.__signature__`)."""
import inspect

from . import _numpy_op_doc
from . import numpy as _mx_np
from . import numpy_extension as _mx_npx

__all__ = []

# Registered operator names of a submodule put the submodule name, underscores included, after the prefix:
# `_np__random_uniform` is `mx.np.random.uniform`, `_npx__image_resize` is `mx.npx.image.resize`.
_NP_SUBMODULES = ("_random_", "_linalg_")
_NPX_SUBMODULES = ("_image_", "_random_")


def _get_builtin_op(op_name):
    """The `mx.np` / `mx.npx` function an `_np_...` / `_npx_...` operator name denotes; None for other names."""
    if op_name.startswith("_np_"):
        root, prefix, submodules = _mx_np, "_np_", _NP_SUBMODULES
    elif op_name.startswith("_npx_"):
        root, prefix, submodules = _mx_npx, "_npx_", _NPX_SUBMODULES
    else:
        return None
    rest = op_name[len(prefix):]
    sub = next((s for s in submodules if rest.startswith(s)), "")
    module = root
    if sub:
        module = getattr(root, sub[1:-1], None)
        if module is None:
            raise ValueError(f"Cannot find submodule {sub[1:-1]} in module {root.__name__}")
    op = getattr(module, rest[len(sub):], None)
    if op is None:
        raise ValueError(f"Cannot find operator {rest} in module {root.__name__}")
    return op


def _register_op_signatures():
    """Set `__signature__` of each function documented in `_numpy_op_doc` from its documentation stub."""
    for op_name in dir(_numpy_op_doc):
        try:
            op = _get_builtin_op(op_name)
        except ValueError:  # mx.np / mx.npx still importing: set by the registration at the end of its import
            continue
        if op is not None:
            op.__signature__ = inspect.signature(getattr(_numpy_op_doc, op_name))


_register_op_signatures()
